/**
 * The flasher: orchestration over esptool-js for the Sonoff POW's ESP8266.
 * No DOM, no Preact; events out, FlasherError for every failure.
 */
export type { ConnectOptions, FileBytes, FlasherSession, PortFilter, RunOptions, SerialLike, SerialPortLike } from './api.ts';
export type { WriteMode } from './changed.ts';
export { FlasherError, isFlasherError, type FlasherErrorCode } from './errors.ts';
export type { AdapterInfo, ChangedWrite, DeviceInfo, FlasherEvent, FlasherListener, FlasherPhase, ReadResult, StepResult } from './events.ts';
export { adapterFamily, adapterInfo, usbIds, type AdapterFamily } from './adapters.ts';
export { BOOT_LOG_BAUD, type BootLog, type ConnectDiagnosis, type DiagnosisKind, type HeardAt } from './diagnose.ts';
export { filterFor, watchForPort, type PortWatch } from './ports.ts';
export { SELF_TEST_BYTES, type SelfTestOptions, type SelfTestReport, type SpeedCheck } from './self-test.ts';
// formatSelfTestReport is imported from ./self-test-report.ts directly: it comes with the adapter check only.
export { PORT_BUFFER_BYTES } from './link.ts';
export { connect, DEFAULT_WAIT_FOR_FLASH_MODE_MS, EXPECTED_FLASH_BYTES } from './connect.ts';
export { FASTER_BAUDS, baudFailedMessage } from './baud.ts';
export { requestPort, webSerialSupport, type WebSerialSupport } from './support.ts';
export { loadZlib } from './zlib.ts';
export {
  checkFirmwareImage,
  formatSize,
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
export { loadMd5, md5Hex } from './md5.ts';
