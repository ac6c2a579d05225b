/**
 * The site's service worker: it keeps this version of the guide and the
 * whole flasher on the computer, so a person at a workbench without internet
 * can open the guide and flash after a first visit.
 *
 * - One cache per version. The build writes the list of files and their
 *   SHA-256 (`PRECACHE`) and the version (a hash of that list) into the worker,
 *   so a new deploy is a new worker. Install fetches every file, refuses any
 *   whose bytes are not the listed ones (a deploy landing during the install
 *   cannot mix two versions into one cache), and stores them all or none.
 * - Files of this version are served from its cache first, pages included:
 *   a page and the flasher chunks it loads always come from one version.
 * - A new version waits (no skipWaiting at install) until the page asks for
 *   it on the person's click (`ACTIVATE`), which the page only sends when no
 *   step runs. The cache of the version before stays, so a tab still running
 *   the old page keeps loading the old chunks, not a mix.
 * - Offline, an address with no page gets the nearest cached 404 page (its
 *   language's, src/site/not-found.ts), status 404.
 *
 * Written against the Service Worker spec's events (install, activate, fetch,
 * message: https://w3c.github.io/ServiceWorker/); the small types below stand
 * in for TypeScript's webworker library, which cannot share a program with
 * the DOM library the rest of the site is checked with.
 */

import { ACTIVATE } from './offline-protocol.ts';
import { notFoundCandidates } from './not-found.ts';

export interface PrecacheEntry {
  /** Relative to the worker's scope: `` (the guide), `guides/`, `404.html`, `_astro/x.js`. */
  url: string;
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
}

export const CACHE_PREFIX = 'sonoff-pow-';

/** The precache entry a path (relative to the scope) is served from, if any. */
export function entryFor(path: string, urls: ReadonlySet<string>): string | undefined {
  if (urls.has(path)) return path;
  if (path === 'index.html' || path.endsWith('/index.html')) {
    const directory = path.slice(0, -'index.html'.length);
    if (urls.has(directory)) return directory;
  }
  return undefined;
}

/** Our caches to delete once `current` is active: all but it and the newest one before it (names in creation order). */
export function staleCaches(names: readonly string[], current: string): string[] {
  const older = names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== current);
  return older.slice(0, -1);
}

/** Response headers worth keeping on a stored copy: the body is stored decoded, so no encoding or length. */
export function storedHeaders(headers: Headers): Headers {
  const kept = new Headers(headers);
  for (const name of ['content-encoding', 'content-length', 'transfer-encoding']) kept.delete(name);
  return kept;
}

const hex = (buffer: ArrayBuffer): string => [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface WorkerFetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerMessageEvent extends ExtendableEvent {
  readonly data: unknown;
}
interface WorkerScope {
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: WorkerFetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: WorkerMessageEvent) => void): void;
}

/** Filled in by the build (src/integrations/publish.ts). */
declare const __PRECACHE__: PrecacheEntry[];
declare const __VERSION__: string;

export function startWorker(scope: WorkerScope, precache: PrecacheEntry[], version: string): void {
  const cacheName = `${CACHE_PREFIX}${version}`;
  const urls = new Set(precache.map((entry) => entry.url));
  const scopeUrl = new URL(scope.registration.scope);
  const absolute = (relative: string): string => new URL(relative, scopeUrl).href;

  async function install(): Promise<void> {
    const cache = await caches.open(cacheName);
    try {
      await Promise.all(
        precache.map(async ({ url, sha256 }) => {
          const response = await fetch(new Request(absolute(url), { cache: 'no-cache', credentials: 'same-origin' }));
          const body = await response.arrayBuffer();
          const digest = hex(await crypto.subtle.digest('SHA-256', body));
          if (digest !== sha256) throw new Error(`${url} (HTTP ${response.status}) is not the file of version ${version}`);
          await cache.put(absolute(url), new Response(body, { status: 200, statusText: 'OK', headers: storedHeaders(response.headers) }));
        }),
      );
    } catch (error) {
      // All or nothing: a half-filled cache must never be served.
      await caches.delete(cacheName);
      throw error;
    }
  }

  async function activate(): Promise<void> {
    const names = (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX));
    for (const name of staleCaches(names, cacheName)) await caches.delete(name);
    // The first version takes the open page at once (it was loaded from these
    // same files), so the flasher loads from the cache even if the network goes
    // now. A later version waits for the person's reload instead.
    if (names.length === 1) await scope.clients.claim();
  }

  /** A file this version does not list: an older tab's chunk from the version before, else the network. */
  async function fromOlderCaches(request: Request): Promise<Response> {
    const names = (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX) && name !== cacheName).reverse();
    for (const name of names) {
      const hit = await (await caches.open(name)).match(request, { ignoreSearch: true });
      if (hit) return hit;
    }
    return fetch(request);
  }

  async function navigate(request: Request, path: string): Promise<Response> {
    try {
      return await fetch(request);
    } catch (error) {
      const cache = await caches.open(cacheName);
      for (const candidate of notFoundCandidates(path)) {
        const page = await cache.match(absolute(candidate));
        if (page) return new Response(page.body, { status: 404, statusText: 'Not Found', headers: page.headers });
      }
      throw error;
    }
  }

  async function fromCache(entry: string, request: Request): Promise<Response> {
    const hit = await (await caches.open(cacheName)).match(absolute(entry));
    return hit ?? fetch(request);
  }

  scope.addEventListener('install', (event) => event.waitUntil(install()));
  scope.addEventListener('activate', (event) => event.waitUntil(activate()));
  scope.addEventListener('message', (event) => {
    if (event.data === ACTIVATE) event.waitUntil(scope.skipWaiting());
  });
  scope.addEventListener('fetch', (event) => {
    const { request } = event;
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.origin !== scopeUrl.origin || !url.pathname.startsWith(scopeUrl.pathname)) return;
    const raw = url.pathname.slice(scopeUrl.pathname.length);
    let path = raw;
    try {
      path = decodeURIComponent(raw);
    } catch {
      // A malformed escape names no file of ours: it still gets the 404 page offline.
    }
    const entry = entryFor(path, urls);
    if (entry !== undefined) event.respondWith(fromCache(entry, request));
    else if (request.mode === 'navigate') event.respondWith(navigate(request, path));
    else event.respondWith(fromOlderCaches(request));
  });
}

// In the built worker (never in a test that imports this module).
if (typeof __PRECACHE__ !== 'undefined') startWorker(globalThis as unknown as WorkerScope, __PRECACHE__, __VERSION__);
