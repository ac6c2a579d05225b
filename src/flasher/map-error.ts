/**
 * The one place library exceptions (esptool-js, Web Serial DOMExceptions,
 * stream TypeErrors) become a FlasherError the person can act on.
 */
import { ESPError, UnexpectedChipIdError, UnexpectedChipMagicError } from 'esptool-js';
import type { FlasherTextKey } from '../i18n/en/flasher.ts';
import { t } from '../i18n/index.ts';
import type { ConnectDiagnosis, DiagnosisKind } from './diagnose.ts';
import { FlasherError, isFlasherError } from './errors.ts';
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

const STAGE_WORDS: Readonly<Record<FailureStage, FlasherTextKey>> = {
  'request-port': 'flasher.stage.requestPort',
  open: 'flasher.stage.open',
  connect: 'flasher.stage.connect',
  baud: 'flasher.stage.baud',
  erase: 'flasher.stage.erase',
  write: 'flasher.stage.write',
  read: 'flasher.stage.read',
  verify: 'flasher.stage.verify',
};

const stageWords = (stage: FailureStage): string => t(STAGE_WORDS[stage]);

/**
 * Flasher stub error codes (esptool stub_flasher.h). The stub answers with
 * status bytes [error, 0], which esptool.py reads as a big-endian 0xC100.
 */
const STUB_STATUS: Readonly<Record<number, FlasherTextKey>> = {
  0xc0: 'flasher.stubStatus.c0',
  0xc1: 'flasher.stubStatus.c1',
  0xc2: 'flasher.stubStatus.c2',
  0xc3: 'flasher.stubStatus.c3',
  0xc4: 'flasher.stubStatus.c4',
  0xc5: 'flasher.stubStatus.c5',
  0xc6: 'flasher.stubStatus.c6',
  0xc7: 'flasher.stubStatus.c7',
  0xc8: 'flasher.stubStatus.c8',
  0xc9: 'flasher.stubStatus.c9',
  0xff: 'flasher.stubStatus.ff',
};

/** ROM loader error codes: the ROM answers [1, error]. */
const ROM_STATUS: Readonly<Record<number, FlasherTextKey>> = {
  0x05: 'flasher.romStatus.05',
  0x06: 'flasher.romStatus.06',
  0x07: 'flasher.romStatus.07',
  0x08: 'flasher.romStatus.08',
  0x09: 'flasher.romStatus.09',
  0x0a: 'flasher.romStatus.0a',
  0x0b: 'flasher.romStatus.0b',
};

/** The code and its name from the two status bytes, whichever loader sent them. */
function statusCode(first: number, second: number): { code: number; what: string } {
  if (first >= 0xc0) {
    const known = STUB_STATUS[first];
    return { code: first, what: known ? t(known) : t('flasher.stubStatus.other', { code: first.toString(16) }) };
  }
  const known = ROM_STATUS[second];
  return { code: second, what: known ? t(known) : t('flasher.romStatus.other', { code: second.toString(16) }) };
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
  // Chromium gives the same "Failed to open serial port." when Linux refuses the user the device
  // (esptool.py v4.12.0 loader.py:362-368 gives a dialout hint there too).
  return new FlasherError('port-busy', t('flasher.portBusy.message'), t('flasher.portBusy.action'), { cause });
}

/** What the diagnosis of a wait says, in the final error's words (the page shows its own, fuller, text beside it). */
const NO_ANSWER_BECAUSE: Partial<Record<DiagnosisKind, { why: FlasherTextKey; action: FlasherTextKey }>> = {
  'firmware-started': { why: 'flasher.noAnswer.why.firmwareStarted', action: 'flasher.noAnswer.do.restart' },
  'no-firmware': { why: 'flasher.noAnswer.why.noFirmware', action: 'flasher.noAnswer.do.restart' },
  'tx-path-down': { why: 'flasher.noAnswer.why.txPathDown', action: 'flasher.noAnswer.do.txWire' },
  'other-boot-mode': { why: 'flasher.noAnswer.why.otherBootMode', action: 'flasher.noAnswer.do.restart' },
  garbled: { why: 'flasher.noAnswer.why.garbled', action: 'flasher.noAnswer.do.gndWire' },
  silent: { why: 'flasher.noAnswer.why.silent', action: 'flasher.noAnswer.do.silent' },
};

