import { describe, expect, it } from 'vitest';
import { checkBackupForRestore } from './backup.ts';
import { md5Hex } from './md5.ts';

const MB = 1024 * 1024;
const mac = '18:fe:34:aa:bb:cc';
const backup = new Uint8Array(MB).fill(0x5a);

describe('checkBackupForRestore', () => {
  it('accepts the backup of this device', () => {
    expect(checkBackupForRestore({ bytes: backup, backupMac: mac, backupSizeBytes: MB, backupMd5: md5Hex(backup), deviceMac: mac, flashSizeBytes: MB })).toEqual({ ok: true, warnings: [] });
  });

  it.each([
    [new Uint8Array(0), undefined, 'The backup file is empty (0 bytes): the backup did not complete.'],
    [backup.subarray(0, 500_000), MB, 'The backup is truncated: 500,000 bytes of the 1,048,576 recorded when it was taken.'],
    [backup.subarray(0, 1000), undefined, 'The backup is truncated: 1,000 bytes is not a whole number of 4 KB flash sectors.'],
  ])('refuses %#', (bytes, backupSizeBytes, message) => {
    const result = checkBackupForRestore({ bytes, backupSizeBytes, deviceMac: mac, flashSizeBytes: MB });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('bad-backup');
      expect(result.error.message).toBe(message);
    }
  });

  it('refuses a file changed since the backup', () => {
    const result = checkBackupForRestore({ bytes: backup, backupMd5: '0'.repeat(32), deviceMac: mac, flashSizeBytes: MB });
    expect(result.ok || result.error.message).toBe('The backup file has changed since it was taken (its MD5 differs from the one recorded).');
  });

  it('warns when the size differs from the flash, or the MAC from the device', () => {
    const result = checkBackupForRestore({ bytes: backup.subarray(0, 512 * 1024), backupMac: '18:FE:34:00:00:01', deviceMac: mac, flashSizeBytes: MB });
    expect(result).toEqual({
      ok: true,
      warnings: [
        { code: 'size-differs', message: 'The backup is 512 KB but this device has 1 MB of flash; the rest of the flash keeps what it holds now.' },
        {
          code: 'mac-differs',
          message: 'This backup was taken from another device (18:fe:34:00:00:01); the connected one is 18:fe:34:aa:bb:cc. Its Wi-Fi calibration and settings belong to the other device.',
        },
      ],
    });
  });
});
