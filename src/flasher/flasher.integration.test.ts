/**
 * The flasher against the virtual Sonoff POW (src/virtual-device): the guide's
 * four steps end to end, the person's timing at the button, and the faults.
 */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../steps/command-text.ts';
import { VirtualSonoff } from '../virtual-device/index.ts';
import type { SerialPortLike } from './api.ts';
import type { FlasherEvent } from './events.ts';
import { connect, isFlasherError, type FlasherSession, type ReadResult } from './index.ts';
import { prepareImage } from './image.ts';
import { firmwareLike } from './test-images.ts';

type VirtualSonoffOptions = ConstructorParameters<typeof VirtualSonoff>[0];

/** Compile-time proof that the virtual port satisfies the flasher's SerialPortLike. */
const portOf = (sonoff: VirtualSonoff): SerialPortLike => sonoff.port;

const MB = 1024 * 1024;
const cmd = (text: string) => parseCommand(`esptool.py --port COM8 ${text}`);

function device(options: Partial<VirtualSonoffOptions> = {}): VirtualSonoff {
  return new VirtualSonoff({ seed: 7, buttonHeld: true, powered: true, ...options });
}

function recorder() {
  const events: FlasherEvent[] = [];
  return { events, onEvent: (event: FlasherEvent) => void events.push(event) };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isFlasherError(error)) return error;
    throw error;
  }
  throw new Error('expected a FlasherError, got success');
}

async function connected(sonoff: VirtualSonoff, baud = 115200): Promise<FlasherSession> {
  return connect(portOf(sonoff), { baud, autoReset: false, waitForFlashModeMs: 3000, onEvent: () => {} });
}

