import { describe, expect, it } from 'vitest';
import { createVirtualSerial, VirtualSonoff } from './index.ts';
import { slipEncode } from './slip.ts';
import { SYNC_DATA } from './test-host.ts';

const syncFrame = slipEncode(Uint8Array.from([0x00, 0x08, 36, 0, 0, 0, 0, 0, ...SYNC_DATA]));

async function readAtLeast(port: VirtualSonoff['port'], count: number): Promise<Uint8Array> {
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

describe('virtual Web Serial port', () => {
  it('identifies as a CH340 and refuses a second open with InvalidStateError', async () => {
    const sonoff = new VirtualSonoff({ seed: 1, buttonHeld: true });
    expect(sonoff.port.getInfo()).toEqual({ usbVendorId: 0x1a86, usbProductId: 0x7523 });
    expect(sonoff.port.readable).toBeNull();
    await sonoff.port.open({ baudRate: 115200 });
    await expect(sonoff.port.open({ baudRate: 115200 })).rejects.toMatchObject({ name: 'InvalidStateError' });
    await sonoff.port.close();
    await expect(sonoff.port.close()).rejects.toMatchObject({ name: 'InvalidStateError' });
  });

  it('carries SLIP both ways over real streams, with a new readable after a cancel and after reopening', async () => {
    const sonoff = new VirtualSonoff({ seed: 1, buttonHeld: true });
    const port = sonoff.port;
    await port.open({ baudRate: 115200 });
    const first = port.readable;
    const writer = port.writable!.getWriter();
    await writer.write(syncFrame);
    writer.releaseLock();
    expect((await readAtLeast(port, 8 * 12)).length).toBe(96);
    await first!.cancel();
    expect(port.readable).not.toBe(first);
    await port.close();
    await port.open({ baudRate: 115200 });
    expect(port.readable).not.toBeNull();
    expect(port.readable).not.toBe(first);
    await port.close();
  });

  it('refuses to close while a reader holds the stream', async () => {
    const sonoff = new VirtualSonoff({ seed: 1, buttonHeld: true });
    await sonoff.port.open({ baudRate: 115200 });
    const reader = sonoff.port.readable!.getReader();
    await expect(sonoff.port.close()).rejects.toThrow(TypeError);
    await reader.cancel();
    reader.releaseLock();
    await sonoff.port.close();
  });

  it('errors the streams like a real unplug: NetworkError, then readable and writable are null', async () => {
    const sonoff = new VirtualSonoff({ seed: 1, buttonHeld: true });
    await sonoff.port.open({ baudRate: 115200 });
    const reader = sonoff.port.readable!.getReader();
    sonoff.faults.unplugAfterBytes(10);
    const writer = sonoff.port.writable!.getWriter();
    await writer.write(syncFrame);
    await expect(reader.read()).rejects.toMatchObject({ name: 'NetworkError' });
    expect(sonoff.port.readable).toBeNull();
    expect(sonoff.port.writable).toBeNull();
    await expect(sonoff.port.open({ baudRate: 115200 })).rejects.toMatchObject({ name: 'NetworkError' });
    sonoff.replug();
    await sonoff.port.open({ baudRate: 115200 });
  });

  it('provides navigator.serial: a cancelled chooser, a busy port, and a granted one', async () => {
    const sonoff = new VirtualSonoff({ seed: 1, buttonHeld: true });
    const serial = createVirtualSerial(sonoff, sonoff.port);
    expect(await serial.getPorts()).toEqual([]);
    serial.behaviour = 'cancel';
    await expect(serial.requestPort()).rejects.toMatchObject({ name: 'NotFoundError' });
    serial.behaviour = 'busy';
    const busy = await serial.requestPort({ filters: [{ usbVendorId: 0x1a86 }] });
    await expect(busy.open({ baudRate: 115200 })).rejects.toMatchObject({ name: 'NetworkError' });
    serial.behaviour = 'in-use-by-tab';
    await expect((await serial.requestPort()).open({ baudRate: 115200 })).rejects.toMatchObject({ name: 'InvalidStateError' });
    serial.behaviour = 'grant';
    await expect(serial.requestPort({ filters: [{ usbVendorId: 0x10c4 }] })).rejects.toMatchObject({ name: 'NotFoundError' });
    const port = await serial.requestPort();
    await port.open({ baudRate: 115200 });
    expect(await serial.getPorts()).toEqual([port]);
    await port.close();
  });

  it('without autoReset wiring setSignals leaves the chip alone; with it, RTS alone holds it in reset', async () => {
    const plain = new VirtualSonoff({ seed: 1 });
    await plain.port.open({ baudRate: 115200 });
    await plain.port.setSignals({ dataTerminalReady: false, requestToSend: true });
    expect(plain.mode).toBe('firmware');
    const wired = new VirtualSonoff({ seed: 1, autoReset: true });
    await wired.port.open({ baudRate: 115200 });
    await wired.port.setSignals({ dataTerminalReady: false, requestToSend: true });
    expect(wired.mode).toBe('reset');
    await wired.port.setSignals({ dataTerminalReady: true, requestToSend: false }); // EN released, GPIO0 low
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(wired.mode).toBe('rom-loader');
  });

  it('with realTiming paces bytes at 10 bits per byte: a SYNC exchange at 115200 takes its 12 ms', async () => {
    const sonoff = new VirtualSonoff({ seed: 1, buttonHeld: true, realTiming: true });
    await sonoff.port.open({ baudRate: 115200 });
    const started = Date.now();
    const writer = sonoff.port.writable!.getWriter();
    await writer.write(syncFrame);
    writer.releaseLock();
    await readAtLeast(sonoff.port, 96);
    const elapsed = Date.now() - started;
    // 46 bytes up, then 96 bytes down, at 11520 bytes/s: 12.3 ms (timers may fire a ms early)
    expect(elapsed).toBeGreaterThanOrEqual(10);
    expect(elapsed).toBeLessThan(2000);
  });
});
