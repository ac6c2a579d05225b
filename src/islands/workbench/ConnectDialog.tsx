/**
 * The connect flow as a modal dialog: the safety point first, then the port
 * chooser, then the wait for flash mode with a countdown, and a way to try
 * again. It keeps trying for a minute instead of failing in three seconds.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { cancelConnect, choosePortAndConnect, connectLog } from './connection.ts';
import { RehearsalControls } from './RehearsalControls.tsx';
import { autoReset, confirmSafety, connection, rehearsal, safetyConfirmed } from './state.ts';

function FlashModeSteps() {
  if (autoReset.value) return <p>Resetting the device into its loader through DTR/RTS…</p>;
  return (
    <ol class="flash-mode-steps">
      <li>Hold the Sonoff's button (GPIO0) down.</li>
      <li>Apply 3.3 V: unplug the adapter's USB cable and plug it back in (or reconnect its 3.3 V wire).</li>
      <li>Release the button.</li>
    </ol>
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
    if (!open && element.open) element.close();
  }, [open]);

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
      <h2 id="connect-dialog-title">Connect to the Sonoff POW{device && ' (virtual)'}</h2>
      {state.kind === 'ready-to-connect' && (
        <>
          {!safetyConfirmed.value && (
            <div class="safety-confirm">
              <p>
                <strong>Never connect AC mains and the serial adapter at the same time.</strong> On the POW the low-voltage side is tied to mains: with
                both connected, your computer and you are exposed.
              </p>
              <label>
                <input type="checkbox" checked={checked.value} onChange={(event) => (checked.value = event.currentTarget.checked)} /> The Sonoff is
                unplugged from AC mains; only the adapter powers it.
              </label>
            </div>
          )}
          <p>Next, choose the adapter's serial port; then put the device in flash mode.</p>
          <label>
            <input type="checkbox" checked={autoReset.value} onChange={(event) => (autoReset.value = event.currentTarget.checked)} /> My adapter has DTR/RTS
            wired to GPIO0/EN (auto-reset): reset it into flash mode for me
          </label>
          <div class="step-buttons">
            <button
              type="button"
              disabled={!safetyConfirmed.value && !checked.value}
              onClick={() => {
                confirmSafety();
                void choosePortAndConnect();
              }}
            >
              Choose the port and connect
            </button>
            <button type="button" class="secondary" onClick={cancelConnect}>
              Cancel
            </button>
          </div>
        </>
      )}
      {state.kind === 'choosing-port' && <p>Choose the adapter's port in the browser's list{device ? ' (the virtual Sonoff POW)' : ''}.</p>}
      {state.kind === 'waiting' && (
        <>
          <p>Waiting for the device in flash mode:</p>
          <FlashModeSteps />
          <p aria-live="polite" class="countdown">
            {state.attempt > 0 ? `Still trying: ${state.secondsLeft} s left (attempt ${state.attempt}).` : 'Listening…'}
          </p>
          {device && <RehearsalControls device={device} />}
          <button type="button" class="secondary" onClick={cancelConnect}>
            Cancel
          </button>
        </>
      )}
      {state.kind === 'connecting' && (
        <p aria-live="polite">
          {state.message}
        </p>
      )}
      {state.kind === 'failed' && (
        <div role="alert">
          <p>
            <strong>{state.error.message}</strong> {state.error.action}
          </p>
          {connectLog.value.length > 0 && (
            <details>
              <summary>What happened</summary>
              <pre>{connectLog.value.join('\n')}</pre>
            </details>
          )}
          {device && <RehearsalControls device={device} />}
          <div class="step-buttons">
            <button type="button" onClick={() => void choosePortAndConnect()}>
              Try again
            </button>
            <button type="button" class="secondary" onClick={cancelConnect}>
              Close
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
