/**
 * The device strip once the workbench has loaded: one line with what the
 * device is, the link speed and what it is doing, and the one button that
 * matters now; the speed, the adapter check and the virtual device's bench
 * open under it on demand. Notes that stay (a speed fallback, an unfinished
 * write) sit below the strip, in the page, so the pinned line stays one line.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { unfinishedWrite } from '../../backups/pending-write.ts';
import { FASTER_BAUDS } from '../../flasher/index.ts';
import { t } from '../../i18n/index.ts';
import { useShellText } from '../../i18n/shell.ts';
import { getBaud, onCommandVarsChange, setBaud } from '../../scripts/command-vars.ts';
import { UnfinishedWrite } from '../unfinished-write.tsx';
import { ConnectDialog } from './ConnectDialog.tsx';
import { AdapterCheckLauncher } from './features.tsx';
import { connectionNotes, disconnect, justConnected, requestConnect } from './connection.ts';
import { RehearsalControls } from './RehearsalControls.tsx';
import { startRehearsalFromStrip } from './rehearsal.ts';
import { flashSize, macText } from './format.ts';
import { connection, connecting, rehearsal, runningStep } from './state.ts';
import { stepTitle } from './step-order.ts';

const GUIDE_BAUD = 115200;

function useBaud(): number {
  const baud = useSignal(getBaud());
  useEffect(() => onCommandVarsChange(() => (baud.value = getBaud())), []);
  return baud.value;
}

function SpeedChoice({ baud }: { baud: number }) {
  return (
    <label class="speed-choice">
      {t('panel.speed')}{' '}
      <select value={String(baud)} disabled={runningStep.value !== undefined} onChange={(event) => setBaud(Number(event.currentTarget.value))}>
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

/** The strip's height while it is pinned (0 in the flow), for the page's scroll padding (`--device-strip-height`). */
function usePinnedHeight(strip: { current: HTMLElement | null }): void {
  useLayoutEffect(() => {
    const element = strip.current;
    if (!element) return;
    const root = document.documentElement;
    const update = (): void => {
      const pinned = getComputedStyle(element).position === 'sticky';
      root.style.setProperty('--device-strip-height', pinned ? `${Math.ceil(element.getBoundingClientRect().height)}px` : '0px');
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--device-strip-height');
    };
  }, []);
}

export function DevicePanelFull() {
  const state = connection.value;
  const device = rehearsal.value;
  const shellText = useShellText();
  const baud = useBaud();
  const unfinished = useSignal(unfinishedWrite());
  const expanded = useSignal(false);
  useEffect(() => runningStep.subscribe(() => (unfinished.value = unfinishedWrite())), []);
  const busy = runningStep.value !== undefined || connecting.value;
  const running = runningStep.value;
  const strip = useRef<HTMLElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  usePinnedHeight(strip);
  const status =
    state.kind === 'connected'
      ? t('panel.status.connected', { chip: state.device.chip, mac: macText(state.device.mac), baud: state.device.baud })
      : connecting.value
        ? t('panel.connecting')
        : t('panel.status.idle', { baud });
  return (
    <>
      <section
        ref={strip}
        class="device-panel not-content"
        aria-label={shellText('panel.region')}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && expanded.value) {
            expanded.value = false;
            toggle.current?.focus();
          }
        }}
      >
        <div class="device-strip">
          <p class="device-status" aria-live="polite">
            <strong>{device ? t('panel.deviceVirtual') : shellText('panel.device')}:</strong> <span data-device-info={state.kind === 'connected' ? '' : undefined}>{status}</span>
            {running !== undefined && <span class="device-running"> · {t('panel.status.running', { step: stepTitle(running) })}</span>}
          </p>
          <div class="device-actions">
            {state.kind === 'connected' ? (
              <button type="button" disabled={busy} onClick={() => void disconnect()}>
                {t('panel.disconnect')}
              </button>
            ) : (
              <button type="button" disabled={busy} onClick={requestConnect}>
                {shellText('panel.connect')}
              </button>
            )}
            {!device && state.kind !== 'connected' && (
              <button type="button" class="secondary" disabled={busy} onClick={() => void startRehearsalFromStrip()}>
                {shellText('panel.useVirtual')}
              </button>
            )}
            <button type="button" class="secondary" ref={toggle} aria-expanded={expanded.value} aria-controls="device-more" onClick={() => (expanded.value = !expanded.value)}>
              {t('panel.more')}
            </button>
          </div>
        </div>
        <div id="device-more" class="device-more" hidden={!expanded.value}>
          {state.kind === 'connected' && (
            <p data-device-details>
              {t('panel.details', { chip: state.device.chip, mac: macText(state.device.mac), flash: flashSize(state.device.flashSizeBytes), adapter: state.device.adapter.name ?? t('panel.adapterUnknown') })}
            </p>
          )}
          <div class="device-options">
            <SpeedChoice baud={baud} />
            <AdapterCheckLauncher />
          </div>
          {device && <RehearsalControls device={device} />}
        </div>
      </section>
      {(connectionNotes.value.length > 0 || justConnected.value || (unfinished.value && running === undefined)) && (
        <div class="device-notes not-content">
          {justConnected.value && state.kind === 'connected' && (
            <p class="run-step-note" role="status">
              {t('connect.connected')}{' '}
              {device?.buttonHeld.value && (
                <button type="button" class="secondary" onClick={() => device.setButton(false)}>
                  {t('rehearsal.release')}
                </button>
              )}
            </p>
          )}
          {connectionNotes.value.map((note) => (
            <p key={note} class="run-step-note warning">
              {note}
            </p>
          ))}
          {unfinished.value && running === undefined && <UnfinishedWrite write={unfinished.value} />}
        </div>
      )}
      <ConnectDialog />
    </>
  );
}
