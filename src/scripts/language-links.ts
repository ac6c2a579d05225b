/**
 * The language links (LanguageSelect.astro): a click goes to the same step in
 * the other language (the one the table of contents marks as being read: the
 * reader may have scrolled since following a link; else the address's) and
 * keeps the choice, unless it opens a new tab (Ctrl, Shift, the middle
 * button: a look, not a choice). A later visit to a page in another language
 * than the one chosen goes to the chosen one, same step. Never from a 404
 * page (a host serving one 404 page for every address would bounce the
 * reader between two), and only once to the same page in a tab (sent there
 * and back again, the reader stays). Storage refused (private mode,
 * settings) only means the choice is not kept. Small on purpose: it runs on
 * every page before any click.
 */
import { LANGUAGE_KEY } from '../site/languages.ts';

const REDIRECTED = `${LANGUAGE_KEY}.redirected`;
const safely = <T>(work: () => T): T | undefined => {
  try {
    return work();
  } catch {
    return undefined;
  }
};
const links = [...document.querySelectorAll<HTMLAnchorElement>('a[data-language]')];

for (const link of links) {
  link.addEventListener('click', (event) => {
    const reading = document.querySelector<HTMLAnchorElement>('starlight-toc a[aria-current="true"]')?.hash;
    link.hash = reading && reading !== '#_top' ? reading : location.hash;
    if (event.button === 0 && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)) safely(() => localStorage.setItem(LANGUAGE_KEY, link.dataset.language ?? ''));
  });
}

const choice = safely(() => localStorage.getItem(LANGUAGE_KEY));
const target = links.find((link) => link.dataset.language === choice);
if (
  target &&
  choice !== document.documentElement.lang &&
  target.pathname !== location.pathname &&
  !document.querySelector('[data-not-found]') &&
  safely(() => sessionStorage.getItem(REDIRECTED) !== target.pathname && (sessionStorage.setItem(REDIRECTED, target.pathname), true))
) {
  location.replace(target.pathname + location.search + location.hash);
}
