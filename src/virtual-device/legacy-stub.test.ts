/**
 * The legacy stub's rules (esptool.py 4.12's default). Its image ships only
 * inside esptool.py, so these tests run whatever they upload as that stub
 * (testOnlyAnyUploadRunsAs); esptool.py itself checks the recognition by
 * image (src/virtual-device/ESPTOOL-CHECK.md).
 */
import { deflate } from 'pako';
import SparkMD5 from 'spark-md5';
import { describe, expect, it } from 'vitest';
import { VirtualSonoff } from './index.ts';
import { OP, STUB_ERROR } from './protocol.ts';
import { block, RawHost, SYNC_DATA, uploadStub, words } from './test-host.ts';

const md5 = (bytes: Uint8Array) => SparkMD5.ArrayBuffer.hash(bytes.slice().buffer as ArrayBuffer);
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function withLegacyStub(): { sonoff: VirtualSonoff; host: RawHost } {
  const sonoff = new VirtualSonoff({ seed: 12, buttonHeld: true, usbPlugged: false, timing: 'instant', testOnlyAnyUploadRunsAs: 'legacy-1.11.1' });
  const host = new RawHost(sonoff);
  host.ask(OP.SYNC, SYNC_DATA);
  uploadStub(host, { entry: 0x4010d004, segments: [{ address: 0x4010d000, bytes: new Uint8Array(64) }] });
  expect(host.frames.map((f) => new TextDecoder().decode(f))).toContain('OHAI');
  expect(sonoff.stub?.family).toBe('legacy');
  host.clear();
  return { sonoff, host };
}

describe('legacy flasher stub (esptool.py 4.12)', () => {
  it('computes CHANGE_BAUDRATE from the old baud the host sends: there and back both work', () => {
    const { sonoff, host } = withLegacyStub();
    host.ask(OP.CHANGE_BAUDRATE, words(921600, 115200));
    expect(sonoff.chip.uartDivider).toBe(56);
    host.baud = 921600;
    host.ask(OP.CHANGE_BAUDRATE, words(115200, 921600)); // 56 × 921600 / 115200 = 448
    expect(sonoff.chip.uartDivider).toBe(448);
    host.baud = 115200;
    expect(host.ask(OP.READ_REG, words(0x40001000))[0]!.value).toBe(0xfff0c101); // 52e6/448 = 116071: within tolerance
  });

  it('counts READ_FLASH in flight in bytes: esptool.py’s 64 means one packet, 16 KB means four', () => {
    const { sonoff, host } = withLegacyStub();
    host.ask(OP.READ_FLASH, words(0, 0x4000, 0x1000, 64));
    expect(host.frames).toHaveLength(2); // answer + one packet
    let received = new Uint8Array(0);
    while (received.length < 0x4000) {
      received = Uint8Array.from([...received, ...host.frames.at(-1)!]);
      host.clear();
      host.sendRaw([0xc0, ...words(received.length), 0xc0]);
    }
    expect(hex(host.frames.at(-1)!)).toBe(md5(sonoff.readFlash().subarray(0, 0x4000)));
    host.ask(OP.READ_FLASH, words(0, 0x4000, 0x1000, 0x4000));
    expect(host.frames).toHaveLength(5); // answer + four packets at once
  });

  it('answers FLASH_DEFL_END with data owed with NOT_ENOUGH_DATA (0xC8), and reboots on FLASH_END 0', () => {
    const { sonoff, host } = withLegacyStub();
    host.ask(OP.FLASH_DEFL_BEGIN, words(1000, 1, 0x4000, 0x40000));
    host.ask(OP.FLASH_DEFL_DATA, block(deflate(new Uint8Array(10)), 0));
    expect(host.ask(OP.FLASH_DEFL_END, words(1))[0]!.status).toEqual([STUB_ERROR.NOT_ENOUGH_DATA, 0]);
    host.ask(OP.FLASH_DEFL_BEGIN, words(10, 1, 0x4000, 0x40000));
    host.ask(OP.FLASH_DEFL_DATA, block(deflate(new Uint8Array(10)), 0));
    expect(host.ask(OP.FLASH_DEFL_END, words(0))[0]!.status).toEqual([0, 0]);
    expect(sonoff.mode).toBe('rom-loader'); // rebooted with the button still held
  });

  it('answers unknown commands with 0xFF, a too-large block size with 0xC2, and failures of `x || y` handlers with 1', () => {
    const { host } = withLegacyStub();
    expect(host.ask(0x55)[0]!.status).toEqual([STUB_ERROR.CMD_NOT_IMPLEMENTED, 0]);
    expect(host.ask(OP.FLASH_DEFL_BEGIN, words(10, 1, 0x8000, 0))[0]!.status).toEqual([STUB_ERROR.BAD_BLOCKSIZE, 0]);
    expect(host.ask(OP.ERASE_REGION, words(0x1001, 0x1000))[0]!.status).toEqual([1, 0]);
    expect(host.ask(OP.SPI_ATTACH, words(0, 0))[0]!.status).toEqual([1, 0]);
  });

  it('keeps a block’s error for the next DATA or END answer', () => {
    const { host } = withLegacyStub();
    host.ask(OP.FLASH_DEFL_BEGIN, words(1000, 1, 0x4000, 0x40000));
    expect(host.ask(OP.FLASH_DEFL_DATA, block(Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 1), 0))[0]!.status).toEqual([0, 0]);
    expect(host.ask(OP.FLASH_DEFL_DATA, block(Uint8Array.of(1, 2, 3, 4, 5), 1))[0]!.status).toEqual([STUB_ERROR.INFLATE_ERROR, 0]);
  });

  it('writes a compressed image erasing ahead, verified by its MD5 command', () => {
    const { sonoff, host } = withLegacyStub();
    const image = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) ^ (i >> 9));
    const compressed = deflate(image, { level: 9 });
    const blocks = Math.ceil(compressed.length / 0x4000);
    host.ask(OP.FLASH_DEFL_BEGIN, words(image.length, blocks, 0x4000, 0x10000));
    for (let seq = 0; seq < blocks; seq++) host.ask(OP.FLASH_DEFL_DATA, block(compressed.subarray(seq * 0x4000, (seq + 1) * 0x4000), seq));
    expect(host.ask(OP.FLASH_DEFL_END, words(1))[0]!.status).toEqual([0, 0]);
    expect(sonoff.readFlash().subarray(0x10000, 0x10000 + image.length)).toEqual(image);
    expect(hex(host.ask(OP.SPI_FLASH_MD5, words(0x10000, image.length, 0, 0))[0]!.data)).toBe(md5(image));
  });

  it('stops hearing the host after a READ_FLASH with a packet over 4 KB (its RX interrupt stays off)', () => {
    const { host } = withLegacyStub();
    expect(host.ask(OP.READ_FLASH, words(0, 0x2000, 0x2000, 64))[0]!.status).toEqual([0, 0]);
    expect(host.frames).toHaveLength(1);
    expect(host.ask(OP.READ_REG, words(0x40001000))).toEqual([]);
  });
});
