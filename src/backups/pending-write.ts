/**
 * The "unfinished write" marker: set before a flash write starts, cleared when
 * it ends (done or failed and reported). Still set on return means the page
 * was reloaded or closed mid-write: "the last write did not finish".
 */

export interface PendingWrite {
  stepId: string;
  fileName: string;
  mac: string;
  /** ISO 8601. */
  startedAt: string;
}

export interface PendingWriteInput {
  stepId: string;
  fileName: string;
  mac: string;
  startedAt: Date | string;
}

/** The part of Storage used; localStorage has it. */
export interface MarkerStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const PENDING_WRITE_KEY = 'sonoff-flasher:pending-write';

/** localStorage, or undefined where there is none or touching it throws (storage blocked). */
function defaultStorage(): MarkerStorage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** Records that a write started. False when it could not be recorded (no storage, full, blocked). */
export function markWriteStarted(write: PendingWriteInput, storage: MarkerStorage | undefined = defaultStorage()): boolean {
  if (storage === undefined) return false;
  const startedAt = typeof write.startedAt === 'string' ? new Date(write.startedAt) : write.startedAt;
  if (Number.isNaN(startedAt.getTime())) throw new RangeError(`Invalid write start time: ${String(write.startedAt)}`);
  const marker: PendingWrite = { stepId: write.stepId, fileName: write.fileName, mac: write.mac, startedAt: startedAt.toISOString() };
  try {
    storage.setItem(PENDING_WRITE_KEY, JSON.stringify(marker));
    return true;
  } catch {
    return false;
  }
}

/** Clears the marker; call when the write ended (also when it failed and the failure was shown). */
export function markWriteFinished(storage: MarkerStorage | undefined = defaultStorage()): void {
  try {
    storage?.removeItem(PENDING_WRITE_KEY);
  } catch {
    // Storage blocked: there is nothing we could have recorded either.
  }
}

function isPendingWrite(value: unknown): value is PendingWrite {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.stepId === 'string' &&
    typeof v.fileName === 'string' &&
    typeof v.mac === 'string' &&
    typeof v.startedAt === 'string' &&
    !Number.isNaN(new Date(v.startedAt).getTime())
  );
}

/** The write that was started and never finished, if any. A damaged marker is cleared and ignored. */
export function unfinishedWrite(storage: MarkerStorage | undefined = defaultStorage()): PendingWrite | undefined {
  if (storage === undefined) return undefined;
  let text: string | null;
  try {
    text = storage.getItem(PENDING_WRITE_KEY);
  } catch {
    return undefined;
  }
  if (text === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!isPendingWrite(value)) {
    markWriteFinished(storage);
    return undefined;
  }
  return { stepId: value.stepId, fileName: value.fileName, mac: value.mac, startedAt: value.startedAt };
}
