/** The page's one handle on the backups stored in this browser. */
import { openBackupStore, type BackupStore } from '../../backups/index.ts';

let store: Promise<BackupStore> | undefined;

export function backupStore(): Promise<BackupStore> {
  store ??= openBackupStore().catch((error: unknown) => {
    store = undefined;
    throw error;
  });
  return store;
}
