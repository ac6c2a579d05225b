/**
 * The browser's own copy of every flash backup (IndexedDB, through idb's
 * promises), so a backup survives a reload, a closed tab and a forgotten
 * download.
 *
 * Rules: storing never overwrites another backup (a fresh id, IndexedDB `add`);
 * bytes are stored only when their MD5 equals the one the device reported, so
 * a failed or partial read is never kept as good; a stored backup is checked
 * again on every read. Metadata and bytes live in two object stores, written
 * in one transaction, so listing never loads the bytes.
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { loadMd5, md5Hex } from '../flasher/md5.ts';
import { t } from '../i18n/index.ts';

export interface Backup {
  id: string;
  /** Normalized: lower case, colon separated. */
  mac: string;
  /** ISO 8601. */
  takenAt: string;
  sizeBytes: number;
  /** Lower-case hex. */
  md5: string;
  /** The name the backup is downloaded under (the command's, e.g. sonoff-backup.bin). */
  fileName: string;
  /** The device's detected flash size when the backup was taken, if known. */
  flashSizeBytes?: number;
  /** The person's own name for it ("stock firmware"), if they gave one. */
  label?: string;
}

/** A label's longest length, in characters. */
export const MAX_LABEL_LENGTH = 60;

export interface StoredBackup extends Backup {
  bytes: Uint8Array;
}

export interface AddBackupInput {
  mac: string;
  bytes: Uint8Array;
  /** The MD5 the device reported for the region read (lower or upper case hex). */
  md5: string;
  fileName: string;
  takenAt?: Date;
  flashSizeBytes?: number;
  /** The size the read asked for; a shorter or longer read is refused. */
  expectedSizeBytes?: number;
}

export interface BackupStore {
  add(input: AddBackupInput): Promise<Backup>;
  /** Metadata only, newest first. */
  list(): Promise<Backup[]>;
  /** Undefined when there is no such backup; rejects (code 'corrupted') when it no longer matches its MD5. */
  get(id: string): Promise<StoredBackup | undefined>;
  remove(id: string): Promise<void>;
  /** Names a backup (metadata only: its bytes are not touched); an empty label removes it. Returns the backup as stored. */
  setLabel(id: string, label: string): Promise<Backup>;
  hasBackupFor(mac: string): Promise<boolean>;
  close(): void;
}

export type BackupStoreErrorCode =
  /** 0 bytes: the read did not happen. */
  | 'empty'
  /** The bytes do not match the device's MD5 or the size asked for. */
  | 'verify-failed'
  /** The input is not a backup (bad date, bad MD5 text). */
  | 'invalid'
  /** The browser's storage is full. */
  | 'quota'
  /** A stored backup no longer matches its MD5, or its bytes are missing. */
  | 'corrupted'
  /** No IndexedDB here, or the browser refused to open it (private window, storage disabled). */
  | 'unavailable'
  /** The backup asked for is not stored (deleted meanwhile, in this tab or another). */
  | 'missing'
  /** Any other IndexedDB failure. */
  | 'failed';

export class BackupStoreError extends Error {
  override name = 'BackupStoreError';
  readonly code: BackupStoreErrorCode;
  /** The stored backup concerned, when there is one (e.g. a corrupted one, to offer deleting it). */
  readonly backupId: string | undefined;

  constructor(code: BackupStoreErrorCode, message: string, options?: { cause?: unknown; backupId?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.backupId = options?.backupId;
  }
}

export function isBackupStoreError(error: unknown, code?: BackupStoreErrorCode): error is BackupStoreError {
  return error instanceof BackupStoreError && (code === undefined || error.code === code);
}

export const DEFAULT_DB_NAME = 'sonoff-flasher';
export const DB_VERSION = 1;
/** Object store of Backup records (metadata only), keyed by id, indexed by mac. */
export const META_STORE = 'backups';
/** Object store of { id, bytes } records. */
export const BYTES_STORE = 'backup-bytes';
const MAC_INDEX = 'mac';

interface BytesRecord {
  id: string;
  bytes: Uint8Array;
}

type Operation = 'open' | 'save' | 'read' | 'delete';

export const normalizeMac = (mac: string): string => mac.trim().toLowerCase().replace(/-/g, ':');

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') return error.name;
  return t('flasher.store.unknownError');
}

/** Map an IndexedDB failure to a sentence for the person at the bench. */
export function toBackupStoreError(error: unknown, operation: Operation): BackupStoreError {
  if (error instanceof BackupStoreError) return error;
  const name = errorName(error);
  const cause = { cause: error };
  if (name === 'QuotaExceededError') {
    return new BackupStoreError('quota', operation === 'save' ? t('flasher.store.quota') : t('flasher.store.full'), cause);
  }
  switch (operation) {
    case 'open':
      return new BackupStoreError('unavailable', t('flasher.store.unavailable', { name }), cause);
    case 'save':
      return new BackupStoreError('failed', t('flasher.store.saveFailed', { name }), cause);
    case 'read':
      return new BackupStoreError('failed', t('flasher.store.readFailed', { name }), cause);
    case 'delete':
      return new BackupStoreError('failed', t('flasher.store.deleteFailed', { name }), cause);
  }
}

