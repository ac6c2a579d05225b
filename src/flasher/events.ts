/**
 * What the flasher tells its caller while it works. The UI only renders
 * these; it never inspects esptool-js or the port itself.
 */
import type { ConnectDiagnosis } from './diagnose.ts';
import type { FlasherError } from './errors.ts';

export type FlasherPhase =
  | 'requesting-port'
  | 'waiting-for-flash-mode'
  /** The port is being opened (before anything is sent). */
  | 'opening-port'
  | 'connecting'
  | 'uploading-stub'
  | 'changing-baud'
  | 'erasing'
  /** Asking the flash's MD5 region by region, to write only what changed. */
  | 'comparing'
  | 'writing'
  | 'verifying'
  | 'reading'
  /** The adapter was unplugged: waiting for its port to come back. */
  | 'port-lost'
  | 'self-test'
  | 'finished';

export type FlasherEvent =
  | { type: 'phase'; phase: FlasherPhase; message: string }
  /** While waiting for the person to put the device in flash mode. */
  | { type: 'countdown'; secondsLeft: number; attempt: number }
  | { type: 'progress'; doneBytes: number; totalBytes: number; bytesPerSecond: number; etaMs: number | undefined }
  | { type: 'log'; line: string }
  /** Something the person should know; `code` says which, for the UI to pick an icon or a confirmation. */
  | { type: 'warning'; message: string; code?: FlasherWarningCode }
  /** While waiting for flash mode (or when the port would not open): what the page heard and what it means; sent when it changes. */
  | { type: 'diagnosis'; diagnosis: ConnectDiagnosis }
  | { type: 'error'; error: FlasherError };

export type FlasherWarningCode =
  /** The link failed at the faster baud; the session continues at 115200. */
  | 'baud-failed'
  /** The detected flash is not the Sonoff POW's 1 MB, or could not be detected. */
  | 'flash-size'
  /** The MAC has an unknown maker prefix. */
  | 'mac-unknown';

export type FlasherListener = (event: FlasherEvent) => void;

/** What the panel shows once connected. */
export interface DeviceInfo {
  chip: string;
  /** "aa:bb:cc:dd:ee:ff", lower-case. */
  mac: string;
  /** JEDEC id as read the way esptool.py reads it (manufacturer | device << 8). */
  flashId: number;
  /** Detected from the flash id; undefined when the id has no known size. */
  flashSizeBytes: number | undefined;
  crystalMhz: number | undefined;
  /** The baud the stub now talks at. */
  baud: number;
  /** The USB-serial adapter, from the port's USB ids. */
  adapter: AdapterInfo;
}

export interface AdapterInfo {
  usbVendorId: number | undefined;
  usbProductId: number | undefined;
  /** "CH340", "CP210x", "FTDI FT232R", …, or undefined when the ids are unknown. */
  name: string | undefined;
}

export interface StepResult {
  /** One line for the person: what was done, how long, verified or not. */
  summary: string;
  durationMs: number;
  verified: boolean;
  /** Hex MD5 of the data written or read, when there is one. */
  md5?: string;
  /** A write of only what changed: what it found and did (summed over the command's files). */
  changed?: ChangedWrite;
}

export interface ChangedWrite {
  /** 4 KB sectors the write's range covers. */
  sectors: number;
  /** Of those, the ones whose flash differed from the file and were written. */
  changedSectors: number;
  writtenBytes: number;
}

export interface ReadResult extends StepResult {
  data: Uint8Array;
  md5: string;
}