describe('flasher over the virtual Sonoff POW', () => {
  it('runs the guide: erase, write -fs detect -fm dout, back up 1 MB, restore -fs 1MB -fm dio', { timeout: 120_000 }, async () => {
    const sonoff = device();
    const { events, onEvent } = recorder();
    const session = await connect(portOf(sonoff), { baud: 115200, autoReset: false, waitForFlashModeMs: 3000, onEvent });
    expect(session.device).toMatchObject({ chip: 'ESP8266EX', mac: sonoff.mac, flashSizeBytes: MB, baud: 115200 });

    const erase = await session.run(cmd('--baud 115200 erase_flash'), new Map(), onEvent);
    expect(erase.verified).toBe(true);
    expect(sonoff.readFlash().every((b) => b === 0xff)).toBe(true);

    const firmware = firmwareLike(412_337, 3);
    const write = await session.run(cmd('--baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin'), new Map([['sonoff.bin', firmware]]), onEvent);
    const written = prepareImage(firmware, 0, { flashSize: '1MB', flashMode: 'dout', flashFreq: 'keep' });
    expect([written[2], written[3]]).toEqual([0x03, 0x2f]);
    const flash = sonoff.readFlash();
    expect(flash.subarray(0, written.length)).toEqual(written);
    expect(flash.subarray(written.length).every((b) => b === 0xff)).toBe(true);
    expect(write.summary).toMatch(/^Wrote 412,340 bytes at 0x00000 in \d+\.\d s; flash MD5 verified \([0-9a-f]{8}…\)$/);
    expect(write.verified).toBe(true);

    const backup = (await session.run(cmd('--baud 115200 read_flash 0x00000 0x100000 sonoff-backup.bin'), new Map(), onEvent)) as ReadResult;
    expect(backup.data).toEqual(sonoff.readFlash());
    expect(backup.verified).toBe(true);

    const restored = backup.data.slice();
    await session.run(cmd('--baud 115200 write_flash -fs 1MB -fm dio 0x00000 sonoff-backup.bin'), new Map([['sonoff-backup.bin', restored]]), onEvent);
    const after = sonoff.readFlash();
    expect([after[2], after[3]]).toEqual([0x02, 0x2f]);
    expect(after.subarray(4)).toEqual(restored.subarray(4));
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    await session.disconnect();
  });

  it('waits while the person presses the button late', { timeout: 30_000 }, async () => {
    const sonoff = device({ buttonHeld: false });
    const { events, onEvent } = recorder();
    setTimeout(() => {
      sonoff.pressButton();
      void Promise.resolve(sonoff.powerCycle({ buttonHeld: true })).then(() => sonoff.releaseButton());
    }, 2000);
    const session = await connect(portOf(sonoff), { baud: 115200, autoReset: false, waitForFlashModeMs: 10_000, onEvent });
    expect(events.filter((e) => e.type === 'countdown').length).toBeGreaterThanOrEqual(2);
    expect(session.device.mac).toBe(sonoff.mac);
    await session.disconnect();
  });

  it('gives up with no-answer when the button is never pressed', { timeout: 30_000 }, async () => {
    const sonoff = device({ buttonHeld: false });
    const started = Date.now();
    const error = await failure(connect(portOf(sonoff), { baud: 115200, autoReset: false, waitForFlashModeMs: 1500, onEvent: () => {} }));
    expect(error.code).toBe('no-answer');
    expect(error.message).toMatch(/flash mode/);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('says device-lost when unplugged mid-write', { timeout: 60_000 }, async () => {
    const sonoff = device();
    const session = await connected(sonoff);
    sonoff.faults.unplugAfterBytes(60_000);
    const error = await failure(session.run(cmd('--baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin'), new Map([['sonoff.bin', firmwareLike(300_000)]]), () => {}));
    expect(error.code).toBe('device-lost');
    expect(error.action).toMatch(/not bricked/);
    await session.disconnect();
  });

  it('never reports success when a byte is damaged on the way to the device', { timeout: 60_000 }, async () => {
    const sonoff = device();
    const session = await connected(sonoff);
    sonoff.faults.corruptByte({ direction: 'to-device', offset: 20_000 });
    const firmware = firmwareLike(300_000);
    const { events, onEvent } = recorder();
    const outcome = await session
      .run(cmd('--baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin'), new Map([['sonoff.bin', firmware]]), onEvent)
      .then((result) => ({ result }), (error: unknown) => ({ error }));
    if ('result' in outcome) {
      // Only acceptable if the flash really holds the image (the stub refused and nothing was retried silently).
      const written = prepareImage(firmware, 0, { flashSize: '1MB', flashMode: 'dout', flashFreq: 'keep' });
      expect(sonoff.readFlash().subarray(0, written.length)).toEqual(written);
    } else {
      expect(isFlasherError(outcome.error)).toBe(true);
      expect(['verify-failed', 'device-lost']).toContain((outcome.error as { code: string }).code);
      expect(events.some((e) => e.type === 'phase' && e.phase === 'finished')).toBe(false);
    }
    await session.disconnect();
  });

  it('names the stub error of a damaged block', { timeout: 60_000 }, async () => {
    const sonoff = device();
    const session = await connected(sonoff);
    sonoff.faults.corruptByte({ direction: 'to-device', offset: 20_000 });
    const error = await failure(session.run(cmd('--baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin'), new Map([['sonoff.bin', firmwareLike(300_000)]]), () => {}));
    await session.disconnect();
    expect(error.code).toBe('verify-failed');
    expect(error.message).toMatch(/bad checksum, status 0xC1/);
  });

  it('runs at 921600', { timeout: 60_000 }, async () => {
    const sonoff = device();
    const session = await connected(sonoff, 921600);
    expect(session.device.baud).toBe(921600);
    const backup = (await session.run(cmd('--baud 921600 read_flash 0x00000 0x100000 b.bin'), new Map(), () => {})) as ReadResult;
    expect(backup.data).toEqual(sonoff.readFlash());
    await session.disconnect();
  });

  it('refuses, before a byte is sent, an image that fits the flash but not from its address', { timeout: 60_000 }, async () => {
    const sonoff = device();
    const before = sonoff.readFlash();
    const session = await connected(sonoff);
    sonoff.counters.reset();
    const error = await failure(session.run(cmd('--baud 115200 write_flash 0x80000 sonoff.bin'), new Map([['sonoff.bin', firmwareLike(600 * 1024, 2)]]), () => {}));
    expect(error.code).toBe('bad-image');
    expect(error.message).toBe('sonoff.bin (600 KB) fits the 1 MB flash but not from 0x80000: only 512 KB remain there.');
    expect(sonoff.counters.snapshot().framesToDevice).toBe(0);
    expect(sonoff.readFlash()).toEqual(before);
    await session.disconnect();
  });

  it('with DTR/RTS wired, resets into the loader by itself and, at the end, into the new firmware', { timeout: 60_000 }, async () => {
    const sonoff = device({ buttonHeld: false, autoReset: true });
    expect(sonoff.mode).not.toBe('rom-loader');
    const session = await connect(portOf(sonoff), { baud: 115200, autoReset: true, waitForFlashModeMs: 5000, onEvent: () => {} });
    expect(sonoff.stubRunning).toBe(true);
    expect(session.hardReset).toBeDefined();
    await session.hardReset!();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sonoff.mode).toBe('firmware');
    expect(sonoff.stubRunning).toBe(false);
  });

  it('falls back to 115200 with a warning when the cable fails at 921600, once the person re-enters flash mode', { timeout: 60_000 }, async () => {
    const sonoff = device({ maxCleanBaud: 460800 });
    const warnings: string[] = [];
    const session = await connect(portOf(sonoff), {
      baud: 921600,
      autoReset: false,
      waitForFlashModeMs: 10_000,
      onEvent: (event) => {
        if (event.type !== 'warning') return;
        warnings.push(event.message);
        // The stub is stranded at 921600 on a 4-wire cable: the person power-cycles with the button held.
        if (event.code === 'baud-failed') setTimeout(() => sonoff.powerCycle({ buttonHeld: true }), 300);
      },
    });
    expect(warnings).toContain('The link failed at 921600 baud; continuing at 115200.');
    expect(session.device.baud).toBe(115200);
    const backup = (await session.run(cmd('--baud 115200 read_flash 0x00000 0x100000 b.bin'), new Map(), () => {})) as ReadResult;
    expect(backup.data).toEqual(sonoff.readFlash());
    await session.disconnect();
  });
});
