/**
 * The build as a static host serves it, at the root and (project "sub-path")
 * under /sonoff-pow/: pages, assets, links, deep links and the 404 page work
 * there, and every response carries the headers of the build's `_headers`.
 * URLs here are relative to the project's baseURL (`./`, never `/`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page, type Response } from '@playwright/test';
import { serveSite } from '../scripts/serve.ts';
import { siteOf } from './support/site.ts';

/**
 * Every asset request of the page that failed (4xx/5xx, or no answer). Pages
 * are left out (the test checks their status itself), and so are requests a
 * navigation cancelled (net::ERR_ABORTED: the page left before they ended).
 */
function failures(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (response: Response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document') failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText;
    if (request.resourceType() !== 'document' && error !== 'net::ERR_ABORTED') failed.push(`${error} ${request.url()}`);
  });
  return failed;
}

const stylesApplied = (page: Page) => page.evaluate(() => getComputedStyle(document.body).fontFamily !== '' && document.styleSheets.length > 0 && [...document.styleSheets].every((sheet) => sheet.cssRules.length > 0));

test('the guide, its assets, the sidebar links and a deep link to a step work under the base', async ({ page, baseURL }, testInfo) => {
  const { base } = siteOf(testInfo);
  const failed = failures(page);
  await page.goto('./');
  expect(new URL(page.url()).pathname).toBe(base);
  await expect(page.getByRole('heading', { level: 1, name: 'Sonoff POW' })).toBeVisible();
  expect(await stylesApplied(page)).toBe(true);
  // The islands hydrate: their lazy chunks resolve under the base too.
  await expect(page.getByRole('button', { name: 'Connect…' })).toBeEnabled();

  await page.getByRole('link', { name: 'All guides', exact: true }).click();
  await expect(page).toHaveURL(`${baseURL!.replace(/\/$/, '')}/guides/`);
  await page.getByRole('main').getByRole('link', { name: 'Sonoff POW' }).click();
  expect(new URL(page.url()).pathname).toBe(base);

  await page.goto('./#restore');
  await expect(page.locator('h3#restore')).toBeInViewport();
  expect(await page.locator('h3#restore').evaluate((heading) => heading.matches(':target'))).toBe(true);
  // A folder without its slash is sent to it, as static hosts do.
  const response = await page.goto(`${base.replace(/\/$/, '')}/guides`);
  expect(response?.status()).toBe(200);
  expect(new URL(page.url()).pathname).toBe(`${base}guides/`);
  expect(failed).toEqual([]);
});

test('a step link copied from the page lands on the step under the base', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./');
  await page.getByRole('button', { name: 'Copy link to step: Erase the flash' }).click();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toBe(`${baseURL!.replace(/\/?$/, '/')}#erase-flash`);
  await page.goto('./guides/');
  await page.goto(url);
  await expect(page.locator('h3#erase-flash')).toBeInViewport();
});

test('an unknown address, however deep, gets the 404 page with status 404, styled, linking to the guide', async ({ page }, testInfo) => {
  const { base } = siteOf(testInfo);
  const failed = failures(page);
  const response = await page.goto('./no/such/page/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  expect(await stylesApplied(page)).toBe(true);
  const link = page.getByRole('link', { name: 'Go to the guide' });
  await expect(link).toHaveAttribute('href', base);
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sonoff POW' })).toBeVisible();
  expect(failed).toEqual([]);
});

/** A policy's directives by name. */
const directives = (policy: string): Map<string, string[]> =>
  new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((tokens) => tokens[0])
      .map((tokens) => [tokens[0]!, tokens.slice(1)]),
  );

test('every response carries the headers file: the CSP with frame-ancestors, serial for this site only, nosniff, no referrer', async ({ page, request }) => {
  for (const path of ['./', './guides/', './no-such-page', './sw.js']) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers['permissions-policy'], path).toBe('serial=(self)');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('no-referrer');
    const csp = directives(headers['content-security-policy'] ?? '');
    expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
    expect(csp.get('default-src'), path).toEqual(["'self'"]);
    expect(csp.get('connect-src'), path).toEqual(["'self'"]);
    expect(csp.get('worker-src'), path).toEqual(["'self'"]);
    expect(csp.get('object-src'), path).toEqual(["'none'"]);
  }

  // The header allows what the page's own <meta> allows: the browser enforces both.
  const response = await page.goto('./');
  const header = directives((await response!.allHeaders())['content-security-policy'] ?? '');
  const meta = directives((await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content')) ?? '');
  for (const [name, sources] of meta) expect(header.get(name), name).toEqual(expect.arrayContaining(sources));
  expect(meta.has('frame-ancestors')).toBe(false);
  // Nothing the page runs is refused by either policy.
  expect(await page.evaluate(() => performance.getEntriesByType('resource').length)).toBeGreaterThan(0);
});

test('hashed assets are cached for a year, everything else is asked for again', async ({ page, request }) => {
  const assets: string[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.includes('/_astro/')) assets.push(response.url());
  });
  await page.goto('./');
  await page.waitForLoadState('networkidle');
  expect(assets.length).toBeGreaterThan(3);
  for (const url of assets) expect((await request.get(url)).headers()['cache-control'], url).toBe('public, max-age=31536000, immutable');
  for (const path of ['./', './guides/', './404.html', './favicon.svg', './sw.js']) {
    expect((await request.get(path)).headers()['cache-control'], path).toBe('no-cache');
  }
  // The headers file itself is the host's, not a page.
  expect((await request.get('./_headers')).status()).toBe(404);
});

test('another site cannot frame the guide (frame-ancestors from the header)', async ({ page, baseURL }) => {
  // Another origin (its own port), a page with no policy of its own that frames the guide.
  const dir = await mkdtemp(join(tmpdir(), 'framing-'));
  await writeFile(join(dir, 'index.html'), `<!doctype html><title>other</title><iframe src="${baseURL}"></iframe>`);
  const other = await serveSite({ dir });
  try {
    const refused = page.waitForEvent('requestfailed', { predicate: (request) => request.url().startsWith(baseURL!), timeout: 15_000 });
    await page.goto(other.url);
    expect((await refused).failure()?.errorText).toBe('net::ERR_BLOCKED_BY_RESPONSE');
    // Chromium replaces a refused frame's document with its error page.
    expect(page.frames().find((frame) => frame !== page.mainFrame())?.url()).toMatch(/^chrome-error:/);
  } finally {
    await other.close();
    await rm(dir, { recursive: true, force: true });
  }
});
