/**
 * The firmware's serial console after flashing, without the DOM: the
 * connection and its scrollback (serial-console.ts), hiding passwords
 * (redact.ts), reading Tasmota's answers (reply.ts), telling the firmware
 * (recognise.ts), the guide's Tasmota steps (tasmota.ts), calibration
 * (calibration.ts) and the download (log-file.ts). Failures are codes
 * (ConsoleErrorCode, WifiInputCode, CalibrationInputCode, NoteCode) for the
 * UI's message catalogue.
 */
export { ConsoleError, isConsoleError, unlessTimeout, type ConsoleErrorCode } from './errors.ts';
export {
  SerialConsole,
  checkCommandLine,
  DEFAULT_BAUD,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_MAX_LINES,
  MAX_COMMAND_LENGTH,
  type CommandOptions,
  type ConsoleLine,
  type ConsoleState,
  type LineDirection,
  type NoteCode,
  type SendOptions,
  type SerialConsoleOptions,
} from './serial-console.ts';
export { MASK, redact, secretsInCommand } from './redact.ts';
export { isJsonObject, logText, parseJson, parseResultLine, replyOf, type JsonObject, type JsonValue, type ResultLine, type TasmotaReply } from './reply.ts';
export { compareVersions, formatVersion, parseVersion, version, versionAtLeast, type FirmwareVersion } from './version.ts';
export { recogniseBoot, tasmotaVersionFromStatus2, type BootLine, type RecognisedFirmware } from './recognise.ts';
export {
  configureWifi,
  parseEnergy,
  parseModule,
  parseStatus5,
  parseWifiOutcome,
  SONOFF_POW_MODULE,
  wifiCommand,
  type EnergyReading,
  type ModuleInfo,
  type NetworkStatus,
  type WifiAttempt,
  type WifiCommand,
  type WifiInputCode,
  type WifiOutcome,
} from './tasmota.ts';
export { CALIBRATION_LIMITS, calibrationCommands, type CalibrationInput, type CalibrationInputCode, type CalibrationPlan, type CalibrationRange } from './calibration.ts';
export { DIRECTION_MARKERS, logFileName, logFileText, logTimestamp, prettyJson, type LogFileOptions } from './log-file.ts';
