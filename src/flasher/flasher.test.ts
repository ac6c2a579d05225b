/**
 * The flasher against the virtual Sonoff POW: the guide's steps end to end,
 * the person at the button, speeds the real stubs handle, the adapter
 * unplugged at every moment, a page that reads late, and the self-test.
 */
import { describe, expect, it } from 'vitest';
import type { VirtualSonoff } from '../virtual-device/index.ts';
import type { SerialPortLike } from './api.ts';
import { connect, isFlasherError, watchForPort, type FlasherEvent, type ReadResult } from './index.ts';
import { prepareImage } from './image.ts';
import { PORT_BUFFER_BYTES } from './link.ts';
import { bench, cmd, connected, expectBlank, failure, MB, onFakeClock, portOf, recorder } from './test-support.ts';
import { esp8266Image, firmwareLike } from './test-images.ts';

const WRITE = '--baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin';

describe('connect', () => {
  it('reads what the panel shows, and opens the port with a buffer larger than a read packet', async () => {
    const sonoff = bench({ adapter: 'cp2102' });
    const { events, onEvent } = recorder();
    const session = await connected(sonoff, 115200, onEvent);
    expect(session.device).toEqual({
      chip: 'ESP8266EX',
      mac: sonoff.mac,
      flashId: 0x1440ef,
      flashSizeBytes: MB,
      crystalMhz: 26,
      baud: 115200,
      adapter: { usbVendorId: 0x10c4, usbProductId: 0xea60, name: 'CP210x' },
    });
    expect(sonoff.port.bufferSize).toBe(PORT_BUFFER_BYTES);
    expect(sonoff.stub?.id).toBe('esp-flasher-stub-1.2.1');
    expect(events.some((e) => e.type === 'log' && /UART divider 451/.test(e.line))).toBe(true);
    await session.disconnect();
    expect(sonoff.port.readable).toBeNull();
  });

  it('waits while the person presses the button late: the 3.3 V wire reconnected with it held', async () => {
    const sonoff = bench({ buttonHeld: false });
    const { events, onEvent } = recorder();
    setTimeout(() => sonoff.powerCycle({ buttonHeld: true }), 1500);
    const session = await connect(portOf(sonoff), { baud: 115200, autoReset: false, waitForFlashModeMs: 10_000, onEvent });
    expect(events.filter((e) => e.type === 'countdown').length).toBeGreaterThanOrEqual(2);
    const waiting = events.find((e) => e.type === 'phase' && e.phase === 'waiting-for-flash-mode');
    expect(waiting).toMatchObject({ message: expect.stringMatching(/without unplugging the adapter.*3\.3 V wire/) });
    await session.disconnect();
  });

  it('gives up with no-answer and its causes when the button is never pressed, and releases the port', async () => {
    const sonoff = bench({ buttonHeld: false });
    const started = Date.now();
    const error = await failure(connect(portOf(sonoff), { baud: 115200, autoReset: false, waitForFlashModeMs: 1200, onEvent: () => {} }));
    expect(error.code).toBe('no-answer');
    expect(error.message).toMatch(/not in flash mode.*TX and RX are swapped.*5 V.*baud/);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(sonoff.port.readable).toBeNull();
  });

  it('stops waiting when aborted, and says port-busy for a port another program holds', async () => {
    const waiting = bench({ buttonHeld: false });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    expect((await failure(connect(portOf(waiting), { baud: 115200, autoReset: false, waitForFlashModeMs: 10_000, signal: controller.signal, onEvent: () => {} }))).code).toBe('cancelled');
    expect(waiting.port.readable).toBeNull();
    const busy = bench();
    busy.port.busy = 'NetworkError';
    expect((await failure(connect(portOf(busy), { baud: 115200, autoReset: false, onEvent: () => {} }))).code).toBe('port-busy');
  });

  it('names another chip', async () => {
    const sonoff = bench({ testOnlyChipMagic: 0x00f01d83 });
    const error = await failure(connected(sonoff));
    expect(error.code).toBe('wrong-chip');
    expect(error.message).toBe('The device is an ESP32, not the ESP8266 of a Sonoff POW.');
  });

  it('says the flasher program did not start when the chip does not recognise what was uploaded', async () => {
    const sonoff = bench({ testOnlyKnowsNoStub: true });
    const error = await failure(connected(sonoff));
    expect(error.code).toBe('stub-failed');
    expect(error.message).toBe('The device took the flasher program but did not start it.');
    expect(sonoff.mode).toBe('crashed');
  });

  it('gets the port back when the adapter is unplugged while it waits for flash mode, and connects', async () => {
    const sonoff = bench({ buttonHeld: false, adapter: 'ft232r' });
    const { events, onEvent } = recorder();
    const port = await sonoff.serial.requestPort();
    setTimeout(() => sonoff.unplugUsb(), 300);
    setTimeout(() => sonoff.plugUsb({ buttonHeld: true }), 900);
    const session = await connect(port, {
      baud: 115200,
      autoReset: false,
      waitForFlashModeMs: 10_000,
      onEvent,
      portBack: (lost) => watchForPort(sonoff.serial, lost).port,
    });
    expect(events.some((e) => e.type === 'phase' && e.phase === 'port-lost')).toBe(true);
    expect(sonoff.plugs).toBe(2);
    expect(session.device.mac).toBe(sonoff.mac);
    await session.disconnect();
  });

  it('without a way to get the port back, an unplug while waiting ends in port-lost', async () => {
    const sonoff = bench({ buttonHeld: false });
    setTimeout(() => sonoff.unplugUsb(), 300);
    const error = await failure(connect(portOf(sonoff), { baud: 115200, autoReset: false, waitForFlashModeMs: 5000, onEvent: () => {} }));
    expect(error.code).toBe('port-lost');
    expect(error.action).toMatch(/Plug the adapter back in while holding the button/);
  });
});

