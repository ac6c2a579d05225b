/**
 * "Check this adapter and device": what a person with hardware can run, and
 * attach to a report when something fails. It writes nothing to the flash:
 * it reads the chip and flash ids, reads the same 64 KB twice at each speed
 * and compares both with the chip's own MD5, moves the speed up and back
 * down (checking the UART divider each time), and times every part.
 */
import type { DeviceInfo } from './events.ts';

/** How much of the flash each read takes: 16 packets, enough to show a bad cable, quick at 115200 (about 6 s). */
export const SELF_TEST_BYTES = 64 * 1024;

export interface SpeedCheck {
  baud: number;
  /** The link worked at this speed: both reads matched the chip's MD5 and each other. */
  ok: boolean;
  /** Each read's time, ms. */
  readMs: number[];
  /** Payload rate of the faster read, bytes per second. */
  bytesPerSecond: number | undefined;
  /** What went wrong at this speed. */
  problem: string | undefined;
}

export interface SelfTestReport {
  startedAt: string;
  finishedAt: string;
  device: DeviceInfo;
  /** How long connecting took (port open to stub running at the first speed), ms. */
  connectMs: number | undefined;
  /** Reading the chip magic and the flash id again, ms. */
  identifyMs: number | undefined;
  speeds: SpeedCheck[];
  /** The speed the device is left at. */
  endBaud: number;
  /** A failure that ended the test early. */
  error: string | undefined;
  /** Where it ran (browser and system), for whoever reads the report. */
  userAgent: string | undefined;
}

export interface SelfTestOptions {
  /** Speeds to check besides 115200, in order (the faster ones the person allows). */
  fasterBauds: readonly number[];
}
