/**
 * Why the device does not answer: what the page hears while it waits for
 * flash mode, and what that means.
 *
 * The ESP8266's ROM prints one line when it starts, at 74880 baud with the
 * POW's 26 MHz crystal: "ets Jan  8 2013,rst cause:2, boot mode:(3,6)".
 * The first boot-mode number is 1 for the UART download mode (flash mode)
 * and 3 for booting the firmware from flash (esptool
 * docs/en/advanced-topics/boot-mode-selection.rst:173-229, the "Boot Log"
 * section; its table labels the flash row "2" but its example is "(3,x)").
 * esptool.py reads the same line for the chips that print it at 115200
 * (esptool loader.py:751-797: "Wrong boot mode detected", "Download mode
 * successfully detected, but getting no sync reply"); on the ESP8266 it is
 * at 74880, so the page listens there between its SYNC attempts.
 *
 * What the page heard, one listening window at a time, decides:
 * - a boot line with mode 1, and SYNC answered: flash mode (connecting goes on);
 * - a boot line with mode 1, and SYNC never answered since: the wire from
 *   the adapter's TX to the Sonoff's RX (troubleshooting.rst:179-182);
 * - a boot line with mode 3, or readable text at 115200 (the firmware's own
 *   console): the Sonoff runs its firmware, the button was not held; mode 3
 *   and then "ets_main.c": its flash holds nothing to run (erased), and the
 *   button was not held (esp8266/Arduino#2370);
 * - another boot mode: GPIO0 was high or another strap pin is wrong;
 * - bytes at 74880 that are not a boot line, with 115200 never readable
 *   either: garbled (a loose GND wire, or a board whose chip talks at
 *   another speed);
 * - nothing at either speed: TX and RX swapped, no 3.3 V, or another port.
 */
import type { AdapterInfo } from './events.ts';

/** The ROM's boot log rate with a 26 MHz crystal (boot-mode-selection.rst:180). */
export const BOOT_LOG_BAUD = 74880;

export type DiagnosisKind =
  /** open() failed: another program or tab holds the port (or the OS refuses it). */
  | 'port-busy'
  /** The ROM said boot mode 1: the Sonoff is in flash mode. */
  | 'flash-mode'
  /** The ROM said boot mode 1, and SYNC went unanswered since: the computer's bytes do not reach the Sonoff. */
  | 'tx-path-down'
  /** The ROM said boot mode 3, or the firmware's console was heard: the button was not held. */
  | 'firmware-started'
  /** The ROM said boot mode 3, then "ets_main.c": nothing to boot in the flash (erased), and the button was not held. */
  | 'no-firmware'
  /** The ROM said another boot mode. */
  | 'other-boot-mode'
  /** Only garbled bytes, at every speed tried. */
  | 'garbled'
  /** Nothing at all, at every speed. */
  | 'silent';

export interface BootLog {
  /** The line as heard, trimmed. */
  line: string;
  rstCause: number;
  bootMode: number;
  bootSub: number;
  /** The ROM went on to say "ets_main.c": it found nothing to run in the flash (esp8266/Arduino#2370). */
  nothingToBoot?: boolean;
}

/** One speed the page listened at, and what came. */
export interface HeardAt {
  baud: number;
  bytes: number;
  /** Something readable came (a boot line or console text). */
  readable: boolean;
}

export interface ConnectDiagnosis {
  kind: DiagnosisKind;
  /** The last ROM boot line heard, if any. */
  bootLog?: BootLog;
  /** Every speed listened at so far, with what came. */
  heard: readonly HeardAt[];
  adapter: AdapterInfo;
  /** Milliseconds since the page began to wait for flash mode. */
  atMs: number;
}

/** "ets Jan  8 2013,rst cause:2, boot mode:(3,6)"; the doc's example writes "rst cause 1" (boot-mode-selection.rst:184). */
const BOOT_LINE = /ets [A-Z][a-z]{2} +\d+ \d{4},\s*rst cause:?\s*(\d+),\s*boot mode:\((\d+),(\d+)\)/g;

/** The last boot line in `text`. */
export function parseBootLog(text: string): BootLog | undefined {
  let last: BootLog | undefined;
  for (const match of text.matchAll(BOOT_LINE)) {
    last = { line: match[0].trim(), rstCause: Number(match[1]), bootMode: Number(match[2]), bootSub: Number(match[3]) };
    if (text.indexOf('ets_main.c', match.index + match[0].length) >= 0) last.nothingToBoot = true;
  }
  return last;
}

const printable = (byte: number): boolean => (byte >= 0x20 && byte <= 0x7e) || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * Readable text: a run of at least 12 printable bytes. Noise is printable
 * with odds 98/256 a byte, so a run of 12 turns up about once in 100,000.
 */
