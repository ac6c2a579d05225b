/**
 * Is this backup safe to restore onto the connected device? Errors refuse;
 * warnings need the person's confirmation. Pure.
 */
import { FlasherError } from './errors.ts';
import { formatSize } from './image.ts';
import { md5Hex } from './md5.ts';

/** One flash sector: a read_flash backup of whole sectors is a multiple of it. */
export const SECTOR_BYTES = 4096;
/** The Sonoff POW's flash. */
export const POW_FLASH_BYTES = 1024 * 1024;

export interface BackupRestoreInput {
  bytes: Uint8Array;
  /** The MAC recorded when the backup was taken, if any. */
  backupMac?: string;
  /** The size recorded when the backup was taken, if any. */
  backupSizeBytes?: number;
  /** The MD5 recorded when the backup was taken, if any. */
  backupMd5?: string;
  deviceMac: string;
  /** The connected device's detected flash size; undefined when not known. */
  flashSizeBytes: number | undefined;
}

export interface BackupWarning {
  code: 'size-differs' | 'mac-differs';
  message: string;
}

export type BackupCheck = { ok: true; warnings: BackupWarning[] } | { ok: false; error: FlasherError };

const PICK_OTHER = 'Choose another backup file; this one cannot be restored safely.';

function refuse(message: string, action = PICK_OTHER): BackupCheck {
  return { ok: false, error: new FlasherError('bad-backup', message, action) };
}

const normalizeMac = (mac: string): string => mac.trim().toLowerCase().replace(/-/g, ':');

export function checkBackupForRestore(input: BackupRestoreInput): BackupCheck {
  const { bytes, backupMac, backupSizeBytes, backupMd5, deviceMac, flashSizeBytes } = input;
  if (bytes.length === 0) return refuse('The backup file is empty (0 bytes): the backup did not complete.');
  if (backupSizeBytes !== undefined && bytes.length < backupSizeBytes)
    return refuse(`The backup is truncated: ${bytes.length.toLocaleString('en-US')} bytes of the ${backupSizeBytes.toLocaleString('en-US')} recorded when it was taken.`);
  if (bytes.length % SECTOR_BYTES !== 0)
    return refuse(`The backup is truncated: ${bytes.length.toLocaleString('en-US')} bytes is not a whole number of 4 KB flash sectors.`);
  if (backupSizeBytes !== undefined && bytes.length !== backupSizeBytes)
    return refuse(`The backup is ${formatSize(bytes.length)} but ${formatSize(backupSizeBytes)} was recorded when it was taken.`);
  if (backupMd5 !== undefined && md5Hex(bytes) !== backupMd5.toLowerCase())
    return refuse('The backup file has changed since it was taken (its MD5 differs from the one recorded).');
  if (flashSizeBytes !== undefined && bytes.length > flashSizeBytes)
    return refuse(`The backup is ${formatSize(bytes.length)} but this device has only ${formatSize(flashSizeBytes)} of flash.`, 'Restore it onto the device it came from.');

  const warnings: BackupWarning[] = [];
  if (flashSizeBytes !== undefined && bytes.length !== flashSizeBytes)
    warnings.push({
      code: 'size-differs',
      message: `The backup is ${formatSize(bytes.length)} but this device has ${formatSize(flashSizeBytes)} of flash; the rest of the flash keeps what it holds now.`,
    });
  if (backupMac !== undefined && normalizeMac(backupMac) !== normalizeMac(deviceMac))
    warnings.push({
      code: 'mac-differs',
      message: `This backup was taken from another device (${normalizeMac(backupMac)}); the connected one is ${normalizeMac(deviceMac)}. Its Wi-Fi calibration and settings belong to the other device.`,
    });
  return { ok: true, warnings };
}
