/** Small notes the islands show before (or instead of) the workbench. */
import type { SupportMessage } from '../flasher/capability.ts';
import { shellTextOf, supportText, useShellText, useShellWords } from '../i18n/shell.ts';

export function NoWebSerial({ reason }: { reason: SupportMessage | undefined }) {
  const words = useShellWords();
  const shellText = shellTextOf(words);
  return (
    <p class="run-step-note">
      {reason && supportText(words, reason)} {shellText('note.noWebSerial.terminal')} <a href="#get-esptool">{shellText('note.noWebSerial.getEsptool')}</a>
      {shellText('note.noWebSerial.rehearse')}
    </p>
  );
}

/** A part of the page that did not come; the browser's own words about it (English whatever the page's language) are not shown. */
export function LoadFailure(_props: { error: Error }) {
  const shellText = useShellText();
  return (
    <p class="run-step-note" role="alert">
      {shellText('note.loadFailure')}
    </p>
  );
}
