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
  /** The page stops reading for `ms` once the total reaches `at` (the bytes still pass). */
  stallAt: { at: number; ms: number } | undefined;
  /** Things that happen on the host's side once the total reaches `at` (in a task after the bytes that reached it, when the page is reading again). */
  triggers: { at: number; fire: () => void }[] = [];
  /** A stall reached and not yet handed to the page (see takeStall). */
  #stallDue: number | undefined;
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
    this.stallAt = undefined;
    this.#stallDue = undefined;
    this.triggers = [];
  }

  /** The stall the last pass() reached, once. */
  takeStall(): number | undefined {
    const ms = this.#stallDue;
    this.#stallDue = undefined;
    return ms;
  }

  /**
   * Passes bytes through the armed faults. Returns the bytes that arrive and,
   * when an unplug or brown-out point is reached, the event (bytes after it never arrive).
   */
  pass(direction: Direction, bytes: Uint8Array): { bytes: Uint8Array; event?: WireEvent } {
    if (this.silent) return { bytes: new Uint8Array(0) };
    if (this.unplugAt === undefined && this.brownOutAt === undefined && this.silentAt === undefined && this.stallAt === undefined && this.triggers.length === 0 && this.corrupt.length === 0 && this.drop.length === 0) {
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
      if (this.triggers.length > 0 && this.triggers[0]!.at <= this.total) {
        const due = this.triggers.filter((trigger) => trigger.at <= this.total);
        this.triggers = this.triggers.filter((trigger) => trigger.at > this.total);
        for (const trigger of due) setTimeout(trigger.fire, 0);
      }
      if (this.stallAt !== undefined && this.total >= this.stallAt.at) {
        this.#stallDue = this.stallAt.ms;
        this.stallAt = undefined;
      }
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
