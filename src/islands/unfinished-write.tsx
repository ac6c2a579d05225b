/** The note a reader sees on return when a write was cut off by a reload or a closed tab. */
import type { PendingWrite } from '../backups/pending-write.ts';

export function UnfinishedWrite({ write }: { write: PendingWrite }) {
  const when = new Date(write.startedAt);
  return (
    <p class="run-step-note warning" role="alert">
      The last write ({write.fileName}, started {Number.isNaN(when.getTime()) ? 'earlier' : when.toLocaleString()}) did not finish (the page was reloaded or closed, or the device was lost, while it ran). The
      device may not boot. Connect it in flash mode and run <a href={`#${write.stepId}`}>that step</a> again.
    </p>
  );
}
