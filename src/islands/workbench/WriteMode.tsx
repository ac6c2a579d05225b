/**
 * The choice a write step offers: only the sectors that differ (the
 * default, said so) or everything, exactly as the shown esptool.py command
 * does. One click either way; the command shown stays esptool.py's.
 */
import { t } from '../../i18n/index.ts';
import type { StepRun } from './step-run.ts';
import { writeModeOf } from './write-mode.ts';

export function WriteMode({ run }: { run: StepRun }) {
  const mode = writeModeOf(run.stepId);
  const name = `${run.stepId}-write-mode`;
  const choices = [
    { value: 'changed', label: t('writeChanged.changed'), hint: t('writeChanged.changedHint') },
    { value: 'full', label: t('writeChanged.full'), hint: t('writeChanged.fullHint') },
  ] as const;
  return (
    <fieldset class="write-mode" disabled={run.blocked.value}>
      <legend>{t('writeChanged.legend')}</legend>
      {choices.map((choice) => (
        <div class="write-mode-choice" key={choice.value}>
          <label>
            <input type="radio" name={name} checked={mode.value === choice.value} aria-describedby={`${name}-${choice.value}`} onChange={() => (mode.value = choice.value)} /> {choice.label}
          </label>
          <p class="write-mode-hint" id={`${name}-${choice.value}`}>
            {choice.hint}
          </p>
        </div>
      ))}
    </fieldset>
  );
}
