/**
 * The device strip: one connection for the whole page, always in reach as
 * one line (pinned under the header on wide screens, in the flow on a
 * phone). Before the first click it is that line with two buttons; either
 * loads the workbench, which then renders the full strip here.
 */
import { unfinishedWrite } from '../backups/pending-write.ts';
import { webSerialSupport } from '../flasher/capability.ts';
import { renderingIsland, shellTextOf, supportText, useShellWords } from '../i18n/shell.ts';
import { loadWorkbench, useMounted, useWorkbench } from './lazy.ts';
import { LoadFailure } from './notes.tsx';
import { UnfinishedWrite } from './unfinished-write.tsx';
import './islands.css';

/** The strip's island; `lang` is the page's language, for the server's render (DeviceStrip.astro passes it). */
export default function DevicePanel({ lang }: { lang: string }) {
  renderingIsland(lang);
  const words = useShellWords();
  const shellText = shellTextOf(words);
  const mounted = useMounted();
  const { workbench, failure } = useWorkbench();
  if (workbench) return <workbench.DevicePanelFull />;
  // Rendered on the server too (hidden by CSS without scripting); the browser's abilities and storage are read once mounted.
  const support = mounted ? webSerialSupport() : { supported: true };
  const unfinished = mounted ? unfinishedWrite() : undefined;
  return (
    <>
      <section class="device-panel not-content" aria-label={shellText('panel.region')}>
        <div class="device-strip">
          <p class="device-status">
            <strong>{shellText('panel.device')}:</strong> {shellText('panel.notConnected')}
          </p>
          <div class="device-actions">
            {support.supported && (
              <button type="button" disabled={!mounted} onClick={() => void loadWorkbench().then((module) => module.requestConnect(), () => undefined)}>
                {shellText('panel.connect')}
              </button>
            )}
            <button type="button" class="secondary" disabled={!mounted} onClick={() => void loadWorkbench().then((module) => module.startRehearsalFromStrip(), () => undefined)}>
              {shellText('panel.useVirtual')}
            </button>
          </div>
        </div>
      </section>
      {(!support.supported || support.note || unfinished || failure) && (
        <div class="device-notes not-content">
          {!support.supported && <p class="run-step-note">{shellText('panel.unsupported', { reason: support.reason ? supportText(words, support.reason) : '' })}</p>}
          {support.note && <p class="run-step-note">{supportText(words, support.note)}</p>}
          {unfinished && <UnfinishedWrite write={unfinished} />}
          {failure && <LoadFailure error={failure} />}
        </div>
      )}
    </>
  );
}
