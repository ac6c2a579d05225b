/**
 * Placeholder: the "Run this step" island. The run-step work replaces this
 * file; the command block renders it beside every command.
 */
export interface RunStepProps {
  /** The step's stable id, e.g. "erase-flash"; also its element id. */
  stepId: string;
}

export default function RunStep({ stepId }: RunStepProps) {
  return (
    <button type="button" disabled data-run-step={stepId}>
      Run this step
    </button>
  );
}
