/**
 * The Spanish product at /es/: the same commands and step ids as the English
 * page, deep links to Spanish headings, the whole rehearsal from backup to
 * restore in Spanish (with the flash checked), its refusals and a connection
 * diagnosis in Spanish, numbers written the Spanish way, the language links
 * and the reader's choice, each language's 404 page, axe in both themes, and
 * no English message of the catalogue in any state of the strip, the dialog
 * or a step.
 *
 * The Spanish words come from the catalogue (src/i18n/es*.ts) where that
 * keeps the test in step with the product; the key outcomes are also written
 * out in Spanish, so a catalogue that fell back to English fails here.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { firmwareLike } from '../src/flasher/test-images.ts';
import { installVirtualSonoff, readFlashBytes } from './fixtures/virtual-serial.ts';
import { file, flashAfterWrite, MB, restartWhileListening, result, sameBytes, step, withHeader } from './support/workbench.ts';
import {
  choosePortButtonEs,
  closeOptionsEs,
  connectDialogEs,
  connectFromDialogEs,
  describeFound,
  deviceStatusEs,
  englishIn,
  ENGLISH_PHRASES,
  es,
  esComponents,
  esConsole,
  esDiagnosis,
  esShell,
  openOptionsEs,
  pickFileEs,
  readLogs,
  recordShownText,
  runButtonEs,
  safetyCheckboxEs,
  say,
  stripEs,
  takeShownText,
  type EnglishFound,
} from './support/spanish.ts';

/** The guide's steps, by the ids both languages' headings carry. */
const STEP_IDS = ['backup', 'erase-flash', 'write-firmware', 'restore', 'first-boot', 'wifi', 'module', 'find-ip', 'back-to-mains', 'calibrate', 'protect'] as const;

