/** The pieces every step shows: its Run button, progress, result line (with what comes next) and log. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { useShellText } from '../../i18n/shell.ts';
import { count, seconds, speed } from './format.ts';
import { bootReminder, connection } from './state.ts';
import { nextStep } from './step-order.ts';
import type { StepRun } from './step-run.ts';

/**
 * While its own step runs the button stays focusable (aria-disabled, not
 * disabled): a keyboard user who pressed it keeps their place, hears
 * "Running…", and the result takes the focus when it arrives.
 */
export function RunButton({ run, onRun, disabled = false }: { run: StepRun; onRun: () => void; disabled?: boolean }) {
  const running = run.running.value;
  const shellText = useShellText();
  return (
    <button
      type="button"
      class="run-step-button"
      disabled={!running && (disabled || run.blocked.value)}
      aria-disabled={running ? 'true' : undefined}
      aria-busy={running}
      onClick={() => {
        if (!running) onRun();
      }}
    >
      {running ? t('step.running') : shellText('step.run')}
    </button>
  );
}

/** What the step needs before it can run, said beside Run (not a failure: nothing was tried). */
export function Needs({ run }: { run: StepRun }) {
  const needs = run.needs.value;
  if (needs === undefined) return null;
  return (
    <p class="step-needs" role="status">
      {needs}
    </p>
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
            {t('step.progress', { done: count(progress.doneBytes), total: count(progress.totalBytes), percent, speed: speed(progress.bytesPerSecond) })}
            {progress.etaMs !== undefined && progress.doneBytes < progress.totalBytes && ` · ${t('step.left', { time: seconds(progress.etaMs) })}`}
          </p>
        </>
      )}
    </div>
  );
}

/** After a verified write: start the firmware (a power cycle without the button, or DTR/RTS when the adapter has them). */
function BootNext() {
  const state = connection.value;
  return (
    <p class="step-next">
      <strong>{t('step.next')}</strong> {t('panel.boot.text')}{' '}
      {state.kind === 'connected' && state.session.hardReset && (
        <button type="button" onClick={() => void state.session.hardReset?.().then(() => (connection.value = { kind: 'disconnected' }))}>
          {t('panel.boot.reset')}
        </button>
      )}
    </p>
  );
}

function NextStep({ stepId }: { stepId: string }) {
  const next = nextStep(stepId);
  if (!next) return <p class="step-next">{t('step.lastStep')}</p>;
  return (
    <p class="step-next">
      <strong>{t('step.next')}</strong> <a href={`#${next.id}`}>{next.title}</a>
    </p>
  );
}

export function Outcome({ run, children, next = 'step' }: { run: StepRun; children?: ComponentChildren; next?: 'step' | 'boot' }) {
  const outcome = run.outcome.value;
  const warnings = run.warnings.value;
  const box = useRef<HTMLDivElement>(null);
  // A result that arrives while the focus is on the (now disabled) Run button: the focus moves to it, so a keyboard user reads it next.
  useEffect(() => {
    const element = box.current;
    if (!outcome || !element) return;
    const active = document.activeElement;
    if (active === null || active === document.body || (active instanceof HTMLButtonElement && active.disabled) || element.parentElement?.contains(active)) element.focus();
  }, [outcome]);
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
        <div ref={box} tabIndex={-1} class={outcome.ok ? 'step-result ok' : 'step-result failed'} role={outcome.ok ? 'status' : 'alert'}>
          <p>
            <strong>{outcome.ok ? t('step.done') : t('step.failed')}</strong> {outcome.text}
            {outcome.action && <> {outcome.action}</>}
          </p>
          {outcome.notes?.map((line) => (
            <p key={line}>{line}</p>
          ))}
          {children}
          {outcome.ok && (next === 'boot' ? bootReminder.value === run.stepId && <BootNext /> : <NextStep stepId={run.stepId} />)}
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
      <summary>{t('step.log', { lines: lines.length })}</summary>
      <pre>{lines.join('\n')}</pre>
      <button type="button" class="secondary" onClick={() => run.downloadLog()}>
        {t('step.downloadLog')}
      </button>
    </details>
  );
}

/** An inline question with its buttons (erase, restore). It takes the focus when it appears, on its question. */
export function Confirm({ label, children }: { label: string; children: ComponentChildren }) {
  const group = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = group.current;
    element?.focus();
    const stepBlock = element?.closest('.run-step');
    // Answered or cancelled: the question is gone, and the focus goes back to the step's Run button rather than the top of the page.
    return () =>
      void setTimeout(() => {
        const active = document.activeElement;
        if (active === null || active === document.body) stepBlock?.querySelector<HTMLButtonElement>('.run-step-button')?.focus();
      }, 0);
  }, []);
  return (
    <div ref={group} tabIndex={-1} class="step-confirm" role="group" aria-label={label}>
      {children}
    </div>
  );
}
