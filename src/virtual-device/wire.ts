/**
 * What happens on the two UART lines between the adapter and the chip:
 * counters for a benchmark, injected faults, the baud model and optional
 * real-time pacing (10 bits per byte at the current baud).
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
  }

  snapshot(): WireCounterValues {
    const { bytesToDevice, bytesFromDevice, framesToDevice, framesFromDevice, roundTrips, payloadBytesToDevice, payloadBytesFromDevice, garbageBytesToHost, misunderstoodBytes } = this;
    return { bytesToDevice, bytesFromDevice, framesToDevice, framesFromDevice, roundTrips, payloadBytesToDevice, payloadBytesFromDevice, garbageBytesToHost, misunderstoodBytes };
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
  /** Go silent once the total reaches this many bytes. */
  silentAt: number | undefined;
  corrupt: { direction: Direction; at: number }[] = [];
  drop: { direction: Direction; at: number }[] = [];
  /** Bytes seen in both directions, and per direction, since the device was made. */
  total = 0;
  readonly perDirection: Record<Direction, number> = { 'to-device': 0, 'from-device': 0 };

  clear(): void {
    this.unplugAt = undefined;
    this.brownOutAt = undefined;
    this.brownOutAfterProgrammed = undefined;
    this.silent = false;
    this.silentAt = undefined;
    this.corrupt = [];
    this.drop = [];
  }

  /**
   * Passes bytes through the armed faults. Returns the bytes that arrive and,
   * when an unplug or brown-out point is reached, the event (bytes after it never arrive).
   */
  pass(direction: Direction, bytes: Uint8Array): { bytes: Uint8Array; event?: WireEvent } {
    if (this.silent) return { bytes: new Uint8Array(0) };
    if (this.unplugAt === undefined && this.brownOutAt === undefined && this.silentAt === undefined && this.corrupt.length === 0 && this.drop.length === 0) {
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
      const index = this.perDirection[direction]++;
      this.total++;
      if (this.#take(this.drop, direction, index)) continue;
      out.push(this.#take(this.corrupt, direction, index) ? original ^ 0x01 : original);
    }
    return { bytes: Uint8Array.from(out) };
  }

  #take(list: { direction: Direction; at: number }[], direction: Direction, index: number): boolean {
    const i = list.findIndex((fault) => fault.direction === direction && fault.at === index);
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  }
}

/** Paces deliveries at 10 bits per byte when real timing is on; otherwise delivers at once. */
export class Pacer {
  readonly #enabled: boolean;
  #busyUntil = 0;

  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  send(byteCount: number, baud: number, deliver: () => void): void {
    if (!this.#enabled) return deliver();
    const now = Date.now();
    const start = Math.max(now, this.#busyUntil);
    this.#busyUntil = start + (byteCount * 10 * 1000) / baud;
    setTimeout(deliver, Math.max(0, this.#busyUntil - now));
  }

  /** Forget what is in flight timing-wise (a new connection). */
  reset(): void {
    this.#busyUntil = 0;
  }
}

/**
 * Bytes sent at one baud and sampled at another: the receiver sees about
 * n × receiverBaud / senderBaud bytes of noise. 0xC0 is left out so noise
 * never forms a SLIP frame by accident.
 */
export function garbage(count: number, senderBaud: number, receiverBaud: number, next: () => number): Uint8Array {
  const n = Math.max(1, Math.round((count * receiverBaud) / senderBaud));
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let byte = next() & 0xff;
    if (byte === 0xc0) byte = 0xe0;
    out[i] = byte;
  }
  return out;
}
