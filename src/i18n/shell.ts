/**
 * The words of what the page shows before its first click, in the page's
 * language. They are data: the page carries its language's words as JSON
 * (ShellWords.astro writes them into every page), the islands read them from
 * there, and the server's render of an island takes them from the catalogue
 * of the language its `lang` prop names. No island's JavaScript holds a word
 * of any language, so the Spanish page and the English one cost the same
 * before the first click, and neither carries the other's words.
 */
import { shell as english } from './en/shell.ts';
import { shell as spanish } from './es/shell.ts';
import type { SupportMessage } from '../flasher/capability.ts';

type English = typeof english;
export type ShellKey = keyof English;
export type ShellWords = { readonly [K in ShellKey]: string };

/** The `{name}`s of a template, as a union. */
type Placeholders<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
export type ShellParams<K extends ShellKey> = [Placeholders<English[K]>] extends [never] ? [] : [values: Record<Placeholders<English[K]>, string | number>];
export type ShellText = <K extends ShellKey>(key: K, ...params: ShellParams<K>) => string;

/** The id of the page's JSON block of words. */
export const SHELL_WORDS_ID = 'shell-words';

/** A language's words, for the server (ShellWords.astro, and islands rendered at build time). */
export function shellWordsFor(language: string | undefined): ShellWords {
  return language === 'es' ? spanish : english;
}

let pageWords: ShellWords | undefined;

function readPageWords(): ShellWords {
  const block = document.getElementById(SHELL_WORDS_ID);
  if (!block?.textContent) throw new Error(`The page has no #${SHELL_WORDS_ID} block of words (src/components/ShellWords.astro)`);
  return JSON.parse(block.textContent) as ShellWords;
}

/** Fills a template's `{name}`s; a name without a value stays as written, so a missing value shows. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | number>> | undefined): string {
  return values === undefined ? template : template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The words, as a function. */
export function shellTextOf(words: ShellWords): ShellText {
  return (key, ...params) => fillTemplate(words[key], params[0]);
}

/**
 * The language of the island the server renders now. An island's root sets
 * it as its render starts (`renderingIsland`), and its components read it
 * in the same pass: Preact renders a tree without suspense in one
 * synchronous pass (preact-render-to-string only yields at a thrown
 * promise, and these islands throw none), so no other island's render
 * comes in between. (A context would do the same at 0.3 KB more before the
 * first click.)
 */
let serverLanguage: string | undefined;

/** Called first by an island's root with its `lang` prop; a no-op in the browser. */
export function renderingIsland(language: string): void {
  if (import.meta.env.SSR) serverLanguage = language;
}

/** The page's words, in a component: from the page in the browser, from the island's language on the server. */
export function useShellWords(): ShellWords {
  if (!import.meta.env.SSR) return (pageWords ??= readPageWords());
  // An island root that forgot its language would render the previous island's words, maybe another page's.
  if (serverLanguage === undefined) throw new Error('An island rendered words before renderingIsland(lang) (src/i18n/shell.ts)');
  return shellWordsFor(serverLanguage);
}

export function useShellText(): ShellText {
  return shellTextOf(useShellWords());
}

/** What this browser can or cannot do (src/flasher/capability.ts), in words. */
export function supportText(words: ShellWords, message: SupportMessage): string {
  const firefox = message.values?.firefox ?? 0;
  return fillTemplate(words[message.key], { ...message.values, browsers: fillTemplate(words['support.desktopBrowsers'], { firefox }) });
}

/** The page's locale, for numbers and dates (`<html lang>`, written by Starlight); English where there is no page. */
export function pageLocale(): string {
  return typeof document === 'undefined' ? 'en' : document.documentElement.lang || 'en';
}
