/**
 * The guide's steps in the order the page shows them, read from the page
 * itself (each command block carries its step's id, the id of its heading),
 * so "Next:" and the strip's "running …" follow the guide as written.
 */

/** The heading a person sees for the step ("Step 1: Back up the flash"), or its id when the page has none. */
export function stepTitle(stepId: string): string {
  return document.getElementById(stepId)?.textContent?.trim() || stepId;
}

/** The step after this one on the page, if any. */
export function nextStep(stepId: string): { id: string; title: string } | undefined {
  const ids = [...document.querySelectorAll<HTMLElement>('[data-command-step]')].map((block) => block.dataset.commandStep ?? '');
  const next = ids[ids.indexOf(stepId) + 1];
  if (ids.indexOf(stepId) < 0 || next === undefined || next === '') return undefined;
  return { id: next, title: stepTitle(next) };
}
