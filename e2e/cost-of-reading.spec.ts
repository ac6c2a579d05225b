/**
 * The cost of reading: the JavaScript a reader downloads before any click
 * must stay under 20 KB gzipped, in English and in Spanish, and what the
 * first Connect adds (the flasher, its UI and its words in the page's
 * language) under 55 KB gzipped. Each further feature (the adapter check;
 * the virtual device; the diagnosis view, when there is one to show; the
 * compressor a write needs and the MD5 every operation checks) is fetched
 * only when it is used: the first Connect fetches none of them, and using
 * one fetches it. A page fetches its own language's words only. Measured by
 * following what the built page actually loads; the files and sizes are
 * printed either way.
 */
import { gzipSync } from 'node:zlib';
import { expect, test, type Page, type Response } from '@playwright/test';

const BEFORE_CLICK_LIMIT = 20 * 1024;
const FIRST_USE_LIMIT = 55 * 1024;

/**
 * What is fetched only on use: the button that uses it (in the device panel
 * once the workbench is there), and words only its code contains, so that
 * the proof holds however the build names or splits its files (a file of
 * that name could be a two-line facade with the code in the workbench).
 * A feature loaded with features.tsx's `lazyPart` gets a row here.
 */
const ON_USE: { feature: string; button: string; marker: string }[] = [
  // src/flasher/self-test-report.ts: the report's first line.
  { feature: 'the adapter check', button: 'Check this adapter and device', marker: 'Sonoff POW flasher: adapter and device check' },
  // src/virtual-device/flash.ts: the flash model's range check.
  { feature: 'the virtual device', button: 'No device? Use a virtual Sonoff POW', marker: 'is outside the flash' },
];

/** Code the first Connect must not fetch, with no button of its own: fflate (a write's compressor) and spark-md5 (every operation's check). */
const ON_OPERATION: { library: string; marker: string }[] = [
  // fflate's error table (node_modules/fflate/esm/browser.js, `ec`).
  { library: 'fflate', marker: 'invalid block type' },
  // spark-md5's hex digits table and its ArrayBuffer API.
  { library: 'spark-md5', marker: 'SparkMD5' },
];

/** Every script's text, by URL, as fetched (to tell which code came when). */
const texts = new Map<string, string>();

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
        (body) => {
          sizes.set(url.pathname, gzipSync(body, { level: 6 }).length);
          texts.set(url.pathname, body.toString('utf8'));
        },
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

/** Loads the page, prints and returns what came before any click. */
async function openGuide(page: Page, path = '/'): Promise<{ sizes: Map<string, number>; settled: () => Promise<void>; before: [string, number][] }> {
  const { sizes, settled } = recordScripts(page);
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await settled();
  // Scripts inside the HTML count too (Starlight’s theme script, Astro’s island loader); the words
  // the islands show before the first click are a JSON block the browser never runs (ShellWords.astro).
  const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src]):not([type="application/json"])')].map((script) => script.textContent ?? ''));
  sizes.set(`(inline scripts in the page: ${inline.length})`, gzipSync(inline.join('\n'), { level: 6 }).length);
  return { sizes, settled, before: [...sizes.entries()] };
}

