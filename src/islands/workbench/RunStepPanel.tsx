/** The controls under one command: which kind of step it is decides what the reader gets. */
import { webSerialSupport } from '../../flasher/capability.ts';
import type { Command } from '../../steps/operation.ts';
import { pageSteps } from '../lazy.ts';
import { NoWebSerial } from '../notes.tsx';
import { rehearsal } from './state.ts';
import { StepRun } from './step-run.ts';
import { BackupStep } from './steps/BackupStep.tsx';
import { EraseStep } from './steps/EraseStep.tsx';
import { RestoreStep } from './steps/RestoreStep.tsx';
import { WriteStep } from './steps/WriteStep.tsx';

/** One run per step for the page's life, so a re-render keeps its log and result. */
const runs = new Map<string, StepRun>();

export function runFor(stepId: string, title: string): StepRun {
  let run = runs.get(stepId);
  if (!run) {
    run = new StepRun(stepId, title);
    runs.set(stepId, run);
  }
  run.title = title;
  return run;
}

/** The files some backup (read_flash) step on this page produces. */
function backupFiles(): { stepId: string; fileName: string }[] {
  const found: { stepId: string; fileName: string }[] = [];
  for (const [stepId, command] of pageSteps) if (command.operation.kind === 'read_flash') found.push({ stepId, fileName: command.operation.fileName });
  return found;
}

/** In place of a step's controls when this browser cannot open a serial port (the virtual Sonoff still can). */
export function withoutSerial(stepId: string) {
  const support = webSerialSupport();
  if (support.supported || rehearsal.value) return undefined;
  return (
    <div class="run-step not-content" data-run-step={stepId}>
      <NoWebSerial reason={support.reason} />
    </div>
  );
}

export function RunStepPanel({ stepId, command, title }: { stepId: string; command: Command; title: string }) {
  const unsupported = withoutSerial(stepId);
  if (unsupported) return unsupported;
  const run = runFor(stepId, title);
  const operation = command.operation;
  const backups = backupFiles();
  switch (operation.kind) {
    case 'erase_flash':
      return <EraseStep run={run} command={command} backupStepId={backups[0]?.stepId} />;
    case 'read_flash':
      return <BackupStep run={run} command={command} operation={operation} />;
    case 'write_flash': {
      // Writing back what a backup step read is a restore: offer the stored backups.
      const restores = operation.files.length === 1 && backups.some((backup) => backup.fileName === operation.files[0]?.fileName);
      return restores ? <RestoreStep run={run} command={command} operation={operation} /> : <WriteStep run={run} command={command} operation={operation} />;
    }
  }
}
