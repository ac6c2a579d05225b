/**
 * What every island has before the first click: the list of steps on the
 * page, and a loader for the workbench (the flasher and its UI), fetched
 * once, when the reader first uses a Run button or the device panel.
 */
import { useEffect, useReducer, useState } from 'preact/hooks';
import type { Command } from '../steps/operation.ts';

export type WorkbenchModule = typeof import('./workbench/index.tsx');

let loaded: WorkbenchModule | undefined;
let loading: Promise<WorkbenchModule> | undefined;
let failure: Error | undefined;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

/** Loads the workbench once; every island re-renders with it when it arrives. */
export function loadWorkbench(): Promise<WorkbenchModule> {
  loading ??= import('./workbench/index.tsx').then(
    (module) => {
      loaded = module;
      notify();
      return module;
    },
    (error: unknown) => {
      loading = undefined;
      failure = error instanceof Error ? error : new Error(String(error));
      notify();
      throw failure;
    },
  );
  return loading;
}

/** The workbench once loaded (re-renders the caller when it arrives), and the last load failure. */
export function useWorkbench(): { workbench: WorkbenchModule | undefined; failure: Error | undefined } {
  const [, bump] = useReducer((n: number, _action: void) => n + 1, 0);
  useEffect(() => {
    const rerender = (): void => bump();
    listeners.add(rerender);
    return () => void listeners.delete(rerender);
  }, []);
  return { workbench: loaded, failure };
}

/** False during server rendering and hydration: with JavaScript off nothing interactive shows. */
export function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

/** Every command block on the page, by step id, registered as its island mounts. */
export const pageSteps = new Map<string, Command>();
