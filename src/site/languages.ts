/**
 * The site's languages: English at the root, each other under its folder
 * (astro.config.mjs `locales` reads this list). A page's address in another
 * language is the same address with the folder swapped, so a step's `#id`
 * means the same step in every language.
 */
export interface Language {
  /** Starlight's locale key: `undefined` for the root. */
  readonly locale: string | undefined;
  readonly lang: string;
  /** The language's own name, as its readers write it. */
  readonly label: string;
}

export const LANGUAGES: readonly Language[] = [
  { locale: undefined, lang: 'en', label: 'English' },
  { locale: 'es', lang: 'es', label: 'Español' },
];

/**
 * A page's path in another language: `/sonoff-pow/es/guides/` → `/sonoff-pow/guides/`
 * for English, and back. `base` is the site's base (`/` or `/sonoff-pow/`).
 */
export function pathInLanguage(pathname: string, base: string, locale: string | undefined): string {
  const root = base.endsWith('/') ? base : `${base}/`;
  let rest = pathname.startsWith(root) ? pathname.slice(root.length) : pathname.replace(/^\/+/, '');
  for (const { locale: other } of LANGUAGES) {
    if (other !== undefined && (rest === other || rest.startsWith(`${other}/`))) rest = rest.slice(other.length).replace(/^\//, '');
  }
  return root + (locale === undefined ? rest : rest === '' ? `${locale}/` : `${locale}/${rest}`);
}

/** Where the reader's choice of language is kept (localStorage). */
export const LANGUAGE_KEY = 'sonoff-pow.language';
