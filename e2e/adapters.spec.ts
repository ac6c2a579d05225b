/**
 * Every adapter profile the virtual Sonoff models (a CH340 without a serial
 * number, a CP2102 and an FT232R with one), through the whole page: the
 * connect flow, every step of the guide with the device's flash checked
 * after each, the fallback when the wires fail at 921600, and the adapter
 * and device check.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { firmwareLike } from '../src/flasher/test-images.ts';
import { installVirtualSonoff, readFlashBytes } from './fixtures/virtual-serial.ts';
import { confirmSafetyAndChoosePort, connectDialog, connectFromDialog, deviceStatus, flashAfterWrite, pickFile, result, runButton, sameBytes, step, withHeader } from './support/workbench.ts';
import { runRestore } from './support/workbench.ts';
import { chooseSpeed, expectDeviceDetails, openOptions } from './support/workbench.ts';

const ADAPTERS = [
  { kind: 'ch340', name: 'CH340', ids: '1a86:7523' },
  { kind: 'cp2102', name: 'CP210x', ids: '10c4:ea60' },
  { kind: 'ft232r', name: 'FTDI FT232R', ids: '0403:6001' },
] as const;

for (const adapter of ADAPTERS) {
  test.describe(`${adapter.name} adapter`, () => {
    test('the guide in one connection: backup, erase, write, restore, the flash checked after each', async ({ page }) => {
      test.setTimeout(120_000);
      await installVirtualSonoff(page, { seed: 60, adapter: adapter.kind });
      await page.goto('/');
      const factory = await readFlashBytes(page);

      await runButton(page, 'backup').click();
      await connectFromDialog(page);
      await expectDeviceDetails(page, adapter.name);
      await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
      expect(sameBytes(await readFlashBytes(page), factory)).toBe('identical');

      await runButton(page, 'erase-flash').click();
      await step(page, 'erase-flash').getByRole('button', { name: 'Erase the flash', exact: true }).click();
      await expect(result(page, 'erase-flash')).toContainText('verified blank', { timeout: 30_000 });
      expect((await readFlashBytes(page)).findIndex((b) => b !== 0xff)).toBe(-1);

      const image = firmwareLike(256 * 1024 + 1, 60);
      await pickFile(page, 'write-firmware', 'sonoff.bin', image);
      await runButton(page, 'write-firmware').click();
      await expect(result(page, 'write-firmware')).toContainText('flash MD5 verified', { timeout: 60_000 });
      const padded = new Uint8Array(Math.ceil(image.length / 4) * 4).fill(0xff);
      padded.set(image);
      expect(sameBytes(await readFlashBytes(page), flashAfterWrite(new Uint8Array(1024 * 1024).fill(0xff), withHeader(padded, 0x03, 0x2)))).toBe('identical');

      await runRestore(page);
      await expect(result(page, 'restore')).toContainText('flash MD5 verified', { timeout: 60_000 });
      expect(sameBytes(await readFlashBytes(page), withHeader(factory, 0x02, 0x2))).toBe('identical');
    });

    test('at 921600 on wires that fail there: falls back to 115200 once the 3.3 V wire resets the board, then backs up', async ({ page }) => {
      test.setTimeout(120_000);
      await installVirtualSonoff(page, { seed: 61, adapter: adapter.kind, maxCleanBaud: 460800 });
      await page.goto('/');
      await page.getByRole('button', { name: 'Connect…' }).click();
      await connectDialog(page).getByRole('button', { name: 'Cancel' }).click();
      await chooseSpeed(page, '921600');
      await page.getByRole('button', { name: 'Connect…' }).click();
      await confirmSafetyAndChoosePort(page);
      await expect(connectDialog(page)).toContainText('Disconnect the 3.3 V wire from the Sonoff and connect it again.', { timeout: 20_000 });
      await page.evaluate(() => window.__virtualSonoff!.powerCycle(true));
      await expect(deviceStatus(page)).toContainText('115200 baud', { timeout: 30_000 });
      await expect(page.locator('.device-notes')).toContainText('The link failed at 921600 baud; continuing at 115200.');
      expect(await page.evaluate(() => window.__virtualSonoff!.state().plugs)).toBe(1);
      await runButton(page, 'backup').click();
      await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
      expect(sameBytes(await readFlashBytes(page), await readFlashBytes(page))).toBe('identical');
    });

    test('Check this adapter and device: works at each speed, writes nothing, and the report names the adapter', async ({ page }) => {
      test.setTimeout(120_000);
      await installVirtualSonoff(page, { seed: 62, adapter: adapter.kind });
      await page.goto('/');
      const before = await readFlashBytes(page);
      await page.getByRole('button', { name: 'Connect…' }).click();
      await connectFromDialog(page);
      const panel = await openOptions(page);
      await panel.getByRole('button', { name: 'Check this adapter and device' }).click();
      await expect(panel.getByRole('status').filter({ hasText: 'Nothing was written' })).toContainText('The adapter and the device work at 115200, 460800, 921600 baud.', { timeout: 60_000 });
      const downloading = page.waitForEvent('download');
      await panel.getByRole('button', { name: 'Download the report' }).click();
      const report = await readFile((await (await downloading).path())!, 'utf8');
      expect(report).toContain(`Adapter:  ${adapter.name} (USB ${adapter.ids})`);
      expect(report).toMatch(/ 921600 baud: works \(\d+\.\d\d s, \d+\.\d\d s, \d+ KB\/s\)/);
      expect(report).toContain('Left at 115200 baud.');
      expect(sameBytes(await readFlashBytes(page), before)).toBe('identical');
      expect(await page.evaluate(() => window.__virtualSonoff!.state().uartDivider)).toBe(451);
    });
  });
}
