/** The note a reader sees on return when a write was cut off by a reload or a closed tab. */
import type { PendingWrite } from '../backups/pending-write.ts';
import { pageLocale, useShellText } from '../i18n/shell.ts';

export function UnfinishedWrite({ write }: { write: PendingWrite }) {
  const shellText = useShellText();
  const started = new Date(write.startedAt);
  const when = Number.isNaN(started.getTime()) ? shellText('note.unfinished.earlier') : started.toLocaleString(pageLocale());
  return (
    <p class="run-step-note warning" role="alert">
      {shellText('note.unfinished.lead', { fileName: write.fileName, when })} <a href={`#${write.stepId}`}>{shellText('note.unfinished.link')}</a>{' '}
      {shellText('note.unfinished.tail')}
    </p>
  );
}
