/**
 * Spanish messages of the flasher (src/flasher/) and of the workbench's words
 * around them: the keys of `../en/flasher.ts`, imported for its type only.
 *
 * A number a person reads is written the Spanish way here (1.048.576 bytes,
 * 3,2 s, 1,2 MB); what a person types (`--baud 115200`, `-fs 4MB`,
 * `read_flash 0x00000 0x100000`) and hex (addresses, MD5s, ids, status
 * codes) is written exactly as the English, as esptool writes it.
 */
import type { Translation } from '../lookup.ts';
import type { flasher as enFlasher } from '../en/flasher.ts';

/** A count without grouping, as baud rates, seconds and sectors are written: 115200, 256. */
const plain = (n: number): string => new Intl.NumberFormat('es', { useGrouping: false }).format(n);
/** A count of bytes as a person reads it: 1.048.576. */
const count = (n: number): string => new Intl.NumberFormat('es').format(n);
/** `value.toFixed(digits)` with a decimal comma, rounded as toFixed rounds (as the English does). */
const fixed = (value: number, digits: number, options?: Intl.NumberFormatOptions): string =>
  new Intl.NumberFormat('es', { useGrouping: false, minimumFractionDigits: digits, maximumFractionDigits: digits, ...options }).format(Number(value.toFixed(digits)));
const MB = 1024 * 1024;
/** Bytes as the person reads them: "1,2 MB", "600 KB", "512 bytes", "1 byte". */
const size = (bytes: number): string => {
  if (bytes >= MB) return `${fixed(bytes / MB, 1, { minimumFractionDigits: 0 })} MB`;
  if (bytes >= 1024) return `${fixed(bytes / 1024, 1, { minimumFractionDigits: 0 })} KB`;
  return bytes === 1 ? '1 byte' : `${plain(bytes)} bytes`;
};
/** A time the flasher measured: "3,2 s". */
const secs = (ms: number): string => `${fixed(ms / 1000, 1)} s`;
/** A count with its noun, singular for one: "1 sector", "3 sectores". */
const counted = (n: number, one: string, many: string): string => `${plain(n)} ${n === 1 ? one : many}`;
const NOT_KEPT = 'Descárgala ahora: no se guarda en este navegador.';
const NOT_STORED = 'No se guardó; vuelve a ejecutar el paso de la copia de seguridad.';
const STORED_ADVICE = 'No la restaures: usa una copia descargada o haz una copia de seguridad nueva.';
/** `takenAt` is the record's ISO date, as stored. */
const storedBackup = (mac: string, takenAt: string): string => `La copia de seguridad guardada de ${mac || 'un dispositivo desconocido'} (hecha el ${takenAt})`;
const PICK_BIN = 'Elige el archivo .bin del firmware para ESP8266 (para el Sonoff POW, una versión de 1 MB).';

