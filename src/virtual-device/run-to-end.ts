/**
 * Runs a flow on a fake clock to its end: while it has not settled, moves the
 * clock to its next timer, so every modelled duration passes at once and is
 * measured on that clock. One loop for the tests (Vitest's fake timers) and
 * the benchmark (@sinonjs/fake-timers), which only differ in how they are asked.
 */
export interface SteppableClock {
  /** Timers waiting to fire. */
  pending(): number;
  /** Moves the clock to the next timer and runs it. */
  next(): Promise<unknown>;
}

export async function runToEnd<T>(body: () => Promise<T>, clock: SteppableClock, limitMs = Infinity): Promise<{ value: T; elapsedMs: number }> {
  const started = Date.now();
  let settled: { value: T } | { error: unknown } | undefined;
  body().then(
    (value) => (settled = { value }),
    (error: unknown) => (settled = { error }),
  );
  let idle = 0;
  while (settled === undefined) {
    if (Date.now() - started > limitMs) throw new Error(`still running after ${limitMs} ms of fake time`);
    if (clock.pending() === 0) {
      // Nothing scheduled: the flow is between promises; let them run.
      if (++idle > 100_000) throw new Error('stuck: nothing scheduled and nothing settled');
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      continue;
    }
    idle = 0;
    await clock.next();
  }
  const outcome: { value: T } | { error: unknown } = settled;
  if ('error' in outcome) throw outcome.error;
  return { value: outcome.value, elapsedMs: Date.now() - started };
}
