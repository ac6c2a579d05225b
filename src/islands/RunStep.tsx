/**
 * "Run this step" beside a command. Before the first click this is only a
 * button; the click loads the workbench, which then renders the step's
 * controls here and runs exactly the command shown above it.
 */
import { useEffect } from 'preact/hooks';
import { webSerialSupport } from '../flasher/capability.ts';
import type { Command } from '../steps/operation.ts';
import { renderingIsland, useShellText } from '../i18n/shell.ts';
import { FilePicker } from './FilePicker.tsx';
import { loadWorkbench, pageSteps, useMounted, useWorkbench } from './lazy.ts';
import { LoadFailure, NoWebSerial } from './notes.tsx';
import './islands.css';

/** A step after the flash: a line for the firmware's console, sent over serial or typed in its web console. */
export interface ConsoleStepLine {
  line: string;
  target: 'serial' | 'web-console';
}

export type RunStepProps = {
  /** The step's stable id, e.g. "erase-flash"; also its element id. */
  stepId: string;
  /** The step's heading, for messages that name it. */
  title: string;
  /** The page's language, for the server's render. */
  lang: string;
} & (
  | {
      /** The command shown above the button, parsed at build time. */
      command: Command;
      console?: undefined;
    }
  | { command?: undefined; console: ConsoleStepLine }
);

export default function RunStep(props: RunStepProps) {
  renderingIsland(props.lang);
  const { stepId, title } = props;
  const shellText = useShellText();
  const mounted = useMounted();
  const { workbench, failure } = useWorkbench();
  useEffect(() => {
    if (props.command) pageSteps.set(stepId, props.command);
  }, [stepId, props.command]);

  if (workbench)
    return props.command ? (
      <workbench.FlasherStepSlot stepId={stepId} command={props.command} title={title} />
    ) : (
      <workbench.ConsoleStepPanel stepId={stepId} step={props.console} title={title} />
    );
  const command = props.command;
  // Rendered on the server too, so nothing moves when the page starts (hidden by CSS without scripting);
  // what this browser can do is known only once mounted.
  const support = mounted ? webSerialSupport() : { supported: true };
  const files = command?.operation.kind === 'write_flash' ? command.operation.files : [];
  return (
    <div class="run-step not-content" data-run-step={stepId}>
      {support.supported &&
        files.map((file) => (
          <FilePicker
            key={file.fileName}
            stepId={stepId}
            fileName={file.fileName}
            disabled={!mounted}
            onPick={(picked) => void loadWorkbench().then((module) => module.handOverFile(stepId, file.fileName, picked), () => undefined)}
          />
        ))}
      {support.supported ? (
        <button type="button" class="run-step-button" disabled={!mounted} onClick={() => void loadWorkbench().then((module) => module.requestRun(stepId), () => undefined)}>
          {props.console?.target === 'web-console' ? shellText('step.makeCommands') : shellText('step.run')}
        </button>
      ) : (
        <NoWebSerial reason={support.reason} />
      )}
      {failure && <LoadFailure error={failure} />}
    </div>
  );
}
