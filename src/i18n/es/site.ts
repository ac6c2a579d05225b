/** Spanish messages of the site's update notice: the keys of `../en/site.ts` (imported for its type only). */
import type { Translation } from '../lookup.ts';
import type { site as enSite } from '../en/site.ts';

export const site: Translation<typeof enSite> = {
  'update.ready': 'Hay una nueva versión de esta página.',
  'update.reload': 'Recargar',
  'update.later': 'Ahora no',
  'update.afterStep': 'Recarga cuando termine el paso en curso: recargar lo detiene.',
};
