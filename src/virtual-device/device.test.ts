import { deflate } from 'pako';
import SparkMD5 from 'spark-md5';
import { describe, expect, it } from 'vitest';
import { VirtualSonoff } from './index.ts';
import { OP, STUB_ERROR } from './protocol.ts';
import { block, RawHost, SYNC_DATA, words } from './test-host.ts';

const SPI = { CMD: 0x60000200, USR: 0x6000021c, USR1: 0x60000220, USR2: 0x60000224, W0: 0x60000240 };

function loader(options: Partial<ConstructorParameters<typeof VirtualSonoff>[0]> = {}): { sonoff: VirtualSonoff; host: RawHost } {
  const sonoff = new VirtualSonoff({ seed: 11, buttonHeld: true, ...options });
  const host = new RawHost(sonoff);
  return { sonoff, host };
}

function withStub(options: Partial<ConstructorParameters<typeof VirtualSonoff>[0]> = {}): { sonoff: VirtualSonoff; host: RawHost } {
  const { sonoff, host } = loader(options);
  host.ask(OP.SYNC, SYNC_DATA);
  const stubCode = Uint8Array.from({ length: 100 }, (_, i) => i);
  host.ask(OP.MEM_BEGIN, words(100, 1, 0x1800, 0x4010e000));
  host.ask(OP.MEM_DATA, block(stubCode, 0));
  host.clear();
  host.request(OP.MEM_END, words(0, 0x4010e004));
  expect(new TextDecoder().decode(host.frames.at(-1))).toBe('OHAI');
  host.clear();
  return { sonoff, host };
}

const writeReg = (host: RawHost, address: number, value: number) => host.ask(OP.WRITE_REG, words(address, value >>> 0, 0xffffffff, 0));
const readReg = (host: RawHost, address: number) => host.ask(OP.READ_REG, words(address))[0]!.value;
const md5 = (bytes: Uint8Array) => SparkMD5.ArrayBuffer.hash(bytes.slice().buffer as ArrayBuffer);

