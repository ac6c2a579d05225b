/**
 * The virtual Sonoff in a real browser: the fixture's bundle installs
 * navigator.serial before page scripts, and a page can SYNC with the ROM
 * over the virtual port. Needs no built site (the page is served by route).
 */
import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { flashMd5, installVirtualSonoff, loadFlash, readFlashBytes } from './fixtures/virtual-serial.ts';

const PAGE = 'http://virtual-sonoff.localhost/';

test.beforeEach(async ({ page }) => {
  await page.route(`${PAGE}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>virtual</title><p>virtual</p>' }));
});

test('installs navigator.serial and answers SYNC from the ROM loader over the port', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 5, buttonHeld: true });
  await page.goto(PAGE);
  const result = await page.evaluate(async () => {
    const serial = (navigator as unknown as { serial: { requestPort(): Promise<{ open(o: { baudRate: number }): Promise<void>; readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array>; getInfo(): object; close(): Promise<void> }> } }).serial;
    const port = await serial.requestPort();
    await port.open({ baudRate: 115200 });
    const sync = [0x00, 0x08, 36, 0, 0, 0, 0, 0, 0x07, 0x07, 0x12, 0x20, ...new Array<number>(32).fill(0x55)];
    const writer = port.writable.getWriter();
    await writer.write(Uint8Array.from([0xc0, ...sync, 0xc0]));
    writer.releaseLock();
    const reader = port.readable.getReader();
    const bytes: number[] = [];
    while (bytes.length < 96) {
      const { value, done } = await reader.read();
      if (done || !value) break;
      bytes.push(...value);
    }
    reader.releaseLock();
    await port.close();
    return { info: port.getInfo(), length: bytes.length, head: bytes.slice(0, 4), mode: window.__virtualSonoff!.state().mode };
  });
  expect(result).toEqual({ info: { usbVendorId: 0x1a86, usbProductId: 0x7523 }, length: 96, head: [0xc0, 0x01, 0x08, 0x02], mode: 'rom-loader' });
});

test('reads, hashes and replaces the flash from Node', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 5 });
  await page.goto(PAGE);
  const flash = await readFlashBytes(page);
  expect(flash.length).toBe(1024 * 1024);
  expect(flash[0]).toBe(0xe9);
  expect(await flashMd5(page)).toBe(createHash('md5').update(flash).digest('hex'));
  const blank = new Uint8Array(1024 * 1024).fill(0xff);
  await loadFlash(page, blank);
  expect(await flashMd5(page)).toBe(createHash('md5').update(blank).digest('hex'));
});

test('models a cancelled chooser and a busy port', async ({ page }) => {
  await installVirtualSonoff(page, { seed: 5, requestPort: 'cancel' });
  await page.goto(PAGE);
  const cancelled = await page.evaluate(() => (navigator as unknown as { serial: { requestPort(): Promise<unknown> } }).serial.requestPort().then(() => 'granted', (e: DOMException) => e.name));
  expect(cancelled).toBe('NotFoundError');
  await page.evaluate(() => window.__virtualSonoff!.setRequestPort('busy'));
  const busy = await page.evaluate(async () => {
    const port = (await (navigator as unknown as { serial: { requestPort(): Promise<{ open(o: { baudRate: number }): Promise<void> }> } }).serial.requestPort());
    return port.open({ baudRate: 115200 }).then(() => 'opened', (e: DOMException) => e.name);
  });
  expect(busy).toBe('NetworkError');
});
