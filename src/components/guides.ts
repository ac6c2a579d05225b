/**
 * The guides of the site, for the sidebar and the guide list: lightest
 * `weight` first; drafts only in `astro dev`, as Starlight does for their pages.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { withBase } from '../site/base.ts';

/** Pages of the docs collection that are not guides. */
const NOT_GUIDES = new Set(['404', 'guides']);

export async function listGuides(): Promise<CollectionEntry<'docs'>[]> {
  const guides = await getCollection('docs', ({ id, data }) => !NOT_GUIDES.has(id) && !(import.meta.env.PROD && data.draft));
  return guides.sort((a, b) => a.data.weight - b.data.weight || a.data.title.localeCompare(b.data.title));
}

/** A guide's address, under the site's base (see src/site/base.ts). */
export function guideHref(id: string): string {
  return withBase(id === 'index' ? '/' : `/${id}/`);
}
