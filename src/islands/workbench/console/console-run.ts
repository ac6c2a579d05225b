/**
 * Running a step after the flash: the same rules as a flashing step (one
 * step at a time, its log and result line, a Run that says what it needs
 * instead of failing), over the console instead of the flasher.
 */
import { batch } from '@preact/signals';
import type { SerialConsole } from '../../../console/index.ts';
import { ct } from '../../../i18n/index.ts';
import { consoleCore } from '../features.tsx';
import { runningStep } from '../state.ts';
import type { StepRun } from '../step-run.ts';
import { consoleStatus, openConsole } from './owner.ts';

/** The console, opening it; when the flasher has the port, the step says so and offers to take it (TakePort). */
export async function consoleFor(run: StepRun): Promise<SerialConsole | undefined> {
  const console = await openConsole({ forStep: run.stepId });
  const status = consoleStatus.peek().kind;
  if (!console && status === 'flasher-holds') run.needs.value = ct('console.status.flasherHolds');
  if (!console && status === 'flasher-busy') run.needs.value = ct('console.status.flasherBusy');
  return console;
}

/** Runs `body` as the step's one operation; an error becomes the result line, in the reader's words. */
export async function performConsole(run: StepRun, body: (console: SerialConsole) => Promise<void>): Promise<void> {
  if (runningStep.peek() !== undefined) return;
  run.reset();
  // Taken before the first await: a second Run (or a flasher step) meanwhile waits its turn.
  runningStep.value = run.stepId;
  const started = Date.now();
  try {
    const console = await consoleFor(run);
    if (console) await body(console);
  } catch (error) {
    const core = await consoleCore.load();
    const code = core.isConsoleError(error) ? error.code : 'unknown';
    run.note(`Error: ${code}`);
    const text = code === 'timeout' ? ct('console.error.timeout') : code === 'closed' ? ct('console.error.closed') : ct('console.error.lost');
    run.outcome.value = { ok: false, text, action: ct('console.error.action') };
  } finally {
    batch(() => {
      run.elapsedMs.value = Date.now() - started;
      runningStep.value = undefined;
    });
  }
}
