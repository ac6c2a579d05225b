/**
 * The page's one connection, in the order the hardware allows: the safety
 * point, then flash mode (hold the button, plug the adapter in: plugging it
 * in powers the Sonoff), then the port chooser (an adapter is listed only
 * once it is plugged in), then the wait for the ROM. With the port open,
 * flash mode comes from the 3.3 V wire, never the USB cable. If the port is
 * lost anyway, it is found again (by itself where the browser kept the
 * permission, or with one "Choose the port again" click) and the step that
 * was running starts again from the beginning. Steps ask for a session with
 * ensureConnected(); they never touch the port.
 */
import { batch, signal } from '@preact/signals';
import {
  connect,
  filterFor,
  FlasherError,
  isFlasherError,
  requestPort,
  watchForPort,
  type ConnectDiagnosis,
  type FlasherEvent,
  type FlasherSession,
  type PortWatch,
  type SerialLike,
  type SerialPortLike,
} from '../../flasher/index.ts';
import { t } from '../../i18n/index.ts';
import { getBaud, setBaud } from '../../scripts/command-vars.ts';
import { autoReset, connection, consoleHoldsPort, justConnected, rehearsal } from './state.ts';

export { justConnected };

interface Waiter {
  resolve(session: FlasherSession): void;
  reject(error: FlasherError): void;
}

let waiters: Waiter[] = [];
let abort: AbortController | undefined;
/** The port the page has now (or had, when it was lost). */
let currentPort: SerialPortLike | undefined;
/** While a lost port is awaited: what the "Choose the port again" click resolves. */
let portBack: { resolve(port: SerialPortLike): void; reject(error: FlasherError): void; lost: SerialPortLike; watch: PortWatch } | undefined;

/** What connecting said that the reader should still see once connected (flash size, baud fallback). */
export const connectionNotes = signal<string[]>([]);
/** The connect flow's log, for the dialog's details. */
export const connectLog = signal<string[]>([]);
/** Why it does not connect, as far as the flasher can tell from what it heard (Diagnosis.tsx shows it). */
export const connectDiagnosis = signal<ConnectDiagnosis | undefined>(undefined);

const cancelled = (): FlasherError => new FlasherError('cancelled', t('flasher.connectCancelled.message'), t('flasher.connectCancelled.action'));

function settle(outcome: { session: FlasherSession } | { error: FlasherError }): void {
  const pending = waiters;
  waiters = [];
  for (const waiter of pending) {
    if ('session' in outcome) waiter.resolve(outcome.session);
    else waiter.reject(outcome.error);
  }
}

/** Where ports come from: the virtual Sonoff's serial in a rehearsal, the browser's otherwise. */
export function serialProvider(): SerialLike | undefined {
  const virtual = rehearsal.value;
  if (virtual) return virtual.serial;
  const nav = globalThis.navigator as (Navigator & { serial?: SerialLike }) | undefined;
  return nav?.serial;
}

const busyKinds = new Set(['choosing-port', 'waiting', 'connecting', 'port-lost']);

/**
 * What had the focus when the dialog was asked for (a Run button, Connect…),
 * read at the click: by the time the dialog opens, a Run button is disabled
 * and has lost it. The dialog gives the focus back to it when it closes.
 */
export let connectOpener: Element | null = null;
/** The step whose Run asked for the connection, if one did: the focus goes back to it. */
export let connectForStep: string | undefined;

function openDialog(stepId?: string): void {
  connectOpener = document.activeElement;
  connectForStep = stepId;
  connection.value = { kind: 'ready-to-connect' };
}

/** Opens the connect dialog (the device panel's Connect button). */
export function requestConnect(): void {
  const kind = connection.value.kind;
  if (kind === 'connected' || busyKinds.has(kind)) return;
  openDialog();
}

/** The connected session, connecting first if needed: the dialog opens and the reader walks through it. */
export function ensureConnected(stepId?: string): Promise<FlasherSession> {
  const state = connection.value;
  if (state.kind === 'connected') return Promise.resolve(state.session);
  return new Promise<FlasherSession>((resolve, reject) => {
    waiters.push({ resolve, reject });
    if (!busyKinds.has(state.kind)) openDialog(stepId);
  });
}

function onConnectEvent(event: FlasherEvent): void {
  switch (event.type) {
    case 'countdown':
      if (connection.peek().kind !== 'port-lost') connection.value = { kind: 'waiting', secondsLeft: event.secondsLeft, attempt: event.attempt };
      break;
    case 'phase':
      connectLog.value = [...connectLog.value, event.message];
      if (event.phase !== 'waiting-for-flash-mode' && event.phase !== 'port-lost') connection.value = { kind: 'connecting', phase: event.phase, message: event.message };
      break;
    case 'log':
      connectLog.value = [...connectLog.value, event.line];
      break;
    case 'diagnosis':
      connectDiagnosis.value = event.diagnosis;
      break;
    case 'warning':
      connectionNotes.value = [...connectionNotes.value, event.message];
      if (event.code === 'baud-failed') setBaud(115200);
      break;
    default:
      break;
  }
}

/**
 * Resolves with the adapter's port once it is back: by itself (the browser
 * kept the permission: a 'connect' event, getPorts()), or when the reader
 * chooses it again (choosePortAgain, from a click).
 */
