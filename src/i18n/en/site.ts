/** English messages of one part of the page; `../en.ts` merges every part into one catalogue. */
export const site = {
  'update.ready': 'A new version of this page is ready.',
  'update.reload': 'Reload',
  'update.later': 'Not now',
  'update.afterStep': 'Reload once the running step has finished: reloading stops it.',
} as const;
