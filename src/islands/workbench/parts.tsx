/** The pieces every step shows: its Run button, progress, result line and log. */
import type { ComponentChildren } from 'preact';
import { t } from '../../i18n/index.ts';
import { count, seconds, speed } from './format.ts';
import type { StepRun } from './step-run.ts';

export function RunButton({ run, onRun, label = 'Run this step', disabled = false }: { run: StepRun; onRun: () => void; label?: string; disabled?: boolean }) {
  return (
    <button type="button" class="run-step-button" disabled={disabled || run.blocked.value} aria-busy={run.running.value} onClick={onRun}>
      {run.running.value ? 'Running…' : label}
    </button>
  );
}

export function Progress({ run, label }: { run: StepRun; label: string }) {
  const progress = run.progress.value;
  const running = run.running.value;
  if (!running && !progress) return null;
  const percent = progress && progress.totalBytes > 0 ? Math.floor((progress.doneBytes * 100) / progress.totalBytes) : 0;
  return (
    <div class="step-progress">
      {run.phase.value && (
        <p class="step-phase" aria-live="polite">
          {run.phase.value} <span class="elapsed">({seconds(run.elapsedMs.value)})</span>
        </p>
      )}
      {running && <p class="step-note">{t('step.keepInFront')}</p>}
      {progress && (
        <>
          <progress max={progress.totalBytes} value={progress.doneBytes} aria-label={label} />
          <p class="step-progress-text">
            {count(progress.doneBytes)} of {count(progress.totalBytes)} bytes · {percent}% · {speed(progress.bytesPerSecond)}
            {progress.etaMs !== undefined && progress.doneBytes < progress.totalBytes && ` · ${seconds(progress.etaMs)} left`}
          </p>
        </>
      )}
    </div>
  );
}

export function Outcome({ run, children }: { run: StepRun; children?: ComponentChildren }) {
  const outcome = run.outcome.value;
  const warnings = run.warnings.value;
  return (
    <>
      {warnings.length > 0 && (
        <ul class="step-warnings">
          {warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      {outcome && (
        <div class={outcome.ok ? 'step-result ok' : 'step-result failed'} role={outcome.ok ? 'status' : 'alert'}>
          <p>
            <strong>{outcome.ok ? 'Done: ' : 'Failed: '}</strong>
            {outcome.text}
            {outcome.action && <> {outcome.action}</>}
          </p>
          {outcome.notes?.map((line) => (
            <p key={line}>{line}</p>
          ))}
          {children}
        </div>
      )}
    </>
  );
}

export function Log({ run }: { run: StepRun }) {
  const lines = run.log.value;
  if (lines.length === 0) return null;
  return (
    <details class="step-log">
      <summary>Log ({lines.length} lines)</summary>
      <pre>{lines.join('\n')}</pre>
      <button type="button" class="secondary" onClick={() => run.downloadLog()}>
        Download log
      </button>
    </details>
  );
}

/** An inline question with its buttons (erase, restore warnings). */
export function Confirm({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="step-confirm" role="group" aria-label={label}>
      {children}
    </div>
  );
}
