/**
 * The controls under one command: which kind of step it is decides what the
 * reader gets. With the steps, the stored backups and the backup store, this
 * is a part of the page of its own (features.tsx `flasherSteps`), which
 * StepSlot.tsx fetches on first use.
 */
import type { Command } from '../../steps/operation.ts';
import { pageSteps } from '../lazy.ts';
import { runFor, withoutSerial } from './StepSlot.tsx';
import { BackupStep } from './steps/BackupStep.tsx';
import { EraseStep } from './steps/EraseStep.tsx';
import { RestoreStep } from './steps/RestoreStep.tsx';
import { WriteStep } from './steps/WriteStep.tsx';

/** The files some backup (read_flash) step on this page produces. */
function backupFiles(): { stepId: string; fileName: string }[] {
  const found: { stepId: string; fileName: string }[] = [];
  for (const [stepId, command] of pageSteps) if (command.operation.kind === 'read_flash') found.push({ stepId, fileName: command.operation.fileName });
  return found;
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