describe('the guide, step by step', () => {
  it('erases, writes -fs detect -fm dout, backs up 1 MB and restores -fs 1MB -fm dio, each verified', async () => {
    const sonoff = bench();
    const { events, onEvent } = recorder();
    const session = await connected(sonoff, 115200, onEvent);
    const erase = await session.run(cmd('--baud 115200 erase_flash'), new Map(), onEvent);
    expect(erase.verified).toBe(true);
    expectBlank(sonoff.readFlash());

    const firmware = firmwareLike(412_337, 3);
    const write = await session.run(cmd(WRITE), new Map([['sonoff.bin', firmware]]), onEvent);
    const written = prepareImage(firmware, 0, { flashSize: '1MB', flashMode: 'dout', flashFreq: 'keep' });
    expect([written[2], written[3]]).toEqual([0x03, 0x2f]);
    const flash = sonoff.readFlash();
    expect(flash.subarray(0, written.length)).toEqual(written);
    expectBlank(flash.subarray(written.length));
    expect(write.summary).toMatch(/^Wrote 412,340 bytes at 0x00000 in \d+\.\d s; flash MD5 verified \([0-9a-f]{8}…\)$/);

    const backup = (await session.run(cmd('--baud 115200 read_flash 0x00000 0x100000 sonoff-backup.bin'), new Map(), onEvent)) as ReadResult;
    expect(backup.data).toEqual(sonoff.readFlash());
    expect(backup.verified).toBe(true);

    await session.run(cmd('--baud 115200 write_flash -fs 1MB -fm dio 0x00000 sonoff-backup.bin'), new Map([['sonoff-backup.bin', backup.data.slice()]]), onEvent);
    const after = sonoff.readFlash();
    expect([after[2], after[3]]).toEqual([0x02, 0x2f]);
    expect(after.subarray(4)).toEqual(backup.data.subarray(4));
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    expect(sonoff.norViolations).toBe(0);
    await session.disconnect();
  });

  it('refuses a second operation while one runs, and runs a command at another --baud inside the same exclusive step', async () => {
    const sonoff = bench();
    const { onEvent } = recorder();
    const session = await connected(sonoff);
    const running = session.run(cmd('--baud 460800 erase_flash'), new Map(), onEvent);
    expect(session.busy).toBe(true);
    expect((await failure(session.eraseFlash(onEvent))).code).toBe('busy');
    await running;
    expect(session.device.baud).toBe(460800);
    expect(sonoff.chip.uartDivider).toBe(113); // 451 × 115200 / 460800 = 112.75: 113 runs at 460,177 baud, 112 at 464,286
    await session.disconnect();
  });

  it('refuses, before a byte is sent, an image that fits the flash but not from its address', async () => {
    const sonoff = bench();
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

  it('names the stub error of a block damaged on the way, and never reports that write as a success', async () => {
    const sonoff = bench();
    const session = await connected(sonoff);
    sonoff.faults.corruptByte({ direction: 'to-device', offset: 20_000 });
    const { events, onEvent } = recorder();
    const error = await failure(session.run(cmd(WRITE), new Map([['sonoff.bin', firmwareLike(300_000)]]), onEvent));
    expect(error.code).toBe('verify-failed');
    expect(error.message).toMatch(/bad checksum, status 0xC1/);
    expect(events.some((e) => e.type === 'phase' && e.phase === 'finished')).toBe(false);
    await session.disconnect();
  });

  it.each(['ch340', 'cp2102', 'ft232r'] as const)('with DTR/RTS wired on a %s, at the chain’s own pace, one reset is enough', async (adapter) => {
    const { value: resets } = await onFakeClock(async () => {
      const sonoff = bench({ buttonHeld: false, autoReset: true, adapter, timing: 'real' });
      const before = sonoff.chip.resets;
      const session = await connect(portOf(sonoff), { baud: 115200, autoReset: true, waitForFlashModeMs: 5000, onEvent: () => {} });
      const resets = sonoff.chip.resets - before;
      await session.disconnect();
      return resets;
    });
    expect(resets).toBe(1);
  });

  it('when the driver refuses DTR/RTS, says auto-reset cannot work (not that the adapter was unplugged)', async () => {
    const sonoff = bench({ buttonHeld: false, autoReset: true });
    sonoff.faults.refuseSignals();
    const error = await failure(connect(portOf(sonoff), { baud: 115200, autoReset: true, waitForFlashModeMs: 5000, onEvent: () => {} }));
    expect(error.code).toBe('auto-reset-failed');
    expect(error.action).toMatch(/^Untick “My adapter has DTR\/RTS”/);
    expect(sonoff.port.connected).toBe(true);
    expect(sonoff.mode).not.toBe('rom-loader');
  });

  it('with DTR/RTS wired, resets into the loader by itself and, at the end, into the new firmware', async () => {
    const sonoff = bench({ buttonHeld: false, autoReset: true });
    expect(sonoff.mode).not.toBe('rom-loader');
    const session = await connect(portOf(sonoff), { baud: 115200, autoReset: true, waitForFlashModeMs: 5000, onEvent: () => {} });
    expect(sonoff.stubRunning).toBe(true);
    await session.hardReset!();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sonoff.mode).toBe('firmware');
  });
});

describe('speeds, as the real stubs handle them', () => {
  for (const stub of ['esp-flasher-stub (esptool-js)', 'legacy stub'] as const) {
    it(`${stub}: 921600, then a --baud 115200 command, then 921600 again, with no power cycle`, async () => {
      const sonoff = bench(stub === 'legacy stub' ? { testOnlyAnyUploadRunsAs: 'legacy-1.11.1' } : {});
      const session = await connected(sonoff, 921600);
      expect(session.device.baud).toBe(921600);
      expect(sonoff.chip.uartDivider).toBe(56);
      const resets = sonoff.chip.resets;
      const slow = (await session.run(cmd('--baud 115200 read_flash 0x00000 0x4000 a.bin'), new Map(), () => {})) as ReadResult;
      expect(slow.data).toEqual(sonoff.readFlash().subarray(0, 0x4000));
      expect(session.device.baud).toBe(115200);
      expect(sonoff.chip.uartDivider).toBe(451);
      const fast = (await session.run(cmd('--baud 921600 read_flash 0x00000 0x4000 b.bin'), new Map(), () => {})) as ReadResult;
      expect(fast.data).toEqual(slow.data);
      expect(sonoff.chip.uartDivider).toBe(56);
      expect(sonoff.chip.resets).toBe(resets);
      await session.disconnect();
    });
  }

  it('computes from the divider the ROM really landed on (452, as a real ESP8266 trace shows)', async () => {
    const sonoff = bench({ testOnlyAutobaudDivider: 452 });
    const session = await connected(sonoff, 921600);
    expect(sonoff.chip.uartDivider).toBe(57); // 452 × 115200 / 921600 = 56.5: 57 runs at 913,516 (−0.88 %), 56 at 929,828 (+0.89 %)
    await session.run(cmd('--baud 115200 read_flash 0x00000 0x1000 a.bin'), new Map(), () => {});
    expect(sonoff.chip.uartDivider).toBe(452);
    await session.run(cmd('--baud 460800 read_flash 0x00000 0x1000 a.bin'), new Map(), () => {});
    expect(sonoff.chip.uartDivider).toBe(113);
    await session.disconnect();
  });

  it('falls back to 115200 with a warning when the wires fail at 921600, once the person resets the board with the 3.3 V wire', async () => {
    const sonoff = bench({ maxCleanBaud: 460800 });
    const warnings: string[] = [];
    const onEvent = (event: FlasherEvent) => {
      if (event.type !== 'warning') return;
      warnings.push(event.message);
      // Nothing gets through at 921600, so the stub cannot be asked back: the person resets the board.
      if (event.code === 'baud-failed') setTimeout(() => sonoff.powerCycle({ buttonHeld: true }), 300);
    };
    const session = await connect(portOf(sonoff), { baud: 921600, autoReset: false, waitForFlashModeMs: 10_000, onEvent });
    expect(warnings).toContain('The link failed at 921600 baud; continuing at 115200.');
    expect(session.device.baud).toBe(115200);
    expect(sonoff.plugs).toBe(1); // the USB cable stayed in
    const backup = (await session.run(cmd('--baud 115200 read_flash 0x00000 0x100000 b.bin'), new Map(), () => {})) as ReadResult;
    expect(backup.data).toEqual(sonoff.readFlash());
    await session.disconnect();
  });
});

describe('the adapter unplugged in the middle of a step', () => {
  async function unplugDuringWrite(sonoff: VirtualSonoff) {
    const session = await connected(sonoff);
    sonoff.faults.unplugAfterBytes(60_000);
    const error = await failure(session.run(cmd(WRITE), new Map([['sonoff.bin', firmwareLike(300_000)]]), () => {}));
    await session.disconnect();
    return error;
  }

  it('CH340: says port-lost; the page must ask for the port again, then the write runs again from the start', async () => {
    const sonoff = bench({ adapter: 'ch340' });
    const error = await unplugDuringWrite(sonoff);
    expect(error.code).toBe('port-lost');
    expect(error.message).toMatch(/adapter was unplugged/);
    const lost = sonoff.port;
    const watch = watchForPort(sonoff.serial, lost);
    sonoff.plugUsb({ buttonHeld: true });
    const comeback = await Promise.race([watch.port.then(() => 'came back'), new Promise((r) => setTimeout(() => r('no'), 1200))]);
    watch.cancel();
    expect(comeback).toBe('no');
    const port = await sonoff.serial.requestPort({ filters: [lost.getInfo()] });
    expect(port).not.toBe(lost);
    const session = await connect(port, { baud: 115200, autoReset: false, waitForFlashModeMs: 3000, onEvent: () => {} });
    const firmware = firmwareLike(300_000);
    await session.run(cmd(WRITE), new Map([['sonoff.bin', firmware]]), () => {});
    const written = prepareImage(firmware, 0, { flashSize: '1MB', flashMode: 'dout', flashFreq: 'keep' });
    expect(sonoff.readFlash().subarray(0, written.length)).toEqual(written);
    await session.disconnect();
  });

  it.each(['cp2102', 'ft232r'] as const)('%s: the port comes back by itself after the replug', async (adapter) => {
    const sonoff = bench({ adapter });
    expect((await unplugDuringWrite(sonoff)).code).toBe('port-lost');
    const watch = watchForPort(sonoff.serial, sonoff.port);
    setTimeout(() => sonoff.plugUsb({ buttonHeld: true }), 100);
    const port = await watch.port;
    expect(port).toBe(sonoff.port);
    const session = await connect(port, { baud: 115200, autoReset: false, waitForFlashModeMs: 3000, onEvent: () => {} });
    expect(session.device.adapter.usbVendorId).toBe(sonoff.adapter.usbVendorId);
    await session.disconnect();
  });

  it('unplugged while the port reopens for a new speed: port-lost (the page offers the port back), not a failed speed', async () => {
    const sonoff = bench();
    const port: SerialPortLike = await sonoff.serial.requestPort();
    const open = port.open.bind(port);
    let opens = 0;
    // The second open is the reopen at 921600: the adapter comes out just before it.
    port.open = async (options) => {
      if (++opens === 2) sonoff.unplugUsb();
      return open(options);
    };
    const session = await connect(port, { baud: 115200, autoReset: false, waitForFlashModeMs: 3000, onEvent: () => {} });
    const error = await failure(session.run(cmd('--baud 921600 read_flash 0x00000 0x1000 b.bin'), new Map(), () => {}));
    expect(opens).toBe(2);
    expect(error.code).toBe('port-lost');
    expect(error.message).toBe('The adapter was unplugged (or its USB cable came loose) while changing the baud: the browser closed its port.');
    await session.disconnect();
  });

  // At the chain's pace (on a fake clock), so the error meets a read in progress.
  it('a passing read error (UnknownError, once) does not end a backup: the next stream goes on', async () => {
    const { value } = await onFakeClock(async () => {
      const sonoff = bench({ timing: 'real' });
      const session = await connected(sonoff, 921600);
      sonoff.faults.readError('UnknownError', { afterBytes: 100_000 });
      const backup = (await session.run(cmd('--baud 921600 read_flash 0x00000 0x40000 b.bin'), new Map(), () => {})) as ReadResult;
      await session.disconnect();
      return { backup, armed: sonoff.faults.armed, flash: sonoff.readFlash().subarray(0, 0x40000) };
    });
    expect(value.armed).toBe(false); // it happened
    expect(value.backup.verified).toBe(true);
    expect(value.backup.data).toEqual(value.flash);
  });

  it('UnknownError again and again with nothing read between (Windows, an unplugged CDC adapter) is the port gone', async () => {
    const { value: error } = await onFakeClock(async () => {
      const sonoff = bench({ timing: 'real' });
      const session = await connected(sonoff, 921600);
      sonoff.faults.readError('UnknownError', { times: 6, afterBytes: 100_000 });
      const error = await failure(session.run(cmd('--baud 921600 read_flash 0x00000 0x40000 b.bin'), new Map(), () => {}));
      await session.disconnect();
      return error;
    });
    expect(error.code).toBe('port-lost');
  });

  it('a power cut on the 3.3 V wire keeps the port: device-lost, not port-lost', async () => {
    const sonoff = bench();
    const session = await connected(sonoff);
    sonoff.faults.brownOutAfterBytes(30_000);
    const error = await failure(session.run(cmd(WRITE), new Map([['sonoff.bin', firmwareLike(300_000)]]), () => {}));
    expect(error.code).toBe('device-lost');
    expect(sonoff.port.connected).toBe(true);
    await session.disconnect();
  });
});

describe('a page that reads late', () => {
  it('loses nothing when it stops reading for 2 s in the middle of a backup at 921600', async () => {
    const sonoff = bench();
    const session = await connected(sonoff, 921600);
    sonoff.faults.stallReading(2000, { afterBytes: 100_000 });
    const started = Date.now();
    const backup = (await session.run(cmd('--baud 921600 read_flash 0x00000 0x40000 b.bin'), new Map(), () => {})) as ReadResult;
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // the page really stopped reading in the middle
    expect(backup.verified).toBe(true);
    expect(backup.data).toEqual(sonoff.readFlash().subarray(0, 0x40000));
    expect(sonoff.port.droppedBytes).toBe(0);
    await session.disconnect();
  });

  it.each([
    ['esp-flasher-stub', {}],
    ['legacy stub', { testOnlyAnyUploadRunsAs: 'legacy-1.11.1' }],
  ] as const)('%s: a byte lost on the way fails the backup as damaged, and the connection stays usable', async (_stub, options) => {
    const sonoff = bench(options);
    const session = await connected(sonoff, 921600);
    sonoff.faults.dropByte({ direction: 'from-device', offset: 50_000 });
    const error = await failure(session.run(cmd('--baud 921600 read_flash 0x00000 0x40000 b.bin'), new Map(), () => {}));
    expect(error.code).toBe('verify-failed');
    expect(error.message).toMatch(/^The data arrived damaged: bytes were lost on the way after 4\d,\d{3} of 262,144\.$/);
    const again = (await session.run(cmd('--baud 921600 read_flash 0x00000 0x40000 b.bin'), new Map(), () => {})) as ReadResult;
    expect(again.data).toEqual(sonoff.readFlash().subarray(0, 0x40000));
    await session.disconnect();
  });

  /** Where packet `k` of a READ_FLASH of `bytes` starts and ends in the device's output, and its first escape. */
  const escapedLength = (bytes: Uint8Array): number => bytes.length + bytes.filter((b) => b === 0xc0 || b === 0xdb).length;
  function readLayout(sonoff: VirtualSonoff, packet: number) {
    // Before the packets: the READ_FLASH answer, C0 + 8-byte header + 2 status bytes + C0, nothing to escape.
    const flash = sonoff.readFlash();
    const prefix = 12;
    let start = prefix;
    for (let k = 0; k < packet; k++) start += 2 + escapedLength(flash.subarray(k * 0x1000, (k + 1) * 0x1000));
    const data = flash.subarray(packet * 0x1000, (packet + 1) * 0x1000);
    const end = start + 1 + escapedLength(data);
    // The second byte of an escape followed by a byte that cannot end one: dropping it leaves DB + that byte.
    let escapeSecond: number | undefined;
    let at = start + 1;
    for (let i = 0; i < data.length; i++) {
      const escaped = data[i] === 0xc0 || data[i] === 0xdb;
      if (escaped && escapeSecond === undefined && i + 1 < data.length && data[i + 1] !== 0xdc && data[i + 1] !== 0xdd && data[i + 1] !== 0xc0 && data[i + 1] !== 0xdb) escapeSecond = at + 1;
      at += escaped ? 2 : 1;
    }
    return { start, end, escapeSecond };
  }

  it.each([
    ['esp-flasher-stub', 'the opening 0xC0', {}],
    ['esp-flasher-stub', 'the closing 0xC0', {}],
    ['esp-flasher-stub', 'half of an escape', {}],
    ['legacy stub', 'the opening 0xC0', { testOnlyAnyUploadRunsAs: 'legacy-1.11.1' }],
    ['legacy stub', 'the closing 0xC0', { testOnlyAnyUploadRunsAs: 'legacy-1.11.1' }],
    ['legacy stub', 'half of an escape', { testOnlyAnyUploadRunsAs: 'legacy-1.11.1' }],
  ] as const)('%s: %s of a packet lost fails the backup as damaged, not as a lost device, and the next read works', async (_stub, what, options) => {
    const sonoff = bench(options);
    // Random bytes: 0xC0 and 0xDB in every packet (the factory image has none to escape).
    let state = 12345;
    sonoff.loadFlash(Uint8Array.from({ length: MB }, () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 24)));
    const session = await connected(sonoff, 921600);
    // Packet 12 (49,152 bytes in), or for an escape the first packet from there that has one to damage.
    let packet = 12;
    while (what === 'half of an escape' && readLayout(sonoff, packet).escapeSecond === undefined && packet < 63) packet++;
    const layout = readLayout(sonoff, packet);
    const offset = what === 'the opening 0xC0' ? layout.start : what === 'the closing 0xC0' ? layout.end : layout.escapeSecond;
    expect(offset, 'the factory flash has an escape to damage in the first 256 KB').toBeDefined();
    sonoff.faults.dropByte({ direction: 'from-device', offset: offset! });
    const error = await failure(session.run(cmd('--baud 921600 read_flash 0x00000 0x40000 b.bin'), new Map(), () => {}));
    expect(error.code).toBe('verify-failed');
    expect(error.message).toBe(`The data arrived damaged: bytes were lost on the way after ${(packet * 4096).toLocaleString('en-US')} of 262,144.`);
    const again = (await session.run(cmd('--baud 921600 read_flash 0x00000 0x40000 b.bin'), new Map(), () => {})) as ReadResult;
    expect(again.data).toEqual(sonoff.readFlash().subarray(0, 0x40000));
    await session.disconnect();
  });

});

