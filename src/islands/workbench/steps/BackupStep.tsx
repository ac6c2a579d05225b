/**
 * read_flash: read the range, verify it against the device's own MD5, keep
 * it in this browser with MAC, date, size and MD5, and offer the download
 * under the command's file name. A failed or partial read is never stored.
 */
import { useSignal } from '@preact/signals';
import { downloadBytes } from '../../../backups/download.ts';
import type { ReadResult } from '../../../flasher/index.ts';
import type { Command, ReadFlash } from '../../../steps/operation.ts';
import { getBaud } from '../../../scripts/command-vars.ts';
import { backupStore } from '../backups.ts';
import { Log, Outcome, Progress, RunButton } from '../parts.tsx';
import { useRunRequest } from '../run-request.ts';
import { backupsVersion, connected } from '../state.ts';
import type { StepRun } from '../step-run.ts';
import { describeBackup, identicalTo, StoredBackups } from '../StoredBackups.tsx';
import { t } from '../../../i18n/index.ts';

export function BackupStep({ run, command, operation }: { run: StepRun; command: Command; operation: ReadFlash }) {
  const last = useSignal<ReadResult | undefined>(undefined);

  const start = async (): Promise<void> => {
    run.reset();
    const session = await run.session();
    if (!session) return;
    last.value = undefined;
    const result = await run.perform(session, (current) => current.run({ ...command, baud: getBaud() }, new Map(), run.onEvent));
    if (!result || !('data' in result) || !result.verified) return;
    last.value = result;
    const notes: string[] = [];
    try {
      // After a reconnect the step ran on a new session: the device it read is the connected one now.
      const device = connected.peek()?.device ?? session.device;
      const store = await backupStore();
      const stored = await store.add({ mac: device.mac, bytes: result.data, md5: result.md5, fileName: operation.fileName, flashSizeBytes: device.flashSizeBytes, expectedSizeBytes: operation.sizeBytes });
      // Ask the browser not to evict backups when space runs low (best effort).
      void navigator.storage?.persist?.().catch(() => false);
      notes.push(t('backup.kept', { mac: stored.mac }));
      const earlier = identicalTo(await store.list()).get(stored.id);
      if (earlier) notes.push(t('backup.identical', { other: earlier.label ?? describeBackup(earlier) }));
      backupsVersion.value++;
    } catch (error) {
      notes.push(`${error instanceof Error ? error.message : String(error)}`);
    }
    run.outcome.value = { ok: true, text: result.summary, notes };
  };
  useRunRequest(run.stepId, () => void start());

  const result = last.value;
  return (
    <div class="run-step not-content" data-run-step={run.stepId}>
      <RunButton run={run} onRun={() => void start()} />
      <Progress run={run} label={t('backup.progress')} />
      <Outcome run={run}>
        {result && run.outcome.value?.ok && (
          <button type="button" onClick={() => downloadBytes(result.data, operation.fileName)}>
            {t('backup.download', { fileName: operation.fileName })}
          </button>
        )}
      </Outcome>
      <Log run={run} />
      <StoredBackups />
    </div>
  );
}
