/**
 * Writing only what changed: the sector diff and its runs (pure), and, on
 * the virtual Sonoff POW, that the flash afterwards is byte for byte what
 * the full write (esptool.py's) leaves, header patch included.
 */
import { describe, expect, it } from 'vitest';
import type { VirtualSonoff } from '../virtual-device/index.ts';
import type { WriteMode } from './changed.ts';
import { COARSE_REGION_BYTES, diffSectors, mergeSectors, sectorSpan } from './changed.ts';
import type { StepResult } from './events.ts';
import { prepareImage } from './image.ts';
import { md5Hex } from './md5.ts';
import { bench, cmd, connected, failure, MB, recorder } from './test-support.ts';
import { esp8266Image, firmwareLike } from './test-images.ts';

const SECTOR = 4096;

/** SPI_FLASH_MD5 of an array standing in for the flash; counts the requests. */
function md5Of(flash: Uint8Array) {
  const asked: Array<[number, number]> = [];
  const md5 = async (address: number, length: number): Promise<string> => {
    asked.push([address, length]);
    return md5Hex(flash.subarray(address, address + length));
  };
  return { md5, asked };
}

describe('the sector diff', () => {
  it('a span on sector boundaries is the image itself; otherwise 0xFF to the boundaries, as the erase leaves them', () => {
    const image = new Uint8Array(2 * SECTOR).fill(0x11);
    expect(sectorSpan(image, 0x3000).bytes).toBe(image);
    const odd = new Uint8Array(5000).fill(0x22);
    const span = sectorSpan(odd, 0x7f800);
    expect(span.start).toBe(0x7f000);
    expect(span.bytes.length).toBe(2 * SECTOR);
    expect(span.bytes.subarray(0, 0x800).every((b) => b === 0xff)).toBe(true);
    expect(span.bytes.subarray(0x800, 0x800 + 5000).every((b) => b === 0x22)).toBe(true);
    expect(span.bytes.subarray(0x800 + 5000).every((b) => b === 0xff)).toBe(true);
  });

  it('merges contiguous sectors into one run each', () => {
    expect(mergeSectors([])).toEqual([]);
    expect(mergeSectors([0, 1, 2, 5, 7, 8])).toEqual([
      { offset: 0, length: 3 * SECTOR },
      { offset: 5 * SECTOR, length: SECTOR },
      { offset: 7 * SECTOR, length: 2 * SECTOR },
    ]);
  });

  it('an unchanged 1 MB costs one request per coarse region; a changed byte costs its region’s sectors and names its sector', async () => {
    const flash = firmwareLike(MB, 5);
    const same = md5Of(flash);
    const unchanged = await diffSectors({ start: 0, bytes: flash.slice() }, same.md5);
    expect(unchanged).toEqual({ sectors: 256, changed: [], requests: MB / COARSE_REGION_BYTES });

    const file = flash.slice();
    const flip = (at: number): void => void (file[at] = file[at]! ^ 0x01);
    flip(253 * SECTOR + 17);
    flip(254 * SECTOR);
    flip(3); // a header byte, as the patch changes it
    const diff = await diffSectors({ start: 0, bytes: file }, md5Of(flash).md5);
    expect(diff.changed).toEqual([0, 253, 254]);
    expect(diff.requests).toBe(MB / COARSE_REGION_BYTES + 2 * (COARSE_REGION_BYTES / SECTOR));
  });

  it('stops asking sector by sector once a region differs in every sector, and writes the later differing regions whole', async () => {
    const flash = new Uint8Array(6 * SECTOR).fill(0xff);
    const file = flash.slice();
    file[0] = 0; // region 0: one sector of two
    file.fill(0, 2 * SECTOR, 4 * SECTOR); // region 1: both sectors
    file[5 * SECTOR] = 0; // region 2: one sector, not asked again
    const { md5, asked } = md5Of(flash);
    const diff = await diffSectors({ start: 0, bytes: file }, md5, 2 * SECTOR);
    expect(diff.changed).toEqual([0, 2, 3, 4, 5]);
    expect(asked.length).toBe(3 + 2 + 2);
  });

  it('asks at the span’s own addresses, and a last region shorter than the coarse size', async () => {
    const flash = new Uint8Array(MB).fill(0xff);
    const { md5, asked } = md5Of(flash);
    const span = sectorSpan(new Uint8Array(5000).fill(0x22), 0x7f800);
    const diff = await diffSectors(span, md5, 2 * SECTOR);
    expect(asked).toEqual([
      [0x7f000, 2 * SECTOR],
      [0x7f000, SECTOR],
      [0x80000, SECTOR],
    ]);
    expect(diff.changed).toEqual([0, 1]);
  });

  it('writes a whole region that differs as a whole but in none of its sectors (the flash changed between the two)', async () => {
    let calls = 0;
    const flash = new Uint8Array(2 * SECTOR).fill(0xff);
    const diff = await diffSectors({ start: 0, bytes: flash }, async (address, length) => (calls++ === 0 ? 'not this' : md5Hex(flash.subarray(address, address + length))), 2 * SECTOR);
    expect(diff.changed).toEqual([0, 1]);
  });

  it('refuses a coarse region that is not whole sectors', async () => {
    await expect(diffSectors({ start: 0, bytes: new Uint8Array(SECTOR) }, async () => '', 1000)).rejects.toThrow(RangeError);
  });
});

