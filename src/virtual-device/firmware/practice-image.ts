/**
 * tasmota-practice.bin: a small file the virtual Sonoff recognises as
 * Tasmota, so a reader without a real firmware can rehearse the guide from
 * backup to calibration. It is generated here, byte by byte; it holds no
 * Tasmota code (nothing fetched, nothing copied) and is no working firmware:
 * on a real ESP8266 it would not start.
 *
 * It has what recognise.ts looks for in a real tasmota.bin: the image
 * headers of an Arduino-ESP8266 build at 0x0000 and 0x1000 (DOUT, 1 MB,
 * 40 MHz: `E9 xx 03 20`, as in the real 1 MB images read), Tasmota's
 * twelve-byte version marker (0xFFFFFFFF in the middle, as since 9.3.1.2;
 * the version word for older versions, as 8.1.0.x–9.2.0 carried it), the
 * Status 2 key, the core literal, and its own tag with the version the
 * virtual device should follow.
 */
import { esp8266Image } from '../factory.ts';
import { PRACTICE_TAG } from './recognise.ts';
import { CURRENT_TASMOTA, parseVersion, versionText, versionWord, type TasmotaVersion } from './versions.ts';

export const PRACTICE_IMAGE_NAME = 'tasmota-practice.bin';

/** Below 9.3.1.2 the marker carried the version; from 9.2.0.1 to 9.3.1.1 there was none (not produced here). */
const MARKER_WITH_VERSION_BEFORE = parseVersion('9.2.0.1')!;

export interface PracticeImageOptions {
  /** The Tasmota version the virtual device follows for this image (default CURRENT_TASMOTA). */
  version?: TasmotaVersion;
  /** The Arduino core named in the image (default "2_7_8", the core of the 14.4.1.2 log in arendst/Tasmota#22756). */
  core?: string;
}

const README =
  'tasmota-practice.bin: a PRACTICE image for the virtual Sonoff POW of the sonoff-pow-flasher guide. ' +
  'It is not Tasmota and contains no Tasmota code: on a real device it will not start. ' +
  'Flash the real tasmota.bin from https://ota.tasmota.com/tasmota/release/ onto real hardware.';

function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

const text = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0) & 0x7f);

/** The practice image's bytes (about 4.5 KB). The same options give the same bytes. */
export function tasmotaPracticeImage(options: PracticeImageOptions = {}): Uint8Array {
  const version = options.version ?? CURRENT_TASMOTA;
  const core = options.core ?? '2_7_8';
  const middle = versionWord(version) < versionWord(MARKER_WITH_VERSION_BEFORE) ? versionWord(version) : 0xffffffff;
  // 0x0000: a loader-sized image the ROM boots (one segment of zeros at eboot's address).
  const loader = esp8266Image([{ address: 0x4010f000, data: new Uint8Array(1024) }], { mode: 0x03, sizeFreq: 0x20, entry: 0x4010f000 });
  // 0x1000: the "application", whose one data segment carries the notes the recogniser reads.
  const notes = Uint8Array.from([
    ...text(`${README}\0`),
    ...text(`${PRACTICE_TAG}${versionText(version)} \0`),
    ...[0xa5, 0x5a, 0xa5, 0x5a, ...le32(middle), 0x5a, 0xa5, 0x5a, 0xa5],
    ...text(`{"StatusFWR":{"Version":"%s%s%s","BuildDateTime":"%s","Core":"${core}"}}\0`),
  ]);
  const app = esp8266Image([{ address: 0x3ffe8000, data: notes }], { mode: 0x03, sizeFreq: 0x20, entry: 0x40100000 });
  const out = new Uint8Array(0x1000 + app.length).fill(0xff);
  out.set(loader, 0);
  out.set(app, 0x1000);
  return out;
}
