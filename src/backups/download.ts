/** Offer a backup's bytes as a file download (Blob URL + a temporary <a download>). */
import type { Backup } from './store.ts';

/** The command's file name: `read_flash 0x00000 0x100000 sonoff-backup.bin`. */
export const DEFAULT_BACKUP_FILE_NAME = 'sonoff-backup.bin';
/** How long the Blob URL outlives the click; some browsers start reading it only after the click returns. */
export const REVOKE_AFTER_MS = 10_000;

/** The part of an <a> used; HTMLAnchorElement has it. */
export interface DownloadAnchor {
  href: string;
  download: string;
  rel: string;
  click(): void;
}

/** The part of Document used; Document has it. */
export interface DownloadDocument {
  createElement(tagName: 'a'): DownloadAnchor;
}

/** The part of URL used; the global URL has it. */
export interface ObjectUrls {
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
}

export function downloadBytes(
  bytes: Uint8Array,
  fileName: string,
  doc: DownloadDocument = document,
  urls: ObjectUrls = URL,
): void {
  // slice(): a copy of only the view's range, backed by a plain ArrayBuffer.
  const blob = new Blob([bytes.slice()], { type: 'application/octet-stream' });
  const url = urls.createObjectURL(blob);
  try {
    const anchor = doc.createElement('a');
    anchor.href = url;
    anchor.download = fileName;
    anchor.rel = 'noopener';
    anchor.click();
  } catch (error) {
    urls.revokeObjectURL(url);
    throw error;
  }
  setTimeout(() => urls.revokeObjectURL(url), REVOKE_AFTER_MS);
}

function safeBaseName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop()?.trim() ?? '';
  return base === '' ? DEFAULT_BACKUP_FILE_NAME : base;
}

/** The name to download a backup under: the command's (sonoff-backup.bin), so the next command finds it. */
export function backupFileName(backup: Pick<Backup, 'fileName'>): string {
  return safeBaseName(backup.fileName);
}

const two = (n: number): string => String(n).padStart(2, '0');

/** A label as a file name part: "Stock firmware (2019)" → "stock-firmware-2019"; accents dropped, at most 40 characters. */
export function labelSlug(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/**
 * A distinct name for one of several stored backups, in local time:
 * sonoff-backup[-<label>]-<mac without colons>-<yyyymmdd-hhmm>.bin, so the
 * two backups the guide asks for (before the erase, after the first setup)
 * never download under the same name.
 */
export function datedFileName(backup: Pick<Backup, 'fileName' | 'mac' | 'takenAt' | 'label'>): string {
  const base = backupFileName(backup);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const extension = dot > 0 ? base.slice(dot) : '.bin';
  const parts = [stem];
  const slug = labelSlug(backup.label ?? '');
  if (slug !== '') parts.push(slug);
  const mac = backup.mac.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (mac !== '') parts.push(mac);
  const at = new Date(backup.takenAt);
  if (!Number.isNaN(at.getTime()))
    parts.push(`${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}`);
  return `${parts.join('-')}${extension}`;
}