export function hasReadableRun(bytes: Uint8Array, run = 12): boolean {
  let length = 0;
  for (const byte of bytes) {
    length = printable(byte) ? length + 1 : 0;
    if (length >= run) return true;
  }
  return false;
}

/** Fewer bytes than this in a window are not counted as garbage (one stray byte as a port opens is common). */
const GARBAGE_MIN_BYTES = 4;
/** SYNCs after a mode-1 boot line with no answer before the TX path is blamed. */
const SYNCS_BEFORE_TX_PATH = 2;
/** Silent windows at each speed before silence is reported. */
const SILENT_WINDOWS = 2;

type Window = { kind: 'boot'; log: BootLog } | { kind: 'text' } | { kind: 'garbage' } | { kind: 'silence' };

export function classifyWindow(baud: number, bytes: Uint8Array): Window {
  const log = baud === BOOT_LOG_BAUD ? parseBootLog(latin1(bytes)) : undefined;
  if (log) return { kind: 'boot', log };
  if (hasReadableRun(bytes)) return { kind: 'text' };
  if (bytes.length >= GARBAGE_MIN_BYTES) return { kind: 'garbage' };
  return { kind: 'silence' };
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/**
 * Collects the listening windows of one wait for flash mode and says what
 * they mean. The most recent informative window decides (a person who
 * fixes one thing changes what the page hears); silence counts only when
 * nothing informative came at all.
 */
export class Diagnoser {
  readonly #adapter: AdapterInfo;
  readonly #started: number;
  readonly #heard = new Map<number, HeardAt>();
  readonly #silent = new Map<number, number>();
  #last: Exclude<Window, { kind: 'silence' }> | undefined;
  #bootLog: BootLog | undefined;
  #unansweredSinceBoot = 0;

  constructor(adapter: AdapterInfo, started = Date.now()) {
    this.#adapter = adapter;
    this.#started = started;
  }

  /** A listening window at `baud` ended with these bytes. */
  window(baud: number, bytes: Uint8Array): void {
    const seen = classifyWindow(baud, bytes);
    const before = this.#heard.get(baud) ?? { baud, bytes: 0, readable: false };
    this.#heard.set(baud, { baud, bytes: before.bytes + bytes.length, readable: before.readable || seen.kind === 'boot' || seen.kind === 'text' });
    if (seen.kind === 'silence') {
      this.#silent.set(baud, (this.#silent.get(baud) ?? 0) + 1);
      return;
    }
    // Garbage at 115200 is what the boot line itself looks like there, whenever the Sonoff restarts; garbage
    // at 74880 while 115200 has been readable is the firmware's console at its own speed. Neither says more.
    if (seen.kind === 'garbage' && (baud !== BOOT_LOG_BAUD || this.#heard.get(115200)?.readable)) return;
    this.#last = seen;
    if (seen.kind === 'boot') {
      this.#bootLog = seen.log;
      this.#unansweredSinceBoot = 0;
    }
  }

  /** A SYNC went unanswered. */
  syncUnanswered(): void {
    this.#unansweredSinceBoot++;
  }

  /** What the windows so far mean; undefined while they say nothing yet. */
  diagnosis(now = Date.now()): ConnectDiagnosis | undefined {
    const kind = this.#kind();
    if (kind === undefined) return undefined;
    return { kind, ...(this.#bootLog ? { bootLog: this.#bootLog } : {}), heard: [...this.#heard.values()].sort((a, b) => a.baud - b.baud), adapter: this.#adapter, atMs: now - this.#started };
  }

  #kind(): DiagnosisKind | undefined {
    const last = this.#last;
    if (last === undefined) {
      const everySpeed = [BOOT_LOG_BAUD, 115200].every((baud) => (this.#silent.get(baud) ?? 0) >= SILENT_WINDOWS);
      return everySpeed ? 'silent' : undefined;
    }
    if (last.kind === 'text') return 'firmware-started';
    if (last.kind === 'garbage') return 'garbled';
    if (last.log.bootMode === 1) return this.#unansweredSinceBoot >= SYNCS_BEFORE_TX_PATH ? 'tx-path-down' : 'flash-mode';
    if (last.log.bootMode !== 3) return 'other-boot-mode';
    return last.log.nothingToBoot ? 'no-firmware' : 'firmware-started';
  }
}

/** The diagnosis when open() itself failed. */
export function portBusyDiagnosis(adapter: AdapterInfo): ConnectDiagnosis {
  return { kind: 'port-busy', heard: [], adapter, atMs: 0 };
}

/** Two diagnoses that would read the same to the person. */
export function sameDiagnosis(a: ConnectDiagnosis | undefined, b: ConnectDiagnosis | undefined): boolean {
  return a?.kind === b?.kind && a?.bootLog?.line === b?.bootLog?.line;
}
