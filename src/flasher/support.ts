/**
 * The port chooser, and the capability check re-exported for the flasher's
 * users. Nothing here runs at import time: Node (the benchmark) imports the
 * flasher without a navigator.
 */
import type { SerialLike, SerialPortLike } from './api.ts';
import { toFlasherError } from './map-error.ts';

export { webSerialSupport, type WebSerialSupport } from './capability.ts';

/** Opens the browser's port chooser; closing it is 'port-cancelled'. */
export async function requestPort(serial: SerialLike): Promise<SerialPortLike> {
  try {
    return await serial.requestPort();
  } catch (error) {
    throw toFlasherError(error, { during: 'request-port' });
  }
}
