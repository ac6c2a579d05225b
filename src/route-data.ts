import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { guideHref, listGuides } from './components/guides.ts';
import { withBase } from './site/base.ts';

export const onRequest = defineRouteMiddleware(async (context) => {
  const route = context.locals.starlightRoute;
  // Honour the original guide's `toc` front matter field.
  if (route.entry.data.toc === false) route.toc = undefined;

  // Front matter links (the 404 page's "Go to the guide") are written from the
  // site's root; Starlight uses them as they are, so put them under the base
  // (once: the entry's data may be shared between renders).
  const base = withBase('/');
  for (const action of route.entry.data.hero?.actions ?? []) {
    if (action.link.startsWith('/') && !action.link.startsWith('//') && !action.link.startsWith(base)) action.link = withBase(action.link);
  }

  // Starlight groups the sidebar by folder relative to `src/content/docs/`;
  // our guides live in `content/guides/`, which would show as folders named
  // "content" and "guides". List the guides flat instead, by `weight`.
  const current = route.entry.id;
  const allGuides = route.locale === undefined ? 'guides' : `${route.locale}/guides`;
  const link = (label: string, href: string, isCurrent: boolean, title?: string) => ({
    type: 'link' as const,
    label,
    href,
    isCurrent,
    badge: undefined,
    attrs: title ? { title } : {},
  });
  route.sidebar = [
    ...(await listGuides(route.locale)).map((guide) => link(guide.data.title, guideHref(guide.id), guide.id === current, guide.data.bref)),
    link(context.locals.t('guides.all'), guideHref(allGuides), current === allGuides),
  ];
});
