/**
 * The device panel once the workbench has loaded: the connection, what the
 * device is, the link speed, the rehearsal device, and the last step of all
 * (power-cycle to boot the new firmware).
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { unfinishedWrite } from '../../backups/pending-write.ts';
import { FASTER_BAUDS } from '../../flasher/index.ts';
import { t } from '../../i18n/index.ts';
import { getBaud, onCommandVarsChange, setBaud } from '../../scripts/command-vars.ts';
import { UnfinishedWrite } from '../unfinished-write.tsx';
import { ConnectDialog } from './ConnectDialog.tsx';
import { AdapterCheckLauncher } from './features.tsx';
import { connectionNotes, disconnect, requestConnect } from './connection.ts';
import { RehearsalControls } from './RehearsalControls.tsx';
import { startRehearsal } from './rehearsal.ts';
import { flashSize } from './format.ts';
import { autoReset, bootReminder, connection, connecting, rehearsal, runningStep } from './state.ts';

const GUIDE_BAUD = 115200;

function SpeedChoice() {
  const baud = useSignal(getBaud());
  useEffect(() => onCommandVarsChange(() => (baud.value = getBaud())), []);
  return (
    <label class="speed-choice">
      {t('panel.speed')}{' '}
      <select value={String(baud.value)} disabled={runningStep.value !== undefined} onChange={(event) => setBaud(Number(event.currentTarget.value))}>
        <option value={String(GUIDE_BAUD)}>{t('panel.speed.guide', { baud: GUIDE_BAUD })}</option>
        {FASTER_BAUDS.map((faster) => (
          <option key={faster} value={String(faster)}>
            {t('panel.speed.faster', { baud: faster })}
          </option>
        ))}
      </select>
    </label>
  );
}

export function DevicePanelFull() {
  const state = connection.value;
  const device = rehearsal.value;
  const unfinished = useSignal(unfinishedWrite());
  useEffect(() => runningStep.subscribe(() => (unfinished.value = unfinishedWrite())), []);
  const busy = runningStep.value !== undefined || connecting.value;
  const primary = useRef<HTMLButtonElement>(null);
  // The button that opened the dialog may be gone (the page's first Connect… is replaced by this
  // panel, and Connect… by Disconnect): a keyboard user then goes on from the panel, not the top.
  useEffect(() => {
    if (busy || (state.kind !== 'connected' && state.kind !== 'disconnected')) return;
    // After the dialog has closed and given the focus back: to nothing if its opener is gone (the
    // focus is then on the page, or still on the closed dialog's heading).
    const timer = setTimeout(() => {
      const active = document.activeElement;
      const lost = active === null || active === document.body || active.closest('dialog')?.open === false;
      if (lost) primary.current?.focus();
    }, 0);
    return () => clearTimeout(timer);
  }, [state.kind, busy]);
  return (
    <section class="device-panel not-content" aria-label={t('panel.region')}>
      <div class="device-panel-bar">
        <p class="device-status" aria-live="polite">
          <strong>{device ? t('panel.deviceVirtual') : t('panel.device')}:</strong>{' '}
          {state.kind === 'connected' ? (
            <span data-device-info>
              {state.device.chip} · MAC {state.device.mac} · {flashSize(state.device.flashSizeBytes)} · {state.device.baud} baud
              {state.device.adapter.name !== undefined && ` · ${state.device.adapter.name}`}
            </span>
          ) : connecting.value ? (
            t('panel.connecting')
          ) : (
            t('panel.notConnected')
          )}
        </p>
        <div class="device-actions">
          {state.kind === 'connected' ? (
            <button type="button" ref={primary} disabled={busy} onClick={() => void disconnect()}>
              {t('panel.disconnect')}
            </button>
          ) : (
            <button type="button" ref={primary} disabled={busy} onClick={requestConnect}>
              {t('panel.connect')}
            </button>
          )}
          {!device && (
            <button type="button" class="secondary" disabled={state.kind === 'connected' || busy} onClick={() => void startRehearsal()}>
              {t('panel.useVirtual')}
            </button>
          )}
        </div>
      </div>
      <div class="device-options">
        <SpeedChoice />
        <label>
          <input type="checkbox" checked={autoReset.value} disabled={state.kind === 'connected' || busy} onChange={(event) => (autoReset.value = event.currentTarget.checked)} />{' '}
          {t('panel.autoReset')}
        </label>
        <AdapterCheckLauncher />
      </div>
      {device && <RehearsalControls device={device} />}
      {connectionNotes.value.map((note) => (
        <p key={note} class="run-step-note warning">
          {note}
        </p>
      ))}
      {unfinished.value && runningStep.value === undefined && <UnfinishedWrite write={unfinished.value} />}
      {bootReminder.value && (
        <div class="boot-reminder" role="status">
          <p>
            <strong>{t('panel.boot.lead')}</strong> {t('panel.boot.text')}
          </p>
          {state.kind === 'connected' && state.session.hardReset && (
            <button type="button" disabled={busy} onClick={() => void state.session.hardReset?.().then(() => (connection.value = { kind: 'disconnected' }))}>
              {t('panel.boot.reset')}
            </button>
          )}
        </div>
      )}
      <ConnectDialog />
    </section>
  );
}
