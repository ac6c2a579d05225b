export {
  BYTES_STORE,
  BackupStoreError,
  DB_VERSION,
  DEFAULT_DB_NAME,
  MAX_LABEL_LENGTH,
  META_STORE,
  isBackupStoreError,
  normalizeLabel,
  normalizeMac,
  openBackupStore,
  prepareBackup,
  toBackupStoreError,
} from './store.ts';
export type { AddBackupInput, Backup, BackupStore, BackupStoreErrorCode, StoredBackup } from './store.ts';
export { DEFAULT_BACKUP_FILE_NAME, REVOKE_AFTER_MS, backupFileName, datedFileName, downloadBytes, labelSlug } from './download.ts';
export type { DownloadAnchor, DownloadDocument, ObjectUrls } from './download.ts';
export { PENDING_WRITE_KEY, markWriteFinished, markWriteStarted, unfinishedWrite } from './pending-write.ts';
export type { MarkerStorage, PendingWrite, PendingWriteInput } from './pending-write.ts';