/** A guide's step headings (`### Paso 1: … {#backup}`), by id, as its .mdx writes them. */
function stepHeadings(path: string): Map<string, string> {
  const source = readFileSync(new URL(`../content/guides/${path}`, import.meta.url), 'utf8');
  return new Map([...source.matchAll(/^###\s+(.+?)\s+\{#([\w-]+)\}\s*$/gm)].map((match) => [match[2]!, match[1]!]));
}
const SPANISH_HEADINGS = stepHeadings('es/sonoff-pow.mdx');
const ENGLISH_HEADINGS = stepHeadings('sonoff-pow.mdx');

/** Every command block of the page, in order: its step (the block's data-command-step, or a console step's id) and its text. */
async function commandBlocks(page: Page): Promise<Array<{ step: string; text: string }>> {
  return page.locator('[data-command]').evaluateAll((codes) =>
    codes.map((code) => {
      const block = code.closest('[data-command-step], [data-console-step]');
      return { step: block?.getAttribute('data-command-step') ?? block?.getAttribute('data-console-step') ?? '', text: code.textContent ?? '' };
    }),
  );
}

/** The commands once the page has put the reader's port in them (the port chooser's script). */
async function commandsWithPort(page: Page, portLabel: string): Promise<Array<{ step: string; text: string }>> {
  const port = await page.getByRole('textbox', { name: portLabel }).inputValue();
  expect(port).not.toBe('');
  await expect.poll(() => page.locator('[data-port]').allTextContents()).toEqual(Array(await page.locator('[data-port]').count()).fill(port));
  return commandBlocks(page);
}

test.describe('commands and deep links', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('every command on /es/ is the English page’s, in the same order, under the same step ids, and its Copy button copies it', async ({ page }) => {
    await page.goto('/');
    const english = await commandsWithPort(page, 'Serial port');
    await page.goto('/es/');
    const spanish = await commandsWithPort(page, esComponents['ports.custom']!);
    expect(spanish).toEqual(english);
    // The four flashing steps and the console steps are there, with their commands.
    expect(new Set(english.map((block) => block.step))).toEqual(new Set(['', ...STEP_IDS.filter((id) => id !== 'back-to-mains')]));
    expect(english.find((block) => block.step === 'backup')?.text).toMatch(/^esptool\.py --port \S+ --baud 115200 read_flash 0x00000 0x100000 sonoff-backup\.bin$/);

    // Each block's Copy button ("Copiar el comando") copies the English page's text of that block.
    const blocks = page.locator('.command:has([data-command])');
    await expect(blocks).toHaveCount(english.length);
    for (const [index, expected] of english.entries()) {
      const block = blocks.nth(index);
      await block.getByRole('button', { name: 'Copiar el comando', exact: true }).click();
      await expect(block.getByRole('status')).toHaveText('Copiado');
      expect(await page.evaluate(() => navigator.clipboard.readText()), `block ${index} (${expected.step || 'no step'})`).toBe(expected.text);
    }
  });

  test('each step’s link /es/#id lands on its heading, in view, and the heading is the Spanish one', async ({ page }) => {
    // The list of steps is each guide's own, the same ids in the same order.
    expect([...SPANISH_HEADINGS.keys()]).toEqual([...STEP_IDS]);
    expect([...ENGLISH_HEADINGS.keys()]).toEqual([...STEP_IDS]);
    for (const id of STEP_IDS) {
      const spanish = SPANISH_HEADINGS.get(id)!;
      expect(spanish, id).toMatch(/^Paso \d+: /);
      expect(spanish, id).not.toBe(ENGLISH_HEADINGS.get(id));
      await page.goto('about:blank');
      await page.goto(`/es/#${id}`);
      const heading = page.locator(`h3#${id}`);
      await expect(heading, id).toBeInViewport();
      await expect(heading, id).toHaveText(spanish);
      expect(await heading.evaluate((element) => element.matches(':target')), id).toBe(true);
    }
    // And the English page's heading for the same link is the English one.
    await page.goto('/#backup');
    await expect(page.locator('h3#backup')).toHaveText('Step 1: Back up the flash');
  });
});

test('the rehearsal in Spanish, from backup to restore: each result in Spanish, and the flash as each step leaves it', async ({ page }) => {
  test.setTimeout(120_000);
  await installVirtualSonoff(page, { seed: 61 });
  await page.goto('/es/');
  const factory = await readFlashBytes(page);

  // Backup: connect from its Run button, read 1 MB, verified, kept in this browser.
  await runButtonEs(page, 'backup').click();
  await expect(connectDialogEs(page).getByRole('heading')).toHaveText('Conectar con el Sonoff POW');
  await connectFromDialogEs(page);
  const mac = await page.evaluate(() => window.__virtualSonoff!.mac);
  await expect(deviceStatusEs(page)).toContainText(`ESP8266EX ${mac} · 115200 baudios`);
  const backup = result(page, 'backup');
  await expect(backup).toContainText(/^Listo: Se leyeron 1\.048\.576 bytes desde 0x00000 en \d+,\d s; MD5 de la memoria flash verificado \([0-9a-f]{8}…\)/, { timeout: 60_000 });
  await expect(backup).toContainText(say(es['backup.kept'], { mac }));
  await expect(backup).toContainText(`Guardada en este navegador (dispositivo ${mac})`);
  await expect(backup.getByRole('link', { name: SPANISH_HEADINGS.get('erase-flash') })).toHaveAttribute('href', '#erase-flash');
  await expect(backup).toContainText('Siguiente:');
  const stored = step(page, 'backup').getByRole('region', { name: 'Copias de seguridad guardadas en este navegador' });
  await expect(stored).toContainText('Copias de seguridad guardadas en este navegador (1)');
  await expect(stored).toContainText(`${mac} · `);
  await expect(stored).toContainText('1.048.576 bytes');
  expect(sameBytes(await readFlashBytes(page), factory)).toBe('identical');

  // Erase: the question in Spanish (this device has a backup now, so no warning), then verified blank.
  await runButtonEs(page, 'erase-flash').click();
  const confirmErase = step(page, 'erase-flash').getByRole('group', { name: 'Confirmar el borrado' });
  await expect(confirmErase).toBeFocused();
  await expect(confirmErase).toContainText(say(es['erase.question'], { mac }));
  await expect(confirmErase).toContainText('No se puede deshacer.');
  await expect(confirmErase).not.toContainText(es['erase.noBackup']);
  await expect(confirmErase.getByRole('button', { name: 'Cancelar', exact: true })).toBeVisible();
  await confirmErase.getByRole('button', { name: 'Borrar la memoria flash', exact: true }).click();
  await expect(result(page, 'erase-flash')).toContainText(/^Listo: Memoria flash borrada \(1 MB\) en \d+,\d s; comprobado que está en blanco/, { timeout: 30_000 });
  const erased = await readFlashBytes(page);
  expect(erased.length).toBe(MB);
  expect(erased.findIndex((byte) => byte !== 0xff)).toBe(-1);

  // Write: the file check in Spanish, then the write, verified, and what to do next.
  const image = firmwareLike(300 * 1024 + 3, 61);
  await pickFileEs(page, 'write-firmware', 'tasmota.bin', image);
  const write = step(page, 'write-firmware');
  await expect(write).toContainText('Elegido: tasmota.bin (307.203 bytes).');
  await expect(write.locator('.file-ready')).toHaveText(es['write.ready']);
  await expect(write.locator('.file-ready')).toHaveText('Es una imagen para ESP8266: lista para grabar.');
  await runButtonEs(page, 'write-firmware').click();
  await expect(result(page, 'write-firmware')).toContainText(/^Listo: (?:Se grabaron [\d.]+ bytes a partir de 0x00000|\d+ de \d+ sectores diferían; se grabaron [\d,]+\s(?:KB|MB)) en \d+,\d s; MD5 de la memoria flash verificado/, { timeout: 30_000 });
  await expect(result(page, 'write-firmware')).toContainText(`Siguiente: ${es['panel.boot.text']}`);
  await expect(result(page, 'write-firmware')).toContainText('el Sonoff arranca el firmware que acabas de grabar');
  const padded = new Uint8Array(Math.ceil(image.length / 4) * 4).fill(0xff);
  padded.set(image);
  expect(sameBytes(await readFlashBytes(page), flashAfterWrite(erased, withHeader(padded, 0x03, 0x2)))).toBe('identical');

  // Restore from the stored backup: chosen already, asked in Spanish, then the device holds the backup again.
  const restore = step(page, 'restore');
  await expect(restore.getByRole('radio', { name: /^Copia guardada: / })).toBeChecked();
  await runButtonEs(page, 'restore').click();
  const confirmRestore = restore.getByRole('group', { name: 'Confirmar la restauración' });
  await expect(confirmRestore).toContainText(/^¿Grabar la copia de seguridad de .+ en el dispositivo /);
  await expect(confirmRestore).toContainText(`en el dispositivo ${mac}? Reemplaza 1\u00a0MB de su memoria flash`);
  await confirmRestore.getByRole('button', { name: 'Restaurar', exact: true }).click();
  await expect(result(page, 'restore')).toContainText(/^Listo: (?:Se grabaron [\d.]+ bytes a partir de 0x00000|\d+ de \d+ sectores diferían; se grabaron [\d,]+\s(?:KB|MB)) en \d+,\d s; MD5 de la memoria flash verificado/, { timeout: 60_000 });
  expect(sameBytes(await readFlashBytes(page), withHeader(factory, 0x02, 0x2))).toBe('identical');
  // Nothing of it in English.
  for (const id of ['backup', 'erase-flash', 'write-firmware', 'restore']) await expect(result(page, id)).not.toContainText(/Done:|verified|Next:/);
});

test.describe('failures in Spanish', () => {
  test('a file that is not an ESP8266 image is refused in Spanish before any byte is written', async ({ page }) => {
    await installVirtualSonoff(page, { seed: 62 });
    await page.goto('/es/');
    const before = await readFlashBytes(page);
    const write = step(page, 'write-firmware');
    // A web page saved as sonoff.bin instead of the download.
    await pickFileEs(page, 'write-firmware', 'sonoff.bin', new TextEncoder().encode('<!DOCTYPE html><html><head><title>Tasmota</title></head><body>Descarga</body></html>\n'));
    const refused = write.locator('.file-refused');
    await expect(refused).toContainText(say(es['flasher.image.text.message'], { fileName: 'sonoff.bin', what: es['flasher.image.text.html'] }));
    await expect(refused).toContainText('sonoff.bin es una página web (HTML), probablemente guardada en lugar de la descarga; no es firmware.');
    await runButtonEs(page, 'write-firmware').click();
    await expect(result(page, 'write-firmware')).toContainText(/^Error: sonoff\.bin es una página web \(HTML\)/);
    await expect(connectDialogEs(page)).toBeHidden();
    // Bytes that do not start as firmware (0xE9): refused too, with the byte named.
    await pickFileEs(page, 'write-firmware', 'sonoff.bin', new Uint8Array(4096).fill(0x12));
    await expect(refused).toContainText(say(es['flasher.image.notFirmware.message'], { fileName: 'sonoff.bin', first: '12' }));
    await expect(refused).toContainText('no empieza como un firmware de ESP8266');
    await runButtonEs(page, 'write-firmware').click();
    await expect(result(page, 'write-firmware')).toContainText('Error: sonoff.bin no empieza como un firmware de ESP8266');
    await expect(connectDialogEs(page)).toBeHidden();
    expect(await page.evaluate(() => window.__virtualSonoff!.state().portOpens)).toBe(0);
    expect(sameBytes(await readFlashBytes(page), before)).toBe('identical');
  });

  test('the button not held: the dialog says why in Spanish, and what to do; doing it connects', async ({ page }) => {
    test.setTimeout(60_000);
    await installVirtualSonoff(page, { seed: 63, timing: 'real', buttonHeld: false });
    await page.goto('/es/');
    await stripEs(page).getByRole('button', { name: 'Conectar…', exact: true }).click();
    const dialog = connectDialogEs(page);
    await expect(dialog.getByRole('listitem')).toHaveText([es['connect.prepare.hold'], es['connect.prepare.plug'], es['connect.prepare.release']]);
    await safetyCheckboxEs(page).check();
    await choosePortButtonEs(page).click();
    await restartWhileListening(page, false);
    const why = dialog.getByRole('region', { name: esDiagnosis['diagnosis.region'] });
    await expect(why).toContainText(esDiagnosis['diagnosis.firmware-started.title'], { timeout: 10_000 });
    await expect(why).toContainText('El Sonoff arrancó su firmware normal: el botón no estaba presionado cuando recibió corriente.');
    await expect(why).toContainText(esDiagnosis['diagnosis.firmware-started.do']);
    await expect(why).toContainText('La página sigue escuchando.');
    await expect(why).toContainText(`${esDiagnosis['diagnosis.bootLine']} ets Jan  8 2013,rst cause:1, boot mode:(3,6)`);
    await expect(why).toContainText(say(esDiagnosis['diagnosis.adapter.named'], { name: 'CH340', ids: '1a86:7523' }));
    await expect(why).toContainText(esDiagnosis['diagnosis.adapter.ch34x']);
    await expect(dialog.getByRole('button', { name: 'Cancelar', exact: true })).toBeFocused();
    // The page asks for flash mode by the 3.3 V wire, in Spanish.
    await expect(dialog).toContainText(es['connect.waiting.lead']);
    await expect(dialog).toContainText(/Todavía escuchando: quedan? \d+ s\./);
    await expect(dialog).not.toContainText(/Still listening|The Sonoff started/);
    await restartWhileListening(page, true);
    await expect(deviceStatusEs(page)).toContainText('ESP8266EX', { timeout: 20_000 });
    await expect(dialog).toBeHidden();
  });
});

test('numbers are written for the page’s language: 307.203 bytes and 1,2 MB on /es/, 307,203 bytes and 1.2 MB on /', async ({ page }) => {
  const image = firmwareLike(300 * 1024 + 3, 64);
  const tooBig = firmwareLike(MB + 200 * 1024, 64);
  const write = step(page, 'write-firmware');
  await page.goto('/es/');
  await pickFileEs(page, 'write-firmware', 'tasmota.bin', image);
  const spanishSize = new Intl.NumberFormat('es').format(image.length);
  expect(spanishSize).toBe('307.203');
  await expect(write).toContainText(esShell['file.chosen'].replace('{name}', 'tasmota.bin').replace('{size}', spanishSize));
  await expect(write).toContainText('Elegido: tasmota.bin (307.203 bytes).');
  // Too big for the POW's flash: the sizes in the refusal take a decimal comma.
  await pickFileEs(page, 'write-firmware', 'tasmota.bin', tooBig);
  await expect(write.locator('.file-refused')).toContainText('tasmota.bin ocupa 1,2 MB, pero solo hay 1 MB de memoria flash desde 0x00000.');

  await page.goto('/');
  const input = write.getByLabel(/^Choose /);
  await expect(input).toBeEnabled();
  await input.setInputFiles(file('tasmota.bin', image));
  await expect(write).toContainText('Chosen: tasmota.bin (307,203 bytes).');
  await input.setInputFiles(file('tasmota.bin', tooBig));
  await expect(write.locator('.file-refused')).toContainText('tasmota.bin is 1.2 MB but there is only 1 MB of flash from 0x00000.');
});

test.describe('the language links', () => {
  /** The header's link (the same links are in the phone's menu, hidden on a wide screen). */
  const languageLink = (page: Page, language: 'en' | 'es') => page.locator(`nav.language-links a[data-language="${language}"]`).filter({ visible: true });

  test('each page says its language and names the other: lang, hreflang alternates, the links', async ({ page }) => {
    for (const [path, lang] of [
      ['/', 'en'],
      ['/es/', 'es'],
    ] as const) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      const alternates = await page.locator('link[rel="alternate"][hreflang]').evaluateAll((links) => links.map((link) => [link.getAttribute('hreflang'), new URL((link as HTMLLinkElement).href).pathname]));
      expect(alternates, path).toEqual(expect.arrayContaining([['en', '/'], ['es', '/es/']]));
      await expect(languageLink(page, 'es')).toHaveText('Español');
      await expect(languageLink(page, 'en')).toHaveText('English');
      await expect(languageLink(page, lang)).toHaveAttribute('aria-current', 'page');
    }
  });

  test('from /#backup Español lands on /es/#backup, and the choice holds: / then opens /es/ at the same step, until English is chosen', async ({ page, context, baseURL }) => {
    await page.goto('/#backup');
    await languageLink(page, 'es').click();
    await expect(page).toHaveURL(`${baseURL}/es/#backup`);
    await expect(page.locator('h3#backup')).toBeInViewport();
    await expect(page.locator('h3#backup')).toHaveText(SPANISH_HEADINGS.get('backup')!);
    // Español was chosen: a later visit to the English page (another tab) goes to the Spanish one, with the step.
    const later = await context.newPage();
    await later.goto('/#wifi');
    await expect(later).toHaveURL(`${baseURL}/es/#wifi`);
    await expect(later.locator('h3#wifi')).toHaveText(SPANISH_HEADINGS.get('wifi')!);
    await expect(later.locator('html')).toHaveAttribute('lang', 'es');
    // English chosen there: now a visit to /es/ goes to /.
    await languageLink(later, 'en').click();
    await expect(later.locator('html')).toHaveAttribute('lang', 'en');
    expect(new URL(later.url()).pathname).toBe('/');
    const after = await context.newPage();
    await after.goto('/es/#restore');
    await expect(after).toHaveURL(`${baseURL}/#restore`);
    await expect(after.locator('h3#restore')).toHaveText('Step 4: Restore a backup');
  });

  test('scrolled to a step without a #, the link keeps the step the table of contents marks as being read', async ({ page, baseURL }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/');
    const toc = page.locator('starlight-toc');
    const heading = page.locator('h3#write-firmware');
    // Scroll by the wheel, as a reader does (no # in the address), until the heading is just below the pinned strip.
    await expect
      .poll(async () => {
        const below = await page.evaluate(() => document.querySelector('.device-panel')!.getBoundingClientRect().bottom);
        const top = await heading.evaluate((element) => element.getBoundingClientRect().top);
        await page.mouse.wheel(0, top - below - 20);
        return toc.locator('a[aria-current="true"]').getAttribute('href');
      })
      .toBe('#write-firmware');
    expect(new URL(page.url()).hash).toBe('');
    await languageLink(page, 'es').click();
    await expect(page).toHaveURL(`${baseURL}/es/#write-firmware`);
    await expect(page.locator('h3#write-firmware')).toBeInViewport();
    await expect(page.locator('h3#write-firmware')).toHaveText(SPANISH_HEADINGS.get('write-firmware')!);
  });
});

test.describe('the 404 pages', () => {
  test('an unknown address under /es/ gets the Spanish 404 page, with status 404', async ({ page }) => {
    const response = await page.goto('/es/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { level: 1, name: 'Página no encontrada' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Ir a la guía' })).toHaveAttribute('href', '/es/');
    await expect(page.getByRole('main')).not.toContainText('Page not found');
  });

  test('an unknown address at the root gets the English one', async ({ page }) => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to the guide' })).toHaveAttribute('href', '/');
  });
});

