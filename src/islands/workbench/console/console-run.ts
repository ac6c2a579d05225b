/**
 * Running a step after the flash: the same rules as a flashing step (one
 * step at a time, its log and result line, a Run that says what it needs
 * instead of failing), over the console instead of the flasher.
 */
import { batch } from '@preact/signals';
import type { SerialConsole } from '../../../console/index.ts';
import { t } from '../../../i18n/index.ts';
import { consoleCore } from '../features.tsx';
import { runningStep } from '../state.ts';
import type { StepRun } from '../step-run.ts';
import { consoleStatus, openConsole } from './owner.ts';

/** The console, opening it; when the flasher has the port, the step says so and offers to take it (TakePort). */
export async function consoleFor(run: StepRun): Promise<SerialConsole | undefined> {
  const console = await openConsole();
  if (!console && consoleStatus.peek().kind === 'flasher-holds') run.needs.value = t('console.status.flasherHolds');
  return console;
}

/** Runs `body` as the step's one operation; an error becomes the result line, in the reader's words. */
export async function performConsole(run: StepRun, body: (console: SerialConsole) => Promise<void>): Promise<void> {
  if (runningStep.peek() !== undefined) return;
  run.reset();
  const console = await consoleFor(run);
  if (!console) return;
  runningStep.value = run.stepId;
  const started = Date.now();
  try {
    await body(console);
  } catch (error) {
    const core = await consoleCore.load();
    const code = core.isConsoleError(error) ? error.code : 'unknown';
    run.note(`Error: ${code}`);
    run.outcome.value = { ok: false, text: code === 'timeout' ? t('console.error.timeout') : t('console.error.lost'), action: t('console.error.action') };
  } finally {
    batch(() => {
      run.elapsedMs.value = Date.now() - started;
      runningStep.value = undefined;
    });
  }
}
