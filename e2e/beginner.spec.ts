/**
 * A first-time visitor always knows the next move: what the page shows and
 * where the focus is at each moment of the guide, on a wide screen and a
 * phone, in both themes. Each test names what a tester found wrong before.
 */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { firmwareLike } from '../src/flasher/test-images.ts';
import { installVirtualSonoff, readFlashBytes } from './fixtures/virtual-serial.ts';
import {
  chooseSpeed,
  choosePortButton,
  confirmRestore,
  connectDialog,
  connectFromDialog,
  deviceStatus,
  openOptions,
  pickFile,
  result,
  runButton,
  sameBytes,
  step,
} from './support/workbench.ts';

const strip = (page: Page) => page.getByRole('region', { name: 'Device' });

/** What covers the middle of an element: itself (or a child) when nothing sits on top of it. */
function coveredBy(page: Page, selector: string): Promise<string> {
  return page.evaluate((css) => {
    const element = document.querySelector<HTMLElement>(css)!;
    const box = element.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (top === null) return 'nothing';
    return element.contains(top) ? 'itself' : `${top.tagName.toLowerCase()}.${[...top.classList].join('.')} in ${top.closest('section,div')?.className ?? ''}`;
  }, selector);
}

async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${where}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

test.describe('the device strip', () => {
  test('on a wide screen it is one pinned line that never covers the Run button reached by Shift+Tab', async ({ page }) => {
    await installVirtualSonoff(page, { seed: 90, buttonHeld: true });
    await page.setViewportSize({ width: 1280, height: 757 });
    await page.goto('/');
    await page.getByRole('button', { name: 'Connect…' }).click();
    await connectFromDialog(page);
    const box = (await strip(page).boundingBox())!;
    // One line of status and buttons: at most 3.5 rem (56 px) tall, where the old panel took 170–300 px.
    expect(box.height).toBeLessThanOrEqual(56);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.device-panel')!).position)).toBe('sticky');
    expect(await page.evaluate(() => document.documentElement.style.getPropertyValue('--device-strip-height'))).toBe(`${Math.ceil(box.height)}px`);
    // From below the backup step, Shift+Tab back to its Run button: it is not under the strip.
    await step(page, 'erase-flash').locator('[data-copy-command]').focus();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Shift+Tab');
      if (await runButton(page, 'backup').evaluate((button) => button === document.activeElement)) break;
    }
    await expect(runButton(page, 'backup')).toBeFocused();
    expect(await coveredBy(page, '[data-command-step="backup"] .run-step-button')).toBe('itself');
    // Options open on demand, and Escape closes them with the focus back on their button.
    const options = await openOptions(page);
    await expect(options.getByRole('combobox', { name: 'Speed' })).toBeVisible();
    await options.getByRole('combobox', { name: 'Speed' }).focus();
    await page.keyboard.press('Escape');
    await expect(options).toBeHidden();
    await expect(strip(page).getByRole('button', { name: 'Options' })).toBeFocused();
  });

  test('on a phone it stays in the page, so Step 1’s command is never covered', async ({ page }) => {
    await installVirtualSonoff(page, { seed: 91, buttonHeld: true });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/');
    await expect(strip(page).getByRole('button', { name: 'Connect…' })).toBeEnabled();
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.device-panel')!).position)).toBe('static');
    await page.goto('/#backup');
    await step(page, 'backup').locator('code[data-command]').scrollIntoViewIfNeeded();
    expect(await coveredBy(page, '[data-command-step="backup"] code[data-command]')).toBe('itself');
    await page.evaluate(() => window.scrollBy(0, 200));
    expect(await coveredBy(page, '[data-command-step="backup"] code[data-command]')).toBe('itself');
  });
});

