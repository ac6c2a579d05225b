/**
 * The one place library exceptions (esptool-js, Web Serial DOMExceptions,
 * stream TypeErrors) become a FlasherError the person can act on.
 */
import { ESPError, UnexpectedChipIdError, UnexpectedChipMagicError } from 'esptool-js';
import type { ConnectDiagnosis, DiagnosisKind } from './diagnose.ts';
import { FlasherError, NO_ANSWER_CAUSES, PORT_BACK_ACTION, RECONNECT_ACTION, isFlasherError } from './errors.ts';
import { PortLostError } from './transport.ts';

/** What the flasher was doing when the exception came. */
export type FailureStage = 'request-port' | 'open' | 'connect' | 'baud' | 'erase' | 'write' | 'read' | 'verify';

export interface FailureContext {
  during: FailureStage;
  /** The port reported the device gone (read loop ended on an error, streams closed). */
  deviceLost?: boolean;
  /** The browser's port itself went away (the adapter was unplugged). */
  portLost?: boolean;
}

const STEP_WORDS: Record<FailureStage, string> = {
  'request-port': 'choosing the port',
  open: 'opening the port',
  connect: 'connecting',
  baud: 'changing the baud',
  erase: 'erasing',
  write: 'writing',
  read: 'reading',
  verify: 'verifying',
};

/**
 * Flasher stub error codes (esptool stub_flasher.h). The stub answers with
 * status bytes [error, 0], which esptool.py reads as a big-endian 0xC100.
 */
const STUB_STATUS: Readonly<Record<number, string>> = {
  0xc0: 'bad data length',
  0xc1: 'bad checksum',
  0xc2: 'bad block size',
  0xc3: 'invalid command',
  0xc4: 'SPI flash operation failed',
  0xc5: 'SPI flash unlock failed',
  0xc6: 'not in flash mode',
  0xc7: 'decompression failed',
  0xc8: 'not enough data',
  0xc9: 'too much data',
  0xff: 'command not implemented',
};

/** ROM loader error codes: the ROM answers [1, error]. */
const ROM_STATUS: Readonly<Record<number, string>> = {
  0x05: 'received message is invalid',
  0x06: 'failed to act on received message',
  0x07: 'invalid CRC in message',
  0x08: 'flash write error',
  0x09: 'flash read error',
  0x0a: 'flash read length error',
  0x0b: 'deflate error',
};

/** The code and its name from the two status bytes, whichever loader sent them. */
function statusCode(first: number, second: number): { code: number; what: string } {
  if (first >= 0xc0) return { code: first, what: STUB_STATUS[first] ?? `stub error 0x${first.toString(16)}` };
  return { code: second, what: ROM_STATUS[second] ?? `ROM error 0x${second.toString(16)}` };
}

function errorName(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') return error.name;
  return undefined;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}

export function portBusyError(cause?: unknown): FlasherError {
  return new FlasherError(
    'port-busy',
    'The serial port could not be opened: another program or browser tab is probably using it.',
    // Chromium gives the same "Failed to open serial port." when Linux refuses the user the device
    // (esptool.py v4.12.0 loader.py:362-368 gives a dialout hint there too).
    'Close the serial monitor, Arduino IDE, or other tab using it, then try again. On Linux, if nothing else is using it, your user may not be allowed to open serial ports: add it to the dialout group (sudo usermod -aG dialout $USER), log out and back in, then try again.',
    { cause },
  );
}

/** What the diagnosis of a wait says, in the final error's words (the page shows its own, fuller, text beside it). */
const NO_ANSWER_BECAUSE: Partial<Record<DiagnosisKind, { why: string; action: string }>> = {
  'firmware-started': {
    why: 'the Sonoff started its normal firmware, because the button was not held when it got power',
    action: 'Hold the button, disconnect and reconnect the 3.3 V wire, release the button after a second, then try again.',
  },
  'no-firmware': {
    why: 'the Sonoff started from its flash, found nothing to run there and stopped, because the button was not held when it got power',
    action: 'Hold the button, disconnect and reconnect the 3.3 V wire, release the button after a second, then try again.',
  },
  'tx-path-down': {
    why: 'the Sonoff is in flash mode but does not hear the computer',
    action: 'Check the wire from the adapter’s TX to the Sonoff’s RX, then try again.',
  },
  'other-boot-mode': {
    why: 'the Sonoff started, but not in flash mode',
    action: 'Hold the button, disconnect and reconnect the 3.3 V wire, release the button after a second, then try again.',
  },
  garbled: {
    why: 'what came from the Sonoff was garbled',
    action: 'Check the GND wire between the adapter and the Sonoff, then try again.',
  },
  silent: {
    why: 'nothing came from the Sonoff at any speed',
    action:
      'Hold the button and reconnect the 3.3 V wire (a Sonoff running its own firmware is quiet until it restarts); if it stays silent, check that the adapter’s TX goes to the Sonoff’s RX and RX to TX, that the 3.3 V wire is on, and that you chose the adapter’s port.',
  },
};

