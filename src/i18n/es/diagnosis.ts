/**
 * Spanish messages of the connection diagnosis: the keys of
 * `../en/diagnosis.ts` (imported for its type only; its comment gives the
 * sources of the adapter notes). Version numbers (driver 3.3) keep their
 * dots; the Linux command is typed as it is.
 */
import type { Translation } from '../lookup.ts';
import type { diagnosis as enDiagnosis } from '../en/diagnosis.ts';

const bytesOf = (bytes: number, what: { one: string; many: string }): string => (bytes === 1 ? `1 ${what.one}` : `${bytes} ${what.many}`);

export const diagnosis: Translation<typeof enDiagnosis> = {
  'diagnosis.region': 'Por qué no se conecta',
  'diagnosis.firmware-started.title': 'El Sonoff arrancó su firmware normal: el botón no estaba presionado cuando recibió corriente.',
  'diagnosis.firmware-started.do':
    'Mantén presionado el botón, desconecta del Sonoff el cable de 3,3 V y vuelve a conectarlo; luego suelta el botón después de un segundo. La página sigue escuchando.',
  'diagnosis.no-firmware.title':
    'El Sonoff arrancó desde su memoria flash, no encontró nada que ejecutar (la memoria flash está borrada) y se detuvo: el botón no estaba presionado cuando recibió corriente.',
  // `mode` comes in its own parentheses: "(1,7)".
  'diagnosis.other-boot-mode.title': ({ mode }) => `El Sonoff arrancó, pero no en modo flash (indicó el modo de arranque ${mode}).`,
  'diagnosis.flash-mode.title': 'El Sonoff arrancó en modo flash. Conectando…',
  'diagnosis.tx-path-down.title': 'El Sonoff está en modo flash, pero no oye a la computadora.',
  'diagnosis.tx-path-down.do':
    'Revisa el cable que va del pin TX del adaptador al pin RX del Sonoff: está flojo o en otro pin. Luego vuelve a conectar el cable de 3,3 V con el botón presionado.',
  'diagnosis.garbled.title': 'Llega algo del Sonoff, pero ilegible.',
  'diagnosis.garbled.do':
    'Revisa el cable GND: debe unir firmemente el pin GND del adaptador con el pin GND del Sonoff. Luego vuelve a conectar el cable de 3,3 V con el botón presionado.',
  'diagnosis.silent.title': 'No llega nada del Sonoff, a ninguna velocidad.',
  'diagnosis.silent.lead': 'Revisa esto, en este orden:',
  'diagnosis.silent.restart':
    'Modo flash: mantén presionado el botón, desconecta del Sonoff el cable de 3,3 V y vuelve a conectarlo. Un Sonoff con su firmware normal está callado hasta que se reinicia; cuando se reinicia, esta página lo oye.',
  'diagnosis.silent.swap':
    'TX y RX: el TX del adaptador va al RX del Sonoff, y el RX del adaptador, al TX del Sonoff. Si van TX con TX, intercambia los dos cables.',
  'diagnosis.silent.power':
    'Alimentación: el cable de 3,3 V va del pin de 3,3 V del adaptador al pin de 3,3 V del Sonoff, y el jumper del adaptador está en 3,3 V.',
  'diagnosis.silent.port':
    'El puerto: desconecta el adaptador y vuelve a elegir el puerto. El correcto es el que desaparece de la lista mientras el adaptador está desconectado.',
  'diagnosis.port-busy.title': 'Otro programa está usando el puerto del adaptador.',
  'diagnosis.port-busy.do':
    'Cierra el monitor serie, el Arduino IDE, esptool u otra pestaña del navegador que tenga el puerto abierto, y vuelve a elegir el puerto.',
  'diagnosis.port-busy.linux':
    'En Linux, si ningún otro programa lo tiene abierto, puede que tu usuario no tenga permiso para usar puertos serie: agrégalo al grupo dialout (sudo usermod -aG dialout $USER), cierra la sesión, vuelve a entrar y prueba otra vez.',
  'diagnosis.bootLine': 'El Sonoff dijo:',
  // The heard parts are joined with "; " after 'diagnosis.heard.lead' and end with a period.
  'diagnosis.heard.lead': 'Lo que oyó la página:',
  'diagnosis.heard.nothing': ({ baud }) => `a ${baud} baudios, nada`,
  'diagnosis.heard.readable': ({ baud, bytes }) => `a ${baud} baudios, ${bytesOf(bytes, { one: 'byte de texto', many: 'bytes de texto' })}`,
  'diagnosis.heard.garbled': ({ baud, bytes }) => `a ${baud} baudios, ${bytesOf(bytes, { one: 'byte ilegible', many: 'bytes ilegibles' })}`,
  'diagnosis.adapter.named': ({ name, ids }) => `Tu adaptador: ${name} (USB ${ids}).`,
  'diagnosis.adapter.unknown': ({ ids }) => `Tu adaptador: USB ${ids}, uno que esta página no conoce.`,
  'diagnosis.adapter.ch34x':
    'Los adaptadores CH340 funcionan a todas las velocidades que usa esta guía (hasta 921600 baudios). En Windows y en versiones antiguas de macOS, si no aparece ningún puerto para él, instala el controlador CH341SER de WCH.',
  'diagnosis.adapter.cp210x':
    'Si no aparece ningún puerto para él en Windows o en versiones antiguas de macOS, instala el controlador CP210x de Silicon Labs. Un CP2102 llega hasta un millón de baudios; un CP2101, más antiguo, solo hasta 921600: si falla una velocidad rápida, usa 115200.',
  'diagnosis.adapter.ftdi':
    'Los adaptadores FTDI funcionan a todas las velocidades que usa esta guía. Muchos baratos llevan un chip copiado que el propio controlador de FTDI para Windows puede rechazar; si dejó de funcionar después de actualizar el controlador, usa otro adaptador.',
  // Windows in Spanish shows the error as "Código 10".
  'diagnosis.adapter.pl2303':
    'Adaptadores PL2303: los controladores de Prolific para Windows, desde la versión 3.3, rechazan los chips antiguos PL2303HXA/XA y la mayoría de las copias (Windows muestra “Código 10” y ningún puerto). Si te pasa, usa en su lugar un adaptador CH340 o CP2102.',
  'diagnosis.adapter.esp-usb':
    'Este es el USB de una placa ESP32, no un adaptador USB-serie. El Sonoff POW no tiene USB: conéctalo mediante un adaptador USB-serie.',
  'diagnosis.adapter.unknown.note': 'Si es un adaptador USB-serie, comprueba que esté configurado a 3,3 V.',
};
