/** English words of the update notice, which the server renders into every page (src/site/Banner.astro). */
export const site = {
  'update.ready': 'A new version of this page is ready.',
  'update.reload': 'Reload',
  'update.later': 'Not now',
  'update.afterStep': 'Reload once the running step has finished: reloading stops it.',
} as const;