export function noAnswerError(waitedMs: number, diagnosis?: ConnectDiagnosis, cause?: unknown): FlasherError {
  const seconds = Math.round(waitedMs / 1000);
  const because = diagnosis === undefined ? undefined : NO_ANSWER_BECAUSE[diagnosis.kind];
  if (because) return new FlasherError('no-answer', `Nothing answered in ${seconds} s: ${because.why}.`, because.action, { cause });
  return new FlasherError(
    'no-answer',
    `Nothing answered in ${seconds} s. Usually ${NO_ANSWER_CAUSES}.`,
    'Hold the button while you plug in the power, release it after a second, check TX→RX and RX→TX and the 3.3 V setting, then try again.',
    { cause },
  );
}

export function portLostError(during: FailureStage, cause?: unknown): FlasherError {
  return new FlasherError('port-lost', `The adapter was unplugged (or its USB cable came loose) while ${STEP_WORDS[during]}: the browser closed its port.`, PORT_BACK_ACTION, { cause });
}

export function deviceLostError(during: FailureStage, cause?: unknown): FlasherError {
  return new FlasherError('device-lost', `The device stopped answering while ${STEP_WORDS[during]}.`, RECONNECT_ACTION, { cause });
}

export function toFlasherError(error: unknown, context: FailureContext): FlasherError {
  if (isFlasherError(error)) return error;
  const { during } = context;
  if (context.portLost || error instanceof PortLostError) return portLostError(during, error);
  const name = errorName(error);
  const message = errorMessage(error);

  if (during === 'request-port') {
    if (name === 'NotFoundError' || name === 'AbortError')
      return new FlasherError('port-cancelled', 'No port was chosen.', 'Choose the USB serial adapter in the list when you are ready.', { cause: error });
    // Web Serial is there (the chooser was asked for), so no "use another browser": Firefox 151 first asks the
    // person to allow a site-permission add-on (mdn/content firefox/releases/151, "APIs"), and refusing it rejects here.
    return new FlasherError(
      'no-web-serial',
      `The browser refused to open the port chooser: ${message}`,
      'If the browser asked for permission to use serial ports (Firefox asks to add a site permission first), allow it, then choose the port again.',
      { cause: error },
    );
  }
  if (during === 'open') {
    // Chromium: NetworkError "Failed to open serial port." (kOpenError) when another program or tab
    // holds it, or the OS refuses it; InvalidStateError "The port is already open." only for this
    // page's own SerialPort object, opened before and never closed (serial_port.cc SerialPort::open).
    if (name === 'NetworkError') return portBusyError(error);
    if (name === 'InvalidStateError')
      return new FlasherError('port-busy', 'This page still has the port open from an earlier connection.', 'Reload the page, then connect again.', { cause: error });
    if (name === 'NotFoundError') return deviceLostError(during, error);
    return new FlasherError('port-busy', `The serial port could not be opened: ${message}`, 'Close the serial monitor, Arduino IDE, or other tab using it, unplug and replug the adapter, then try again.', { cause: error });
  }
  if (error instanceof UnexpectedChipMagicError || error instanceof UnexpectedChipIdError)
    return new FlasherError('wrong-chip', `The device answered, but it is not an ESP8266 (${message})`, 'Check that the adapter is connected to the Sonoff POW, not another board.', { cause: error });
  // setSignals: NetworkError too, but "Failed to set control signals." (serial_port.cc OnSetSignals)
  // while the port stays open: the driver refused DTR/RTS.
  if (name === 'NetworkError' && /control signals/i.test(message))
    return new FlasherError(
      'auto-reset-failed',
      'The adapter did not let the page set its DTR and RTS lines, so it could not reset the Sonoff into flash mode.',
      'Untick “My adapter has DTR/RTS”, then put the Sonoff in flash mode by hand (hold the button, reconnect the 3.3 V wire) and connect again.',
      { cause: error },
    );
  // Chromium's "The device has been lost." (NetworkError) errors the streams only when the port itself went away.
  if (name === 'NetworkError') return portLostError(during, error);
  if (name === 'NotFoundError' || name === 'BreakError') return deviceLostError(during, error);

  const status = /failed with status (\d+),(\d+)/.exec(message);
  if (error instanceof ESPError && status && !context.deviceLost) {
    const { code, what } = statusCode(Number(status[1]), Number(status[2]));
    return new FlasherError(
      'verify-failed',
      `The device rejected the data while ${STEP_WORDS[during]} (${what}, status 0x${code.toString(16).toUpperCase()}): it arrived damaged, so nothing written is trusted.`,
      'Use a shorter USB cable or a lower --baud, then run the step again.',
      { cause: error },
    );
  }
  if (/MD5 of file does not match/i.test(message))
    return new FlasherError('verify-failed', 'The flash does not hold what was written (MD5 differs).', 'Run the step again; if it fails twice, try a lower --baud.', { cause: error });
  // Timeouts, torn packets, closed streams (TypeError from a released writer), anything else mid-step.
  return deviceLostError(during, error);
}
