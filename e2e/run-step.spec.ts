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
import { choosePortButton, confirmSafetyAndChoosePort, connectDialog, connectFromDialog, deviceStatus, pickFile, flashAfterWrite, MB, result, runButton, sameBytes, step, withHeader } from './support/workbench.ts';
import { confirmRestore, runRestore } from './support/workbench.ts';
import { chooseSpeed, expectDeviceDetails, openOptions } from './support/workbench.ts';

test('erase asks first, says this device has no backup, and leaves the whole flash 0xFF', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 3 });
  await page.goto('/');
  await runButton(page, 'erase-flash').click();
  await connectFromDialog(page);
  await expectDeviceDetails(page, '1MB flash');
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
  await expect(step(page, 'write-firmware')).toContainText('Chosen: tasmota.bin (307,203 bytes).It is an ESP8266 image: ready to write.');
  await runButton(page, 'write-firmware').click();
  await connectFromDialog(page);
  await expect(result(page, 'write-firmware')).toContainText('flash MD5 verified', { timeout: 30_000 });
  const padded = new Uint8Array(Math.ceil(image.length / 4) * 4).fill(0xff);
  padded.set(image);
  const patched = withHeader(padded, 0x03, 0x2);
  expect([patched[2], patched[3]]).toEqual([0x03, 0x2f]);
  expect(sameBytes(await readFlashBytes(page), flashAfterWrite(before, patched))).toBe('identical');
  await expect(result(page, 'write-firmware')).toContainText('Next: unplug the adapter, then plug it back in without holding the button: the Sonoff starts the firmware just written.');
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
  // The newest backup of the connected device is already chosen.
  await expect(restore.getByRole('radio', { name: /Stored backup/ })).toBeChecked();
  await runRestore(page);
  await expect(result(page, 'restore')).toContainText('flash MD5 verified', { timeout: 60_000 });
  const expected = withHeader(backup, 0x02, 0x2);
  expect(sameBytes(await readFlashBytes(page), expected)).toBe('identical');
});

test('restore from a file leaves the device equal to the file, with the dio / 1MB header', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 9 });
  await page.goto('/');
  const backup = firmwareLike(MB, 21);
  await pickFile(page, 'restore', 'sonoff-backup.bin', backup);
  await expect(step(page, 'restore')).toContainText('Chosen: sonoff-backup.bin (1,048,576 bytes).');
  await runButton(page, 'restore').click();
  await connectFromDialog(page);
  await confirmRestore(page);
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
  const log = step(page, 'backup').getByRole('group').filter({ hasText: /^Log \(\d+ lines?\)/ });
  await log.locator('summary').click();
  await expect(log).toContainText('Reading 1 MB from 0x00000');
  const saving = page.waitForEvent('download');
  await log.getByRole('button', { name: 'Download the log' }).click();
  const saved = await saving;
  expect(saved.suggestedFilename()).toBe('backup-log.txt');
  expect(await readFile((await saved.path())!, 'utf8')).toMatch(/Reading 1 MB from 0x00000…\n[\s\S]*flash MD5 verified/);
});

test('the dialog asks for flash mode by plugging in, then the port; if the board booted anyway, it asks for the 3.3 V wire, never the USB cable', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 11, buttonHeld: false });
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect…' }).click();
  const dialog = connectDialog(page);
  await expect(dialog.getByRole('listitem')).toHaveText([
    'Hold down the Sonoff’s button.',
    'While you hold it, plug the adapter into the computer’s USB port.',
    'Release the button after a second.',
  ]);
  await confirmSafetyAndChoosePort(page);
  // The person plugged it in without holding the button: it runs its firmware.
  await expect(dialog).toContainText(/Still listening: \d+ s left/, { timeout: 15_000 });
  await expect(dialog).toContainText('Keep the adapter plugged in (unplugging it closes the port)');
  await expect(dialog.getByRole('listitem')).toHaveText(['Hold down the button.', 'Disconnect the 3.3 V wire from the Sonoff and connect it again.', 'Release the button.']);
  await page.evaluate(() => {
    window.__virtualSonoff!.powerCycle(true);
    window.__virtualSonoff!.releaseButton();
  });
  await expect(deviceStatus(page)).toContainText('ESP8266EX', { timeout: 30_000 });
  const state = await page.evaluate(() => window.__virtualSonoff!.state());
  expect(state.plugs).toBe(1); // the USB cable never came out
  expect(state.portBufferSize).toBe(64 * 1024);
  await expect(deviceStatus(page)).toContainText(await page.evaluate(() => window.__virtualSonoff!.mac));
});

