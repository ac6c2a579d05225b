import { afterEach, describe, expect, it, vi } from 'vitest';
import { efusesFor, esp8266Image, factoryFlash, parseImage } from './factory.ts';
import { NorFlash, SECTOR_SIZE } from './flash.ts';
import { checksum, parseRequest, response } from './protocol.ts';
import { SlipDecoder, slipEncode } from './slip.ts';
import { ADAPTERS, AdapterLink } from './adapter.ts';
import { Timeline } from './timeline.ts';
import { RawHost, SYNC_DATA } from './test-host.ts';
import { VirtualSonoff } from './sonoff.ts';
import { OP } from './protocol.ts';

describe('SLIP', () => {
  it('escapes 0xC0 and 0xDB and round-trips through the decoder', () => {
    const payload = Uint8Array.from([0x01, 0xc0, 0x02, 0xdb, 0x03]);
    const encoded = slipEncode(payload);
    expect(Array.from(encoded)).toEqual([0xc0, 0x01, 0xdb, 0xdc, 0x02, 0xdb, 0xdd, 0x03, 0xc0]);
    expect(new SlipDecoder().push(encoded)).toEqual([payload]);
  });

  it('ignores noise outside frames, treats C0 C0 as a start, and drops a frame with a bad escape', () => {
    const decoder = new SlipDecoder();
    const frames = decoder.push(Uint8Array.from([0x55, 0x12, 0xc0, 0xc0, 0x07, 0xc0, 0xc0, 0x01, 0xdb, 0x00, 0x02, 0xc0, 0xc0, 0x09, 0xc0]));
    expect(frames.map((f) => Array.from(f))).toEqual([[0x07], [0x09]]);
  });

  it('keeps a frame split across pushes', () => {
    const decoder = new SlipDecoder();
    expect(decoder.push(Uint8Array.from([0xc0, 0x01, 0xdb]))).toEqual([]);
    expect(decoder.inFrame).toBe(true);
    expect(decoder.push(Uint8Array.from([0xdc, 0xc0])).map((f) => Array.from(f))).toEqual([[0x01, 0xc0]]);
  });
});

describe('protocol helpers', () => {
  it('checksums data as 0xEF xor every byte', () => {
    expect(checksum(new Uint8Array())).toBe(0xef);
    expect(checksum(Uint8Array.from([0xef]))).toBe(0);
    expect(checksum(Uint8Array.from([0x01, 0x02, 0x04]))).toBe(0xef ^ 0x07);
  });

  it('parses requests and builds responses with two status bytes', () => {
    const request = parseRequest(Uint8Array.from([0x00, 0x0a, 4, 0, 1, 2, 3, 4, 9, 8, 7, 6]));
    expect(request).toMatchObject({ op: 0x0a, declaredLength: 4, checksum: 0x04030201 });
    expect(Array.from(request!.data)).toEqual([9, 8, 7, 6]);
    expect(parseRequest(Uint8Array.from([0x01, 0x0a, 0, 0, 0, 0, 0, 0]))).toMatchObject({ direction: 1, op: 0x0a });
    expect(parseRequest(Uint8Array.from([0x00, 0x0a, 0]))).toBeUndefined();
    expect(Array.from(response(0x13, 0x11223344, [0xaa], [1, 5]))).toEqual([0x01, 0x13, 3, 0, 0x44, 0x33, 0x22, 0x11, 0xaa, 1, 5]);
  });
});

describe('NOR flash', () => {
  it('reads 0xFF when erased, programs by clearing bits only, and erases whole sectors', () => {
    const flash = new NorFlash(4 * SECTOR_SIZE);
    expect(flash.read(0, 4)).toEqual(Uint8Array.from([0xff, 0xff, 0xff, 0xff]));
    expect(flash.program(10, Uint8Array.from([0xf0, 0x0f]))).toBe(true);
    expect(flash.program(10, Uint8Array.from([0x30, 0x0f]))).toBe(true); // clearing more bits is fine
    expect(Array.from(flash.read(10, 2))).toEqual([0x30, 0x0f]);
    expect(flash.violations).toBe(0);
    flash.eraseSector(0);
    expect(Array.from(flash.read(10, 2))).toEqual([0xff, 0xff]);
    expect(flash.read(SECTOR_SIZE, 1)[0]).toBe(0xff);
  });

  it('does not silently accept a write that needs a bit set: stores old & data and counts it', () => {
    const flash = new NorFlash(SECTOR_SIZE);
    flash.program(100, Uint8Array.from([0x0f, 0x00]));
    expect(flash.program(100, Uint8Array.from([0xf1, 0x00]))).toBe(false);
    expect(Array.from(flash.read(100, 2))).toEqual([0x01, 0x00]);
    expect(flash.violations).toBe(1);
    expect(flash.lastViolation).toEqual({ address: 100, bytes: 1 });
  });

  it('refuses reads and writes outside the chip', () => {
    const flash = new NorFlash(SECTOR_SIZE);
    expect(() => flash.read(SECTOR_SIZE - 1, 2)).toThrow(RangeError);
    expect(() => flash.program(-1, Uint8Array.of(0))).toThrow(RangeError);
  });
});

