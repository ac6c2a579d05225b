/**
 * Moving the stub to the command's --baud, checking the link answers there,
 * and falling back to 115200 when it does not.
 */
import { FlasherError, isFlasherError } from './errors.ts';
import { CHIP_DETECT_MAGIC_REG } from './esp8266.ts';
import type { Link } from './link.ts';
import { ROM_BAUD, sleep } from './link.ts';
import { waitForFlashMode } from './sync.ts';
import { le32 } from './words.ts';

/** Bauds the guide offers beside 115200. */
export const FASTER_BAUDS: readonly number[] = [460800, 921600];
/** What we ask a stub for at all; outside this the command is not run. */
export const MIN_BAUD = 9600;
export const MAX_BAUD = 2_000_000;

/** esptool.py/esptool-js ESP_CHANGE_BAUDRATE. */
const CHANGE_BAUDRATE = 0x0f;

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

export function baudFailedMessage(baud: number): string {
  return `The link failed at ${baud} baud; continuing at ${ROM_BAUD}.`;
}

/** Ask the stub to talk at `baud` (it answers at the old baud, then switches), and follow it. */
async function switchBoth(link: Link, baud: number, waitForAnswer: boolean): Promise<void> {
  // The stub takes (new baud, current baud); esptool.py sends 0 as the second word to the ROM.
  const payload = le32(baud, link.loader.IS_STUB ? link.baud : 0);
  await link.loader.command(CHANGE_BAUDRATE, payload, 0, waitForAnswer, 3000);
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
 * Returns the baud now in use. On failure at `target` it falls back to
 * 115200 with a `baud-failed` warning; only when the device no longer
 * answers at all does it throw.
 */
export async function changeBaud(link: Link, target: number, options: BaudOptions): Promise<number> {
  if (target === link.baud) return target;
  link.emit({ type: 'phase', phase: 'changing-baud', message: `Changing to ${target} baud…` });
  const from = link.baud;
  try {
    await switchBoth(link, target, true);
    if (await linkAnswers(link)) return target;
  } catch {
    // fall through to the fallback
  }
  if (link.lost) throw new FlasherError('device-lost', `The device went away while changing to ${target} baud.`, 'Reconnect (hold the button while powering it) and run the step again.');

  let warned = false;
  const warn = (): number => {
    if (!warned) link.emit({ type: 'warning', code: 'baud-failed', message: baudFailedMessage(target) });
    warned = true;
    return ROM_BAUD;
  };
  // 1. The stub may not have switched (the request was lost): just listen at 115200 again.
  // 2. It switched but the link is bad one way: ask it, blindly at `target`, to come back.
  try {
    if (link.baud !== from) await link.setHostBaud(from);
    if (from === ROM_BAUD && (await linkAnswers(link, 1))) return warn();
    await link.setHostBaud(target);
    await switchBoth(link, ROM_BAUD, false);
    if (await linkAnswers(link)) return warn();
  } catch {
    // fall through
  }
  // 3. Back to the ROM at 115200: with DTR/RTS wired we reset it ourselves;
  //    with the guide's 4-wire cable the person power-cycles with the button held.
  if (!link.lost) {
    try {
      if (link.baud !== ROM_BAUD) await link.setHostBaud(ROM_BAUD);
      link.loader.IS_STUB = false;
      if (!options.autoReset) warn();
      await waitForFlashMode(link, {
        autoReset: options.autoReset,
        waitForFlashModeMs: options.autoReset ? 5000 : options.waitForFlashModeMs,
        countdown: !options.autoReset,
        signal: options.signal,
      });
      await options.restartStub();
      return warn();
    } catch (error) {
      if (isFlasherError(error, 'cancelled')) throw error;
    }
  }
  throw new FlasherError(
    'baud-failed',
    `The link failed at ${target} baud and the device no longer answers at ${ROM_BAUD}.`,
    `Power-cycle the device with the button held, connect again, and use --baud ${ROM_BAUD}.`,
  );
}
