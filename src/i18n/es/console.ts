/**
 * Spanish messages of the serial console and the steps after the flash: the
 * keys of `../en/console.ts` (imported for its type only). Readings a person
 * reads off the meter use a decimal comma (0,261 A); versions (Tasmota 5.12)
 * and what is typed into a console (Status 2, Module 6) stay as they are.
 */
import type { Translation } from '../lookup.ts';
import type { consoleText as enConsoleText } from '../en/console.ts';

interface Readings {
  watts: number;
  volts: number;
  amps: number;
}

/** A measured value as it is written in Spanish: decimal comma, every digit the reading has. */
const measured = new Intl.NumberFormat('es', { maximumFractionDigits: 20 });
/** Amperes to the milliampere, as the English `toFixed(3)` shows them: 0,261. */
const amperes = new Intl.NumberFormat('es', { minimumFractionDigits: 3, maximumFractionDigits: 3 });

const reading = ({ watts, volts, amps }: Readings): string => `${measured.format(watts)} W, ${measured.format(volts)} V, ${measured.format(amps)} A`;

export const consoleText: Translation<typeof enConsoleText> = {
  'console.label': 'Consola serie',
  'console.viewLabel': 'Lo que envió el Sonoff',
  'console.empty': 'Nada todavía. Aquí aparece lo que envía el Sonoff.',
  'console.sentMarker': 'enviado:',
  'console.open': 'Abrir la consola',
  'console.note.opened': ({ baud }) => `La consola abrió el puerto a ${baud} baudios.`,
  'console.note.closed': 'La consola cerró el puerto.',
  'console.note.portLost': 'El adaptador se desconectó.',
  'console.note.readError': 'Llegaron algunos bytes dañados (un cable flojo u otra velocidad); la consola sigue escuchando.',
  'console.close': 'Cerrar la consola',
  'console.takeFromFlasher': 'Desconectar el grabador y abrir la consola',
  'console.pause': 'Pausar',
  'console.resume': 'Reanudar',
  'console.pausedNote': ({ waiting }) =>
    `En pausa: ${waiting === 1 ? '1 línea nueva en espera' : `${waiting} líneas nuevas en espera`}. La consola sigue escuchando.`,
  'console.clear': 'Limpiar',
  'console.download': 'Descargar el registro de la consola',
  'console.inputLabel': 'Enviar un comando',
  'console.send': 'Enviar',
  'console.sendEmpty': 'Primero escribe un comando, por ejemplo Status 2.',
  'console.sendFailed': 'No se pudo enviar el comando. Comprueba que el adaptador esté conectado y vuelve a abrir la consola.',
  'console.sendTooLong': 'Ese comando es demasiado largo para la consola de Tasmota (799 caracteres como máximo). No se envió nada.',
  // Only printable ASCII goes through: for a Spanish speaker the likely culprits are an accented letter or an ñ.
  'console.sendNotPrintable': 'Ese comando tiene un carácter que la consola no puede enviar (una letra con tilde o una ñ, un emoji, un tabulador). No se envió nada.',
  'console.passwordNote': 'Las contraseñas que envíes se sustituyen por **** aquí y en el registro descargado. La página no las guarda.',

  'console.firmware.tasmota': 'Tasmota',
  'console.firmware.tasmotaVersion': ({ version }) => `Tasmota ${version}`,
  'console.firmware.espurna': 'ESPurna',
  'console.firmware.espurnaVersion': ({ version }) => `ESPurna ${version}`,
  'console.firmware.espeasy': 'ESPEasy',

  'console.status.open': 'La consola está abierta a 115200 baudios.',
  'console.status.openWith': ({ firmware }) => `La consola está abierta a 115200 baudios. El Sonoff ejecuta ${firmware}.`,
  'console.status.opening': 'Abriendo la consola…',
  'console.status.flasherHolds': 'El grabador está conectado al Sonoff. La consola necesita el puerto: primero desconecta el grabador.',
  'console.status.closed': 'La consola está cerrada.',
  'console.status.flasherBusy': 'El grabador está trabajando con el Sonoff. Abre la consola cuando termine su paso.',
  'console.status.loadFailed': 'No se cargó la parte de la página que contiene la consola. Revisa la conexión a internet y vuelve a abrir la consola.',
  'console.status.closedForFlasher': 'La consola se cerró porque el grabador necesitaba el puerto. Vuelve a abrirla cuando termines de grabar.',
  'console.status.lost': 'El adaptador se desconectó, así que la consola se cerró. Vuelve a conectar el adaptador y abre otra vez la consola.',
  'console.status.portBusy': 'Otro programa tiene el puerto abierto (¿un monitor serie o una terminal?). Ciérralo y vuelve a abrir la consola.',
  'console.status.noWebSerial': 'Este navegador no puede abrir puertos serie. Usa Chrome o Edge en una computadora, o el Sonoff POW virtual.',
  'console.status.openFailed': 'El puerto no se abrió. Desconecta el adaptador, vuelve a conectarlo y abre otra vez la consola.',

  'console.error.timeout': 'El Sonoff no respondió a tiempo.',
  'console.error.lost': 'Se perdió la conexión con el Sonoff.',
  'console.error.closed': 'La consola se cerró antes de que el Sonoff respondiera.',
  'console.error.action': 'Comprueba que el Sonoff esté ejecutando su firmware (reiniciado sin presionar el botón) y vuelve a ejecutar el paso.',

  'console.firstBoot.restart':
    'Ahora reinicia el Sonoff sin presionar el botón: desconecta el cable de 3,3 V y vuelve a conectarlo. Deja el cable USB conectado, para que la consola siga escuchando.',
  'console.firstBoot.found': ({ firmware }) => `El Sonoff arrancó con ${firmware}.`,
  'console.firstBoot.accessPoint': ({ ssid, ip }) =>
    `Abrió su propia red Wi-Fi, “${ssid}”, con su página de configuración en ${ip}. El paso 6 lo conecta a tu red en su lugar.`,
  'console.firstBoot.onWifi': ({ ip }) => `Ya está conectado a una red Wi-Fi, en ${ip}.`,
  'console.firstBoot.nothing': 'El Sonoff no envió nada a 115200 baudios.',
  'console.firstBoot.nothingAction': 'Comprueba que se reinició sin presionar el botón y que los cables TX y RX del adaptador van a los pines RX y TX del Sonoff.',
  'console.firstBoot.unknown':
    'El Sonoff envió algo, pero no lo que envían Tasmota, ESPurna o ESPEasy: quizá todavía tiene su firmware original, u otro distinto.',
  'console.firstBoot.unknownAction': 'Lee la consola de abajo. Si no muestra nada legible, vuelve a grabar el firmware (paso 3).',

  'console.wifi.group': 'Tu red Wi-Fi',
  'console.wifi.ssid': 'Nombre de la red (SSID)',
  'console.wifi.password': 'Contraseña del Wi-Fi',
  'console.wifi.privacy': 'La contraseña va solo al Sonoff: la página no la guarda, no la muestra en la consola y no la pone en ningún enlace.',
  'console.wifi.sending': ({ ssid }) => `Enviando los datos del Wi-Fi “${ssid}”; el Sonoff se reinicia e intenta conectarse.`,
  'console.wifi.apMode': ({ ssid, ip }) => `El Sonoff no tiene datos de Wi-Fi: abrió su propia red, “${ssid}” (dirección ${ip}).`,
  'console.wifi.apModeAction': 'Vuelve a ejecutar el paso con el nombre y la contraseña de tu red, o conéctate a la red del Sonoff y abre su dirección.',
  'console.wifi.joined': ({ ssid, ip }) => `El Sonoff se conectó a “${ssid}”. Su dirección es ${ip}.`,
  'console.wifi.wrongPassword': ({ ssid }) => `El Sonoff encontró “${ssid}”, pero no pudo conectarse: la contraseña es incorrecta.`,
  'console.wifi.wrongPasswordAction': 'Vuelve a escribir la contraseña (distingue entre mayúsculas y minúsculas) y ejecuta otra vez el paso.',
  'console.wifi.noNetwork': ({ ssid }) => `El Sonoff no encuentra ninguna red llamada “${ssid}”.`,
  'console.wifi.noNetworkAction':
    'Revisa el nombre (distingue entre mayúsculas y minúsculas) y que la red sea de 2,4 GHz: el Sonoff no puede usar redes de 5 GHz.',
  'console.wifi.noOutcome': 'El Sonoff no dijo si se conectó.',
  'console.wifi.noAddress': ({ ssid }) => `El Sonoff se conectó a “${ssid}”, pero no recibió ninguna dirección.`,
  'console.wifi.noAddressAction': 'Comprueba que el router reparta direcciones (DHCP) y admita un dispositivo más, y vuelve a ejecutar el paso.',
  'console.wifi.apTimeout': ({ ssid }) => `El Sonoff encontró “${ssid}”, pero la red no respondió a tiempo.`,
  'console.wifi.apTimeoutAction': 'Acerca el Sonoff al router, o comprueba que el router acepte dispositivos de 2,4 GHz, y vuelve a ejecutar el paso.',
  'console.wifi.refused.ssidEmpty': 'Primero escribe el nombre de la red. No se envió nada.',
  'console.wifi.refused.ssidTooLong': 'Ese nombre de red es demasiado largo: el nombre de un Wi-Fi tiene 32 caracteres como máximo. No se envió nada.',
  'console.wifi.refused.passwordTooShort':
    'Una contraseña de Wi-Fi (WPA2) tiene al menos 8 caracteres. Déjala vacía solo si la red es abierta. No se envió nada.',
  'console.wifi.refused.passwordTooLong': 'Esa contraseña es demasiado larga: una contraseña de Wi-Fi tiene 63 caracteres como máximo. No se envió nada.',
  'console.wifi.refused.notPrintable':
    'El nombre o la contraseña tiene un carácter que la consola serie no puede enviar (una letra con tilde o una ñ, un emoji). Configúralo desde su punto de acceso. No se envió nada.',
  'console.wifi.refused.edgeSpace':
    'El nombre o la contraseña empieza o termina con un espacio, que la consola eliminaría. Revisa lo que escribiste. No se envió nada.',
  'console.wifi.refused.useAccessPoint':
    'El nombre o la contraseña tiene un carácter que el comando de la consola interpretaría mal (“;”, una llave, o un 0, un 1 o un ? sin nada más). Configúralo desde su punto de acceso. No se envió nada.',

  'console.module.restarting': 'El Sonoff aceptó Module 6 y se reinicia con los pines del POW.',
  'console.module.done': ({ name }) => `Ahora está configurado como ${name}: el relé, el LED y el medidor de consumo funcionan.`,
  'console.module.notSet': ({ reply }) => `El Sonoff no confirmó Module 6. Respondió: ${reply}`,

  'console.address.found': ({ ip, hostname }) =>
    `Su dirección es ${ip} y su nombre, ${hostname}. Abre http://${ip}/ en un navegador conectado a la misma red.`,
  'console.address.waiting': 'Todavía sin dirección: esperando a que el Sonoff se conecte al Wi-Fi después de reiniciarse.',
  'console.address.none': 'El Sonoff todavía no tiene dirección: no está conectado a tu Wi-Fi.',
  'console.address.noneAction': 'Primero ejecuta el paso del Wi-Fi y luego este.',

  'console.calibration.watts': 'Potencia de tu bombilla (W)',
  'console.calibration.volts': 'Voltaje de tu red eléctrica (V)',
  'console.calibration.version': 'Versión de Tasmota (del primer paso, o del pie de su página web)',
  'console.calibration.make': 'Calcular los comandos',
  // Tasmota's menus are in English unless it is a Spanish build; both names are given.
  'console.calibration.planLead': ({ range }) =>
    `Para ${range}: con la bombilla enchufada al Sonoff, escribe estos comandos en la página web del Sonoff, en Tools, Console (Herramientas, Consola), uno por uno. El primero enciende la bombilla. Después de cada uno, espera unos segundos, hasta que la página principal muestre los nuevos valores.`,
  'console.calibration.expect': ({ watts, volts, milliamps }) =>
    `Después, su página principal debería mostrar unos ${measured.format(watts)} W, ${measured.format(volts)} V y ${amperes.format(milliamps / 1000)} A. Si la potencia está muy lejos, comprueba que la bombilla sea incandescente o halógena, no LED.`,
  // The range follows "Para …:" in the plan's lead; versions keep their dots.
  'console.calibration.range.wholeNumbers': 'Tasmota de 5.12 a 6.2 (solo números enteros)',
  'console.calibration.range.decimals': 'Tasmota de 6.3 a 14.2',
  'console.calibration.range.powerAndVoltage': 'Tasmota 14.3 y posteriores',
  'console.calibration.refused.version': 'Escribe la versión de Tasmota tal como la mostró el primer paso, por ejemplo 15.2.0.',
  'console.calibration.refused.versionTooOld':
    'Este Tasmota es anterior a la 5.12, y esta página no conoce sus comandos de calibración. Primero actualiza Tasmota.',
  'console.calibration.refused.notANumber': 'Escribe la potencia y el voltaje como números, por ejemplo 60 y 230.',
  'console.calibration.refused.load':
    'Usa una carga de entre 10 W y 3500 W: por debajo de 10 W el medidor es demasiado impreciso para calibrar, y más de 3500 W es más de lo que admite el POW.',
  'console.calibration.refused.mains': 'Escribe el voltaje de tu red eléctrica, entre 90 V y 264 V (por ejemplo 230 o 120).',
  'console.calibration.refused.current': 'Con este voltaje, esa carga consume más de los 16 A que admite el POW. Usa una más pequeña.',
  'console.calibration.refused.notResistive':
    'La corriente no corresponde a la potencia y el voltaje de una bombilla o un calefactor. Usa una bombilla incandescente, un hervidor eléctrico o un calefactor.',
  'console.calibration.virtualNote': 'En el Sonoff virtual puedes practicar: la página envía estos comandos por su consola y lee el medidor antes y después.',
  'console.calibration.noReading': 'El Sonoff no dio ninguna lectura de energía.',
  'console.calibration.noReadingAction': 'Primero conviértelo en un POW (Module 6), enciéndelo y comprueba que la bombilla esté enchufada.',
  'console.calibration.readings': ({ before, after }) => `Antes: ${reading(before)}. Después: ${reading(after)}.`,
};