function isBackup(value: unknown): value is Backup {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.mac === 'string' &&
    typeof v.takenAt === 'string' &&
    typeof v.sizeBytes === 'number' &&
    typeof v.md5 === 'string' &&
    typeof v.fileName === 'string' &&
    (v.flashSizeBytes === undefined || typeof v.flashSizeBytes === 'number') &&
    (v.label === undefined || typeof v.label === 'string')
  );
}

function bytesOf(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'object' || value === null || !('bytes' in value)) return undefined;
  const bytes = value.bytes;
  if (bytes instanceof Uint8Array) return bytes;
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  return undefined;
}

function metadataOf(backup: Backup): Backup {
  const { id, mac, takenAt, sizeBytes, md5, fileName, flashSizeBytes, label } = backup;
  const metadata: Backup = { id, mac, takenAt, sizeBytes, md5, fileName };
  if (flashSizeBytes !== undefined) metadata.flashSizeBytes = flashSizeBytes;
  if (label !== undefined) metadata.label = label;
  return metadata;
}

/** A label as kept: one line, trimmed, at most MAX_LABEL_LENGTH characters; undefined when empty. */
export function normalizeLabel(label: string): string | undefined {
  const line = label.replace(/\s+/g, ' ').trim();
  if (line === '') return undefined;
  if ([...line].length > MAX_LABEL_LENGTH)
    throw new BackupStoreError('invalid', t('flasher.store.labelTooLong', { max: MAX_LABEL_LENGTH, length: [...line].length }));
  return line;
}

function newId(): string {
  const c = globalThis.crypto;
  if (c !== undefined && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

function baseName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop()?.trim() ?? '';
  return base === '' ? 'sonoff-backup.bin' : base;
}

/** Checks a freshly read backup; returns the record to store or throws. Pure. */
export function prepareBackup(input: AddBackupInput, id: string = newId()): Backup {
  const { bytes, md5, expectedSizeBytes, flashSizeBytes } = input;
  if (bytes.length === 0) throw new BackupStoreError('empty', t('flasher.store.empty'));
  if (expectedSizeBytes !== undefined && bytes.length !== expectedSizeBytes)
    throw new BackupStoreError('verify-failed', t('flasher.store.sizeDiffers', { bytes: bytes.length, expected: expectedSizeBytes }));
  const expected = md5.trim().toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(expected)) throw new BackupStoreError('invalid', t('flasher.store.notMd5', { md5 }));
  if (md5Hex(bytes) !== expected) throw new BackupStoreError('verify-failed', t('flasher.store.md5Differs'));
  const takenAt = input.takenAt ?? new Date();
  if (Number.isNaN(takenAt.getTime())) throw new BackupStoreError('invalid', t('flasher.store.badDate'));
  const backup: Backup = {
    id,
    mac: normalizeMac(input.mac),
    takenAt: takenAt.toISOString(),
    sizeBytes: bytes.length,
    md5: expected,
    fileName: baseName(input.fileName),
  };
  if (flashSizeBytes !== undefined) backup.flashSizeBytes = flashSizeBytes;
  return backup;
}

/** The two object stores, as idb types them (records read back are still checked: a disk can be damaged). */
interface BackupSchema extends DBSchema {
  [META_STORE]: { key: string; value: Backup; indexes: { [MAC_INDEX]: string } };
  [BYTES_STORE]: { key: string; value: BytesRecord };
}

type StoreName = typeof META_STORE | typeof BYTES_STORE;
type Database = IDBPDatabase<BackupSchema>;

/** idb's openDB with the factory given (tests pass fake-indexeddb's): the schema on first use. */
async function openDatabase(factory: IDBFactory, name: string): Promise<Database> {
  const request = factory.open(name, DB_VERSION);
  request.addEventListener('upgradeneeded', () => {
    const db = request.result;
    if (!db.objectStoreNames.contains(META_STORE)) db.createObjectStore(META_STORE, { keyPath: 'id' }).createIndex(MAC_INDEX, 'mac', { unique: false });
    if (!db.objectStoreNames.contains(BYTES_STORE)) db.createObjectStore(BYTES_STORE, { keyPath: 'id' });
  });
  const db = await wrap(request);
  if (db === undefined) throw new DOMException('The database could not be opened.', 'UnknownError');
  return db as unknown as Database;
}

/**
 * Opens (creating on first use) the backup store. Rejects with a
 * BackupStoreError (code 'unavailable') when this browser cannot keep backups.
 */
