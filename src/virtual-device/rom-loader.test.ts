import SparkMD5 from 'spark-md5';
import { describe, expect, it } from 'vitest';
import { VirtualSonoff, type VirtualSonoffOptions } from './index.ts';
import { OP } from './protocol.ts';
import { block, esptoolJsStub, RawHost, stubSegments, SYNC_DATA, uploadStub, words } from './test-host.ts';

const SPI = { CMD: 0x60000200, USR: 0x6000021c, USR1: 0x60000220, USR2: 0x60000224, W0: 0x60000240 };

/** The board on a direct host (no adapter): attaching powers it, with the button held. */
function loader(options: Partial<VirtualSonoffOptions> = {}): { sonoff: VirtualSonoff; host: RawHost } {
  const sonoff = new VirtualSonoff({ seed: 11, buttonHeld: true, usbPlugged: false, timing: 'instant', ...options });
  const host = new RawHost(sonoff);
  host.ask(OP.SYNC, SYNC_DATA);
  return { sonoff, host };
}

const writeReg = (host: RawHost, address: number, value: number) => host.ask(OP.WRITE_REG, words(address, value >>> 0, 0xffffffff, 0));
const readReg = (host: RawHost, address: number) => host.ask(OP.READ_REG, words(address))[0]!.value;
const md5 = (bytes: Uint8Array) => SparkMD5.ArrayBuffer.hash(bytes.slice().buffer as ArrayBuffer);

