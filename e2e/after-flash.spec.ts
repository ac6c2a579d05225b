/**
 * The whole guide in one rehearsal on the page's own virtual Sonoff, at the
 * real chain's pace: back up, write the practice firmware, boot it, and on
 * through the console: the firmware recognised, Wi-Fi (a wrong password said
 * as such, then the right one), Module 6, the address, and the calibration
 * the page works out, checked against the virtual meter. The Wi-Fi password
 * must not be anywhere the page keeps or hands out text.
 */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { chooseSpeed, choosePortButton, closeOptions, connectDialog, deviceStatus, openOptions, result, runButton, step } from './support/workbench.ts';

/** A step after the flash: the console block that carries its Run (the calibration: its form's place). */
function afterStep(page: Page, id: string) {
  return id === 'calibrate' ? page.locator('[data-calibration-form]') : page.locator(`[data-console-step="${id}"]:has([data-run-step])`);
}
const runAfter = (page: Page, id: string) => afterStep(page, id).getByRole('button', { name: 'Run this step' });
const resultAfter = (page: Page, id: string) => afterStep(page, id).locator('.step-result');

const WRONG = 'not-the-password-9';
const RIGHT = 'practice-wifi-1';

function bench(page: Page) {
  return page.getByRole('group', { name: 'Virtual Sonoff POW controls' });
}

/** At the virtual bench (in the strip's Options once the dialog is closed): press these, in order. */
async function atBench(page: Page, ...buttons: (string | RegExp)[]): Promise<void> {
  const options = await openOptions(page);
  for (const name of buttons) await options.getByRole('group', { name: 'Virtual Sonoff POW controls' }).getByRole('button', { name }).click();
  await closeOptions(page);
}

/** Everything the page keeps: its storage, IndexedDB's backups' metadata, the URL. */
async function everythingKept(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [location.href, document.cookie];
    for (const store of [localStorage, sessionStorage]) for (let i = 0; i < store.length; i++) parts.push(`${store.key(i)}=${store.getItem(store.key(i)!)}`);
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error);
        });
        parts.push(JSON.stringify(all, (_key, value: unknown) => (value instanceof Uint8Array || value instanceof ArrayBuffer ? '[bytes]' : value)));
      }
      db.close();
    }
    return parts.join('\n');
  });
}

