/**
 * The flasher's public surface, as the UI sees it. Implemented over
 * esptool-js in this folder; no DOM, no Preact. Every failure reaches the
 * caller as a FlasherError (errors.ts), never as a library exception.
 */
import type { Command, ReadFlash, WriteFlash } from '../steps/operation.ts';
import type { WriteMode } from './changed.ts';
import type { DeviceInfo, FlasherListener, ReadResult, StepResult } from './events.ts';
import type { SelfTestOptions, SelfTestReport } from './self-test.ts';

/**
 * The members of a Web Serial `SerialPort` the flasher uses. A real port,
 * the virtual Sonoff's port and a test's fake all satisfy it.
 */
export interface SerialPortLike {
  readonly readable: ReadableStream<Uint8Array> | null;
  readonly writable: WritableStream<Uint8Array> | null;
  /** Chromium 130+ (behind a flag in some builds): false once the adapter was unplugged. */
  readonly connected?: boolean;
  open(options: { baudRate: number; bufferSize?: number }): Promise<void>;
  close(): Promise<void>;
  setSignals(signals: { dataTerminalReady?: boolean; requestToSend?: boolean; break?: boolean }): Promise<void>;
  getInfo(): { usbVendorId?: number; usbProductId?: number };
}

export interface PortFilter {
  usbVendorId?: number;
  usbProductId?: number;
}

/** `navigator.serial`, or a stand-in for it. */
export interface SerialLike {
  requestPort(options?: { filters?: PortFilter[] }): Promise<SerialPortLike>;
  getPorts(): Promise<SerialPortLike[]>;
  /** 'connect' and 'disconnect' (the event's target is the port). */
  addEventListener?(type: 'connect' | 'disconnect', listener: (event: Event) => void): void;
  removeEventListener?(type: 'connect' | 'disconnect', listener: (event: Event) => void): void;
}

export interface ConnectOptions {
  /** The baud of the shown command; the ROM is always reached at 115200 first. */
  baud: number;
  /** The adapter has DTR/RTS wired to GPIO0/EN: reset into the loader automatically. */
  autoReset: boolean;
  /** How long to keep trying while the person enters flash mode. */
  waitForFlashModeMs?: number;
  signal?: AbortSignal;
  onEvent: FlasherListener;
  /**
   * The adapter was unplugged while the page waited for flash mode (which
   * destroys the port): resolves with the port once it is back. The caller
   * watches for it (watchForPort) or asks the person to choose it again.
   * Without it, connect fails with 'port-lost'.
   */
  portBack?: (lost: SerialPortLike) => Promise<SerialPortLike>;
}

/** How a write runs: `full` (the default) is exactly the command; `changed` writes only the sectors that differ (changed.ts). */
export interface RunOptions {
  write?: WriteMode;
  /** With `changed`: the first pass's region size (changed.ts COARSE_REGION_BYTES); the benchmark measures others. */
  regionBytes?: number;
}

/** Bytes of the files a write names, keyed by the command's file name. */
export type FileBytes = ReadonlyMap<string, Uint8Array>;

export interface FlasherSession {
  readonly device: DeviceInfo;
  /** True while an operation runs; a second one is refused with code 'busy'. */
  readonly busy: boolean;
  /** Run one parsed command over this connection (the stub stays loaded). */
  run(command: Command, files: FileBytes, onEvent: FlasherListener, options?: RunOptions): Promise<StepResult | ReadResult>;
  eraseFlash(onEvent: FlasherListener): Promise<StepResult>;
  writeFlash(operation: WriteFlash, files: FileBytes, onEvent: FlasherListener, options?: RunOptions): Promise<StepResult>;
  /** Reads and verifies the device's own MD5 of the range against what arrived. */
  readFlash(operation: ReadFlash, onEvent: FlasherListener): Promise<ReadResult>;
  /** "Check this adapter and device": reads, compares and times at each speed; writes nothing. */
  selfTest(options: SelfTestOptions, onEvent: FlasherListener): Promise<SelfTestReport>;
  /** Always releases the port, whatever state the device is in. */
  disconnect(): Promise<void>;
  /**
   * Present only when connected with autoReset (DTR/RTS wired): reset the
   * device to run its firmware, then release the port. A reset that errors
   * is not a failure.
   */
  readonly hardReset?: () => Promise<void>;
}
