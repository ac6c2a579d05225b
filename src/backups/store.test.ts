import { IDBCursor, IDBDatabase, IDBFactory, IDBIndex, IDBObjectStore, IDBRequest, IDBTransaction } from 'fake-indexeddb';
import SparkMD5 from 'spark-md5';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { t } from '../i18n/index.ts';
import {
  BYTES_STORE,
  BackupStoreError,
  META_STORE,
  openBackupStore,
  toBackupStoreError,
  type AddBackupInput,
  type BackupStore,
} from './index.ts';

const QUOTA_MESSAGE = t('flasher.store.quota');

// idb tells IndexedDB objects apart by the page's constructors (instanceof IDBRequest, …); in Node
// those are fake-indexeddb's. No global indexedDB: each test passes its own factory.
Object.assign(globalThis, { IDBCursor, IDBDatabase, IDBIndex, IDBObjectStore, IDBRequest, IDBTransaction });

const MAC = '5C:CF:7F:0A:1B:2C';

function flashImage(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

const md5 = (bytes: Uint8Array): string => SparkMD5.ArrayBuffer.hash(bytes.slice().buffer);

function input(bytes: Uint8Array, extra: Partial<AddBackupInput> = {}): AddBackupInput {
  return { mac: MAC, bytes, md5: md5(bytes), fileName: 'sonoff-backup.bin', ...extra };
}

const opened: BackupStore[] = [];
async function open(factory: IDBFactory, name?: string): Promise<BackupStore> {
  const store = await openBackupStore(factory, name);
  opened.push(store);
  return store;
}

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  vi.restoreAllMocks();
});

/** Opens the raw database behind the store, as another script (or a damaged disk) would see it. */
function rawDb(factory: IDBFactory, name = 'sonoff-flasher'): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function rawPut(db: IDBDatabase, storeName: string, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, 'readwrite');
    tx.objectStore(storeName).put(value);
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
}

function rawDelete(db: IDBDatabase, storeName: string, key: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, 'readwrite');
    tx.objectStore(storeName).delete(key);
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
}

function rawCount(db: IDBDatabase, storeName: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = db.transaction(storeName, 'readonly').objectStore(storeName).count();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function rejection(promise: Promise<unknown>): Promise<BackupStoreError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupStoreError);
  return error as BackupStoreError;
}

