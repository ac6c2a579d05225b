/**
 * Test support for the flasher's tests, over the virtual Sonoff POW (the
 * one model of the hardware): a device on the bench, an event recorder,
 * failures as values, and a fake clock that runs a flow to its end.
 */
import { expect, vi } from 'vitest';
import { parseCommand } from '../steps/command-text.ts';
import { VirtualSonoff, type VirtualSonoffOptions } from '../virtual-device/index.ts';
import { runToEnd } from '../virtual-device/run-to-end.ts';
import type { SerialPortLike } from './api.ts';
import { connect } from './connect.ts';
import { isFlasherError, type FlasherError } from './errors.ts';
import type { FlasherEvent } from './events.ts';
import type { FlasherSession } from './api.ts';

export const MB = 1024 * 1024;

/** Compile-time proof that the virtual port satisfies the flasher's SerialPortLike. */
export const portOf = (sonoff: VirtualSonoff): SerialPortLike => sonoff.port;

export const cmd = (text: string) => parseCommand(`esptool.py --port COM8 ${text}`);

/** A Sonoff POW in flash mode on a CH340, without waiting for modelled time unless asked. */
export function bench(options: Partial<VirtualSonoffOptions> = {}): VirtualSonoff {
  return new VirtualSonoff({ seed: 7, buttonHeld: true, timing: 'instant', ...options });
}

export function recorder() {
  const events: FlasherEvent[] = [];
  return { events, onEvent: (event: FlasherEvent) => void events.push(event) };
}

export async function failure(promise: Promise<unknown>): Promise<FlasherError> {
  try {
    await promise;
  } catch (error) {
    if (isFlasherError(error)) return error;
    throw error;
  }
  throw new Error('expected a FlasherError, got success');
}

/** Connected as the page connects: the person chose the port in the browser's chooser (which grants the page its permission). */
export async function connected(sonoff: VirtualSonoff, baud = 115200, onEvent: (event: FlasherEvent) => void = () => undefined): Promise<FlasherSession> {
  const port: SerialPortLike = await sonoff.serial.requestPort();
  return connect(port, { baud, autoReset: false, waitForFlashModeMs: 3000, onEvent });
}

/**
 * Runs `body` on Vitest's fake clock (setTimeout, setInterval, Date), moving
 * time to each next timer until it settles: modelled durations pass
 * instantly and are measured on that clock.
 */
export async function onFakeClock<T>(body: () => Promise<T>, limitMs = 30 * 60_000): Promise<{ value: T; elapsedMs: number }> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  try {
    return await runToEnd(body, { pending: () => vi.getTimerCount(), next: () => vi.advanceTimersToNextTimerAsync() }, limitMs);
  } finally {
    vi.useRealTimers();
  }
}

export function expectBlank(bytes: Uint8Array): void {
  expect(bytes.every((b) => b === 0xff)).toBe(true);
}
