/** Spanish messages of writing only what changed: the keys of `../en/write-changed.ts` (imported for its type only). */
import type { Translation } from '../lookup.ts';
import type { writeChanged as enWriteChanged } from '../en/write-changed.ts';

export const writeChanged: Translation<typeof enWriteChanged> = {
  'writeChanged.legend': 'Cómo grabar',
  'writeChanged.changed': 'Solo los sectores que difieren',
  'writeChanged.changedHint':
    'La página primero pide al Sonoff una suma de verificación de cada parte de su memoria flash y envía solo las partes que difieren del archivo. La memoria flash queda igual que con una grabación completa; si el dispositivo ya tiene casi todo el archivo, termina en segundos.',
  'writeChanged.full': 'Todo, como hace el comando de arriba',
  'writeChanged.fullHint': 'Borra y graba el archivo entero, exactamente como lo hace esptool.py, tenga lo que tenga ahora la memoria flash.',
  'writeChanged.none': ({ sectors, md5 }) =>
    `${sectors === 1 ? 'El único sector no difería' : `Ninguno de los ${sectors} sectores difería`}: el dispositivo ya tiene este archivo, así que no se grabó nada; MD5 de la memoria flash verificado (${md5}).`,
  'writeChanged.some': ({ changed, sectors, written, seconds, md5 }) =>
    `${changed} de ${sectors} ${sectors === 1 ? 'sector' : 'sectores'} ${changed === 1 ? 'difería' : 'diferían'}; se grabaron ${written} en ${seconds}; MD5 de la memoria flash verificado (${md5}).`,
};
