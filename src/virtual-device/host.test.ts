/**
 * The computer's side: Web Serial's port objects and permissions across a
 * replug for each adapter, the buffers between the chip and the page, the
 * adapters' USB latency and rates.
 */
import { ESPLoader, Transport, type IEspLoaderTerminal } from 'esptool-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADAPTERS, VirtualSonoff, type AdapterKind, type VirtualSerialPort } from './index.ts';
import { slipEncode } from './slip.ts';
import { SYNC_DATA } from './test-host.ts';

const syncFrame = slipEncode(Uint8Array.from([0x00, 0x08, 36, 0, 0, 0, 0, 0, ...SYNC_DATA]));
const readRegFrame = slipEncode(Uint8Array.from([0x00, 0x0a, 4, 0, 0, 0, 0, 0, 0x00, 0x10, 0x00, 0x40]));

async function readAtLeast(port: VirtualSerialPort, count: number): Promise<Uint8Array> {
  const reader = port.readable!.getReader();
  const out: number[] = [];
  while (out.length < count) {
    const { value, done } = await reader.read();
    if (done || !value) break;
    out.push(...value);
  }
  reader.releaseLock();
  return Uint8Array.from(out);
}

async function write(port: VirtualSerialPort, bytes: Uint8Array): Promise<void> {
  const writer = port.writable!.getWriter();
  await writer.write(bytes);
  writer.releaseLock();
}

const quietTerminal: IEspLoaderTerminal = { clean: () => undefined, write: () => undefined, writeLine: () => undefined };

afterEach(() => {
  vi.useRealTimers();
});

describe('SerialPort.open as Chromium checks it', () => {
  it('refuses bad options with TypeError, a second open with InvalidStateError, a busy port with NetworkError', async () => {
    const sonoff = new VirtualSonoff({ seed: 1, buttonHeld: true, timing: 'instant' });
    const port = sonoff.port;
    await expect(port.open({ baudRate: 0 })).rejects.toThrow(/baud rate must be greater than zero/);
    await expect(port.open({ baudRate: 115200, bufferSize: 0 })).rejects.toThrow(/buffer size \(0 bytes\) must be greater than zero/);
    await expect(port.open({ baudRate: 115200, bufferSize: 16 * 1024 * 1024 + 1 })).rejects.toThrow(/greater than the maximum allowed/);
    await expect(port.open({ baudRate: 115200, dataBits: 9 })).rejects.toThrow(/data bits must be 7 or 8/);
    await port.open({ baudRate: 115200 });
    expect(port.bufferSize).toBe(255);
    await expect(port.open({ baudRate: 115200 })).rejects.toMatchObject({ name: 'InvalidStateError' });
    await port.close();
    port.busy = 'NetworkError';
    await expect(port.open({ baudRate: 115200 })).rejects.toMatchObject({ name: 'NetworkError', message: 'Failed to open serial port.' });
  });

  it.each(Object.values(ADAPTERS).map((a) => [a.kind, a.usbVendorId, a.usbProductId] as const))('%s identifies with its USB ids', (kind, vid, pid) => {
    const sonoff = new VirtualSonoff({ seed: 1, adapter: kind, timing: 'instant' });
    expect(sonoff.port.getInfo()).toEqual({ usbVendorId: vid, usbProductId: pid });
  });
});