export const flasher: Translation<typeof enFlasher> = {
  // What the flasher was doing when something went wrong, after "durante": "… durante la grabación".
  'flasher.stage.requestPort': 'la elección del puerto',
  'flasher.stage.open': 'la apertura del puerto',
  'flasher.stage.connect': 'la conexión',
  'flasher.stage.baud': 'el cambio de velocidad',
  'flasher.stage.erase': 'el borrado',
  'flasher.stage.write': 'la grabación',
  'flasher.stage.read': 'la lectura',
  'flasher.stage.verify': 'la verificación',

  'flasher.portLost.message': ({ stage }) => `El adaptador se desconectó (o se soltó su cable USB) durante ${stage}: el navegador cerró su puerto.`,
  'flasher.portLost.action':
    'Vuelve a conectar el adaptador con el botón presionado y luego ejecuta otra vez el paso. El dispositivo no queda inutilizado: su cargador está en la ROM.',
  'flasher.deviceLost.message': ({ stage }) => `El dispositivo dejó de responder durante ${stage}.`,
  'flasher.deviceLost.action':
    'El dispositivo no queda inutilizado: su cargador está en la ROM. Vuelve a ponerlo en modo flash (mantén presionado el botón, vuelve a conectar el cable de 3,3 V, suelta) y ejecuta otra vez el paso.',

  'flasher.portBusy.message': 'No se pudo abrir el puerto serie: probablemente lo está usando otro programa u otra pestaña del navegador.',
  'flasher.portBusy.action':
    'Cierra el monitor serie, el Arduino IDE u otra pestaña que lo esté usando, e inténtalo de nuevo. En Linux, si ningún otro programa lo está usando, puede que tu usuario no tenga permiso para abrir puertos serie: agrégalo al grupo dialout (sudo usermod -aG dialout $USER), cierra la sesión, vuelve a entrar e inténtalo de nuevo.',
  'flasher.portStillOpen.message': 'Esta página todavía tiene el puerto abierto de una conexión anterior.',
  'flasher.portStillOpen.action': 'Vuelve a cargar la página y conecta otra vez.',
  'flasher.portOpenFailed.message': ({ reason }) => `No se pudo abrir el puerto serie: ${reason}`,
  'flasher.portOpenFailed.action':
    'Cierra el monitor serie, el Arduino IDE u otra pestaña que lo esté usando, desconecta y vuelve a conectar el adaptador, e inténtalo de nuevo.',
  'flasher.portCancelled.message': 'No se eligió ningún puerto.',
  'flasher.portCancelled.action': 'Cuando estés listo, elige el adaptador USB-serie en la lista.',
  'flasher.chooserRefused.message': ({ reason }) => `El navegador se negó a abrir el selector de puertos: ${reason}`,
  'flasher.chooserRefused.action':
    'Si el navegador pidió permiso para usar puertos serie (Firefox pide primero agregar un permiso para el sitio), permítelo y vuelve a elegir el puerto.',
  'flasher.autoResetFailed.message':
    'El adaptador no dejó que la página controlara sus líneas DTR y RTS, así que no se pudo reiniciar el Sonoff en modo flash.',
  // Names the connect dialog's checkbox ('connect.autoReset').
  'flasher.autoResetFailed.action':
    'Desmarca “Mi adaptador tiene DTR/RTS”, pon el Sonoff en modo flash a mano (mantén presionado el botón, vuelve a conectar el cable de 3,3 V) y conecta otra vez.',

  'flasher.noAnswer.message': ({ seconds }) =>
    `No respondió nada en ${plain(seconds)} s. Lo habitual es que no esté en modo flash (mantén presionado el botón mientras recibe corriente), que TX y RX estén intercambiados, que el adaptador esté en 5 V en lugar de 3,3 V o que la velocidad en baudios sea incorrecta.`,
  'flasher.noAnswer.action':
    'Mantén presionado el botón mientras le das corriente, suéltalo después de un segundo, revisa TX→RX, RX→TX y el ajuste de 3,3 V, e inténtalo de nuevo.',
  'flasher.noAnswer.because': ({ seconds, why }) => `No respondió nada en ${plain(seconds)} s: ${why}.`,
  'flasher.noAnswer.why.firmwareStarted': 'el Sonoff arrancó su firmware normal, porque el botón no estaba presionado cuando recibió corriente',
  'flasher.noAnswer.why.noFirmware':
    'el Sonoff arrancó desde su memoria flash, no encontró nada que ejecutar y se detuvo, porque el botón no estaba presionado cuando recibió corriente',
  'flasher.noAnswer.why.txPathDown': 'el Sonoff está en modo flash, pero no oye a la computadora',
  'flasher.noAnswer.why.otherBootMode': 'el Sonoff arrancó, pero no en modo flash',
  'flasher.noAnswer.why.garbled': 'lo que llegó del Sonoff era ilegible',
  'flasher.noAnswer.why.silent': 'no llegó nada del Sonoff a ninguna velocidad',
  'flasher.noAnswer.do.restart':
    'Mantén presionado el botón, desconecta y vuelve a conectar el cable de 3,3 V, suelta el botón después de un segundo e inténtalo de nuevo.',
  'flasher.noAnswer.do.txWire': 'Revisa el cable que va del TX del adaptador al RX del Sonoff e inténtalo de nuevo.',
  'flasher.noAnswer.do.gndWire': 'Revisa el cable GND entre el adaptador y el Sonoff e inténtalo de nuevo.',
  'flasher.noAnswer.do.silent':
    'Mantén presionado el botón y vuelve a conectar el cable de 3,3 V (un Sonoff con su propio firmware está callado hasta que se reinicia); si sigue sin enviar nada, comprueba que el TX del adaptador va al RX del Sonoff y el RX al TX, que el cable de 3,3 V está conectado y que elegiste el puerto del adaptador.',

  'flasher.wrongChip.library': ({ reason }) => `El dispositivo respondió, pero no es un ESP8266 (${reason})`,
  'flasher.wrongChip.action': 'Comprueba que el adaptador esté conectado al Sonoff POW y no a otra placa.',

  'flasher.rejected.message': ({ stage, what, status }) =>
    `El dispositivo rechazó los datos durante ${stage} (${what}, estado 0x${status}): llegaron dañados, así que no se puede confiar en nada de lo grabado.`,
  'flasher.rejected.action': 'Usa un cable USB más corto o un --baud más bajo y vuelve a ejecutar el paso.',
  'flasher.md5Differs.message': 'La memoria flash no tiene lo que se grabó (el MD5 no coincide).',
  'flasher.md5Differs.action': 'Vuelve a ejecutar el paso; si falla dos veces, prueba con un --baud más bajo.',
  // The stub's and the ROM loader's status names, shown in the rejection's parentheses.
  'flasher.stubStatus.c0': 'longitud de datos incorrecta',
  'flasher.stubStatus.c1': 'suma de verificación incorrecta',
  'flasher.stubStatus.c2': 'tamaño de bloque incorrecto',
  'flasher.stubStatus.c3': 'comando no válido',
  'flasher.stubStatus.c4': 'falló una operación en la memoria flash SPI',
  'flasher.stubStatus.c5': 'falló el desbloqueo de la memoria flash SPI',
  'flasher.stubStatus.c6': 'no está en modo flash',
  'flasher.stubStatus.c7': 'falló la descompresión',
  'flasher.stubStatus.c8': 'faltan datos',
  'flasher.stubStatus.c9': 'sobran datos',
  'flasher.stubStatus.ff': 'comando no implementado',
  'flasher.stubStatus.other': ({ code }) => `error del stub 0x${code}`,
  'flasher.romStatus.05': 'el mensaje recibido no es válido',
  'flasher.romStatus.06': 'no se pudo ejecutar el mensaje recibido',
  'flasher.romStatus.07': 'CRC no válido en el mensaje',
  'flasher.romStatus.08': 'error al grabar la memoria flash',
  'flasher.romStatus.09': 'error al leer la memoria flash',
  'flasher.romStatus.0a': 'error de longitud al leer la memoria flash',
  'flasher.romStatus.0b': 'error de descompresión (deflate)',
  'flasher.romStatus.other': ({ code }) => `error de la ROM 0x${code}`,

  // Connecting: from the chosen port to the stub running at the command's baud.
  'flasher.phase.opening': 'Abriendo el puerto serie a 115200 baudios…',
  'flasher.phase.flashMode':
    'Pon el dispositivo en modo flash sin desconectar el adaptador: mantén presionado el botón, desconecta y vuelve a conectar el cable de 3,3 V, y luego suelta el botón.',
  'flasher.phase.resetting': 'Reiniciando el dispositivo en modo flash…',
  'flasher.phase.portLost': 'Se desconectó el adaptador. Vuelve a conectarlo con el botón presionado; la página lo espera.',
  'flasher.phase.answered': 'El dispositivo respondió; identificándolo…',
  'flasher.phase.startingStub': 'Iniciando el stub de grabación en el dispositivo…',
  'flasher.phase.changingBaud': ({ baud }) => `Cambiando a ${plain(baud)} baudios…`,
  'flasher.cancelled.message': 'Se canceló la conexión; el puerto quedó libre.',
  'flasher.cancelled.action': 'Vuelve a conectar cuando el dispositivo esté listo.',
  'flasher.stubFailed.message': 'El dispositivo recibió el programa de grabación, pero no lo inició.',
  // Names the device strip's button ('panel.check').
  'flasher.stubFailed.action':
    'Vuelve a ponerlo en modo flash (mantén presionado el botón, vuelve a conectar el cable de 3,3 V, suelta) y conecta otra vez; si pasa dos veces, usa “Comprobar este adaptador y el dispositivo” y comparte lo que dice.',
  'flasher.wrongChip.named': ({ chip }) => `El dispositivo es un ${chip}, no el ESP8266 de un Sonoff POW.`,
  'flasher.wrongChip.magic': ({ magic }) => `El dispositivo respondió, pero no es un ESP8266 (número mágico del chip 0x${magic}).`,
  'flasher.warning.macUnknown': 'La dirección MAC tiene un prefijo de fabricante (OUI) desconocido; se muestra como desconocida.',
  'flasher.warning.flashSizeUnknown': ({ id }) =>
    `No se pudo detectar el tamaño de la memoria flash (id de la memoria flash 0x${id}); -fs detect usará 4MB, como hace esptool.py.`,
  'flasher.warning.flashSizeOther': ({ size }) =>
    `Este dispositivo tiene ${size} de memoria flash, no el 1MB de un Sonoff POW v1. Revisa el tamaño de la versión del firmware y de las copias de seguridad.`,
  'flasher.log.crystalOdd': ({ estimatedMhz, mhz }) => `El cristal detectado, de ${fixed(estimatedMhz, 2)} MHz, está lejos de ${plain(mhz)} MHz: ¿un cristal poco habitual?`,
  'flasher.log.chip': ({ chip, mac, mhz, divider }) => `Chip: ${chip}, MAC ${mac ?? 'desconocida'}, cristal de ${plain(mhz)} MHz, divisor UART ${plain(divider)}`,
  'flasher.log.flashId': ({ id, size }) => `Id de la memoria flash 0x${id}: ${size ?? 'tamaño desconocido'}`,
  /** `baud` is the command's own text (--baud 123), shown as typed. */
  'flasher.unsupportedBaud.message': ({ baud, min, max }) => `--baud ${baud} no es una velocidad que use el grabador (de ${plain(min)} a ${plain(max)}).`,
  'flasher.unsupportedBaud.connectAction': 'Usa --baud 115200, o 460800 / 921600 para una conexión más rápida.',

  // Changing the link's speed.
  'flasher.warning.baudFailed': ({ baud, fallback }) => `La conexión falló a ${plain(baud)} baudios; se continúa a ${plain(fallback)}.`,
  'flasher.baudTooEarly.message': 'No se puede cambiar la velocidad antes de que el dispositivo haya respondido a 115200.',
  'flasher.baudTooEarly.action': 'Vuelve a conectar.',
  'flasher.baudLost.message': ({ baud }) => `El dispositivo dejó de responder al cambiar a ${plain(baud)} baudios.`,
  'flasher.baudFailed.message': ({ baud, fallback }) => `La conexión falló a ${plain(baud)} baudios y el dispositivo ya no responde a ${plain(fallback)}.`,
  // `--baud ${fallback}` is a command: written as the English writes it.
  'flasher.baudFailed.action': ({ fallback }) =>
    `Vuelve a conectar el cable de 3,3 V con el botón presionado, conecta otra vez y usa --baud ${fallback}.`,
  'flasher.log.dividerOk': ({ divider, baud }) => `Divisor UART ${plain(divider)}: el chip funciona a ${plain(baud)} baudios.`,
  'flasher.log.dividerOff': ({ divider, expected }) => `Divisor UART ${plain(divider)}; se esperaba ${plain(expected)}.`,
  'flasher.action.reconnectAndRun': 'Vuelve a conectar y ejecuta el paso otra vez.',

  // Sizes as a person reads them.
  'flasher.unit.size': ({ bytes }) => size(bytes),

  // A firmware file refused before a byte is sent; `at` and `first` are hex, as esptool writes them.
  'flasher.image.pickBin': PICK_BIN,
  'flasher.image.empty.message': ({ fileName }) => `${fileName} está vacío (0 bytes).`,
  'flasher.image.empty.action': `Probablemente la descarga falló; vuelve a descargarlo. ${PICK_BIN}`,
  'flasher.image.gzip.message': ({ fileName }) =>
    `${fileName} está comprimido con gzip (un .bin.gz para actualizaciones inalámbricas), no es una imagen sin comprimir para el grabador por puerto serie.`,
  'flasher.image.gzip.action': 'Primero descomprímelo (el grabador puede hacerlo por ti) o descarga el .bin sin comprimir.',
  'flasher.image.text.message': ({ fileName, what }) => `${fileName} es ${what}; no es firmware.`,
  'flasher.image.text.html': 'una página web (HTML), probablemente guardada en lugar de la descarga',
  'flasher.image.text.intelHex': 'un archivo de texto Intel HEX, no un .bin binario',
  'flasher.image.text.json': 'un archivo de texto JSON',
  'flasher.image.text.plain': 'un archivo de texto',
  'flasher.image.blank.message': ({ fileName }) => `${fileName} está en blanco: todos sus bytes son 0xFF, como los de una memoria flash borrada.`,
  'flasher.image.blank.action': `No hay nada que grabar; elige el firmware o una copia de seguridad hecha antes de borrar. ${PICK_BIN}`,
  'flasher.image.esp32.message': ({ fileName, chip }) => `${fileName} es firmware para un ${chip}, no para el ESP8266 del Sonoff POW.`,
  'flasher.image.esp32.action': `Descarga en su lugar la versión para ESP8266. ${PICK_BIN}`,
  'flasher.image.v2.message': ({ fileName }) =>
    `${fileName} es una imagen de aplicación ESP8266 “V2” (primer byte 0xEA): la carga un bootloader desde 0x01000 o más adelante; la ROM no la arranca desde 0x00000.`,
  'flasher.image.v2.action': 'Usa la versión del firmware en un solo archivo que empieza en 0x00000 (primer byte 0xE9), o graba primero el bootloader en 0x00000.',
  'flasher.image.broken.message': ({ fileName }) =>
    `${fileName} empieza como un firmware de ESP8266 (0xE9), pero su tabla de segmentos está incompleta o dañada.`,
  'flasher.image.broken.action': `El archivo está dañado o incompleto; vuelve a descargarlo. ${PICK_BIN}`,
  'flasher.image.notFirmware.message': ({ fileName, first }) =>
    `${fileName} no empieza como un firmware de ESP8266 (su primer byte es 0x${first}; el firmware empieza con 0xE9).`,
  'flasher.image.tooBig.message': ({ fileName, sizeBytes, flashBytes }) =>
    `${fileName} ocupa ${size(sizeBytes)}, pero solo hay ${size(flashBytes)} de memoria flash desde 0x00000.`,
  'flasher.image.tooBig.action': ({ flashBytes }) => `Usa una versión para ${size(flashBytes)} de memoria flash (para el Sonoff POW: 1 MB).`,
  'flasher.image.pastEnd.message': ({ fileName, sizeBytes, flashBytes, at, leftBytes }) =>
    `${fileName} (${size(sizeBytes)}) cabe en la memoria flash de ${size(flashBytes)}, pero no a partir de ${at}: desde ahí solo hay ${size(leftBytes)} libres.`,
  'flasher.image.pastEnd.action':
    'Revisa la dirección en el comando; el firmware que ocupa toda la memoria flash y las copias de seguridad van en 0x00000.',
  // Stands for the file's name where it has none: "el archivo no se pudo descomprimir".
  'flasher.image.theFile': 'el archivo',
  'flasher.image.gunzipFailed.message': ({ fileName, reason }) => `${fileName}: no se pudo descomprimir (${reason}).`,
  'flasher.image.gunzipFailed.action': 'Vuelve a descargar el archivo, o descarga el .bin sin comprimir.',
  'flasher.image.gunzipNotFirmware.message': ({ fileName }) =>
    `${fileName} se descomprimió, pero lo que contiene no es firmware de ESP8266 (no empieza con 0xE9).`,

  // A backup checked before it is restored.
  'flasher.backup.pickOther': 'Elige otro archivo de copia de seguridad; este no se puede restaurar de forma segura.',
  'flasher.backup.empty': 'El archivo de la copia de seguridad está vacío (0 bytes): la copia no se completó.',
  'flasher.backup.truncated': ({ bytes, recordedBytes }) =>
    `La copia de seguridad está incompleta: tiene ${count(bytes)} de los ${count(recordedBytes)} bytes registrados cuando se hizo.`,
  'flasher.backup.partSector': ({ bytes }) =>
    `La copia de seguridad está incompleta: ${count(bytes)} bytes no son un número entero de sectores de 4 KB de la memoria flash.`,
  'flasher.backup.sizeDiffers': ({ sizeBytes, recordedBytes }) =>
    `La copia de seguridad ocupa ${size(sizeBytes)}, pero cuando se hizo se registraron ${size(recordedBytes)}.`,
  'flasher.backup.changed': 'El archivo de la copia de seguridad cambió desde que se hizo (su MD5 no coincide con el registrado).',
  'flasher.backup.tooBig.message': ({ sizeBytes, flashBytes }) =>
    `La copia de seguridad ocupa ${size(sizeBytes)}, pero este dispositivo solo tiene ${size(flashBytes)} de memoria flash.`,
  'flasher.backup.tooBig.action': 'Restáurala en el dispositivo del que procede.',
  'flasher.backup.warnSize': ({ sizeBytes, flashBytes }) =>
    `La copia de seguridad ocupa ${size(sizeBytes)}, pero este dispositivo tiene ${size(flashBytes)} de memoria flash; el resto de la memoria flash conserva lo que tiene ahora.`,
  'flasher.backup.warnMac': ({ backupMac, deviceMac }) =>
    `Esta copia de seguridad se hizo en otro dispositivo (${backupMac}); el conectado es ${deviceMac}. Su calibración de Wi-Fi y su configuración son del otro dispositivo.`,

  // A step on the connected device: erase, write, read, one at a time. `md5` is its first 8 hex digits and "…";
  // addresses are hex as esptool writes them.
  'flasher.busy.message': 'Todavía hay otro paso en curso en este dispositivo.',
  'flasher.busy.action': 'Espera a que termine y luego ejecuta este paso.',
  'flasher.closed.message': 'Esta conexión está cerrada.',
  'flasher.closed.action': 'Vuelve a conectarte al dispositivo.',
  'flasher.unsupportedBaud.runAction': 'Usa --baud 115200, o 460800 / 921600.',
  'flasher.phase.erasing': 'Borrando toda la memoria flash…',
  'flasher.phase.checkingBlank': 'Comprobando que la memoria flash esté en blanco…',
  'flasher.erase.done': ({ ms }) => `Se borró toda la memoria flash en ${secs(ms)}`,
  'flasher.erase.verified': ({ sizeBytes, ms }) => `Memoria flash borrada (${size(sizeBytes)}) en ${secs(ms)}; comprobado que está en blanco`,
  'flasher.erase.notBlank.message': ({ md5, blank }) => `La memoria flash no está en blanco después de borrarla (MD5 ${md5}; en blanco sería ${blank}).`,
  'flasher.erase.notBlank.action': 'Vuelve a ejecutar el paso de borrado; si falla dos veces, puede que el chip de memoria flash esté desgastado.',
  'flasher.warning.fsDetect': 'No se pudo detectar el tamaño de la memoria flash; se escribe 4MB en la cabecera, como hace esptool.py.',
  /** `flashSize` is the command's -fs, as typed. */
  'flasher.warning.fsLarger': ({ flashSize, flashBytes }) => `-fs ${flashSize} es mayor que la memoria flash de ${size(flashBytes)} que tiene este dispositivo.`,
  'flasher.fileMissing.message': ({ fileName }) => `Falta elegir ${fileName}.`,
  'flasher.fileMissing.action': ({ fileName }) => `Elige el archivo ${fileName} para este paso.`,
  'flasher.phase.writing': ({ fileName, sizeBytes, address }) => `Grabando ${fileName} (${size(sizeBytes)}) en ${address}…`,
  'flasher.phase.comparing': ({ fileName }) => `Comparando ${fileName} con lo que tiene la memoria flash…`,
  'flasher.phase.writingChanged': ({ sectors, fileName, bytes }) =>
    `Grabando ${counted(sectors, 'sector cambiado', 'sectores cambiados')} de ${fileName} (${size(bytes)})…`,
  'flasher.phase.checkingWrite': ({ fileName }) => `Comprobando el MD5 de ${fileName} en la memoria flash…`,
  'flasher.log.sectorsDiffer': ({ changed, sectors, requests, runs }) =>
    `${plain(changed)} de ${plain(sectors)} sectores ${changed === 1 ? 'difiere' : 'difieren'} (${counted(requests, 'petición', 'peticiones')} SPI_FLASH_MD5); ${counted(runs, 'tramo', 'tramos')} por grabar.`,
  'flasher.log.writingRun': ({ from, to, bytes }) => `Grabando ${from}–${to} (${size(bytes)}).`,
  'flasher.log.spiParams': ({ reason }) => `El dispositivo no aceptó SPI_SET_PARAMS (${reason}); se continúa.`,
  // Followed by " en 3,2 s; …" in 'flasher.write.summary'.
  'flasher.write.wrote': ({ bytes, address }) => `Se grabaron ${count(bytes)} bytes a partir de ${address}`,
  'flasher.write.wroteChanged': ({ changed, sectors, fileName, bytes, address }) =>
    `${plain(changed)} de ${plain(sectors)} sectores de ${fileName} ${changed === 1 ? 'difería' : 'diferían'}; se grabaron ${count(bytes)} bytes a partir de ${address}`,
  'flasher.write.summary': ({ what, ms, md5 }) => `${what} en ${secs(ms)}; MD5 de la memoria flash verificado (${md5})`,
  'flasher.write.differs.message': ({ address, flash, sent }) =>
    `La memoria flash no tiene lo que se grabó en ${address}: su MD5 es ${flash} y el de los datos enviados, ${sent}.`,
  'flasher.write.differs.action': 'Vuelve a ejecutar el paso; si falla dos veces, usa un cable más corto o un --baud más bajo.',
  /** `address` and `length` are the command's own hex. */
  'flasher.read.pastEnd.message': ({ address, length, flashBytes }) => `read_flash ${address} ${length} se pasa del final de la memoria flash de ${size(flashBytes)}.`,
  'flasher.read.pastEnd.action': 'Revisa la dirección y el tamaño en el comando; una copia de seguridad completa del Sonoff POW es 0x00000 0x100000.',
  'flasher.phase.reading': ({ sizeBytes, address }) => `Leyendo ${size(sizeBytes)} desde ${address}…`,
  'flasher.phase.checkingRead': 'Comprobando el MD5 de lo que llegó…',
  'flasher.read.done': ({ bytes, address, ms, md5 }) =>
    `Se leyeron ${count(bytes)} bytes desde ${address} en ${secs(ms)}; MD5 de la memoria flash verificado (${md5})`,
  'flasher.read.short': ({ bytes, expected }) => `Solo ${bytes === 1 ? 'llegó' : 'llegaron'} ${count(bytes)} de ${count(expected)} bytes.`,
  'flasher.action.runAgain': 'Vuelve a ejecutar el paso.',
  'flasher.read.digestDiffers': ({ device, arrived }) => `Los datos llegaron dañados: el resumen del dispositivo es ${device} y el de lo que llegó, ${arrived}.`,
  'flasher.read.flashDiffers': ({ flash, arrived }) => `La copia de seguridad llegó dañada: el MD5 de la memoria flash es ${flash} y el de lo que llegó, ${arrived}.`,
  'flasher.read.againAction': 'Vuelve a hacer la copia de seguridad; si falla dos veces, usa un --baud más bajo.',
  'flasher.read.lost.message': ({ at, bytes }) => `Los datos llegaron dañados: se perdieron bytes por el camino después de ${count(at)} de ${count(bytes)}.`,
  'flasher.read.lost.action': 'Vuelve a ejecutar el paso; si falla dos veces, usa un --baud más bajo o un cable más corto.',
  'flasher.log.noDigest': 'El stub no envió ningún resumen después de los datos; se comprueba solo con SPI_FLASH_MD5.',

  // "Comprobar este adaptador y el dispositivo": what the check says while it runs, and why a speed failed. Ids are hex.
  'flasher.phase.identifying': 'Leyendo otra vez los ids del chip y de la memoria flash…',
  'flasher.phase.checkingSpeed': ({ kilobytes, baud, read }) => `Leyendo ${plain(kilobytes)} KB a ${plain(baud)} baudios (lectura ${plain(read)} de 2)…`,
  'flasher.check.flashIdChanged': ({ now, before }) => `El id de la memoria flash es ahora ${now}; al conectar era ${before}.`,
  'flasher.check.silentAfterChange': 'el dispositivo dejó de responder después del cambio',
  'flasher.check.backAt': ({ baud }) => `la conexión no funcionó a esa velocidad; de vuelta a ${plain(baud)} baudios`,
  'flasher.check.lostAt': ({ baud }) =>
    `El dispositivo ya no responde después de probar ${plain(baud)} baudios: vuelve a conectar el cable de 3,3 V con el botón presionado para usarlo de nuevo.`,
  'flasher.check.notBack': 'No se pudo volver a bajar la velocidad a 115200.',
  'flasher.check.readsDiffer': 'las dos lecturas no coinciden',
  'flasher.check.allWork': 'El adaptador y el dispositivo funcionan a todas las velocidades comprobadas.',
  // With no speed failed, the check stopped on an error after the speeds (the English says "at the end").
  'flasher.check.problems': ({ failed }) => (failed.length > 0 ? `Problemas a ${failed.map(plain).join(', ')} baudios.` : 'Problemas al final de la comprobación.'),

  /** A line esptool-js's transport traced (its own English), as the step's log shows it. */
  'flasher.log.serial': ({ message }) => `serie: ${message}`,

  // The workbench's words around the flasher: a step's log, the connection, the backups kept in this browser.
  'flasher.log.warning': ({ message }) => `Aviso: ${message}`,
  'flasher.log.error': ({ message, action }) => `Error: ${message} ${action}`,
  'flasher.action.tryAgain': 'Inténtalo de nuevo.',
  'flasher.action.choosePortAgain': 'Vuelve a elegir el puerto.',
  'flasher.connectCancelled.message': 'Se canceló la conexión.',
  'flasher.connectCancelled.action': 'Vuelve a ejecutar el paso cuando el dispositivo esté listo.',
  'flasher.noSerial.message': 'Este navegador no tiene Web Serial.',
  'flasher.noSerial.action': 'Usa Chrome o Edge en una computadora, o el Sonoff POW virtual.',
  'flasher.backups.named': ({ label, when }) => `“${label}” (${when})`,
  /** `md5` is its first 8 hex digits and "…". */
  'flasher.backups.described': ({ mac, when, bytes, md5 }) => `${mac} · ${when} · ${bytes === 1 ? '1 byte' : `${count(bytes)} bytes`} · MD5 ${md5}`,
  'flasher.backups.labelled': ({ label, described }) => `“${label}” · ${described}`,

  // Times, speeds and sizes in the step's progress and the device strip.
  'flasher.unit.duration': ({ ms }) => {
    const s = ms / 1000;
    return s < 60 ? `${fixed(s, 1)} s` : `${plain(Math.floor(s / 60))} min ${plain(Math.round(s % 60))} s`;
  },
  'flasher.unit.speed': ({ bytesPerSecond }) => (bytesPerSecond >= MB ? `${fixed(bytesPerSecond / MB, 1)} MB/s` : `${fixed(bytesPerSecond / 1024, 1)} KB/s`),
  /** A size as a person says it, never broken across lines: 1 MB, 300 KB, 1,5 KB, 512 bytes. */
  'flasher.unit.sizeUnbroken': ({ bytes }) => {
    if (bytes >= MB && bytes % MB === 0) return `${plain(bytes / MB)}\u00a0MB`;
    if (bytes >= 1024) return `${new Intl.NumberFormat('es', { maximumFractionDigits: 1 }).format(bytes / 1024)}\u00a0KB`;
    return bytes === 1 ? '1\u00a0byte' : `${plain(bytes)}\u00a0bytes`;
  },
  /** The device's flash, in the device strip's details ("ESP8266EX, MAC …, memoria flash de 1 MB, …"); the size is never wrapped. */
  'flasher.unit.flash': ({ bytes }) => `memoria flash de\u00a0${bytes >= MB ? `${plain(bytes / MB)}\u00a0MB` : `${plain(bytes / 1024)}\u00a0KB`}`,
  'flasher.unit.flashUnknown': 'tamaño de la memoria flash desconocido',

  // Backups kept in this browser (src/backups/store.ts); `name` is the browser's name for the failure (QuotaExceededError).
  'flasher.store.quota': `El navegador se negó a guardar la copia de seguridad (almacenamiento lleno). ${NOT_KEPT}`,
  'flasher.store.full': 'El almacenamiento del navegador está lleno.',
  'flasher.store.unavailable': ({ name }) =>
    `Este navegador no puede guardar copias de seguridad (su almacenamiento no está disponible, por ejemplo en una ventana privada: ${name}). Descarga cada copia de seguridad: no se guarda en este navegador.`,
  'flasher.store.saveFailed': ({ name }) => `El navegador no pudo guardar la copia de seguridad (${name}). ${NOT_KEPT}`,
  'flasher.store.readFailed': ({ name }) => `No se pudieron leer las copias de seguridad guardadas (${name}). Vuelve a cargar la página e inténtalo de nuevo.`,
  'flasher.store.deleteFailed': ({ name }) => `No se pudo eliminar la copia de seguridad guardada (${name}). Vuelve a cargar la página e inténtalo de nuevo.`,
  'flasher.store.unknownError': 'error desconocido',
  'flasher.store.labelTooLong': ({ max, length }) => `Una etiqueta puede tener como máximo ${plain(max)} caracteres; esta tiene ${plain(length)}.`,
  'flasher.store.empty': `La copia de seguridad está vacía (0 bytes): la lectura no se completó. ${NOT_STORED}`,
  'flasher.store.sizeDiffers': ({ bytes, expected }) =>
    `La copia de seguridad tiene ${count(bytes)} bytes, pero se pidieron ${count(expected)}: la lectura quedó incompleta. ${NOT_STORED}`,
  'flasher.store.notMd5': ({ md5 }) => `“${md5}” no es un MD5 (32 dígitos hexadecimales); no se puede verificar la copia de seguridad. ${NOT_STORED}`,
  'flasher.store.md5Differs': `La copia de seguridad no coincide con el MD5 que indicó el dispositivo: la lectura quedó incompleta o dañada. ${NOT_STORED}`,
  'flasher.store.badDate': 'La copia de seguridad tiene una fecha no válida.',
  'flasher.store.badRecord': 'Una copia de seguridad guardada está dañada (su registro no se puede leer). Elimínala y haz una copia de seguridad nueva.',
  'flasher.store.lostData': ({ mac, takenAt }) => `${storedBackup(mac, takenAt)} perdió sus datos. ${STORED_ADVICE}`,
  'flasher.store.damaged': ({ mac, takenAt }) =>
    `${storedBackup(mac, takenAt)} está dañada: ya no coincide con el MD5 registrado cuando se hizo. ${STORED_ADVICE}`,
  'flasher.pageCode.message': 'No se pudo cargar una parte de esta página, así que el paso no empezó; no se envió nada al Sonoff.',
  'flasher.pageCode.action': 'Revisa la conexión a internet y recarga la página; luego vuelve a ejecutar el paso.',
  // Las líneas propias de esptool-js (src/flasher/esptool-lines.ts).
  'flasher.esptool.stubAlreadyRunning': 'El stub ya está en marcha: no hace falta subirlo.',
  'flasher.esptool.uploadingStub': 'Subiendo el stub…',
  'flasher.esptool.runningStub': 'Arrancando el stub…',
  'flasher.esptool.stubRunning': 'El stub está en marcha.',
  'flasher.esptool.erasing': 'Borrando la memoria flash (puede tardar un rato)…',
  'flasher.esptool.erased': ({ seconds }) => `Borrado de la memoria completado en ${fixed(seconds, 1)} s`,
  'flasher.esptool.compressed': ({ bytes, sizeBytes }) => `${count(bytes)} bytes comprimidos a ${count(sizeBytes)} bytes…`,
  'flasher.esptool.erasedBlock': ({ seconds }) => `El borrado del bloque de flash tardó ${fixed(seconds, 3)} s`,
  'flasher.esptool.changingBaud': ({ baud }) => `Cambiando la velocidad a ${baud} baudios`,
  'flasher.esptool.changed': 'Velocidad cambiada',
  'flasher.esptool.lowerBaudHint': 'Si el chip deja de responder, usa una velocidad más baja.',
  'flasher.esptool.baudUnusable': ({ baud, fallback }) => `No se puede usar ${baud} baudios. Se sigue a ${fallback} baudios.`,
  'flasher.esptool.resetOnReopen': ({ fallback }) => `La placa se reinició al reabrir el puerto serie. Se sigue a ${fallback} baudios.`,
  'flasher.esptool.silentAfterBaud': ({ fallback }) => `La placa dejó de responder tras cambiar la velocidad. Se sigue a ${fallback} baudios.`,
};
