/**
 * The adapter check's report as plain text, to download and attach to a
 * problem report. Apart from self-test.ts (what the session needs to run the
 * check) so that it is fetched with the adapter check only, not with the
 * first Connect (src/islands/workbench/features.tsx).
 */
import { usbIds } from './adapters.ts';
import { SELF_TEST_BYTES, type SelfTestReport } from './self-test.ts';

const hex6 = (n: number): string => `0x${n.toString(16).padStart(6, '0')}`;

/** The report as plain text, to download and attach. */
export function formatSelfTestReport(report: SelfTestReport): string {
  const d = report.device;
  const lines = [
    'Sonoff POW flasher: adapter and device check',
    `Started:  ${report.startedAt}`,
    `Finished: ${report.finishedAt}`,
    '',
    `Adapter:  ${d.adapter.name ?? 'unknown adapter'} (USB ${usbIds(d.adapter)})`,
    `Chip:     ${d.chip}, MAC ${d.mac}, crystal ${d.crystalMhz ?? '?'} MHz`,
    `Flash:    id ${hex6(d.flashId)}, ${d.flashSizeBytes === undefined ? 'size unknown' : `${d.flashSizeBytes / 1024} KB`}`,
    `Connect:  ${report.connectMs === undefined ? '-' : `${(report.connectMs / 1000).toFixed(2)} s`}`,
    `Identify: ${report.identifyMs === undefined ? '-' : `${report.identifyMs} ms`}`,
    '',
    `Reading ${SELF_TEST_BYTES / 1024} KB twice at each speed, compared with the chip's MD5:`,
  ];
  for (const speed of report.speeds) {
    const times = speed.readMs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ') || '-';
    const rate = speed.bytesPerSecond === undefined ? '' : `, ${Math.round(speed.bytesPerSecond / 1024)} KB/s`;
    lines.push(`  ${String(speed.baud).padStart(7)} baud: ${speed.ok ? 'works' : 'FAILED'} (${times}${rate})${speed.problem ? `: ${speed.problem}` : ''}`);
  }
  lines.push('', `Left at ${report.endBaud} baud.`);
  if (report.error) lines.push(`Stopped early: ${report.error}`);
  if (report.userAgent) lines.push(`Browser: ${report.userAgent}`);
  return `${lines.join('\n')}\n`;
}
