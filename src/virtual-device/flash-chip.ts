/**
 * The Sonoff POW's flash chip in time: a Winbond W25Q80 (JEDEC ef 40 14,
 * 1 MB, 256-byte pages, 4 KB sectors, 64 KB blocks). NOR semantics live in
 * flash.ts; this adds how long each operation keeps the chip busy, and when
 * the next one may start. The W25Q80 datasheet's AC table could not be read
 * here; the numbers are the same family's (Winbond W25Q16BV) and the W25Q80
 * variants' maxima where found, each cited below.
 */
import { BLOCK_SIZE, NorFlash, SECTOR_SIZE } from './flash.ts';

export const PAGE_SIZE = 256;

export interface FlashTimes {
  /** tPP: programming one 256-byte page, ms. */
  pageProgramMs: number;
  /** tSE: erasing one 4 KB sector, ms. */
  sectorEraseMs: number;
  /** tBE2: erasing one 64 KB block, ms. */
  blockEraseMs: number;
  /** tCE: erasing the whole chip, ms. */
  chipEraseMs: number;
  /** Reading, bytes per ms on the SPI bus (Read Data 0x03, one data line). */
  readBytesPerMs: number;
}

/**
 * Typical and maximum times.
 * - tPP 0.7 / 3 ms, tSE 30 / 400 ms, tBE2 150 / 1000 ms: Winbond W25Q16BV
 *   ("Page Program Time: 0.7-3ms", "Sector Erase 30-400ms", "64KB Block
 *   Erase Time: 1000ms": mbed W25Q16BV.h; Mynewt black_vet6 syscfg.yml
 *   SPIFLASH_TPP/TSE/TBE2 TYPICAL/MAXIMUM). The W25Q80EW's maxima are the
 *   same (ST BSP w25q80ew.h: SECTOR_ERASE_MAX_TIME 400, BLOCK_ERASE_MAX_TIME 1000).
 * - tCE max 6 s: "W25Q80DV erases in 6s" and "≤6 s worst case" (two
 *   independent drivers); typical 2 s is a proxy (UNCONFIRMED): a 4 MB
 *   ESP8266 board's erase_flash took 6.9 s (arendst/Tasmota#2534), about
 *   1.7 s per MB.
 * - Read: the SPI clock the ESP8266 ROM and stub use in download mode is not
 *   documented (UNCONFIRMED); 20 MHz on one data line (2.5 bytes/µs) is
 *   assumed, well under the W25Q80's limit, so reads are never the
 *   bottleneck next to the UART, as every measured read_flash is link-bound
 *   (arendst/Tasmota#4528: 1 MB in 94.9 s at 115200).
 */
export const W25Q80_TIMES: Record<'typical' | 'maximum', FlashTimes> = {
  typical: { pageProgramMs: 0.7, sectorEraseMs: 30, blockEraseMs: 150, chipEraseMs: 2000, readBytesPerMs: 2500 },
  maximum: { pageProgramMs: 3, sectorEraseMs: 400, blockEraseMs: 1000, chipEraseMs: 6000, readBytesPerMs: 2500 },
};

export type FlashSpeed = keyof typeof W25Q80_TIMES;

/**
 * The chip's busy state: an erase started with `start…Erase` runs on while
 * the CPU goes on (the stubs poll the status register's WIP bit before the
 * next command: esp-stub-lib flash.c stub_lib_flash_start_next_erase /
 * stub_lib_flash_wait_ready; legacy stub_write_flash.c spiflash_is_ready).
 * Every method takes the time the command is issued and returns the time it
 * returns to the caller.
 */
export class FlashChip {
  readonly nor: NorFlash;
  readonly times: FlashTimes;
  readonly #span: (ms: number) => number;
  #busyUntil = 0;
  /**
   * Set by the chip for the brown-out fault: how many more bytes may be
   * programmed before the supply dips (undefined: no limit), and what happens
   * then (it does not return).
   */
  supply: { bytesLeft(): number | undefined; dip(): never } | undefined;

  constructor(nor: NorFlash, times: FlashTimes, span: (ms: number) => number) {
    this.nor = nor;
    this.times = times;
    this.#span = span;
  }

  get size(): number {
    return this.nor.size;
  }

  /** When a command issued at `at` can start (after the erase or program in progress). */
  readyAt(at: number): number {
    return Math.max(at, this.#busyUntil);
  }

  /** The chip forgets what it was doing (power lost). */
  reset(): void {
    this.#busyUntil = 0;
  }

  /** Sector erase (0x20), not waited for. Returns when the command was issued. */
  startSectorErase(at: number, sector: number): number {
    const start = this.readyAt(at);
    this.nor.eraseSector(sector);
    this.#busyUntil = start + this.#span(this.times.sectorEraseMs);
    return start;
  }

  /** 64 KB block erase (0xD8), not waited for. */
  startBlockErase(at: number, block: number): number {
    const start = this.readyAt(at);
    for (let s = 0; s < BLOCK_SIZE / SECTOR_SIZE; s++) this.nor.eraseSector(block * (BLOCK_SIZE / SECTOR_SIZE) + s);
    this.#busyUntil = start + this.#span(this.times.blockEraseMs);
    return start;
  }

  /** Chip erase, waited for (ROM SPIEraseChip returns when the chip is ready: legacy stub_flasher.c ESP_ERASE_FLASH; esp-stub-lib stub_lib_flash_erase_chip). */
  eraseChip(at: number): number {
    const start = this.readyAt(at);
    this.nor.eraseAll();
    this.#busyUntil = start + this.#span(this.times.chipEraseMs);
    return this.#busyUntil;
  }

  /** Page programs, waited for (ROM SPIWrite / esp_rom_spiflash_write program page by page and poll WIP). */
  program(at: number, address: number, bytes: Uint8Array): number {
    let t = this.readyAt(at);
    if (bytes.length === 0) return t;
    const left = this.supply?.bytesLeft();
    if (left !== undefined && bytes.length > left) {
      if (left > 0) this.nor.program(address, bytes.subarray(0, left));
      this.supply!.dip();
    }
    this.nor.program(address, bytes);
    const pages = Math.floor((address + bytes.length - 1) / PAGE_SIZE) - Math.floor(address / PAGE_SIZE) + 1;
    t += this.#span(pages * this.times.pageProgramMs);
    this.#busyUntil = t;
    return t;
  }

  /** Reads, waited for; returns the bytes and the time they are in RAM. */
  read(at: number, address: number, length: number): { bytes: Uint8Array; done: number } {
    const start = this.readyAt(at);
    return { bytes: this.nor.read(address, length), done: start + this.#span(length / this.times.readBytesPerMs) };
  }

  /** Whether a 4 KB sector reads as erased, and when the check is done (esp-flasher-stub's blank-sector skip reads it first). */
  sectorIsBlank(at: number, sector: number): { blank: boolean; done: number } {
    const { bytes, done } = this.read(at, sector * SECTOR_SIZE, SECTOR_SIZE);
    return { blank: bytes.every((b) => b === 0xff), done };
  }
}
