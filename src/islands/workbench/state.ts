/**
 * The workbench's shared state, read by every island once it has loaded:
 * the one connection of the page, which step runs, and the rehearsal device.
 */
import { computed, signal } from '@preact/signals';
import type { DeviceInfo, FlasherError, FlasherPhase, FlasherSession } from '../../flasher/index.ts';
import { setStepRunning } from '../../site/step-activity.ts';
import type { PickedFile } from '../FilePicker.tsx';
import type { RehearsalDevice } from './rehearsal.ts';

export type ConnectionState =
  | { kind: 'disconnected' }
  /** The dialog asks the reader to confirm mains is unplugged and to put the Sonoff in flash mode, then to choose the port. */
  | { kind: 'ready-to-connect'; hint?: 'no-adapter' | 'nothing-chosen' }
  | { kind: 'choosing-port' }
  /** The port is open; the Sonoff is not in flash mode yet (flash mode now comes from the 3.3 V wire). */
  | { kind: 'waiting'; secondsLeft: number; attempt: number }
  /** The adapter was unplugged (while connecting, or during a step): waiting for its port to come back. */
  | { kind: 'port-lost'; step: string | undefined }
  /** Opening the port, loading the stub, changing speed: `phase` picks the words the dialog shows (the message goes to the log). */
  | { kind: 'connecting'; phase: FlasherPhase; message: string }
  | { kind: 'connected'; session: FlasherSession; device: DeviceInfo }
  | { kind: 'failed'; error: FlasherError };

export const connection = signal<ConnectionState>({ kind: 'disconnected' });

/** The step whose operation runs now; every Run button is disabled while one does. */
export const runningStep = signal<string | undefined>(undefined);
// The update notice (src/site/offline.ts) reads this without loading the workbench.
runningStep.subscribe((step) => setStepRunning(step !== undefined));

export const connected = computed(() => {
  const state = connection.value;
  return state.kind === 'connected' ? state : undefined;
});

/** A connect is in progress (dialog open). */
export const connecting = computed(() => {
  const kind = connection.value.kind;
  return kind !== 'disconnected' && kind !== 'connected' && kind !== 'failed';
});

/** The adapter has DTR/RTS wired to GPIO0/EN. */
export const autoReset = signal(false);

const SAFETY_KEY = 'sonoff-flasher:mains-unplugged-confirmed';

/** The reader confirmed AC mains is unplugged (asked once per browser session). */
export const safetyConfirmed = signal(readSafety());

function readSafety(): boolean {
  try {
    return sessionStorage.getItem(SAFETY_KEY) === 'yes';
  } catch {
    return false;
  }
}

export function confirmSafety(): void {
  safetyConfirmed.value = true;
  try {
    sessionStorage.setItem(SAFETY_KEY, 'yes');
  } catch {
    // Private mode: asked again next time.
  }
}

/** The virtual Sonoff POW, when the reader rehearses without hardware. */
export const rehearsal = signal<RehearsalDevice | undefined>(undefined);

/** The step a Run click asked for before the workbench (or the connection) was there. */
export const runRequest = signal<{ stepId: string; serial: number } | undefined>(undefined);

/** After a verified write, the step that wrote: its result says to power-cycle to boot the firmware, until another step runs. */
export const bootReminder = signal<string | undefined>(undefined);

/** Connected with the person's hands (not auto-reset): "you can release the button" shows until a step starts. */
export const justConnected = signal(false);

/** A step that changes the flash (erase, write, restore) runs: leaving the page would cut it off. */
export const changingFlash = signal(false);

/** Bumped when the stored backups change, so lists reload. */
export const backupsVersion = signal(0);

/** Files picked in a step before the workbench had loaded, by `${stepId} ${fileName}`. */
export const handedOverFiles = signal<ReadonlyMap<string, PickedFile>>(new Map());

export function handOverFile(stepId: string, fileName: string, file: PickedFile): void {
  const next = new Map(handedOverFiles.value);
  next.set(`${stepId} ${fileName}`, file);
  handedOverFiles.value = next;
}

/** Takes (once) the file picked for this step before its controls existed. */
export function takeHandedOverFile(stepId: string, fileName: string): PickedFile | undefined {
  const key = `${stepId} ${fileName}`;
  const file = handedOverFiles.peek().get(key);
  if (file) {
    const next = new Map(handedOverFiles.peek());
    next.delete(key);
    handedOverFiles.value = next;
  }
  return file;
}

/**
 * The serial console, while it has the port: one owner of the port at a
 * time. The flasher closes it (saying so in the console) before it connects.
 */
export const consoleHoldsPort = signal<{ release(reason: 'flasher'): Promise<void> } | undefined>(undefined);
