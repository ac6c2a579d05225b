/**
 * The port chooser, and the capability check re-exported for the flasher's
 * users. Nothing here runs at import time: Node (the benchmark) imports the
 * flasher without a navigator.
 */
import type { SerialLike, SerialPortLike } from './api.ts';
import { FlasherError } from './errors.ts';
import { toFlasherError } from './map-error.ts';

import { FIREFOX_WEB_SERIAL } from './capability.ts';

export { webSerialSupport, type WebSerialSupport } from './capability.ts';

/** Opens the browser's port chooser; closing it is 'port-cancelled'. */
export async function requestPort(serial: SerialLike): Promise<SerialPortLike> {
  try {
    return await serial.requestPort();
  } catch (error) {
    throw toFlasherError(error, { during: 'request-port' });
  }
}

export function noWebSerialError(reason: string): FlasherError {
  return new FlasherError('no-web-serial', reason, `Open this page over https in Chrome, Edge, or Firefox ${FIREFOX_WEB_SERIAL} or newer, on a desktop computer.`);
}