describe('unplugging and replugging the adapter', () => {
  it('destroys the open port: the reader gets NetworkError after the bytes already there, readable and writable become null, open() fails', async () => {
    const sonoff = new VirtualSonoff({ seed: 1, buttonHeld: true, timing: 'instant' });
    const port = sonoff.port;
    await port.open({ baudRate: 115200 });
    await write(port, syncFrame);
    const reader = port.readable!.getReader();
    sonoff.unplugUsb();
    const first = await reader.read();
    expect(first.value?.length).toBe(8 * 12); // the eight SYNC answers arrived before the cable came out
    await expect(reader.read()).rejects.toMatchObject({ name: 'NetworkError', message: 'The device has been lost.' });
    reader.releaseLock();
    expect(port.connected).toBe(false);
    expect(port.readable).toBeNull();
    expect(port.writable).toBeNull();
    expect(sonoff.powered).toBe(false);
    await port.close();
    await expect(port.open({ baudRate: 115200 })).rejects.toMatchObject({ name: 'NetworkError' });
  });

  it('CH340 (no serial number): after a replug there is a new port object, no connect event, and getPorts() forgets it until requestPort()', async () => {
    const sonoff = new VirtualSonoff({ seed: 1, adapter: 'ch340', timing: 'instant' });
    const events: string[] = [];
    sonoff.serial.addEventListener('connect', (e) => void events.push(`connect ${e.target === sonoff.port}`));
    sonoff.serial.addEventListener('disconnect', () => void events.push('disconnect'));
    const first = await sonoff.serial.requestPort();
    expect(await sonoff.serial.getPorts()).toEqual([first]);
    sonoff.unplugUsb();
    expect(await sonoff.serial.getPorts()).toEqual([]);
    await expect(sonoff.serial.requestPort()).rejects.toMatchObject({ name: 'NotFoundError' });
    sonoff.plugUsb();
    expect(sonoff.port).not.toBe(first);
    expect(events).toEqual(['disconnect']);
    expect(await sonoff.serial.getPorts()).toEqual([]);
    const again = await sonoff.serial.requestPort();
    expect(again).toBe(sonoff.port);
    expect(again.connected).toBe(true);
    expect(first.connected).toBe(false);
  });

  it.each(['cp2102', 'ft232r'] as const)('%s (serial number): a replugged adapter comes back by itself, with a connect event on the new port', async (adapter) => {
    const sonoff = new VirtualSonoff({ seed: 1, adapter, timing: 'instant' });
    const connected: unknown[] = [];
    sonoff.serial.addEventListener('connect', (e) => void connected.push(e.target));
    const first = await sonoff.serial.requestPort();
    sonoff.unplugUsb();
    expect(await sonoff.serial.getPorts()).toEqual([]);
    sonoff.plugUsb();
    expect(connected).toEqual([sonoff.port]);
    expect(await sonoff.serial.getPorts()).toEqual([sonoff.port]);
    expect(sonoff.port).not.toBe(first);
  });

  it('a write still waiting for room in the pipe is rejected with NetworkError when the adapter is unplugged', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const sonoff = new VirtualSonoff({ seed: 1, buttonHeld: true, timing: 'real' });
    const port = sonoff.port;
    await port.open({ baudRate: 115200 }); // the default 255-byte pipe: 16 KB takes ~1.4 s to fit
    const writer = port.writable!.getWriter();
    const written = writer.write(new Uint8Array(16 * 1024)).then(() => 'resolved', (error: DOMException) => error.name);
    await vi.advanceTimersByTimeAsync(200);
    sonoff.unplugUsb();
    await vi.advanceTimersByTimeAsync(3000);
    expect(await written).toBe('NetworkError');
  });

  it('pulling the 3.3 V wire restarts the board and keeps the port open', async () => {
    const sonoff = new VirtualSonoff({ seed: 1, buttonHeld: false, timing: 'instant' });
    const port = sonoff.port;
    await port.open({ baudRate: 115200 });
    expect(sonoff.mode).toBe('firmware');
    sonoff.powerCycle({ buttonHeld: true });
    expect(sonoff.mode).toBe('rom-loader');
    expect(port.connected).toBe(true);
    expect(port.readable).not.toBeNull();
    await write(port, syncFrame);
    expect((await readAtLeast(port, 96)).length).toBeGreaterThanOrEqual(96);
    await port.close();
  });
});