describe('factory state', () => {
  it('derives a stable Espressif MAC from the seed the way esptool reads it from the efuses', () => {
    const a = efusesFor(7);
    expect(efusesFor(7)).toEqual(a);
    expect(efusesFor(8).mac).not.toBe(a.mac);
    const [mac0, mac1, , mac3] = a.words;
    expect(mac3).toBe(0);
    expect((mac1 >>> 16) & 0xff).toBe(0); // → OUI 18:fe:34
    const tail = [(mac1 >>> 8) & 0xff, mac1 & 0xff, mac0 >>> 24].map((b) => b.toString(16).padStart(2, '0'));
    expect(a.mac).toBe(`18:fe:34:${tail.join(':')}`);
    expect(mac0 & 0x30).toBe(0); // not an ESP8285
  });

  it('ships a valid ESP8266 image at 0 and config-like data near the end, reproducibly', () => {
    const flash = factoryFlash(3, efusesFor(3).mac);
    expect(flash.length).toBe(1024 * 1024);
    expect(factoryFlash(3, efusesFor(3).mac)).toEqual(flash);
    const image = parseImage(flash);
    expect(image).toMatchObject({ mode: 2, sizeFreq: 0x20, checksumOk: true });
    expect(image!.segments.length).toBe(3);
    const settings = new TextDecoder().decode(flash.subarray(0xfd000 + 8, 0xfd000 + 200));
    expect(settings).toContain('"device":"virtual-pow"');
    expect(flash[0xfc000]).toBe(0x05);
  });

  it('builds images whose checksum parseImage verifies, and notices a damaged segment', () => {
    const image = esp8266Image([{ address: 0x40100000, data: Uint8Array.from([1, 2, 3]) }], { mode: 0, sizeFreq: 0, entry: 0x40100000 });
    expect(image.length % 16).toBe(0);
    expect(parseImage(image)?.checksumOk).toBe(true);
    image[16] = image[16]! ^ 0xff;
    expect(parseImage(image)?.checksumOk).toBe(false);
    expect(parseImage(new Uint8Array(16).fill(0xff))).toBeUndefined();
  });
});

describe('time', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('never runs scheduled work before its time, even when a timer fires early', async () => {
    // Platform timers count whole milliseconds on their own clock: this one fires at once.
    const early = ((fn: () => void) => setImmediate(fn)) as unknown as typeof setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(early);
    const timeline = new Timeline('real');
    vi.restoreAllMocks();
    const at = timeline.now() + 12;
    const ranAt = await new Promise<number>((resolve) => timeline.at(at, () => resolve(timeline.now())));
    expect(ranAt).toBeGreaterThanOrEqual(at);
  });

  it('never runs `after(ms > 0)` at once, even when the millisecond turns between two readings of the clock', async () => {
    // A busy machine: every reading of the clock is a millisecond later than the last.
    class BusyClock extends Timeline {
      #t = 1_000;
      override now(): number {
        return this.#t++;
      }
    }
    const timeline = new BusyClock('real');
    let ran = false;
    timeline.after(1, () => {
      ran = true;
    });
    expect(ran).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toBe(true);
  });

  it('an adapter sends every partial packet, also after a hold time that ran out at once', () => {
    // A timeline whose `after` runs at once (its time had come when it was asked).
    class Late extends Timeline {
      override after(_ms: number, fn: () => void): () => void {
        fn();
        return () => undefined;
      }
    }
    const adapter = new AdapterLink(ADAPTERS.ch340, new Late('real'));
    const got: number[] = [];
    const host = { fromUsb: (bytes: Uint8Array) => got.push(bytes.length) };
    // Two replies of 14 bytes, each less than the CH340's 32-byte packet: each goes when its hold time is over.
    adapter.received(new Uint8Array(14), host);
    adapter.received(new Uint8Array(14), host);
    expect(got).toEqual([14, 14]);
  });

  it("hands a direct host's bytes to the chip when their last byte has come down the wire", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      for (const baud of [115200, null]) {
        const sonoff = new VirtualSonoff({ seed: 2, buttonHeld: true, usbPlugged: false, timing: 'real' });
        const host = new RawHost(sonoff, baud);
        await vi.advanceTimersByTimeAsync(300); // the boot text
        host.clear();
        // SYNC: 8 header + 36 data bytes, 2 delimiters, no escapes = 46 bytes = 3.99 ms at 115200
        // (a socket, baud null, goes at the chip's own rate, 115200 after auto-baud).
        host.request(OP.SYNC, SYNC_DATA);
        await vi.advanceTimersByTimeAsync(3);
        expect(host.replies()).toHaveLength(0);
        await vi.advanceTimersByTimeAsync(20);
        expect(host.replies().length).toBeGreaterThan(0);
        host.detach();
      }
    } finally {
      vi.useRealTimers();
    }
  });
});
