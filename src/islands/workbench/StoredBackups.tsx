/** The backups kept in this browser: list, download, delete (after asking). */
import { useSignal, useSignalEffect } from '@preact/signals';
import type { Backup } from '../../backups/index.ts';
import { downloadBytes } from '../../backups/download.ts';
import { backupStore } from './backups.ts';
import { count } from './format.ts';
import { backupsVersion } from './state.ts';

export function describeBackup(backup: Backup): string {
  return `${backup.mac} · ${backup.takenAt.slice(0, 16).replace('T', ' ')} UTC · ${count(backup.sizeBytes)} bytes · MD5 ${backup.md5.slice(0, 8)}…`;
}

/** The stored backups, newest first, reloaded whenever one is added or deleted. */
export function useStoredBackups(): { backups: Backup[] | undefined; error: string | undefined } {
  const backups = useSignal<Backup[] | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  useSignalEffect(() => {
    void backupsVersion.value;
    backupStore()
      .then((store) => store.list())
      .then(
        (list) => {
          backups.value = list;
          error.value = undefined;
        },
        (failure: unknown) => (error.value = failure instanceof Error ? failure.message : String(failure)),
      );
  });
  return { backups: backups.value, error: error.value };
}

export function StoredBackups() {
  const { backups, error } = useStoredBackups();
  const confirming = useSignal<string | undefined>(undefined);
  const problem = useSignal<string | undefined>(undefined);
  if (error) return <p class="run-step-note">Stored backups are not available in this browser: {error}</p>;
  if (!backups) return null;

  const download = async (backup: Backup): Promise<void> => {
    const stored = await (await backupStore()).get(backup.id).catch((failure: unknown) => {
      problem.value = failure instanceof Error ? failure.message : String(failure);
      return undefined;
    });
    if (stored) downloadBytes(stored.bytes, backup.fileName);
  };
  const remove = async (backup: Backup): Promise<void> => {
    confirming.value = undefined;
    await (await backupStore()).remove(backup.id);
    backupsVersion.value++;
  };

  return (
    <section class="stored-backups" aria-label="Backups stored in this browser">
      <h4>Backups stored in this browser ({backups.length})</h4>
      {backups.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul>
          {backups.map((backup) => (
            <li key={backup.id}>
              <span>{describeBackup(backup)}</span>{' '}
              <button type="button" class="secondary" onClick={() => void download(backup)} aria-label={`Download backup ${describeBackup(backup)}`}>
                Download
              </button>{' '}
              {confirming.value === backup.id ? (
                <span role="group" aria-label="Confirm delete">
                  Delete it for good?{' '}
                  <button type="button" class="danger" onClick={() => void remove(backup)}>
                    Delete backup
                  </button>{' '}
                  <button type="button" class="secondary" onClick={() => (confirming.value = undefined)}>
                    Keep it
                  </button>
                </span>
              ) : (
                <button type="button" class="secondary" onClick={() => (confirming.value = backup.id)} aria-label={`Delete backup ${describeBackup(backup)}`}>
                  Delete
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {problem.value && <p role="alert">{problem.value}</p>}
    </section>
  );
}
