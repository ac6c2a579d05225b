/** Prints how many rows of the bad-input and faults matrix passed, at the end of the run. */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class MatrixReporter implements Reporter {
  #rows = new Map<string, boolean>();

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!test.title.startsWith('matrix: ')) return;
    // A retried row counts once, with its last outcome.
    this.#rows.set(test.id, result.status === 'passed');
  }

  onEnd(_result: FullResult): void {
    if (this.#rows.size === 0) return;
    const passed = [...this.#rows.values()].filter(Boolean).length;
    console.log(`\nBad input and faults matrix: ${passed} of ${this.#rows.size} rows passed.`);
  }
}
