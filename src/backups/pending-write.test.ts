import { describe, expect, it } from 'vitest';
import { PENDING_WRITE_KEY, markWriteFinished, markWriteStarted, unfinishedWrite, type MarkerStorage } from './index.ts';

class MemoryStorage implements MarkerStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const write = {
  stepId: 'flash-tasmota',
  fileName: 'tasmota.bin',
  mac: '5c:cf:7f:0a:1b:2c',
  startedAt: new Date('2024-05-06T07:08:09.000Z'),
};

describe('pending write marker', () => {
  it('is absent until a write starts', () => {
    expect(unfinishedWrite(new MemoryStorage())).toBeUndefined();
  });

  it('round-trips through storage: started, seen after a "reload", gone once finished', () => {
    const storage = new MemoryStorage();
    expect(markWriteStarted(write, storage)).toBe(true);
    expect(storage.items.has(PENDING_WRITE_KEY)).toBe(true);

    // A reload: only the storage survives.
    const reloaded = new MemoryStorage();
    for (const [key, value] of storage.items) reloaded.setItem(key, value);
    expect(unfinishedWrite(reloaded)).toEqual({
      stepId: 'flash-tasmota',
      fileName: 'tasmota.bin',
      mac: '5c:cf:7f:0a:1b:2c',
      startedAt: '2024-05-06T07:08:09.000Z',
    });
    // Reading does not clear it: it stays until the person deals with it.
    expect(unfinishedWrite(reloaded)).toBeDefined();

    markWriteFinished(reloaded);
    expect(unfinishedWrite(reloaded)).toBeUndefined();
    expect(reloaded.items.size).toBe(0);
  });

  it('accepts an ISO start time and refuses an invalid one', () => {
    const storage = new MemoryStorage();
    markWriteStarted({ ...write, startedAt: '2024-05-06T07:08:09Z' }, storage);
    expect(unfinishedWrite(storage)?.startedAt).toBe('2024-05-06T07:08:09.000Z');
    expect(() => markWriteStarted({ ...write, startedAt: 'yesterday-ish' }, storage)).toThrow(RangeError);
  });

  it.each([
    ['not JSON', '{"stepId": "flash'],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['missing fields', JSON.stringify({ stepId: 'flash-tasmota' })],
    ['wrong types', JSON.stringify({ ...write, mac: 7, startedAt: write.startedAt.toISOString() })],
    ['a bad date', JSON.stringify({ ...write, startedAt: 'not a date' })],
  ])('treats a damaged marker (%s) as none, and clears it', (_what, text) => {
    const storage = new MemoryStorage();
    storage.setItem(PENDING_WRITE_KEY, text);
    storage.setItem('other-key', 'kept');
    expect(unfinishedWrite(storage)).toBeUndefined();
    expect(storage.items.has(PENDING_WRITE_KEY)).toBe(false);
    expect(storage.getItem('other-key')).toBe('kept');
  });

  it('drops unknown extra fields', () => {
    const storage = new MemoryStorage();
    storage.setItem(PENDING_WRITE_KEY, JSON.stringify({ ...write, startedAt: '2024-05-06T07:08:09.000Z', extra: true }));
    expect(unfinishedWrite(storage)).toEqual({ ...write, startedAt: '2024-05-06T07:08:09.000Z' });
  });

  it('does not throw when storage is missing or refuses', () => {
    const refusing: MarkerStorage = {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
    };
    expect(markWriteStarted(write, refusing)).toBe(false);
    expect(unfinishedWrite(refusing)).toBeUndefined();
    expect(() => markWriteFinished(refusing)).not.toThrow();
    // No localStorage in this Node test environment: the default storage is none.
    expect('localStorage' in globalThis && globalThis.localStorage !== undefined).toBe(false);
    expect(markWriteStarted(write)).toBe(false);
    expect(unfinishedWrite()).toBeUndefined();
    expect(markWriteStarted(write, undefined)).toBe(false);
    expect(unfinishedWrite(undefined)).toBeUndefined();
  });
});
