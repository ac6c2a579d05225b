/**
 * Copy buttons of the command blocks: the command exactly as shown, or the
 * link to its step. Without JavaScript the buttons are hidden (guide.css) and
 * the command is plain selectable text.
 *
 * The answer shows where the reader looks: on the button itself, whose label
 * turns to "Copied" for a moment (guide.css, `data-state="done"`), and the
 * block's status region says the same to a screen reader. Where the clipboard
 * is refused, the command is selected so the reader can copy it with the
 * keyboard, and the status region shows what to do, beside the buttons.
 */
import { renderCommandVars } from './command-vars.ts';

const CONFIRM_MS = 2000;
const timers = new WeakMap<HTMLButtonElement, number>();

function answer(button: HTMLButtonElement, outcome: 'done' | 'failed'): void {
  const status = button.closest('.command-actions')?.querySelector<HTMLElement>('[data-copy-status]');
  const message = outcome === 'done' ? (button.querySelector('.command-button-done')?.textContent ?? '') : (button.dataset['failed'] ?? '');
  if (status) {
    status.textContent = message;
    status.dataset['outcome'] = outcome;
  }
  button.dataset['state'] = outcome;
  window.clearTimeout(timers.get(button));
  timers.set(
    button,
    window.setTimeout(() => {
      if (status?.textContent === message) {
        status.textContent = '';
        delete status.dataset['outcome'];
      }
      delete button.dataset['state'];
    }, CONFIRM_MS),
  );
}

async function copy(button: HTMLButtonElement, text: string, fallback?: Element): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    answer(button, 'done');
  } catch {
    if (fallback) getSelection()?.selectAllChildren(fallback);
    answer(button, 'failed');
  }
}

function stepUrl(id: string): string {
  return `${location.origin}${location.pathname}#${id}`;
}

renderCommandVars();

document.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('[data-copy-command], [data-copy-link]');
  if (!button) return;
  const linkId = button.dataset['copyLink'];
  if (linkId !== undefined) {
    void copy(button, stepUrl(linkId));
    return;
  }
  const code = button.closest('.command')?.querySelector('[data-command]');
  if (code?.textContent) void copy(button, code.textContent, code);
});
