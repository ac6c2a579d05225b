/**
 * Where the focus goes when what held it disappears (a closed dialog whose
 * opener is gone, "No device?" replaced by the virtual device): the strip's
 * first enabled button, the next move, never the top of the page.
 */
export function focusStripPrimary(): void {
  // After the render that removed the old control.
  setTimeout(() => document.querySelector<HTMLButtonElement>('.device-panel .device-actions button:not([disabled])')?.focus(), 0);
}

/**
 * Gives the focus back to `opener` if it is still on the page and usable;
 * else to the step that asked for the connection (its result if it already
 * has one, else its Run button: a Run clicked before the page had loaded its
 * flasher was replaced meanwhile); else to the strip.
 */
export function restoreFocus(opener: Element | null, stepId: string | undefined): void {
  setTimeout(() => {
    if (opener instanceof HTMLElement && opener !== document.body && opener.isConnected && !(opener instanceof HTMLButtonElement && opener.disabled)) return opener.focus();
    const block = stepId === undefined ? null : document.querySelector(`[data-run-step="${CSS.escape(stepId)}"]`);
    const target = block?.querySelector<HTMLElement>('.step-result') ?? block?.querySelector<HTMLElement>('.run-step-button');
    if (target) target.focus();
    else focusStripPrimary();
  }, 0);
}
