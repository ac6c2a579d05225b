/**
 * The page's one connection: the safety confirmation, the port chooser, the
 * wait for flash mode with its countdown, and releasing the port. Steps ask
 * for a session with ensureConnected(); they never touch the port.
 */
import { batch, signal } from '@preact/signals';
import { connect, FlasherError, isFlasherError, requestPort, type FlasherEvent, type FlasherSession, type SerialLike } from '../../flasher/index.ts';
import { getBaud, setBaud } from '../../scripts/command-vars.ts';
import { autoReset, connection, rehearsal, safetyConfirmed } from './state.ts';

interface Waiter {
  resolve(session: FlasherSession): void;
  reject(error: FlasherError): void;
}

let waiters: Waiter[] = [];
let abort: AbortController | undefined;

/** What connecting said that the reader should still see once connected (flash size, baud fallback). */
export const connectionNotes = signal<string[]>([]);
/** The connect flow's log, for the dialog's details. */
export const connectLog = signal<string[]>([]);

const cancelled = (): FlasherError => new FlasherError('cancelled', 'Connecting was cancelled.', 'Run the step again when the device is ready.');

function settle(outcome: { session: FlasherSession } | { error: FlasherError }): void {
  const pending = waiters;
  waiters = [];
  for (const waiter of pending) {
    if ('session' in outcome) waiter.resolve(outcome.session);
    else waiter.reject(outcome.error);
  }
}

function serialProvider(): SerialLike | undefined {
  const virtual = rehearsal.value;
  if (virtual) return virtual.serial;
  const nav = globalThis.navigator as (Navigator & { serial?: SerialLike }) | undefined;
  return nav?.serial;
}

/** Opens the connect dialog (the device panel's Connect button). */
export function requestConnect(): void {
  const kind = connection.value.kind;
  if (kind === 'connected' || kind === 'choosing-port' || kind === 'waiting' || kind === 'connecting') return;
  // The click that got here is the gesture the port chooser needs.
  if (safetyConfirmed.value) void choosePortAndConnect();
  else connection.value = { kind: 'ready-to-connect' };
}

/**
 * The connected session, connecting first if needed. Called from a click:
 * when the safety point is already confirmed, the port chooser opens at once
 * (the browser requires a user gesture for it).
 */
export function ensureConnected(): Promise<FlasherSession> {
  const state = connection.value;
  if (state.kind === 'connected') return Promise.resolve(state.session);
  return new Promise<FlasherSession>((resolve, reject) => {
    waiters.push({ resolve, reject });
    if (state.kind === 'choosing-port' || state.kind === 'waiting' || state.kind === 'connecting') return;
    if (safetyConfirmed.value) void choosePortAndConnect();
    else connection.value = { kind: 'ready-to-connect' };
  });
}

/** The dialog's Connect button, or a Run click once the safety point is confirmed. */
export async function choosePortAndConnect(): Promise<void> {
  const serial = serialProvider();
  if (!serial) {
    const error = new FlasherError('no-web-serial', 'This browser has no Web Serial.', 'Use Chrome or Edge on a desktop computer, or the virtual Sonoff POW.');
    connection.value = { kind: 'failed', error };
    settle({ error });
    return;
  }
  batch(() => {
    connection.value = { kind: 'choosing-port' };
    connectLog.value = [];
    connectionNotes.value = [];
  });
  let port;
  try {
    port = await requestPort(serial);
  } catch (error) {
    const mapped = isFlasherError(error) ? error : new FlasherError('port-cancelled', String(error), 'Choose the port again.');
    // A closed chooser is the reader's choice, not an error to shout about.
    connection.value = mapped.code === 'port-cancelled' ? { kind: 'disconnected' } : { kind: 'failed', error: mapped };
    settle({ error: mapped });
    return;
  }
  abort = new AbortController();
  const onEvent = (event: FlasherEvent): void => {
    switch (event.type) {
      case 'countdown':
        connection.value = { kind: 'waiting', secondsLeft: event.secondsLeft, attempt: event.attempt };
        break;
      case 'phase':
        connectLog.value = [...connectLog.value, event.message];
        if (event.phase !== 'waiting-for-flash-mode') connection.value = { kind: 'connecting', message: event.message };
        break;
      case 'log':
        connectLog.value = [...connectLog.value, event.line];
        break;
      case 'warning':
        connectionNotes.value = [...connectionNotes.value, event.message];
        if (event.code === 'baud-failed') setBaud(115200);
        break;
      default:
        break;
    }
  };
  connection.value = { kind: 'waiting', secondsLeft: 0, attempt: 0 };
  try {
    const session = await connect(port, { baud: getBaud(), autoReset: autoReset.value, signal: abort.signal, onEvent });
    if (session.device.baud !== getBaud()) setBaud(session.device.baud);
    connection.value = { kind: 'connected', session, device: session.device };
    settle({ session });
  } catch (error) {
    const mapped = isFlasherError(error) ? error : new FlasherError('no-answer', String(error), 'Try again.');
    connection.value = mapped.code === 'cancelled' ? { kind: 'disconnected' } : { kind: 'failed', error: mapped };
    settle({ error: mapped });
  } finally {
    abort = undefined;
  }
}

/** The dialog's Cancel: stop waiting, release the port, and tell waiting steps. */
export function cancelConnect(): void {
  if (abort) {
    abort.abort();
    return;
  }
  connection.value = { kind: 'disconnected' };
  settle({ error: cancelled() });
}

/** Disconnect always releases the port, whatever state the device is in. */
export async function disconnect(): Promise<void> {
  const state = connection.value;
  connection.value = { kind: 'disconnected' };
  connectionNotes.value = [];
  if (state.kind === 'connected') await state.session.disconnect();
}

/** After a step lost the device: release the port so the next Run reconnects. */
export async function dropConnection(session: FlasherSession): Promise<void> {
  const state = connection.value;
  if (state.kind === 'connected' && state.session === session) connection.value = { kind: 'disconnected' };
  await session.disconnect();
}
