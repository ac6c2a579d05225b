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
import { cancelConnect, choosePortAgain, choosePortAndConnect, connectDiagnosis, connectLog } from './connection.ts';
import { BrowserNote, Diagnosis } from './Diagnosis.tsx';
import { RehearsalControls } from './RehearsalControls.tsx';
import { autoReset, confirmSafety, connection, rehearsal, safetyConfirmed } from './state.ts';

function PrepareSteps() {
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

export function ConnectDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const checked = useSignal(safetyConfirmed.value);
  const state = connection.value;
  const open = state.kind !== 'disconnected' && state.kind !== 'connected';

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    // Closing gives the focus back to what opened it; when that is gone, the panel takes it (DevicePanelFull).
    if (!open && element.open) element.close();
  }, [open]);

  // What just appeared gets the focus: the state's first control, or its heading.
  useEffect(() => {
    const element = dialog.current;
    if (!element?.open) return;
    const target = element.querySelector<HTMLElement>('[data-autofocus]:not([disabled])') ?? element.querySelector<HTMLElement>('h2');
    target?.focus();
  }, [state.kind]);

  const device = rehearsal.value;
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
            <div class="safety-confirm">
              <p>
                <strong>{t('connect.safety.strong')}</strong> {t('connect.safety.why')}
              </p>
              <label>
                <input type="checkbox" data-autofocus checked={checked.value} onChange={(event) => (checked.value = event.currentTarget.checked)} /> {t('connect.safety.confirm')}
              </label>
            </div>
          )}
          <PrepareSteps />
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
              {t('connect.choose')}
            </button>
            <button type="button" class="secondary" onClick={cancelConnect}>
              {t('connect.cancel')}
            </button>
          </div>
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
      {state.kind === 'connecting' && <p aria-live="polite">{state.message}</p>}
      {state.kind === 'failed' && (
        <div role="alert">
          {connectDiagnosis.value && connectDiagnosis.value.kind !== 'flash-mode' && (state.error.code === 'no-answer' || state.error.code === 'port-busy') ? (
            <Diagnosis diagnosis={connectDiagnosis.value} />
          ) : (
            <p>
              <strong>{state.error.message}</strong> {state.error.action}
            </p>
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
