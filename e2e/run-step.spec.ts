/**
 * "Run this step" through the real Web Serial code path: the virtual Sonoff
 * POW stands in for navigator.serial, and every test checks the device's
 * flash afterwards, not just the words on the page.
 */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { firmwareLike } from '../src/flasher/test-images.ts';
import { installVirtualSonoff, readFlashBytes } from './fixtures/virtual-serial.ts';
import { confirmSafetyAndChoosePort, connectDialog, connectFromDialog, deviceStatus, pickFile, flashAfterWrite, MB, result, runButton, sameBytes, step, withHeader } from './support/workbench.ts';

test('erase asks first, says this device has no backup, and leaves the whole flash 0xFF', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 3 });
  await page.goto('/');
  await runButton(page, 'erase-flash').click();
  await connectFromDialog(page);
  await expect(deviceStatus(page)).toContainText('1MB flash');
  const confirm = step(page, 'erase-flash').getByRole('group', { name: 'Confirm erase' });
  await expect(confirm).toContainText('There is no backup of this device in this browser yet');
  await confirm.getByRole('button', { name: 'Erase the flash', exact: true }).click();
  await expect(result(page, 'erase-flash')).toContainText('verified blank', { timeout: 30_000 });
  const flash = await readFlashBytes(page);
  expect(flash.length).toBe(MB);
  expect(flash.findIndex((byte) => byte !== 0xff)).toBe(-1);
});

test('cancelling the erase confirmation leaves the flash untouched', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 4 });
  await page.goto('/');
  const before = await readFlashBytes(page);
  await runButton(page, 'erase-flash').click();
  await connectFromDialog(page);
  await step(page, 'erase-flash').getByRole('group', { name: 'Confirm erase' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(step(page, 'erase-flash').getByRole('group', { name: 'Confirm erase' })).toBeHidden();
  expect(sameBytes(await readFlashBytes(page), before)).toBe('identical');
});

test('write checks the file, patches the header as esptool.py does (-fs detect -fm dout) and verifies the MD5', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 5 });
  await page.goto('/');
  const before = await readFlashBytes(page);
  const image = firmwareLike(300 * 1024 + 3, 11);
  await pickFile(page, 'write-firmware', 'tasmota.bin', image);
  await expect(step(page, 'write-firmware')).toContainText('Ready: tasmota.bin, 307,203 bytes');
  await runButton(page, 'write-firmware').click();
  await connectFromDialog(page);
  await expect(result(page, 'write-firmware')).toContainText('flash MD5 verified', { timeout: 30_000 });
  const padded = new Uint8Array(Math.ceil(image.length / 4) * 4).fill(0xff);
  padded.set(image);
  const patched = withHeader(padded, 0x03, 0x2);
  expect([patched[2], patched[3]]).toEqual([0x03, 0x2f]);
  expect(sameBytes(await readFlashBytes(page), flashAfterWrite(before, patched))).toBe('identical');
  await expect(page.getByRole('region', { name: 'Device' })).toContainText('power-cycle the Sonoff without holding the button');
});

test('one connection serves erase, write and backup in a row, without re-entering flash mode', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 6 });
  await page.goto('/');
  await runButton(page, 'erase-flash').click();
  await connectFromDialog(page);
  await step(page, 'erase-flash').getByRole('button', { name: 'Erase the flash', exact: true }).click();
  await expect(result(page, 'erase-flash')).toContainText('verified blank', { timeout: 30_000 });
  const image = firmwareLike(200 * 1024, 2);
  await pickFile(page, 'write-firmware', 'sonoff.bin', image);
  await runButton(page, 'write-firmware').click();
  await expect(result(page, 'write-firmware')).toContainText('flash MD5 verified', { timeout: 30_000 });
  await runButton(page, 'backup').click();
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
  await expect(connectDialog(page)).toBeHidden();
});

test('backup downloads a file identical to the flash, and is still listed after a reload', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 7 });
  await page.goto('/');
  await runButton(page, 'backup').click();
  await connectFromDialog(page);
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
  await expect(result(page, 'backup')).toContainText('Kept in this browser');
  const downloading = page.waitForEvent('download');
  await step(page, 'backup').getByRole('button', { name: 'Download sonoff-backup.bin' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('sonoff-backup.bin');
  const downloaded = new Uint8Array(await readFile((await download.path())!));
  expect(sameBytes(downloaded, await readFlashBytes(page))).toBe('identical');

  const mac = await page.evaluate(() => window.__virtualSonoff!.mac);
  await page.reload();
  // Connecting loads the workbench; the list shows without running anything.
  await page.getByRole('button', { name: 'Connect…' }).click();
  await connectFromDialog(page);
  const stored = step(page, 'backup').getByRole('region', { name: 'Backups stored in this browser' });
  await expect(stored).toContainText('(1)');
  await expect(stored).toContainText(mac);
  await expect(stored).toContainText('1,048,576 bytes');

  // From the list: download it again (the same bytes), then delete it after confirming.
  const again = page.waitForEvent('download');
  await stored.getByRole('button', { name: /^Download backup / }).click();
  expect(sameBytes(new Uint8Array(await readFile((await (await again).path())!)), downloaded)).toBe('identical');
  await stored.getByRole('button', { name: /^Delete backup / }).click();
  await stored.getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Delete backup' }).click();
  await expect(stored).toContainText('(0)');
});

