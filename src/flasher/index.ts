/**
 * The flasher: orchestration over esptool-js for the Sonoff POW's ESP8266.
 * No DOM, no Preact; events out, FlasherError for every failure.
 */
export type { ConnectOptions, FileBytes, FlasherSession, SerialLike, SerialPortLike } from './api.ts';
export { FlasherError, isFlasherError, NO_ANSWER_CAUSES, RECONNECT_ACTION, type FlasherErrorCode } from './errors.ts';
export type { DeviceInfo, FlasherEvent, FlasherListener, FlasherPhase, ReadResult, StepResult } from './events.ts';
export { connect, DEFAULT_WAIT_FOR_FLASH_MODE_MS, EXPECTED_FLASH_BYTES } from './connect.ts';
export { FASTER_BAUDS, baudFailedMessage } from './baud.ts';
export { requestPort, webSerialSupport, noWebSerialError, type WebSerialSupport } from './support.ts';
export {
  checkFirmwareImage,
  gunzip,
  isGzip,
  padTo4,
  patchImageHeader,
  prepareImage,
  type FirmwareCheck,
  type FirmwareCheckContext,
  type HeaderParams,
} from './image.ts';
export { checkBackupForRestore, POW_FLASH_BYTES, type BackupCheck, type BackupRestoreInput, type BackupWarning } from './backup.ts';
export { toFlasherError, type FailureContext, type FailureStage } from './map-error.ts';
export { md5Hex } from './md5.ts';
