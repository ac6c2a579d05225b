/** The controls under a console command: which step it is decides what the reader gets. */
import type { ConsoleStepLine } from '../../RunStep.tsx';
import { runFor, withoutSerial } from '../StepSlot.tsx';
import { CalibrationStep } from './CalibrationStep.tsx';
import { CommandStep, FirstBootStep, WifiStep } from './ConsoleSteps.tsx';

export function ConsoleStepPanel({ stepId, step, title }: { stepId: string; step: ConsoleStepLine; title: string }) {
  const run = runFor(stepId, title);
  if (step.target === 'web-console') return <CalibrationStep run={run} />;
  const unsupported = withoutSerial(stepId);
  if (unsupported) return unsupported;
  // What the command is decides the step: Backlog SSID1 … (Wi-Fi), Module, Status 5; anything else restarts and watches the boot.
  if (/^Backlog\s+SSID1\b/i.test(step.line)) return <WifiStep run={run} />;
  if (/^Module\b/i.test(step.line)) return <CommandStep run={run} line={step.line} kind="module" />;
  if (/^Status\s+5$/i.test(step.line)) return <CommandStep run={run} line={step.line} kind="address" />;
  return <FirstBootStep run={run} line={step.line} />;
}
