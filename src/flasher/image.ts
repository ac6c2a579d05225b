/**
 * Firmware files before a byte is sent: what esptool.py v4.12 would write
 * (padding, header patch) and whether the file is firmware for this device
 * at all. Pure functions, no I/O.
 */
import { inflate } from './zlib.ts';
import type { FlasherTextKey } from '../i18n/en/flasher.ts';
import { t } from '../i18n/index.ts';
import type { FlashFreq, FlashMode, FlashSize } from '../steps/operation.ts';
import { FlasherError } from './errors.ts';

/** First byte of an ESP8266 "V1" image, the only format the ROM boots from 0x00000. */
export const ESP_IMAGE_MAGIC = 0xe9;
/** First byte of an ESP8266 "V2" application image (loaded by a second-stage bootloader). */
export const ESP8266_V2_MAGIC = 0xea;

/** Header byte 2, as esptool.py's FLASH_MODES. */
export const FLASH_MODE_CODES: Readonly<Record<FlashMode, number>> = { qio: 0, qout: 1, dio: 2, dout: 3 };
/** High nibble of header byte 3, esptool.py v4.12 targets/esp8266.py FLASH_SIZES. */
export const ESP8266_FLASH_SIZE_CODES: Readonly<Record<FlashSize, number>> = {
  '512KB': 0x00,
  '256KB': 0x10,
  '1MB': 0x20,
  '2MB': 0x30,
  '4MB': 0x40,
  '8MB': 0x80,
  '16MB': 0x90,
};
/** Low nibble of header byte 3, esptool.py v4.12 targets/esp8266.py FLASH_FREQUENCY. */
export const ESP8266_FLASH_FREQ_CODES: Readonly<Record<FlashFreq, number>> = { '80m': 0xf, '40m': 0x0, '26m': 0x1, '20m': 0x2 };

export interface HeaderParams {
  flashMode: FlashMode | 'keep';
  /** Already resolved: `detect` has become the detected size before this point. */
  flashSize: FlashSize | 'keep';
  flashFreq: FlashFreq | 'keep';
}

/** esptool.py `pad_to(image, 4)`: 0xFF up to the next multiple of 4 bytes. */
export function padTo4(bytes: Uint8Array): Uint8Array {
  const rest = bytes.length % 4;
  if (rest === 0) return bytes;
  const padded = new Uint8Array(bytes.length + 4 - rest).fill(0xff);
  padded.set(bytes);
  return padded;
}

function le32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8) | ((bytes[offset + 2] ?? 0) << 16) | ((bytes[offset + 3] ?? 0) << 24)) >>> 0;
}

export interface ImageSegment {
  loadAddress: number;
  sizeBytes: number;
}

/**
 * Parse an ESP8266 V1 image the way esptool.py's ESP8266ROMFirmwareImage
 * does: 8-byte header (magic, segment count, mode, size|freq, entry), then
 * each segment's 8-byte header and data, then the checksum byte at the end
 * of the 16-byte aligned block. Returns undefined when esptool.py would
 * raise (and therefore leave the header alone).
 */
export function parseEsp8266Image(image: Uint8Array): { entry: number; segments: ImageSegment[] } | undefined {
  if (image.length < 8 || image[0] !== ESP_IMAGE_MAGIC) return undefined;
  const count = image[1]!;
  const segments: ImageSegment[] = [];
  let offset = 8;
  for (let i = 0; i < count; i++) {
    if (offset + 8 > image.length) return undefined;
    const segment = { loadAddress: le32(image, offset), sizeBytes: le32(image, offset + 4) };
    offset += 8 + segment.sizeBytes;
    if (offset > image.length) return undefined;
    segments.push(segment);
  }
  // align_file_position(f, 16) then read(1): the checksum sits at offset | 15.
  if ((offset | 15) >= image.length) return undefined;
  // verify(): more than 16 segments is refused.
  if (segments.length > 16) return undefined;
  return { entry: le32(image, 4), segments };
}

/**
 * esptool.py v4.12 `_update_image_flash_params` for an ESP8266: only at
 * 0x00000, only for an image that parses, and only the bits not 'keep'.
 * Byte 2 = mode; byte 3 = size (high nibble) + frequency (low nibble).
 */
