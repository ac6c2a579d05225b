/**
 * Writing only what changed, through the page: the restore of a backup the
 * device already holds says so in the catalogue's words and sends next to
 * nothing; a few changed sectors are named and written; the full-write
 * choice, one click away, writes everything as esptool.py does. The flash
 * is checked byte for byte every time.
 */
import { expect, test } from '@playwright/test';
import '../src/flasher/node-ready.ts';
import { md5Hex } from '../src/flasher/md5.ts';
import { firmwareLike } from '../src/flasher/test-images.ts';
import { en } from '../src/i18n/en.ts';
import { installVirtualSonoff, loadFlash, readFlashBytes } from './fixtures/virtual-serial.ts';
import { confirmRestore, connectFromDialog, MB, runRestore, pickFile, result, runButton, sameBytes, step, withHeader } from './support/workbench.ts';

const counters = (page: import('@playwright/test').Page) => page.evaluate(() => window.__virtualSonoff!.counters());
const resetCounters = (page: import('@playwright/test').Page) => page.evaluate(() => window.__virtualSonoff!.resetCounters());

test('a restore over a device that already holds the backup writes nothing and says so; changed sectors are named; the full write writes everything', async ({ page }) => {
  const backup = firmwareLike(MB, 31);
  // What the restore leaves (-fs 1MB -fm dio): the device holds exactly that already.
  const restored = withHeader(backup, 0x02, 0x2);
  const md5 = `${md5Hex(restored).slice(0, 8)}…`;
  await installVirtualSonoff(page, { seed: 12, flash: restored });
  await page.goto('/');
  const restore = step(page, 'restore');
  await pickFile(page, 'restore', 'sonoff-backup.bin', backup);
  const mode = restore.getByRole('group', { name: en['writeChanged.legend'] });
  await expect(mode.getByRole('radio', { name: en['writeChanged.changed'], exact: true })).toBeChecked();
  await expect(mode).toContainText(en['writeChanged.changedHint']);

  await runButton(page, 'restore').click();
  await connectFromDialog(page);
  await confirmRestore(page);
  await expect(result(page, 'restore').locator('p').first()).toHaveText(`Done: ${en['writeChanged.none']({ sectors: 256, md5 })}`, { timeout: 60_000 });
  expect(sameBytes(await readFlashBytes(page), restored)).toBe('identical');

  // The settings sectors broke: only those four are written, and the flash is the backup again.
  const broken = restored.slice();
  broken.fill(0x00, 0xfb000, 0xff000);
  await loadFlash(page, broken);
  await resetCounters(page);
  await runRestore(page);
  await expect(result(page, 'restore')).toContainText('4 of 256 sectors differed; 16 KB written in ', { timeout: 60_000 });
  await expect(result(page, 'restore')).toContainText(`; flash MD5 verified (${md5}).`);
  expect(sameBytes(await readFlashBytes(page), restored)).toBe('identical');
  expect((await counters(page)).bytesToDevice).toBeLessThan(20_000);

  // One click: the plain full write, as the command does, whatever the flash holds.
  await mode.getByRole('radio', { name: en['writeChanged.full'], exact: true }).check();
  await resetCounters(page);
  await runRestore(page);
  await expect(result(page, 'restore')).toContainText(/Wrote 1,048,576 bytes at 0x00000 in [\d.]+ s; flash MD5 verified/, { timeout: 60_000 });
  expect(sameBytes(await readFlashBytes(page), restored)).toBe('identical');
  expect((await counters(page)).bytesToDevice).toBeGreaterThan(400_000);
});

test('a firmware written over the same firmware: only the sector whose header the command patches differs', async ({ page }) => {
  const image = firmwareLike(300 * 1024, 4);
  const before = new Uint8Array(MB).fill(0xff);
  before.set(image);
  await installVirtualSonoff(page, { seed: 13, flash: before });
  await page.goto('/');
  await pickFile(page, 'write-firmware', 'sonoff.bin', image);
  await runButton(page, 'write-firmware').click();
  await connectFromDialog(page);
  await expect(result(page, 'write-firmware')).toContainText('1 of 75 sectors differed; 4 KB written in ', { timeout: 30_000 });
  const expected = before.slice();
  expected.set(withHeader(image, 0x03, 0x2));
  expect(sameBytes(await readFlashBytes(page), expected)).toBe('identical');
});
