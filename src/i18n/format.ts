/**
 * Numbers as the page's language writes them (1,234.5 in English, 1234,5 in
 * Spanish), for the values a person reads in a message: sizes, seconds,
 * percentages, baud rates. Commands the person types or copies never go
 * through here: they keep esptool's and Tasmota's own format.
 */
let locale = 'en';

/** The catalogue's locale (src/i18n/load.ts sets it with the page's words; Node keeps English). */
export function setFormatLocale(next: string): void {
  locale = next;
}

export function formatLocale(): string {
  return locale;
}

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

/**
 * `value.toFixed(digits)` in the page's language, rounded as toFixed rounds
 * (1.45 is the double just below it, so 1.4; Intl alone says 1.5), with no
 * grouping: English reads exactly as toFixed writes. `options` can loosen it
 * (`minimumFractionDigits: 0` drops a trailing zero: 1.0 MB is "1 MB").
 */
export function formatFixed(value: number, digits: number, options?: Intl.NumberFormatOptions): string {
  return formatNumber(Number(value.toFixed(digits)), { useGrouping: false, minimumFractionDigits: digits, maximumFractionDigits: digits, ...options });
}