test('the whole guide in one rehearsal: backup, practice firmware, console, Wi-Fi, Module 6, the address, calibration; the password kept nowhere', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'No device? Use a virtual Sonoff POW' }).click();

  // Flash mode, connect, back up (at 921600: the real pace of 1 MB at 115200 is a minute and a half).
  await chooseSpeed(page, '921600');
  await page.getByRole('button', { name: 'Connect…' }).click();
  const dialog = connectDialog(page);
  await dialog.getByRole('checkbox', { name: /unplugged from AC mains/ }).check();
  await bench(page).getByRole('button', { name: 'Hold the button (GPIO0)' }).click();
  await bench(page).getByRole('button', { name: 'Plug the adapter into USB' }).click();
  await bench(page).getByRole('button', { name: 'Release the button (GPIO0)' }).click();
  await choosePortButton(page).click();
  await expect(deviceStatus(page)).toContainText('ESP8266EX', { timeout: 30_000 });
  await runButton(page, 'backup').click();
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 150_000 });

  // The practice firmware, written, then booted without the button: the 3.3 V wire off and on.
  await step(page, 'write-firmware').getByRole('button', { name: /Use the practice firmware/ }).click();
  await expect(step(page, 'write-firmware')).toContainText('Chosen: tasmota-practice.bin');
  await runButton(page, 'write-firmware').click();
  await expect(result(page, 'write-firmware')).toContainText('flash MD5 verified', { timeout: 60_000 });
  await atBench(page, 'Disconnect the 3.3 V wire', 'Connect the 3.3 V wire');

  // First boot: the flasher has the port; the reader lets it go, explicitly; the console opens and says what runs.
  await runAfter(page, 'first-boot').click();
  await expect(afterStep(page, 'first-boot')).toContainText('The flasher is connected to the Sonoff');
  await afterStep(page, 'first-boot').getByRole('button', { name: 'Disconnect the flasher and open the console' }).click();
  await expect(resultAfter(page, 'first-boot')).toContainText('The Sonoff started Tasmota 15.2.0', { timeout: 30_000 });
  await expect(resultAfter(page, 'first-boot')).toContainText('Next: Step 6: Connect it to your Wi-Fi');
  await expect(deviceStatus(page)).toContainText('not connected');
  const consoleView = page.getByRole('log', { name: 'What the Sonoff printed' });
  await expect(consoleView).toContainText('Project tasmota - Tasmota Version 15.2.0');
  await expect(consoleView).toContainText('The console opened the port at 115200 baud.');

  // Wi-Fi: a wrong password is said as such; the right one joins.
  const wifi = afterStep(page, 'wifi');
  await wifi.getByLabel('Network name (SSID)').fill('VirtualHome');
  await wifi.getByLabel('Wi-Fi password').fill(WRONG);
  await runAfter(page, 'wifi').click();
  await expect(resultAfter(page, 'wifi')).toContainText('the password is wrong', { timeout: 60_000 });
  await wifi.getByLabel('Wi-Fi password').fill(RIGHT);
  await runAfter(page, 'wifi').click();
  await expect(resultAfter(page, 'wifi')).toContainText('The Sonoff joined “VirtualHome”. Its address is 192.168.1.50.', { timeout: 60_000 });

  // Module 6, confirmed after the restart; then the address.
  await runAfter(page, 'module').click();
  await expect(resultAfter(page, 'module')).toContainText('set up as a Sonoff Pow', { timeout: 60_000 });
  await runAfter(page, 'find-ip').click();
  await expect(resultAfter(page, 'find-ip')).toContainText('Its address is 192.168.1.50 and its name tasmota-', { timeout: 30_000 });
  // The step after the address has no command, and must not be skipped: back to the mains, safely.
  await expect(resultAfter(page, 'find-ip')).toContainText('Next: Step 9: Back to the wall, safely');

  // The console itself: a line typed and sent, and its reply shown indented.
  const consolePanel = page.getByRole('region', { name: 'Serial console' });
  await consolePanel.getByLabel('Send a command').fill('Status 2');
  await consolePanel.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(consolePanel.getByLabel('Send a command')).toHaveValue('');
  await expect(consolePanel.locator('.console-json').last()).toContainText('"StatusFWR": {');
  await consolePanel.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(consolePanel.getByRole('alert')).toHaveText('Type a command first, for example Status 2.');

  // Calibration, worked out for the rehearsal's 60 W bulb on 230 V and checked on the virtual meter.
  await atBench(page, /Plug it into the mains with a 60 W bulb/);
  const calibrate = afterStep(page, 'calibrate');
  // The workbench has loaded (the steps above ran): its form is there, not the shell's "Work out my commands".
  await expect(calibrate.getByRole('button', { name: 'Work out my commands' })).toHaveCount(0);
  await expect(calibrate.getByLabel(/Tasmota version/)).toHaveValue('15.2.0');
  await calibrate.getByRole('button', { name: 'Work out the commands' }).click();
  await expect(calibrate.locator('.calibration-plan')).toContainText('PowerSet 60');
  await runAfter(page, 'calibrate').click();
  await expect(resultAfter(page, 'calibrate')).toContainText('After:', { timeout: 60_000 });
  const readings = (await resultAfter(page, 'calibrate').textContent()) ?? '';
  const after = /After: ([\d.]+) W, ([\d.]+) V, ([\d.]+) A/.exec(readings);
  expect(after, readings).not.toBeNull();
  const [watts, volts, amps] = after!.slice(1).map(Number) as [number, number, number];
  expect(Math.abs(watts - 60) / 60).toBeLessThan(0.01);
  expect(Math.abs(volts - 230) / 230).toBeLessThan(0.01);
  expect(Math.abs(amps - 60 / 230) / (60 / 230)).toBeLessThan(0.01);
  const before = /Before: ([\d.]+) W/.exec(readings);
  expect(Math.abs(Number(before![1]) - 60) / 60, 'the uncalibrated meter reads off').toBeGreaterThan(0.05);

  // The password: not on the page, in the console's download, in any step's log, in the URL or storage.
  for (const secret of [WRONG, RIGHT]) await expect(consoleView).not.toContainText(secret);
  await expect(consoleView).toContainText('Password1 ****');
  const [download] = await Promise.all([page.waitForEvent('download'), afterStep(page, 'first-boot').getByRole('button', { name: 'Download the console log' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^sonoff-console-\d{8}-\d{4}\.txt$/);
  const log = await readFile((await download.path())!, 'utf8');
  expect(log).toContain('Password1 ****');
  expect(log).toContain('VirtualHome');
  const kept = await everythingKept(page);
  for (const secret of [WRONG, RIGHT]) {
    expect(log).not.toContain(secret);
    expect(kept).not.toContain(secret);
  }
  // The password field itself still holds what the reader typed, and only there.
  await expect(wifi.getByLabel('Wi-Fi password')).toHaveValue(RIGHT);
  // The whole document, closed logs included (a password field's value is a property, not in the markup), but for
  // the bench's own line that tells the rehearsal's network and password.
  const markup = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    for (const told of copy.querySelectorAll('.rehearsal-network')) told.remove();
    return copy.outerHTML;
  });
  for (const secret of [WRONG, RIGHT]) expect(markup).not.toContain(secret);

  for (const theme of ['light', 'dark']) {
    await page.evaluate((value) => document.documentElement.setAttribute('data-theme', value), theme);
    const axe = await new AxeBuilder({ page }).include('#first-boot ~ *').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  }
});
