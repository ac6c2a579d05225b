/**
 * Copy buttons of the command blocks: the command exactly as shown, or the
 * link to its step. Without JavaScript the buttons are hidden (guide.css) and
 * the command is plain selectable text. Where the clipboard is refused, the
 * command is selected so the reader can copy it with the keyboard.
 */
import { renderCommandVars } from './command-vars.ts';

const CONFIRM_MS = 2000;

function confirm(button: HTMLButtonElement, message: string): void {
  const status = button.closest('.command-actions')?.querySelector('[data-copy-status]');
  if (status) status.textContent = message;
  button.dataset['state'] = 'done';
  window.setTimeout(() => {
    if (status?.textContent === message) status.textContent = '';
    delete button.dataset['state'];
  }, CONFIRM_MS);
}

async function copy(button: HTMLButtonElement, text: string, fallback?: Element): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    confirm(button, button.dataset['done'] ?? '');
  } catch {
    if (fallback) getSelection()?.selectAllChildren(fallback);
    confirm(button, button.dataset['failed'] ?? '');
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