describe('ROM loader', () => {
  it('answers SYNC eight times with a nonzero value and status 0,0', () => {
    const { host } = loader();
    const replies = host.ask(OP.SYNC, SYNC_DATA);
    expect(replies).toHaveLength(8);
    for (const reply of replies) expect(reply).toMatchObject({ op: OP.SYNC, status: [0, 0] });
    expect(replies[0]!.value).not.toBe(0);
  });

  it('reads the chip magic, the efuses and the UART divider the ROM auto-bauded to', () => {
    const { sonoff, host } = loader();
    host.ask(OP.SYNC, SYNC_DATA);
    expect(readReg(host, 0x40001000)).toBe(0xfff0c101);
    expect(readReg(host, 0x3ff00050)).toBe(sonoff.efuses.words[0]);
    expect(readReg(host, 0x3ff0005c)).toBe(0);
    const divider = readReg(host, 0x60000014) & 0xfffff;
    expect((115200 * divider) / 1e6 / 2).toBeCloseTo(26, 0); // esptool's crystal estimate
  });

  it('reads the JEDEC id through SPI USR the esptool.py way (MISO length in SPI_USR1)', () => {
    const { host } = loader();
    host.ask(OP.SYNC, SYNC_DATA);
    writeReg(host, SPI.USR1, 23 << 8);
    writeReg(host, SPI.USR, (1 << 31) | (1 << 28));
    writeReg(host, SPI.USR2, (7 << 28) | 0x9f);
    writeReg(host, SPI.W0, 0);
    writeReg(host, SPI.CMD, 1 << 18);
    expect(readReg(host, SPI.CMD) & (1 << 18)).toBe(0);
    expect(readReg(host, SPI.W0)).toBe(0x1440ef); // ef 40 14: capacity byte 0x14 = 1 MB
    writeReg(host, SPI.USR1, 7 << 8); // 8 bits only: the manufacturer byte
    writeReg(host, SPI.CMD, 1 << 18);
    expect(readReg(host, SPI.W0)).toBe(0xef);
  });

  it('reads the JEDEC id the esptool-js 0.7.0 way (length written to SPI_CMD, SPI_USR1 left as the ROM had it)', () => {
    const { host } = loader();
    host.ask(OP.SYNC, SYNC_DATA);
    writeReg(host, SPI.CMD, 23); // its "MISO_DLEN" register is base + 0 on ESP8266
    writeReg(host, SPI.USR, (1 << 31) | (1 << 28));
    writeReg(host, SPI.USR2, (7 << 28) | 0x9f);
    writeReg(host, SPI.W0, 0);
    writeReg(host, SPI.CMD, 1 << 18);
    expect(readReg(host, SPI.W0)).toBe(0x1440ef);
  });

  it('writes registers through the mask and answers a wrong length with status 1, 0x05', () => {
    const { host } = loader();
    host.ask(OP.SYNC, SYNC_DATA);
    host.ask(OP.WRITE_REG, words(0x3ffe8000, 0xabcd, 0xff00, 0));
    expect(readReg(host, 0x3ffe8000)).toBe(0xab00);
    expect(host.ask(OP.READ_REG, [1, 2, 3])).toEqual([expect.objectContaining({ op: OP.READ_REG, status: [1, 0x05] })]);
    expect(host.ask(OP.READ_REG, words(0x40001000), { declaredLength: 8 })[0]!.status).toEqual([1, 0x05]);
  });

  it('answers an unknown command as esptool expects of the ESP8266 ROM: eight replies not echoing the command, status 1, 0x05', () => {
    const { host } = loader();
    host.ask(OP.SYNC, SYNC_DATA);
    const replies = host.ask(OP.GET_SECURITY_INFO);
    expect(replies).toHaveLength(8);
    for (const reply of replies) {
      expect(reply.op).not.toBe(OP.GET_SECURITY_INFO);
      expect(reply.status).toEqual([1, 0x05]);
    }
  });

  it('rejects a MEM_DATA or FLASH_DATA block with a wrong checksum with status 1, 0x07', () => {
    const { host } = loader();
    host.ask(OP.SYNC, SYNC_DATA);
    host.ask(OP.MEM_BEGIN, words(4, 1, 0x1800, 0x40100000));
    expect(host.ask(OP.MEM_DATA, block(Uint8Array.of(1, 2, 3, 4), 0), { chk: 0x12 })[0]!.status).toEqual([1, 0x07]);
    host.ask(OP.FLASH_BEGIN, words(0x1000, 1, 0x400, 0x1000));
    expect(host.ask(OP.FLASH_DATA, block(new Uint8Array(0x400), 0), { chk: 0 })[0]!.status).toEqual([1, 0x07]);
  });

  it('writes flash with FLASH_BEGIN/DATA, erasing the way esptool compensates the ROM erase-size quirk', () => {
    const { sonoff, host } = loader();
    host.ask(OP.SYNC, SYNC_DATA);
    const data = Uint8Array.from({ length: 0x400 * 3 }, (_, i) => (i * 7) & 0xff);
    // esptool ESP8266ROM.get_erase_size(0x82000, 3 KB): 1 sector in a 14-sector head → (1 + 1) // 2 sectors
    host.ask(OP.FLASH_BEGIN, words(0x1000, 3, 0x400, 0x82000));
    for (let seq = 0; seq < 3; seq++) expect(host.ask(OP.FLASH_DATA, block(data.subarray(seq * 0x400, (seq + 1) * 0x400), seq))[0]!.status).toEqual([0, 0]);
    expect(sonoff.readFlash().subarray(0x82000, 0x82000 + data.length)).toEqual(data);
    expect(sonoff.norViolations).toBe(0);
    expect(host.ask(OP.FLASH_END, words(1))[0]!.status).toEqual([0, 0]);
    expect(sonoff.mode).toBe('firmware'); // the loader is left for the (intact) factory image
  });

  it('leaves the loader for a halted chip when FLASH_END follows a write that broke the image', () => {
    const { sonoff, host } = loader();
    host.ask(OP.SYNC, SYNC_DATA);
    host.ask(OP.FLASH_BEGIN, words(0x1000, 1, 0x400, 0x2000)); // inside the factory image's IRAM segment
    host.ask(OP.FLASH_DATA, block(new Uint8Array(0x400), 0));
    host.ask(OP.FLASH_END, words(0));
    expect(sonoff.mode).toBe('halted');
  });

  it('does not accept a write over unerased flash: the data reads back as old & new and a violation is counted', () => {
    const { sonoff, host } = loader();
    host.ask(OP.SYNC, SYNC_DATA);
    const before = sonoff.readFlash().subarray(0x10000, 0x10400);
    host.ask(OP.FLASH_BEGIN, words(0, 0, 0x400, 0x10000)); // erase nothing
    const data = new Uint8Array(0x400).fill(0xa5);
    host.ask(OP.FLASH_DATA, block(data, 0));
    expect(sonoff.norViolations).toBe(1);
    expect(sonoff.readFlash().subarray(0x10000, 0x10400)).toEqual(before.map((b) => b & 0xa5));
  });

  it('has SPI_FLASH_MD5 as 32 hex characters, unless strictRom models the real ROM without it', () => {
    const { sonoff, host } = loader();
    host.ask(OP.SYNC, SYNC_DATA);
    const [reply] = host.ask(OP.SPI_FLASH_MD5, words(0, 0x1000, 0, 0));
    expect(new TextDecoder().decode(reply!.data)).toBe(md5(sonoff.readFlash().subarray(0, 0x1000)));
    const strict = loader({ strictRom: true });
    strict.host.ask(OP.SYNC, SYNC_DATA);
    expect(strict.host.ask(OP.SPI_FLASH_MD5, words(0, 0x1000, 0, 0))[0]!.status).toEqual([1, 0x05]);
  });

  it('starts the stub on MEM_END with an entry point: OHAI, then SYNC answers with value 0', () => {
    const { sonoff, host } = withStub();
    expect(sonoff.stubRunning).toBe(true);
    const replies = host.ask(OP.SYNC, SYNC_DATA);
    expect(replies).toHaveLength(8);
    expect(replies.every((r) => r.value === 0 && r.status[0] === 0)).toBe(true);
  });
});

