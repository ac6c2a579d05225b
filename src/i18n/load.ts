/**
 * Fetches a part's words in the page's language, beside the part's code: the
 * Spanish page never fetches an English word, nor the English page a Spanish
 * one (each language's part is its own file of the build; the cost-of-reading
 * test lists them). Only fetching lives here, so the page's first paint
 * carries no more than these few lines (the workbench's; the parts the
 * workbench fetches later are in load-parts.ts): the part that asked puts the
 * words in place (`provideWords`, src/i18n/index.ts) once both have come.
 */
import type { MainWords } from './index.ts';

export type Language = 'en' | 'es';

/** The page's language, from `<html lang>` (Starlight writes it from the page's locale). */
export function pageLanguage(): Language {
  return document.documentElement.lang.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export async function fetchMainWords(): Promise<MainWords> {
  return pageLanguage() === 'es' ? (await import('./es.ts')).es : (await import('./en.ts')).en;
}
