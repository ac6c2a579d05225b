/**
 * The Spanish message catalogue: the keys of `./en.ts`, typed by
 * `Translation<typeof en>`, so a missing key, or a message that takes other
 * values, fails the type check. The English is imported for its type only:
 * no English loads with the Spanish page.
 *
 * As in English, the parts that grow on their own live in `es/`: writing
 * only what changed (`es/write-changed.ts`) and the flasher's words
 * (`es/flasher.ts`) are merged here; the console's and the diagnosis's
 * parts (`es/console.ts`, `es/diagnosis.ts`) load on their own; the words
 * shown before the first click (`es/shell.ts`) and the update notice's
 * (`es/site.ts`) are data the server puts in the page.
 *
 * Words fixed across the product: flash mode = modo flash, the flash =
 * la memoria flash, backup = copia de seguridad, adapter = adaptador
 * (USB-serie), baud = baudios, erase = borrar, write = grabar, restore =
 * restaurar; the flasher = el grabador. Quotes are “ ”, as in English.
 */
import type { Translation } from './lookup.ts';
import type { en } from './en.ts';
import { flasher } from './es/flasher.ts';
import { writeChanged } from './es/write-changed.ts';

/** A number a person reads, in Spanish (a decimal comma). */
const number = new Intl.NumberFormat('es', { maximumFractionDigits: 20 });

