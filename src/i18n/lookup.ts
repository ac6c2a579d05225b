/** A message by key from a catalogue: text, or a function of its values. Shared by `t()` and the page shell's `shellText()`. */
export type ParamsOf<C, K extends keyof C> = C[K] extends (params: infer P) => string ? [params: P] : [];

/**
 * The shape every language's catalogue of a part has: the English part's keys,
 * each a string, or a function of the same values. A translation typed with it
 * fails the type check when a key is missing, extra or takes other values.
 */
export type Translation<C> = { readonly [K in keyof C]: C[K] extends (params: infer P) => string ? (params: P) => string : string };

export function lookup<C extends object, K extends keyof C>(catalogue: C, key: K, params: readonly unknown[]): string {
  const message = catalogue[key] as string | ((values: unknown) => string);
  return typeof message === 'function' ? message(params[0]) : message;
}
