/**
 * Where the focus goes when what held it disappears (a closed dialog whose
 * opener is gone, "No device?" replaced by the virtual device): the strip's
 * first enabled button, the next move, never the top of the page.
 */
export function focusStripPrimary(): void {
  // After the render that removed the old control.
  setTimeout(() => document.querySelector<HTMLButtonElement>('.device-panel .device-actions button:not([disabled])')?.focus(), 0);
}

/** Gives the focus back to `opener` if it is still on the page and usable, else to the strip. */
export function restoreFocus(opener: Element | null): void {
  setTimeout(() => {
    if (opener instanceof HTMLElement && opener !== document.body && opener.isConnected && !(opener instanceof HTMLButtonElement && opener.disabled)) opener.focus();
    else focusStripPrimary();
  }, 0);
}