describe('the buffers between the chip and a page that reads late', () => {
  /** esptool-js connected to the stub, then a READ_FLASH whose 4 KB packet arrives while the page does not read. */
  async function packetWhileStalled(bufferSize: number): Promise<{ sonoff: VirtualSonoff; received: number }> {
    const sonoff = new VirtualSonoff({ seed: 3, buttonHeld: true, timing: 'instant' });
    const transport = new Transport(sonoff.port as unknown as ConstructorParameters<typeof Transport>[0], false);
    transport.trace = () => undefined;
    const loader = new ESPLoader({ transport, baudrate: 115200, romBaudrate: 115200, terminal: quietTerminal, serialOptions: { bufferSize } });
    await loader.main('no_reset');
    sonoff.faults.stallReading(1500);
    const request = Uint8Array.from([0x00, 0xd2, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x10, 0, 0, 0x00, 0x10, 0, 0, 1, 0, 0, 0]);
    await transport.write(request); // READ_FLASH 0x0 0x1000, packets of 4096
    await new Promise((r) => setTimeout(r, 1600));
    await transport.read(1000); // the answer
    // A packet that lost bytes may also have lost its closing 0xC0: then it never ends.
    const packet = await transport.read(1000).catch(() => new Uint8Array(0));
    expect(sonoff.port.bufferSize).toBe(bufferSize);
    await transport.disconnect();
    return { sonoff, received: packet.length };
  }

  it('with the default 255-byte bufferSize the packet loses bytes in the OS and adapter buffers', async () => {
    const { sonoff, received } = await packetWhileStalled(255);
    expect(sonoff.port.droppedBytes).toBeGreaterThan(2000);
    expect(received).toBeLessThan(4096);
  });

  it('with a bufferSize larger than a packet nothing is lost', async () => {
    const { sonoff, received } = await packetWhileStalled(64 * 1024);
    expect(sonoff.port.droppedBytes).toBe(0);
    expect(received).toBe(4096);
  });

  it('write() resolves once the bytes fit the outgoing pipe, not when they have left', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const sonoff = new VirtualSonoff({ seed: 3, buttonHeld: true, timing: 'real' });
    const timeWrite = async (bufferSize: number): Promise<number> => {
      const port = sonoff.port;
      await port.open({ baudRate: 115200, bufferSize });
      const started = Date.now();
      const writer = port.writable!.getWriter();
      let done = 0;
      const written = writer.write(new Uint8Array(16 * 1024)).then(() => (done = Date.now()));
      await vi.advanceTimersByTimeAsync(3000);
      await written;
      writer.releaseLock();
      await port.close();
      return done - started;
    };
    const small = await timeWrite(255);
    const large = await timeWrite(64 * 1024);
    expect(small).toBeGreaterThan(1300); // (16384 − 255) bytes × 10 bits at 115200 ≈ 1.4 s
    expect(large).toBe(0);
  });
});

describe('adapters', () => {
  it.each([
    ['ch340', 921600, 923077],
    ['ch340', 115200, 115385],
    ['ft232r', 921600, 923077],
    ['cp2102', 921600, 923077],
  ] as const)('%s runs %i baud at %i', (kind: AdapterKind, requested, actual) => {
    expect(Math.round(ADAPTERS[kind].actualBaud(requested))).toBe(actual);
  });

  it('an FTDI holds a short answer for its 16 ms latency timer; a CH340 sends it on the next frame', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const roundTrip = async (adapter: AdapterKind): Promise<number> => {
      const sonoff = new VirtualSonoff({ seed: 4, buttonHeld: true, adapter, timing: 'real' });
      const port = sonoff.port;
      await port.open({ baudRate: 115200 });
      await write(port, syncFrame);
      await vi.advanceTimersByTimeAsync(100);
      const reader = port.readable!.getReader();
      await reader.read(); // the SYNC answers
      const started = Date.now();
      const writer = port.writable!.getWriter();
      await writer.write(readRegFrame);
      writer.releaseLock();
      let arrived = 0;
      const answer = reader.read().then((result) => {
        arrived = Date.now();
        return result;
      });
      await vi.advanceTimersByTimeAsync(100);
      const { value } = await answer;
      const took = arrived - started;
      expect(value?.length).toBe(12); // C0, 8-byte header, 2 status bytes, C0
      reader.releaseLock();
      return took;
    };
    const ch340 = await roundTrip('ch340');
    const ftdi = await roundTrip('ft232r');
    expect(ftdi - ch340).toBeGreaterThanOrEqual(14);
  });
});
