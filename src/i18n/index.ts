/**
 * Messages by key: `t('connect.choose')`, `t('connect.waiting.left', { seconds })`.
 * The page's language picks the catalogue; English is the only one yet.
 */
import { en, type Catalogue, type MessageKey } from './en.ts';

const catalogue: Catalogue = en;

type ParamsOf<K extends MessageKey> = Catalogue[K] extends (params: infer P) => string ? [params: P] : [];

export function t<K extends MessageKey>(key: K, ...params: ParamsOf<K>): string {
  const message = catalogue[key] as string | ((params: unknown) => string);
  return typeof message === 'function' ? message(params[0]) : message;
}

export type { MessageKey };