describe('in modelled time', () => {
  it('a worn flash chip at its datasheet maximum still erases and writes within the timeouts', async () => {
    const { value, elapsedMs } = await onFakeClock(async () => {
      const sonoff = bench({ timing: 'real', flashSpeed: 'maximum' });
      const session = await connected(sonoff, 921600);
      const erase = await session.run(cmd('--baud 921600 erase_flash'), new Map(), () => {});
      const write = await session.run(cmd('--baud 921600 write_flash -fs detect -fm dout 0x00000 sonoff.bin'), new Map([['sonoff.bin', firmwareLike(412_337, 3)]]), () => {});
      await session.disconnect();
      return { erase, write };
    });
    expect(value.erase.verified).toBe(true);
    expect(value.erase.durationMs).toBeGreaterThanOrEqual(6000); // tCE maximum
    expect(value.write.verified).toBe(true);
    expect(elapsedMs).toBeLessThan(120_000);
  });

  it('an FTDI adapter’s 16 ms latency timer costs every 4 KB read packet its wait: slower than a CH340', async () => {
    const read64k = async (adapter: 'ch340' | 'ft232r') =>
      (
        await onFakeClock(async () => {
          const sonoff = bench({ timing: 'real', adapter });
          const session = await connected(sonoff, 921600);
          const started = Date.now();
          await session.run(cmd('--baud 921600 read_flash 0x00000 0x10000 b.bin'), new Map(), () => {});
          const ms = Date.now() - started;
          await session.disconnect();
          return ms;
        })
      ).value;
    const ch340 = await read64k('ch340');
    const ftdi = await read64k('ft232r');
    expect(ftdi - ch340).toBeGreaterThanOrEqual(16 * 14); // 16 packets, each held up to 16 ms
  });
});

