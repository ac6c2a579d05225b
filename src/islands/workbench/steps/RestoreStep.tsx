/**
 * write_flash of a backup: from a backup kept in this browser or a file.
 * Refuses a truncated or changed backup; warns and asks when its size or
 * MAC does not match the connected device; writes with the command's flags.
 */
import { useSignal, useSignalEffect } from '@preact/signals';
import type { Backup } from '../../../backups/index.ts';
import { checkBackupForRestore, loadMd5, type BackupWarning, type FlasherSession } from '../../../flasher/index.ts';
import type { Command, WriteFlash } from '../../../steps/operation.ts';
import { backupStore } from '../backups.ts';
import { FilePicker, filePickerId, type PickedFile } from '../../FilePicker.tsx';
import { t } from '../../../i18n/index.ts';
import { macText, sizeText } from '../format.ts';
import { Confirm, Log, Needs, Outcome, Progress, RunButton } from '../parts.tsx';
import { useRunRequest } from '../run-request.ts';
import { connected, handedOverFiles, takeHandedOverFile } from '../state.ts';
import type { StepRun } from '../step-run.ts';
import { backupName, describeBackup, useStoredBackups } from '../StoredBackups.tsx';
import { WriteMode } from '../WriteMode.tsx';
import { runWrite } from './write-run.ts';

type Source = { kind: 'stored'; backup: Backup } | { kind: 'file'; file: PickedFile };

interface Pending {
  session: FlasherSession;
  bytes: Uint8Array;
  warnings: BackupWarning[];
  /** What is about to be written, as the question names it. */
  source: string;
}

export function RestoreStep({ run, command, operation }: { run: StepRun; command: Command; operation: WriteFlash }) {
  const file = operation.files[0];
  /** The person's own choice; until they make one, the newest backup of the connected device is the choice. */
  const picked = useSignal<Source | undefined>(undefined);
  const pending = useSignal<Pending | undefined>(undefined);
  const { backups } = useStoredBackups();
  const fileName = file?.fileName ?? 'backup';
  const mac = connected.value?.device.mac;
  const suggested = backups?.find((backup) => mac === undefined || backup.mac === mac);
  const chosen: Source | undefined = picked.value ?? (suggested && { kind: 'stored', backup: suggested });
  const choose = (source: Source): void => {
    picked.value = source;
    // A new choice makes the last run's result stale.
    if (!run.running.peek()) run.reset();
  };

  const write = (session: FlasherSession, bytes: Uint8Array): Promise<void> => runWrite(run, session, command, new Map([[fileName, bytes]]), fileName);

  const start = async (): Promise<void> => {
    run.reset();
    pending.value = undefined;
    // What is chosen now, not at the last render: a file handed over by a Run clicked before the page had
    // loaded its flasher may not be rendered yet.
    const handed = takeHandedOverFile(run.stepId, fileName);
    if (handed) picked.value = { kind: 'file', file: handed };
    const chosen: Source | undefined = picked.peek() ?? (suggested && { kind: 'stored', backup: suggested });
    if (!chosen) {
      run.needs.value = t('restore.needs', { fileName });
      document.getElementById(filePickerId(run.stepId, fileName))?.focus();
      return;
    }
    const session = await run.session();
    if (!session) return;
    let bytes: Uint8Array;
    let recorded: Backup | undefined;
    if (chosen.kind === 'stored') {
      try {
        const stored = await (await backupStore()).get(chosen.backup.id);
        if (!stored) throw new Error(t('restore.gone'));
        bytes = stored.bytes;
        recorded = stored;
      } catch (error) {
        run.outcome.value = { ok: false, text: error instanceof Error ? error.message : String(error), action: t('restore.pickAnother') };
        return;
      }
    } else bytes = chosen.file.bytes;
    await loadMd5();
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
    // Restoring replaces everything on the flash, as erasing does: it asks first, always.
    const source = recorded ? t('restore.sourceStored', { description: backupName(recorded) }) : t('restore.sourceFile', { name: chosen.kind === 'file' ? chosen.file.name : fileName });
    pending.value = { session, bytes, warnings: check.warnings, source };
  };
  useRunRequest(run.stepId, () => void start());
  useSignalEffect(() => {
    void handedOverFiles.value;
    const handed = takeHandedOverFile(run.stepId, fileName);
    if (handed) choose({ kind: 'file', file: handed });
  });

  const ask = pending.value;
  return (
    <div class="run-step not-content" data-run-step={run.stepId}>
      <fieldset class="restore-source" disabled={run.blocked.value}>
        <legend>{t('restore.legend')}</legend>
        {backups?.map((backup) => (
          <label key={backup.id} class="restore-choice">
            <input type="radio" name={`${run.stepId}-source`} checked={chosen?.kind === 'stored' && chosen.backup.id === backup.id} onChange={() => choose({ kind: 'stored', backup })} />{' '}
            {t('restore.stored', { description: describeBackup(backup) })}
          </label>
        ))}
        {backups?.length === 0 && <p>{t('restore.noneStored')}</p>}
        <FilePicker
          stepId={run.stepId}
          fileName={fileName}
          disabled={run.blocked.value}
          chosen={chosen?.kind === 'file' ? { name: chosen.file.name, size: chosen.file.bytes.length } : undefined}
          onPick={(file) => choose({ kind: 'file', file })}
        />
      </fieldset>
      <WriteMode run={run} />
      <RunButton run={run} onRun={() => void start()} disabled={ask !== undefined} />
      <Needs run={run} />
      {ask && (
        <Confirm label={t('restore.confirm')}>
          <p>{t('restore.question', { source: ask.source, mac: macText(ask.session.device.mac), size: sizeText(ask.bytes.length) })}</p>
          {ask.warnings.map((warning) => (
            <p key={warning.code}>
              <strong>{warning.message}</strong>
            </p>
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
              {ask.warnings.length > 0 ? t('restore.goAnyway') : t('restore.go')}
            </button>
            <button type="button" class="secondary" onClick={() => (pending.value = undefined)}>
              {t('common.cancel')}
            </button>
          </div>
        </Confirm>
      )}
      <Progress run={run} label={t('restore.progress')} />
      <Outcome run={run} next="boot" />
      <Log run={run} />
    </div>
  );
}
