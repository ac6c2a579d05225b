/**
 * The Spanish page as a person drives it, for e2e/spanish.spec.ts: the
 * workbench helpers by their Spanish names (taken from the catalogue, so a
 * renamed button is one edit), and the English the Spanish page must never
 * show: every English message of the page's catalogue parts, as the page
 * would print it, less what the Spanish part says the same way.
 */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { en } from '../../src/i18n/en.ts';
import { consoleText as enConsole } from '../../src/i18n/en/console.ts';
import { diagnosis as enDiagnosis } from '../../src/i18n/en/diagnosis.ts';
import { shell as enShell } from '../../src/i18n/en/shell.ts';
import { site as enSite } from '../../src/i18n/en/site.ts';
import { es } from '../../src/i18n/es.ts';
import { consoleText as esConsole } from '../../src/i18n/es/console.ts';
import { diagnosis as esDiagnosis } from '../../src/i18n/es/diagnosis.ts';
import { shell as esShell } from '../../src/i18n/es/shell.ts';
import { site as esSite } from '../../src/i18n/es/site.ts';
import { file, step } from './workbench.ts';

export { es, esConsole, esDiagnosis, esShell };

/** The page's own component words (Command.astro, the port chooser, the wiring diagram), by language. */
const componentWords = (language: 'en' | 'es'): Readonly<Record<string, string>> =>
  JSON.parse(readFileSync(new URL(`../../src/content/i18n/${language}.json`, import.meta.url), 'utf8')) as Record<string, string>;
export const enComponents = componentWords('en');
export const esComponents = componentWords('es');

/** A message the way `t()` says it: text, or a function of its values. */
export function say(message: unknown, values?: object): string {
  return typeof message === 'function' ? (message as (v: unknown) => string)(values) : String(message);
}

// ---------------------------------------------------------------- driving the page in Spanish

export function runButtonEs(page: Page, id: string): Locator {
  return step(page, id).getByRole('button', { name: esShell['step.run'], exact: true });
}

export function stripEs(page: Page): Locator {
  return page.getByRole('region', { name: esShell['panel.region'], exact: true });
}

export function deviceStatusEs(page: Page): Locator {
  return stripEs(page).locator('.device-status');
}

export function connectDialogEs(page: Page): Locator {
  return page.getByRole('dialog', { name: new RegExp(`^(${es['connect.title']}|${es['connect.titleVirtual']})$`) });
}

export function safetyCheckboxEs(page: Page): Locator {
  return connectDialogEs(page).getByRole('checkbox', { name: es['connect.safety.confirm'] });
}

export function choosePortButtonEs(page: Page): Locator {
  return connectDialogEs(page).getByRole('button', { name: new RegExp(`^(${es['connect.choose']}|${es['connect.chooseVirtual']})$`) });
}

/** As connectFromDialog: the safety point if asked, the port, and the strip shows the chip. */
export async function connectFromDialogEs(page: Page): Promise<void> {
  const dialog = connectDialogEs(page);
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  if (await safetyCheckboxEs(page).isVisible()) await safetyCheckboxEs(page).check();
  await choosePortButtonEs(page).click();
  await expect(deviceStatusEs(page)).toContainText('ESP8266EX', { timeout: 30_000 });
  await expect(dialog).toBeHidden();
}

/** The step's file button, "Elegir sonoff.bin…", once the page can take a file. */
export async function pickFileEs(page: Page, stepId: string, name: string, bytes: Uint8Array): Promise<void> {
  const input = step(page, stepId).getByLabel(/^Elegir /);
  await expect(input).toBeEnabled();
  await input.setInputFiles(file(name, bytes));
}

