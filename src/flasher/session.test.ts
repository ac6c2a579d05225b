/**
 * connect + run against a minimal fake ESP8266 (fake-esp8266.ts): the
 * flasher's own behaviour, independent of the virtual device.
 */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../steps/command-text.ts';
import type { FlasherEvent } from './events.ts';
import { FakeEsp8266 } from './fake-esp8266.ts';
import { connect, isFlasherError } from './index.ts';
import { esp8266Image } from './test-images.ts';

const MB = 1024 * 1024;

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
  throw new Error('expected a FlasherError');
}

describe('flasher over a fake ESP8266', () => {
  it('connects, reads what the panel shows, and runs erase, write, read', async () => {
    const device = new FakeEsp8266();
    const { events, onEvent } = recorder();
    const session = await connect(device.port, { baud: 115200, autoReset: false, waitForFlashModeMs: 2000, onEvent });
    expect(session.device).toEqual({ chip: 'ESP8266EX', mac: '18:fe:34:aa:bb:cc', flashId: 0x14405e, flashSizeBytes: MB, crystalMhz: 26, baud: 115200 });
    expect(events.some((e) => e.type === 'log')).toBe(true);

    const erase = await session.run(parseCommand('esptool.py --port COM8 --baud 115200 erase_flash'), new Map(), onEvent);
    expect(erase.verified).toBe(true);

    const image = esp8266Image({ sizeFreq: 0x0f, trailingBytes: 5001 });
    const write = await session.run(parseCommand('esptool.py --port COM8 --baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin'), new Map([['sonoff.bin', image]]), onEvent);
    expect(write.summary).toMatch(/^Wrote [\d,]+ bytes at 0x00000 in \d+\.\d s; flash MD5 verified \([0-9a-f]{8}…\)$/);
    expect([device.flash[2], device.flash[3]]).toEqual([0x03, 0x2f]);
    const padded = Math.ceil(image.length / 4) * 4;
    expect(device.flash.subarray(4, image.length)).toEqual(image.subarray(4));
    expect(device.flash.subarray(image.length, padded + 8).every((b) => b === 0xff)).toBe(true);

    const read = await session.run(parseCommand('esptool.py --port COM8 --baud 115200 read_flash 0x00000 0x100000 backup.bin'), new Map(), onEvent);
    expect('data' in read && read.data).toEqual(device.flash);
    expect(events.filter((e) => e.type === 'progress').length).toBeGreaterThan(2);
    await session.disconnect();
    expect(device.port.readable).toBeNull();
  });

  it('refuses a second operation while one runs', async () => {
    const device = new FakeEsp8266();
    const { onEvent } = recorder();
    const session = await connect(device.port, { baud: 115200, autoReset: false, waitForFlashModeMs: 2000, onEvent });
    const first = session.eraseFlash(onEvent);
    expect(session.busy).toBe(true);
    expect((await failure(session.eraseFlash(onEvent))).code).toBe('busy');
    await first;
    expect(session.busy).toBe(false);
    await session.disconnect();
  });

  it('honours a command whose --baud differs from the connection, inside the same exclusive run', async () => {
    const device = new FakeEsp8266();
    const { onEvent } = recorder();
    const session = await connect(device.port, { baud: 115200, autoReset: false, waitForFlashModeMs: 2000, onEvent });
    const running = session.run(parseCommand('esptool.py --port COM8 --baud 460800 erase_flash'), new Map(), onEvent);
    expect((await failure(session.eraseFlash(onEvent))).code).toBe('busy');
    await running;
    expect(session.device.baud).toBe(460800);
    await session.disconnect();
  });

  it('keeps trying until the person enters flash mode, with a countdown', async () => {
    const device = new FakeEsp8266({ inFlashMode: false });
    const { events, onEvent } = recorder();
    setTimeout(() => device.enterFlashMode(), 1500);
    const session = await connect(device.port, { baud: 115200, autoReset: false, waitForFlashModeMs: 5000, onEvent });
    expect(events.filter((e) => e.type === 'countdown').length).toBeGreaterThanOrEqual(2);
    await session.disconnect();
  });

  it('gives up with no-answer and the causes, and releases the port', async () => {
    const device = new FakeEsp8266({ inFlashMode: false });
    const started = Date.now();
    const error = await failure(connect(device.port, { baud: 115200, autoReset: false, waitForFlashModeMs: 1200, onEvent: () => {} }));
    expect(error.code).toBe('no-answer');
    expect(error.message).toMatch(/not in flash mode.*TX and RX are swapped.*5 V.*baud/);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(device.port.readable).toBeNull();
  });

  it('stops waiting when aborted', async () => {
    const device = new FakeEsp8266({ inFlashMode: false });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const error = await failure(connect(device.port, { baud: 115200, autoReset: false, waitForFlashModeMs: 10_000, signal: controller.signal, onEvent: () => {} }));
    expect(error.code).toBe('cancelled');
    expect(device.port.readable).toBeNull();
  });

  it('says port-busy when the port is already open', async () => {
    const device = new FakeEsp8266();
    await device.port.open({ baudRate: 9600 });
    expect((await failure(connect(device.port, { baud: 115200, autoReset: false, onEvent: () => {} }))).code).toBe('port-busy');
  });

  it('names another chip', async () => {
    const device = new FakeEsp8266({ magic: 0x00f01d83 });
    const error = await failure(connect(device.port, { baud: 115200, autoReset: false, waitForFlashModeMs: 1000, onEvent: () => {} }));
    expect(error.code).toBe('wrong-chip');
    expect(error.message).toBe('The device is an ESP32, not the ESP8266 of a Sonoff POW.');
  });

  it('changes to 921600, and falls back to 115200 with a warning when the link fails there', async () => {
    const fast = new FakeEsp8266();
    const session = await connect(fast.port, { baud: 921600, autoReset: false, waitForFlashModeMs: 1000, onEvent: () => {} });
    expect(session.device.baud).toBe(921600);
    await session.disconnect();

    // The adapter cannot carry 921600: the 4-wire cable cannot reset, so the person re-enters flash mode.
    const slow = new FakeEsp8266({ maxBaud: 460800 });
    const { events, onEvent } = recorder();
    const person = (event: FlasherEvent) => {
      onEvent(event);
      if (event.type === 'phase' && event.phase === 'waiting-for-flash-mode' && events.some((e) => e.type === 'warning')) setTimeout(() => slow.enterFlashMode(), 200);
    };
    const fallback = await connect(slow.port, { baud: 921600, autoReset: false, waitForFlashModeMs: 3000, onEvent: person });
    expect(fallback.device.baud).toBe(115200);
    expect(events).toContainEqual({ type: 'warning', code: 'baud-failed', message: 'The link failed at 921600 baud; continuing at 115200.' });
    await fallback.eraseFlash(onEvent);
    await fallback.disconnect();
  });

  it('maps an unplug mid-write to device-lost and a damaged block to verify-failed', async () => {
    const image = esp8266Image({ trailingBytes: 200_000 });
    const files = new Map([['sonoff.bin', image]]);
    const command = parseCommand('esptool.py --port COM8 --baud 115200 write_flash -fs 1MB -fm dio 0x00000 sonoff.bin');

    const unplugged = new FakeEsp8266();
    const s1 = await connect(unplugged.port, { baud: 115200, autoReset: false, waitForFlashModeMs: 1000, onEvent: () => {} });
    unplugged.unplugAfterHostBytes = 0;
    const lost = await failure(s1.run(command, files, () => {}));
    expect(lost.code).toBe('device-lost');
    expect(lost.action).toMatch(/not bricked/);
    await s1.disconnect();

    const noisy = new FakeEsp8266();
    const s2 = await connect(noisy.port, { baud: 115200, autoReset: false, waitForFlashModeMs: 1000, onEvent: () => {} });
    const { events, onEvent } = recorder();
    // A bit flips in the first compressed data block (after the FLASH_DEFL_BEGIN frame).
    noisy.corruptHostByte = noisy.hostBytes + 600;
    const damaged = await failure(s2.run(command, files, onEvent));
    expect(damaged.message).toMatch(/bad checksum, status 0xC1/);
    expect(['verify-failed', 'device-lost']).toContain(damaged.code);
    expect(events.some((e) => e.type === 'phase' && e.phase === 'finished')).toBe(false);
    await s2.disconnect();
  });
});
