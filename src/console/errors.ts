/**
 * How the serial console fails. Every failure reaches the caller as a
 * ConsoleError with a code; the UI maps the code to its own message
 * catalogue (there is no sentence for a person in this folder). `message`
 * is the code too, so a log or a stack trace says which one it was.
 */

export type ConsoleErrorCode =
  /** send/command/waitFor before open() or after close(). */
  | 'not-open'
  /** Another program or tab holds the port (open() fails with NetworkError while the port is there), or its streams are locked by another reader/writer. */
  | 'port-busy'
  /** The adapter went away (unplugged): the streams errored with NetworkError, or the port says connected === false. */
  | 'port-lost'
  /** open() failed for another reason (bad options: a TypeError). */
  | 'open-failed'
  /** A write failed for another reason than a lost port. */
  | 'write-failed'
  /** No awaited line or reply in time. */
  | 'timeout'
  /** close() was called while this was waiting. */
  | 'closed'
  /** The line holds CR or LF: it would run as more than one command. */
  | 'line-break-in-line'
  /** A byte Tasmota's serial input throws away: above 127 empties its buffer, control bytes are dropped (support_tasmota.ino:1851-1863). */
  | 'not-printable-ascii'
  /** Longer than Tasmota's serial buffer holds (INPUT_BUFFER_SIZE 800 incl. the terminator, include/tasmota.h:199): it answers "Serial buffer overrun". */
  | 'line-too-long';

export class ConsoleError extends Error {
  readonly code: ConsoleErrorCode;
  /** The platform's error that caused it, if any (a DOMException from Web Serial). */
  override readonly cause: unknown;

  constructor(code: ConsoleErrorCode, cause?: unknown) {
    super(code);
    this.name = 'ConsoleError';
    this.code = code;
    this.cause = cause;
  }
}

export function isConsoleError(error: unknown, code?: ConsoleErrorCode): error is ConsoleError {
  return error instanceof ConsoleError && (code === undefined || error.code === code);
}

/** `promise`'s value, or undefined when it timed out: for a wait whose end is an answer too. Other failures still throw. */
export async function unlessTimeout<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    if (isConsoleError(error, 'timeout')) return undefined;
    throw error;
  }
}
