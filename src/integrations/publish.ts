/**
 * Ready to publish: after the build (and after csp-inline-hashes), this
 *
 * 0. puts each language's 404 page where hosts look for it (`es/404.html`);
 * 1. checks that every root-relative link, script and stylesheet of every page
 *    is under the site's base (SITE_BASE), so the build works at a sub-path;
 * 2. writes `_headers` for hosts that read it (see headers-file.ts): the
 *    pages' CSP as a header, with what a <meta> cannot carry (frame-ancestors),
 *    Permissions-Policy (Web Serial for this site only), nosniff, the referrer
 *    policy, and a year of caching for the hashed files in `_astro/` only;
 * 3. writes the service worker `sw.js` (src/site/service-worker.ts) with the
 *    list of every file of the build and its SHA-256, and a version derived
 *    from that list.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rmdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { build } from 'esbuild';
import { joinBase, normalizeBase } from '../site/base.ts';
import { notFoundPagePath } from '../site/not-found.ts';
import type { PrecacheEntry } from '../site/service-worker.ts';
import { formatHeaders, type HeaderRule } from './headers-file.ts';

export const HEADERS_FILE = '_headers';
export const WORKER_FILE = 'sw.js';
/** Files of the build the worker does not keep: the host's and crawlers' files. */
const NOT_PRECACHED = /^(_headers|_redirects|sw\.js|sitemap[^/]*\.xml|robots\.txt)$/;

const META_CSP = /<meta http-equiv="content-security-policy" content="([^"]*)"/i;
/** Attributes whose root-relative value the browser fetches or follows. */
const URL_ATTRIBUTE = /\s(?:href|src|action|component-url|renderer-url|before-hydration-url)="(\/(?!\/)[^"]*)"/gi;

/** Root-relative URLs in a page that are not under the base (they would 404 at a sub-path). */
export function urlsOutsideBase(html: string, base: string): string[] {
  const root = normalizeBase(base);
  return [...html.matchAll(URL_ATTRIBUTE)].map((match) => match[1]!).filter((url) => !(url + '/').startsWith(root));
}

function directivesOf(policy: string): [string, string[]][] {
  return policy
    .split(';')
    .map((directive) => directive.trim().split(/\s+/))
    .filter((tokens) => tokens[0])
    .map((tokens) => [tokens[0]!.toLowerCase(), tokens.slice(1)]);
}

/**
 * The CSP header for every response: the pages' own policies (one per page,
 * from their <meta>, the inline hashes differing), joined source by source,
 * plus frame-ancestors 'none', which a <meta> cannot carry (CSP Level 3,
 * §3.3 "The <meta> element": report-uri, frame-ancestors and sandbox are not
 * supported there). A page gets both the header and its <meta>, and each is
 * enforced on its own: "adding additional policies to the list of policies to
 * enforce can only further restrict" (CSP Level 3, §8.1 "The effect of
 * multiple policies", https://www.w3.org/TR/CSP3/#multiple-policies), so
 * the header adds frame-ancestors and covers responses
 * with no <meta> (the service worker script), while each page's own list of
 * hashes still decides what runs on it.
 */
