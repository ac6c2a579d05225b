/**
 * Can this browser flash at all? A plain value decided when called, with no
 * imports: the page's first paint runs it before any flasher code loads.
 */
export interface WebSerialSupport {
  supported: boolean;
  reason?: string;
}

/** `'serial' in navigator` and `isSecureContext`. */
export function webSerialSupport(): WebSerialSupport {
  const scope = globalThis as { navigator?: object; isSecureContext?: boolean };
  if (scope.isSecureContext === false)
    return { supported: false, reason: 'This page is not served over https (or localhost), so the browser hides Web Serial.' };
  if (scope.navigator === undefined || !('serial' in scope.navigator))
    return { supported: false, reason: 'This browser has no Web Serial. Use Chrome or Edge on a desktop computer.' };
  return { supported: true };
}
