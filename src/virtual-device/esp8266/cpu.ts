/**
 * What the ROM loader and the stubs can do on the chip while they handle a
 * frame. `t` is the CPU's own clock for the work in hand: reading flash,
 * programming it and sending on the UART move it on; the chip schedules what
 * the host sees at those times.
 */
import type { FlashChip } from '../flash-chip.ts';
import type { RamImage } from './stub-images.ts';

export interface Cpu {
  /** Time now for this piece of work (ms, on the timeline's clock). */
  t: number;
  readonly flash: FlashChip;
  readonly ram: RamImage;
  /** Busy for this long (a delay loop, ets_delay_us). */
  spend(ms: number): void;
  /** A response frame: 01 op len value data status[2]. The first one to a request counts as its round trip. */
  reply(op: number, value: number, data: ArrayLike<number>, status: readonly [number, number]): void;
  /** A frame of raw bytes (OHAI, READ_FLASH packets, the read digest). */
  send(payload: Uint8Array): void;
  /** Until the UART's transmitter is idle (uart_wait_idle, uart tx flush). */
  waitTxIdle(): void;
  readReg(address: number): number;
  writeReg(address: number, value: number, mask: number): void;
  /** UART_CLKDIV's divider; the baud is the UART clock over it. */
  readonly uartDivider: number;
  setUartDivider(divider: number): void;
  /**
   * Jump to uploaded code at `entry` (MEM_END): a stub this model knows starts;
   * anything else is code whose behaviour is unknowable here, so the chip is
   * treated as crashed and is never heard from again.
   */
  jumpTo(entry: number): void;
  /** Leave the loader and run the firmware in flash, without a reset. */
  runUserCode(): void;
  /** A software reset: the ROM starts again and samples the boot straps. */
  softwareReset(): void;
}

/** A program the chip runs that talks the serial protocol: the ROM loader or a stub. */
export interface Loader {
  readonly name: string;
  /**
   * Complete frames that can wait while this program is busy, and what
   * happens to one more: 'drop' (esp-flasher-stub's two frame buffers, one in
   * use: frame_buffer.c frame_buffer_acquire returns NULL) or 'replace' (the
   * legacy stub's `ub.command` pointer is overwritten: stub_flasher.c
   * stub_handle_rx_byte).
   */
  readonly spareFrames: number;
  readonly whenFull: 'drop' | 'replace';
  /** The largest frame that can wait (the ROM's 128-byte UART FIFO); undefined = any. */
  readonly spareFrameMaxBytes?: number;
  /** A longer frame overflows the receive buffer and is dropped unanswered; undefined = no limit modelled. */
  readonly maxFrameBytes?: number;
  /** The program starts (a stub sends its greeting). */
  start?(cpu: Cpu): void;
  frame(frame: Uint8Array, cpu: Cpu): void;
}
