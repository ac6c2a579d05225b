/**
 * esptool-js 0.7.0's own ESPLoader over the virtual port, with no flasher
 * code in between: what the library sees is what a browser would.
 */
import { ESPLoader, Transport, type IEspLoaderTerminal } from 'esptool-js';
import SparkMD5 from 'spark-md5';
import { describe, expect, it } from 'vitest';
import { firmwareLike } from '../flasher/test-images.ts';
import { VirtualSonoff } from './index.ts';

const MB = 1024 * 1024;
const md5 = (bytes: Uint8Array): string => SparkMD5.ArrayBuffer.hash(bytes.slice().buffer as ArrayBuffer);

function loaderFor(sonoff: VirtualSonoff, baudrate = 115200): { loader: ESPLoader; transport: Transport; log: string[] } {
  const log: string[] = [];
  const terminal: IEspLoaderTerminal = { clean: () => undefined, write: (d) => void log.push(d), writeLine: (d) => void log.push(d) };
  const transport = new Transport(sonoff.port as unknown as ConstructorParameters<typeof Transport>[0], false);
  transport.trace = () => undefined;
  const loader = new ESPLoader({ transport, baudrate, romBaudrate: 115200, terminal, debugLogging: false });
  return { loader, transport, log };
}

describe('esptool-js ESPLoader against the virtual Sonoff', () => {
  it('connects, erases, writes -fm dout -fs detect with MD5 verify, reads 1 MB back, and restores', { timeout: 120_000 }, async () => {
    const sonoff = new VirtualSonoff({ seed: 21, buttonHeld: true, timing: 'instant' });
    const factory = sonoff.readFlash();
    const { loader, transport, log } = loaderFor(sonoff);

    expect(await loader.main('no_reset')).toBe('ESP8266EX');
    expect(await loader.chip.readMac(loader)).toBe(sonoff.mac);
    expect(await loader.detectFlashSize()).toBe('1MB');
    expect(log.join('\n')).toContain('Crystal is 26MHz');
    expect(sonoff.stubRunning).toBe(true);

    await loader.eraseFlash();
    expect(sonoff.readFlash().every((b) => b === 0xff)).toBe(true);

    const firmware = firmwareLike(200_001, 5); // odd length: esptool-js pads to 4
    const md5Of = (image: Uint8Array): string => md5(image);
    await loader.writeFlash({ fileArray: [{ data: firmware, address: 0 }], flashSize: 'detect', flashMode: 'dout', flashFreq: 'keep', eraseAll: false, compress: true, calculateMD5Hash: md5Of });
    const flash = sonoff.readFlash();
    expect([flash[0], flash[1], flash[2], flash[3]]).toEqual([0xe9, firmware[1], 0x03, 0x2f]); // dout, 1MB, 80m kept from the file's 0x0F
    expect(flash.subarray(4, firmware.length)).toEqual(firmware.subarray(4));
    expect(flash.subarray(firmware.length).every((b) => b === 0xff)).toBe(true);
    expect(await loader.flashMd5sum(0, firmware.length + 3)).toBe(md5(flash.subarray(0, firmware.length + 3)));

    const backup = await loader.readFlash(0, MB);
    expect(backup).toEqual(sonoff.readFlash());

    await loader.writeFlash({ fileArray: [{ data: factory, address: 0 }], flashSize: 'keep', flashMode: 'keep', flashFreq: 'keep', eraseAll: false, compress: true, calculateMD5Hash: md5Of });
    expect(sonoff.readFlash()).toEqual(factory);
    expect(sonoff.norViolations).toBe(0);
    await transport.disconnect();
  });

  it('follows a baud change by reopening the port (Chrome has no in-place change) and reads at 921600', { timeout: 60_000 }, async () => {
    const sonoff = new VirtualSonoff({ seed: 22, buttonHeld: true, timing: 'instant' });
    const { loader, transport } = loaderFor(sonoff, 921600);
    await loader.main('no_reset');
    expect(sonoff.chip.uartDivider).toBe(56); // the stub's 451 × 115200 / 921600
    expect(Math.round(sonoff.baud)).toBe(928571);
    expect(sonoff.port.baudRate).toBe(921600);
    expect(sonoff.port.opens).toBe(2);
    expect(await loader.readFlash(0xfc000, 0x4000)).toEqual(sonoff.readFlash().subarray(0xfc000));
    await transport.disconnect();
  });

  it('cannot come back from 921600 to 115200 with its own changeBaud: the stub it uploads assumes it is at 115200', { timeout: 60_000 }, async () => {
    const sonoff = new VirtualSonoff({ seed: 22, buttonHeld: true, timing: 'instant' });
    const { loader, transport, log } = loaderFor(sonoff, 921600);
    await loader.main('no_reset');
    Reflect.set(loader, 'baudrate', 115200); // what changeBaud() moves to (private in its typings)
    const outcome = await loader.changeBaud().then(() => 'ok', (error: unknown) => String(error));
    // It takes the silence for a reset, tries to sync at 115200 and fails: the stub is still at ~928571 baud.
    expect(log.join('\n')).toContain('Continuing at 115200 baud');
    expect(outcome).toMatch(/Failed to connect/);
    expect(sonoff.chip.uartDivider).toBe(56);
    expect(sonoff.stubRunning).toBe(true);
    await transport.disconnect().catch(() => undefined);
  });

  it('with DTR/RTS wired, the classic reset sequence enters the loader without the button', { timeout: 30_000 }, async () => {
    const sonoff = new VirtualSonoff({ seed: 23, buttonHeld: false, autoReset: true, timing: 'instant' });
    expect(sonoff.mode).toBe('firmware');
    const resets = sonoff.chip.resets;
    const { loader, transport } = loaderFor(sonoff);
    await loader.connect('default_reset', 3, true);
    expect(sonoff.mode).toBe('rom-loader');
    expect(sonoff.chip.resets).toBeGreaterThan(resets);
    expect(sonoff.consoleText).toContain('rst cause:2, boot mode:(1,7)');
    expect(loader.chip.CHIP_NAME).toBe('ESP8266');
    await transport.disconnect();
  });

  it('on a 4-wire cable setSignals reaches nothing: without the button, connecting times out instead of hanging', { timeout: 30_000 }, async () => {
    const sonoff = new VirtualSonoff({ seed: 24, buttonHeld: false, timing: 'instant' });
    const { loader, transport } = loaderFor(sonoff);
    const started = Date.now();
    await expect(loader.connect('default_reset', 2, true)).rejects.toThrow(/Failed to connect/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(sonoff.mode).toBe('firmware');
    await transport.disconnect();
  });
});
