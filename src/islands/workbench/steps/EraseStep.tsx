/**
 * erase_flash: destroys the installed firmware and its settings, so it asks
 * first, and says so when this device (by MAC) has no backup yet.
 */
import { useSignal } from '@preact/signals';
import type { FlasherSession } from '../../../flasher/index.ts';
import type { Command } from '../../../steps/operation.ts';
import { getBaud } from '../../../scripts/command-vars.ts';
import { backupStore } from '../backups.ts';
import { Confirm, Log, Outcome, Progress, RunButton } from '../parts.tsx';
import { useRunRequest } from '../run-request.ts';
import type { StepRun } from '../step-run.ts';
import { t } from '../../../i18n/index.ts';
import { macText } from '../format.ts';

interface Pending {
  session: FlasherSession;
  hasBackup: boolean;
}

export function EraseStep({ run, command, backupStepId }: { run: StepRun; command: Command; backupStepId: string | undefined }) {
  const pending = useSignal<Pending | undefined>(undefined);

  const start = async (): Promise<void> => {
    run.reset();
    const session = await run.session();
    if (!session) return;
    let hasBackup = false;
    try {
      hasBackup = await (await backupStore()).hasBackupFor(session.device.mac);
    } catch {
      // No IndexedDB: say there is no backup here, which is the careful answer.
    }
    pending.value = { session, hasBackup };
  };
  useRunRequest(run.stepId, () => void start());

  const erase = async (): Promise<void> => {
    const confirmed = pending.value;
    pending.value = undefined;
    if (!confirmed) return;
    const result = await run.perform(confirmed.session, (current) => current.run({ ...command, baud: getBaud() }, new Map(), run.onEvent), { changesFlash: true });
    if (result) run.outcome.value = { ok: result.verified, text: result.summary };
  };

  const ask = pending.value;
  return (
    <div class="run-step not-content" data-run-step={run.stepId}>
      <RunButton run={run} onRun={() => void start()} disabled={ask !== undefined} />
      {ask && (
        <Confirm label={t('erase.confirm')}>
          <p>{t('erase.question', { mac: macText(ask.session.device.mac) })}</p>
          {!ask.hasBackup && (
            <p>
              <strong>{t('erase.noBackup')}</strong> {t('erase.noBackupWhy')}
            </p>
          )}
          <div class="step-buttons">
            <button type="button" class="danger" onClick={() => void erase()}>
              {t('erase.go')}
            </button>
            {!ask.hasBackup && backupStepId && (
              <a class="button secondary" href={`#${backupStepId}`} onClick={() => (pending.value = undefined)}>
                {t('erase.backupFirst')}
              </a>
            )}
            <button type="button" class="secondary" onClick={() => (pending.value = undefined)}>
              {t('common.cancel')}
            </button>
          </div>
        </Confirm>
      )}
      <Progress run={run} label={t('erase.progress')} />
      <Outcome run={run} />
      <Log run={run} />
    </div>
  );
}