test('the faster speed rewrites every command and is what runs', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 12 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect…' }).click();
  await connectFromDialog(page);
  await chooseSpeed(page, '921600');
  for (const id of ['erase-flash', 'write-firmware', 'backup', 'restore']) await expect(step(page, id).locator('code[data-command]')).toContainText('--baud 921600');
  await runButton(page, 'backup').click();
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
  expect(await page.evaluate(() => window.__virtualSonoff!.state().uartDivider)).toBe(56); // ~928571 baud
  await expect(deviceStatus(page)).toContainText('921600 baud');
  // And back: the stub is asked with a value it computes right, and the divider is checked.
  await chooseSpeed(page, '115200');
  await runButton(page, 'backup').click();
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
  expect(await page.evaluate(() => window.__virtualSonoff!.state().uartDivider)).toBe(451);
  await expect(deviceStatus(page)).toContainText('115200 baud');
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
  // The safety point was confirmed once this session: the dialog goes straight to flash mode and the port.
  await expect(connectDialog(page).getByRole('checkbox', { name: /unplugged from AC mains/ })).toHaveCount(0);
  await connectFromDialog(page);
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

test('the rehearsal device: plugged in with its button held, chosen, connected, at the real chain\'s pace', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'No device? Use a virtual Sonoff POW' }).click();
  // The strip says which device it is now, the focus is on its one next move, and the bench is in its options.
  await expect(deviceStatus(page)).toContainText('Device (virtual Sonoff POW): not connected');
  await expect(page.getByRole('button', { name: 'Connect…' })).toBeFocused();
  await expect((await openOptions(page)).getByRole('group', { name: 'Virtual Sonoff POW controls' })).toBeVisible();
  await page.getByRole('button', { name: 'Connect…' }).click();
  const dialog = connectDialog(page);
  await expect(dialog.getByRole('heading')).toHaveText('Connect to the virtual Sonoff POW');
  await dialog.getByRole('checkbox', { name: /unplugged from AC mains/ }).check();
  // Choosing before plugging in: the list is empty, and the dialog says so.
  await choosePortButton(page).click();
  await expect(dialog).toContainText('The list was empty: the virtual adapter is not plugged in.');
  const controls = dialog.getByRole('group', { name: 'Virtual Sonoff POW controls' });
  await controls.getByRole('button', { name: 'Hold the button (GPIO0)' }).click();
  await controls.getByRole('button', { name: 'Plug the adapter into USB' }).click();
  await controls.getByRole('button', { name: 'Release the button (GPIO0)' }).click();
  await expect(controls).toContainText('USB plugged in, 3.3 V wire connected, button up');
  await choosePortButton(page).click();
  await expect(deviceStatus(page)).toContainText('ESP8266EX', { timeout: 30_000 });
  await expect(deviceStatus(page)).toContainText('virtual Sonoff POW');
  await expectDeviceDetails(page, 'CH340');
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
    await scan('safety question and flash mode');
    await confirmSafetyAndChoosePort(page);
    await expect(dialog).toContainText('Keep the adapter plugged in', { timeout: 15_000 });
    await scan('waiting for flash mode');
    await page.evaluate(() => window.__virtualSonoff!.unplugUsb());
    await expect(dialog).toContainText('The adapter was unplugged');
    await scan('the adapter unplugged');
    await page.evaluate(() => window.__virtualSonoff!.plugUsb(true));
    await dialog.getByRole('button', { name: 'Choose the port again' }).click();
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
  await expect(dialog).toContainText('Plug the adapter into the computer. The page resets the Sonoff into flash mode through DTR/RTS.');
  await choosePortButton(page).click();
  // Nobody touches the button: DTR/RTS do it.
  await expect(deviceStatus(page)).toContainText('ESP8266EX', { timeout: 30_000 });
  await pickFile(page, 'write-firmware', 'sonoff.bin', firmwareLike(64 * 1024, 4));
  await runButton(page, 'write-firmware').click();
  await expect(result(page, 'write-firmware')).toContainText('flash MD5 verified', { timeout: 30_000 });
  // The last step: with DTR/RTS the page can reset the device into its new firmware.
  await expect(result(page, 'write-firmware')).toContainText('Next: unplug the adapter, then plug it back in without holding the button');
  await result(page, 'write-firmware').getByRole('button', { name: 'Reset and boot it now' }).click();
  await expect(deviceStatus(page)).toContainText('not connected');
  await expect.poll(() => page.evaluate(() => window.__virtualSonoff!.state().mode)).toBe('firmware');
});

