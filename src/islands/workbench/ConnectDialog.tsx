/**
 * The connect flow as a modal dialog, in the order the hardware allows:
 * the safety point, flash mode by plugging the adapter in with the button
 * held, the port chooser, then the wait (flash mode from the 3.3 V wire if
 * it did not take). If the adapter is unplugged, it says so and gets the
 * port back. One obvious button in every state.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { cancelConnect, choosePortAgain, choosePortAndConnect, connectDiagnosis, connectForStep, connectLog, connectOpener } from './connection.ts';
import { webSerialSupport } from '../../flasher/capability.ts';
import type { FlasherError } from '../../flasher/index.ts';
import { supportText, useShellWords } from '../../i18n/shell.ts';
import { DiagnosisView as Diagnosis } from './features.tsx';
import { RehearsalControls } from './RehearsalControls.tsx';
import { getBaud } from '../../scripts/command-vars.ts';
import { restoreFocus } from './focus.ts';
import { startRehearsal } from './rehearsal.ts';
import { autoReset, confirmSafety, connection, rehearsal, safetyConfirmed, type ConnectionState } from './state.ts';

function PrepareSteps({ virtual }: { virtual: boolean }) {
  if (virtual)
    return (
      <>
        <p>{t('connect.prepare.leadVirtual')}</p>
        <ol class="flash-mode-steps">
          <li>{t('connect.prepare.holdVirtual')}</li>
          <li>{t('connect.prepare.plugVirtual')}</li>
          <li>{t('connect.prepare.releaseVirtual')}</li>
        </ol>
      </>
    );
  if (autoReset.value) return <p>{t('connect.prepare.autoReset')}</p>;
  return (
    <>
      <p>{t('connect.prepare.lead')}</p>
      <ol class="flash-mode-steps">
        <li>{t('connect.prepare.hold')}</li>
        <li>{t('connect.prepare.plug')}</li>
        <li>{t('connect.prepare.release')}</li>
      </ol>
    </>
  );
}

function WaitingSteps() {
  if (autoReset.value) return <p>{t('connect.waiting.autoReset')}</p>;
  return (
    <>
      <p>{t('connect.waiting.lead')}</p>
      <ol class="flash-mode-steps">
        <li>{t('connect.waiting.hold')}</li>
        <li>{t('connect.waiting.power')}</li>
        <li>{t('connect.waiting.release')}</li>
      </ol>
    </>
  );
}

/** What the dialog says while it connects: words for a person, from the phase (the flasher's own message goes to the log). */
function connectingText(state: Extract<ConnectionState, { kind: 'connecting' }>): string {
  switch (state.phase) {
    case 'opening-port':
      return t('connect.phase.opening');
    case 'connecting':
      return t('connect.phase.connecting');
    case 'uploading-stub':
      return t('connect.phase.uploading');
    case 'changing-baud':
      return t('connect.phase.changingBaud', { baud: getBaud() });
    default:
      return state.message;
  }
}

/** Why the connect failed and what to do, in the error's own words (also while the diagnosis's view is on its way, or if it cannot come). */
function FailedText({ error }: { error: FlasherError }) {
  return (
    <p>
      <strong>{error.message}</strong> {error.action}
    </p>
  );
}

/** What this browser cannot do although it has Web Serial (Chrome on Android lists few USB adapters); nothing elsewhere. */
function BrowserNote() {
  const note = webSerialSupport().note;
  const words = useShellWords();
  return note === undefined ? null : <p class="connect-browser-note">{supportText(words, note)}</p>;
}

