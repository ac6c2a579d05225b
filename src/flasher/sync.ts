/**
 * Waiting for the device to enter flash mode: SYNC again and again, each
 * attempt short, while the person holds the button and powers the device
 * (or, with DTR/RTS wired, while we reset it into the loader ourselves).
 */
import { ClassicReset } from 'esptool-js';
import { FlasherError } from './errors.ts';
import type { Link } from './link.ts';
import { sleep } from './link.ts';
import { deviceLostError, noAnswerError, portLostError } from './map-error.ts';

export interface WaitOptions {
  autoReset: boolean;
  waitForFlashModeMs: number;
  signal?: AbortSignal;
  /** Emit countdown events (the first connect) or stay quiet (a resync after a failed baud). */
  countdown: boolean;
}

/**
 * With the port open the board gets its power from the adapter, so flash
 * mode comes from the 3.3 V wire, not the USB cable: unplugging the adapter
 * would destroy the port.
 */
export const FLASH_MODE_INSTRUCTIONS =
  'Put the device in flash mode without unplugging the adapter: hold the button, disconnect and reconnect the 3.3 V wire, then release the button.';

/** esptool.py tries five; three keep a failed reset from costing much more than its 100 ms windows. */
const SYNCS_PER_RESET = 3;

export function cancelledError(): FlasherError {
  return new FlasherError('cancelled', 'Connecting was cancelled; the port is released.', 'Connect again when the device is ready.');
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
      message: autoReset ? 'Resetting the device into flash mode…' : FLASH_MODE_INSTRUCTIONS,
    });
  const secondsLeft = (): number => Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  const ticker = countdown ? setInterval(() => link.emit({ type: 'countdown', secondsLeft: secondsLeft(), attempt }), 1000) : undefined;
  if (countdown) link.emit({ type: 'countdown', secondsLeft: secondsLeft(), attempt });
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
        if (i + 1 < syncs) await sleep(50, signal);
      }
      await sleep(autoReset ? 100 : 20, signal);
    }
    if (signal?.aborted) throw cancelledError();
    throw noAnswerError(Date.now() - started);
  } finally {
    if (ticker !== undefined) clearInterval(ticker);
  }
}