test('restore from the stored backup leaves the device equal to it, with the dio / 1MB header', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 8 });
  await page.goto('/');
  await runButton(page, 'backup').click();
  await connectFromDialog(page);
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
  const backup = await readFlashBytes(page);

  await step(page, 'erase-flash').getByRole('button', { name: 'Run this step' }).click();
  await step(page, 'erase-flash').getByRole('button', { name: 'Erase the flash', exact: true }).click();
  await expect(result(page, 'erase-flash')).toContainText('verified blank', { timeout: 30_000 });

  const restore = step(page, 'restore');
  await restore.getByRole('radio', { name: /Stored backup/ }).check();
  await runButton(page, 'restore').click();
  await expect(result(page, 'restore')).toContainText('flash MD5 verified', { timeout: 60_000 });
  const expected = withHeader(backup, 0x02, 0x2);
  expect(sameBytes(await readFlashBytes(page), expected)).toBe('identical');
});

test('restore from a file leaves the device equal to the file, with the dio / 1MB header', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 9 });
  await page.goto('/');
  const backup = firmwareLike(MB, 21);
  await pickFile(page, 'restore', 'sonoff-backup.bin', backup);
  await expect(step(page, 'restore')).toContainText('Chosen file: sonoff-backup.bin, 1,048,576 bytes');
  await runButton(page, 'restore').click();
  await connectFromDialog(page);
  await expect(result(page, 'restore')).toContainText('flash MD5 verified', { timeout: 60_000 });
  expect(sameBytes(await readFlashBytes(page), withHeader(backup, 0x02, 0x2))).toBe('identical');
});

test('a deep link to #backup lands on the step, and its Run button works from there', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 10 });
  await page.goto('/#backup');
  await expect(runButton(page, 'backup')).toBeInViewport();
  await runButton(page, 'backup').click();
  await connectFromDialog(page);
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
  // The step's log, expanded and downloaded.
  const log = step(page, 'backup').getByRole('group').filter({ hasText: /^Log \(\d+ lines\)/ });
  await log.locator('summary').click();
  await expect(log).toContainText('Reading 1 MB from 0x00000');
  const saving = page.waitForEvent('download');
  await log.getByRole('button', { name: 'Download log' }).click();
  const saved = await saving;
  expect(saved.suggestedFilename()).toBe('backup-log.txt');
  expect(await readFile((await saved.path())!, 'utf8')).toMatch(/Reading 1 MB from 0x00000…\n[\s\S]*flash MD5 verified/);
});

test('connect waits, counting down, for a person who enters flash mode late', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 11, buttonHeld: false });
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect…' }).click();
  const dialog = connectDialog(page);
  await confirmSafetyAndChoosePort(page);
  await expect(dialog).toContainText('Hold the Sonoff');
  await expect(dialog).toContainText(/Still trying: \d+ s left/, { timeout: 15_000 });
  // The person holds the button and replugs the adapter, seconds later.
  await page.evaluate(() => {
    window.__virtualSonoff!.powerCycle(true);
    window.__virtualSonoff!.releaseButton();
  });
  await expect(deviceStatus(page)).toContainText('ESP8266EX', { timeout: 30_000 });
  const mac = await page.evaluate(() => window.__virtualSonoff!.mac);
  await expect(deviceStatus(page)).toContainText(mac);
});

test('the faster speed rewrites every command and is what runs', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 12 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect…' }).click();
  await connectFromDialog(page);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('921600');
  for (const id of ['erase-flash', 'write-firmware', 'backup', 'restore']) await expect(step(page, id).locator('code[data-command]')).toContainText('--baud 921600');
  await runButton(page, 'backup').click();
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
  expect(await page.evaluate(() => window.__virtualSonoff!.state().baud)).toBe(921600);
  await expect(deviceStatus(page)).toContainText('921600 baud');
});

test('disconnect releases the port, and the next Run connects again', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 13 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect…' }).click();
  await connectFromDialog(page);
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(deviceStatus(page)).toContainText('not connected');
  await page.evaluate(() => window.__virtualSonoff!.powerCycle(true));
  await runButton(page, 'backup').click();
  // The safety point was confirmed once this session: the chooser opens at once.
  await expect(deviceStatus(page)).toContainText('ESP8266EX', { timeout: 30_000 });
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
});

test('without Web Serial the Run buttons give way to the command-line path', async ({ page }) => {
  await page.addInitScript(() => {
    delete (Navigator.prototype as { serial?: unknown }).serial;
  });
  await page.goto('/');
  expect(await page.evaluate(() => 'serial' in navigator)).toBe(false);
  await expect(runButton(page, 'erase-flash')).toHaveCount(0);
  await expect(step(page, 'erase-flash')).toContainText('This browser has no Web Serial');
  await expect(step(page, 'erase-flash').getByRole('link', { name: 'Getting esptool' })).toHaveAttribute('href', '#get-esptool');
  await expect(step(page, 'erase-flash').locator('code')).toContainText('erase_flash');
});

