/** A message by key from a catalogue: text, or a function of its values. Shared by `t()` and the page shell's `shellText()`. */
export type ParamsOf<C, K extends keyof C> = C[K] extends (params: infer P) => string ? [params: P] : [];

export function lookup<C extends object, K extends keyof C>(catalogue: C, key: K, params: readonly unknown[]): string {
  const message = catalogue[key] as string | ((values: unknown) => string);
  return typeof message === 'function' ? message(params[0]) : message;
}
