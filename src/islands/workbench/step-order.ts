/**
 * The guide's steps in the order the page shows them, read from the page
 * itself (each step is a heading with a stable id; its command block
 * carries the same id), so "Next:" and the strip's "running …" follow the
 * guide as written.
 */

/** The heading a person sees for the step ("Step 1: Back up the flash"), or its id when the page has none. */
export function stepTitle(stepId: string): string {
  return document.getElementById(stepId)?.textContent?.trim() || stepId;
}

/**
 * The step after this one on the page, if any. The guide's steps are its
 * third-level headings (### Step n: …), including those without a command
 * block ("Back to the wall, safely" must never be skipped).
 */
export function nextStep(stepId: string): { id: string; title: string } | undefined {
  const ids = [...document.querySelectorAll<HTMLElement>('main h3[id]')].map((heading) => heading.id);
  const next = ids[ids.indexOf(stepId) + 1];
  if (ids.indexOf(stepId) < 0 || next === undefined || next === '') return undefined;
  return { id: next, title: stepTitle(next) };
}
