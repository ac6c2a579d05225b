/**
 * Offline use: after one visit the guide opens and the flasher runs with the
 * network cut (the spec's own server is closed and the browser set offline:
 * Playwright's offline mode alone does not reach a service worker's fetches,
 * microsoft/playwright#2311), and a new deploy is announced, waits for a
 * running step, and is switched to whole on the person's click.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { publishBuild } from '../src/integrations/publish.ts';
import { installVirtualSonoff } from './fixtures/virtual-serial.ts';
import { serveOwn, siteOf } from './support/site.ts';
import { connectFromDialog, MB, result, runButton } from './support/workbench.ts';

/** Waits until this page is controlled by an activated worker (the first one claims the page it was installed from). */
async function offlineReady(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', undefined, { timeout: 30_000 });
}

const cacheNames = (page: Page) => page.evaluate(() => caches.keys());

test('after one visit, the guide and the flasher work with the network cut', async ({ page, context }, testInfo) => {
  const site = await serveOwn(testInfo);
  await installVirtualSonoff(page, { seed: 61 });
  await page.goto(site.url);
  await offlineReady(page);
  expect(await cacheNames(page)).toHaveLength(1);

  await site.close();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Sonoff POW' })).toBeVisible();
  expect(await page.evaluate(() => [...document.styleSheets].every((sheet) => sheet.cssRules.length > 0))).toBe(true);

  // The flasher's chunks come from the cache too: Connect, then a backup, end to end.
  await runButton(page, 'backup').click();
  await connectFromDialog(page);
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });

  // Other pages, and an address with no page (the 404 page, status 404).
  await page.goto(`${site.url}guides/`);
  await expect(page.getByRole('heading', { level: 1, name: 'All guides' })).toBeVisible();
  const missing = await page.goto(`${site.url}no-such-page/`);
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
});

/** A copy of the build as the next deploy: the workbench chunk changed (it marks the page), the worker rebuilt for it. */
async function nextVersion(outDir: string, base: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sonoff-pow-v2-'));
  await cp(outDir, dir, { recursive: true });
  const chunk = (await readdir(join(dir, '_astro'))).find((name) => /^workbench\..*\.js$/.test(name));
  if (!chunk) throw new Error('no workbench chunk in the build');
  const path = join(dir, '_astro', chunk);
  await writeFile(path, `${await readFile(path, 'utf8')}\n;globalThis.__siteVersion = 'next';\n`);
  await publishBuild(dir, base);
  return dir;
}

const versionRunning = (page: Page) => page.evaluate(() => (globalThis as { __siteVersion?: string }).__siteVersion ?? 'first');

test('a new version installs in the background, is announced, waits for a running step, and the reload switches to it whole', async ({ page }, testInfo) => {
  const { outDir, base } = siteOf(testInfo);
  const next = await nextVersion(outDir, base);
  const site = await serveOwn(testInfo);
  try {
    await installVirtualSonoff(page, { seed: 62 });
    await page.goto(site.url);
    await offlineReady(page);
    const notice = page.getByRole('status').filter({ hasText: 'A new version of this page is ready.' });
    await expect(notice).toHaveCount(0);

    // The next deploy. The page the person opens is still the version they have,
    // whole: the new worker installs beside it and waits.
    await site.swap(next);
    await page.reload();
    await expect(notice).toBeVisible({ timeout: 30_000 });
    expect(await cacheNames(page)).toHaveLength(2);
    await runButton(page, 'backup').click();
    await connectFromDialog(page);
    // The workbench came from the first version's cache, not the new deploy's server.
    expect(await versionRunning(page)).toBe('first');

    // While a step runs, the switch waits.
    const reload = notice.getByRole('button', { name: 'Reload' });
    // A backup that takes a few seconds: the page stops reading for 3 s half way (as bad-input.spec.ts does).
    await page.evaluate((bytes) => window.__virtualSonoff!.faults.stallReading(3000, bytes), MB / 2);
    await runButton(page, 'backup').click();
    await expect(reload).toBeDisabled();
    await expect(notice).toContainText('Reload once the running step has finished');
    await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
    await expect(reload).toBeEnabled();
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null)).toBe(true);

    // The click switches and reloads; the page is then the new version, chunks and all.
    await reload.click();
    await page.waitForURL(site.url, { waitUntil: 'load' });
    await expect(notice).toHaveCount(0);
    await page.getByRole('button', { name: 'Connect…' }).click();
    await expect.poll(() => versionRunning(page)).toBe('next');
    // The version before stays cached, for a tab still running it.
    expect(await cacheNames(page)).toHaveLength(2);
  } finally {
    await site.close();
    await rm(next, { recursive: true, force: true });
  }
});
