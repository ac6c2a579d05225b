/**
 * What every island has before the first click: the list of steps on the
 * page, and the one way the page fetches JavaScript on first use. The
 * workbench (the flasher and its UI) is such a part, fetched when the reader
 * first uses a Run button or the device panel; each further feature of the
 * workbench (the adapter check, …) is one too, fetched when it is first used,
 * not with the first Connect (src/islands/workbench/features.tsx).
 */
import { useEffect, useReducer, useState } from 'preact/hooks';
import { fetchMainWords, pageLanguage } from '../i18n/load.ts';
import type { Command } from '../steps/operation.ts';

/** A part of the page's JavaScript that is fetched once, when first used. */
export interface LazyPart<T> {
  /** Fetches it (once; again after a failure); every island using it re-renders when it arrives. */
  load(): Promise<T>;
  /** A hook: the part once loaded (re-rendering the caller when it arrives), and the last load failure. */
  useLoaded(): { part: T | undefined; failure: Error | undefined };
}

export function lazyPart<T>(importer: () => Promise<T>): LazyPart<T> {
  let loaded: T | undefined;
  let loading: Promise<T> | undefined;
  let failure: Error | undefined;
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of listeners) listener();
  };
  return {
    load() {
      loading ??= importer().then(
        (part) => {
          loaded = part;
          failure = undefined;
          notify();
          return part;
        },
        (error: unknown) => {
          loading = undefined;
          failure = error instanceof Error ? error : new Error(String(error));
          notify();
          throw failure;
        },
      );
      return loading;
    },
    useLoaded() {
      const [, bump] = useReducer((n: number, _action: void) => n + 1, 0);
      const shown = { part: loaded, failure };
      useEffect(() => {
        const rerender = (): void => bump();
        listeners.add(rerender);
        // The part may have come (or failed) between this render and the effect: show it.
        if (loaded !== shown.part || failure !== shown.failure) bump();
        return () => void listeners.delete(rerender);
      }, []);
      return shown;
    },
  };
}

export type WorkbenchModule = typeof import('./workbench/index.tsx');

/** The workbench and its words in the page's language, fetched side by side; the workbench puts them in place. */
const workbench = lazyPart<WorkbenchModule>(() =>
  Promise.all([import('./workbench/index.tsx'), fetchMainWords()]).then(([module, words]) => {
    module.provideWords('main', words, pageLanguage());
    return module;
  }),
);

/** Loads the workbench once; every island re-renders with it when it arrives. */
export function loadWorkbench(): Promise<WorkbenchModule> {
  return workbench.load();
}

/** The workbench once loaded (re-renders the caller when it arrives), and the last load failure. */
export function useWorkbench(): { workbench: WorkbenchModule | undefined; failure: Error | undefined } {
  const { part, failure } = workbench.useLoaded();
  return { workbench: part, failure };
}

/** False during server rendering and hydration: with JavaScript off nothing interactive shows. */
export function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

/** Every command block on the page, by step id, registered as its island mounts. */
export const pageSteps = new Map<string, Command>();
