/**
 * A write's run, for the firmware and restore steps alike: the unfinished-
 * write marker around it, the result line, and the boot reminder after.
 */
import { markWriteFinished, markWriteStarted } from '../../../backups/pending-write.ts';
import type { FileBytes, FlasherSession } from '../../../flasher/index.ts';
import { getBaud } from '../../../scripts/command-vars.ts';
import type { Command } from '../../../steps/operation.ts';
import { bootReminder } from '../state.ts';
import type { StepRun } from '../step-run.ts';
import { describeWrite, writeModeOf } from '../write-mode.ts';

export async function runWrite(run: StepRun, session: FlasherSession, command: Command, files: FileBytes, fileName: string): Promise<void> {
  const result = await run.perform(session, async (current) => {
    markWriteStarted({ stepId: run.stepId, fileName, mac: current.device.mac, startedAt: new Date().toISOString() });
    const done = await current.run({ ...command, baud: getBaud() }, files, run.onEvent, { write: writeModeOf(run.stepId).value });
    // Only a verified write clears the marker: a failed or cut-off one must still be reported on return.
    markWriteFinished();
    return done;
  }, { changesFlash: true });
  if (result) {
    run.outcome.value = { ok: result.verified, text: describeWrite(result) };
    if (result.verified) bootReminder.value = run.stepId;
  }
}
