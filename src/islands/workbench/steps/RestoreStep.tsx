/**
 * write_flash of a backup: from a backup kept in this browser or a file.
 * Refuses a truncated or changed backup; warns and asks when its size or
 * MAC does not match the connected device; writes with the command's flags.
 */
import { useSignal, useSignalEffect } from '@preact/signals';
import type { Backup } from '../../../backups/index.ts';
import { checkBackupForRestore, type BackupWarning, type FlasherSession } from '../../../flasher/index.ts';
import type { Command, WriteFlash } from '../../../steps/operation.ts';
import { backupStore } from '../backups.ts';
import { FilePicker, type PickedFile } from '../../FilePicker.tsx';
import { count } from '../format.ts';
import { Confirm, Log, Outcome, Progress, RunButton } from '../parts.tsx';
import { useRunRequest } from '../run-request.ts';
import { handedOverFiles, takeHandedOverFile } from '../state.ts';
import type { StepRun } from '../step-run.ts';
import { describeBackup, useStoredBackups } from '../StoredBackups.tsx';
import { WriteMode } from '../WriteMode.tsx';
import { runWrite } from './write-run.ts';

type Source = { kind: 'stored'; backup: Backup } | { kind: 'file'; file: PickedFile };

interface Pending {
  session: FlasherSession;
  bytes: Uint8Array;
  warnings: BackupWarning[];
}

export function RestoreStep({ run, command, operation }: { run: StepRun; command: Command; operation: WriteFlash }) {
  const file = operation.files[0];
  const source = useSignal<Source | undefined>(undefined);
  const pending = useSignal<Pending | undefined>(undefined);
  const { backups } = useStoredBackups();
  const fileName = file?.fileName ?? 'backup';

  const write = (session: FlasherSession, bytes: Uint8Array): Promise<void> => runWrite(run, session, command, new Map([[fileName, bytes]]), fileName);

  const start = async (): Promise<void> => {
    run.reset();
    pending.value = undefined;
    const chosen = source.value;
    if (!chosen) {
      run.outcome.value = { ok: false, text: 'No backup is chosen.', action: `Pick a backup kept in this browser or choose the file ${fileName}, then run the step.` };
      return;
    }
    const session = await run.session();
    if (!session) return;
    let bytes: Uint8Array;
    let recorded: Backup | undefined;
    if (chosen.kind === 'stored') {
      try {
        const stored = await (await backupStore()).get(chosen.backup.id);
        if (!stored) throw new Error('That backup is no longer stored in this browser.');
        bytes = stored.bytes;
        recorded = stored;
      } catch (error) {
        run.outcome.value = { ok: false, text: error instanceof Error ? error.message : String(error), action: 'Pick another backup or choose a file.' };
        return;
      }
    } else bytes = chosen.file.bytes;
    const check = checkBackupForRestore({
      bytes,
      backupMac: recorded?.mac,
      backupSizeBytes: recorded?.sizeBytes,
      backupMd5: recorded?.md5,
      deviceMac: session.device.mac,
      flashSizeBytes: session.device.flashSizeBytes,
    });
    if (!check.ok) {
      run.fail(check.error);
      return;
    }
    if (check.warnings.length > 0) pending.value = { session, bytes, warnings: check.warnings };
    else await write(session, bytes);
  };
  useRunRequest(run.stepId, () => void start());
  useSignalEffect(() => {
    void handedOverFiles.value;
    const picked = takeHandedOverFile(run.stepId, fileName);
    if (picked) source.value = { kind: 'file', file: picked };
  });

  const ask = pending.value;
  const chosen = source.value;
  return (
    <div class="run-step not-content" data-run-step={run.stepId}>
      <fieldset class="restore-source" disabled={run.blocked.value}>
        <legend>Restore from</legend>
        {backups?.map((backup) => (
          <label key={backup.id} class="restore-choice">
            <input
              type="radio"
              name={`${run.stepId}-source`}
              checked={chosen?.kind === 'stored' && chosen.backup.id === backup.id}
              onChange={() => (source.value = { kind: 'stored', backup })}
            />{' '}
            Stored backup: {describeBackup(backup)}
          </label>
        ))}
        {backups?.length === 0 && <p>No backup is stored in this browser yet; choose a file.</p>}
        <FilePicker fileName={fileName} disabled={run.blocked.value} onPick={(picked) => (source.value = { kind: 'file', file: picked })} />
        {chosen?.kind === 'file' && (
          <p class="file-ready">
            Chosen file: {chosen.file.name}, {count(chosen.file.bytes.length)} bytes.
          </p>
        )}
      </fieldset>
      <WriteMode run={run} />
      <RunButton run={run} onRun={() => void start()} disabled={ask !== undefined} />
      {ask && (
        <Confirm label="Confirm restore">
          {ask.warnings.map((warning) => (
            <p key={warning.code}>{warning.message}</p>
          ))}
          <div class="step-buttons">
            <button
              type="button"
              class="danger"
              onClick={() => {
                pending.value = undefined;
                void write(ask.session, ask.bytes);
              }}
            >
              Restore anyway
            </button>
            <button type="button" class="secondary" onClick={() => (pending.value = undefined)}>
              Cancel
            </button>
          </div>
        </Confirm>
      )}
      <Progress run={run} label="Restore progress" />
      <Outcome run={run} />
      <Log run={run} />
    </div>
  );
}
