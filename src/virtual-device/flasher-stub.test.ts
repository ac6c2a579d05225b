/**
 * esp-flasher-stub's rules, through the image esptool-js 0.7.0 really
 * uploads (the virtual chip recognises it by its segments' MD5).
 */
import { deflate } from 'pako';
import SparkMD5 from 'spark-md5';
import { describe, expect, it, vi } from 'vitest';
import { VirtualSonoff, type VirtualSonoffOptions } from './index.ts';
import { OP, STUB_ERROR } from './protocol.ts';
import { askAfter, block, esptoolJsStub, RawHost, stubSegments, SYNC_DATA, uploadStub, uploadStubTimed, words } from './test-host.ts';

const md5 = (bytes: Uint8Array) => SparkMD5.ArrayBuffer.hash(bytes.slice().buffer as ArrayBuffer);
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

async function withStub(options: Partial<VirtualSonoffOptions> = {}): Promise<{ sonoff: VirtualSonoff; host: RawHost }> {
  const sonoff = new VirtualSonoff({ seed: 11, buttonHeld: true, usbPlugged: false, timing: 'instant', ...options });
  const host = new RawHost(sonoff);
  host.ask(OP.SYNC, SYNC_DATA);
  uploadStub(host, stubSegments(await esptoolJsStub()));
  expect(sonoff.stub?.family).toBe('esp-flasher-stub');
  host.clear();
  return { sonoff, host };
}

/** The stub uploaded at the chain's own pace, on Vitest's fake clock; `body` moves the clock with `advance`. */
async function onRealTimeStub(body: (device: { sonoff: VirtualSonoff; host: RawHost; advance: (ms: number) => Promise<unknown> }) => Promise<void>): Promise<void> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  try {
    const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
    const sonoff = new VirtualSonoff({ seed: 11, buttonHeld: true, usbPlugged: false, timing: 'real' });
    const host = new RawHost(sonoff);
    await askAfter(host, OP.SYNC, SYNC_DATA, 100, advance);
    const ohai = await uploadStubTimed(host, stubSegments(await esptoolJsStub()), advance);
    expect(ohai[0]!.status).toEqual([0, 0]);
    expect(sonoff.stub?.id).toBe('esp-flasher-stub-1.2.1');
    await body({ sonoff, host, advance });
  } finally {
    vi.useRealTimers();
  }
}

const readReg = (host: RawHost, address: number) => host.ask(OP.READ_REG, words(address))[0]!.value;

