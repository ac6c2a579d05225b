/**
 * Which 404 page answers an address with no page: the nearest `404.html` up
 * the address's folders, as Cloudflare Pages serves it ("Pages will then
 * attempt to find the closest 404 page. If one is not found in the same
 * directory as the route you are currently requesting, it will continue to
 * look up the directory tree", developers.cloudflare.com/pages/configuration/serving-pages/,
 * "Not Found behavior"). So `/es/anything` gets the Spanish 404 page and
 * `/anything` the English one. scripts/serve.ts and the offline worker use
 * this same order.
 */

/** The 404 pages to try for a path relative to the site's base, nearest first: `es/a/b` → `es/a/404.html`, `es/404.html`, `404.html`. */
export function notFoundCandidates(path: string): string[] {
  const folders = path.split('/').slice(0, -1).filter(Boolean);
  const candidates: string[] = [];
  for (let depth = folders.length; depth >= 0; depth -= 1) candidates.push([...folders.slice(0, depth), '404.html'].join('/'));
  return candidates;
}

/** Where a language's 404 page is written: Astro renders `es/404` as `es/404/index.html`; hosts look for `es/404.html`. */
export function notFoundPagePath(renderedPath: string): string | undefined {
  const match = /^(.+)\/404\/index\.html$/.exec(renderedPath);
  return match ? `${match[1]}/404.html` : undefined;
}
