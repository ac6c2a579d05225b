/**
 * One error per thing that can go wrong for the person at the bench, each
 * with what happened and what to do next, in the catalogue's words
 * (src/i18n/en/flasher.ts). Library exceptions (esptool-js, Web Serial
 * DOMExceptions) are mapped to these once, at the flasher boundary.
 */
export type FlasherErrorCode =
  /** The reader closed the port chooser: not an error to show loudly. */
  | 'port-cancelled'
  /** No Web Serial in this browser, or not a secure context. */
  | 'no-web-serial'
  /** Another program or tab holds the port. */
  | 'port-busy'
  /** Nothing answered the SYNC: not in flash mode, TX/RX swapped, 5 V adapter, wrong baud. */
  | 'no-answer'
  /** Something answered, but it is not an ESP8266. */
  | 'wrong-chip'
  /** The ROM took the flasher stub but it never said it runs. */
  | 'stub-failed'
  /** The adapter's driver refused to set DTR/RTS, so auto-reset cannot work. */
  | 'auto-reset-failed'
  /** The device went away or reset in the middle of a step. */
  | 'device-lost'
  /** The browser's port went away: the adapter was unplugged or its cable came loose. */
  | 'port-lost'
  /** The device's MD5 of what was written or read differs from ours. */
  | 'verify-failed'
  /** The firmware file is refused before a byte is sent. */
  | 'bad-image'
  /** The backup is refused before a byte is sent (size, MAC, truncated). */
  | 'bad-backup'
  /** The link failed at a faster baud; we fell back to 115200. */
  | 'baud-failed'
  /** The command text names something the browser cannot do faithfully. */
  | 'unsupported-command'
  /** Another operation is already running on this connection. */
  | 'busy'
  /** The caller aborted (ConnectOptions.signal) while we waited; the port is released. */
  | 'cancelled'
  /** A part of the page's code (the compressor, the MD5) could not be fetched: nothing reached the device. */
  | 'page-code';

export class FlasherError extends Error {
  override name = 'FlasherError';
  readonly code: FlasherErrorCode;
  /** The next thing the person should do, in one sentence. */
  readonly action: string;

  constructor(code: FlasherErrorCode, message: string, action: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.action = action;
  }
}

export function isFlasherError(error: unknown, code?: FlasherErrorCode): error is FlasherError {
  return error instanceof FlasherError && (code === undefined || error.code === code);
}
