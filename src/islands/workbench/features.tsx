/**
 * The workbench's further features: each is fetched the first time the
 * person uses it, not with the first Connect. Until then its button is all
 * there is; the first click fetches the feature and starts it, and from then
 * on the feature renders itself in the button's place. A new feature (the
 * coming console) is one more `lazyPart` and one more launcher here.
 * e2e/cost-of-reading.spec.ts proves the first Connect fetches none of them.
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ConnectDiagnosis } from '../../flasher/index.ts';
import { provideWords, t, type WordsOf, type WordsPart } from '../../i18n/index.ts';
import { pageLanguage } from '../../i18n/load.ts';
import { fetchConsoleWords, fetchDiagnosisWords, fetchReportWords } from '../../i18n/load-parts.ts';
import { lazyPart, type LazyPart } from '../lazy.ts';
import { LoadFailure } from '../notes.tsx';
import { connecting, connection, runningStep } from './state.ts';

/** A part's code and its words in the page's language, fetched side by side; the words are in place before the part renders. */
function withWords<T, P extends WordsPart>(part: P, code: () => Promise<T>, words: () => Promise<WordsOf<P>>): () => Promise<T> {
  return () =>
    Promise.all([code(), words()]).then(([module, fetched]) => {
      provideWords(part, fetched, pageLanguage());
      return module;
    });
}

/** "Check this adapter and device": the self-test's UI and its report (AdapterCheck.tsx). */
export const adapterCheck = lazyPart(withWords('report', () => import('./AdapterCheck.tsx'), fetchReportWords));

/** "No device? Use a virtual Sonoff POW": the whole virtual chain (rehearsal.ts starts it). Never on a hardware Connect. */
export const virtualDevice = lazyPart(() => import('../../virtual-device/index.ts'));

/** The flashing steps' controls, the stored backups and the backup store (RunStepPanel.tsx): fetched on the first Run or file, or once connected (StepSlot.tsx). */
export const flasherSteps = lazyPart(() => import('./RunStepPanel.tsx'));
// Once a device answers, the steps are what comes next: their controls and the stored backups show without a click.
connection.subscribe((state) => {
  if (state.kind === 'connected') void flasherSteps.load().catch(() => undefined);
});

/** The steps after the flash and the console's view (ConsoleStepPanel.tsx, with their words): fetched on the first Run of such a step. */
export const consoleSteps = lazyPart(withWords('console', () => import('./console/ConsoleStepPanel.tsx'), fetchConsoleWords));

/** The firmware's serial console (src/console/): fetched when a step after the flash first runs, never with a Connect. */
export const consoleCore = lazyPart(() => import('../../console/index.ts'));

/** Why the Sonoff does not answer (Diagnosis.tsx and its words): fetched when the page first has a diagnosis, never when the Sonoff answers. */
export const diagnosisView = lazyPart(withWords('diagnosis', () => import('./Diagnosis.tsx'), fetchDiagnosisWords));

/** The diagnosis, once its view has come (a few milliseconds after the first one is known); `fallback` until then, or if it cannot come. */
export function DiagnosisView({ diagnosis, fallback }: { diagnosis: ConnectDiagnosis; fallback?: ComponentChildren }) {
  const { part: view, failure } = diagnosisView.useLoaded();
  useEffect(() => void diagnosisView.load().catch(() => undefined), []);
  if (view) return <view.Diagnosis diagnosis={diagnosis} />;
  if (fallback !== undefined) return <>{fallback}</>;
  return failure ? <LoadFailure error={failure} /> : null;
}

interface LauncherProps<T> {
  part: LazyPart<T>;
  /** The class of the feature's own wrapper, so nothing moves when it replaces the launcher. */
  wrapperClass: string;
  label: string;
  disabled: boolean;
  /** What the first click does once the feature has come. */
  start: (loaded: T) => void;
  /** The feature itself, once loaded. */
  children: (loaded: T) => ComponentChildren;
}

/** The feature's button until its code has come, then the feature. */
export function Launcher<T>({ part, wrapperClass, label, disabled, start, children }: LauncherProps<T>) {
  const { part: loaded, failure } = part.useLoaded();
  if (loaded) return <>{children(loaded)}</>;
  return (
    <div class={wrapperClass}>
      <button type="button" class="secondary" disabled={disabled} onClick={() => void part.load().then(start, () => undefined)}>
        {label}
      </button>
      {failure && <LoadFailure error={failure} />}
    </div>
  );
}

export function AdapterCheckLauncher() {
  return (
    <Launcher part={adapterCheck} wrapperClass="adapter-check" label={t('panel.check')} disabled={runningStep.value !== undefined || connecting.value} start={(check) => void check.runCheck()}>
      {(check) => <check.AdapterCheck />}
    </Launcher>
  );
}
