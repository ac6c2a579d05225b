/**
 * How a person drives the page's flasher, for the browser tests: by the
 * step's block, its buttons' names and the words it shows.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export const MB = 1024 * 1024;

export function step(page: Page, id: string): Locator {
  return page.locator(`[data-command-step="${id}"]`);
}

export function runButton(page: Page, id: string): Locator {
  return step(page, id).getByRole('button', { name: 'Run this step' });
}

export function connectDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: /Connect to the (virtual )?Sonoff POW/ });
}

export function deviceStatus(page: Page): Locator {
  return page.getByRole('region', { name: 'Device' }).locator('.device-status');
}

/** The dialog's "Choose the port" button (after the flash-mode steps); "Choose the virtual adapter" for the page's virtual device. */
export function choosePortButton(page: Page): Locator {
  return connectDialog(page).getByRole('button', { name: /^Choose the (port|virtual adapter)$/ });
}

/** The device strip's options (speed, adapter check, the virtual bench, what the device is), opened if closed. */
export async function openOptions(page: Page): Promise<Locator> {
  const toggle = page.getByRole('region', { name: 'Device' }).getByRole('button', { name: 'Options' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return page.locator('#device-more');
}

/** Closes the strip's options (open, they cover the page under the pinned strip, as for a person). */
export async function closeOptions(page: Page): Promise<void> {
  const toggle = page.getByRole('region', { name: 'Device' }).getByRole('button', { name: 'Options' });
  if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
}

/** Chooses the link speed in the strip's options, and closes them. */
export async function chooseSpeed(page: Page, baud: string): Promise<void> {
  await (await openOptions(page)).getByRole('combobox', { name: 'Speed' }).selectOption(baud);
  await closeOptions(page);
}

/** Checks what the strip's options say the connected device is (chip, MAC, flash size, adapter), then closes them. */
export async function expectDeviceDetails(page: Page, text: string): Promise<void> {
  await expect((await openOptions(page)).locator('[data-device-details]')).toContainText(text);
  await closeOptions(page);
}

/** Answers the dialog's first question (mains unplugged) and opens the port chooser; does not wait for the device. */
export async function confirmSafetyAndChoosePort(page: Page): Promise<void> {
  const dialog = connectDialog(page);
  await dialog.getByRole('checkbox', { name: /unplugged from AC mains/ }).check();
  await choosePortButton(page).click();
}

/**
 * Whatever the connect flow asks (the safety point once per session; the
 * person has already held the button and plugged the adapter in), answered
 * up to the port chooser; waits until the panel shows the chip.
 */
export async function connectFromDialog(page: Page): Promise<void> {
  const dialog = connectDialog(page);
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  const safety = dialog.getByRole('checkbox', { name: /unplugged from AC mains/ });
  if (await safety.isVisible()) await safety.check();
  await choosePortButton(page).click();
  await expect(deviceStatus(page)).toContainText('ESP8266EX', { timeout: 30_000 });
  await expect(dialog).toBeHidden();
}

/** The step's result line once it has one. */
export function result(page: Page, id: string): Locator {
  return step(page, id).locator('.step-result');
}

export function file(name: string, bytes: Uint8Array): { name: string; mimeType: string; buffer: Buffer } {
  return { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) };
}

/** What esptool.py leaves after writing `image` at 0: sectors it touched erased, then the image. */
export function flashAfterWrite(before: Uint8Array, image: Uint8Array): Uint8Array {
  const expected = before.slice();
  const padded = Math.ceil(image.length / 4) * 4;
  const sectorsEnd = Math.ceil(padded / 4096) * 4096;
  expected.fill(0xff, 0, sectorsEnd);
  expected.set(image, 0);
  return expected;
}

/** The header as esptool.py patches it for an 0xE9 image at 0: mode byte 2, size nibble of byte 3 (1MB = 0x2). */
export function withHeader(image: Uint8Array, mode: number, sizeNibble: number): Uint8Array {
  const out = image.slice();
  if (out[0] === 0xe9) {
    out[2] = mode;
    out[3] = (sizeNibble << 4) | (out[3]! & 0x0f);
  }
  return out;
}

export function sameBytes(actual: Uint8Array, expected: Uint8Array): string {
  if (actual.length !== expected.length) return `length ${actual.length} != ${expected.length}`;
  for (let i = 0; i < actual.length; i++) if (actual[i] !== expected[i]) return `first difference at 0x${i.toString(16)}: ${actual[i]} != ${expected[i]}`;
  return 'identical';
}

/** Picks a file in the step's picker once the page can take it (the picker is disabled until it starts). */
export async function pickFile(page: Page, stepId: string, name: string, bytes: Uint8Array): Promise<void> {
  const input = step(page, stepId).getByLabel(/^Choose /);
  await expect(input).toBeEnabled();
  await input.setInputFiles(file(name, bytes));
}

/** Runs the restore step and answers its question (it always asks before writing over the flash). */
export async function runRestore(page: Page): Promise<void> {
  await runButton(page, 'restore').click();
  await confirmRestore(page);
}

/** Answers the restore question with its write button ("Restore", or "Restore anyway" after a warning). */
export async function confirmRestore(page: Page): Promise<void> {
  const confirm = step(page, 'restore').getByRole('group', { name: 'Confirm restore' });
  await expect(confirm).toBeVisible({ timeout: 30_000 });
  await confirm.getByRole('button', { name: /^Restore( anyway)?$/ }).click();
}

/**
 * The person reconnects the virtual Sonoff's 3.3 V wire (holding the button
 * or not) at a moment the page listens at 74880 baud for the boot line, so
 * a test does not depend on where in its round the page is: now if the page
 * listens there, else the moment it opens the port at 74880 (told by the
 * port, not found by a timer of the test's: after axe's own page a tab's
 * timers can be throttled to once a second, aligned with the page's, and a
 * one-second window was then missed every time). Resolves with the
 * wall-clock time of the restart (Date.now() in the page).
 */
export function restartWhileListening(page: Page, buttonHeld: boolean): Promise<number> {
  return page.evaluate(
    (held) =>
      new Promise<number>((resolve) => {
        const device = window.__virtualSonoff!;
        const restart = (): void => {
          device.powerCycle(held);
          resolve(Date.now());
        };
        if (device.state().portBaud === 74880) return restart();
        const stop = device.onPortOpen((baud) => {
          if (baud !== 74880) return;
          stop();
          // After open() returns: the page's read loop starts on this turn.
          queueMicrotask(restart);
        });
      }),
    buttonHeld,
  );
}