export function patchImageHeader(image: Uint8Array, address: number, params: HeaderParams): Uint8Array {
  if (image.length < 8 || address !== 0) return image;
  if (params.flashMode === 'keep' && params.flashSize === 'keep' && params.flashFreq === 'keep') return image;
  if (image[0] !== ESP_IMAGE_MAGIC || parseEsp8266Image(image) === undefined) return image;
  const mode = params.flashMode === 'keep' ? image[2]! : FLASH_MODE_CODES[params.flashMode];
  const freq = params.flashFreq === 'keep' ? image[3]! & 0x0f : ESP8266_FLASH_FREQ_CODES[params.flashFreq];
  const size = params.flashSize === 'keep' ? image[3]! & 0xf0 : ESP8266_FLASH_SIZE_CODES[params.flashSize];
  if (image[2] === mode && image[3] === size + freq) return image;
  const patched = image.slice();
  patched[2] = mode;
  patched[3] = size + freq;
  return patched;
}

/** The exact bytes esptool.py sends for one file: padded to 4, then header-patched. */
export function prepareImage(file: Uint8Array, address: number, params: HeaderParams): Uint8Array {
  return patchImageHeader(padTo4(file), address, params);
}

/** ESP32-family chip ids at offset 12 of the extended header (esptool.py IMAGE_CHIP_ID). */
const ESP32_FAMILY_CHIP_IDS: Readonly<Record<number, string>> = {
  0x00: 'ESP32',
  0x02: 'ESP32-S2',
  0x05: 'ESP32-C3',
  0x09: 'ESP32-S3',
  0x0c: 'ESP32-C2',
  0x0d: 'ESP32-C6',
  0x10: 'ESP32-H2',
  0x12: 'ESP32-P4',
  0x14: 'ESP32-C61',
  0x17: 'ESP32-C5',
};

/** Where an ESP8266 ROM loads V1 segments (esptool.py MEMORY_MAP: DRAM and IRAM). */
function isEsp8266LoadAddress(address: number): boolean {
  return (address >= 0x3ffe8000 && address < 0x40000000) || (address >= 0x40100000 && address < 0x40108000);
}

/**
 * Which ESP32-family chip an 0xE9 image is for, if it is one: the 16-byte
 * extended header after the 8-byte header carries the chip id at offset 12,
 * and the first segment (at offset 24) loads into that chip's address space
 * (0x3F4…/0x3FF…/0x400…/0x403…/0x408…), never where an ESP8266 loads.
 */
export function esp32FamilyChip(image: Uint8Array): string | undefined {
  if (image.length < 32 || image[0] !== ESP_IMAGE_MAGIC) return undefined;
  // An ESP8266 image has its first segment header here instead.
  if (isEsp8266LoadAddress(le32(image, 8))) return undefined;
  const chipId = (image[12] ?? 0) | ((image[13] ?? 0) << 8);
  const name = ESP32_FAMILY_CHIP_IDS[chipId];
  if (name === undefined) return undefined;
  const firstLoad = le32(image, 24);
  const plausible = (firstLoad >= 0x3c000000 && firstLoad < 0x50000000) || firstLoad < 0x10000;
  return plausible ? name : undefined;
}

/** Bytes as the person reads them: "1.2 MB", "600 KB", "512 bytes". */
export function formatSize(sizeBytes: number): string {
  return t('flasher.unit.size', { bytes: sizeBytes });
}

export function formatHexAddress(address: number): string {
  return `0x${address.toString(16).padStart(5, '0')}`;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** What kind of text a non-firmware file is, for a message that names it. */
function describeText(bytes: Uint8Array): FlasherTextKey | undefined {
  const sample = bytes.subarray(0, 512);
  for (const byte of sample) {
    const control = byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d;
    if (control || byte === 0x7f) return undefined;
  }
  let head: string;
  try {
    // Text is valid UTF-8; firmware and erased flash (0xFF) are not. `stream` tolerates a cut last character.
    head = new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true }).trimStart().toLowerCase();
  } catch {
    return undefined;
  }
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<')) return 'flasher.image.text.html';
  if (/^:[0-9a-f]{10}/.test(head)) return 'flasher.image.text.intelHex';
  if (head.startsWith('{') || head.startsWith('[')) return 'flasher.image.text.json';
  return 'flasher.image.text.plain';
}

export type FirmwareCheck =
  | { ok: true; format: 'esp8266-v1' | 'esp8266-v2' | 'data'; warnings: string[] }
  /** A gzip file (`.bin.gz` as published for OTA): the UI can offer `gunzip` and check again. */
  | { ok: false; kind: 'gzip'; error: FlasherError }
  | { ok: false; kind: 'refused'; error: FlasherError };

