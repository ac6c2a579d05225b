/**
 * Messages by key: `t('connect.choose')`, `t('connect.waiting.left', { seconds })`.
 * The page's language picks the catalogue; English is the only one yet.
 */
import { en, type Catalogue, type MessageKey } from './en.ts';
import { lookup, type ParamsOf } from './lookup.ts';

const catalogue: Catalogue = en;

export function t<K extends MessageKey>(key: K, ...params: ParamsOf<Catalogue, K>): string {
  return lookup(catalogue, key, params);
}

export type { MessageKey };
