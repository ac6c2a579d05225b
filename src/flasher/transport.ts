/**
 * esptool-js's Transport with reading driven by the port's data instead of
 * a timer. esptool-js 0.7.0 polls its buffer with sleep(1) (webserial.js
 * read), and a hidden tab's timers wake at most once a second (Chrome
 * "timer throttling in Chrome 88"; an open serial port opts out of the
 * one-minute intensive throttling but not of that 1 s alignment:
 * serial_port.cc OnOpen DisableAggressiveThrottling). Every packet of a
 * backup would then wait a second, and a short read could time out with
 * its data already there. Here a read wakes when bytes arrive; timers only
 * bound how long it waits. It also notices a lost device at once (the
 * stream errors with NetworkError) instead of at the next timeout.
 */
import { Transport } from 'esptool-js';
import type { SerialPortLike } from './api.ts';

const SLIP_END = 0xc0;
const SLIP_ESC = 0xdb;
const SLIP_ESC_END = 0xdc;
const SLIP_ESC_ESC = 0xdd;

/** Thrown by read() when the port reported the device gone. */
export class PortLostError extends Error {
  override name = 'PortLostError';
}

/**
 * Thrown by read() when the bytes are not a SLIP frame: a byte before the
 * opening 0xC0, an unknown escape, or a frame that began and never ended
 * (its closing 0xC0 was lost). The messages are esptool's and esptool-js's.
 */
export class SlipFramingError extends Error {
  override name = 'SlipFramingError';
}

/** How many UnknownErrors in a row, nothing read between them, mean the port is gone. */
const MAX_SYSTEM_ERRORS = 3;

type TransportDevice = ConstructorParameters<typeof Transport>[0];

export class EventTransport extends Transport {
  readonly port: SerialPortLike;
  #bytes = new Uint8Array(0);
  #wake: (() => void) | undefined;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #lost = false;
  #loop: Promise<void> | undefined;
  /** UnknownErrors in a row with no data between them. */
  #systemErrors = 0;
  /** disconnect() is stopping the read loop: it must not take a new stream. */
  #stopping = false;
  /** Told of every chunk that arrives, with the baud the port is open at (the connection diagnosis listens here). */
  onBytes: ((bytes: Uint8Array, baud: number) => void) | undefined;

  constructor(port: SerialPortLike) {
    // The one cast at the library boundary: esptool-js types its device as the DOM SerialPort.
    super(port as unknown as TransportDevice, false);
    this.port = port;
  }

  /** The port's readable errored fatally or went away. */
  get lost(): boolean {
    return this.#lost;
  }

  override readLoop(): Promise<void> {
    this.#loop ??= this.#run().finally(() => {
      this.#loop = undefined;
    });
    return this.#loop;
  }

  async #run(): Promise<void> {
    for (;;) {
      // A cancel that met a read already resolved leaves the port open with a fresh `readable` (Chromium makes a
      // new stream once the old one is closed: SerialPort::readable after UnderlyingSourceClosed): do not take it.
      if (this.#stopping) break;
      // Read the attribute once a round: after an error it is a new stream each time it is read.
      const readable = this.port.readable;
      if (readable === null) break;
      const reader = readable.getReader();
      this.#reader = reader;
      try {
        const { value, done } = await reader.read();
        if (done) break;
        if (value !== undefined && value.length > 0) {
          this.#systemErrors = 0;
          this.#append(value);
        }
      } catch (error) {
        // BreakError, FramingError, BufferOverrunError, ParityError are not fatal: `readable` is a new
        // stream after them (serial_port.cc ReceiveErrorIsFatal). Nor is UnknownError (SYSTEM_ERROR),
        // but Windows also reports an unplugged CDC adapter that way: lost when the port says it is
        // disconnected, or when the error repeats with nothing read in between.
        const name = error instanceof Error || error instanceof DOMException ? error.name : '';
        if (['BreakError', 'FramingError', 'BufferOverrunError', 'ParityError'].includes(name)) continue;
        if (name === 'UnknownError' && this.port.connected !== false && ++this.#systemErrors <= MAX_SYSTEM_ERRORS) continue;
        this.#lost = true;
        break;
      } finally {
        reader.releaseLock();
        if (this.#reader === reader) this.#reader = undefined;
      }
    }
    if (this.port.readable === null && this.port.writable === null) this.#lost = true;
    this.#notify();
  }

  #append(bytes: Uint8Array): void {
    this.onBytes?.(bytes, this.baudrate);
    const next = new Uint8Array(this.#bytes.length + bytes.length);
    next.set(this.#bytes);
    next.set(bytes, this.#bytes.length);
    this.#bytes = next;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Resolves when bytes arrive, the port is lost, or `ms` pass (false). */
  #arrival(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve(false);
      }, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  /**
   * One SLIP frame, as esptool-js and esptool.py read them: bytes before the
   * first 0xC0 are an error ("Invalid head of packet"), an unknown escape is
   * an error, and `timeout` bounds each wait for more bytes.
   */
  override async read(timeout: number): Promise<Uint8Array> {
    let frame: number[] | undefined;
    let escaping = false;
    let at = 0;
    for (;;) {
      if (at >= this.#bytes.length) {
        this.#bytes = this.#bytes.subarray(at);
        at = 0;
        if (this.#lost) throw new PortLostError('The device has been lost.');
        const arrived = await this.#arrival(timeout);
        if (!arrived && this.#bytes.length === 0) {
          if (frame === undefined) throw new Error('Serial data stream stopped: no data within the timeout.');
          throw new SlipFramingError('No serial data received: the packet did not end within the timeout.');
        }
        continue;
      }
      const byte = this.#bytes[at++]!;
      if (frame === undefined) {
        if (byte !== SLIP_END) {
          this.#bytes = this.#bytes.subarray(at);
          throw new SlipFramingError(`Invalid head of packet (0x${byte.toString(16)}): possible serial noise or corruption.`);
        }
        frame = [];
      } else if (escaping) {
        escaping = false;
        if (byte === SLIP_ESC_END) frame.push(SLIP_END);
        else if (byte === SLIP_ESC_ESC) frame.push(SLIP_ESC);
        else {
          this.#bytes = this.#bytes.subarray(at);
          throw new SlipFramingError(`Invalid SLIP escape (0xdb, 0x${byte.toString(16)})`);
        }
      } else if (byte === SLIP_ESC) escaping = true;
      else if (byte === SLIP_END) {
        if (frame.length === 0) continue; // C0 C0: the end of one frame and the start of the next
        this.#bytes = this.#bytes.subarray(at);
        return Uint8Array.from(frame);
      } else frame.push(byte);
    }
  }

  override flushInput(): void {
    this.#bytes = new Uint8Array(0);
  }

  /** Waits until nothing more arrives for `quietMs` (at most `maxMs`), then drops what came. */
  override async drainInput(quietMs = 100, maxMs = 400): Promise<void> {
    const deadline = Date.now() + maxMs;
    while (Date.now() < deadline) {
      const arrived = await this.#arrival(Math.min(quietMs, Math.max(1, deadline - Date.now())));
      if (!arrived) break;
    }
    this.flushInput();
  }

  override inWaiting(): number {
    return this.#bytes.length;
  }

  override peek(): Uint8Array {
    return this.#bytes;
  }

  override async disconnect(): Promise<void> {
    this.#stopping = true;
    try {
      await this.#reader?.cancel();
    } catch {
      // already released or errored
    }
    try {
      await this.#loop?.catch(() => undefined);
    } finally {
      this.#stopping = false;
    }
    if (this.port.readable !== null || this.port.writable !== null) await this.port.close();
    this.flushInput();
  }
}