describe('backup store', () => {
  it('round-trips a 1 MB backup byte for byte, with its metadata', async () => {
    const store = await open(new IDBFactory());
    const bytes = flashImage(1024 * 1024, 1);
    const takenAt = new Date('2024-03-05T10:20:30.000Z');
    const added = await store.add(input(bytes, { takenAt, flashSizeBytes: 1024 * 1024 }));

    expect(added).toEqual({
      id: added.id,
      mac: '5c:cf:7f:0a:1b:2c',
      takenAt: '2024-03-05T10:20:30.000Z',
      sizeBytes: 1024 * 1024,
      md5: md5(bytes),
      fileName: 'sonoff-backup.bin',
      flashSizeBytes: 1024 * 1024,
    });
    expect(added.id).not.toBe('');

    const got = await store.get(added.id);
    expect(got).toBeDefined();
    expect(got!.bytes).toBeInstanceOf(Uint8Array);
    expect(got!.bytes.length).toBe(bytes.length);
    expect(Buffer.from(got!.bytes).equals(Buffer.from(bytes))).toBe(true);
    const { bytes: _bytes, ...meta } = got!;
    expect(meta).toEqual(added);

    await store.remove(added.id);
    expect(await store.get(added.id)).toBeUndefined();
    expect(await store.list()).toEqual([]);
  });

  it('stores only the range of a view, not its whole buffer', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const whole = flashImage(8192, 2);
    const view = whole.subarray(4096);
    const added = await store.add(input(view));
    const got = await store.get(added.id);
    expect(got!.bytes.length).toBe(4096);
    expect(Buffer.from(got!.bytes).equals(Buffer.from(view))).toBe(true);
    const db = await rawDb(factory);
    const stored = await new Promise<unknown>((resolve, reject) => {
      const request = db.transaction(BYTES_STORE).objectStore(BYTES_STORE).get(added.id);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    expect((stored as { bytes: Uint8Array }).bytes.buffer.byteLength).toBe(4096);
  });

  it('never overwrites a stored backup, even if an id were reused', async () => {
    const store = await open(new IDBFactory());
    const first = flashImage(4096, 22);
    vi.spyOn(globalThis.crypto, 'randomUUID').mockReturnValue('1-2-3-4-5');
    const kept = await store.add(input(first));
    expect(kept.id).toBe('1-2-3-4-5');
    const error = await rejection(store.add(input(flashImage(4096, 23))));
    expect(error.code).toBe('failed');
    expect(error.message).toMatch(/ConstraintError.*Download it now/);
    const got = await store.get(kept.id);
    expect(Buffer.from(got!.bytes).equals(Buffer.from(first))).toBe(true);
    expect(await store.list()).toEqual([kept]);
  });

  it('lists newest first, metadata only', async () => {
    const store = await open(new IDBFactory());
    const middle = await store.add(input(flashImage(4096, 3), { takenAt: new Date('2024-02-01T00:00:00Z') }));
    const newest = await store.add(input(flashImage(4096, 4), { takenAt: new Date('2024-03-01T00:00:00Z') }));
    const oldest = await store.add(input(flashImage(4096, 5), { takenAt: new Date('2023-12-31T23:59:59Z') }));

    const listed = await store.list();
    expect(listed.map((b) => b.id)).toEqual([newest.id, middle.id, oldest.id]);
    for (const backup of listed) expect(Object.keys(backup)).not.toContain('bytes');
    expect(listed[0]).toEqual(newest);
  });

  it('never loads the bytes to list: the metadata store holds no bytes', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    await store.add(input(flashImage(4096, 6)));
    const db = await rawDb(factory);
    const records = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction(META_STORE).objectStore(META_STORE).getAll();
      request.onsuccess = () => resolve(request.result as unknown[]);
      request.onerror = () => reject(request.error);
    });
    db.close();
    expect(records).toHaveLength(1);
    expect(JSON.stringify(records)).not.toContain('bytes');
  });

  it('keeps two backups of the same device (and of the same bytes) side by side', async () => {
    const store = await open(new IDBFactory());
    const bytes = flashImage(4096, 7);
    const first = await store.add(input(bytes, { takenAt: new Date('2024-01-01T00:00:00Z') }));
    const second = await store.add(input(bytes, { takenAt: new Date('2024-01-01T00:00:00Z') }));
    const third = await store.add(input(flashImage(4096, 8), { mac: MAC.toLowerCase() }));

    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
    const listed = await store.list();
    expect(listed.map((b) => b.id).sort()).toEqual([first.id, second.id, third.id].sort());
    expect((await store.get(first.id))?.md5).toBe(md5(bytes));
    expect((await store.get(second.id))?.md5).toBe(md5(bytes));
  });

  it('refuses bytes that do not match the MD5 and stores nothing', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const bytes = flashImage(4096, 9);
    const truncated = bytes.subarray(0, 2048);
    const error = await rejection(store.add(input(truncated, { md5: md5(bytes) })));
    expect(error.code).toBe('verify-failed');
    expect(error.message).toMatch(/does not match the MD5/);
    expect(error.message).toMatch(/not stored/);
    expect(await store.list()).toEqual([]);
    const db = await rawDb(factory);
    expect(await rawCount(db, BYTES_STORE)).toBe(0);
    db.close();
  });

  it('accepts an upper-case MD5 and records it in lower case', async () => {
    const store = await open(new IDBFactory());
    const bytes = flashImage(4096, 10);
    const added = await store.add(input(bytes, { md5: md5(bytes).toUpperCase() }));
    expect(added.md5).toBe(md5(bytes));
  });

  it('refuses text that is not an MD5', async () => {
    const store = await open(new IDBFactory());
    const error = await rejection(store.add(input(flashImage(4096, 11), { md5: 'not-an-md5' })));
    expect(error.code).toBe('invalid');
    expect(await store.list()).toEqual([]);
  });

  it('refuses a read of another size than asked for', async () => {
    const store = await open(new IDBFactory());
    const bytes = flashImage(4096, 12);
    const error = await rejection(store.add(input(bytes, { expectedSizeBytes: 8192 })));
    expect(error.code).toBe('verify-failed');
    expect(error.message).toMatch(/4,096 bytes but 8,192/);
    expect(await store.list()).toEqual([]);
    await expect(store.add(input(bytes, { expectedSizeBytes: 4096 }))).resolves.toMatchObject({ sizeBytes: 4096 });
  });

  it('refuses a 0-byte backup and stores nothing', async () => {
    const store = await open(new IDBFactory());
    const empty = new Uint8Array(0);
    const error = await rejection(store.add(input(empty)));
    expect(error.code).toBe('empty');
    expect(error.message).toMatch(/0 bytes/);
    expect(await store.list()).toEqual([]);
  });

  it('reports a stored backup whose bytes were changed, instead of returning it', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const bytes = flashImage(4096, 13);
    const added = await store.add(input(bytes));
    const damaged = bytes.slice();
    damaged[100] = damaged[100]! ^ 0x01;
    const db = await rawDb(factory);
    await rawPut(db, BYTES_STORE, { id: added.id, bytes: damaged });
    db.close();

    const error = await rejection(store.get(added.id));
    expect(error.code).toBe('corrupted');
    expect(error.backupId).toBe(added.id);
    expect(error.message).toMatch(/no longer matches the MD5/);
    // Still listed (never silently dropped) and can be deleted.
    expect((await store.list()).map((b) => b.id)).toEqual([added.id]);
    await store.remove(added.id);
    expect(await store.list()).toEqual([]);
  });

  it('reports a stored backup whose bytes are truncated or missing', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const bytes = flashImage(4096, 14);
    const truncated = await store.add(input(bytes));
    const missing = await store.add(input(bytes));
    const db = await rawDb(factory);
    await rawPut(db, BYTES_STORE, { id: truncated.id, bytes: bytes.slice(0, 4000) });
    await rawDelete(db, BYTES_STORE, missing.id);
    db.close();

    expect((await rejection(store.get(truncated.id))).code).toBe('corrupted');
    const lost = await rejection(store.get(missing.id));
    expect(lost.code).toBe('corrupted');
    expect(lost.message).toMatch(/lost its data/);
  });

  it('returns undefined for an unknown id, and removing one is harmless', async () => {
    const store = await open(new IDBFactory());
    const kept = await store.add(input(flashImage(4096, 15)));
    expect(await store.get('no-such-id')).toBeUndefined();
    await store.remove('no-such-id');
    expect((await store.list()).map((b) => b.id)).toEqual([kept.id]);
  });

  it('labels a backup without touching its bytes, keeps the label across a reload, and removes it when emptied', async () => {
    const factory = new IDBFactory();
    const store = await open(factory, 'labels');
    const bytes = flashImage(8192, 21);
    const kept = await store.add(input(bytes));
    const labelled = await store.setLabel(kept.id, '  Stock   firmware ');
    expect(labelled.label).toBe('Stock firmware');
    store.close();
    const again = await open(factory, 'labels');
    expect((await again.list())[0]?.label).toBe('Stock firmware');
    const read = await again.get(kept.id);
    expect(read?.label).toBe('Stock firmware');
    expect(md5(read!.bytes)).toBe(md5(bytes));
    expect((await again.setLabel(kept.id, '   ')).label).toBeUndefined();
    expect((await again.list())[0]).not.toHaveProperty('label');
  });

  it('refuses a label that is too long or for a backup that is gone, and changes nothing', async () => {
    const store = await open(new IDBFactory());
    const kept = await store.add(input(flashImage(4096, 22)));
    await store.setLabel(kept.id, 'before');
    await expect(store.setLabel(kept.id, 'x'.repeat(61))).rejects.toMatchObject({ code: 'invalid', message: 'A label can have at most 60 characters; this one has 61.' });
    await expect(store.setLabel('no-such-id', 'x')).rejects.toMatchObject({ code: 'missing' });
    expect((await store.list()).map((b) => [b.id, b.label])).toEqual([[kept.id, 'before']]);
  });

  it('knows whether a device has a backup, whatever the MAC spelling', async () => {
    const store = await open(new IDBFactory());
    expect(await store.hasBackupFor(MAC)).toBe(false);
    const added = await store.add(input(flashImage(4096, 16)));
    expect(await store.hasBackupFor(MAC)).toBe(true);
    expect(await store.hasBackupFor('5c-cf-7f-0a-1b-2c')).toBe(true);
    expect(await store.hasBackupFor(' 5c:cf:7f:0a:1b:2c ')).toBe(true);
    expect(await store.hasBackupFor('5c:cf:7f:0a:1b:2d')).toBe(false);
    expect(await store.hasBackupFor('')).toBe(false);
    await store.remove(added.id);
    expect(await store.hasBackupFor(MAC)).toBe(false);
  });

  it('survives a reload: close, open again, everything is there', async () => {
    const factory = new IDBFactory();
    const before = await openBackupStore(factory);
    const bytes = flashImage(1024 * 1024, 17);
    const added = await before.add(input(bytes));
    before.close();

    const after = await open(factory);
    expect(await after.list()).toEqual([added]);
    expect(await after.hasBackupFor(MAC)).toBe(true);
    const got = await after.get(added.id);
    expect(Buffer.from(got!.bytes).equals(Buffer.from(bytes))).toBe(true);

    const other = await open(factory, 'another-db');
    expect(await other.list()).toEqual([]);
  });

  it('reports a full storage in words, stores nothing, and keeps working', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const db = await rawDb(factory);
    const proto = Object.getPrototypeOf(db.transaction(BYTES_STORE).objectStore(BYTES_STORE)) as IDBObjectStore;
    db.close();
    const add = proto.add;
    const spy = vi.spyOn(proto, 'add').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === BYTES_STORE) throw new DOMException('Quota exceeded.', 'QuotaExceededError');
      return add.call(this, value, key);
    });

    const error = await rejection(store.add(input(flashImage(4096, 18))));
    expect(spy).toHaveBeenCalled();
    expect(error.code).toBe('quota');
    expect(error.message).toBe(
      'The browser refused to store the backup (storage full). Download it now: it is not kept in this browser.',
    );
    expect(error.cause).toBeInstanceOf(DOMException);
    spy.mockRestore();
    // The metadata written before the failure was rolled back with it.
    expect(await store.list()).toEqual([]);
    const raw = await rawDb(factory);
    expect(await rawCount(raw, META_STORE)).toBe(0);
    raw.close();
    await expect(store.add(input(flashImage(4096, 19)))).resolves.toMatchObject({ sizeBytes: 4096 });
  });

  it('reports a full storage found only when the transaction commits (aborted with QuotaExceededError)', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const db = await rawDb(factory);
    const proto = Object.getPrototypeOf(db.transaction(BYTES_STORE).objectStore(BYTES_STORE)) as IDBObjectStore;
    db.close();
    const add = proto.add;
    vi.spyOn(proto, 'add').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      const request = add.call(this, value, key);
      if (this.name === BYTES_STORE) {
        // What a browser does when the disk quota is hit at commit: abort the transaction with QuotaExceededError.
        const tx = this.transaction as IDBTransaction & { _abort?: (name: string) => void };
        expect(typeof tx._abort).toBe('function');
        request.addEventListener('success', () => tx._abort!('QuotaExceededError'));
      }
      return request;
    });
    const error = await rejection(store.add(input(flashImage(4096, 20))));
    expect(error.code).toBe('quota');
    expect(error.message).toBe(QUOTA_MESSAGE);
    vi.restoreAllMocks();
    expect(await store.list()).toEqual([]);
  });

  it('maps IndexedDB failures to sentences', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(toBackupStoreError(quota, 'save').message).toBe(QUOTA_MESSAGE);
    expect(toBackupStoreError(quota, 'save').code).toBe('quota');
    const other = toBackupStoreError(new DOMException('x', 'DataCloneError'), 'save');
    expect(other.code).toBe('failed');
    expect(other.message).toMatch(/DataCloneError.*Download it now/);
    expect(toBackupStoreError(new DOMException('x', 'InvalidStateError'), 'read').message).toMatch(/could not be read/);
    expect(toBackupStoreError(new DOMException('x', 'UnknownError'), 'open').code).toBe('unavailable');
    const same = new BackupStoreError('empty', 'm');
    expect(toBackupStoreError(same, 'save')).toBe(same);
  });

  it('says so when the browser cannot keep backups at all', async () => {
    const refusing = {
      open: () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const error = await rejection(openBackupStore(refusing));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/cannot keep backups/);

    // No global indexedDB in this test file (fake-indexeddb/auto is not imported): the default factory is none.
    expect(globalThis.indexedDB).toBeUndefined();
    const none = await rejection(openBackupStore());
    expect(none.code).toBe('unavailable');
  });

  it('reports use after close as a failure, not a crash', async () => {
    const store = await openBackupStore(new IDBFactory());
    store.close();
    const error = await rejection(store.list());
    expect(error.code).toBe('failed');
    const save = await rejection(store.add(input(flashImage(4096, 21))));
    expect(save.message).toMatch(/Download it now/);
  });
});
