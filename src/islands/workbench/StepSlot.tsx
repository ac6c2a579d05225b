/**
 * Where a flashing step (erase, backup, write, restore) renders its controls.
 * They come with the stored backups and the backup store as a part of the
 * page of their own (features.tsx `flasherSteps`), fetched when the person
 * first runs a step or picks a file, or once a device is connected (the
 * controls and the list of stored backups then show without a click), not
 * with the first Connect. Until then this is what the page showed before
 * the workbench (the file pickers and the Run button), and a Run or a file
 * given before the part came is handed over once it has.
 */
import { webSerialSupport } from '../../flasher/capability.ts';
import { useShellText } from '../../i18n/shell.ts';
import type { Command } from '../../steps/operation.ts';
import { FilePicker, type PickedFile } from '../FilePicker.tsx';
import { LoadFailure, NoWebSerial } from '../notes.tsx';
import { flasherSteps } from './features.tsx';
import { requestRun, useFetchOnRunRequest } from './run-request.ts';
import { handedOverFiles, handOverFile, rehearsal } from './state.ts';
import { StepRun } from './step-run.ts';

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

/** A file picked for a step (on the page's shell, or here): kept for the step's controls, which it fetches. */
export function handOverStepFile(stepId: string, fileName: string, file: PickedFile): void {
  handOverFile(stepId, fileName, file);
  void flasherSteps.load().catch(() => undefined);
}

export function FlasherStepSlot({ stepId, command, title }: { stepId: string; command: Command; title: string }) {
  const { part, failure } = flasherSteps.useLoaded();
  const shellText = useShellText();
  useFetchOnRunRequest(flasherSteps, stepId);
  if (part) return <part.RunStepPanel stepId={stepId} command={command} title={title} />;
  const unsupported = withoutSerial(stepId);
  if (unsupported) return unsupported;
  const files = command.operation.kind === 'write_flash' ? command.operation.files : [];
  return (
    <div class="run-step not-content" data-run-step={stepId}>
      {files.map((file) => {
        const chosen = handedOverFiles.value.get(`${stepId} ${file.fileName}`);
        return (
          <FilePicker
            key={file.fileName}
            stepId={stepId}
            fileName={file.fileName}
            chosen={chosen && { name: chosen.name, size: chosen.bytes.length }}
            onPick={(picked) => handOverStepFile(stepId, file.fileName, picked)}
          />
        );
      })}
      <button type="button" class="run-step-button" onClick={() => void flasherSteps.load().then(() => requestRun(stepId), () => undefined)}>
        {shellText('step.run')}
      </button>
      {failure && <LoadFailure error={failure} />}
    </div>
  );
}
