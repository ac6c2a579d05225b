/**
 * Spanish words of what the page shows before its first click (the device
 * strip's first state, the Run buttons, the file pickers, the notes, what this
 * browser can do): the keys of `../en/shell.ts`, imported for its type only.
 * They are data, as the English are: a value is text, or a template whose
 * `{name}`s are filled in (src/i18n/shell.ts); each keeps the English
 * template's `{name}`s.
 */
import type { Translation } from '../lookup.ts';
import type { shell as enShell } from '../en/shell.ts';

export const shell: Translation<typeof enShell> = {
  'panel.region': 'Dispositivo',
  'panel.device': 'Dispositivo',
  'panel.notConnected': 'sin conectar',
  'panel.connect': 'Conectar…',
  'panel.useVirtual': '¿Sin dispositivo? Usa un Sonoff POW virtual',
  'panel.unsupported': '{reason} El Sonoff POW virtual sí funciona aquí, para practicar.',
  'step.run': 'Ejecutar este paso',
  'step.makeCommands': 'Calcular mis comandos',
  'file.choose': 'Elegir {fileName}…',
  'file.drop': 'o arrástralo aquí',
  'file.none': 'Todavía no has elegido ningún archivo.',
  'file.chosen': 'Elegido: {name} ({size} bytes).',
  // The three pieces read as one sentence around the link: "… (consulta <a>Obtener esptool</a>), o …".
  'note.noWebSerial.terminal': 'Aun así puedes copiar el comando y ejecutarlo en una terminal (consulta',
  'note.noWebSerial.getEsptool': 'Obtener esptool',
  'note.noWebSerial.rehearse': '), o practicar con el Sonoff POW virtual desde la barra del dispositivo.',
  'note.loadFailure': 'No se pudo cargar el grabador. Revisa tu conexión y vuelve a cargar la página; los comandos de arriba siguen funcionando en una terminal.',
  // {when} is the start's date and time as the browser writes it, or 'note.unfinished.earlier'; the link ('note.unfinished.link') and the tail follow.
  'note.unfinished.lead':
    'La última grabación ({fileName}, empezada {when}) no terminó: mientras se hacía, la página se recargó o se cerró, o se perdió el dispositivo. Puede que el dispositivo no arranque. Conéctalo en modo flash y ejecuta',
  'note.unfinished.link': 'ese paso',
  'note.unfinished.tail': 'de nuevo.',
  'note.unfinished.earlier': 'antes',
  'support.notSecure': 'Esta página no se sirve por https (ni desde localhost), así que el navegador oculta Web Serial.',
  // {browsers} is 'support.desktopBrowsers'.
  'support.firefoxAndroid': 'Firefox para Android no tiene Web Serial (Firefox {firefox} lo añadió solo en la versión para computadoras). Usa {browsers}.',
  'support.firefoxOld':
    'Este Firefox (versión {version}) todavía no tiene Web Serial: Firefox lo tiene desde la versión {firefox} en computadoras. Actualiza Firefox y vuelve a cargar esta página.',
  'support.firefoxOff':
    'Este Firefox debería tener Web Serial (versión {firefox} o posterior), pero aquí está desactivado. Revisa la configuración del navegador, o usa Chrome o Edge.',
  'support.android': 'Este navegador no tiene Web Serial para adaptadores USB en Android. Usa {browsers}.',
  'support.none': 'Este navegador no tiene Web Serial. Usa {browsers}.',
  'support.desktopBrowsers': 'Chrome, Edge o Firefox {firefox} o posterior, en una computadora',
  'support.androidUsb':
    'En Android, Chrome solo muestra algunos adaptadores USB-serie: según se informa, los FTDI y PL2303 no aparecen, y no está confirmado que aparezcan los CH340 y CP2102. Si el tuyo no está en la lista, usa una computadora.',
};