function awaitPortBack(lost: SerialPortLike, step: string | undefined): Promise<SerialPortLike> {
  const serial = serialProvider();
  connection.value = { kind: 'port-lost', step };
  return new Promise<SerialPortLike>((resolve, reject) => {
    if (serial === undefined) return reject(cancelled());
    const watch = watchForPort(serial, lost);
    portBack = { resolve, reject, lost, watch };
    void watch.port.then((port) => {
      if (portBack?.watch !== watch) return;
      portBack = undefined;
      resolve(port);
    });
  }).then((port) => {
    currentPort = port;
    return port;
  });
}

/** The dialog's "Choose the port again" (a click: the chooser needs it). */
export async function choosePortAgain(): Promise<void> {
  const pending = portBack;
  const serial = serialProvider();
  if (pending === undefined || serial === undefined) return;
  try {
    const port = await serial.requestPort({ filters: [filterFor(pending.lost)] });
    if (portBack !== pending) return;
    pending.watch.cancel();
    portBack = undefined;
    pending.resolve(port);
  } catch {
    // The chooser was closed, or the adapter is still unplugged: keep waiting.
  }
}

/** A connect that did not succeed: the dialog says why (or closes, if the reader cancelled). */
function showConnectFailure(error: unknown): FlasherError {
  const mapped = isFlasherError(error) ? error : new FlasherError('no-answer', String(error), t('flasher.action.tryAgain'));
  connection.value = mapped.code === 'cancelled' ? { kind: 'disconnected' } : { kind: 'failed', error: mapped };
  return mapped;
}

/** Opens the port and connects; the adapter unplugged meanwhile is waited for. */
async function connectTo(port: SerialPortLike): Promise<FlasherSession> {
  abort = new AbortController();
  currentPort = port;
  try {
    const session = await connect(port, {
      baud: getBaud(),
      autoReset: autoReset.value,
      signal: abort.signal,
      onEvent: onConnectEvent,
      portBack: (lost) => awaitPortBack(lost, undefined),
    });
    if (session.device.baud !== getBaud()) setBaud(session.device.baud);
    batch(() => {
      connection.value = { kind: 'connected', session, device: session.device };
      justConnected.value = !autoReset.value;
    });
    return session;
  } finally {
    abort = undefined;
  }
}

/** The dialog's "Choose the port": the chooser, then the connection. */
export async function choosePortAndConnect(): Promise<void> {
  const serial = serialProvider();
  if (!serial) {
    const error = new FlasherError('no-web-serial', t('flasher.noSerial.message'), t('flasher.noSerial.action'));
    connection.value = { kind: 'failed', error };
    settle({ error });
    return;
  }
  // One owner of the port: the console lets it go (and says so) before the flasher asks for it.
  await consoleHoldsPort.peek()?.release('flasher');
  batch(() => {
    connection.value = { kind: 'choosing-port' };
    connectLog.value = [];
    connectionNotes.value = [];
    connectDiagnosis.value = undefined;
  });
  let port: SerialPortLike;
  try {
    port = await requestPort(serial);
  } catch (error) {
    const mapped = isFlasherError(error) ? error : new FlasherError('port-cancelled', String(error), t('flasher.action.choosePortAgain'));
    if (mapped.code === 'port-cancelled') {
      // A closed chooser is the reader's choice; the dialog stays on the same step. The virtual chooser is empty only when its adapter is unplugged.
      connection.value = { kind: 'ready-to-connect', hint: rehearsal.value ? 'no-adapter' : 'nothing-chosen' };
      return;
    }
    connection.value = { kind: 'failed', error: mapped };
    settle({ error: mapped });
    return;
  }
  connection.value = { kind: 'waiting', secondsLeft: 0, attempt: 0 };
  try {
    settle({ session: await connectTo(port) });
  } catch (error) {
    settle({ error: showConnectFailure(error) });
  }
}

/**
 * A step lost the adapter's port: wait for it to come back (the person plugs
 * it in holding the button), connect again, and hand back the new session so
 * the step can start again from the beginning. Undefined when the reader
 * cancels or connecting fails (the dialog then says why).
 */
export async function reconnectAfterPortLost(lostSession: FlasherSession, step: string): Promise<FlasherSession | undefined> {
  await lostSession.disconnect().catch(() => undefined);
  const lost = currentPort;
  if (lost === undefined) return undefined;
  try {
    const port = await awaitPortBack(lost, step);
    connection.value = { kind: 'waiting', secondsLeft: 0, attempt: 0 };
    return await connectTo(port);
  } catch (error) {
    showConnectFailure(error);
    return undefined;
  }
}

/** The dialog's Cancel: stop waiting, release the port, and tell waiting steps. */
export function cancelConnect(): void {
  if (portBack) {
    portBack.watch.cancel();
    portBack.reject(cancelled());
    portBack = undefined;
  }
  if (abort) {
    abort.abort();
    return;
  }
  connection.value = { kind: 'disconnected' };
  settle({ error: cancelled() });
}

/** The port the flasher last had (closed once it disconnected), so the console can open it without asking again. */
export function lastPort(): SerialPortLike | undefined {
  return currentPort;
}

/** Disconnect always releases the port, whatever state the device is in. */
export async function disconnect(): Promise<void> {
  const state = connection.value;
  batch(() => {
    connection.value = { kind: 'disconnected' };
    connectionNotes.value = [];
    justConnected.value = false;
  });
  if (state.kind === 'connected') await state.session.disconnect();
}

/** After a step lost the device (the port is still there): release the port so the next Run reconnects. */
export async function dropConnection(session: FlasherSession): Promise<void> {
  const state = connection.value;
  if (state.kind === 'connected' && state.session === session) connection.value = { kind: 'disconnected' };
  await session.disconnect();
}
