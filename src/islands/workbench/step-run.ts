/**
 * One step's run: its log, phase, progress, elapsed time and result line,
 * and the rules every step follows (connect first, one operation at a time,
 * a lost device releases the port, nothing reported as success unverified).
 */
import { batch, computed, signal } from '@preact/signals';
import { downloadBytes } from '../../backups/download.ts';
import { FlasherError, isFlasherError, type FlasherEvent, type FlasherSession } from '../../flasher/index.ts';
import { t } from '../../i18n/index.ts';
import { dropConnection, ensureConnected, reconnectAfterPortLost } from './connection.ts';
import { clock } from './format.ts';
import { getBaud, setBaud } from '../../scripts/command-vars.ts';
import { bootReminder, changingFlash, connecting, connection, justConnected, runningStep } from './state.ts';

export interface StepOutcome {
  ok: boolean;
  /** What was done, how long, verified or not; or what went wrong. */
  text: string;
  /** What to do next, for failures. */
  action?: string;
  /** Extra lines after a success (a backup that could not be stored, say). */
  notes?: string[];
}

// Leaving the page while the flash is being changed would cut the write off: the browser asks first.
addEventListener('beforeunload', (event) => {
  if (!changingFlash.peek()) return;
  event.preventDefault();
  // Older Chromium asks only when returnValue is set.
  event.returnValue = '';
});

export type ProgressState = Extract<FlasherEvent, { type: 'progress' }>;

export class StepRun {
  readonly stepId: string;
  /** The step's title as the page shows it (for "the adapter was unplugged during …"). */
  title: string;
  readonly log = signal<string[]>([]);
  readonly phase = signal<string | undefined>(undefined);
  readonly progress = signal<ProgressState | undefined>(undefined);
  readonly warnings = signal<string[]>([]);
  readonly outcome = signal<StepOutcome | undefined>(undefined);
  /** What the step needs before it can run (a file, a backup), said instead of failing; cleared when given. */
  readonly needs = signal<string | undefined>(undefined);
  readonly elapsedMs = signal(0);
  readonly running = computed(() => runningStep.value === this.stepId);
  /** Another step runs or a connect is under way: this step's buttons wait. */
  readonly blocked = computed(() => runningStep.value !== undefined || connecting.value);

  constructor(stepId: string, title = stepId) {
    this.stepId = stepId;
    this.title = title;
  }

  note(line: string): void {
    this.log.value = [...this.log.value, `${clock(new Date())} ${line}`];
  }

  readonly onEvent = (event: FlasherEvent): void => {
    switch (event.type) {
      case 'phase':
        this.phase.value = event.message;
        this.note(event.message);
        break;
      case 'progress':
        this.progress.value = event;
        break;
      case 'log':
        this.note(event.line);
        break;
      case 'warning':
        // The step goes on at 115200: the strip and the commands show the speed in use.
        if (event.code === 'baud-failed' && getBaud() !== 115200) setBaud(115200);
        this.warnings.value = [...this.warnings.value, event.message];
        this.note(t('flasher.log.warning', { message: event.message }));
        break;
      case 'error':
        this.note(t('flasher.log.error', { message: event.error.message, action: event.error.action }));
        break;
      case 'countdown':
        break;
    }
  };

  /** Clears the last run's result before a new one. */
  reset(): void {
    this.outcome.value = undefined;
    this.needs.value = undefined;
    this.progress.value = undefined;
    this.warnings.value = [];
    this.phase.value = undefined;
    this.elapsedMs.value = 0;
  }

  fail(error: FlasherError): void {
    this.outcome.value = { ok: false, text: error.message, action: error.action };
  }

  /** The session, connecting first; undefined (quietly) when the reader cancelled. */
  async session(): Promise<FlasherSession | undefined> {
    try {
      return await ensureConnected(this.stepId);
    } catch (error) {
      if (isFlasherError(error) && (error.code === 'port-cancelled' || error.code === 'cancelled')) return undefined;
      this.fail(isFlasherError(error) ? error : new FlasherError('no-answer', String(error), t('flasher.action.tryAgain')));
      return undefined;
    }
  }

  /**
   * Runs one operation alone, timing it; failures become the result line.
   * When the adapter's port is lost, the step waits for it to come back,
   * reconnects, and runs again from the start (never from the middle of a
   * write: the stub forgets a write it did not finish).
   */
  async perform<T>(session: FlasherSession, body: (session: FlasherSession) => Promise<T>, { changesFlash = false } = {}): Promise<T | undefined> {
    if (runningStep.value !== undefined) return undefined;
    this.reset();
    batch(() => {
      runningStep.value = this.stepId;
      changingFlash.value = changesFlash;
      // Notes about what came before no longer apply once another step runs.
      bootReminder.value = undefined;
    });
    const started = Date.now();
    const timer = setInterval(() => {
      this.elapsedMs.value = Date.now() - started;
    }, 250);
    let current = session;
    try {
      for (;;) {
        try {
          return await body(current);
        } catch (error) {
          const mapped = isFlasherError(error) ? error : new FlasherError('device-lost', String(error), t('flasher.action.reconnectAndRun'));
          if (mapped.code === 'port-lost') {
            this.note(t('step.portLost'));
            this.progress.value = undefined;
            const again = await reconnectAfterPortLost(current, this.title);
            if (again !== undefined) {
              this.note(t('step.runAgain'));
              current = again;
              continue;
            }
          }
          this.fail(mapped);
          if (mapped.code === 'device-lost') await dropConnection(current);
          return undefined;
        }
      }
    } finally {
      // A step may change the link's baud: show the device as it is now.
      const state = connection.peek();
      if (state.kind === 'connected' && state.session === current) connection.value = { ...state, device: { ...current.device } };
      clearInterval(timer);
      this.elapsedMs.value = Date.now() - started;
      this.phase.value = undefined;
      batch(() => {
        runningStep.value = undefined;
        changingFlash.value = false;
        // "You can release the button" was for the connect and the step it started.
        justConnected.value = false;
      });
    }
  }

  downloadLog(): void {
    downloadBytes(new TextEncoder().encode(this.log.value.join('\n') + '\n'), `${this.stepId}-log.txt`);
  }
}
