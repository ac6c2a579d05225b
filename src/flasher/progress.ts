/** Progress events with speed and time left, at most ten a second. */
import type { FlasherListener } from './events.ts';

export class ProgressMeter {
  readonly #total: number;
  readonly #emit: FlasherListener;
  readonly #started = Date.now();
  #lastEmit = -Infinity;

  constructor(totalBytes: number, emit: FlasherListener) {
    this.#total = totalBytes;
    this.#emit = emit;
  }

  update(doneBytes: number, force = false): void {
    const now = Date.now();
    if (!force && doneBytes < this.#total && doneBytes > 0 && now - this.#lastEmit < 100) return;
    this.#lastEmit = now;
    const elapsedMs = now - this.#started;
    const bytesPerSecond = elapsedMs > 0 ? Math.round((doneBytes * 1000) / elapsedMs) : 0;
    const etaMs = bytesPerSecond > 0 ? Math.round(((this.#total - doneBytes) * 1000) / bytesPerSecond) : undefined;
    this.#emit({ type: 'progress', doneBytes, totalBytes: this.#total, bytesPerSecond, etaMs });
  }
}
