/**
 * Moving the stub to another --baud in a way every ESP8266 stub gets right,
 * checking the chip really got there, and falling back to 115200 when the
 * link does not work at the new speed.
 *
 * esp-flasher-stub (what esptool-js 0.7.0 uploads) sets its UART divider to
 * divider × 115200 / baud: it assumes the link is at 115200, whatever the
 * host says the current baud is (esp-stub-lib src/target/esp8266/src/uart.c
 * stub_target_uart_rominit_set_baudrate). The legacy stub computes
 * divider × old / baud from the old baud the host sends (esptool-legacy-
 * flasher-stub stub_io.c get_new_uart_divider). So a second change, asked
 * for plainly ("921600 → 115200"), leaves esp-flasher-stub at ~928571.
 * Sending `old = 115200` and a request computed from the divider the chip
 * has now gives both stubs the same, right divider; reading UART_CLKDIV at
 * the new speed confirms it.
 */
import { t } from '../i18n/index.ts';
import { FlasherError, isFlasherError } from './errors.ts';
import { CHIP_DETECT_MAGIC_REG, UART_CLKDIV_MASK, UART_CLKDIV_REG } from './esp8266.ts';
import type { Link } from './link.ts';
import { ROM_BAUD, sleep } from './link.ts';
import { portLostError } from './map-error.ts';
import { waitForFlashMode } from './sync.ts';
import { le32 } from './words.ts';

/** Bauds the guide offers beside 115200. */
export const FASTER_BAUDS: readonly number[] = [460800, 921600];
/** What we ask a stub for at all; outside this the command is not run. */
export const MIN_BAUD = 9600;
export const MAX_BAUD = 2_000_000;

/** esptool ESP_CHANGE_BAUDRATE. */
const CHANGE_BAUDRATE = 0x0f;
/** The rate both stubs compute from (esp-flasher-stub always, the legacy stub when told so). */
const STUB_REFERENCE_BAUD = 115200;

/**
 * The divider that runs the chip nearest to `target`, from the divider the
 * ROM auto-bauded to at 115200. The stubs round down (their integer
 * division); the request we send (baudRequestFor) makes them land on this
 * one instead, which is closer: at 460800, 113 (−0.14 %) rather than 112
 * (+0.75 %); at 2 Mbaud, 26 rather than 25 (+3.9 %).
 */
export function dividerFor(target: number, syncDivider: number): number {
  if (target === ROM_BAUD) return syncDivider;
  const exact = (syncDivider * STUB_REFERENCE_BAUD) / target;
  const below = Math.max(1, Math.floor(exact));
  const error = (divider: number): number => Math.abs((syncDivider * STUB_REFERENCE_BAUD) / divider - target);
  return error(below + 1) < error(below) ? below + 1 : below;
}

/**
 * CHANGE_BAUDRATE's first word that brings a stub now at `current` to
 * `wanted`, both dividers: the largest x with floor(current × 115200 / x) = wanted.
 */
export function baudRequestFor(current: number, wanted: number): number {
  const request = Math.floor((current * STUB_REFERENCE_BAUD) / wanted);
  if (Math.floor((current * STUB_REFERENCE_BAUD) / request) !== wanted) throw new RangeError(`no CHANGE_BAUDRATE value moves divider ${current} to ${wanted}`);
  return request;
}

/** A READ_REG that must answer within 500 ms, twice at most: the link works at this baud. */
export async function linkAnswers(link: Link, attempts = 2): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    try {
      await link.loader.readReg(CHIP_DETECT_MAGIC_REG, 500);
      return true;
    } catch {
      link.transport.flushInput();
      if (link.lost) return false;
    }
  }
  return false;
}

/** The chip's UART divider, read over the link as it is now; undefined when it does not answer. */
async function readDivider(link: Link): Promise<number | undefined> {
  try {
    return ((await link.loader.readReg(UART_CLKDIV_REG, 500)) & UART_CLKDIV_MASK) >>> 0;
  } catch {
    link.transport.flushInput();
    return undefined;
  }
}

export function baudFailedMessage(baud: number): string {
  return t('flasher.warning.baudFailed', { baud, fallback: ROM_BAUD });
}

/**
 * Ask the stub to move from divider `current` to `wanted` (it answers at the
 * old rate, then switches), and follow it with the host at `baud`.
 */
async function switchBoth(link: Link, baud: number, current: number, wanted: number, waitForAnswer: boolean): Promise<void> {
  const payload = le32(baudRequestFor(current, wanted), STUB_REFERENCE_BAUD);
  await link.loader.command(CHANGE_BAUDRATE, payload, 0, waitForAnswer, 3000);
  // The stub waits 5 ms (esp-flasher-stub) or 10 ms (legacy) before and after it switches.
  await sleep(50);
  await link.setHostBaud(baud);
  await sleep(50);
  link.transport.flushInput();
}

