/**
 * Whether a step runs on this page, for code that must not load the
 * workbench to ask (the update notice: a new version is never switched to
 * while a step runs). The workbench reports it from its `runningStep`
 * (src/islands/workbench/state.ts); this module holds no more than that.
 */
let running = false;
const listeners = new Set<() => void>();

export function setStepRunning(value: boolean): void {
  if (value === running) return;
  running = value;
  for (const listener of listeners) listener();
}

export function isStepRunning(): boolean {
  return running;
}

/** Calls `listener` whenever a step starts or ends. */
export function onStepRunningChange(listener: () => void): void {
  listeners.add(listener);
}
