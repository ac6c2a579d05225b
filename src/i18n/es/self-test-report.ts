/**
 * Spanish words of the adapter check's report (src/flasher/self-test-report.ts),
 * the plain-text file a person downloads and attaches to a problem report: the
 * keys of `../en/self-test-report.ts`, imported for its type only.
 *
 * The labels are padded to one width so the values line up in a monospaced
 * file. Numbers go through format.ts, so they follow the page's language as
 * the English does; hex ids, MAC addresses and USB ids stay as they come.
 */
import { formatFixed, formatNumber } from '../format.ts';
import type { Translation } from '../lookup.ts';
import type { selfTestReport as enReport } from '../en/self-test-report.ts';

const plain = (n: number): string => formatNumber(n, { useGrouping: false });
const secs = (ms: number): string => `${formatFixed(ms / 1000, 2)} s`;

/** "Identificación:" is the longest label; one space after it. */
const LABEL_WIDTH = 'Identificación: '.length;
const field = (label: string, value: string): string => `${label.padEnd(LABEL_WIDTH)}${value}`;

export const selfTestReport: Translation<typeof enReport> = {
  'flasher.report.title': 'Grabador del Sonoff POW: comprobación del adaptador y del dispositivo',
  'flasher.report.started': ({ at }) => field('Inicio:', at),
  'flasher.report.finished': ({ at }) => field('Fin:', at),
  'flasher.report.adapter': ({ name, ids }) => field('Adaptador:', `${name ?? 'adaptador desconocido'} (USB ${ids})`),
  'flasher.report.chip': ({ chip, mac, mhz }) => field('Chip:', `${chip}, MAC ${mac}, cristal de ${mhz === undefined ? '?' : plain(mhz)} MHz`),
  /** `id` is hex, as esptool writes it. */
  'flasher.report.flash': ({ id, bytes }) => field('Memoria flash:', `id ${id}, ${bytes === undefined ? 'tamaño desconocido' : `${plain(bytes / 1024)} KB`}`),
  'flasher.report.connect': ({ ms }) => field('Conexión:', ms === undefined ? '-' : secs(ms)),
  'flasher.report.identify': ({ ms }) => field('Identificación:', ms === undefined ? '-' : `${plain(ms)} ms`),
  'flasher.report.reading': ({ kilobytes }) => `Se leen ${plain(kilobytes)} KB dos veces a cada velocidad y se comparan con el MD5 del chip:`,
  'flasher.report.speed': ({ baud, ok, readMs, bytesPerSecond, problem }) => {
    const times = readMs.map(secs).join(', ') || '-';
    const rate = bytesPerSecond === undefined ? '' : `, ${plain(Math.round(bytesPerSecond / 1024))} KB/s`;
    return `  ${plain(baud).padStart(7)} baudios: ${ok ? 'funciona' : 'FALLÓ'} (${times}${rate})${problem ? `: ${problem}` : ''}`;
  },
  'flasher.report.left': ({ baud }) => `La conexión quedó a ${plain(baud)} baudios.`,
  'flasher.report.stopped': ({ reason }) => `Se detuvo antes de terminar: ${reason}`,
  'flasher.report.browser': ({ userAgent }) => `Navegador: ${userAgent}`,
};
