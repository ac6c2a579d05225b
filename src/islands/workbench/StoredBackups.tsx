/**
 * The backups kept in this browser: list, label, download (under a name
 * with the label, MAC and date), delete (after asking). Two backups with the
 * same bytes say so, so a person knows which copies are the same.
 */
import { useSignal, useSignalEffect } from '@preact/signals';
import type { Backup } from '../../backups/index.ts';
import { datedFileName, downloadBytes } from '../../backups/download.ts';
import { MAX_LABEL_LENGTH } from '../../backups/store.ts';
import { t } from '../../i18n/index.ts';
import { backupStore } from './backups.ts';
import { backupsVersion } from './state.ts';

function when(backup: Backup): string {
  return t('backups.when', { date: backup.takenAt.slice(0, 10), time: backup.takenAt.slice(11, 16) });
}

/** A backup as a sentence names it: its label and when, or when it was taken. */
export function backupName(backup: Backup): string {
  return backup.label === undefined ? when(backup) : t('flasher.backups.named', { label: backup.label, when: when(backup) });
}

export function describeBackup(backup: Backup): string {
  const described = t('flasher.backups.described', { mac: backup.mac, when: when(backup), bytes: backup.sizeBytes, md5: `${backup.md5.slice(0, 8)}…` });
  return backup.label === undefined ? described : t('flasher.backups.labelled', { label: backup.label, described });
}

/** For each backup, the older one with the same bytes (same size and MD5), if any. */
export function identicalTo(backups: readonly Backup[]): Map<string, Backup> {
  const found = new Map<string, Backup>();
  // Newest first: the oldest of a group is the one the others repeat.
  const oldestFirst = [...backups].reverse();
  const first = new Map<string, Backup>();
  for (const backup of oldestFirst) {
    const key = `${backup.sizeBytes} ${backup.md5}`;
    const earlier = first.get(key);
    if (earlier) found.set(backup.id, earlier);
    else first.set(key, backup);
  }
  return found;
}

/** The stored backups, newest first, reloaded whenever one is added, labelled or deleted. */
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

const message = (failure: unknown): string => (failure instanceof Error ? failure.message : String(failure));

function LabelForm({ backup, onProblem }: { backup: Backup; onProblem: (text: string | undefined) => void }) {
  const value = useSignal(backup.label ?? '');
  const saved = useSignal(false);
  const id = `backup-label-${backup.id}`;
  return (
    <form
      class="backup-label"
      onSubmit={(event) => {
        event.preventDefault();
        void backupStore()
          .then((store) => store.setLabel(backup.id, value.value))
          .then(
            () => {
              onProblem(undefined);
              saved.value = true;
              backupsVersion.value++;
            },
            (failure: unknown) => onProblem(message(failure)),
          );
      }}
    >
      <label for={id}>{t('backups.label')}</label>{' '}
      <input
        id={id}
        type="text"
        maxLength={MAX_LABEL_LENGTH}
        value={value.value}
        placeholder={t('backups.labelHint')}
        aria-label={t('backups.labelFor', { description: describeBackup(backup) })}
        onInput={(event) => {
          value.value = event.currentTarget.value;
          saved.value = false;
        }}
      />{' '}
      <button type="submit" class="secondary">
        {t('backups.labelSave')}
      </button>
      {saved.value && (
        <span role="status" class="backup-label-saved">
          {' '}
          {t('backups.labelSaved')}
        </span>
      )}
    </form>
  );
}

export function StoredBackups() {
  const { backups, error } = useStoredBackups();
  const confirming = useSignal<string | undefined>(undefined);
  const problem = useSignal<string | undefined>(undefined);
  if (error) return <p class="run-step-note">{t('backups.unavailable', { reason: error })}</p>;
  if (!backups) return null;
  const same = identicalTo(backups);

  const download = async (backup: Backup): Promise<void> => {
    const stored = await (await backupStore()).get(backup.id).catch((failure: unknown) => {
      problem.value = message(failure);
      return undefined;
    });
    if (stored) downloadBytes(stored.bytes, datedFileName(stored));
  };
  const remove = async (backup: Backup): Promise<void> => {
    confirming.value = undefined;
    await (await backupStore()).remove(backup.id);
    backupsVersion.value++;
  };

  return (
    <section class="stored-backups" aria-label={t('backups.region')}>
      <h4>{t('backups.heading', { count: backups.length })}</h4>
      {backups.length === 0 ? (
        <p>{t('backups.none')}</p>
      ) : (
        <ul>
          {backups.map((backup) => {
            const earlier = same.get(backup.id);
            return (
              <li key={backup.id}>
                <span class="backup-description">{describeBackup(backup)}</span>
                {earlier && <span class="backup-identical"> ({t('backups.identical', { other: earlier.label ?? when(earlier) })})</span>}
                <div class="backup-actions">
                  <button type="button" class="secondary" onClick={() => void download(backup)} aria-label={t('backups.downloadLabel', { description: describeBackup(backup) })}>
                    {t('backups.download')}
                  </button>
                  {confirming.value === backup.id ? (
                    <span role="group" aria-label={t('backups.deleteConfirm')}>
                      {t('backups.deleteQuestion')}{' '}
                      <button type="button" class="danger" onClick={() => void remove(backup)}>
                        {t('backups.deleteGo')}
                      </button>{' '}
                      <button type="button" class="secondary" onClick={() => (confirming.value = undefined)}>
                        {t('backups.keep')}
                      </button>
                    </span>
                  ) : (
                    <button type="button" class="secondary" onClick={() => (confirming.value = backup.id)} aria-label={t('backups.deleteLabel', { description: describeBackup(backup) })}>
                      {t('backups.delete')}
                    </button>
                  )}
                </div>
                <LabelForm key={backup.id} backup={backup} onProblem={(text) => (problem.value = text)} />
              </li>
            );
          })}
        </ul>
      )}
      {problem.value && <p role="alert">{problem.value}</p>}
    </section>
  );
}
