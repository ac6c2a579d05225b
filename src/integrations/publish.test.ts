import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { headersFor, parseHeaders } from './headers-file.ts';
import { headerPolicy, headerRules, precacheEntries, publishBuild, urlsOutsideBase, versionOf } from './publish.ts';

const page = (csp: string, body = '') => `<html><head><meta http-equiv="content-security-policy" content="${csp}"></head><body>${body}</body></html>`;

describe('links under the base', () => {
  it('finds root-relative links, scripts and island URLs outside the base, and nothing else', () => {
    const html = `<a href="/guides/"></a><a href="/sonoff-pow/"></a><a href="/sonoff-pow"></a><script src="/_astro/a.js"></script>
      <astro-island component-url="/sonoff-pow/_astro/b.js" renderer-url="/_astro/c.js"></astro-island><a href="#x"></a><a href="guides/"></a>
      <a href="https://example.org/"></a><a href="//cdn.example/x"></a><a href="/sonoff-powder/"></a>`;
    expect(urlsOutsideBase(html, '/sonoff-pow/')).toEqual(['/guides/', '/_astro/a.js', '/_astro/c.js', '/sonoff-powder/']);
    expect(urlsOutsideBase(html, '/')).toEqual([]);
  });
});

describe('the CSP header', () => {
  it("joins the pages' policies source by source and adds frame-ancestors 'none'", () => {
    const policy = headerPolicy([
      "default-src 'self'; script-src 'self' 'sha256-a'; style-src 'self'",
      "default-src 'self'; script-src 'self' 'sha256-b' 'sha256-a'; style-src 'self' 'sha256-c'",
    ]);
    expect(policy).toBe("default-src 'self'; script-src 'self' 'sha256-a' 'sha256-b'; style-src 'self' 'sha256-c'; frame-ancestors 'none'");
  });

  it('refuses pages whose policies have different directives (a missing one would widen to the union)', () => {
    expect(() => headerPolicy(["default-src 'self'; script-src 'self'", "default-src 'self'"])).toThrow(/different directives/);
  });
});

describe('the header rules', () => {
  const files = ['index.html', 'guides/index.html', '404.html', 'favicon.svg', '_astro/a.B1.js', '_astro/s.C2.css', 'sw.js'];
  const rules = headerRules({ base: '/sonoff-pow/', csp: "default-src 'self'; frame-ancestors 'none'", files });
  const at = (path: string) => Object.fromEntries(headersFor(rules, path));

  it('caches the hashed files for a year and has the browser ask again for every other, never both', () => {
    expect(at('/sonoff-pow/_astro/a.B1.js')['Cache-Control']).toBe('public, max-age=31536000, immutable');
    expect(at('/sonoff-pow/_astro/s.C2.css')['Cache-Control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/sonoff-pow/', '/sonoff-pow/index.html', '/sonoff-pow/guides/', '/sonoff-pow/404.html', '/sonoff-pow/favicon.svg', '/sonoff-pow/sw.js']) {
      expect(at(path)['Cache-Control'], path).toBe('no-cache');
    }
    // No header is set by two rules for one file (the host would join their values).
    for (const file of files) for (const value of Object.values(at(`/sonoff-pow/${file}`))) expect(value).not.toMatch(/no-cache, |immutable, /);
  });

  it('gives every response under the base the security headers, and none outside it', () => {
    for (const path of ['/sonoff-pow/', '/sonoff-pow/no-such-page', '/sonoff-pow/_astro/a.B1.js']) {
      expect(at(path)).toMatchObject({
        'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'",
        'Permissions-Policy': 'serial=(self)',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      });
    }
    expect(at('/elsewhere/')).toEqual({});
  });
});

describe('the precache list', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  const files = new Map([
    ['index.html', bytes('<p>guide</p>')],
    ['guides/index.html', bytes('<p>guides</p>')],
    ['404.html', bytes('<p>404</p>')],
    ['_astro/a.js', bytes('a()')],
    ['sitemap-index.xml', bytes('<x/>')],
    ['_headers', bytes('/*')],
  ]);

  it("lists every file but the host's and crawlers', pages by their folder, each with its SHA-256", () => {
    const entries = precacheEntries(files);
    expect(entries.map((entry) => entry.url)).toEqual(['', '_astro/a.js', '404.html', 'guides/']);
    expect(entries.find((entry) => entry.url === '_astro/a.js')?.sha256).toBe(createHash('sha256').update('a()').digest('hex'));
  });

  it('has a version that changes when one byte of one file does', () => {
    const before = versionOf(precacheEntries(files));
    const changed = new Map(files).set('_astro/a.js', bytes('b()'));
    expect(versionOf(precacheEntries(changed))).not.toBe(before);
    expect(versionOf(precacheEntries(new Map(files)))).toBe(before);
  });
});

describe('publishBuild', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function build(pages: Record<string, string>): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'publish-'));
    for (const [file, html] of Object.entries(pages)) {
      await mkdir(join(dir, file, '..'), { recursive: true });
      await writeFile(join(dir, file), html);
    }
    return dir;
  }

  it('writes the headers file and a worker that lists the build', async () => {
    const root = await build({ 'index.html': page("default-src 'self'; script-src 'self' 'sha256-a'", '<a href="/x/guides/">'), '_astro/a.js': 'a()' });
    const { version, entries } = await publishBuild(root, '/x/');
    const rules = parseHeaders(await readFile(join(root, '_headers'), 'utf8'));
    expect(headersFor(rules, '/x/').get('Content-Security-Policy')).toBe("default-src 'self'; script-src 'self' 'sha256-a'; frame-ancestors 'none'");
    const worker = await readFile(join(root, 'sw.js'), 'utf8');
    expect(worker).toContain(version);
    for (const entry of entries) expect(worker).toContain(entry.sha256);
    expect(entries.map((entry) => entry.url)).toEqual(['', '_astro/a.js']);
  });

  it('fails on a link outside the base, naming the page and the link, and writes nothing', async () => {
    const root = await build({ 'index.html': page("default-src 'self'", '<a href="/guides/">') });
    await expect(publishBuild(root, '/x/')).rejects.toThrow(/index\.html: \/guides\//);
    await expect(readFile(join(root, '_headers'))).rejects.toThrow(/ENOENT/);
    await expect(readFile(join(root, 'sw.js'))).rejects.toThrow(/ENOENT/);
  });

  it('fails on a page without a CSP', async () => {
    const root = await build({ 'index.html': '<html></html>' });
    await expect(publishBuild(root, '/')).rejects.toThrow(/index\.html has no CSP/);
  });
});
