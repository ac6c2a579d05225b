/**
 * "Check this adapter and device", in the device panel: connects if needed,
 * runs the flasher's self-test at the speeds the page offers, says what
 * worked, and offers the report to download and attach to a problem report.
 * Fetched on its first use (features.tsx), not with the first Connect.
 */
import { signal } from '@preact/signals';
import { downloadBytes } from '../../backups/download.ts';
import { FASTER_BAUDS, isFlasherError, type SelfTestReport } from '../../flasher/index.ts';
import { formatSelfTestReport } from '../../flasher/self-test-report.ts';
import { t } from '../../i18n/index.ts';
import { dropConnection, ensureConnected } from './connection.ts';
import { connecting, connection, runningStep } from './state.ts';

const CHECK = 'adapter-check';
const report = signal<SelfTestReport | undefined>(undefined);
const problem = signal<string | undefined>(undefined);

function summary(result: SelfTestReport): string {
  if (result.error !== undefined) return t('check.result.stopped', { reason: result.error });
  const failed = result.speeds.filter((s) => !s.ok).map((s) => s.baud);
  if (failed.length > 0) return t('check.result.failed', { failed: failed.join(', ') });
  return t('check.result.ok', { speeds: result.speeds.map((s) => s.baud).join(', ') });
}

export async function runCheck(): Promise<void> {
  if (runningStep.value !== undefined) return;
  report.value = undefined;
  problem.value = undefined;
  let session;
  try {
    session = await ensureConnected();
  } catch (error) {
    if (isFlasherError(error) && error.code !== 'cancelled' && error.code !== 'port-cancelled') problem.value = `${error.message} ${error.action}`;
    return;
  }
  runningStep.value = CHECK;
  try {
    report.value = await session.selfTest({ fasterBauds: FASTER_BAUDS }, () => undefined);
    const state = connection.peek();
    if (state.kind === 'connected' && state.session === session) connection.value = { ...state, device: { ...session.device } };
    if (report.value.error !== undefined) await dropConnection(session);
  } catch (error) {
    problem.value = isFlasherError(error) ? `${error.message} ${error.action}` : String(error);
    await dropConnection(session);
  } finally {
    runningStep.value = undefined;
  }
}

export function AdapterCheck() {
  const running = runningStep.value === CHECK;
  const result = report.value;
  return (
    <div class="adapter-check">
      <button type="button" class="secondary" disabled={runningStep.value !== undefined || connecting.value} aria-busy={running} onClick={() => void runCheck()}>
        {t('panel.check')}
      </button>
      {running && <p aria-live="polite">{t('check.running')}</p>}
      {result && !running && (
        <div role="status" class={result.error === undefined && result.speeds.every((s) => s.ok) ? 'step-result ok' : 'step-result failed'}>
          <p>{summary(result)}</p>
          <button type="button" onClick={() => downloadBytes(new TextEncoder().encode(formatSelfTestReport(result)), `sonoff-check-${result.device.mac.replaceAll(':', '')}.txt`)}>
            {t('check.download')}
          </button>
        </div>
      )}
      {problem.value && !running && (
        <p role="alert" class="step-result failed">
          {problem.value}
        </p>
      )}
    </div>
  );
}
