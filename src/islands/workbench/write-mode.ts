/**
 * Each write step's choice between writing only what changed (the page's
 * default) and a plain full write, and the result line that says what was
 * done. No JSX: write-run.ts reads it.
 */
import { signal, type Signal } from '@preact/signals';
import { formatSize, type StepResult, type WriteMode } from '../../flasher/index.ts';
import { t } from '../../i18n/index.ts';
import { seconds } from './format.ts';

const modes = new Map<string, Signal<WriteMode>>();

/** The step's choice; "only what changed" until the person picks the full write. */
export function writeModeOf(stepId: string): Signal<WriteMode> {
  let mode = modes.get(stepId);
  if (mode === undefined) {
    mode = signal<WriteMode>('changed');
    modes.set(stepId, mode);
  }
  return mode;
}

/** The result line: what a write of only what changed found and did; a full write's own summary otherwise. */
export function describeWrite(result: StepResult): string {
  const changed = result.changed;
  if (changed === undefined) return result.summary;
  const md5 = `${(result.md5 ?? '').slice(0, 8)}…`;
  if (changed.changedSectors === 0) return t('writeChanged.none', { sectors: changed.sectors, md5 });
  return t('writeChanged.some', { changed: changed.changedSectors, sectors: changed.sectors, written: formatSize(changed.writtenBytes), seconds: seconds(result.durationMs), md5 });
}