export function noAnswerError(waitedMs: number, diagnosis?: ConnectDiagnosis, cause?: unknown): FlasherError {
  const seconds = Math.round(waitedMs / 1000);
  const because = diagnosis === undefined ? undefined : NO_ANSWER_BECAUSE[diagnosis.kind];
  if (because) return new FlasherError('no-answer', t('flasher.noAnswer.because', { seconds, why: t(because.why) }), t(because.action), { cause });
  return new FlasherError('no-answer', t('flasher.noAnswer.message', { seconds }), t('flasher.noAnswer.action'), { cause });
}

export function portLostError(during: FailureStage, cause?: unknown): FlasherError {
  return new FlasherError('port-lost', t('flasher.portLost.message', { stage: stageWords(during) }), t('flasher.portLost.action'), { cause });
}

export function deviceLostError(during: FailureStage, cause?: unknown): FlasherError {
  return new FlasherError('device-lost', t('flasher.deviceLost.message', { stage: stageWords(during) }), t('flasher.deviceLost.action'), { cause });
}

export function toFlasherError(error: unknown, context: FailureContext): FlasherError {
  if (isFlasherError(error)) return error;
  const { during } = context;
  if (context.portLost || error instanceof PortLostError) return portLostError(during, error);
  const name = errorName(error);
  const message = errorMessage(error);

  if (during === 'request-port') {
    if (name === 'NotFoundError' || name === 'AbortError')
      return new FlasherError('port-cancelled', t('flasher.portCancelled.message'), t('flasher.portCancelled.action'), { cause: error });
    // Web Serial is there (the chooser was asked for), so no "use another browser": Firefox 151 first asks the
    // person to allow a site-permission add-on (mdn/content firefox/releases/151, "APIs"), and refusing it rejects here.
    return new FlasherError('no-web-serial', t('flasher.chooserRefused.message', { reason: message }), t('flasher.chooserRefused.action'), { cause: error });
  }
  if (during === 'open') {
    // Chromium: NetworkError "Failed to open serial port." (kOpenError) when another program or tab
    // holds it, or the OS refuses it; InvalidStateError "The port is already open." only for this
    // page's own SerialPort object, opened before and never closed (serial_port.cc SerialPort::open).
    if (name === 'NetworkError') return portBusyError(error);
    if (name === 'InvalidStateError')
      return new FlasherError('port-busy', t('flasher.portStillOpen.message'), t('flasher.portStillOpen.action'), { cause: error });
    if (name === 'NotFoundError') return deviceLostError(during, error);
    return new FlasherError('port-busy', t('flasher.portOpenFailed.message', { reason: message }), t('flasher.portOpenFailed.action'), { cause: error });
  }
  if (error instanceof UnexpectedChipMagicError || error instanceof UnexpectedChipIdError)
    return new FlasherError('wrong-chip', t('flasher.wrongChip.library', { reason: message }), t('flasher.wrongChip.action'), { cause: error });
  // setSignals: NetworkError too, but "Failed to set control signals." (serial_port.cc OnSetSignals)
  // while the port stays open: the driver refused DTR/RTS.
  if (name === 'NetworkError' && /control signals/i.test(message))
    return new FlasherError('auto-reset-failed', t('flasher.autoResetFailed.message'), t('flasher.autoResetFailed.action'), { cause: error });
  // Chromium's "The device has been lost." (NetworkError) errors the streams only when the port itself went away.
  if (name === 'NetworkError') return portLostError(during, error);
  if (name === 'NotFoundError' || name === 'BreakError') return deviceLostError(during, error);

  const status = /failed with status (\d+),(\d+)/.exec(message);
  if (error instanceof ESPError && status && !context.deviceLost) {
    const { code, what } = statusCode(Number(status[1]), Number(status[2]));
    return new FlasherError(
      'verify-failed',
      t('flasher.rejected.message', { stage: stageWords(during), what, status: code.toString(16).toUpperCase() }),
      t('flasher.rejected.action'),
      { cause: error },
    );
  }
  if (/MD5 of file does not match/i.test(message))
    return new FlasherError('verify-failed', t('flasher.md5Differs.message'), t('flasher.md5Differs.action'), { cause: error });
  // Timeouts, torn packets, closed streams (TypeError from a released writer), anything else mid-step.
  return deviceLostError(during, error);
}