describe('esp-flasher-stub (esptool-js 0.7.0)', () => {
  it('answers an unknown command with INVALID_COMMAND (0xC3), not the legacy 0xFF', async () => {
    const { host } = await withStub();
    expect(host.ask(0x55)[0]).toMatchObject({ op: 0x55, status: [STUB_ERROR.INVALID_COMMAND, 0] });
    expect(host.ask(OP.GET_SECURITY_INFO)[0]!.status).toEqual([0xff, 0]);
  });

  it('reads only its first CHANGE_BAUDRATE word and assumes the link is at 115200: a second change lands at the wrong rate', async () => {
    const { sonoff, host } = await withStub();
    expect(host.ask(OP.CHANGE_BAUDRATE, words(921600, 115200))[0]!.status).toEqual([0, 0]);
    expect(sonoff.chip.uartDivider).toBe(56); // floor(451 × 115200 / 921600)
    host.baud = 921600;
    expect(readReg(host, 0x60000014)).toBe(56);
    // "Back to 115200": 56 × 115200 / 115200 = 56, so the chip stays at ~928571 baud.
    expect(host.ask(OP.CHANGE_BAUDRATE, words(115200, 921600))[0]!.status).toEqual([0, 0]);
    expect(sonoff.chip.uartDivider).toBe(56);
    host.baud = 115200;
    expect(host.ask(OP.READ_REG, words(0x40001000))).toEqual([]);
    host.baud = 921600;
    expect(readReg(host, 0x40001000)).toBe(0xfff0c101);
    // The value that brings it back: floor(56 × 115200 / x) = 451 → x = 14304.
    host.ask(OP.CHANGE_BAUDRATE, words(14304, 0));
    expect(sonoff.chip.uartDivider).toBe(451);
    host.baud = 115200;
    expect(readReg(host, 0x60000014)).toBe(451);
  });

  it('keeps one READ_FLASH packet in flight whatever the host asks for, and ends with the MD5', async () => {
    const { sonoff, host } = await withStub();
    host.ask(OP.READ_FLASH, words(0x1000, 0x2800, 0x1000, 4 * 0x1000)); // asks for four in flight
    expect(host.frames).toHaveLength(2); // the answer and one packet
    let received = new Uint8Array(0);
    while (received.length < 0x2800) {
      const packet = host.frames.at(-1)!;
      received = Uint8Array.from([...received, ...packet]);
      host.clear();
      host.sendRaw([0xc0, ...words(received.length), 0xc0]);
      expect(host.frames).toHaveLength(1);
    }
    expect(received).toEqual(sonoff.readFlash().subarray(0x1000, 0x3800));
    expect(hex(host.frames.at(-1)!)).toBe(md5(received));
  });

  it('answers READ_FLASH with a packet over 4 KB as success, and sends BAD_DATA_LEN as the answer to the next command, which it does not run', async () => {
    const { host } = await withStub();
    expect(host.ask(OP.READ_FLASH, words(0, 0x2000, 0x2000, 1))).toEqual([expect.objectContaining({ op: OP.READ_FLASH, status: [0, 0] })]);
    expect(host.ask(OP.READ_REG, words(0x40001000))[0]).toMatchObject({ op: OP.READ_REG, value: 0, status: [STUB_ERROR.BAD_DATA_LEN, 0] });
    expect(readReg(host, 0x40001000)).toBe(0xfff0c101);
  });

  it('answers FLASH_DEFL_END with data still owed with BAD_DATA_LEN (0xC0), and never reboots on FLASH_END', async () => {
    const { sonoff, host } = await withStub();
    host.ask(OP.FLASH_DEFL_BEGIN, words(1000, 1, 0x4000, 0x40000));
    host.ask(OP.FLASH_DEFL_DATA, block(deflate(new Uint8Array(10)), 0));
    expect(host.ask(OP.FLASH_DEFL_END, words(0))[0]!.status).toEqual([STUB_ERROR.BAD_DATA_LEN, 0]);
    host.ask(OP.FLASH_DEFL_BEGIN, words(10, 1, 0x4000, 0x40000));
    host.ask(OP.FLASH_DEFL_DATA, block(deflate(new Uint8Array(10)), 0));
    expect(host.ask(OP.FLASH_DEFL_END, words(0))[0]!.status).toEqual([0, 0]);
    expect(sonoff.stubRunning).toBe(true);
  });

  it('inflates blocks as they arrive, writes every 32 KB and the rest at the end, and verifies by MD5', async () => {
    const { sonoff, host } = await withStub();
    const image = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 13) ^ (i >> 7));
    const compressed = deflate(image, { level: 9 });
    const size = 0x4000;
    const blocks = Math.ceil(compressed.length / size);
    expect(host.ask(OP.FLASH_DEFL_BEGIN, words(image.length, blocks, size, 0x20000))[0]!.status).toEqual([0, 0]);
    for (let seq = 0; seq < blocks; seq++) expect(host.ask(OP.FLASH_DEFL_DATA, block(compressed.subarray(seq * size, (seq + 1) * size), seq))[0]!.status).toEqual([0, 0]);
    expect(host.ask(OP.FLASH_DEFL_END, words(1))[0]!.status).toEqual([0, 0]);
    expect(sonoff.readFlash().subarray(0x20000, 0x20000 + image.length)).toEqual(image);
    expect(sonoff.norViolations).toBe(0);
    const [digest] = host.ask(OP.SPI_FLASH_MD5, words(0x20000, image.length, 0, 0));
    expect(hex(digest!.data)).toBe(md5(image));
  });

  it('reports a bad checksum at once and a broken deflate stream on the next command', async () => {
    const { host } = await withStub();
    expect(host.ask(OP.FLASH_DEFL_DATA, block(Uint8Array.of(1, 2), 0))[0]!.status).toEqual([STUB_ERROR.NOT_IN_FLASH_MODE, 0]);
    host.ask(OP.FLASH_DEFL_BEGIN, words(1000, 1, 0x4000, 0x40000));
    expect(host.ask(OP.FLASH_DEFL_DATA, block(Uint8Array.of(1, 2), 0), { chk: 0x33 })[0]!.status).toEqual([STUB_ERROR.BAD_DATA_CHECKSUM, 0]);
    expect(host.ask(OP.FLASH_DEFL_DATA, block(Uint8Array.of(0xde, 0xad, 0xbe, 0xef), 0))[0]!.status).toEqual([0, 0]); // acked first
    expect(host.ask(OP.FLASH_DEFL_END, words(1))[0]!.status).toEqual([STUB_ERROR.INFLATE_ERROR, 0]); // the deferred error
  });

  it('erases a region only when sector aligned (BAD_DATA_LEN otherwise) and the whole chip on ERASE_FLASH', async () => {
    const { sonoff, host } = await withStub();
    expect(host.ask(OP.ERASE_REGION, words(0x1000, 0x2000))[0]!.status).toEqual([0, 0]);
    expect(sonoff.readFlash().subarray(0x1000, 0x3000).every((b) => b === 0xff)).toBe(true);
    expect(sonoff.readFlash().subarray(0, 0x1000).every((b) => b === 0xff)).toBe(false);
    expect(host.ask(OP.ERASE_REGION, words(0x1001, 0x1000))[0]!.status).toEqual([STUB_ERROR.BAD_DATA_LEN, 0]);
    expect(host.ask(OP.ERASE_FLASH)[0]!.status).toEqual([0, 0]);
    expect(sonoff.readFlash().every((b) => b === 0xff)).toBe(true);
  });

  it('does nothing on RUN_USER_CODE and does not answer it', async () => {
    const { sonoff, host } = await withStub();
    expect(host.ask(OP.RUN_USER_CODE)).toEqual([]);
    expect(sonoff.stubRunning).toBe(true);
  });

  it('drops a third frame that arrives while it writes (two frame buffers), answering the two it has', () =>
    onRealTimeStub(async ({ sonoff, host, advance }) => {
      const image = Uint8Array.from({ length: 0x10000 }, (_, i) => (i * 31) & 0xff);
      const compressed = deflate(image);
      await askAfter(host, OP.FLASH_DEFL_BEGIN, words(image.length, 1, 0x4000, 0x50000), 50, advance);
      host.clear();
      // The block, then two more requests right behind it, while the stub is still programming 64 KB.
      host.request(OP.FLASH_DEFL_DATA, block(compressed, 0));
      host.request(OP.READ_REG, words(0x40001000));
      host.request(OP.READ_REG, words(0x40001000));
      await advance(5000);
      expect(sonoff.counters.framesDroppedByChip).toBe(1);
      expect(host.replies().map((r) => r.op)).toEqual([OP.FLASH_DEFL_DATA, OP.READ_REG]);
    }));

  it('takes the chip’s time for SPI_FLASH_MD5: about 1.24 s for 1 MB (flash read and MD5Update), then the right digest', () =>
    onRealTimeStub(async ({ sonoff, host, advance }) => {
      expect(await askAfter(host, OP.SPI_FLASH_MD5, words(0, 0x100000, 0, 0), 1150, advance)).toEqual([]);
      await advance(200);
      const [answer] = host.replies();
      expect(answer!.status).toEqual([0, 0]);
      expect(hex(answer!.data)).toBe(md5(sonoff.readFlash()));
    }));
});