export function ConnectDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const checked = useSignal(safetyConfirmed.value);
  const state = connection.value;
  const open = state.kind !== 'disconnected' && state.kind !== 'connected';

  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = connectOpener ?? document.activeElement;
      element.showModal();
    }
    // Closing gives the focus back to what opened it (a Run button: its result takes it next); when that is gone, to the strip.
    if (!open && element.open) {
      element.close();
      restoreFocus(opener.current, connectForStep);
    }
  }, [open]);

  const device = rehearsal.value;
  // What just appeared gets the focus: the state's first control, or its heading (also when the virtual device replaces the real one).
  useEffect(() => {
    const element = dialog.current;
    if (!element?.open) return;
    const target = element.querySelector<HTMLElement>('[data-autofocus]:not([disabled])') ?? element.querySelector<HTMLElement>('h2');
    target?.focus();
  }, [state.kind, device]);

  return (
    <dialog
      ref={dialog}
      class="connect-dialog not-content"
      aria-labelledby="connect-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        cancelConnect();
      }}
    >
      <h2 id="connect-dialog-title" tabIndex={-1}>
        {device ? t('connect.titleVirtual') : t('connect.title')}
      </h2>
      {state.kind === 'ready-to-connect' && (
        <>
          {!safetyConfirmed.value && (
            <div class="safety-confirm" role="group" aria-labelledby="connect-safety-title">
              <p id="connect-safety-title" class="safety-title">
                <span aria-hidden="true">⚠ </span>
                {t('connect.safety.title')}
              </p>
              <p>
                <strong>{t('connect.safety.strong')}</strong> {t('connect.safety.why')}
              </p>
              <label>
                <input type="checkbox" data-autofocus checked={checked.value} onChange={(event) => (checked.value = event.currentTarget.checked)} /> {t('connect.safety.confirm')}
              </label>
            </div>
          )}
          <PrepareSteps virtual={device !== undefined} />
          {!device && <BrowserNote />}
          {device && <RehearsalControls device={device} />}
          {state.hint === 'no-adapter' && <p role="alert">{t('connect.noAdapterVirtual')}</p>}
          {state.hint === 'nothing-chosen' && <p role="status">{t('connect.nothingChosen')}</p>}
          <p>{device ? t('connect.prepare.nextVirtual') : t('connect.prepare.next')}</p>
          {!device && (
            <label>
              <input type="checkbox" checked={autoReset.value} onChange={(event) => (autoReset.value = event.currentTarget.checked)} /> {t('connect.autoReset')}
            </label>
          )}
          <div class="step-buttons">
            <button
              type="button"
              data-autofocus={safetyConfirmed.value ? true : undefined}
              disabled={!safetyConfirmed.value && !checked.value}
              onClick={() => {
                confirmSafety();
                void choosePortAndConnect();
              }}
            >
              {device ? t('connect.chooseVirtual') : t('connect.choose')}
            </button>
            <button type="button" class="secondary" onClick={cancelConnect}>
              {t('connect.cancel')}
            </button>
          </div>
          {!device && (
            <p class="connect-alternative">
              <button type="button" class="secondary" onClick={() => void startRehearsal()}>
                {t('connect.useVirtual')}
              </button>
            </p>
          )}
        </>
      )}
      {state.kind === 'choosing-port' && <p aria-live="polite">{device ? t('connect.choosingVirtual') : t('connect.choosing')}</p>}
      {state.kind === 'waiting' && (
        <>
          {state.attempt > 1 ? <WaitingSteps /> : null}
          <p aria-live="polite" class="countdown">
            {state.attempt > 1 ? t('connect.waiting.left', { seconds: state.secondsLeft }) : t('connect.waiting.listening')}
          </p>
          <div role="status">{connectDiagnosis.value && <Diagnosis diagnosis={connectDiagnosis.value} />}</div>
          {device && <RehearsalControls device={device} />}
          <button type="button" class="secondary" data-autofocus onClick={cancelConnect}>
            {t('connect.cancel')}
          </button>
        </>
      )}
      {state.kind === 'port-lost' && (
        <div role="alert">
          <p>
            <strong>{t('connect.portLost.title')}.</strong> {state.step === undefined ? t('connect.portLost.connect') : t('connect.portLost.step', { step: state.step })}
          </p>
          <p>{t('connect.portLost.auto')}</p>
          {device && <RehearsalControls device={device} />}
          <div class="step-buttons">
            <button type="button" data-autofocus onClick={() => void choosePortAgain()}>
              {t('connect.portLost.choose')}
            </button>
            <button type="button" class="secondary" onClick={cancelConnect}>
              {t('connect.cancel')}
            </button>
          </div>
        </div>
      )}
      {state.kind === 'connecting' && <p aria-live="polite">{connectingText(state)}</p>}
      {state.kind === 'failed' && (
        <div role="alert">
          {connectDiagnosis.value && connectDiagnosis.value.kind !== 'flash-mode' && (state.error.code === 'no-answer' || state.error.code === 'port-busy') ? (
            <Diagnosis diagnosis={connectDiagnosis.value} fallback={<FailedText error={state.error} />} />
          ) : (
            <FailedText error={state.error} />
          )}
          {connectLog.value.length > 0 && (
            <details>
              <summary>{t('connect.details')}</summary>
              <pre>{connectLog.value.join('\n')}</pre>
            </details>
          )}
          {device && <RehearsalControls device={device} />}
          <div class="step-buttons">
            <button type="button" data-autofocus onClick={() => (connection.value = { kind: 'ready-to-connect' })}>
              {t('connect.tryAgain')}
            </button>
            <button type="button" class="secondary" onClick={cancelConnect}>
              {t('connect.close')}
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
