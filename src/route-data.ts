import { defineRouteMiddleware } from '@astrojs/starlight/route-data';

/** Honour the original guide's `toc` front matter field. */
export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  if (route.entry.data.toc === false) route.toc = undefined;
});