export const es: Translation<typeof en> = {
  'connect.title': 'Conectar con el Sonoff POW',
  'connect.titleVirtual': 'Conectar con el Sonoff POW virtual',
  'connect.safety.strong': 'Nunca conectes a la vez la red eléctrica y el adaptador USB-serie.',
  'connect.safety.why': 'En el POW, el lado de baja tensión está unido a la red eléctrica: con los dos conectados, la tensión de la red puede llegar a tu computadora y a ti.',
  'connect.safety.confirm': 'El Sonoff está desenchufado de la red eléctrica; solo le da corriente el adaptador.',
  'connect.prepare.lead':
    'Primero pon el Sonoff en modo flash. El adaptador le da corriente, así que el modo flash empieza cuando conectas el adaptador:',
  'connect.prepare.hold': 'Mantén presionado el botón del Sonoff.',
  'connect.prepare.plug': 'Sin soltarlo, conecta el adaptador a un puerto USB de la computadora.',
  'connect.prepare.release': 'Suelta el botón después de un segundo.',
  'connect.prepare.autoReset': 'Conecta el adaptador a la computadora. La página reinicia el Sonoff en modo flash mediante DTR/RTS.',
  'connect.prepare.next': 'Después elige el adaptador en la lista del navegador.',
  'connect.prepare.nextVirtual': 'Después elige el adaptador virtual en la lista.',
  'connect.autoReset': 'Mi adaptador tiene DTR/RTS conectados a GPIO0/EN (auto-reset): que la página ponga el Sonoff en modo flash',
  'connect.choose': 'Elegir el puerto',
  'connect.cancel': 'Cancelar',
  'connect.close': 'Cerrar',
  'connect.tryAgain': 'Intentar de nuevo',
  'connect.choosing': 'Elige el adaptador en la lista del navegador.',
  'connect.choosingVirtual': 'Elige el adaptador del Sonoff POW virtual en la lista.',
  'connect.nothingChosen':
    'No se eligió ningún puerto. Si la lista estaba vacía, la computadora no ve el adaptador: revisa su cable USB y, en Windows, que su controlador esté instalado.',
  'connect.noAdapterVirtual': 'La lista estaba vacía: el adaptador virtual no está conectado. Conéctalo (con el botón presionado) y luego elige el puerto.',
  'connect.waiting.lead': 'El Sonoff todavía no está en modo flash. Deja el adaptador conectado (desconectarlo cierra el puerto):',
  'connect.waiting.hold': 'Mantén presionado el botón.',
  'connect.waiting.power': 'Desconecta del Sonoff el cable de 3,3 V y vuelve a conectarlo.',
  'connect.waiting.release': 'Suelta el botón.',
  'connect.waiting.autoReset': 'Reiniciando el Sonoff en modo flash mediante DTR/RTS…',
  'connect.waiting.listening': 'Escuchando…',
  'connect.waiting.left': ({ seconds }) => `Todavía escuchando: ${seconds === 1 ? 'queda 1 s' : `quedan ${seconds} s`}.`,
  // The dialog adds the period after the title.
  'connect.portLost.title': 'Se desconectó el adaptador',
  'connect.portLost.connect':
    'El navegador cerró su puerto. Vuelve a conectar el adaptador con el botón del Sonoff presionado y suelta el botón después de un segundo.',
  'connect.portLost.step': ({ step }) =>
    `El navegador cerró su puerto durante “${step}”. Vuelve a conectar el adaptador con el botón del Sonoff presionado y suelta el botón después de un segundo. Luego el paso se ejecuta otra vez desde el principio.`,
  'connect.portLost.auto': 'La página encuentra el adaptador por sí sola cuando vuelve. Si no lo encuentra, elígelo otra vez:',
  'connect.portLost.choose': 'Elegir el puerto otra vez',
  'connect.connected': 'Conectado. Ya puedes soltar el botón.',
  'connect.details': 'Qué pasó',
  'panel.deviceVirtual': 'Dispositivo (Sonoff POW virtual)',
  'panel.connecting': 'conectando…',
  // Follows "Siguiente:".
  'panel.boot.text': 'desconecta el adaptador y vuelve a conectarlo sin presionar el botón: el Sonoff arranca el firmware que acabas de grabar.',
  'panel.boot.reset': 'Reiniciarlo y arrancarlo ahora',
  'panel.disconnect': 'Desconectar',
  'panel.speed': 'Velocidad',
  'panel.speed.guide': ({ baud }) => `${baud} baudios (como en la guía)`,
  'panel.speed.faster': ({ baud }) => `${baud} baudios (más rápido)`,
  'panel.check': 'Comprobar este adaptador y el dispositivo',
  'check.running': 'Comprobando el adaptador y el dispositivo (no se graba nada)…',
  'check.result.ok': ({ speeds }) => `El adaptador y el dispositivo funcionan a ${speeds} baudios. No se grabó nada.`,
  'check.result.failed': ({ failed }) =>
    `La conexión no funcionó a ${failed} baudios. Usa una velocidad más baja o un cable más corto. No se grabó nada.`,
  'check.result.stopped': ({ reason }) => `La comprobación se detuvo antes de terminar: ${reason}`,
  'check.download': 'Descargar el informe',
  'rehearsal.group': 'Controles del Sonoff POW virtual',
  'rehearsal.badge': 'Sonoff POW virtual',
  // 'connect.prepare.holdVirtual' and 'connect.prepare.plugVirtual' name these two buttons.
  'rehearsal.hold': 'Mantener presionado el botón (GPIO0)',
  'rehearsal.release': 'Soltar el botón (GPIO0)',
  'rehearsal.plug': 'Conectar el adaptador al USB',
  'rehearsal.unplug': 'Desconectar el adaptador del USB',
  'rehearsal.wireOn': 'Conectar el cable de 3,3 V',
  'rehearsal.wireOff': 'Desconectar el cable de 3,3 V',
  'rehearsal.mainsOn': ({ loadWatts, volts }) => `Enchufarlo a la red con una bombilla de ${number.format(loadWatts)} W (${number.format(volts)} V)`,
  'rehearsal.mainsOff': 'Desenchufarlo de la red',
  'rehearsal.network': ({ ssid, password }) => `Wi-Fi virtual al alcance: “${ssid}”, contraseña “${password}”.`,
  'rehearsal.mainsAndUsb':
    'La red eléctrica y el adaptador a la vez: solo el Sonoff virtual lo permite, para que practiques la calibración desde la consola de la página. Uno real nunca debe tener ambos conectados.',
  'rehearsal.state': ({ usb, wire, button }) =>
    `USB ${usb ? 'conectado' : 'desconectado'}, cable de 3,3 V ${wire ? 'conectado' : 'desconectado'}, botón ${button ? 'presionado' : 'suelto'}`,
  'step.keepInFront':
    'Deja esta pestaña abierta y en primer plano hasta que termine el paso: Chrome puede cerrar una pestaña en segundo plano para liberar memoria, y un puerto serie abierto no lo impide.',
  'step.runAgain': 'Conectado de nuevo: el paso se ejecuta otra vez desde el principio.',
  'step.portLost': 'Se desconectó el adaptador durante el paso; esperando a que vuelva.',
  'connect.useVirtual': '¿Sin dispositivo? Usa un Sonoff POW virtual',
  'connect.chooseVirtual': 'Elegir el adaptador virtual',
  'connect.prepare.leadVirtual':
    'El Sonoff POW virtual está en un banco de trabajo virtual: los botones de abajo son tus manos. Ponlo en modo flash como harías con uno real:',
  'connect.prepare.holdVirtual': 'Haz clic en “Mantener presionado el botón”.',
  'connect.prepare.plugVirtual': 'Haz clic en “Conectar el adaptador al USB”.',
  'connect.prepare.releaseVirtual': 'Mantén el botón presionado hasta que la página diga que está conectado, y luego suéltalo.',
  'connect.safety.title': 'Seguridad',
  'connect.phase.connecting': 'El Sonoff respondió. Identificándolo…',
  'connect.phase.opening': 'Abriendo el puerto del adaptador…',
  'connect.phase.uploading': 'Cargando en la memoria del Sonoff el programa de grabación de la página (un segundo, más o menos)…',
  'connect.phase.changingBaud': ({ baud }) => `Cambiando la conexión a ${baud} baudios…`,
  'panel.status.connected': ({ chip, mac, baud }) => `${chip} ${mac} · ${baud} baudios`,
  'panel.status.idle': ({ baud }) => `sin conectar · ${baud} baudios`,
  'panel.status.running': ({ step }) => `ejecutando “${step}”`,
  'panel.more': 'Opciones',
  'panel.details': ({ chip, mac, flash, adapter }) => `${chip}, MAC ${mac}, ${flash}, adaptador: ${adapter}.`,
  'panel.adapterUnknown': 'no reconocido',
  'panel.macUnknown': 'MAC no leída',
  'step.running': 'Ejecutando…',
  'step.progress': ({ done, total, percent, speed }) => `${done} de ${total} bytes · ${percent}\u00a0% · ${speed}`,
  // Follows the progress after " · "; `time` is "12.5 s" or "1 min 5 s".
  'step.left': ({ time }) => `tiempo restante: ${time}`,
  'step.next': 'Siguiente:',
  'step.lastStep': 'Ese era el último paso de esta guía.',
  'step.done': 'Listo:',
  'step.failed': 'Error:',
  'step.log': ({ lines }) => (lines === 1 ? 'Registro (1 línea)' : `Registro (${lines} líneas)`),
  'step.downloadLog': 'Descargar el registro',
  'common.cancel': 'Cancelar',
  'backup.progress': 'Progreso de la copia de seguridad',
  'backup.kept': ({ mac }) =>
    `Guardada en este navegador (dispositivo ${mac}); se conserva aunque recargues la página. Descárgala también, para tener tu propia copia.`,
  // `other` is the earlier backup's label, or its description (MAC · date · size · MD5).
  'backup.identical': ({ other }) => `Es idéntica a una copia de seguridad anterior (${other}): la memoria flash no ha cambiado desde entonces.`,
  'backup.download': ({ fileName }) => `Descargar ${fileName}`,
  'erase.confirm': 'Confirmar el borrado',
  'erase.question': ({ mac }) =>
    `Borrar elimina del dispositivo ${mac} el firmware instalado y toda su configuración (Wi-Fi, MQTT). No se puede deshacer.`,
  'erase.noBackup': 'Todavía no hay ninguna copia de seguridad de este dispositivo en este navegador.',
  'erase.noBackupWhy': 'Si algún día quieres volver al firmware original, haz una primero.',
  'erase.go': 'Borrar la memoria flash',
  'erase.backupFirst': 'Hacer antes una copia de seguridad',
  'erase.progress': 'Progreso del borrado',
  'write.progress': 'Progreso de la grabación',
  'write.needsFile': ({ fileName }) => `Primero elige arriba el archivo del firmware (${fileName}); luego ejecuta el paso.`,
  'write.ready': 'Es una imagen para ESP8266: lista para grabar.',
  'write.gzip': ({ name }) =>
    `${name} está comprimido (gzip), como lo publican los sitios de firmware para las actualizaciones inalámbricas (OTA). El grabador por puerto serie necesita la imagen sin comprimir.`,
  'write.decompress': 'Descomprimirlo aquí',
  'write.practiceImage': 'Usar el firmware de práctica (tasmota-practice.bin, solo para el Sonoff virtual)',
  'write.downloadAgain': 'Vuelve a descargar el firmware.',
  'restore.legend': 'Restaurar desde',
  'restore.stored': ({ description }) => `Copia guardada: ${description}`,
  'restore.noneStored': 'Todavía no hay ninguna copia de seguridad guardada en este navegador; elige un archivo.',
  'restore.needs': ({ fileName }) => `Primero elige arriba una copia de seguridad: una guardada en este navegador o el archivo ${fileName}.`,
  'restore.gone': 'Esa copia de seguridad ya no está guardada en este navegador.',
  'restore.pickAnother': 'Elige otra copia de seguridad o un archivo.',
  'restore.confirm': 'Confirmar la restauración',
  // `source` is 'restore.sourceStored' or 'restore.sourceFile'.
  'restore.question': ({ source, mac, size }) =>
    `¿Grabar ${source} en el dispositivo ${mac}? Reemplaza ${size} de su memoria flash: el firmware y la configuración que tiene ahora se pierden, salvo que tengas una copia de seguridad de ellos.`,
  // `description` is the backup's label and date, or its date.
  'restore.sourceStored': ({ description }) => `la copia de seguridad de ${description}`,
  'restore.sourceFile': ({ name }) => `el archivo ${name}`,
  'restore.go': 'Restaurar',
  'restore.goAnyway': 'Restaurar de todos modos',
  'restore.progress': 'Progreso de la restauración',
  'backups.region': 'Copias de seguridad guardadas en este navegador',
  'backups.heading': ({ count }) => `Copias de seguridad guardadas en este navegador (${count})`,
  'backups.none': 'Ninguna todavía.',
  'backups.unavailable': ({ reason }) => `Las copias de seguridad guardadas no están disponibles en este navegador: ${reason}`,
  'backups.download': 'Descargar',
  'backups.downloadLabel': ({ description }) => `Descargar la copia de seguridad ${description}`,
  'backups.delete': 'Eliminar',
  'backups.deleteLabel': ({ description }) => `Eliminar la copia de seguridad ${description}`,
  'backups.deleteConfirm': 'Confirmar la eliminación',
  'backups.deleteQuestion': '¿Eliminarla definitivamente?',
  'backups.deleteGo': 'Eliminar la copia',
  'backups.keep': 'Conservarla',
  'backups.label': 'Etiqueta',
  'backups.labelFor': ({ description }) => `Etiqueta de la copia de seguridad ${description}`,
  'backups.labelSave': 'Guardar la etiqueta',
  'backups.labelSaved': 'Etiqueta guardada.',
  'backups.labelHint': 'por ejemplo “firmware original” o “Tasmota, configurado”',
  // `other` is the earlier backup's label, or 'backups.when'.
  'backups.identical': ({ other }) => `idéntica a la copia de seguridad de ${other}`,
  'backups.when': ({ date, time }) => `${date} a las ${time} UTC`,
  ...writeChanged,
  ...flasher,
};