export async function openBackupStore(
  factory: IDBFactory = globalThis.indexedDB,
  name: string = DEFAULT_DB_NAME,
): Promise<BackupStore> {
  let db: Database;
  try {
    if (factory === undefined) throw new DOMException('IndexedDB is not available.', 'NotSupportedError');
    db = await openDatabase(factory, name);
  } catch (error) {
    throw toBackupStoreError(error, 'open');
  }
  // Another tab upgrading the schema must not be blocked by this one.
  db.addEventListener('versionchange', () => db.close());

  /**
   * One transaction over `stores`: its requests and its commit succeed together, or the whole
   * transaction is rolled back (a request that fails, or throws at once, aborts it, so nothing
   * half-written commits). The caller sees the request's own failure, else the commit's, as a sentence.
   */
  async function inTransaction<T, S extends StoreName[], M extends IDBTransactionMode>(
    operation: Operation,
    stores: S,
    mode: M,
    body: (tx: IDBPTransaction<BackupSchema, S, M>) => Promise<T>,
  ): Promise<T> {
    try {
      const tx = db.transaction(stores, mode);
      // Awaited below once the requests succeeded; after a failed request it only repeats the abort.
      tx.done.catch(() => undefined);
      let result: T;
      try {
        result = await body(tx);
      } catch (error) {
        try {
          tx.abort();
        } catch {
          // already aborted by the failed request
        }
        throw error;
      }
      await tx.done;
      return result;
    } catch (error) {
      throw toBackupStoreError(error, operation);
    }
  }

  return {
    async add(input) {
      // Only verified bytes are kept: the code for the MD5 comes with the first one.
      await loadMd5();
      const backup = prepareBackup(input);
      // A copy of only the view's range: cloning a view clones its whole buffer.
      const record: BytesRecord = { id: backup.id, bytes: input.bytes.slice() };
      // `add`, never `put`: an id already taken fails (ConstraintError) instead of replacing a backup.
      // Each request is made in the success of the one before, while the transaction is still active.
      await inTransaction('save', [META_STORE, BYTES_STORE], 'readwrite', async (tx) => {
        await tx.objectStore(META_STORE).add(backup);
        await tx.objectStore(BYTES_STORE).add(record);
      });
      return metadataOf(backup);
    },

    async list() {
      const records: unknown[] = await inTransaction('read', [META_STORE], 'readonly', (tx) => tx.objectStore(META_STORE).getAll());
      return records
        .filter(isBackup)
        .map(metadataOf)
        .sort((a, b) => (a.takenAt === b.takenAt ? b.id.localeCompare(a.id) : a.takenAt < b.takenAt ? 1 : -1));
    },

    async get(id) {
      // Re-checked on every read, as stored.
      await loadMd5();
      // Both in one transaction: the record and its bytes as they were at one moment.
      const [meta, stored]: [unknown, unknown] = await inTransaction('read', [META_STORE, BYTES_STORE], 'readonly', async (tx) => [
        await tx.objectStore(META_STORE).get(id),
        await tx.objectStore(BYTES_STORE).get(id),
      ]);
      if (meta === undefined) return undefined;
      if (!isBackup(meta))
        throw new BackupStoreError('corrupted', t('flasher.store.badRecord'), { backupId: id });
      const bytes = bytesOf(stored);
      const record = { mac: meta.mac, takenAt: meta.takenAt };
      if (bytes === undefined) throw new BackupStoreError('corrupted', t('flasher.store.lostData', record), { backupId: id });
      if (bytes.length !== meta.sizeBytes || md5Hex(bytes) !== meta.md5) throw new BackupStoreError('corrupted', t('flasher.store.damaged', record), { backupId: id });
      return { ...metadataOf(meta), bytes };
    },

    async remove(id) {
      await inTransaction('delete', [META_STORE, BYTES_STORE], 'readwrite', async (tx) => {
        await tx.objectStore(META_STORE).delete(id);
        await tx.objectStore(BYTES_STORE).delete(id);
      });
    },

    async setLabel(id, label) {
      const wanted = normalizeLabel(label);
      // Read and rewrite the metadata in one transaction (`put` here on purpose: only the label changes, the bytes are not touched).
      const updated = await inTransaction('save', [META_STORE], 'readwrite', async (tx) => {
        const store = tx.objectStore(META_STORE);
        const meta: unknown = await store.get(id);
        if (!isBackup(meta)) return undefined;
        const next = metadataOf(meta);
        if (wanted === undefined) delete next.label;
        else next.label = wanted;
        await store.put(next);
        return next;
      });
      if (updated === undefined) throw new BackupStoreError('missing', t('restore.gone'), { backupId: id });
      return updated;
    },

    async hasBackupFor(mac) {
      const wanted = normalizeMac(mac);
      if (wanted === '') return false;
      const count = await inTransaction('read', [META_STORE], 'readonly', (tx) => tx.objectStore(META_STORE).index(MAC_INDEX).count(wanted));
      return count > 0;
    },

    close() {
      db.close();
    },
  };
}
