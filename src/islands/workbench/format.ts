/** Numbers as the person at the bench reads them, in the page's language (the words and formats are the catalogue's). */
import { formatNumber } from '../../i18n/format.ts';
import { t } from '../../i18n/index.ts';

export const count = (n: number): string => formatNumber(n);

export function seconds(ms: number): string {
  return t('flasher.unit.duration', { ms });
}

export function speed(bytesPerSecond: number): string {
  return t('flasher.unit.speed', { bytesPerSecond });
}

export function clock(date: Date): string {
  return date.toISOString().slice(11, 23);
}

/** A size as a person says it: 1 MB, 300 KB, 512 bytes. */
export function sizeText(bytes: number): string {
  return t('flasher.unit.sizeUnbroken', { bytes });
}

export function flashSize(sizeBytes: number | undefined): string {
  return sizeBytes === undefined ? t('flasher.unit.flashUnknown') : t('flasher.unit.flash', { bytes: sizeBytes });
}

/** A device's MAC as the person reads it: connect() records 'unknown' when the chip's eFuses could not be read (a stored value, so not translated). */
export function macText(mac: string): string {
  return mac === 'unknown' ? t('panel.macUnknown') : mac;
}
