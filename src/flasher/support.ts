/**
 * Can this browser flash at all, and the port chooser. Nothing here runs at
 * import time: Node (the benchmark) imports the flasher without a navigator.
 */
import type { SerialLike, SerialPortLike } from './api.ts';
import { FlasherError } from './errors.ts';
import { toFlasherError } from './map-error.ts';

export interface WebSerialSupport {
  supported: boolean;
  reason?: string;
}

/** `'serial' in navigator` and `isSecureContext`, decided when called. */
export function webSerialSupport(): WebSerialSupport {
  const scope = globalThis as { navigator?: object; isSecureContext?: boolean };
  if (scope.isSecureContext === false)
    return { supported: false, reason: 'This page is not served over https (or localhost), so the browser hides Web Serial.' };
  if (scope.navigator === undefined || !('serial' in scope.navigator))
    return { supported: false, reason: 'This browser has no Web Serial. Use Chrome or Edge on a desktop computer.' };
  return { supported: true };
}

/** Opens the browser's port chooser; closing it is 'port-cancelled'. */
export async function requestPort(serial: SerialLike): Promise<SerialPortLike> {
  try {
    return await serial.requestPort();
  } catch (error) {
    throw toFlasherError(error, { during: 'request-port' });
  }
}

export function noWebSerialError(reason: string): FlasherError {
  return new FlasherError('no-web-serial', reason, 'Open this page in Chrome or Edge on a desktop computer, over https.');
}
