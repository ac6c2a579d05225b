/** A Run click that arrived before the step's controls existed is handed over once they mount. */
import { useEffect, useRef } from 'preact/hooks';
import type { LazyPart } from '../lazy.ts';
import { runRequest } from './state.ts';

let serial = 0;

export function requestRun(stepId: string): void {
  runRequest.value = { stepId, serial: ++serial };
}

/** Drops a Run that waited for a part that did not come: a later load must not run the step without a fresh click. */
export function dropRunRequest(stepId: string): void {
  if (runRequest.peek()?.stepId === stepId) runRequest.value = undefined;
}

export function useRunRequest(stepId: string, handler: () => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(
    () =>
      runRequest.subscribe((request) => {
        if (request?.stepId !== stepId) return;
        queueMicrotask(() => {
          if (runRequest.peek() !== request) return;
          runRequest.value = undefined;
          latest.current();
        });
      }),
    [stepId],
  );
}

/** A Run clicked on the page's shell (before the workbench) waits for `part`: fetch it for the step, and drop the Run if it cannot come. */
export function useFetchOnRunRequest(part: LazyPart<unknown>, stepId: string): void {
  useEffect(
    () =>
      runRequest.subscribe((request) => {
        if (request?.stepId === stepId) void part.load().catch(() => dropRunRequest(stepId));
      }),
    [part, stepId],
  );
}
