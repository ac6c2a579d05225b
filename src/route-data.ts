import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { guideHref, listGuides } from './components/guides.ts';

export const onRequest = defineRouteMiddleware(async (context) => {
  const route = context.locals.starlightRoute;
  // Honour the original guide's `toc` front matter field.
  if (route.entry.data.toc === false) route.toc = undefined;

  // Starlight groups the sidebar by folder relative to `src/content/docs/`;
  // our guides live in `content/guides/`, which would show as folders named
  // "content" and "guides". List the guides flat instead, by `weight`.
  const current = route.entry.id;
  const link = (label: string, href: string, isCurrent: boolean, title?: string) => ({
    type: 'link' as const,
    label,
    href,
    isCurrent,
    badge: undefined,
    attrs: title ? { title } : {},
  });
  route.sidebar = [
    ...(await listGuides()).map((guide) => link(guide.data.title, guideHref(guide.id), guide.id === current, guide.data.bref)),
    link('All guides', '/guides/', current === 'guides'),
  ];
});
