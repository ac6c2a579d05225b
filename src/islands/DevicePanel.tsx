/**
 * The device panel: one connection for the whole page, always in reach.
 * Before the first click it is a bar with two buttons; either loads the
 * workbench, which then renders the full panel here.
 */
import { unfinishedWrite } from '../backups/pending-write.ts';
import { webSerialSupport } from '../flasher/capability.ts';
import { loadWorkbench, useMounted, useWorkbench } from './lazy.ts';
import { LoadFailure } from './notes.tsx';
import { UnfinishedWrite } from './unfinished-write.tsx';
import './islands.css';

export default function DevicePanel() {
  const mounted = useMounted();
  const { workbench, failure } = useWorkbench();
  if (workbench) return <workbench.DevicePanelFull />;
  // Rendered on the server too (hidden by CSS without scripting); the browser's abilities and storage are read once mounted.
  const support = mounted ? webSerialSupport() : { supported: true };
  const unfinished = mounted ? unfinishedWrite() : undefined;
  return (
    <section class="device-panel not-content" aria-label="Device">
      <div class="device-panel-bar">
        <p class="device-status">
          <strong>Device:</strong> not connected
        </p>
        <div class="device-actions">
          {support.supported && (
            <button type="button" disabled={!mounted} onClick={() => void loadWorkbench().then((module) => module.requestConnect(), () => undefined)}>
              Connect…
            </button>
          )}
          <button type="button" class="secondary" disabled={!mounted} onClick={() => void loadWorkbench().then((module) => module.startRehearsal(), () => undefined)}>
            No device? Use a virtual Sonoff POW
          </button>
        </div>
      </div>
      {!support.supported && <p class="run-step-note">{support.reason} The virtual Sonoff POW still works here, for practice.</p>}
      {support.note && <p class="run-step-note">{support.note}</p>}
      {unfinished && <UnfinishedWrite write={unfinished} />}
      {failure && <LoadFailure error={failure} />}
    </section>
  );
}
