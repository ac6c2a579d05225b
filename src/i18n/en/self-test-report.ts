/**
 * English words of the adapter check's report (src/flasher/self-test-report.ts),
 * the plain-text file a person downloads and attaches to a problem report.
 * Kept out of the main catalogue: they load with the adapter check, not with
 * the first Connect (e2e/cost-of-reading.spec.ts looks for the title line).
 * The labels are padded so the values line up in a monospaced file.
 */
import { formatFixed, formatNumber } from '../format.ts';

const plain = (n: number): string => formatNumber(n, { useGrouping: false });
const secs = (ms: number): string => `${formatFixed(ms / 1000, 2)} s`;

interface SpeedLine {
  baud: number;
  ok: boolean;
  readMs: readonly number[];
  bytesPerSecond: number | undefined;
  problem: string | undefined;
}

export const selfTestReport = {
  'flasher.report.title': 'Sonoff POW flasher: adapter and device check',
  'flasher.report.started': ({ at }: { at: string }) => `Started:  ${at}`,
  'flasher.report.finished': ({ at }: { at: string }) => `Finished: ${at}`,
  'flasher.report.adapter': ({ name, ids }: { name: string | undefined; ids: string }) => `Adapter:  ${name ?? 'unknown adapter'} (USB ${ids})`,
  'flasher.report.chip': ({ chip, mac, mhz }: { chip: string; mac: string; mhz: number | undefined }) =>
    `Chip:     ${chip}, MAC ${mac}, crystal ${mhz === undefined ? '?' : plain(mhz)} MHz`,
  /** `id` is hex, as esptool writes it. */
  'flasher.report.flash': ({ id, bytes }: { id: string; bytes: number | undefined }) => `Flash:    id ${id}, ${bytes === undefined ? 'size unknown' : `${plain(bytes / 1024)} KB`}`,
  'flasher.report.connect': ({ ms }: { ms: number | undefined }) => `Connect:  ${ms === undefined ? '-' : secs(ms)}`,
  'flasher.report.identify': ({ ms }: { ms: number | undefined }) => `Identify: ${ms === undefined ? '-' : `${plain(ms)} ms`}`,
  'flasher.report.reading': ({ kilobytes }: { kilobytes: number }) => `Reading ${plain(kilobytes)} KB twice at each speed, compared with the chip's MD5:`,
  'flasher.report.speed': ({ baud, ok, readMs, bytesPerSecond, problem }: SpeedLine) => {
    const times = readMs.map(secs).join(', ') || '-';
    const rate = bytesPerSecond === undefined ? '' : `, ${plain(Math.round(bytesPerSecond / 1024))} KB/s`;
    return `  ${plain(baud).padStart(7)} baud: ${ok ? 'works' : 'FAILED'} (${times}${rate})${problem ? `: ${problem}` : ''}`;
  },
  'flasher.report.left': ({ baud }: { baud: number }) => `Left at ${plain(baud)} baud.`,
  'flasher.report.stopped': ({ reason }: { reason: string }) => `Stopped early: ${reason}`,
  'flasher.report.browser': ({ userAgent }: { userAgent: string }) => `Browser: ${userAgent}`,
} as const;