test('when the cable fails at the faster speed, the page falls back to 115200, says so, and shows it in every command', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 16, maxCleanBaud: 460800 });
  await page.goto('/');
  // Choose 921600 before connecting: open the panel, leave the dialog, pick the speed.
  await page.getByRole('button', { name: 'Connect…' }).click();
  await connectDialog(page).getByRole('button', { name: 'Cancel' }).click();
  await chooseSpeed(page, '921600');
  await expect(step(page, 'backup').locator('code[data-command]')).toContainText('--baud 921600');
  await page.getByRole('button', { name: 'Connect…' }).click();
  const dialog = connectDialog(page);
  await confirmSafetyAndChoosePort(page);
  // Nothing gets through at 921600, so the stub cannot be asked back: the page asks for flash mode again, by the 3.3 V wire.
  await expect(dialog).toContainText(/Still listening: \d+ s left/, { timeout: 20_000 });
  await expect(dialog).toContainText('Disconnect the 3.3 V wire from the Sonoff and connect it again.');
  await page.evaluate(() => window.__virtualSonoff!.powerCycle(true));
  await expect(deviceStatus(page)).toContainText('115200 baud', { timeout: 30_000 });
  await expect(page.locator('.device-notes')).toContainText('The link failed at 921600 baud; continuing at 115200.');
  for (const id of ['erase-flash', 'write-firmware', 'backup', 'restore']) await expect(step(page, id).locator('code[data-command]')).toContainText('--baud 115200');
  await runButton(page, 'backup').click();
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
});

test('a hidden tab’s timers (woken once a second) do not break a backup or a write: reads wake on data, not on a timer', async ({ page }) => {
  test.setTimeout(180_000);
  // Chrome aligns a hidden page's timers to 1 s wake-ups, also while a serial port is open (it only
  // lifts the one-minute intensive throttling): emulate that from the moment the test says so.
  await page.addInitScript(() => {
    const scope = window as unknown as { __hidden: boolean };
    scope.__hidden = false;
    const realTimeout = window.setTimeout.bind(window);
    const realInterval = window.setInterval.bind(window);
    const aligned = (ms: number): number => (scope.__hidden ? Math.ceil((Date.now() + (ms ?? 0)) / 1000) * 1000 - Date.now() : (ms ?? 0));
    window.setTimeout = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => realTimeout(fn, aligned(ms ?? 0), ...args)) as typeof window.setTimeout;
    window.setInterval = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => realInterval(fn, scope.__hidden ? Math.max(1000, ms ?? 0) : (ms ?? 0), ...args)) as typeof window.setInterval;
  });
  await installVirtualSonoff(page, { seed: 17 });
  await page.goto('/');
  const image = firmwareLike(256 * 1024, 17);
  await pickFile(page, 'write-firmware', 'sonoff.bin', image);
  await runButton(page, 'backup').click();
  await connectFromDialog(page);
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
  const timed = async (stepId: 'backup' | 'write-firmware'): Promise<number> => {
    const started = Date.now();
    await runButton(page, stepId).click();
    await expect(result(page, stepId)).toContainText('flash MD5 verified', { timeout: 120_000 });
    return Date.now() - started;
  };
  const visible = { backup: await timed('backup'), write: await timed('write-firmware') };
  await page.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = true));
  const hidden = { backup: await timed('backup'), write: await timed('write-firmware') };
  test.info().annotations.push({ type: 'timing', description: `visible: backup ${visible.backup} ms, write ${visible.write} ms; hidden-tab timers: backup ${hidden.backup} ms, write ${hidden.write} ms` });
  console.log(`hidden-tab timers: backup ${visible.backup} → ${hidden.backup} ms, write ${visible.write} → ${hidden.write} ms`);
  const padded = new Uint8Array(Math.ceil(image.length / 4) * 4).fill(0xff);
  padded.set(image);
  expect((await readFlashBytes(page)).subarray(4, image.length)).toEqual(padded.subarray(4, image.length));
});

test('the keyboard alone connects and runs a step, and the focus comes back to the panel, not the top of the page', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 15, buttonHeld: true });
  await page.goto('/');
  const connectButton = page.getByRole('button', { name: 'Connect…' });
  await expect(connectButton).toBeEnabled(); // the panel is live once the page's script has run
  await connectButton.focus();
  await page.keyboard.press('Enter');
  const dialog = connectDialog(page);
  const safety = dialog.getByRole('checkbox', { name: /unplugged from AC mains/ });
  await expect(safety).toBeFocused();
  await page.keyboard.press('Space');
  await expect(safety).toBeChecked();
  await page.keyboard.press('Tab'); // the auto-reset box
  await page.keyboard.press('Tab');
  await expect(choosePortButton(page)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(deviceStatus(page)).toContainText('ESP8266EX', { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Device' }).getByRole('button', { name: 'Disconnect' })).toBeFocused();
  // Tab on from the panel reaches the first step's Run button, and Enter runs it.
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await runButton(page, 'backup').evaluate((button) => button === document.activeElement);
  }
  expect(reached, 'Tab from the panel reaches the backup step’s Run button').toBe(true);
  await page.keyboard.press('Enter');
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
});
