/**
 * Calibration is done on the mains, in the firmware's web console, never over
 * serial: this form works out the commands for the reader's bulb, mains and
 * Tasmota version, to type (or paste) there. On the virtual Sonoff, whose
 * mains is simulated, the page can send them through its console and read
 * the meter before and after: practice for the real thing.
 */
import { useSignal } from '@preact/signals';
import type { CalibrationInputCode, CalibrationPlan, CalibrationRange } from '../../../console/index.ts';
import { ct } from '../../../i18n/index.ts';
import { consoleCore } from '../features.tsx';
import { Log, Outcome, RunButton } from '../parts.tsx';
import { rehearsal } from '../state.ts';
import type { StepRun } from '../step-run.ts';
import { performConsole } from './console-run.ts';
import { consoleFirmware } from './owner.ts';

const REPLY_MS = 5_000;
/** The readings settle a few seconds after the load is switched on (tasmota/docs Power-Monitoring-Calibration.md:25-27). */
const SETTLE_MS = 4_000;

type Plan = Extract<CalibrationPlan, { ok: true }>;

function refusal(code: CalibrationInputCode): string {
  switch (code) {
    case 'version-too-old':
      return ct('console.calibration.refused.versionTooOld');
    case 'not-a-number':
      return ct('console.calibration.refused.notANumber');
    case 'load-out-of-range':
      return ct('console.calibration.refused.load');
    case 'mains-out-of-range':
      return ct('console.calibration.refused.mains');
    case 'current-too-high':
      return ct('console.calibration.refused.current');
    case 'amps-out-of-range':
    case 'not-resistive':
      return ct('console.calibration.refused.notResistive');
  }
}

function rangeText(range: CalibrationRange): string {
  switch (range) {
    case 'whole-numbers':
      return ct('console.calibration.range.wholeNumbers');
    case 'decimals':
      return ct('console.calibration.range.decimals');
    case 'power-and-voltage':
      return ct('console.calibration.range.powerAndVoltage');
  }
}

export function CalibrationStep({ run }: { run: StepRun }) {
  const watts = useSignal('60');
  const volts = useSignal('230');
  // The version the console recognised, until the reader types their own.
  const typedVersion = useSignal<string | undefined>(undefined);
  const known = consoleFirmware.value;
  const version = typedVersion.value ?? (known?.firmware === 'tasmota' ? (known.versionText ?? '') : '');
  const plan = useSignal<Plan | undefined>(undefined);
  const refused = useSignal<string | undefined>(undefined);
  const virtual = rehearsal.value;

  const work = async (event?: Event): Promise<void> => {
    event?.preventDefault();
    const core = await consoleCore.load();
    const parsed = core.parseVersion(version.trim());
    if (parsed === undefined) {
      plan.value = undefined;
      refused.value = ct('console.calibration.refused.version');
      return;
    }
    const made = core.calibrationCommands({ version: parsed, loadWatts: Number(watts.peek()), mainsVolts: Number(volts.peek()) });
    if (!made.ok) {
      plan.value = undefined;
      refused.value = refusal(made.code);
      return;
    }
    refused.value = undefined;
    plan.value = made;
  };

  const sendToVirtual = (): void => {
    const current = plan.peek();
    if (!current) return;
    void performConsole(run, async (console) => {
      const core = await consoleCore.load();
      const energy = async (): Promise<ReturnType<typeof core.parseEnergy>> => {
        const reply = await console.command('Status 8', { timeoutMs: REPLY_MS });
        return reply.kind === 'result' ? core.parseEnergy(reply.json) : undefined;
      };
      await console.command(current.switchOn, { timeoutMs: REPLY_MS });
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const before = await energy();
      // As a person would in the web console: each command once the readings show the last one.
      for (const line of current.commands) {
        await console.command(line, { timeoutMs: REPLY_MS });
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      }
      const after = await energy();
      if (before === undefined || after === undefined) {
        run.outcome.value = { ok: false, text: ct('console.calibration.noReading'), action: ct('console.calibration.noReadingAction') };
        return;
      }
      run.outcome.value = { ok: true, text: ct('console.calibration.readings', { before, after }) };
    });
  };

  return (
    <div class="run-step not-content" data-run-step={run.stepId}>
      <form class="calibration-form" onSubmit={(event) => void work(event)}>
        <label>
          {ct('console.calibration.watts')}
          <input type="number" inputMode="decimal" min={10} max={3500} step="any" value={watts.value} onInput={(event) => (watts.value = event.currentTarget.value)} />
        </label>
        <label>
          {ct('console.calibration.volts')}
          <input type="number" inputMode="decimal" min={90} max={264} step="any" value={volts.value} onInput={(event) => (volts.value = event.currentTarget.value)} />
        </label>
        <label>
          {ct('console.calibration.version')}
          <input type="text" spellcheck={false} placeholder="15.2.0" value={version} onInput={(event) => (typedVersion.value = event.currentTarget.value)} />
        </label>
        <button type="submit">{ct('console.calibration.make')}</button>
      </form>
      {refused.value && (
        <p class="file-refused" role="alert">
          {refused.value}
        </p>
      )}
      {plan.value && (
        <div class="calibration-plan" role="status">
          <p>{ct('console.calibration.planLead', { range: rangeText(plan.value.range) })}</p>
          <pre>
            <code>{[plan.value.switchOn, ...plan.value.commands].join('\n')}</code>
          </pre>
          <p class="run-step-note">{ct('console.calibration.expect', { watts: plan.value.target.watts, volts: plan.value.target.volts, milliamps: plan.value.target.milliamps })}</p>
          {virtual && (
            <>
              <p class="run-step-note">{ct('console.calibration.virtualNote')}</p>
              <RunButton run={run} onRun={sendToVirtual} />
            </>
          )}
        </div>
      )}
      <Outcome run={run} />
      <Log run={run} />
    </div>
  );
}