describe('flasher stub', () => {
  it('erases the flash and regions, refusing unaligned regions with the stub codes', () => {
    const { sonoff, host } = withStub();
    expect(host.ask(OP.ERASE_REGION, words(0x1000, 0x2000))[0]!.status).toEqual([0, 0]);
    expect(sonoff.readFlash().subarray(0x1000, 0x3000).every((b) => b === 0xff)).toBe(true);
    expect(sonoff.readFlash().subarray(0, 0x1000).every((b) => b === 0xff)).toBe(false);
    expect(host.ask(OP.ERASE_REGION, words(0x1001, 0x1000))[0]!.status).toEqual([0x32, 0]);
    expect(host.ask(OP.ERASE_REGION, words(0x1000, 0x10))[0]!.status).toEqual([0x33, 0]);
    expect(host.ask(OP.ERASE_FLASH)[0]!.status).toEqual([0, 0]);
    expect(sonoff.readFlash().every((b) => b === 0xff)).toBe(true);
  });

  it('inflates FLASH_DEFL blocks as they arrive and writes them, erasing ahead', () => {
    const { sonoff, host } = withStub();
    const image = Uint8Array.from({ length: 50_000 }, (_, i) => (i * 13) ^ (i >> 7));
    const compressed = deflate(image, { level: 9 });
    const size = 0x4000;
    const blocks = Math.ceil(compressed.length / size);
    expect(host.ask(OP.FLASH_DEFL_BEGIN, words(image.length, blocks, size, 0x20000))[0]!.status).toEqual([0, 0]);
    for (let seq = 0; seq < blocks; seq++) {
      expect(host.ask(OP.FLASH_DEFL_DATA, block(compressed.subarray(seq * size, (seq + 1) * size), seq))[0]!.status).toEqual([0, 0]);
      if (seq === 0 && blocks > 1) expect(sonoff.readFlash()[0x20000]).toBe(image[0]); // written before the end
    }
    expect(host.ask(OP.FLASH_DEFL_END, words(1))[0]!.status).toEqual([0, 0]);
    expect(sonoff.readFlash().subarray(0x20000, 0x20000 + image.length)).toEqual(image);
    expect(sonoff.norViolations).toBe(0);
    const [digest] = host.ask(OP.SPI_FLASH_MD5, words(0x20000, image.length, 0, 0));
    expect(Array.from(digest!.data, (b) => b.toString(16).padStart(2, '0')).join('')).toBe(md5(image));
    expect(digest!.data).toHaveLength(16);
  });

  it('answers damaged and out-of-order data with the stub error codes', () => {
    const { host } = withStub();
    expect(host.ask(OP.FLASH_DEFL_DATA, block(Uint8Array.of(1, 2), 0))[0]!.status).toEqual([STUB_ERROR.NOT_IN_FLASH_MODE, 0]);
    host.ask(OP.FLASH_DEFL_BEGIN, words(1000, 1, 0x4000, 0));
    expect(host.ask(OP.FLASH_DEFL_DATA, block(Uint8Array.of(1, 2), 0), { chk: 0x33 })[0]!.status).toEqual([STUB_ERROR.BAD_DATA_CHECKSUM, 0]);
    const badLength = Uint8Array.from([...words(5, 0, 0, 0), 1, 2]);
    expect(host.ask(OP.FLASH_DEFL_DATA, badLength)[0]!.status).toEqual([STUB_ERROR.BAD_DATA_LEN, 0]);
    host.ask(OP.FLASH_DEFL_DATA, block(Uint8Array.of(0xde, 0xad, 0xbe, 0xef), 0)); // not zlib
    expect(host.ask(OP.FLASH_DEFL_END, words(1))[0]!.status).toEqual([STUB_ERROR.INFLATE_ERROR, 0]);
    host.ask(OP.FLASH_DEFL_BEGIN, words(1000, 1, 0x4000, 0));
    host.ask(OP.FLASH_DEFL_DATA, block(deflate(new Uint8Array(10)), 0));
    expect(host.ask(OP.FLASH_DEFL_END, words(1))[0]!.status).toEqual([STUB_ERROR.NOT_ENOUGH_DATA, 0]);
    expect(host.ask(0x55)[0]).toMatchObject({ op: 0x55, status: [STUB_ERROR.CMD_NOT_IMPLEMENTED, 0] });
    expect(host.ask(OP.FLASH_DEFL_BEGIN, words(10, 1, 0x8000, 0))[0]!.status).toEqual([STUB_ERROR.BAD_BLOCKSIZE, 0]);
  });

  it('writes uncompressed FLASH_BEGIN/DATA too, ignoring the 0xFF padding past the size', () => {
    const { sonoff, host } = withStub();
    const data = Uint8Array.from({ length: 1500 }, (_, i) => i & 0x7f);
    host.ask(OP.FLASH_BEGIN, words(1500, 1, 0x4000, 0x30000, 0));
    const padded = new Uint8Array(0x800).fill(0xff);
    padded.set(data);
    expect(host.ask(OP.FLASH_DATA, block(padded, 0))[0]!.status).toEqual([0, 0]);
    expect(host.ask(OP.FLASH_END, words(1))[0]!.status).toEqual([0, 0]);
    expect(sonoff.readFlash().subarray(0x30000, 0x30000 + 1500)).toEqual(data);
    expect(sonoff.readFlash().subarray(0x30000 + 1500, 0x31000).every((b) => b === 0xff)).toBe(true);
  });

  it('streams READ_FLASH in packets, waits for acks, and ends with the MD5 of the data', () => {
    const { sonoff, host } = withStub();
    const reply = host.ask(OP.READ_FLASH, words(0x1000, 0x2800, 0x1000, 64));
    expect(reply[0]!.status).toEqual([0, 0]);
    expect(host.frames).toHaveLength(2); // the answer and one packet: 64 bytes in flight at most
    let received = new Uint8Array(0);
    while (received.length < 0x2800) {
      const packet = host.frames.at(-1)!;
      received = Uint8Array.from([...received, ...packet]);
      host.clear();
      host.sendRaw([0xc0, ...words(received.length).map((b) => b), 0xc0]);
    }
    const digest = host.frames.at(-1)!;
    expect(received).toEqual(sonoff.readFlash().subarray(0x1000, 0x3800));
    expect(Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')).toBe(md5(received));
  });

  it('changes baud after answering; a host left at the old baud then gets garbage and is not understood', () => {
    const { sonoff, host } = withStub();
    expect(host.ask(OP.CHANGE_BAUDRATE, words(460800, 115200))[0]!.status).toEqual([0, 0]);
    expect(sonoff.baud).toBe(460800);
    const misunderstood = sonoff.counters.misunderstoodBytes;
    expect(host.ask(OP.READ_REG, words(0x40001000))).toEqual([]);
    expect(sonoff.counters.misunderstoodBytes).toBeGreaterThan(misunderstood);
    host.baud = 460800;
    expect(readReg(host, 0x40001000)).toBe(0xfff0c101);
  });
});

describe('boot', () => {
  const text = (host: RawHost) => host.text();

  it('prints the ROM boot line at 74880 and the firmware banner at 115200 when the flash holds an image', () => {
    for (const [baud, readable, garbled] of [
      [74880, 'rst cause:1, boot mode:(3,6)', 'POW virtual firmware'],
      [115200, 'POW virtual firmware', 'boot mode:(3,6)'],
    ] as const) {
      const sonoff = new VirtualSonoff({ seed: 2, powered: false });
      const host = new RawHost(sonoff, baud);
      sonoff.powerOn();
      expect(text(host)).toContain(readable);
      expect(text(host)).not.toContain(garbled);
      expect(sonoff.mode).toBe('firmware');
      expect(sonoff.counters.garbageBytesToHost).toBeGreaterThan(0);
    }
  });

  it('complains about an erased flash, and waits for SYNC with the button held', () => {
    const erased = new VirtualSonoff({ seed: 2, powered: false, flash: new Uint8Array(0) });
    const host = new RawHost(erased, 74880);
    erased.powerOn();
    expect(text(host)).toContain(' ets Jan  8 2013,rst cause:1, boot mode:(3,6)');
    expect(text(host)).toContain('ets_main.c');
    expect(erased.mode).toBe('halted');
    host.clear();
    erased.powerCycle({ buttonHeld: true });
    expect(text(host)).toContain('boot mode:(1,7)');
    expect(erased.mode).toBe('rom-loader');
  });

  it('ignores the host while running firmware (no answer to SYNC)', () => {
    const sonoff = new VirtualSonoff({ seed: 2 });
    const host = new RawHost(sonoff);
    expect(host.ask(OP.SYNC, SYNC_DATA)).toEqual([]);
  });
});

describe('faults and counters', () => {
  it('counts bytes, frames, round trips and payload, and resets', () => {
    const { sonoff, host } = loader();
    sonoff.counters.reset();
    host.ask(OP.SYNC, SYNC_DATA);
    const c = sonoff.counters.snapshot();
    expect(c).toMatchObject({ framesToDevice: 1, framesFromDevice: 8, roundTrips: 1, payloadBytesToDevice: 36, payloadBytesFromDevice: 16 });
    expect(c.bytesToDevice).toBe(46); // C0 + 8 + 36 + C0, nothing to escape
    expect(c.bytesFromDevice).toBe(8 * 12);
    sonoff.counters.reset();
    expect(sonoff.counters.snapshot()).toMatchObject({ bytesToDevice: 0, bytesFromDevice: 0, roundTrips: 0 });
  });

  it('corrupts or drops a chosen byte so the request fails, then clears', () => {
    const { sonoff, host } = loader();
    host.ask(OP.SYNC, SYNC_DATA);
    sonoff.faults.corruptByte({ direction: 'to-device', offset: 10 }); // in the register address
    const [reply] = host.ask(OP.READ_REG, words(0x40001000));
    expect(reply!.value).not.toBe(0xfff0c101);
    sonoff.faults.dropByte({ direction: 'from-device', offset: 5 });
    const dropped = host.ask(OP.READ_REG, words(0x40001000));
    expect(dropped.length === 0 || dropped[0]!.value !== 0xfff0c101).toBe(true);
    sonoff.faults.corruptByte({ direction: 'to-device', offset: 0 });
    expect(sonoff.faults.armed).toBe(true);
    sonoff.faults.clear();
    expect(sonoff.faults.armed).toBe(false);
    expect(readReg(host, 0x40001000)).toBe(0xfff0c101);
  });

  it('goes silent on stopAnswering', () => {
    const { sonoff, host } = loader();
    sonoff.faults.stopAnswering();
    expect(host.ask(OP.SYNC, SYNC_DATA)).toEqual([]);
  });

  it('goes silent after n more bytes, and answers again once the faults are cleared', () => {
    const { sonoff, host } = loader();
    sonoff.faults.stopAnswering({ afterBytes: 1000 });
    expect(sonoff.faults.armed).toBe(true);
    expect(readReg(host, 0x40001000)).toBe(0xfff0c101);
    for (let i = 0; i < 40; i++) host.ask(OP.READ_REG, [0x00, 0x10, 0x00, 0x40]);
    expect(host.ask(OP.SYNC, SYNC_DATA)).toEqual([]);
    sonoff.faults.clear();
    expect(readReg(host, 0x40001000)).toBe(0xfff0c101);
  });

  it('unplugs after n more bytes: the host is told, the device loses power', () => {
    const { sonoff, host } = loader();
    sonoff.faults.unplugAfterBytes(20);
    host.ask(OP.SYNC, SYNC_DATA);
    expect(host.lostCalled).toBe(true);
    expect(sonoff.powered).toBe(false);
    expect(sonoff.unplugged).toBe(true);
    expect(host.replies()).toEqual([]);
  });

  it('browns out after n bytes: the stub is lost and the ROM loader starts again (button held)', () => {
    const { sonoff, host } = withStub();
    sonoff.faults.brownOutAfterBytes(10);
    host.ask(OP.READ_REG, words(0x40001000));
    expect(sonoff.stubRunning).toBe(false);
    expect(sonoff.mode).toBe('rom-loader');
  });

  it('browns out during a write: part of the data is in flash, the stub is gone', () => {
    const { sonoff, host } = withStub();
    sonoff.faults.brownOutDuringWrite({ afterBytes: 0x1000 });
    const image = new Uint8Array(0x3000).fill(0x11);
    host.ask(OP.FLASH_DEFL_BEGIN, words(image.length, 1, 0x4000, 0x40000));
    host.ask(OP.FLASH_DEFL_DATA, block(deflate(image), 0));
    expect(sonoff.stubRunning).toBe(false);
    const flash = sonoff.readFlash();
    expect(flash.subarray(0x40000, 0x41000).every((b) => b === 0x11)).toBe(true);
    expect(flash.subarray(0x41000, 0x43000).every((b) => b === 0x11)).toBe(false);
    // The ROM loader is back: it does not know FLASH_DEFL_END.
    const replies = host.ask(OP.FLASH_DEFL_END, words(1));
    expect(replies).toHaveLength(8);
    expect(replies[0]!.status).toEqual([1, 0x05]);
  });
});