test('the rehearsal device works in a browser without a real port, labelled as virtual', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'No device? Use a virtual Sonoff POW' }).click();
  const panel = page.getByRole('region', { name: 'Device' });
  await expect(panel.getByRole('group', { name: 'Virtual Sonoff POW controls' })).toBeVisible();
  await page.getByRole('button', { name: 'Connect…' }).click();
  const dialog = connectDialog(page);
  await expect(dialog).toContainText('(virtual)');
  await confirmSafetyAndChoosePort(page);
  const controls = dialog.getByRole('group', { name: 'Virtual Sonoff POW controls' });
  await controls.getByRole('button', { name: 'Hold the button (GPIO0)' }).click();
  await controls.getByRole('button', { name: 'Power on (3.3 V)' }).click();
  await expect(deviceStatus(page)).toContainText('ESP8266EX', { timeout: 30_000 });
  await expect(deviceStatus(page)).toContainText('virtual Sonoff POW');
});

for (const theme of ['light', 'dark'] as const) {
  test(`the flasher's controls, dialog and results have no serious accessibility violations (${theme})`, async ({ page }) => {
    await page.addInitScript((value) => localStorage.setItem('starlight-theme', value), theme);
    await installVirtualSonoff(page, { seed: 14, buttonHeld: false });
    await page.goto('/');
    await page.getByRole('button', { name: 'Connect…' }).click();
    const dialog = connectDialog(page);
    await expect(dialog.getByRole('checkbox', { name: /unplugged from AC mains/ })).toBeVisible();
    const scan = async (where: string): Promise<void> => {
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => `${where}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
      expect(serious).toEqual([]);
    };
    await scan('safety question');
    await confirmSafetyAndChoosePort(page);
    await expect(dialog).toContainText('Hold the Sonoff');
    await scan('waiting for flash mode');
    await page.evaluate(() => window.__virtualSonoff!.powerCycle(true));
    await expect(deviceStatus(page)).toContainText('ESP8266EX', { timeout: 30_000 });
    await pickFile(page, 'write-firmware', 'sonoff.bin', new Uint8Array(0));
    await runButton(page, 'backup').click();
    await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
    await expect(step(page, 'write-firmware')).toContainText('sonoff.bin is empty');
    await scan('after a backup, with a refused file');
  });
}

test('with an auto-reset adapter (DTR/RTS wired), connect resets the device into flash mode by itself', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 15, buttonHeld: false, autoReset: true });
  await page.goto('/');
  expect(await page.evaluate(() => window.__virtualSonoff!.state().mode)).not.toBe('rom-loader');
  await page.getByRole('button', { name: 'Connect…' }).click();
  const dialog = connectDialog(page);
  await dialog.getByRole('checkbox', { name: /unplugged from AC mains/ }).check();
  await dialog.getByRole('checkbox', { name: /auto-reset/ }).check();
  await dialog.getByRole('button', { name: 'Choose the port and connect' }).click();
  // Nobody touches the button: DTR/RTS do it.
  await expect(deviceStatus(page)).toContainText('ESP8266EX', { timeout: 30_000 });
  await pickFile(page, 'write-firmware', 'sonoff.bin', firmwareLike(64 * 1024, 4));
  await runButton(page, 'write-firmware').click();
  await expect(result(page, 'write-firmware')).toContainText('flash MD5 verified', { timeout: 30_000 });
  // The last step: with DTR/RTS the page can reset the device into its new firmware.
  await page.getByRole('region', { name: 'Device' }).getByRole('button', { name: 'Reset and boot it now' }).click();
  await expect(deviceStatus(page)).toContainText('not connected');
  await expect.poll(() => page.evaluate(() => window.__virtualSonoff!.state().mode)).toBe('firmware');
});

test('when the cable fails at the faster speed, the page falls back to 115200, says so, and shows it in every command', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 16, maxCleanBaud: 460800 });
  await page.goto('/');
  // Choose 921600 before connecting: open the panel, leave the dialog, pick the speed.
  await page.getByRole('button', { name: 'Connect…' }).click();
  await connectDialog(page).getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('921600');
  await expect(step(page, 'backup').locator('code[data-command]')).toContainText('--baud 921600');
  await page.getByRole('button', { name: 'Connect…' }).click();
  const dialog = connectDialog(page);
  await confirmSafetyAndChoosePort(page);
  // The stub is stranded at 921600 on the 4-wire cable: the page asks for flash mode again.
  await expect(dialog).toContainText(/Still trying: \d+ s left/, { timeout: 20_000 });
  await page.evaluate(() => window.__virtualSonoff!.powerCycle(true));
  await expect(deviceStatus(page)).toContainText('115200 baud', { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Device' })).toContainText('The link failed at 921600 baud; continuing at 115200.');
  for (const id of ['erase-flash', 'write-firmware', 'backup', 'restore']) await expect(step(page, id).locator('code[data-command]')).toContainText('--baud 115200');
  await runButton(page, 'backup').click();
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
});
