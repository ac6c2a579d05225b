/** What the page and the service worker (src/site/service-worker.ts) say to each other. */

/** Sent by the page to the waiting worker, on the person's click when no step runs: become the active version. */
export const ACTIVATE = 'activate-new-version';
