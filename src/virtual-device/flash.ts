/**
 * The 1 MB SPI NOR flash: erased bytes read 0xFF, erase works on 4 KB
 * sectors, and programming can only clear bits (new = old & data). A write
 * that would need a bit set is not silently accepted: the flash keeps
 * old & data (so a host's MD5 check fails) and the violation is counted.
 *
 * Sources: W25Q80DV datasheet, Page Program (02h): data is "programmed at
 * previously erased (FFh) memory locations" (a NOR cell's program only pulls
 * 1s to 0s; only an erase returns them to 1); geometry, 256-byte pages and
 * 4 KB/32 KB/64 KB/chip erasers: flashrom flashchips.c entry "W25Q80.V".
 */
export const SECTOR_SIZE = 0x1000;
export const BLOCK_SIZE = 0x10000;

export interface NorViolation {
  /** Flash address of the first byte whose bits could not be set. */
  address: number;
  /** Bytes in that program operation that could not be stored. */
  bytes: number;
}

export class NorFlash {
  readonly size: number;
  readonly #data: Uint8Array;
  /** Program operations that tried to set bits (each left old & data behind). */
  violations = 0;
  lastViolation: NorViolation | undefined;
  /** Bytes programmed and sectors erased since creation (for tests and benchmarks). */
  bytesProgrammed = 0;
  sectorsErased = 0;

  constructor(size: number, contents?: Uint8Array) {
    this.size = size;
    this.#data = new Uint8Array(size).fill(0xff);
    if (contents) this.load(contents);
  }

  /** Replaces the whole contents (a factory image or a test fixture); shorter data is padded with 0xFF. */
  load(contents: Uint8Array): void {
    if (contents.length > this.size) throw new RangeError(`image of ${contents.length} bytes does not fit a ${this.size}-byte flash`);
    this.#data.fill(0xff);
    this.#data.set(contents);
  }

  inRange(address: number, length: number): boolean {
    return Number.isInteger(address) && Number.isInteger(length) && address >= 0 && length >= 0 && address + length <= this.size;
  }

  read(address: number, length: number): Uint8Array {
    if (!this.inRange(address, length)) throw new RangeError(`read 0x${address.toString(16)}+0x${length.toString(16)} is outside the flash`);
    return this.#data.slice(address, address + length);
  }

  /** A copy of everything. */
  snapshot(): Uint8Array {
    return this.#data.slice();
  }

  /** Read-only view for hashing without a copy. */
  view(address = 0, length = this.size - address): Uint8Array {
    return this.#data.subarray(address, address + length);
  }

  eraseSector(sector: number): void {
    const start = sector * SECTOR_SIZE;
    if (!this.inRange(start, SECTOR_SIZE)) throw new RangeError(`sector ${sector} is outside the flash`);
    this.#data.fill(0xff, start, start + SECTOR_SIZE);
    this.sectorsErased++;
  }

  eraseAll(): void {
    this.#data.fill(0xff);
    this.sectorsErased += this.size / SECTOR_SIZE;
  }

  /** NOR programming: returns false (and records a violation) when some bit would have to go 0 → 1. */
  program(address: number, bytes: Uint8Array): boolean {
    if (!this.inRange(address, bytes.length)) throw new RangeError(`write 0x${address.toString(16)}+0x${bytes.length.toString(16)} is outside the flash`);
    let bad = 0;
    for (let i = 0; i < bytes.length; i++) {
      const old = this.#data[address + i]!;
      const wanted = bytes[i]!;
      const stored = old & wanted;
      if (stored !== wanted) {
        if (bad === 0) this.lastViolation = { address: address + i, bytes: 0 };
        bad++;
      }
      this.#data[address + i] = stored;
    }
    this.bytesProgrammed += bytes.length;
    if (bad > 0) {
      this.violations++;
      this.lastViolation = { address: this.lastViolation?.address ?? address, bytes: bad };
      return false;
    }
    return true;
  }
}
