/**
 * The guides of the site, for the sidebar and the guide list: lightest
 * `weight` first; drafts only in `astro dev`, as Starlight does for their pages.
 * Each language has its own: English entries at the collection's root, a
 * translation under its locale's folder (`es/`), as Starlight routes them.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { withBase } from '../site/base.ts';

/** Pages of the docs collection that are not guides (by id within a language). */
const NOT_GUIDES = new Set(['404', 'guides']);

/** The locales other than English, as folders of the collection (astro.config.mjs `locales`). */
const LOCALE_FOLDERS = ['es'] as const;

/** Which locale an entry id belongs to (`undefined`: English, the root), and its id within it. */
export function splitLocale(id: string): { locale: string | undefined; id: string } {
  for (const locale of LOCALE_FOLDERS) {
    if (id === locale) return { locale, id: 'index' };
    if (id.startsWith(`${locale}/`)) return { locale, id: id.slice(locale.length + 1) };
  }
  return { locale: undefined, id };
}

export async function listGuides(locale: string | undefined): Promise<CollectionEntry<'docs'>[]> {
  const guides = await getCollection('docs', ({ id, data }) => {
    const entry = splitLocale(id);
    return entry.locale === locale && !NOT_GUIDES.has(entry.id) && !(import.meta.env.PROD && data.draft);
  });
  return guides.sort((a, b) => a.data.weight - b.data.weight || a.data.title.localeCompare(b.data.title));
}

/** A page's address from its entry id (`index`, `guides`, `es`, `es/guides`), under the site's base (see src/site/base.ts). */
export function guideHref(id: string): string {
  const { locale, id: page } = splitLocale(id);
  const prefix = locale === undefined ? '' : `/${locale}`;
  return withBase(page === 'index' ? `${prefix}/` : `${prefix}/${page}/`);
}
