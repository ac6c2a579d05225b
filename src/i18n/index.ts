/**
 * The page's words by key, in the page's language: `t('connect.choose')`,
 * `t('connect.waiting.left', { seconds })`. Each part of the page's
 * JavaScript brings its part of the catalogue in the page's language only
 * (load.ts fetches it beside the code): `t()` for the workbench and the
 * flasher, `ct()` for the console's steps, `dt()` for the connection's
 * diagnosis, `rt()` for the adapter check's report. Words a part needs before its catalogue has come are a bug, and
 * say so.
 */
import type { Catalogue, MessageKey } from './en.ts';
import type { consoleText } from './en/console.ts';
import type { diagnosis } from './en/diagnosis.ts';
import type { selfTestReport } from './en/self-test-report.ts';
import { setFormatLocale } from './format.ts';
import { lookup, type ParamsOf, type Translation } from './lookup.ts';

export type MainWords = Translation<Catalogue>;
export type ConsoleWords = Translation<typeof consoleText>;
export type DiagnosisWords = Translation<typeof diagnosis>;
export type ReportWords = Translation<typeof selfTestReport>;

interface Parts {
  main: MainWords;
  console: ConsoleWords;
  diagnosis: DiagnosisWords;
  report: ReportWords;
}
export type WordsPart = keyof Parts;
export type WordsOf<P extends WordsPart> = Parts[P];

const parts: Partial<Parts> = {};

/** Puts a part's words in place (the part that fetched them with load.ts; the English ones in Node: use-english.ts), and the locale numbers are written in. */
export function provideWords<P extends WordsPart>(part: P, words: Parts[P], locale: string): void {
  parts[part] = words;
  setFormatLocale(locale);
}

function words<P extends WordsPart>(part: P): Parts[P] {
  const found = parts[part];
  if (found === undefined) throw new Error(`The ${part} words are asked for before they have loaded (src/i18n/load.ts)`);
  return found;
}

export function t<K extends MessageKey>(key: K, ...params: ParamsOf<Catalogue, K>): string {
  return lookup(words('main'), key, params);
}

/** A message of the console and the steps after the flash. */
export function ct<K extends keyof typeof consoleText>(key: K, ...params: ParamsOf<typeof consoleText, K>): string {
  return lookup(words('console'), key, params);
}

/** A line of the adapter check's report. */
export function rt<K extends keyof typeof selfTestReport>(key: K, ...params: ParamsOf<typeof selfTestReport, K>): string {
  return lookup(words('report'), key, params);
}

/** A message of the connection's diagnosis. */
export function dt<K extends keyof typeof diagnosis>(key: K, ...params: ParamsOf<typeof diagnosis, K>): string {
  return lookup(words('diagnosis'), key, params);
}

export type { MessageKey };