for (const theme of ['light', 'dark'] as const) {
  test(`/es/ has no serious accessibility violation, the connect dialog open or not (${theme})`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.addInitScript((value) => localStorage.setItem('starlight-theme', value), theme);
    await installVirtualSonoff(page, { seed: 65, buttonHeld: false });
    await page.goto('/es/#restore');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const found: string[] = [];
    const scan = async (where: string): Promise<void> => {
      const { violations } = await new AxeBuilder({ page }).analyze();
      found.push(
        ...violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map((violation) => `${where}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
      );
      await page.bringToFront();
    };
    await expect(stripEs(page).getByRole('button', { name: 'Conectar…', exact: true })).toBeEnabled();
    await scan('the page');
    await stripEs(page).getByRole('button', { name: 'Conectar…', exact: true }).click();
    await expect(safetyCheckboxEs(page)).toBeVisible();
    await scan('the dialog: safety and flash mode');
    await safetyCheckboxEs(page).check();
    await choosePortButtonEs(page).click();
    await expect(connectDialogEs(page)).toContainText(es['connect.waiting.lead'], { timeout: 15_000 });
    await scan('the dialog: waiting for flash mode');
    await page.evaluate(() => window.__virtualSonoff!.powerCycle(true));
    await expect(deviceStatusEs(page)).toContainText('ESP8266EX', { timeout: 30_000 });
    await runButtonEs(page, 'erase-flash').click();
    await expect(step(page, 'erase-flash').getByRole('group', { name: 'Confirmar el borrado' })).toBeVisible();
    await scan('connected, the erase question');
    expect(found).toEqual([]);
  });
}

/** What was recorded since the last call, by area, and the English found in it (one line per phrase and place). */
async function shownSince(page: Page, moment: string): Promise<{ texts: string[]; english: EnglishFound[] }> {
  const texts: string[] = [];
  const english: EnglishFound[] = [];
  for (const [where, shown] of await takeShownText(page)) {
    for (const text of shown) {
      texts.push(text);
      english.push(...englishIn(`${moment}, ${where}`, text));
    }
  }
  return { texts, english: [...new Map(english.map((f) => [`${f.where} ${f.text}`, f])).values()] };
}

/** A log line that reads as English prose (esptool-js's own lines, which the page passes through). */
const ENGLISH_PROSE = /\b(the|is|to|and|of|with|from|at|for|Connecting|Chip|Uploading|Running|Changing|Changed|Stub|Detecting|Writing|Wrote|Leaving|Hash|Flash|Compressed|Erasing|Reading|Hard resetting|Features|Crystal|MAC)\b/;
/** The catalogue's words for esptool-js's own log lines (src/i18n/en/flasher.ts): a library's English, listed rather than failed on in a log. */
const LIBRARY_KEY = /^flasher\.(esptool\.|log\.serial$)/;

/**
 * Every step's log, opened: the page's own catalogue English found there (a
 * product bug), and apart from it what reads as esptool-js's English (listed
 * for the report, as the brief allows for a library's log lines).
 */
async function englishInLogs(page: Page): Promise<{ catalogue: EnglishFound[]; library: string[] }> {
  const catalogue: EnglishFound[] = [];
  const library = new Set<string>();
  for (const [where, text] of await readLogs(page)) {
    for (const found of englishIn(where, text)) {
      if (LIBRARY_KEY.test(found.key)) library.add(`${where}: “${found.text}” (${found.key})`);
      else catalogue.push(found);
    }
    for (const line of text.split('\n')) {
      const words = line.replace(/^\[?[\d:.]+\]?\s*/, '');
      if (ENGLISH_PROSE.test(words) && !/[áéíóúñ¿]/i.test(words)) library.add(`${where}: ${words}`);
    }
  }
  return { catalogue, library: [...library] };
}

test('no English in any state of the strip, the dialog or a flashing step on /es/', async ({ page }) => {
  test.setTimeout(120_000);
  expect(ENGLISH_PHRASES.length).toBeGreaterThan(400);
  await recordShownText(page);
  await installVirtualSonoff(page, { seed: 66, buttonHeld: false });
  // The person takes a moment in the browser's port chooser: the dialog's "choose the adapter" state is on screen meanwhile.
  await page.addInitScript(() => {
    const serial = (navigator as unknown as { serial: { requestPort: (options?: unknown) => Promise<unknown> } }).serial;
    const choose = serial.requestPort.bind(serial);
    serial.requestPort = (options) => new Promise((resolve) => setTimeout(resolve, 300)).then(() => choose(options));
  });
  // The same reading on the English page finds its words: the check can fail.
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Device', exact: true }).getByRole('button', { name: 'Connect…' })).toBeEnabled();
  const onEnglishPage = (await shownSince(page, 'the English page')).english.map((f) => f.key);
  expect(onEnglishPage).toEqual(expect.arrayContaining(['panel.notConnected', 'panel.connect', 'step.run', 'file.none', 'command.copy']));

  const found: EnglishFound[] = [];
  /** Reads what the page showed since the last moment; `seen` are words a state of it showed (so that state was read). */
  const moment = async (name: string, ...seen: string[]): Promise<void> => {
    const { texts, english } = await shownSince(page, name);
    for (const words of seen) expect(texts.some((text) => text.includes(words)), `${name}: a state showing “${words}” was read`).toBe(true);
    found.push(...english);
  };
  await page.goto('/es/');
  const dialog = connectDialogEs(page);
  const strip = stripEs(page);
  await expect(strip.getByRole('button', { name: 'Conectar…', exact: true })).toBeEnabled();
  await expect(strip).toContainText(`${esShell['panel.device']}: ${esShell['panel.notConnected']}`);
  await moment('before any click');

  // Run with no file: the write step asks for one.
  await runButtonEs(page, 'write-firmware').click();
  await expect(step(page, 'write-firmware').locator('.step-needs')).toHaveText(say(es['write.needsFile'], { fileName: 'sonoff.bin' }));
  await moment('write asks for its file');

  // The dialog: safety, another program holding the port, choosing the port, waiting for flash mode, the adapter unplugged, connected.
  await strip.getByRole('button', { name: 'Conectar…', exact: true }).click();
  await expect(safetyCheckboxEs(page)).toBeVisible();
  await expect(dialog).toContainText(es['connect.safety.strong']);
  await moment('dialog: safety question');
  await safetyCheckboxEs(page).check();
  await page.evaluate(() => window.__virtualSonoff!.setRequestPort('busy'));
  await choosePortButtonEs(page).click();
  await expect(dialog.getByRole('button', { name: es['connect.tryAgain'], exact: true })).toBeFocused({ timeout: 15_000 });
  await expect(dialog).toContainText(esDiagnosis['diagnosis.port-busy.title']);
  await moment('dialog: another program has the port');
  await page.evaluate(() => window.__virtualSonoff!.setRequestPort('grant'));
  await dialog.getByRole('button', { name: es['connect.tryAgain'], exact: true }).click();
  await choosePortButtonEs(page).click();
  await expect(dialog).toContainText(es['connect.choosing']);
  await expect(dialog).toContainText(es['connect.waiting.lead'], { timeout: 15_000 });
  await moment('dialog: choosing the port, then waiting for flash mode', es['connect.choosing'], es['connect.waiting.listening']);
  await page.evaluate(() => window.__virtualSonoff!.unplugUsb());
  await expect(dialog).toContainText('Se desconectó el adaptador.');
  await moment('dialog: the adapter unplugged');
  // Plugged back in with the button held, and chosen again.
  await page.evaluate(() => window.__virtualSonoff!.plugUsb(true));
  await dialog.getByRole('button', { name: es['connect.portLost.choose'], exact: true }).click();
  await expect(deviceStatusEs(page)).toContainText('ESP8266EX', { timeout: 30_000 });
  await expect(dialog).toBeHidden();
  await moment('connected');

  // The strip's options, and the adapter check.
  const options = await openOptionsEs(page);
  await expect(options.getByRole('combobox', { name: es['panel.speed'] })).toBeVisible();
  await moment('strip options');
  await options.getByRole('button', { name: es['panel.check'] }).click();
  await expect(options).toContainText(/El adaptador y el dispositivo funcionan a|La conexión no funcionó a/, { timeout: 60_000 });
  await moment('adapter check');
  await closeOptionsEs(page);

  // A step running, done; a question; a refusal; a write with its boot reminder.
  await runButtonEs(page, 'backup').click();
  await expect(result(page, 'backup')).toContainText('MD5 de la memoria flash verificado', { timeout: 60_000 });
  await moment('backup: running, then done', es['step.running'], say(es['flasher.phase.reading'], { sizeBytes: MB, address: '0x00000' }), 'Listo:');
  await runButtonEs(page, 'erase-flash').click();
  await expect(step(page, 'erase-flash').getByRole('group', { name: es['erase.confirm'] })).toBeVisible();
  await moment('erase: the question');
  await step(page, 'erase-flash').getByRole('button', { name: es['erase.go'], exact: true }).click();
  await expect(result(page, 'erase-flash')).toContainText('comprobado que está en blanco', { timeout: 30_000 });
  await moment('erase: done');
  await pickFileEs(page, 'write-firmware', 'sonoff.bin', new Uint8Array(0));
  await runButtonEs(page, 'write-firmware').click();
  await expect(result(page, 'write-firmware')).toContainText('Error:');
  await moment('write: a refused file, failed');
  await pickFileEs(page, 'write-firmware', 'sonoff.bin', firmwareLike(256 * 1024, 66));
  await runButtonEs(page, 'write-firmware').click();
  await expect(result(page, 'write-firmware')).toContainText(es['panel.boot.text'], { timeout: 30_000 });
  await moment('write: running, then done', es['step.running'], 'Listo:');
  await runButtonEs(page, 'restore').click();
  const confirmRestore = step(page, 'restore').getByRole('group', { name: es['restore.confirm'] });
  await expect(confirmRestore).toBeVisible();
  await moment('restore: the question');
  await confirmRestore.getByRole('button', { name: es['restore.go'], exact: true }).click();
  await expect(result(page, 'restore')).toContainText('MD5 de la memoria flash verificado', { timeout: 60_000 });
  await moment('restore: done');
  // A failure during a step: the device stops answering in the middle of a backup.
  await page.evaluate(() => window.__virtualSonoff!.faults.stopAnswering(64 * 1024));
  await runButtonEs(page, 'backup').click();
  await expect(result(page, 'backup')).toContainText('Error:', { timeout: 60_000 });
  await moment('backup: the device lost, failed');

  const logs = await englishInLogs(page);
  if (logs.library.length > 0) {
    test.info().annotations.push({ type: 'English in the step logs (esptool-js’s own lines)', description: logs.library.join('\n') });
    console.log(`English in the step logs (esptool-js’s own lines):\n${logs.library.join('\n')}`);
  }
  expect(describeFound([...found, ...logs.catalogue])).toEqual([]);
});

/** A step after the flash: the console block that carries its Run (the calibration: its form's place), as after-flash.spec.ts finds it. */
function afterStep(page: Page, id: string) {
  return id === 'calibrate' ? page.locator('[data-calibration-form]') : page.locator(`[data-console-step="${id}"]:has([data-run-step])`);
}
const runAfter = (page: Page, id: string) => afterStep(page, id).getByRole('button', { name: esShell['step.run'], exact: true });
const resultAfter = (page: Page, id: string) => afterStep(page, id).locator('.step-result');

/** At the virtual bench in the strip's options: press these, in order. */
async function atBenchEs(page: Page, ...buttons: string[]): Promise<void> {
  const options = await openOptionsEs(page);
  for (const name of buttons) await options.getByRole('group', { name: es['rehearsal.group'] }).getByRole('button', { name, exact: true }).click();
  await closeOptionsEs(page);
}

test('no English in the steps after the flash either: the page’s virtual Sonoff, the practice firmware, the console, Wi-Fi, Module 6, the address, the calibration', async ({ page }) => {
  test.setTimeout(150_000);
  await recordShownText(page);
  const found: EnglishFound[] = [];
  const moment = async (name: string): Promise<void> => {
    found.push(...(await shownSince(page, name)).english);
  };
  await page.goto('/es/');
  await stripEs(page).getByRole('button', { name: esShell['panel.useVirtual'], exact: true }).click();
  await expect(deviceStatusEs(page)).toContainText('Dispositivo (Sonoff POW virtual): sin conectar');
  // At 921600 (the rehearsal runs at the real chain's pace).
  await (await openOptionsEs(page)).getByRole('combobox', { name: es['panel.speed'] }).selectOption('921600');
  await closeOptionsEs(page);
  await stripEs(page).getByRole('button', { name: 'Conectar…', exact: true }).click();
  const dialog = connectDialogEs(page);
  await expect(dialog.getByRole('heading')).toHaveText('Conectar con el Sonoff POW virtual');
  await safetyCheckboxEs(page).check();
  const bench = dialog.getByRole('group', { name: es['rehearsal.group'] });
  for (const name of [es['rehearsal.hold'], es['rehearsal.plug'], es['rehearsal.release']]) await bench.getByRole('button', { name, exact: true }).click();
  await expect(bench).toContainText('USB conectado, cable de 3,3 V conectado, botón suelto');
  await choosePortButtonEs(page).click();
  await expect(deviceStatusEs(page)).toContainText('ESP8266EX', { timeout: 30_000 });
  await moment('the virtual Sonoff connected');

  // The practice firmware, written, then booted without the button: the 3.3 V wire off and on.
  await step(page, 'write-firmware').getByRole('button', { name: es['write.practiceImage'] }).click();
  await expect(step(page, 'write-firmware')).toContainText('Elegido: tasmota-practice.bin');
  await runButtonEs(page, 'write-firmware').click();
  await expect(result(page, 'write-firmware')).toContainText('MD5 de la memoria flash verificado', { timeout: 60_000 });
  await moment('the practice firmware written');
  await atBenchEs(page, es['rehearsal.wireOff'], es['rehearsal.wireOn']);

  // First boot: the flasher has the port; the reader lets it go; the console says what runs.
  await runAfter(page, 'first-boot').click();
  await expect(afterStep(page, 'first-boot')).toContainText(esConsole['console.status.flasherHolds']);
  await moment('first boot: the flasher holds the port');
  await afterStep(page, 'first-boot').getByRole('button', { name: esConsole['console.takeFromFlasher'] }).click();
  await expect(resultAfter(page, 'first-boot')).toContainText('El Sonoff arrancó con Tasmota 15.2.0.', { timeout: 30_000 });
  await expect(page.getByRole('log', { name: esConsole['console.viewLabel'] })).toContainText('La consola abrió el puerto a 115200 baudios.');
  await moment('first boot: done, the console open');

  // Wi-Fi: a wrong password (a failure), then the right one.
  const wifi = afterStep(page, 'wifi');
  await wifi.getByLabel(esConsole['console.wifi.ssid']).fill('VirtualHome');
  await wifi.getByLabel(esConsole['console.wifi.password']).fill('not-the-password-9');
  await runAfter(page, 'wifi').click();
  await expect(resultAfter(page, 'wifi')).toContainText('El Sonoff encontró “VirtualHome”, pero no pudo conectarse: la contraseña es incorrecta.', { timeout: 60_000 });
  await moment('Wi-Fi: the wrong password');
  await wifi.getByLabel(esConsole['console.wifi.password']).fill('practice-wifi-1');
  await runAfter(page, 'wifi').click();
  await expect(resultAfter(page, 'wifi')).toContainText(say(esConsole['console.wifi.joined'], { ssid: 'VirtualHome', ip: '192.168.1.50' }), { timeout: 60_000 });
  await moment('Wi-Fi: joined');

  // Module 6, then the address.
  await runAfter(page, 'module').click();
  await expect(resultAfter(page, 'module')).toContainText('Ahora está configurado como Sonoff Pow', { timeout: 60_000 });
  await runAfter(page, 'find-ip').click();
  await expect(resultAfter(page, 'find-ip')).toContainText('Su dirección es 192.168.1.50 y su nombre, tasmota-', { timeout: 30_000 });
  await expect(resultAfter(page, 'find-ip')).toContainText(`Siguiente: ${SPANISH_HEADINGS.get('back-to-mains')}`);
  await moment('Module 6 and the address');

  // The console: an empty line refused, a command sent.
  const consolePanel = page.getByRole('region', { name: esConsole['console.label'] });
  await consolePanel.getByRole('button', { name: esConsole['console.send'], exact: true }).click();
  await expect(consolePanel.getByRole('alert')).toHaveText('Primero escribe un comando, por ejemplo Status 2.');
  await consolePanel.getByLabel(esConsole['console.inputLabel']).fill('Status 2');
  await consolePanel.getByRole('button', { name: esConsole['console.send'], exact: true }).click();
  await expect(consolePanel.locator('.console-json').last()).toContainText('"StatusFWR": {');
  await moment('the console');

  // Calibration with the rehearsal's 60 W bulb on 230 V, read back off the virtual meter.
  await atBenchEs(page, say(es['rehearsal.mainsOn'], { loadWatts: 60, volts: 230 }));
  const calibrate = afterStep(page, 'calibrate');
  await expect(calibrate.getByLabel(/^Versión de Tasmota/)).toHaveValue('15.2.0');
  await calibrate.getByRole('button', { name: esConsole['console.calibration.make'] }).click();
  await expect(calibrate.locator('.calibration-plan')).toContainText('PowerSet 60');
  await expect(calibrate.locator('.calibration-plan')).toContainText('Para Tasmota 14.3 y posteriores:');
  await runAfter(page, 'calibrate').click();
  await expect(resultAfter(page, 'calibrate')).toContainText(/Antes: [\d,]+ W, [\d,]+ V, [\d,]+ A\. Después: 60(,\d+)? W, 2(29|30)(,\d+)? V, 0,2\d+ A\./, { timeout: 60_000 });
  await moment('calibration');

  const logs = await englishInLogs(page);
  if (logs.library.length > 0) {
    test.info().annotations.push({ type: 'English in the step logs after the flash (esptool-js’s own lines)', description: logs.library.join('\n') });
    console.log(`English in the step logs after the flash (esptool-js’s own lines):\n${logs.library.join('\n')}`);
  }
  expect(describeFound([...found, ...logs.catalogue])).toEqual([]);
});