describe('ESP8266 ROM loader', () => {
  it('answers SYNC eight times with a nonzero value and status 0,0', () => {
    const { host } = loader();
    const replies = host.ask(OP.SYNC, SYNC_DATA);
    expect(replies).toHaveLength(8);
    for (const reply of replies) expect(reply).toMatchObject({ op: OP.SYNC, status: [0, 0] });
    expect(replies[0]!.value).not.toBe(0);
  });

  it('reads the chip magic, the efuses, and the divider it auto-bauded to', () => {
    const { sonoff, host } = loader();
    expect(readReg(host, 0x40001000)).toBe(0xfff0c101);
    expect(readReg(host, 0x3ff00050)).toBe(sonoff.efuses.words[0]);
    const divider = readReg(host, 0x60000014) & 0xfffff;
    expect(divider).toBe(451); // 52 MHz / 115200
    expect((115200 * divider) / 1e6 / 2).toBeCloseTo(26, 0); // esptool's crystal estimate
  });

  it('reads the JEDEC id through SPI USR both the esptool.py way and the esptool-js 0.7.0 way', () => {
    const { host } = loader();
    writeReg(host, SPI.USR1, 23 << 8);
    writeReg(host, SPI.USR, (1 << 31) | (1 << 28));
    writeReg(host, SPI.USR2, (7 << 28) | 0x9f);
    writeReg(host, SPI.W0, 0);
    writeReg(host, SPI.CMD, 1 << 18);
    expect(readReg(host, SPI.CMD) & (1 << 18)).toBe(0);
    expect(readReg(host, SPI.W0)).toBe(0x1440ef);
    writeReg(host, SPI.USR1, 7 << 8);
    writeReg(host, SPI.CMD, 1 << 18);
    expect(readReg(host, SPI.W0)).toBe(0xef);
  });

  it('refuses a wrong length or a declared length that disagrees with status 1, 0x05', () => {
    const { host } = loader();
    expect(host.ask(OP.READ_REG, [1, 2, 3])[0]).toMatchObject({ op: OP.READ_REG, status: [1, 0x05] });
    expect(host.ask(OP.READ_REG, words(0x40001000), { declaredLength: 8 })[0]!.status).toEqual([1, 0x05]);
  });

  it.each([
    ['SPI_SET_PARAMS', OP.SPI_SET_PARAMS, words(0, 0x100000, 0x10000, 0x1000, 0x100, 0xffff)],
    ['SPI_ATTACH', OP.SPI_ATTACH, words(0)],
    ['CHANGE_BAUDRATE', OP.CHANGE_BAUDRATE, words(921600, 0)],
    ['FLASH_DEFL_BEGIN', OP.FLASH_DEFL_BEGIN, words(0x1000, 1, 0x4000, 0)],
    ['SPI_FLASH_MD5', OP.SPI_FLASH_MD5, words(0, 0x1000, 0, 0)],
    ['ERASE_FLASH (a stub command)', OP.ERASE_FLASH, []],
  ])('does not have %s: the unsupported-command answer esptool expects, and nothing changes', (_name, op, data) => {
    const { sonoff, host } = loader();
    const before = sonoff.readFlash();
    const replies = host.ask(op, data);
    expect(replies).toHaveLength(8);
    for (const reply of replies) {
      expect(reply.op).not.toBe(op);
      expect(reply.status).toEqual([1, 0x05]);
    }
    expect(sonoff.baud).toBeCloseTo(52e6 / 451);
    expect(sonoff.readFlash()).toEqual(before);
  });

  it('rejects a MEM_DATA or FLASH_DATA block with a wrong checksum with status 1, 0x07', () => {
    const { host } = loader();
    host.ask(OP.MEM_BEGIN, words(4, 1, 0x1800, 0x40100000));
    expect(host.ask(OP.MEM_DATA, block(Uint8Array.of(1, 2, 3, 4), 0), { chk: 0x12 })[0]!.status).toEqual([1, 0x07]);
    host.ask(OP.FLASH_BEGIN, words(0x1000, 1, 0x400, 0x1000));
    expect(host.ask(OP.FLASH_DATA, block(new Uint8Array(0x400), 0), { chk: 0 })[0]!.status).toEqual([1, 0x07]);
  });

  it('writes flash with FLASH_BEGIN/DATA, erasing as esptool compensates the ROM erase-size quirk', () => {
    const { sonoff, host } = loader();
    const data = Uint8Array.from({ length: 0x400 * 3 }, (_, i) => (i * 7) & 0xff);
    // esptool ESP8266ROM.get_erase_size(0x82000, 3 KB): 1 sector in a 14-sector head → (1 + 1) // 2 sectors
    host.ask(OP.FLASH_BEGIN, words(0x1000, 3, 0x400, 0x82000));
    for (let seq = 0; seq < 3; seq++) expect(host.ask(OP.FLASH_DATA, block(data.subarray(seq * 0x400, (seq + 1) * 0x400), seq))[0]!.status).toEqual([0, 0]);
    expect(sonoff.readFlash().subarray(0x82000, 0x82000 + data.length)).toEqual(data);
    expect(sonoff.norViolations).toBe(0);
  });

  it('answers a block it could not store (the bits were not erased) with the flash write error 0x08', () => {
    const { sonoff, host } = loader();
    const before = sonoff.readFlash().subarray(0x10000, 0x10400);
    host.ask(OP.FLASH_BEGIN, words(0, 0, 0x400, 0x10000)); // erase nothing
    const data = new Uint8Array(0x400).fill(0xa5);
    expect(host.ask(OP.FLASH_DATA, block(data, 0))[0]!.status).toEqual([1, 0x08]);
    expect(sonoff.norViolations).toBe(1);
    expect(sonoff.readFlash().subarray(0x10000, 0x10400)).toEqual(before.map((b) => b & 0xa5));
  });

  it('FLASH_END 1 runs the firmware in flash; 0 reboots, and with the button still held the loader starts again', () => {
    const running = loader();
    running.host.ask(OP.FLASH_END, words(1));
    expect(running.sonoff.mode).toBe('firmware');
    const rebooted = loader();
    rebooted.host.clear();
    rebooted.host.ask(OP.FLASH_END, words(0));
    expect(rebooted.sonoff.mode).toBe('rom-loader');
    rebooted.host.baud = 74880;
    expect(rebooted.sonoff.consoleText).toContain('rst cause:2, boot mode:(1,7)');
  });

  it('runs the stub esptool-js uploads: OHAI, then SYNC answers with value 0', async () => {
    const { sonoff, host } = loader();
    const replies = uploadStub(host, stubSegments(await esptoolJsStub()));
    expect(replies[0]!.status).toEqual([0, 0]);
    expect(host.frames.map((f) => new TextDecoder().decode(f))).toContain('OHAI');
    expect(sonoff.stub?.id).toBe('esp-flasher-stub-1.2.1');
    const syncs = host.ask(OP.SYNC, SYNC_DATA);
    expect(syncs).toHaveLength(8);
    expect(syncs.every((r) => r.value === 0 && r.status[0] === 0)).toBe(true);
  });

  it('never says OHAI for code it does not know: the chip is gone, as after a crash', async () => {
    const { sonoff, host } = loader();
    const real = stubSegments(await esptoolJsStub());
    const changed = real.segments.map((s, i) => (i === 0 ? { address: s.address, bytes: s.bytes.map((b, j) => (j === 100 ? b ^ 0xff : b)) } : s));
    uploadStub(host, { entry: real.entry, segments: changed });
    expect(host.frames.some((f) => new TextDecoder().decode(f) === 'OHAI')).toBe(false);
    expect(sonoff.mode).toBe('crashed');
    expect(host.ask(OP.SYNC, SYNC_DATA)).toEqual([]);
    expect(sonoff.consoleText).toContain('no stub this model knows');
  });
});

