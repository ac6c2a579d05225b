import { resolveObjectURL } from 'node:buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_BACKUP_FILE_NAME,
  REVOKE_AFTER_MS,
  backupFileName,
  datedFileName,
  labelSlug,
  downloadBytes,
  type DownloadAnchor,
  type DownloadDocument,
} from './index.ts';

afterEach(() => {
  vi.useRealTimers();
});

interface Clicked {
  href: string;
  download: string;
  rel: string;
  bytes: Uint8Array | undefined;
}

/** A document whose <a> records what it was clicked with, and reads the Blob behind the URL at click time. */
function fakeDocument(clicks: Clicked[], pending: Promise<void>[]): DownloadDocument {
  return {
    createElement(tagName: 'a'): DownloadAnchor {
      expect(tagName).toBe('a');
      const anchor = {
        href: '',
        download: '',
        rel: '',
        click() {
          const clicked: Clicked = { href: anchor.href, download: anchor.download, rel: anchor.rel, bytes: undefined };
          clicks.push(clicked);
          const blob = resolveObjectURL(anchor.href);
          if (blob) pending.push(blob.arrayBuffer().then((buffer) => void (clicked.bytes = new Uint8Array(buffer))));
        },
      };
      return anchor;
    },
  };
}

describe('downloadBytes', () => {
  it('clicks a temporary <a download> on a Blob URL of exactly the bytes, then revokes it', async () => {
    vi.useFakeTimers();
    const clicks: Clicked[] = [];
    const pending: Promise<void>[] = [];
    const whole = new Uint8Array([9, 9, 1, 2, 3, 0xff, 9]);
    downloadBytes(whole.subarray(2, 6), 'sonoff-backup.bin', fakeDocument(clicks, pending));

    expect(clicks).toHaveLength(1);
    const [click] = clicks;
    expect(click!.download).toBe('sonoff-backup.bin');
    expect(click!.href).toMatch(/^blob:/);
    await Promise.all(pending);
    expect(Array.from(click!.bytes ?? [])).toEqual([1, 2, 3, 0xff]);

    // Still readable right after the click; gone once the revoke delay passed.
    expect(resolveObjectURL(click!.href)).toBeDefined();
    vi.advanceTimersByTime(REVOKE_AFTER_MS);
    expect(resolveObjectURL(click!.href)).toBeUndefined();
  });

  it('revokes the URL at once when the click fails', () => {
    let href = '';
    const doc: DownloadDocument = {
      createElement: () => ({
        set href(value: string) {
          href = value;
        },
        get href() {
          return href;
        },
        download: '',
        rel: '',
        click() {
          throw new Error('blocked');
        },
      }),
    };
    expect(() => downloadBytes(new Uint8Array([1]), 'x.bin', doc)).toThrow('blocked');
    expect(href).toMatch(/^blob:/);
    expect(resolveObjectURL(href)).toBeUndefined();
  });

  it('uses the URL functions it is given', () => {
    vi.useFakeTimers();
    const created: Blob[] = [];
    const revoked: string[] = [];
    const clicks: Clicked[] = [];
    downloadBytes(new Uint8Array(4096), 'a.bin', fakeDocument(clicks, []), {
      createObjectURL: (blob) => {
        created.push(blob);
        return 'blob:fake';
      },
      revokeObjectURL: (url) => void revoked.push(url),
    });
    expect(created).toHaveLength(1);
    expect(created[0]!.size).toBe(4096);
    expect(created[0]!.type).toBe('application/octet-stream');
    expect(clicks[0]!.href).toBe('blob:fake');
    expect(revoked).toEqual([]);
    vi.advanceTimersByTime(REVOKE_AFTER_MS);
    expect(revoked).toEqual(['blob:fake']);
  });
});

describe('file names', () => {
  it('downloads under the command’s file name', () => {
    expect(DEFAULT_BACKUP_FILE_NAME).toBe('sonoff-backup.bin');
    expect(backupFileName({ fileName: 'sonoff-backup.bin' })).toBe('sonoff-backup.bin');
    expect(backupFileName({ fileName: 'old-pow.bin' })).toBe('old-pow.bin');
    expect(backupFileName({ fileName: 'C:\\Users\\me\\pow.bin' })).toBe('pow.bin');
    expect(backupFileName({ fileName: '../../etc/pow.bin' })).toBe('pow.bin');
    expect(backupFileName({ fileName: '' })).toBe('sonoff-backup.bin');
  });

  it('offers a distinct dated name per device and time (local time)', () => {
    const takenAt = new Date(2024, 0, 2, 13, 4, 59).toISOString();
    expect(datedFileName({ fileName: 'sonoff-backup.bin', mac: '5c:cf:7f:0a:1b:2c', takenAt })).toBe(
      'sonoff-backup-5ccf7f0a1b2c-20240102-1304.bin',
    );
    const later = new Date(2024, 11, 31, 9, 30).toISOString();
    expect(datedFileName({ fileName: 'sonoff-backup.bin', mac: '5C-CF-7F-0A-1B-2C', takenAt: later })).toBe(
      'sonoff-backup-5ccf7f0a1b2c-20241231-0930.bin',
    );
    expect(datedFileName({ fileName: 'flash', mac: '', takenAt })).toBe('flash-20240102-1304.bin');
    expect(datedFileName({ fileName: 'sonoff-backup.bin', mac: 'aa:bb:cc:dd:ee:ff', takenAt: 'garbage' })).toBe(
      'sonoff-backup-aabbccddeeff.bin',
    );
  });

  it('puts the person’s label in the name, as a safe file name part', () => {
    const takenAt = new Date(2024, 0, 2, 13, 4).toISOString();
    expect(datedFileName({ fileName: 'sonoff-backup.bin', mac: '5c:cf:7f:0a:1b:2c', takenAt, label: 'Stock firmware' })).toBe(
      'sonoff-backup-stock-firmware-5ccf7f0a1b2c-20240102-1304.bin',
    );
    expect(labelSlug('Tasmota, configurado (Wi-Fi ñ)')).toBe('tasmota-configurado-wi-fi-n');
    expect(labelSlug('../../etc/passwd')).toBe('etc-passwd');
    expect(labelSlug('***')).toBe('');
    expect(labelSlug('a'.repeat(39) + ' bcd')).toBe('a'.repeat(39));
  });
});