/** Two identical devices: one written in full (esptool.py's behaviour), one with only what changed. */
async function twins(before: Uint8Array, command: string, files: Map<string, Uint8Array>): Promise<{ full: Uint8Array; changed: Uint8Array; result: StepResult; sonoff: VirtualSonoff }> {
  const results: Partial<Record<WriteMode, { flash: Uint8Array; result: StepResult; sonoff: VirtualSonoff }>> = {};
  for (const mode of ['full', 'changed'] as const) {
    const sonoff = bench();
    sonoff.loadFlash(before);
    const session = await connected(sonoff);
    const result = (await session.run(cmd(command), files, () => {}, { write: mode })) as StepResult;
    expect(sonoff.norViolations).toBe(0);
    await session.disconnect();
    results[mode] = { flash: sonoff.readFlash(), result, sonoff };
  }
  return { full: results.full!.flash, changed: results.changed!.flash, result: results.changed!.result, sonoff: results.changed!.sonoff };
}

const sameFlash = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && md5Hex(a) === md5Hex(b);

describe('only what changed, on the virtual Sonoff POW', () => {
  const RESTORE = '--baud 115200 write_flash -fs 1MB -fm dio 0x00000 sonoff-backup.bin';
  const WRITE = '--baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin';

  it('restoring an unchanged backup writes nothing, says so, and leaves the flash as the full restore does', async () => {
    const sonoff = bench();
    const backup = prepareImage(sonoff.readFlash(), 0, { flashSize: '1MB', flashMode: 'dio', flashFreq: 'keep' });
    const { full, changed, result } = await twins(backup, RESTORE, new Map([['sonoff-backup.bin', backup]]));
    expect(result.changed).toEqual({ sectors: 256, changedSectors: 0, writtenBytes: 0 });
    expect(result.summary).toMatch(/^0 of 256 sectors of sonoff-backup\.bin differed; wrote 0 bytes at 0x00000 in \d+\.\d s; flash MD5 verified \([0-9a-f]{8}…\)$/);
    expect(sameFlash(changed, full)).toBe(true);
    expect(sameFlash(changed, backup)).toBe(true);
  });

  it('a backup whose header differs only by what -fm dout patches: sector 0 is written, and the header ends up patched', async () => {
    const sonoff = bench();
    const factory = sonoff.readFlash();
    expect(factory[2]).not.toBe(0x03); // the patch changes the header
    const { full, changed, result } = await twins(factory, RESTORE.replace('-fm dio', '-fm dout'), new Map([['sonoff-backup.bin', factory]]));
    expect(result.changed).toEqual({ sectors: 256, changedSectors: 1, writtenBytes: SECTOR });
    expect(changed[2]).toBe(0x03);
    expect(sameFlash(changed, full)).toBe(true);
  });

  it('only the settings sectors differ: those are written, in one run, and the flash is the full restore’s', async () => {
    const sonoff = bench();
    const device = prepareImage(sonoff.readFlash(), 0, { flashSize: '1MB', flashMode: 'dio', flashFreq: 'keep' });
    const backup = device.slice();
    for (let at = 0xfb000; at < 0xff000; at++) backup[at] = (at * 7) & 0xff;
    const { full, changed, result } = await twins(device, RESTORE, new Map([['sonoff-backup.bin', backup]]));
    expect(result.changed).toEqual({ sectors: 256, changedSectors: 4, writtenBytes: 4 * SECTOR });
    expect(sameFlash(changed, full)).toBe(true);
    expect(sameFlash(changed, backup)).toBe(true);
  });

  it('a firmware over an identical one writes only the patched header’s sector; over a blank flash, every sector it covers', async () => {
    const firmware = firmwareLike(412_337, 3);
    const patched = prepareImage(firmware, 0, { flashSize: '1MB', flashMode: 'dout', flashFreq: 'keep' });
    const blank = new Uint8Array(MB).fill(0xff);
    const over = blank.slice();
    over.set(firmware);
    const same = await twins(over, WRITE, new Map([['sonoff.bin', firmware]]));
    expect(same.result.changed).toEqual({ sectors: 101, changedSectors: 1, writtenBytes: SECTOR });
    expect(sameFlash(same.changed, same.full)).toBe(true);
    const afresh = await twins(blank, WRITE, new Map([['sonoff.bin', firmware]]));
    expect(afresh.result.changed).toEqual({ sectors: 101, changedSectors: 101, writtenBytes: 101 * SECTOR });
    expect(sameFlash(afresh.changed, afresh.full)).toBe(true);
    expect(afresh.changed.subarray(0, patched.length)).toEqual(patched);
  });

  it('a file that ends inside a sector: the rest of that sector is erased, as the full write erases it', async () => {
    const before = firmwareLike(MB, 9);
    const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 37 + 1) & 0xff);
    const { full, changed, result } = await twins(before, '--baud 115200 write_flash 0x7f000 data.bin', new Map([['data.bin', data]]));
    expect(result.changed).toEqual({ sectors: 2, changedSectors: 2, writtenBytes: 2 * SECTOR });
    expect(changed.subarray(0x7f000 + 5000, 0x81000).every((b) => b === 0xff)).toBe(true);
    expect(before.subarray(0x7f000 + 5000, 0x81000).every((b) => b === 0xff)).toBe(false);
    expect(sameFlash(changed, full)).toBe(true);
    // The tail not erased yet: only that sector differs.
    const tail = full.slice();
    tail[0x80fff] = 0x00;
    const tailOnly = await twins(tail, '--baud 115200 write_flash 0x7f000 data.bin', new Map([['data.bin', data]]));
    expect(tailOnly.result.changed).toEqual({ sectors: 2, changedSectors: 1, writtenBytes: SECTOR });
    expect(sameFlash(tailOnly.changed, full)).toBe(true);
    // Written again: now nothing differs.
    const again = await twins(full, '--baud 115200 write_flash 0x7f000 data.bin', new Map([['data.bin', data]]));
    expect(again.result.changed?.changedSectors).toBe(0);
    expect(sameFlash(again.changed, full)).toBe(true);
  });

  it('a small image with its 80 MHz header: the frequency kept, the bytes the full write’s', async () => {
    const image = esp8266Image({ sizeFreq: 0x0f, trailingBytes: 5001 });
    const { full, changed } = await twins(bench().readFlash(), WRITE, new Map([['sonoff.bin', image]]));
    expect([changed[2], changed[3]]).toEqual([0x03, 0x2f]);
    expect(sameFlash(changed, full)).toBe(true);
  });

  it('a block damaged on the way fails verification and is never reported as a success; run again, it writes only what is still wrong', async () => {
    const sonoff = bench();
    const device = sonoff.readFlash();
    const backup = firmwareLike(MB, 11);
    const session = await connected(sonoff);
    const { events, onEvent } = recorder();
    // Past the comparison's requests (26 bytes each) and the first 32 KB pieces the stub writes, inside the compressed data.
    sonoff.faults.corruptByte({ direction: 'to-device', offset: 150_000 });
    const error = await failure(session.run(cmd(RESTORE), new Map([['sonoff-backup.bin', backup]]), onEvent, { write: 'changed' }));
    expect(error.code).toBe('verify-failed');
    expect(events.some((e) => e.type === 'phase' && e.phase === 'finished')).toBe(false);
    expect(sameFlash(sonoff.readFlash(), device)).toBe(false);
    const again = (await session.run(cmd(RESTORE), new Map([['sonoff-backup.bin', backup]]), () => {}, { write: 'changed' })) as StepResult;
    expect(again.verified).toBe(true);
    expect(again.changed!.changedSectors).toBeGreaterThan(0);
    expect(again.changed!.changedSectors).toBeLessThan(256);
    expect(sameFlash(sonoff.readFlash(), prepareImage(backup, 0, { flashSize: '1MB', flashMode: 'dio', flashFreq: 'keep' }))).toBe(true);
    await session.disconnect();
  });

  it('an image refused before the comparison: not one request reaches the device', async () => {
    const sonoff = bench();
    const session = await connected(sonoff);
    sonoff.counters.reset();
    const error = await failure(session.run(cmd('--baud 115200 write_flash 0x80000 sonoff.bin'), new Map([['sonoff.bin', firmwareLike(600 * 1024, 2)]]), () => {}, { write: 'changed' }));
    expect(error.code).toBe('bad-image');
    expect(sonoff.counters.snapshot().framesToDevice).toBe(0);
    await session.disconnect();
  });
});