/** The strip's "Opciones", opened if closed. */
export async function openOptionsEs(page: Page): Promise<Locator> {
  const toggle = stripEs(page).getByRole('button', { name: es['panel.more'], exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return page.locator('#device-more');
}

export async function closeOptionsEs(page: Page): Promise<void> {
  const toggle = stripEs(page).getByRole('button', { name: es['panel.more'], exact: true });
  if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
}

// ---------------------------------------------------------------- the English the Spanish page must not show

type Part = Readonly<Record<string, unknown>>;

/** Each English part the Spanish page has a Spanish twin of, by the file the English is in. */
const PARTS: ReadonlyArray<{ file: string; en: Part; es: Part }> = [
  { file: 'src/i18n/en.ts (with en/flasher.ts, en/write-changed.ts)', en, es },
  { file: 'src/i18n/en/shell.ts', en: enShell, es: esShell },
  { file: 'src/i18n/en/console.ts', en: enConsole, es: esConsole },
  { file: 'src/i18n/en/diagnosis.ts', en: enDiagnosis, es: esDiagnosis },
  { file: 'src/i18n/en/site.ts', en: enSite, es: esSite },
  { file: 'src/content/i18n/en.json', en: enComponents, es: esComponents },
];

/** What stands for a value: a marker no message writes, cut out afterwards. */
const MARK = '\u2063';
const marked = new Proxy({}, { get: (_target, key) => (typeof key === 'string' ? `${MARK}${key}${MARK}` : undefined) });
/** Every value 0 / empty: the other side of each condition (`usb ? 'plugged in' : 'unplugged'`). */
const zero = new Proxy({}, { get: () => 0 });
/** Where a value was, or what a marker became when a message computed with it. */
const VALUE = new RegExp(`${MARK}[^${MARK}]*${MARK}|undefined|NaN|\\{\\{?\\w+\\}?\\}`, 'g');
const ZERO_VALUE = /(?<![\w.,])0(?![\w.,])|\{\{?\w+\}?\}/g;

/** A message said with stand-in values; a template's `{name}` stays, to be cut out. */
function sayWith(message: unknown, values: object): string | undefined {
  try {
    return say(message, values);
  } catch {
    return undefined;
  }
}

/** The constant pieces of a message: the text between its values. */
function pieces(message: unknown): string[] {
  if (typeof message === 'string') return message.split(/\{\{?\w+\}?\}/);
  const found: string[] = [];
  const withMarks = sayWith(message, marked);
  if (withMarks !== undefined) found.push(...withMarks.split(VALUE));
  const withZeros = sayWith(message, zero);
  if (withZeros !== undefined) found.push(...withZeros.split(ZERO_VALUE));
  return found;
}

const normalise = (text: string): string => text.replace(/\s+/g, ' ');
const letter = /\p{L}/u;

export interface EnglishPhrase {
  text: string;
  key: string;
  file: string;
}

/**
 * Pieces shorter than this (after trimming) are too likely to be in any
 * sentence ("Log (", " of "). Six keeps a sentence's leading words
 * ("Chosen:", "Erased", "Reading") and found nothing but English on the
 * English page and nothing on the Spanish one when it was set.
 */
const SHORTEST_PIECE = 6;

function buildEnglish(): { phrases: EnglishPhrase[]; sameInSpanish: string[] } {
  const spanish = normalise(PARTS.flatMap(({ es: part }) => Object.values(part).flatMap((message) => pieces(message))).join('\n'));
  const phrases = new Map<string, EnglishPhrase>();
  const sameInSpanish: string[] = [];
  for (const { file, en: english, es: translated } of PARTS) {
    for (const [key, message] of Object.entries(english)) {
      const theirs = translated[key];
      const same = typeof message === 'function' ? sayWith(message, marked) === sayWith(theirs, marked) : message === theirs;
      if (same) {
        sameInSpanish.push(`${file}: ${key}`);
        continue;
      }
      // A whole message without values is checked at any length (as a whole word); a piece of one, or a sentence
      // or clause of a piece (so a message half translated shows too), only when long enough.
      const whole = typeof message === 'string' && !/\{\{?\w+\}?\}/.test(message) ? normalise(message).trim() : undefined;
      for (const raw of pieces(message).flatMap((piece) => [piece, ...piece.split(/(?<=[.:;?!])\s+/)])) {
        const text = normalise(raw).trim();
        if (!letter.test(text)) continue;
        if (text !== whole && text.length < SHORTEST_PIECE) continue;
        // Words the Spanish says too (commands, names, "ESP8266EX") are no sign of English.
        if (spanish.includes(text)) continue;
        if (!phrases.has(text)) phrases.set(text, { text, key, file });
      }
    }
  }
  return { phrases: [...phrases.values()], sameInSpanish };
}

const built = buildEnglish();
/** Every English phrase of the catalogue the Spanish page could show. */
export const ENGLISH_PHRASES: readonly EnglishPhrase[] = built.phrases;
/** Messages whose Spanish is the English (versions, names, a label in quotes): not looked for. */
export const SAME_IN_SPANISH: readonly string[] = built.sameInSpanish;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A phrase found as written, not inside a longer word ("Cancel" is not in "Cancelar"). */
const patterns = ENGLISH_PHRASES.map((phrase) => ({
  phrase,
  pattern: new RegExp(`${letter.test(phrase.text[0]!) ? '(?<!\\p{L})' : ''}${escape(phrase.text)}${letter.test(phrase.text.at(-1)!) ? '(?!\\p{L})' : ''}`, 'u'),
}));

export interface EnglishFound extends EnglishPhrase {
  where: string;
  context: string;
}

/** The English phrases of the catalogue in `text`, with where it was seen and around what. */
export function englishIn(where: string, text: string): EnglishFound[] {
  const shown = normalise(text);
  const found: EnglishFound[] = [];
  for (const { phrase, pattern } of patterns) {
    const match = pattern.exec(shown);
    if (!match) continue;
    const context = shown.slice(Math.max(0, match.index - 40), match.index + phrase.text.length + 40);
    found.push({ ...phrase, where, context });
  }
  return found;
}

export const describeFound = (found: readonly EnglishFound[]): string[] => found.map((f) => `${f.where}: “${f.text}” (${f.file} ${f.key}) in “…${f.context}…”`);

// ---------------------------------------------------------------- what the page shows, in every state it passes through

/** The parts of the page this spec reads: the device strip and its notes, the connect dialog, every step's block. */
export const AREAS = ['.device-panel', '.device-notes', 'dialog.connect-dialog', '[data-command-step]', '[data-console-step]', '[data-calibration-form]'] as const;

/** What the page shows that is not its own words: what the Sonoff printed, what the reader sent, a step's log. */
const NOT_PAGE_WORDS = ['.console-line.device .console-text', '.console-line.sent .console-text', '.console-json', '.step-log pre', 'details pre'].join(',');

/**
 * Records, from the page's first script on, the visible text (and the
 * accessible names given by aria-label) of each area every time it changes,
 * so a state that lasts a moment (choosing the port, a phase of a step) is
 * read too. Text that is not rendered (a closed <details>, a hidden panel)
 * is not read; neither is what the device printed nor a log (see NOT_PAGE_WORDS).
 */
export async function recordShownText(page: Page): Promise<void> {
  await page.addInitScript(
    ({ selectors, notPageWords }: { selectors: readonly string[]; notPageWords: string }) => {
      const seen = new Map<string, Set<string>>();
      (window as unknown as { __shownText: Map<string, Set<string>> }).__shownText = seen;
      const selector = selectors.join(',');
      const nameOf = (element: Element): string => {
        const id = element.getAttribute('data-command-step') ?? element.getAttribute('data-console-step');
        if (id) return `step ${id}`;
        if (element.hasAttribute('data-calibration-form')) return 'step calibrate (its form)';
        return element.matches('dialog') ? 'connect dialog' : element.matches('.device-notes') ? 'device notes' : 'device strip';
      };
      const shown = (element: Element): boolean => element.checkVisibility({ checkVisibilityCSS: true });
      const capture = (area: Element): void => {
        const parts: string[] = [];
        const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement;
          if (!parent || parent.closest(notPageWords) || parent.closest('script, style, template') || !shown(parent)) continue;
          parts.push(node.textContent ?? '');
        }
        for (const labelled of area.querySelectorAll('[aria-label]')) if (shown(labelled)) parts.push(labelled.getAttribute('aria-label') ?? '');
        const text = parts.join('\n').replace(/\s+/g, ' ').trim();
        if (text === '') return;
        const where = nameOf(area);
        let texts = seen.get(where);
        if (!texts) seen.set(where, (texts = new Set()));
        texts.add(text);
      };
      const start = (): void => {
        for (const element of document.querySelectorAll(selector)) capture(element);
        new MutationObserver((records) => {
          const touched = new Set<Element>();
          for (const record of records) {
            const node = record.target instanceof Element ? record.target : record.target.parentElement;
            // The area changed, and every area around it (a step's controls inside its command block).
            for (let area = node?.closest(selector) ?? null; area; area = area.parentElement?.closest(selector) ?? null) touched.add(area);
            for (const added of record.addedNodes) if (added instanceof Element) for (const inner of added.querySelectorAll(selector)) touched.add(inner);
          }
          for (const area of touched) capture(area);
        }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['open', 'hidden', 'class', 'aria-label', 'aria-expanded'] });
      };
      if (document.body) start();
      else document.addEventListener('DOMContentLoaded', start, { once: true });
    },
    { selectors: AREAS, notPageWords: NOT_PAGE_WORDS },
  );
}

/** Every step's log and the dialog's "what happened", opened and read (their lines are partly esptool-js's own English). */
export async function readLogs(page: Page): Promise<Array<[string, string]>> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLDetailsElement>('.step-log, dialog.connect-dialog details')].map((details) => {
      const step = details.closest('[data-command-step], [data-console-step]');
      const where = step ? `log of step ${step.getAttribute('data-command-step') ?? step.getAttribute('data-console-step')}` : 'connect dialog log';
      return [where, details.querySelector('pre')?.textContent ?? ''] as [string, string];
    }),
  );
}

/** Everything recorded so far, by area; the record is emptied, so a later call returns what came after. */
export async function takeShownText(page: Page): Promise<Array<[string, string[]]>> {
  return page.evaluate(() => {
    const seen = (window as unknown as { __shownText: Map<string, Set<string>> }).__shownText;
    const all = [...seen.entries()].map(([where, texts]) => [where, [...texts]] as [string, string[]]);
    seen.clear();
    return all;
  });
}
