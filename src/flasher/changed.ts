/**
 * Writing only what changed: which sectors of a write's range already hold
 * the bytes the write would leave there, asked of the stub region by region
 * (SPI_FLASH_MD5), and the runs of sectors that must be written. Pure but
 * for the injected MD5 of the flash; no esptool-js.
 *
 * What esptool.py's full write leaves: FLASH_DEFL_BEGIN erases every sector
 * the range touches (esp-flasher-stub v1.1.0 command_handler.c
 * s_init_flash_operation L225–264; legacy stub_write_flash.c
 * handle_flash_begin), then the image is programmed. So the comparison is
 * against the image as sent (padded, header-patched) inside 0xFF to the
 * sector boundaries: a sector whose bytes outside the image are not erased
 * differs, and is written.
 */
import { SECTOR_BYTES } from './backup.ts';
import { md5Hex } from './md5.ts';

/** How the page writes: only the sectors that differ, or every byte, exactly as the command does. */
export type WriteMode = 'changed' | 'full';

/**
 * The first, coarse pass asks one MD5 per this many bytes; a region that
 * differs is asked again sector by sector. Chosen from `npm run bench`'s
 * region table (bench/RESULTS.md): per-region round trips against the
 * chip's MD5 time and the bytes a coarse region would rewrite.
 */
export const COARSE_REGION_BYTES = 64 * 1024;

/** The write's range on sector boundaries, with the bytes a full write leaves there. */
export interface SectorSpan {
  /** Sector-aligned start. */
  start: number;
  /** 0xFF outside the image, the image at `address - start`; a whole number of sectors. */
  bytes: Uint8Array;
}

export function sectorSpan(image: Uint8Array, address: number): SectorSpan {
  const start = address - (address % SECTOR_BYTES);
  const end = Math.ceil((address + image.length) / SECTOR_BYTES) * SECTOR_BYTES;
  if (start === address && end === address + image.length) return { start, bytes: image };
  const bytes = new Uint8Array(end - start).fill(0xff);
  bytes.set(image, address - start);
  return { start, bytes };
}

/** A run of sectors to write: `offset` into the span's bytes, `length` bytes (whole sectors). */
export interface Run {
  offset: number;
  length: number;
}

/** Sorted sector indexes (of the span) merged into contiguous runs. */
export function mergeSectors(sectors: readonly number[]): Run[] {
  const runs: Run[] = [];
  for (const sector of sectors) {
    const last = runs.at(-1);
    const offset = sector * SECTOR_BYTES;
    if (last !== undefined && last.offset + last.length === offset) last.length += SECTOR_BYTES;
    else runs.push({ offset, length: SECTOR_BYTES });
  }
  return runs;
}

/** The flash's MD5 of `length` bytes at `address`, as lower-case hex. */
export type FlashMd5 = (address: number, length: number) => Promise<string>;

export interface Diff {
  /** Sectors in the span. */
  sectors: number;
  /** Indexes (into the span) of the sectors that differ, sorted. */
  changed: number[];
  /** SPI_FLASH_MD5 requests made. */
  requests: number;
}

/**
 * Which sectors of the span differ from the flash: one MD5 per coarse
 * region, then, inside each region that differs, one per sector (until a
 * region turns out to differ in every sector).
 */
export async function diffSectors(span: SectorSpan, flashMd5: FlashMd5, coarseBytes = COARSE_REGION_BYTES, onRegion?: (doneBytes: number) => void): Promise<Diff> {
  if (coarseBytes % SECTOR_BYTES !== 0 || coarseBytes <= 0) throw new RangeError(`coarse region ${coarseBytes} is not a whole number of sectors`);
  const { start, bytes } = span;
  const sectors = bytes.length / SECTOR_BYTES;
  const changed: number[] = [];
  let requests = 0;
  const differs = async (offset: number, length: number): Promise<boolean> => {
    requests++;
    return (await flashMd5(start + offset, length)) !== md5Hex(bytes.subarray(offset, offset + length));
  };
  // Asking sector by sector pays only while some sectors of a differing region match; once a region
  // differs in every sector (another build of a firmware: everything after the first change moves),
  // the rest of the differing regions are written whole rather than asked again.
  let refine = true;
  for (let offset = 0; offset < bytes.length; offset += coarseBytes) {
    const length = Math.min(coarseBytes, bytes.length - offset);
    if (await differs(offset, length)) {
      const all: number[] = [];
      for (let at = offset; at < offset + length; at += SECTOR_BYTES) all.push(at / SECTOR_BYTES);
      const found: number[] = [];
      if (refine && all.length > 1) for (const sector of all) if (await differs(sector * SECTOR_BYTES, SECTOR_BYTES)) found.push(sector);
      if (found.length === all.length) refine = false;
      // A region that differs as a whole but in none of its sectors changed under us: all of it is written.
      changed.push(...(found.length === 0 ? all : found));
    }
    onRegion?.(offset + length);
  }
  return { sectors, changed, requests };
}
