/**
 * The page's serial console as the steps after the flash use it: the one
 * console of the page, opened at the firmware's 115200 on the adapter's
 * port, and the rule that one thing owns the port at a time. Opening it
 * while the flasher is connected asks first (the flasher then disconnects);
 * the flasher closes it, saying so, before it connects. The console's code
 * (src/console/) is fetched on first use.
 */
import { batch, signal } from '@preact/signals';
import { requestPort, type SerialPortLike } from '../../../flasher/index.ts';
import type { ConsoleLine, RecognisedFirmware, SerialConsole } from '../../../console/index.ts';
import { disconnect, lastPort, serialProvider } from '../connection.ts';
import { consoleCore } from '../features.tsx';
import { connected, connecting, consoleHoldsPort, runningStep } from '../state.ts';

export type ConsoleStatus =
  | { kind: 'closed'; reason?: 'flasher' | 'closed' | 'lost' }
  /** The flasher is connected: opening the console would disconnect it, so the reader is asked first. */
  | { kind: 'flasher-holds' }
  /** The flasher is connecting or running a step: the console waits until it has finished. */
  | { kind: 'flasher-busy' }
  | { kind: 'opening' }
  | { kind: 'open' }
  | { kind: 'failed'; code: string };

export const consoleStatus = signal<ConsoleStatus>({ kind: 'closed' });
/** What the device printed and what was sent, secrets already taken out by the console. */
export const consoleLines = signal<readonly ConsoleLine[]>([]);
/** The firmware the console recognised from what the device printed (or from Status 2). */
export const consoleFirmware = signal<Exclude<RecognisedFirmware, { firmware: 'unknown' }> | undefined>(undefined);

let current: SerialConsole | undefined;
let opening: Promise<SerialConsole | undefined> | undefined;

/** The open console, if there is one. */
export function openedConsole(): SerialConsole | undefined {
  return current;
}

/** The port the flasher had (no chooser then), else the one the reader chooses; undefined when they cancel. */
async function portToOpen(avoid?: SerialPortLike): Promise<SerialPortLike | undefined> {
  const known = lastPort();
  if (known !== undefined && known !== avoid && known.readable === null) return known;
  const serial = serialProvider();
  if (serial === undefined) {
    consoleStatus.value = { kind: 'failed', code: 'no-web-serial' };
    return undefined;
  }
  try {
    return await requestPort(serial);
  } catch {
    consoleStatus.value = { kind: 'closed' };
    return undefined;
  }
}

/**
 * The console, opening it first. Undefined when the reader must decide
 * (the flasher holds the port: `takeFromFlasher` says they did), cancelled
 * the port chooser, or the port did not open (the status says why).
 */
export function openConsole({ takeFromFlasher = false, forStep }: { takeFromFlasher?: boolean; forStep?: string } = {}): Promise<SerialConsole | undefined> {
  if (current) return Promise.resolve(current);
  if (opening) return opening;
  // Never in the middle of the flasher's work: a write cut off halfway leaves the plug without firmware.
  const running = runningStep.peek();
  if (connecting.peek() || (running !== undefined && running !== forStep)) {
    consoleStatus.value = { kind: 'flasher-busy' };
    return Promise.resolve(undefined);
  }
  // Kept until it settles (not cleared inside: a path without an await would clear it before it is kept).
  const attempt = (async (): Promise<SerialConsole | undefined> => {
    {
      if (connected.peek()) {
        if (!takeFromFlasher) {
          consoleStatus.value = { kind: 'flasher-holds' };
          return undefined;
        }
        await disconnect();
      }
      consoleStatus.value = { kind: 'opening' };
      const core = await consoleCore.load().catch(() => undefined);
      if (core === undefined) {
        consoleStatus.value = { kind: 'failed', code: 'load-failed' };
        return undefined;
      }
      let port = await portToOpen();
      for (let attempt = 0; port !== undefined; attempt++) {
        const console = new core.SerialConsole(port);
        console.onLine((line) => {
          consoleLines.value = [...console.lines];
          // After the console has told every listener (closing it inside its own listener would turn 'port-lost' into 'closed').
          if (line.note === 'port-lost') queueMicrotask(() => void closeConsole('lost'));
          if (line.direction !== 'device') return;
          const found = core.recogniseBoot(console.lines.slice(-40));
          if (found.firmware !== 'unknown' && (consoleFirmware.peek() === undefined || found.firmware === 'espeasy' || found.version !== undefined)) consoleFirmware.value = found;
        });
        try {
          await console.open();
          current = console;
          break;
        } catch (error) {
          // The flasher's port may be gone (the adapter was replugged since): ask for the port once.
          if (attempt === 0 && port === lastPort() && !core.isConsoleError(error, 'port-busy')) {
            port = await portToOpen(port);
            continue;
          }
          consoleStatus.value = { kind: 'failed', code: core.isConsoleError(error) ? error.code : 'open-failed' };
          return undefined;
        }
      }
      if (current === undefined) {
        if (consoleStatus.peek().kind === 'opening') consoleStatus.value = { kind: 'closed' };
        return undefined;
      }
      batch(() => {
        consoleStatus.value = { kind: 'open' };
        consoleHoldsPort.value = { release: (reason) => closeConsole(reason) };
      });
      return current;
    }
  })();
  opening = attempt;
  const done = (): void => {
    if (opening === attempt) opening = undefined;
  };
  attempt.then(done, done);
  return attempt;
}

/** Closes the console and lets the port go; its lines stay for the reader to read or download. */
export async function closeConsole(reason: 'flasher' | 'closed' | 'lost' = 'closed'): Promise<void> {
  const closing = current;
  current = undefined;
  batch(() => {
    consoleHoldsPort.value = undefined;
    consoleStatus.value = { kind: 'closed', reason };
  });
  await closing?.close().catch(() => undefined);
}

export function clearConsole(): void {
  current?.clear();
  consoleLines.value = [];
}
