/**
 * Waiting for the device to enter flash mode: SYNC again and again, each
 * attempt short, while the person holds the button and powers the device
 * (or, with DTR/RTS wired, while we reset it into the loader ourselves).
 */
import { ClassicReset } from 'esptool-js';
import { t } from '../i18n/index.ts';
import { adapterInfo } from './adapters.ts';
import { BOOT_LOG_BAUD, Diagnoser, parseBootLog, sameDiagnosis, type ConnectDiagnosis } from './diagnose.ts';
import { FlasherError } from './errors.ts';
import type { Link } from './link.ts';
import { ROM_BAUD, sleep } from './link.ts';
import { deviceLostError, noAnswerError, portLostError } from './map-error.ts';

export interface WaitOptions {
  autoReset: boolean;
  waitForFlashModeMs: number;
  signal?: AbortSignal;
  /** Emit countdown events (the first connect) or stay quiet (a resync after a failed baud). */
  countdown: boolean;
}

/** esptool.py tries five; three keep a failed reset from costing much more than its 100 ms windows. */
const SYNCS_PER_RESET = 3;

/**
 * Between SYNCs (without DTR/RTS) the page listens at 74880 for this long,
 * for the ROM's boot line when the person reconnects the 3.3 V wire; a
 * flash-mode line ends the window at once. The line is about 50 bytes, 7 ms
 * on the wire; the window is most of a round so a restart is rarely missed.
 * Any other boot line lets the window run on: what the ROM says next
 * ("ets_main.c": nothing to boot) is part of the diagnosis.
 */
const BOOT_LISTEN_MS = 1000;
/** After an unanswered SYNC, how long it still listens at 115200 (a running firmware's console). */
const CONSOLE_LISTEN_MS = 150;

/** What arrives on the link, one listening window at a time. */
class Ears {
  readonly #link: Link;
  /** What arrived, each chunk with the baud the port was open at. */
  #chunks: { bytes: Uint8Array; baud: number }[] = [];
  #wake: (() => void) | undefined;

  constructor(link: Link) {
    this.#link = link;
    link.transport.onBytes = (bytes, baud) => {
      this.#chunks.push({ bytes: bytes.slice(), baud });
      this.#wake?.();
    };
  }

  /** What came at `baud` since the last take(); whatever came at another speed is dropped. */
  take(baud: number): Uint8Array {
    const chunks = this.#chunks.filter((chunk) => chunk.baud === baud);
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.bytes.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk.bytes, at);
      at += chunk.bytes.length;
    }
    this.#chunks = [];
    return out;
  }

  /** Waits `ms`, or less once `enough` holds for what came at `baud`, or the wait is aborted. */
  async until(ms: number, baud: number, enough: (bytes: Uint8Array) => boolean, signal?: AbortSignal): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end && !signal?.aborted && !this.#link.portLost) {
      if (enough(this.#peek(baud))) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, end - Date.now());
        const onAbort = (): void => done();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.#wake = done;
        function done(): void {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }
      });
      this.#wake = undefined;
    }
  }

  #peek(baud: number): Uint8Array {
    const all = this.take(baud);
    this.#chunks = all.length > 0 ? [{ bytes: all, baud }] : [];
    return all;
  }

  stop(): void {
    this.#link.transport.onBytes = undefined;
    this.#wake = undefined;
  }
}

/** A flash-mode boot line ends the window at once (SYNC next); after any other the window runs on, for what the ROM says next. */
const flashModeLine = (bytes: Uint8Array): boolean => parseBootLog(String.fromCharCode(...bytes.subarray(-512)))?.bootMode === 1;

export function cancelledError(): FlasherError {
  return new FlasherError('cancelled', t('flasher.cancelled.message'), t('flasher.cancelled.action'));
}

