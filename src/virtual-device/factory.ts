/**
 * What a seed decides: the efuse words (and so the MAC and chip id) and the
 * flash as it leaves the factory — a generated ESP8266 image at 0x00000
 * (valid header, segments and checksum; no vendor code), an irom-like
 * region at 0x10000 and config-like sectors near the end of the 1 MB.
 */

/** xorshift32: small, fast and the same in every JS engine. */
export function prng(seed: number): () => number {
  let state = (seed >>> 0) ^ 0x9e3779b9 || 0x2545f491;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

export const FLASH_BYTES = 1024 * 1024;
/** Winbond W25Q80 (1 MB): manufacturer 0xEF, device 0x4014 (flashrom flashchips.c "W25Q80.V": WINBOND_NEX_ID, WINBOND_NEX_W25Q80_V); the capacity byte 0x14 means 1 MB (esptool v4.12.0 cmds.py:52 DETECTED_FLASH_SIZES). */
export const FLASH_JEDEC_ID = 0x1440ef;

export interface Efuses {
  /** EFUSE_DATA_OUT0..3 at 0x3ff00050, 54, 58, 5c. */
  words: readonly [number, number, number, number];
  mac: string;
  /** esptool.py chip_id: (mac0 >> 24) | ((mac1 & 0xffffff) << 8). */
  chipId: number;
}

/**
 * Efuse words as an ESP8266EX has them: MAC3 = 0 and MAC1 bits 16..23 = 0,
 * so esptool computes the Espressif OUI 18:fe:34; the last three MAC bytes
 * come from the seed. The ESP8285 bits (word0 bit 4, word2 bit 16) stay clear.
 */
export function efusesFor(seed: number): Efuses {
  const next = prng(seed ^ 0x5eed0001);
  const b3 = next() & 0xff;
  const b4 = next() & 0xff;
  const b5 = next() & 0xff;
  const word0 = ((b5 << 24) | (next() & 0x00ffffcf)) >>> 0;
  const word1 = (((next() & 0x3f) << 24) | (b3 << 8) | b4) >>> 0;
  const word2 = (next() & 0xfffeffff) >>> 0;
  const words = [word0, word1, word2, 0] as const;
  const hex = (n: number): string => n.toString(16).padStart(2, '0');
  const mac = [0x18, 0xfe, 0x34, b3, b4, b5].map(hex).join(':');
  const chipId = ((word0 >>> 24) | ((word1 & 0xffffff) << 8)) >>> 0;
  return { words, mac, chipId };
}

function le32(out: number[], value: number): void {
  out.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
}

/** Bytes with the look of Xtensa code: compressible about 2:1, never all one value. */
function codeLike(length: number, next: () => number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const r = next();
    out[i] = (r & 0x0f) | (((i >> 3) & 0x3) << 4) | (r & 0x80 ? 0x40 : 0);
  }
  return out;
}

export interface ImageSegment {
  address: number;
  data: Uint8Array;
}

/** An ESP8266 V1 image: E9, segment count, flash mode, size/freq, entry; segments; pad to 16 with the checksum last. */
export function esp8266Image(segments: readonly ImageSegment[], options: { mode: number; sizeFreq: number; entry: number }): Uint8Array {
  const out: number[] = [0xe9, segments.length, options.mode, options.sizeFreq];
  le32(out, options.entry);
  let checksum = 0xef;
  for (const segment of segments) {
    le32(out, segment.address);
    le32(out, segment.data.length);
    for (const byte of segment.data) {
      out.push(byte);
      checksum ^= byte;
    }
  }
  while (out.length % 16 !== 15) out.push(0);
  out.push(checksum);
  return Uint8Array.from(out);
}

export interface ParsedImage {
  mode: number;
  sizeFreq: number;
  entry: number;
  segments: { address: number; length: number }[];
  checksumOk: boolean;
}

/** Reads an image header the way the ROM's loader walks it; undefined when it is not an 0xE9 image. */
export function parseImage(flash: Uint8Array): ParsedImage | undefined {
  if (flash[0] !== 0xe9) return undefined;
  const count = flash[1] ?? 0;
  const u32 = (at: number): number => ((flash[at] ?? 0) | ((flash[at + 1] ?? 0) << 8) | ((flash[at + 2] ?? 0) << 16) | ((flash[at + 3] ?? 0) << 24)) >>> 0;
  const segments: { address: number; length: number }[] = [];
  let at = 8;
  let checksum = 0xef;
  for (let i = 0; i < count && count <= 16; i++) {
    const address = u32(at);
    const length = u32(at + 4);
    at += 8;
    if (at + length > flash.length) return { mode: flash[2] ?? 0, sizeFreq: flash[3] ?? 0, entry: u32(4), segments, checksumOk: false };
    for (let j = 0; j < length; j++) checksum ^= flash[at + j]!;
    segments.push({ address, length });
    at += length;
  }
  while (at % 16 !== 15) at++;
  return { mode: flash[2] ?? 0, sizeFreq: flash[3] ?? 0, entry: u32(4), segments, checksumOk: flash[at] === checksum };
}

/** The flash as a seeded Sonoff POW leaves the factory. */
export function factoryFlash(seed: number, mac: string): Uint8Array {
  const next = prng(seed ^ 0xf1a5f1a5);
  const flash = new Uint8Array(FLASH_BYTES).fill(0xff);
  const image = esp8266Image(
    [
      { address: 0x40100000, data: codeLike(26_000 + (next() & 0x3ff), next) },
      { address: 0x3ffe8000, data: codeLike(1_200 + (next() & 0xff), next) },
      { address: 0x3ffe8500, data: codeLike(640, next) },
    ],
    // DIO, 1MB (0x20) at 40 MHz (0x0): what a stock 1 MB build carries.
    { mode: 0x02, sizeFreq: 0x20, entry: 0x40100004 },
  );
  flash.set(image, 0);
  flash.set(codeLike(220_000, next), 0x10000);
  // Config-like sectors: RF init data at size - 0x4000, a settings record at size - 0x3000.
  const initData = new Uint8Array(128);
  for (let i = 0; i < initData.length; i++) initData[i] = next() & 0x7f;
  initData[0] = 0x05;
  flash.set(initData, FLASH_BYTES - 0x4000);
  const settings = new TextEncoder().encode(
    JSON.stringify({ device: 'virtual-pow', mac, ssid: `POW-${mac.slice(-5).replace(':', '')}`, relay: false, calibration: { v: 1.0 + (next() % 100) / 1000, a: 1.0 + (next() % 100) / 1000 } }),
  );
  const record = new Uint8Array(8 + settings.length);
  record.set([0x50, 0x4f, 0x57, 0x31, settings.length & 0xff, settings.length >> 8, 0, 0]);
  record.set(settings, 8);
  flash.set(record, FLASH_BYTES - 0x3000);
  return flash;
}