describe('boot', () => {
  it('prints the ROM boot line at the ROM rate and the firmware banner at 115200', () => {
    for (const [baud, readable, garbled] of [
      [74880, 'rst cause:1, boot mode:(3,6)', 'POW virtual firmware'],
      [115200, 'POW virtual firmware', 'boot mode:(3,6)'],
    ] as const) {
      const sonoff = new VirtualSonoff({ seed: 2, usbPlugged: false, timing: 'instant' });
      const host = new RawHost(sonoff, baud);
      expect(host.text()).toContain(readable);
      expect(host.text()).not.toContain(garbled);
      expect(sonoff.mode).toBe('firmware');
      expect(sonoff.counters.garbageBytesToHost).toBeGreaterThan(0);
    }
  });

  it('says ets_main.c over an erased flash, and waits for SYNC after a power cycle with the button held', () => {
    const erased = new VirtualSonoff({ seed: 2, usbPlugged: false, flash: new Uint8Array(0), timing: 'instant' });
    const host = new RawHost(erased, 74880);
    expect(host.text()).toContain(' ets Jan  8 2013,rst cause:1, boot mode:(3,6)');
    expect(host.text()).toContain('ets_main.c');
    expect(erased.mode).toBe('halted');
    host.clear();
    erased.powerCycle({ buttonHeld: true });
    expect(host.text()).toContain('boot mode:(1,7)');
    expect(erased.mode).toBe('rom-loader');
  });

  it('ignores the host while running firmware (no answer to SYNC)', () => {
    const sonoff = new VirtualSonoff({ seed: 2, usbPlugged: false, timing: 'instant' });
    const host = new RawHost(sonoff);
    expect(host.ask(OP.SYNC, SYNC_DATA)).toEqual([]);
  });

  it('noise at another rate can hold any byte, 0xC0 included', () => {
    const sonoff = new VirtualSonoff({ seed: 5, usbPlugged: false, timing: 'instant' });
    const host = new RawHost(sonoff, 115200);
    // The ROM's boot text at 74928 baud heard at 115200, several boots' worth.
    for (let i = 0; i < 40; i++) sonoff.powerCycle({ buttonHeld: false });
    expect(host.received).toContain(0xc0);
  });

  it('the firmware digest of a flash read matches the flash it came from', () => {
    const { sonoff } = loader();
    expect(md5(sonoff.readFlash())).toBe(sonoff.flashMd5());
  });
});