describe('Check this adapter and device', () => {
  it.each(['ch340', 'cp2102', 'ft232r'] as const)('%s: reads and compares at each speed, comes back to 115200, writes nothing', async (adapter) => {
    const sonoff = bench({ adapter });
    const session = await connected(sonoff);
    const programmed = sonoff.chip.nor.bytesProgrammed;
    const before = sonoff.flashMd5();
    const report = await session.selfTest({ fasterBauds: [460800, 921600] }, () => {});
    expect(report.speeds.map((s) => [s.baud, s.ok])).toEqual([
      [115200, true],
      [460800, true],
      [921600, true],
    ]);
    expect(report.speeds.every((s) => s.readMs.length === 2)).toBe(true);
    expect(report.endBaud).toBe(115200);
    expect(sonoff.chip.uartDivider).toBe(451);
    expect(report.error).toBeUndefined();
    expect(report.device.adapter.usbVendorId).toBe(sonoff.adapter.usbVendorId);
    expect(sonoff.chip.nor.bytesProgrammed).toBe(programmed);
    expect(sonoff.flashMd5()).toBe(before);
    await session.disconnect();
  });

  it('says which speed fails on wires that do not carry 921600, and why it stops there', async () => {
    const sonoff = bench({ maxCleanBaud: 460800 });
    const session = await connected(sonoff);
    const report = await session.selfTest({ fasterBauds: [460800, 921600] }, () => {});
    expect(report.speeds.map((s) => [s.baud, s.ok])).toEqual([
      [115200, true],
      [460800, true],
      [921600, false],
    ]);
    expect(report.error).toMatch(/no longer answers after trying 921600 baud/);
    expect(isFlasherError(report)).toBe(false);
    await session.disconnect();
  });

  it('formats a report a person can attach', async () => {
    const { formatSelfTestReport } = await import('./self-test-report.ts');
    const sonoff = bench({ adapter: 'ft232r' });
    const session = await connected(sonoff);
    const text = formatSelfTestReport(await session.selfTest({ fasterBauds: [921600] }, () => {}));
    expect(text).toMatch(/Adapter: {2}FTDI FT232R \(USB 0403:6001\)/);
    expect(text).toContain(`MAC ${sonoff.mac}`);
    expect(text).toMatch(/Flash: {4}id 0x1440ef, 1024 KB/);
    expect(text).toMatch(/ 921600 baud: works/);
    await session.disconnect();
  });
});

describe('images', () => {
  it('writes a small image whose header says 80 MHz and keeps the frequency', async () => {
    const sonoff = bench();
    const session = await connected(sonoff);
    const image = esp8266Image({ sizeFreq: 0x0f, trailingBytes: 5001 });
    await session.run(cmd(WRITE), new Map([['sonoff.bin', image]]), () => {});
    const flash = sonoff.readFlash();
    expect([flash[2], flash[3]]).toEqual([0x03, 0x2f]);
    expect(flash.subarray(4, image.length)).toEqual(image.subarray(4));
    await session.disconnect();
  });
});