export interface BaudOptions {
  autoReset: boolean;
  /** Re-uploads the stub after a reset; supplied by the connection. */
  restartStub: () => Promise<void>;
  /** How long the person gets to re-enter flash mode when nothing else brings the link back. */
  waitForFlashModeMs: number;
  signal?: AbortSignal;
}

/**
 * Tries `target` without asking anything of the person: switch, check the
 * chip answers there with the right divider; if not, listen at the old speed
 * again, or ask the chip (blindly, at `target`) to come back to 115200.
 * Returns the baud the link works at afterwards, or undefined when the chip
 * no longer answers at all (only a reset brings it back).
 */
export async function tryBaud(link: Link, target: number): Promise<number | undefined> {
  if (target === link.baud) return target;
  const sync = link.syncDivider;
  if (sync === undefined) throw new FlasherError('baud-failed', t('flasher.baudTooEarly.message'), t('flasher.baudTooEarly.action'));
  link.emit({ type: 'phase', phase: 'changing-baud', message: t('flasher.phase.changingBaud', { baud: target }) });
  const fromBaud = link.baud;
  const fromDivider = dividerFor(fromBaud, sync);
  const wanted = dividerFor(target, sync);
  try {
    await switchBoth(link, target, fromDivider, wanted, true);
    const divider = (await linkAnswers(link)) ? await readDivider(link) : undefined;
    if (divider === wanted) {
      link.emit({ type: 'log', line: t('flasher.log.dividerOk', { divider: wanted, baud: target }) });
      return target;
    }
    if (divider !== undefined) link.emit({ type: 'log', line: t('flasher.log.dividerOff', { divider, expected: wanted }) });
  } catch {
    // fall through
  }
  if (link.lost) return undefined;
  const back = dividerFor(ROM_BAUD, sync);
  try {
    // The chip may not have switched (the request was lost): listen at the old speed again.
    if (link.baud !== fromBaud) await link.setHostBaud(fromBaud);
    if ((await linkAnswers(link, 1)) && (await readDivider(link)) === fromDivider) {
      if (fromBaud === ROM_BAUD) return ROM_BAUD;
      await switchBoth(link, ROM_BAUD, fromDivider, back, true);
      if ((await linkAnswers(link)) && (await readDivider(link)) === back) return ROM_BAUD;
    }
    // It switched but cannot be heard: ask it, at `target`, to come back to 115200.
    await link.setHostBaud(target);
    await switchBoth(link, ROM_BAUD, wanted, back, false);
    if ((await linkAnswers(link)) && (await readDivider(link)) === back) return ROM_BAUD;
  } catch {
    // nothing more to try without a reset
  }
  return undefined;
}

/**
 * Returns the baud now in use. On failure at `target` it falls back to
 * 115200 with a `baud-failed` warning, without a power cycle when the chip
 * can still hear the host; when it cannot, the person resets it (or DTR/RTS
 * do); only when the device no longer answers at all does it throw.
 */
export async function changeBaud(link: Link, target: number, options: BaudOptions): Promise<number> {
  if (target === link.baud) return target;
  const now = await tryBaud(link, target);
  if (now === target) return target;
  if (link.portLost) throw portLostError('baud');
  if (link.lost) throw new FlasherError('device-lost', t('flasher.baudLost.message', { baud: target }), t('flasher.action.reconnectAndRun'));
  if (target !== ROM_BAUD) link.emit({ type: 'warning', code: 'baud-failed', message: baudFailedMessage(target) });
  if (now === ROM_BAUD) return ROM_BAUD;
  // Back to the ROM at 115200: with DTR/RTS wired we reset it ourselves;
  // with the guide's 4-wire cable the person reconnects the 3.3 V wire with the button held.
  try {
    if (link.baud !== ROM_BAUD) await link.setHostBaud(ROM_BAUD);
    link.loader.IS_STUB = false;
    await waitForFlashMode(link, {
      autoReset: options.autoReset,
      waitForFlashModeMs: options.autoReset ? 5000 : options.waitForFlashModeMs,
      countdown: !options.autoReset,
      signal: options.signal,
    });
    await options.restartStub();
    return ROM_BAUD;
  } catch (error) {
    if (isFlasherError(error, 'cancelled') || isFlasherError(error, 'port-lost')) throw error;
  }
  throw new FlasherError('baud-failed', t('flasher.baudFailed.message', { baud: target, fallback: ROM_BAUD }), t('flasher.baudFailed.action', { fallback: ROM_BAUD }));
}
