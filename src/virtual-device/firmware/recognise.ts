/**
 * Which firmware the virtual chip finds in flash, by what a real tasmota.bin
 * contains (checked on six real ESP8266 images, see README "Recognising
 * Tasmota"):
 *
 * 1. An Arduino-ESP8266 build: an image header (0xE9) at 0x0000, the eboot
 *    loader, and another at 0x1000, the application (esptool
 *    docs/en/advanced-topics/firmware-image-format.rst:44-63; every
 *    Arduino-core image read has both, ESPurna's too).
 * 2. Tasmota's version marker, twelve fixed bytes that tasmota.ino keeps in
 *    every build: `{0x5AA55AA5, <version>, 0xA55AA55A}` (T tasmota.ino:115,
 *    kept by the dummy memcpy_P at :663). From 8.1.0.x (commit 7459a8a42) to
 *    9.2.0 the middle word is TASMOTA_VERSION; it was removed in 9.2.0.1
 *    (b8197181d) and re-added as 0xFFFFFFFF in 9.3.1.2 (162e60eb3).
 * 3. The Status 2 format string `"StatusFWR":{"Version"` (T
 *    support_command.ino:974), absent from tasmota-minimal, which this model
 *    does not run.
 *
 * The version: from the marker when it carries one; from the practice
 * image's own tag; otherwise (a real 9.3.1.2+ image says nothing about its
 * version: it is built at run time from a number, tasmota.ino:665-668) the
 * version this model follows, CURRENT_TASMOTA.
 */
import { CURRENT_TASMOTA, parseVersion, versionFromWord, type TasmotaVersion } from './versions.ts';

export interface RecognisedTasmota {
  readonly firmware: 'tasmota';
  readonly version: TasmotaVersion;
  readonly versionFrom: 'marker' | 'practice-tag' | 'assumed-current';
  /** The Arduino core named in the Status 2 format string ("Core":"2_7_8"), if the image has it. */
  readonly core: string | undefined;
  /** The generated practice image (practice-image.ts), not a real build. */
  readonly practice: boolean;
  /** Where the version marker starts. */
  readonly markerAt: number;
}

const MARKER_HEAD = [0xa5, 0x5a, 0xa5, 0x5a] as const;
const MARKER_TAIL = [0x5a, 0xa5, 0x5a, 0xa5] as const;
const STATUS_FWR = ascii('"StatusFWR":{"Version"');
const CORE_KEY = ascii('"Core":"');
/** The tag practice-image.ts writes; real images never contain it. */
export const PRACTICE_TAG = 'PRACTICE-IMAGE tasmota-practice.bin version=';

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** First index of `needle` in `hay` at or after `from`, or -1. */
export function indexOfBytes(hay: Uint8Array, needle: ArrayLike<number>, from = 0): number {
  const first = needle[0];
  if (first === undefined) return -1;
  for (let i = hay.indexOf(first, from); i !== -1 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** The twelve-byte marker: head, any four bytes, tail. */
function findMarker(flash: Uint8Array): number {
  for (let at = indexOfBytes(flash, MARKER_HEAD); at !== -1; at = indexOfBytes(flash, MARKER_HEAD, at + 1)) {
    if (MARKER_TAIL.every((b, i) => flash[at + 8 + i] === b)) return at;
  }
  return -1;
}

function readText(flash: Uint8Array, at: number, max: number, stop: number): string {
  let out = '';
  for (let i = at; i < Math.min(flash.length, at + max) && flash[i] !== stop && flash[i] !== 0; i++) out += String.fromCharCode(flash[i]!);
  return out;
}

/** Tasmota (a full build) in this flash, or undefined for anything else. */
export function recogniseFirmware(flash: Uint8Array): RecognisedTasmota | undefined {
  if (flash[0] !== 0xe9 || flash[0x1000] !== 0xe9) return undefined;
  const markerAt = findMarker(flash);
  if (markerAt === -1 || indexOfBytes(flash, STATUS_FWR) === -1) return undefined;
  const coreAt = indexOfBytes(flash, CORE_KEY);
  const core = coreAt === -1 ? undefined : readText(flash, coreAt + CORE_KEY.length, 16, 0x22) || undefined;
  const tagAt = indexOfBytes(flash, ascii(PRACTICE_TAG));
  const tagged = tagAt === -1 ? undefined : parseVersion(readText(flash, tagAt + PRACTICE_TAG.length, 16, 0x20));
  const word = (flash[markerAt + 4]! | (flash[markerAt + 5]! << 8) | (flash[markerAt + 6]! << 16) | (flash[markerAt + 7]! << 24)) >>> 0;
  const base = { firmware: 'tasmota', core, practice: tagged !== undefined, markerAt } as const;
  if (tagged !== undefined) return { ...base, version: tagged, versionFrom: 'practice-tag' };
  if (word !== 0xffffffff) return { ...base, version: versionFromWord(word), versionFrom: 'marker' };
  return { ...base, version: CURRENT_TASMOTA, versionFrom: 'assumed-current' };
}