/** The first Connect: the dialog opens with the flasher behind it (the button and the dialog as the page's language names them). */
async function firstConnect(page: Page, settled: () => Promise<void>, names = { button: 'Connect…', dialog: /Connect to the Sonoff POW/ }): Promise<void> {
  await page.getByRole('button', { name: names.button }).click();
  await expect(page.getByRole('dialog', { name: names.dialog })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await settled();
}

/** Whether any of these files has `marker` in its code. */
const contain = (files: [string, number][], marker: string): boolean => files.some(([url]) => texts.get(url)?.includes(marker) === true);

const since = (sizes: Map<string, number>, seen: [string, number][]): [string, number][] => [...sizes.entries()].filter(([url]) => !seen.some(([old]) => old === url));

test('the guide loads under 20 KB of JavaScript, and the first Connect adds under 55 KB', async ({ page }) => {
  const { sizes, settled, before } = await openGuide(page);
  const beforeTotal = before.reduce((sum, [, size]) => sum + size, 0);

  await firstConnect(page, settled);
  const added = since(sizes, before);
  const addedTotal = added.reduce((sum, [, size]) => sum + size, 0);

  const report = `${table('Before any click', before)}\n${table('Added by the first Connect', added)}`;
  console.log(report);
  expect(before.length, 'the page loads some JavaScript').toBeGreaterThan(0);
  // src/flasher/connect.ts: its first words to the person.
  expect(contain(added, 'Opening the serial port at 115200 baud'), `the first Connect loads the flasher:\n${report}`).toBe(true);
  expect(beforeTotal, `JavaScript before any click is over ${kb(BEFORE_CLICK_LIMIT)}:\n${report}`).toBeLessThanOrEqual(BEFORE_CLICK_LIMIT);
  expect(addedTotal, `JavaScript added by the first Connect is over ${kb(FIRST_USE_LIMIT)}:\n${report}`).toBeLessThanOrEqual(FIRST_USE_LIMIT);
  for (const { feature, marker } of ON_USE) expect(contain([...before, ...added], marker), `the first Connect fetched ${feature}:\n${report}`).toBe(false);
  // The steps after the flash (their words, src/i18n/en/console.ts) and the console (its error codes, src/console/errors.ts) come on their first Run.
  for (const marker of ['Disconnect the flasher and open the console', 'line-break-in-line'])
    expect(contain([...before, ...added], marker), `the first Connect fetched the console (${marker}):\n${report}`).toBe(false);
  for (const { library, marker } of ON_OPERATION) expect(contain([...before, ...added], marker), `the first Connect fetched ${library}:\n${report}`).toBe(false);
  // Its own language's words only (src/i18n/es/flasher.ts has the Spanish of the line above).
  expect(contain([...before, ...added], 'Abriendo el puerto serie'), `the English page fetched Spanish words:\n${report}`).toBe(false);
});

test('the Spanish page loads under 20 KB of JavaScript too, and its first Connect fetches Spanish words, no English', async ({ page }) => {
  const { sizes, settled, before } = await openGuide(page, '/es/');
  const beforeTotal = before.reduce((sum, [, size]) => sum + size, 0);
  await firstConnect(page, settled, { button: 'Conectar…', dialog: /Conectar con el Sonoff POW/ });
  const added = since(sizes, before);
  const addedTotal = added.reduce((sum, [, size]) => sum + size, 0);
  const report = `${table('Before any click (Spanish)', before)}\n${table('Added by the first Connect (Spanish)', added)}`;
  console.log(report);
  expect(contain(added, 'Abriendo el puerto serie a 115200 baudios'), `the Spanish words came:\n${report}`).toBe(true);
  expect(contain([...before, ...added], 'Opening the serial port'), `the Spanish page fetched English words:\n${report}`).toBe(false);
  expect(beforeTotal, `JavaScript before any click is over ${kb(BEFORE_CLICK_LIMIT)}:\n${report}`).toBeLessThanOrEqual(BEFORE_CLICK_LIMIT);
  expect(addedTotal, `JavaScript added by the first Connect is over ${kb(FIRST_USE_LIMIT)}:\n${report}`).toBeLessThanOrEqual(FIRST_USE_LIMIT);
});

for (const { feature, button, marker } of ON_USE) {
  test(`${feature} is fetched when it is first used, not before`, async ({ page }) => {
    const { sizes, settled } = await openGuide(page);
    await firstConnect(page, settled);
    await page.getByRole('dialog', { name: /Connect to the Sonoff POW/ }).getByRole('button', { name: 'Cancel' }).click();
    const connected = [...sizes.entries()];
    expect(contain(connected, marker), `${feature} came with the first Connect`).toBe(false);

    const strip = page.getByRole('region', { name: 'Device' });
    // The adapter check sits in the strip's options.
    if (!(await strip.getByRole('button', { name: button }).isVisible())) await strip.getByRole('button', { name: 'Options' }).click();
    await strip.getByRole('button', { name: button }).click();
    await expect.poll(async () => (await settled(), contain(since(sizes, connected), marker)), { message: `using ${feature} fetches it` }).toBe(true);
    console.log(table(`Added by the first use of ${feature}`, since(sizes, connected)));
  });
}

test('the steps’ controls and the backup store come on the first Run, not with the first Connect', async ({ page }) => {
  // src/backups/store.ts: the object store of the backups' bytes (BYTES_STORE).
  const marker = 'backup-bytes';
  const { sizes, settled } = await openGuide(page);
  await firstConnect(page, settled);
  await page.getByRole('dialog', { name: /Connect to the Sonoff POW/ }).getByRole('button', { name: 'Cancel' }).click();
  const connected = [...sizes.entries()];
  expect(contain(connected, marker), 'the backup store came with the first Connect').toBe(false);

  await page.locator('[data-run-step="backup"]').getByRole('button', { name: 'Run this step' }).click();
  await expect.poll(async () => (await settled(), contain(since(sizes, connected), marker)), { message: 'the first Run fetches the steps and the store' }).toBe(true);
  console.log(table('Added by the first Run of a step', since(sizes, connected)));
});
