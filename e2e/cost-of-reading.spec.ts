/**
 * The cost of reading: the JavaScript a reader downloads before any click
 * must stay under 20 KB gzipped, and what the first Connect adds (the
 * flasher and its UI) under 70 KB gzipped. Measured by following what the
 * built page actually loads; the files and sizes are printed either way.
 */
import { gzipSync } from 'node:zlib';
import { expect, test, type Page, type Response } from '@playwright/test';

const BEFORE_CLICK_LIMIT = 20 * 1024;
const FIRST_USE_LIMIT = 70 * 1024;

/** Every script the page fetched, by URL, with its gzipped size (level 6, what servers use). */
function recordScripts(page: Page): { sizes: Map<string, number>; settled: () => Promise<void> } {
  const sizes = new Map<string, number>();
  const pending: Promise<void>[] = [];
  page.on('response', (response: Response) => {
    const request = response.request();
    const url = new URL(response.url());
    if (request.resourceType() !== 'script' && !/\.m?js$/.test(url.pathname)) return;
    pending.push(
      response.body().then(
        (body) => void sizes.set(url.pathname, gzipSync(body, { level: 6 }).length),
        () => undefined,
      ),
    );
  });
  return { sizes, settled: async () => void (await Promise.all(pending)) };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

function table(title: string, files: [string, number][]): string {
  const total = files.reduce((sum, [, size]) => sum + size, 0);
  return [`${title}: ${kb(total)} gzipped in ${files.length} files`, ...files.map(([url, size]) => `  ${kb(size).padStart(9)}  ${url}`)].join('\n');
}

test('the guide loads under 20 KB of JavaScript, and the first Connect adds under 70 KB', async ({ page }) => {
  const { sizes, settled } = recordScripts(page);
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  await settled();
  // Scripts inside the HTML count too (Starlight's theme script, Astro's island loader).
  const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src])')].map((script) => script.textContent ?? ''));
  sizes.set(`(inline scripts in the page: ${inline.length})`, gzipSync(inline.join('\n'), { level: 6 }).length);
  const before = [...sizes.entries()];
  const beforeTotal = before.reduce((sum, [, size]) => sum + size, 0);

  await page.getByRole('button', { name: 'Connect…' }).click();
  await expect(page.getByRole('dialog', { name: /Connect to the Sonoff POW/ })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await settled();
  const added = [...sizes.entries()].filter(([url]) => !before.some(([seen]) => seen === url));
  const addedTotal = added.reduce((sum, [, size]) => sum + size, 0);

  const report = `${table('Before any click', before)}\n${table('Added by the first Connect', added)}`;
  console.log(report);
  expect(before.length, 'the page loads some JavaScript').toBeGreaterThan(0);
  expect(added.length, 'the first Connect loads the flasher').toBeGreaterThan(0);
  expect(beforeTotal, `JavaScript before any click is over ${kb(BEFORE_CLICK_LIMIT)}:\n${report}`).toBeLessThanOrEqual(BEFORE_CLICK_LIMIT);
  expect(addedTotal, `JavaScript added by the first Connect is over ${kb(FIRST_USE_LIMIT)}:\n${report}`).toBeLessThanOrEqual(FIRST_USE_LIMIT);
});
