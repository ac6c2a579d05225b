/**
 * How the virtual chain spends time. Every part (the chip's CPU and flash,
 * the UART, the adapter's USB packets) computes how long a thing takes from
 * its source; the timeline then waits that long with the platform's timers,
 * so a host's timeouts meet real durations. Under fake timers (Vitest's, or
 * @sinonjs/fake-timers in the bench) the same code runs on a simulated clock.
 *
 * `instant` keeps every behaviour and its order and makes every duration
 * zero: tests that need speed use it; nothing else changes.
 */
export type Timing = 'real' | 'instant';

export class Timeline {
  readonly instant: boolean;
  /** Bumped by `cancelAll()`: work scheduled before it is dropped (the chip lost power). */
  #epoch = 0;
  /**
   * The timers as they were when the device was made: the hardware keeps its
   * own time, so a host that later throttles its timers (a hidden tab, the
   * benchmark's emulation of one) slows itself, not the device.
   */
  readonly #setTimeout: typeof setTimeout = globalThis.setTimeout.bind(globalThis);
  readonly #clearTimeout: typeof clearTimeout = globalThis.clearTimeout.bind(globalThis);

  constructor(timing: Timing = 'real') {
    this.instant = timing === 'instant';
  }

  /** Milliseconds on the platform clock (faked clocks included). */
  now(): number {
    return Date.now();
  }

  /** A duration as this timeline spends it. */
  span(ms: number): number {
    return this.instant ? 0 : Math.max(0, ms);
  }

  /**
   * Runs `fn` at time `at` (ms, `now()` scale); at once, synchronously, when
   * that time has come already. Returns a function that cancels it.
   */
  at(at: number, fn: () => void): () => void {
    return this.#schedule(at, this.now(), fn);
  }

  /**
   * `at(now + ms, fn)`, with one reading of the clock: read twice, the
   * millisecond can turn between the readings (on a busy machine it does),
   * and a wait of 1 ms would run at once, synchronously, before the caller
   * has kept the handle it returns (the adapter's hold timer then never ran
   * again and a short reply stayed in the adapter until the host gave up).
   */
  after(ms: number, fn: () => void): () => void {
    const now = this.now();
    return this.#schedule(now + this.span(ms), now, fn);
  }

  #schedule(at: number, now: number, fn: () => void): () => void {
    const epoch = this.#epoch;
    const wait = this.instant ? 0 : at - now;
    if (wait <= 0) {
      fn();
      return () => undefined;
    }
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const fire = (): void => {
      if (!live || epoch !== this.#epoch) return;
      // Timers count whole milliseconds on their own clock: one can fire a
      // fraction of a millisecond before `at` on this one. Nothing may happen
      // before its time (a reply must not reach the host before its last byte
      // left the chip), so an early timer waits out the rest.
      const left = at - this.now();
      if (left > 0) timer = this.#setTimeout(fire, left);
      else fn();
    };
    timer = this.#setTimeout(fire, wait);
    return () => {
      live = false;
      this.#clearTimeout(timer);
    };
  }

  /** Forget everything scheduled so far (the chip lost power, the cable was pulled). */
  cancelAll(): void {
    this.#epoch++;
  }
}
