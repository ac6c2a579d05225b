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
  return (
    <fieldset class="write-mode" disabled={run.blocked.value}>
      <legend>{t('writeChanged.legend')}</legend>
      <label class="write-mode-choice">
        <input type="radio" name={name} checked={mode.value === 'changed'} onChange={() => (mode.value = 'changed')} /> {t('writeChanged.changed')}
        <span class="write-mode-hint">{t('writeChanged.changedHint')}</span>
      </label>
      <label class="write-mode-choice">
        <input type="radio" name={name} checked={mode.value === 'full'} onChange={() => (mode.value = 'full')} /> {t('writeChanged.full')}
        <span class="write-mode-hint">{t('writeChanged.fullHint')}</span>
      </label>
    </fieldset>
  );
}
