/** Small notes the islands show before (or instead of) the workbench. */
import { shellText } from '../i18n/en/shell.ts';

export function NoWebSerial({ reason }: { reason: string | undefined }) {
  return (
    <p class="run-step-note">
      {reason} {shellText('note.noWebSerial.terminal')} <a href="#get-esptool">{shellText('note.noWebSerial.getEsptool')}</a>
      {shellText('note.noWebSerial.rehearse')}
    </p>
  );
}

export function LoadFailure({ error }: { error: Error }) {
  return (
    <p class="run-step-note" role="alert">
      {shellText('note.loadFailure', { reason: error.message })}
    </p>
  );
}