/** Resolves once the ROM (or an already running stub) answers SYNC. */
export async function waitForFlashMode(link: Link, options: WaitOptions): Promise<void> {
  const { autoReset, waitForFlashModeMs, signal, countdown } = options;
  const started = Date.now();
  const deadline = started + waitForFlashModeMs;
  let attempt = 0;
  if (countdown)
    link.emit({
      type: 'phase',
      phase: 'waiting-for-flash-mode',
      // With the port open the board gets its power from the adapter, so flash mode comes from
      // the 3.3 V wire, not the USB cable: unplugging the adapter would destroy the port.
      message: autoReset ? t('flasher.phase.resetting') : t('flasher.phase.flashMode'),
    });
  const secondsLeft = (): number => Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  const ticker = countdown ? setInterval(() => link.emit({ type: 'countdown', secondsLeft: secondsLeft(), attempt }), 1000) : undefined;
  if (countdown) link.emit({ type: 'countdown', secondsLeft: secondsLeft(), attempt });
  const ears = new Ears(link);
  const diagnoser = new Diagnoser(adapterInfo(link.port.getInfo()), started);
  let reported: ConnectDiagnosis | undefined;
  const heard = (baud: number): void => {
    diagnoser.window(baud, ears.take(baud));
    const now = diagnoser.diagnosis();
    if (now === undefined || sameDiagnosis(now, reported)) return;
    reported = now;
    link.emit({ type: 'diagnosis', diagnosis: now });
  };
  /** Host side to `baud`; an adapter gone meanwhile is port-lost. */
  const hostTo = async (baud: number): Promise<void> => {
    try {
      await link.setHostBaud(baud);
    } catch (error) {
      if (link.portLost) throw portLostError('connect', error);
      throw error;
    }
  };
  try {
    while (Date.now() < deadline) {
      if (signal?.aborted) throw cancelledError();
      attempt++;
      if (autoReset) {
        // esptool.py default_reset: alternate the short and the long delay.
        await new ClassicReset(link.transport, attempt % 2 === 1 ? 50 : 550).reset();
      }
      // After a reset, several SYNCs 50 ms apart (esptool.py v4.12.0 loader.py:677-686 tries five):
      // the boot text at 74880 baud can still be arriving, as noise, behind an adapter's latency timer.
      // Without a reset, one per round: the person's next power cycle is what changes things.
      const syncs = autoReset ? SYNCS_PER_RESET : 1;
      for (let i = 0; i < syncs; i++) {
        link.transport.flushInput();
        try {
          // One SYNC with 100 ms answer windows; the ROM answers eight times.
          await link.loader.sync();
          return;
        } catch {
          if (link.portLost) throw portLostError('connect');
          if (link.lost) throw deviceLostError('connect');
        }
        diagnoser.syncUnanswered();
        if (i + 1 < syncs) await sleep(50, signal);
      }
      // The first round is a second SYNC 20 ms later, as before: the ROM often misses the very first one
      // while it measures the rate, and a Sonoff already in flash mode must not wait for a listening window.
      if (autoReset || attempt === 1) {
        await sleep(autoReset ? 100 : 20, signal);
        continue;
      }
      // Without DTR/RTS the person restarts the Sonoff: listen for what it says when they do.
      await sleep(Math.min(CONSOLE_LISTEN_MS, Math.max(0, deadline - Date.now())), signal);
      heard(ROM_BAUD);
      if (deadline - Date.now() < 2 * CONSOLE_LISTEN_MS || signal?.aborted) continue;
      await hostTo(BOOT_LOG_BAUD);
      await ears.until(Math.min(BOOT_LISTEN_MS, deadline - Date.now()), BOOT_LOG_BAUD, flashModeLine, signal);
      heard(BOOT_LOG_BAUD);
      await hostTo(ROM_BAUD);
    }
    if (signal?.aborted) throw cancelledError();
    throw noAnswerError(Date.now() - started, reported);
  } finally {
    if (ticker !== undefined) clearInterval(ticker);
    ears.stop();
  }
}
