/**
 * The language links (LanguageSelect.astro): a click goes to the same step in
 * the other language and keeps the choice; a later visit to a page in another
 * language than the one chosen goes to the chosen one, same step. Storage
 * refused (private mode, settings) only means the choice is not kept. A 404
 * page never redirects (a host that serves one 404 page for every address
 * would otherwise bounce the reader between two), and a redirect happens
 * only once to the same page in a tab: sent there and back again (a host
 * serving the other language's page there), the reader stays.
 */
import { LANGUAGE_KEY } from '../site/languages.ts';

function links(): HTMLAnchorElement[] {
  return [...document.querySelectorAll<HTMLAnchorElement>('a[data-language]')];
}

/** The step in view: the one the table of contents marks as being read (the reader may have scrolled since following a link), else the address's. */
function currentStep(): string {
  const reading = document.querySelector<HTMLAnchorElement>('starlight-toc a[aria-current="true"]')?.hash;
  return reading && reading !== '#_top' ? reading : location.hash;
}

const REDIRECTED = `${LANGUAGE_KEY}.redirected`;

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
  link.addEventListener('click', (event) => {
    link.hash = currentStep();
    // A new tab or window (Ctrl, Shift, the middle button) is a look, not a choice.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    keep(link.dataset.language ?? '');
  });
}

/** Whether to go to `path`: not if this tab was sent there last time and is back (a loop), nor without storage to tell. */
function redirectOnce(path: string): boolean {
  try {
    if (sessionStorage.getItem(REDIRECTED) === path) return false;
    sessionStorage.setItem(REDIRECTED, path);
    return true;
  } catch {
    return false;
  }
}

const choice = chosen();
const notFound = document.querySelector('nav.language-links[data-not-found]') !== null;
if (choice !== null && choice !== document.documentElement.lang && !notFound) {
  const target = links().find((link) => link.dataset.language === choice);
  if (target && target.pathname !== location.pathname && redirectOnce(target.pathname)) location.replace(target.pathname + location.search + location.hash);
}
