/**
 * The static server the browser tests use: it serves a build as a static
 * host does, and applies the build's own `_headers` file with the same reader
 * (src/integrations/headers-file.ts), so the headers tested are the ones
 * deployed.
 *
 * As Cloudflare Pages does (https://developers.cloudflare.com/pages/configuration/serving-pages/,
 * "Route matching" and "Not Found behavior"): `folder/` serves
 * `folder/index.html`, `folder/index.html` and `folder` redirect to
 * `folder/`, and an address with no file gets the nearest `404.html` up its
 * folders (src/site/not-found.ts) with status 404; the `_headers` file itself is not served
 * (https://developers.cloudflare.com/pages/configuration/headers/). Pages also
 * drops `.html` from other pages' addresses; this site links none. The build lives under `--base`
 * (`/sonoff-pow/`), as on a project site.
 *
 *   node scripts/serve.ts --dir dist --port 4321 [--base /sonoff-pow/]
 *
 * No library: none applies a `_headers` file, and the rest is a file read.
 */
import { createServer, type Server } from 'node:http';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { headersFor, parseHeaders, type HeaderRule } from '../src/integrations/headers-file.ts';
import { normalizeBase } from '../src/site/base.ts';
import { notFoundCandidates } from '../src/site/not-found.ts';

/** The file types a build of this site has (the build's list is checked against it when the server starts). */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

export interface StaticSite {
  url: string;
  server: Server;
  /** Serve another build from now on (a new deploy), or stop answering at all (the network cut). */
  swap(dir: string): Promise<void>;
  close(): Promise<void>;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((info) => info.isFile(), () => false);
}

async function loadRules(dir: string): Promise<HeaderRule[]> {
  const text = await readFile(join(dir, '_headers'), 'utf8').catch(() => '');
  return parseHeaders(text);
}

async function checkTypes(dir: string): Promise<void> {
  const unknown = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name !== '_headers' && !(extname(entry.name) in TYPES))
    .map((entry) => entry.name);
  if (unknown.length > 0) throw new Error(`serve: no content type for ${unknown.join(', ')}; add it to TYPES in scripts/serve.ts`);
}

/** Starts serving `dir` under `base`; port 0 picks a free one. */
export async function serveSite(options: { dir: string; base?: string; port?: number; host?: string }): Promise<StaticSite> {
  const base = normalizeBase(options.base);
  let root = resolve(options.dir);
  await checkTypes(root);
  let rules = await loadRules(root);

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const send = (status: number, body: Buffer | string, file?: string, extra: Record<string, string> = {}): void => {
        const headers: Record<string, string> = { ...Object.fromEntries(headersFor(rules, url.pathname)), ...extra };
        if (file) headers['Content-Type'] = TYPES[extname(file)] ?? 'application/octet-stream';
        response.writeHead(status, headers);
        response.end(request.method === 'HEAD' ? undefined : body);
      };
      const notFound = async (): Promise<void> => {
        const inside = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : '';
        for (const candidate of notFoundCandidates(inside)) {
          const page = join(root, candidate);
          if (await isFile(page)) return send(404, await readFile(page), page);
        }
        send(404, 'Not found', undefined, { 'Content-Type': 'text/plain; charset=utf-8' });
      };
      if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'Method not allowed', undefined, { Allow: 'GET, HEAD' });
      if (`${url.pathname}/` === base) return send(308, '', undefined, { Location: base + url.search });
      if (!url.pathname.startsWith(base)) return notFound();
      let path: string;
      try {
        path = decodeURIComponent(url.pathname.slice(base.length));
      } catch {
        return notFound();
      }
      const file = resolve(root, path);
      if (file !== root && !file.startsWith(root + sep)) return notFound();
      // The headers file is the host's, never served; however the address spells it (`%2F..%2F_headers`).
      if (relative(root, file) === '_headers') return notFound();
      if (path === 'index.html' || path.endsWith('/index.html')) return send(308, '', undefined, { Location: url.pathname.slice(0, -'index.html'.length) + url.search });
      if (path === '' || path.endsWith('/')) {
        const index = join(file, 'index.html');
        return (await isFile(index)) ? send(200, await readFile(index), index) : notFound();
      }
      if (await isFile(file)) return send(200, await readFile(file), file);
      if (await isFile(join(file, 'index.html'))) return send(308, '', undefined, { Location: `${url.pathname}/${url.search}` });
      return notFound();
    })().catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? 'localhost', () => done());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://localhost:${port}${base}`,
    server,
    async swap(dir) {
      root = resolve(dir);
      await checkTypes(root);
      rules = await loadRules(root);
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { dir: { type: 'string', default: 'dist' }, port: { type: 'string', default: '4321' }, base: { type: 'string', default: process.env.SITE_BASE ?? '/' } } });
  const site = await serveSite({ dir: values.dir, port: Number(values.port), base: values.base });
  console.log(`serving ${values.dir} at ${site.url}`);
}
