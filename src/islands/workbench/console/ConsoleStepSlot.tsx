/**
 * Where a step after the flash renders its controls. They and the console
 * come with their own part of the page, fetched on the first Run of such a
 * step (never with a Connect): until then this is the Run button, and a Run
 * asked for before the part came is handed over once it has.
 */
import type { ConsoleStepLine } from '../../RunStep.tsx';
import { useShellText } from '../../../i18n/shell.ts';
import { LoadFailure } from '../../notes.tsx';
import { consoleSteps } from '../features.tsx';
import { requestRun, useFetchOnRunRequest } from '../run-request.ts';

export function ConsoleStepPanel({ stepId, step, title }: { stepId: string; step: ConsoleStepLine; title: string }) {
  const { part, failure } = consoleSteps.useLoaded();
  const shellText = useShellText();
  useFetchOnRunRequest(consoleSteps, stepId);
  if (part) return <part.ConsoleStepPanel stepId={stepId} step={step} title={title} />;
  return (
    <div class="run-step not-content" data-run-step={stepId}>
      <button type="button" class="run-step-button" onClick={() => void consoleSteps.load().then(() => requestRun(stepId), () => undefined)}>
        {step.target === 'web-console' ? shellText('step.makeCommands') : shellText('step.run')}
      </button>
      {failure && <LoadFailure error={failure} />}
    </div>
  );
}
