/**
 * The adapter check's report as plain text, to download and attach to a
 * problem report. Apart from self-test.ts (what the session needs to run the
 * check) so that it is fetched with the adapter check only, not with the
 * first Connect (src/islands/workbench/features.tsx), and so are its words
 * (src/i18n/en/self-test-report.ts).
 */
import { rt as t } from '../i18n/index.ts';
import { usbIds } from './adapters.ts';
import { SELF_TEST_BYTES, type SelfTestReport } from './self-test.ts';

const hex6 = (n: number): string => `0x${n.toString(16).padStart(6, '0')}`;

/** The report as plain text, to download and attach. */
export function formatSelfTestReport(report: SelfTestReport): string {
  const d = report.device;
  const lines = [
    t('flasher.report.title'),
    t('flasher.report.started', { at: report.startedAt }),
    t('flasher.report.finished', { at: report.finishedAt }),
    '',
    t('flasher.report.adapter', { name: d.adapter.name, ids: usbIds(d.adapter) }),
    t('flasher.report.chip', { chip: d.chip, mac: d.mac, mhz: d.crystalMhz }),
    t('flasher.report.flash', { id: hex6(d.flashId), bytes: d.flashSizeBytes }),
    t('flasher.report.connect', { ms: report.connectMs }),
    t('flasher.report.identify', { ms: report.identifyMs }),
    '',
    t('flasher.report.reading', { kilobytes: SELF_TEST_BYTES / 1024 }),
  ];
  for (const speed of report.speeds) lines.push(t('flasher.report.speed', speed));
  lines.push('', t('flasher.report.left', { baud: report.endBaud }));
  if (report.error) lines.push(t('flasher.report.stopped', { reason: report.error }));
  if (report.userAgent) lines.push(t('flasher.report.browser', { userAgent: report.userAgent }));
  return `${lines.join('\n')}\n`;
}
