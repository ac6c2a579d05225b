/**
 * The language links (LanguageSelect.astro): a click goes to the same step in
 * the other language and keeps the choice; a later visit to a page in another
 * language than the one chosen goes to the chosen one, same step. Storage
 * refused (private mode, settings) only means the choice is not kept.
 */
import { LANGUAGE_KEY } from '../site/languages.ts';

function links(): HTMLAnchorElement[] {
  return [...document.querySelectorAll<HTMLAnchorElement>('a[data-language]')];
}

/** The step in view: the address's, else the one the table of contents marks as being read. */
function currentStep(): string {
  if (location.hash) return location.hash;
  return document.querySelector<HTMLAnchorElement>('starlight-toc a[aria-current="true"]')?.hash ?? '';
}

function keep(language: string): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // Not kept; the link still works.
  }
}

function chosen(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}

for (const link of links()) {
  link.addEventListener('click', () => {
    keep(link.dataset.language ?? '');
    link.hash = currentStep();
  });
}

const choice = chosen();
if (choice !== null && choice !== document.documentElement.lang) {
  const target = links().find((link) => link.dataset.language === choice);
  if (target) location.replace(target.pathname + location.hash);
}