export interface FirmwareCheckContext {
  address: number;
  /** The flash size to check against; undefined when it is not known. */
  flashSizeBytes: number | undefined;
  fileName: string;
}

function refuse(message: string, action: string): FirmwareCheck {
  return { ok: false, kind: 'refused', error: new FlasherError('bad-image', message, action) };
}

/**
 * Is this file something to write at `address` on an ESP8266 with this
 * much flash? At 0x00000 only an ESP8266 V1 image (magic 0xE9, segments
 * that parse) is accepted, because that is all the ROM boots from there.
 * A V2 image (magic 0xEA) is accepted only at other addresses, where a
 * second-stage bootloader loads it. Files at other addresses may be data.
 */
export function checkFirmwareImage(bytes: Uint8Array, context: FirmwareCheckContext): FirmwareCheck {
  const { address, flashSizeBytes, fileName } = context;
  const at = formatHexAddress(address);
  if (bytes.length === 0) return refuse(t('flasher.image.empty.message', { fileName }), t('flasher.image.empty.action'));
  if (isGzip(bytes)) return { ok: false, kind: 'gzip', error: new FlasherError('bad-image', t('flasher.image.gzip.message', { fileName }), t('flasher.image.gzip.action')) };
  const text = describeText(bytes);
  if (text !== undefined) return refuse(t('flasher.image.text.message', { fileName, what: t(text) }), t('flasher.image.pickBin'));
  if (bytes.every((byte) => byte === 0xff)) return refuse(t('flasher.image.blank.message', { fileName }), t('flasher.image.blank.action'));
  const esp32 = esp32FamilyChip(bytes);
  if (esp32 !== undefined) return refuse(t('flasher.image.esp32.message', { fileName, chip: esp32 }), t('flasher.image.esp32.action'));

  let format: 'esp8266-v1' | 'esp8266-v2' | 'data' = 'data';
  const warnings: string[] = [];
  if (bytes[0] === ESP8266_V2_MAGIC) {
    if (address === 0)
      return refuse(t('flasher.image.v2.message', { fileName }), t('flasher.image.v2.action'));
    format = 'esp8266-v2';
  } else if (bytes[0] === ESP_IMAGE_MAGIC) {
    if (parseEsp8266Image(padTo4(bytes)) === undefined) {
      if (address === 0) return refuse(t('flasher.image.broken.message', { fileName }), t('flasher.image.broken.action'));
    } else format = 'esp8266-v1';
  } else if (address === 0) {
    const first = bytes[0]!.toString(16).padStart(2, '0').toUpperCase();
    return refuse(t('flasher.image.notFirmware.message', { fileName, first }), t('flasher.image.pickBin'));
  }

  if (flashSizeBytes !== undefined) {
    const sizeBytes = padTo4(bytes).length;
    if (sizeBytes > flashSizeBytes)
      return refuse(t('flasher.image.tooBig.message', { fileName, sizeBytes, flashBytes: flashSizeBytes }), t('flasher.image.tooBig.action', { flashBytes: flashSizeBytes }));
    if (address + sizeBytes > flashSizeBytes) {
      const leftBytes = Math.max(0, flashSizeBytes - address);
      return refuse(t('flasher.image.pastEnd.message', { fileName, sizeBytes, flashBytes: flashSizeBytes, at, leftBytes }), t('flasher.image.pastEnd.action'));
    }
  }
  return { ok: true, format, warnings };
}

/**
 * Decompress a `.bin.gz` (after `loadZlib()`, src/flasher/zlib.ts). Throws a 'bad-image' FlasherError when the data
 * is not gzip or the result is still not an ESP8266 image.
 */
export function gunzip(bytes: Uint8Array, fileName = t('flasher.image.theFile')): Uint8Array {
  let out: Uint8Array;
  try {
    out = inflate(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FlasherError('bad-image', t('flasher.image.gunzipFailed.message', { fileName, reason }), t('flasher.image.gunzipFailed.action'), { cause: error });
  }
  if (out.length === 0 || out[0] !== ESP_IMAGE_MAGIC)
    throw new FlasherError('bad-image', t('flasher.image.gunzipNotFirmware.message', { fileName }), t('flasher.image.pickBin'));
  return out;
}