test('leaving the page while a write runs asks first; leaving at any other time does not', async ({ page }) => {
  test.setTimeout(120_000);
  await installVirtualSonoff(page, { seed: 92, buttonHeld: true, timing: 'real' });
  await page.goto('/');
  await pickFile(page, 'write-firmware', 'sonoff.bin', firmwareLike(256 * 1024, 92));
  await runButton(page, 'write-firmware').click();
  await connectFromDialog(page);
  await expect(step(page, 'write-firmware').locator('progress')).toBeVisible({ timeout: 30_000 });
  const asked = page.waitForEvent('dialog');
  await page.evaluate(() => setTimeout(() => location.reload(), 0));
  const question = await asked;
  expect(question.type()).toBe('beforeunload');
  await question.dismiss();
  // The person stayed: the write goes on to its verified end.
  await expect(result(page, 'write-firmware')).toContainText('flash MD5 verified', { timeout: 90_000 });
  let askedAgain = false;
  page.on('dialog', (dialog) => {
    askedAgain = true;
    void dialog.dismiss();
  });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Connect…' })).toBeVisible();
  expect(askedAgain).toBe(false);
});



test('the strip and every command show the speed in use after the link fell back during a step', async ({ page }) => {
  test.setTimeout(90_000);
  await installVirtualSonoff(page, { seed: 94, buttonHeld: true, maxCleanBaud: 460800 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect…' }).click();
  await connectFromDialog(page);
  await chooseSpeed(page, '921600');
  await runButton(page, 'backup').click();
  // At 921600 nothing gets through: the step asks for flash mode again by the 3.3 V wire, then goes on at 115200.
  await expect(step(page, 'backup').locator('.step-phase')).toContainText('disconnect and reconnect the 3.3 V wire', { timeout: 30_000 });
  await page.evaluate(() => window.__virtualSonoff!.powerCycle(true));
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
  await expect(deviceStatus(page)).toContainText('115200 baud');
  await expect(deviceStatus(page)).not.toContainText('921600');
  await expect(step(page, 'restore').locator('code[data-command]')).toContainText('--baud 115200');
  const speed = (await openOptions(page)).getByRole('combobox', { name: 'Speed' });
  await expect(speed).toHaveValue('115200');
});




/** Each moment, as a person sees it on a wide screen and on a phone, in both themes. */
const LOOKS = [
  ['light', 1280, 800],
  ['dark', 1280, 800],
  ['light', 360, 740],
  ['dark', 360, 740],
] as const;

for (const [theme, width, height] of LOOKS) {
  test.describe(`${theme}, ${width} px`, () => {
    test.use({ viewport: { width, height } });
    test.beforeEach(async ({ page }) => {
      await page.addInitScript((value) => localStorage.setItem('starlight-theme', value), theme);
    });

    test('Run before Connect: the dialog offers the virtual device, then speaks of the virtual bench, and says when to release the button', async ({ page }) => {
      test.setTimeout(90_000);
      await page.goto('/');
      await runButton(page, 'backup').click();
      const dialog = connectDialog(page);
      await expect(dialog.getByRole('heading')).toHaveText('Connect to the Sonoff POW');
      await dialog.getByRole('button', { name: 'No device? Use a virtual Sonoff POW' }).click();
      await expect(dialog.getByRole('heading')).toHaveText('Connect to the virtual Sonoff POW');
      // The focus is on what appeared (the safety question), not the page behind.
      await expect(dialog.getByRole('checkbox', { name: /unplugged from AC mains/ })).toBeFocused();
      await expect(dialog).toContainText('The virtual Sonoff POW sits on a virtual bench');
      await expect(dialog.getByRole('checkbox', { name: /auto-reset/ })).toHaveCount(0);
      await expect(dialog.getByRole('button', { name: 'Choose the port', exact: true })).toHaveCount(0);
      // Every word the dialog shows while it connects, recorded.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { __dialogTexts: string[] }).__dialogTexts = seen;
        const element = document.querySelector('dialog.connect-dialog')!;
        new MutationObserver(() => seen.push(element.textContent ?? '')).observe(element, { subtree: true, childList: true, characterData: true });
      });
      await dialog.getByRole('checkbox', { name: /unplugged from AC mains/ }).check();
      const bench = dialog.getByRole('group', { name: 'Virtual Sonoff POW controls' });
      await bench.getByRole('button', { name: 'Hold the button (GPIO0)' }).click();
      await bench.getByRole('button', { name: 'Plug the adapter into USB' }).click();
      await choosePortButton(page).click();
      await expect(deviceStatus(page)).toContainText('Device (virtual Sonoff POW): ESP8266EX', { timeout: 30_000 });
      const said = await page.evaluate(() => (window as unknown as { __dialogTexts: string[] }).__dialogTexts.join('\n'));
      expect(said).toContain('Loading the page’s flashing helper');
      expect(said).not.toMatch(/stub|attempt \d/i);
      // Connected with the button still held: the page says to let go, with the bench's button at hand.
      const notes = page.locator('.device-notes');
      await expect(notes.getByRole('status')).toContainText('Connected. You can release the button.');
      await notes.getByRole('button', { name: 'Release the button (GPIO0)' }).click();
      await expect(notes.getByRole('button', { name: 'Release the button (GPIO0)' })).toHaveCount(0);
      // The Run click that opened the dialog goes on by itself (at the real chain's pace: 1 MB takes 90 s at 115200).
      await expect(step(page, 'backup').locator('.step-phase')).toContainText('Reading 1 MB from 0x00000');
    });
    test('each result says what comes next, and the boot reminder goes once another step runs', async ({ page }) => {
      test.setTimeout(90_000);
      await installVirtualSonoff(page, { seed: 93, buttonHeld: true });
      await page.goto('/');
      await runButton(page, 'backup').click();
      await connectFromDialog(page);
      await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
      await expect(result(page, 'backup').getByRole('link', { name: 'Step 2: Erase the flash' })).toHaveAttribute('href', '#erase-flash');
      // The result took the focus from the disabled Run button, so a keyboard user reads it next.
      await expect(result(page, 'backup')).toBeFocused();
      await runButton(page, 'erase-flash').click();
      const confirm = step(page, 'erase-flash').getByRole('group', { name: 'Confirm erase' });
      await expect(confirm).toBeFocused();
      await confirm.getByRole('button', { name: 'Erase the flash', exact: true }).click();
      await expect(result(page, 'erase-flash')).toContainText('verified blank', { timeout: 30_000 });
      await expect(result(page, 'erase-flash').getByRole('link', { name: 'Step 3: Write the new firmware' })).toHaveAttribute('href', '#write-firmware');
      await pickFile(page, 'write-firmware', 'sonoff.bin', firmwareLike(128 * 1024, 93));
      await runButton(page, 'write-firmware').click();
      await expect(result(page, 'write-firmware')).toContainText('Next: unplug the adapter, then plug it back in without holding the button: the Sonoff starts the firmware just written.', { timeout: 30_000 });
      const log = step(page, 'write-firmware').locator('.step-log summary');
      await expect(log).toHaveText(/^Log \(\d+ lines\)$/);
      await runButton(page, 'backup').click();
      await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
      await expect(result(page, 'write-firmware')).not.toContainText('Next:');
    });
    test('the file picker says which file is chosen, a new choice clears an old refusal, and Run without a file asks for it', async ({ page }) => {
      await installVirtualSonoff(page, { seed: 95, buttonHeld: true });
      await page.goto('/');
      const before = await readFlashBytes(page);
      const write = step(page, 'write-firmware');
      await expect(write).toContainText('No file chosen yet.');
      // The browser's own "No file chosen" is not shown: its input is visually hidden behind our button.
      const input = write.locator('input[type="file"]');
      expect((await input.boundingBox())!.width).toBeLessThanOrEqual(1);
      await expect(write.locator('label.file-button')).toHaveText('Choose sonoff.bin…');
      await expect(write.locator('label.file-button')).toBeVisible();
      // Run with no file: it says what it needs, nothing is tried (no dialog, no red "Failed"), and the focus goes to the file button.
      await runButton(page, 'write-firmware').click();
      await expect(write.locator('.step-needs')).toHaveText('Choose the firmware file (sonoff.bin) above first; then run the step.');
      await expect(write.locator('.step-result')).toHaveCount(0);
      await expect(connectDialog(page)).toBeHidden();
      await expect(input).toBeFocused();
      // A refused file, then a good one: the refusal and the request go, and the chosen file is named.
      await pickFile(page, 'write-firmware', 'sonoff.bin', new Uint8Array(0));
      await expect(write.locator('.file-refused')).toContainText('sonoff.bin is empty');
      await pickFile(page, 'write-firmware', 'tasmota.bin', firmwareLike(64 * 1024, 95));
      await expect(write).toContainText('Chosen: tasmota.bin (65,536 bytes).');
      await expect(write.locator('.file-refused')).toHaveCount(0);
      await expect(write.locator('.step-needs')).toHaveCount(0);
      expect(sameBytes(await readFlashBytes(page), before)).toBe('identical');
    });
    test('restore preselects the newest backup of the connected device and asks before writing; Cancel writes nothing', async ({ page }) => {
      test.setTimeout(120_000);
      await installVirtualSonoff(page, { seed: 96, buttonHeld: true });
      await page.goto('/');
      await runButton(page, 'backup').click();
      await connectFromDialog(page);
      await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
      await pickFile(page, 'write-firmware', 'sonoff.bin', firmwareLike(64 * 1024, 96));
      await runButton(page, 'write-firmware').click();
      await expect(result(page, 'write-firmware')).toContainText('flash MD5 verified', { timeout: 30_000 });
      await runButton(page, 'backup').click();
      await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
      const restore = step(page, 'restore');
      const choices = restore.getByRole('radio', { name: /Stored backup/ });
      await expect(choices).toHaveCount(2);
      // Newest first, and the newest is chosen.
      await expect(choices.first()).toBeChecked();
      const current = await readFlashBytes(page);
      await runButton(page, 'restore').click();
      const confirm = restore.getByRole('group', { name: 'Confirm restore' });
      await expect(confirm).toBeFocused();
      const mac = await page.evaluate(() => window.__virtualSonoff!.mac);
      await expect(confirm).toContainText(`to the device ${mac}? It replaces 1 MB of its flash`);
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(confirm).toBeHidden();
      await expect(runButton(page, 'restore')).toBeFocused();
      expect(sameBytes(await readFlashBytes(page), current)).toBe('identical');
      // The older one, chosen by the person, and confirmed.
      await choices.last().check();
      await runButton(page, 'restore').click();
      await confirmRestore(page);
      await expect(result(page, 'restore')).toContainText('flash MD5 verified', { timeout: 60_000 });
    });
    test('backups can be told apart: a label, a download name with label, MAC and date, and identical copies said so', async ({ page }) => {
      test.setTimeout(120_000);
      await installVirtualSonoff(page, { seed: 97, buttonHeld: true });
      await page.goto('/');
      await runButton(page, 'backup').click();
      await connectFromDialog(page);
      await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
      const stored = step(page, 'backup').getByRole('region', { name: 'Backups stored in this browser' });
      const label = stored.getByRole('textbox', { name: /^Label for backup / });
      await label.fill('Stock firmware');
      await stored.getByRole('button', { name: 'Save the label' }).click();
      await expect(stored.getByRole('status')).toHaveText('Label saved.');
      await expect(stored).toContainText('“Stock firmware” · ');
      // The same flash read again: the result and the list say the two are the same bytes.
      await runButton(page, 'backup').click();
      await expect(result(page, 'backup')).toContainText('It is identical to the backup taken Stock firmware: the flash has not changed since.', { timeout: 60_000 });
      await expect(stored).toContainText('(identical to the backup of Stock firmware)');
      const mac = (await page.evaluate(() => window.__virtualSonoff!.mac)).replaceAll(':', '');
      const downloading = page.waitForEvent('download');
      await stored.getByRole('button', { name: /^Download backup “Stock firmware”/ }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(new RegExp(`^sonoff-backup-stock-firmware-${mac}-\\d{8}-\\d{4}\\.bin$`));
      expect(sameBytes(new Uint8Array(await readFile((await download.path())!)), await readFlashBytes(page))).toBe('identical');
      // The label is kept with the backup.
      await page.reload();
      await page.getByRole('button', { name: 'Connect…' }).click();
      await connectFromDialog(page);
      await expect(step(page, 'backup').getByRole('region', { name: 'Backups stored in this browser' })).toContainText('“Stock firmware” · ');
    });
  });
}

for (const [theme, width, height] of LOOKS) {
  test(`no serious accessibility violation in any state of the dialog and the steps (${theme}, ${width} px)`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height });
    await page.addInitScript((value) => localStorage.setItem('starlight-theme', value), theme);
    await installVirtualSonoff(page, { seed: 98, buttonHeld: true });
    await page.goto('/');
    const found: string[] = [];
    found.push(...(await seriousViolations(page, 'the page before any click')));
    await runButton(page, 'write-firmware').click();
    await expect(step(page, 'write-firmware').locator('.step-needs')).toBeVisible();
    found.push(...(await seriousViolations(page, 'write asks for its file')));
    await runButton(page, 'backup').click();
    const dialog = connectDialog(page);
    await expect(dialog).toBeVisible();
    found.push(...(await seriousViolations(page, 'dialog: safety and flash mode')));
    await connectFromDialog(page);
    await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
    found.push(...(await seriousViolations(page, 'backup result with its next step')));
    await openOptions(page);
    found.push(...(await seriousViolations(page, 'strip options open')));
    await page.keyboard.press('Escape');
    await runButton(page, 'erase-flash').click();
    await expect(step(page, 'erase-flash').getByRole('group', { name: 'Confirm erase' })).toBeVisible();
    found.push(...(await seriousViolations(page, 'erase question')));
    await step(page, 'erase-flash').getByRole('button', { name: 'Cancel' }).click();
    await runButton(page, 'restore').click();
    await expect(step(page, 'restore').getByRole('group', { name: 'Confirm restore' })).toBeVisible();
    found.push(...(await seriousViolations(page, 'restore question')));
    await confirmRestore(page);
    await expect(result(page, 'restore')).toContainText('flash MD5 verified', { timeout: 60_000 });
    found.push(...(await seriousViolations(page, 'restore result with the boot reminder')));
    expect(found).toEqual([]);
  });
}

test('the practice device erases at its flash chip’s pace, not in 0.0 s', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'No device? Use a virtual Sonoff POW' }).click();
  await runButton(page, 'erase-flash').click();
  const dialog = connectDialog(page);
  await dialog.getByRole('checkbox', { name: /unplugged from AC mains/ }).check();
  const bench = dialog.getByRole('group', { name: 'Virtual Sonoff POW controls' });
  await bench.getByRole('button', { name: 'Hold the button (GPIO0)' }).click();
  await bench.getByRole('button', { name: 'Plug the adapter into USB' }).click();
  await choosePortButton(page).click();
  await step(page, 'erase-flash').getByRole('group', { name: 'Confirm erase' }).getByRole('button', { name: 'Erase the flash', exact: true }).click();
  await expect(result(page, 'erase-flash')).toContainText('verified blank', { timeout: 60_000 });
  // The W25Q80's typical chip erase (tCE) the virtual device models is 2 s (src/virtual-device/flash-chip.ts).
  const text = (await result(page, 'erase-flash').textContent()) ?? '';
  const erasedIn = Number(/in (\d+\.\d) s/.exec(text)?.[1]);
  expect(erasedIn).toBeGreaterThanOrEqual(2);
});