export function headerPolicy(pagePolicies: readonly string[]): string {
  const merged = new Map<string, string[]>();
  const shapes = new Set<string>();
  for (const policy of pagePolicies) {
    const directives = directivesOf(policy);
    shapes.add(directives.map(([name]) => name).join(' '));
    for (const [name, sources] of directives) {
      const known = merged.get(name) ?? [];
      for (const source of sources) if (!known.includes(source)) known.push(source);
      merged.set(name, known);
    }
  }
  // Joining is only sound when every page has the same directives: a directive
  // missing on one page falls back to default-src there, and the union would
  // widen it.
  if (shapes.size > 1) throw new Error(`publish: pages carry CSPs with different directives (${[...shapes].join(' | ')}); the header cannot stand for all of them`);
  merged.set('frame-ancestors', ["'none'"]);
  return [...merged].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

/** The rules of `_headers` for a build's files (paths relative to the output, `/`-separated). */
export function headerRules(options: { base: string; csp: string; files: readonly string[] }): HeaderRule[] {
  const base = normalizeBase(options.base);
  const rules: HeaderRule[] = [
    {
      pattern: `${base}*`,
      headers: [
        ['Content-Security-Policy', options.csp],
        // Web Serial only for this site's own pages, never for a frame of another.
        ['Permissions-Policy', 'serial=(self)'],
        ['X-Content-Type-Options', 'nosniff'],
        ['Referrer-Policy', 'no-referrer'],
      ],
    },
    // Vite names these by their content hash: a changed file is a new name.
    { pattern: `${base}_astro/*`, headers: [['Cache-Control', 'public, max-age=31536000, immutable']] },
  ];
  // Everything else keeps its name across versions: the browser asks every time.
  const revalidate = new Set<string>();
  for (const file of options.files) {
    if (file.startsWith('_astro/') || file === HEADERS_FILE) continue;
    revalidate.add(joinBase(base, file));
    if (file === 'index.html' || file.endsWith('/index.html')) revalidate.add(joinBase(base, file.slice(0, -'index.html'.length)));
  }
  for (const pattern of [...revalidate].sort()) rules.push({ pattern, headers: [['Cache-Control', 'no-cache']] });
  return rules;
}

/** The precache list: every file the worker keeps, by its address relative to the scope (`index.html` as its folder). */
export function precacheEntries(files: ReadonlyMap<string, Uint8Array>): PrecacheEntry[] {
  return [...files]
    .filter(([file]) => !NOT_PRECACHED.test(file))
    .map(([file, bytes]) => ({
      url: file === 'index.html' || file.endsWith('/index.html') ? file.slice(0, -'index.html'.length) : file,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    }))
    .sort((a, b) => a.url.localeCompare(b.url));
}

/** A version name that changes when any kept file changes. */
export function versionOf(entries: readonly PrecacheEntry[]): string {
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
}

const WORKER_SOURCE = fileURLToPath(new URL('../site/service-worker.ts', import.meta.url));

/** The worker script with its list and version built in. */
export async function workerScript(entries: readonly PrecacheEntry[], version: string): Promise<string> {
  const result = await build({
    entryPoints: [WORKER_SOURCE],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
    define: { __PRECACHE__: JSON.stringify(entries), __VERSION__: JSON.stringify(version) },
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('publish: esbuild wrote no service worker');
  return file.text;
}

/** Each language's 404 page where hosts look for it (`es/404/index.html` → `es/404.html`, src/site/not-found.ts). */
async function placeNotFoundPages(root: string): Promise<void> {
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const rendered = relative(root, join(entry.parentPath, entry.name)).split(sep).join('/');
    const target = notFoundPagePath(rendered);
    if (target === undefined) continue;
    await rename(join(root, rendered), join(root, target));
    await rmdir(join(root, rendered, '..'));
  }
}

async function readBuild(root: string): Promise<Map<string, Uint8Array>> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  const files = new Map<string, Uint8Array>();
  for (const entry of entries.filter((item) => item.isFile()).sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)))) {
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path).split(sep).join('/'), await readFile(path));
  }
  return files;
}

/** Everything after the build, on its output folder; returns what it wrote, for the log and for tests. */
export async function publishBuild(root: string, base: string): Promise<{ version: string; entries: PrecacheEntry[]; workerBytes: number }> {
  await placeNotFoundPages(root);
  const files = await readBuild(root);
  files.delete(HEADERS_FILE);
  files.delete(WORKER_FILE);
  const pages = [...files].filter(([file]) => file.endsWith('.html')).map(([file, bytes]) => [file, Buffer.from(bytes).toString('utf8')] as const);

  const outside = pages.flatMap(([file, html]) => urlsOutsideBase(html, base).map((url) => `${file}: ${url}`));
  if (outside.length > 0) {
    throw new Error(`publish: links outside the site's base ${normalizeBase(base)} (build them with withBase from src/site/base.ts):\n  ${outside.join('\n  ')}`);
  }
  const policies = pages.map(([file, html]) => {
    const policy = META_CSP.exec(html)?.[1];
    if (policy === undefined) throw new Error(`publish: ${file} has no CSP <meta>`);
    return policy;
  });

  const entries = precacheEntries(files);
  const version = versionOf(entries);
  const worker = await workerScript(entries, version);
  await writeFile(join(root, WORKER_FILE), worker);
  const rules = headerRules({ base, csp: headerPolicy(policies), files: [...files.keys(), WORKER_FILE] });
  await writeFile(join(root, HEADERS_FILE), formatHeaders(rules, `Written by the build (src/integrations/publish.ts); read by Cloudflare Pages and by scripts/serve.ts.`));
  return { version, entries, workerBytes: Buffer.byteLength(worker) };
}

export default function publish(): AstroIntegration {
  let base = '/';
  return {
    name: 'sonoff-pow:publish',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = normalizeBase(config.base);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { version, entries, workerBytes } = await publishBuild(fileURLToPath(dir), base);
        logger.info(`base ${base}: wrote ${HEADERS_FILE} and ${WORKER_FILE} (version ${version}, ${entries.length} files kept offline, worker ${(workerBytes / 1024).toFixed(1)} KB)`);
      },
    },
  };
}
