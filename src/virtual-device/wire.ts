/**
 * What happens on the two UART lines between the adapter and the chip:
 * counters for a benchmark, and the faults a test (or the rehearsal) arms.
 */

export type Direction = 'to-device' | 'from-device';

/** What went over the wire since the last reset(). */
export class WireCounters {
  bytesToDevice = 0;
  bytesFromDevice = 0;
  framesToDevice = 0;
  framesFromDevice = 0;
  /** Requests that got an answer (SYNC's eight replies count once). */
  roundTrips = 0;
  /** Data fields of requests (the part after the 8-byte header). */
  payloadBytesToDevice = 0;
  /** Data fields of responses plus raw data frames (READ_FLASH packets, digest, OHAI). */
  payloadBytesFromDevice = 0;
  /** Bytes the host received as garbage because its baud differed from the device's. */
  garbageBytesToHost = 0;
  /** Bytes from the host the device could not understand (wrong baud). */
  misunderstoodBytes = 0;
  /** Bytes from the device lost on the host side: the adapter and the OS buffers were full because the page did not read. */
  droppedByHostBytes = 0;
  /** Complete frames from the host the chip dropped because every receive buffer was in use. */
  framesDroppedByChip = 0;

  reset(): void {
    this.bytesToDevice = 0;
    this.bytesFromDevice = 0;
    this.framesToDevice = 0;
    this.framesFromDevice = 0;
    this.roundTrips = 0;
    this.payloadBytesToDevice = 0;
    this.payloadBytesFromDevice = 0;
    this.garbageBytesToHost = 0;
    this.misunderstoodBytes = 0;
    this.droppedByHostBytes = 0;
    this.framesDroppedByChip = 0;
  }

  snapshot(): WireCounterValues {
    const { bytesToDevice, bytesFromDevice, framesToDevice, framesFromDevice, roundTrips, payloadBytesToDevice, payloadBytesFromDevice, garbageBytesToHost, misunderstoodBytes, droppedByHostBytes, framesDroppedByChip } = this;
    return { bytesToDevice, bytesFromDevice, framesToDevice, framesFromDevice, roundTrips, payloadBytesToDevice, payloadBytesFromDevice, garbageBytesToHost, misunderstoodBytes, droppedByHostBytes, framesDroppedByChip };
  }
}

export type WireCounterValues = Omit<WireCounters, 'reset' | 'snapshot'>;

export interface ByteFault {
  direction: Direction;
  /** 0 = the very next byte in that direction after the fault is armed. */
  offset: number;
}

export type WireEvent = 'unplug' | 'brown-out';

/** Faults the person or the test arms; offsets count from the moment each is armed. */
export class FaultState {
  unplugAt: number | undefined;
  brownOutAt: number | undefined;
  /** Brown-out once this many more bytes have been programmed into the flash. */
  brownOutAfterProgrammed: number | undefined;
  silent = false;
  /** The adapter's driver refuses DTR/RTS changes (SerialPort.setSignals fails). */
  signalsRefused = false;
  /** Go silent once the total reaches this many bytes. */
  silentAt: number | undefined;
  corrupt: { direction: Direction; at: number }[] = [];
  /** With `value`: the first byte equal to it at or after `at`. */
  drop: { direction: Direction; at: number; value?: number }[] = [];
  /**
   * Things that happen on the host's side (the page stops reading, its stream
   * errors) once the total reaches `at`; kept in order of `at`. The bytes still pass.
   */
  #triggers: { at: number; fire: () => void }[] = [];
  /** Triggers reached and not yet run (see takeDue). */
  #due: (() => void)[] = [];
  /** Bytes seen in both directions, and per direction, since the device was made. */
  total = 0;
  readonly perDirection: Record<Direction, number> = { 'to-device': 0, 'from-device': 0 };

  clear(): void {
    this.unplugAt = undefined;
    this.brownOutAt = undefined;
    this.brownOutAfterProgrammed = undefined;
    this.silent = false;
    this.signalsRefused = false;
    this.silentAt = undefined;
    this.corrupt = [];
    this.drop = [];
    this.#triggers = [];
    this.#due = [];
  }

  /** Runs `fire` once `afterBytes` more bytes have crossed the wire, either way. */
  at(afterBytes: number, fire: () => void): void {
    this.#triggers.push({ at: this.total + Math.max(0, Math.floor(afterBytes)), fire });
    this.#triggers.sort((a, b) => a.at - b.at);
  }

  get triggersArmed(): boolean {
    return this.#triggers.length > 0;
  }

  /** The triggers the last pass() reached, once: the chip runs them as it sends. */
  takeDue(): (() => void)[] {
    const due = this.#due;
    this.#due = [];
    return due;
  }

  /**
   * Passes bytes through the armed faults. Returns the bytes that arrive and,
   * when an unplug or brown-out point is reached, the event (bytes after it never arrive).
   */
  pass(direction: Direction, bytes: Uint8Array): { bytes: Uint8Array; event?: WireEvent } {
    if (this.silent) return { bytes: new Uint8Array(0) };
    if (this.unplugAt === undefined && this.brownOutAt === undefined && this.silentAt === undefined && this.#triggers.length === 0 && this.corrupt.length === 0 && this.drop.length === 0) {
      this.total += bytes.length;
      this.perDirection[direction] += bytes.length;
      return { bytes };
    }
    const out: number[] = [];
    for (const original of bytes) {
      if (this.unplugAt !== undefined && this.total >= this.unplugAt) {
        this.unplugAt = undefined;
        return { bytes: Uint8Array.from(out), event: 'unplug' };
      }
      if (this.silentAt !== undefined && this.total >= this.silentAt) {
        // Nothing after this point arrives, in either direction, until the faults are cleared.
        this.silentAt = undefined;
        this.silent = true;
        return { bytes: Uint8Array.from(out) };
      }
      if (this.brownOutAt !== undefined && this.total >= this.brownOutAt) {
        this.brownOutAt = undefined;
        return { bytes: Uint8Array.from(out), event: 'brown-out' };
      }
      while (this.#triggers.length > 0 && this.#triggers[0]!.at <= this.total) this.#due.push(this.#triggers.shift()!.fire);
      const index = this.perDirection[direction]++;
      this.total++;
      if (this.#take(this.drop, direction, index, original)) continue;
      out.push(this.#take(this.corrupt, direction, index) ? original ^ 0x01 : original);
    }
    return { bytes: Uint8Array.from(out) };
  }

  #take(list: { direction: Direction; at: number; value?: number }[], direction: Direction, index: number, byte?: number): boolean {
    const i = list.findIndex((fault) => fault.direction === direction && (fault.value === undefined ? fault.at === index : index >= fault.at && byte === fault.value));
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  }
}
