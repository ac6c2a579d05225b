/**
 * Is this backup safe to restore onto the connected device? Errors refuse;
 * warnings need the person's confirmation. Pure.
 */
import { t } from '../i18n/index.ts';
import { FlasherError } from './errors.ts';
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

function refuse(message: string, action = t('flasher.backup.pickOther')): BackupCheck {
  return { ok: false, error: new FlasherError('bad-backup', message, action) };
}

const normalizeMac = (mac: string): string => mac.trim().toLowerCase().replace(/-/g, ':');

export function checkBackupForRestore(input: BackupRestoreInput): BackupCheck {
  const { bytes, backupMac, backupSizeBytes, backupMd5, deviceMac, flashSizeBytes } = input;
  if (bytes.length === 0) return refuse(t('flasher.backup.empty'));
  if (backupSizeBytes !== undefined && bytes.length < backupSizeBytes) return refuse(t('flasher.backup.truncated', { bytes: bytes.length, recordedBytes: backupSizeBytes }));
  if (bytes.length % SECTOR_BYTES !== 0) return refuse(t('flasher.backup.partSector', { bytes: bytes.length }));
  if (backupSizeBytes !== undefined && bytes.length !== backupSizeBytes) return refuse(t('flasher.backup.sizeDiffers', { sizeBytes: bytes.length, recordedBytes: backupSizeBytes }));
  if (backupMd5 !== undefined && md5Hex(bytes) !== backupMd5.toLowerCase()) return refuse(t('flasher.backup.changed'));
  if (flashSizeBytes !== undefined && bytes.length > flashSizeBytes)
    return refuse(t('flasher.backup.tooBig.message', { sizeBytes: bytes.length, flashBytes: flashSizeBytes }), t('flasher.backup.tooBig.action'));

  const warnings: BackupWarning[] = [];
  if (flashSizeBytes !== undefined && bytes.length !== flashSizeBytes)
    warnings.push({ code: 'size-differs', message: t('flasher.backup.warnSize', { sizeBytes: bytes.length, flashBytes: flashSizeBytes }) });
  if (backupMac !== undefined && normalizeMac(backupMac) !== normalizeMac(deviceMac))
    warnings.push({ code: 'mac-differs', message: t('flasher.backup.warnMac', { backupMac: normalizeMac(backupMac), deviceMac: normalizeMac(deviceMac) }) });
  return { ok: true, warnings };
}
