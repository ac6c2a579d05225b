/**
 * The computer's side of the adapter as Chromium's Web Serial shows it: one
 * `SerialPort` object per time the adapter is plugged in. What a page sees
 * follows Chromium (third_party/blink/renderer/modules/serial, cited by
 * function; WICG/serial index.html by line):
 * - open() checks its options (SerialPort::open) and fails with
 *   NetworkError "Failed to open serial port." when the port is held
 *   elsewhere or gone (SerialPort::OnOpen, kOpenError);
 * - received bytes wait in a data pipe of `bufferSize` bytes, created when
 *   the page first reads `readable` (SerialPort::CreateDataPipe); when it is
 *   full Chromium stops reading the OS (serial_port_impl.cc
 *   ReadFromPortAndWriteOut), so they wait in the OS and the adapter, and
 *   beyond those they are lost;
 * - write() resolves once the bytes are in the outgoing pipe, not when they
 *   leave the UART (SerialPortUnderlyingSink::WriteData);
 * - unplugging errors both streams with NetworkError "The device has been
 *   lost." after the bytes already received (serial_port_underlying_source.cc
 *   SignalErrorOnClose), `readable`/`writable` become null, and this object
 *   stays disconnected for good: a replug makes a new one (Serial::GetOrCreatePort).
 */
import type { AdapterProfile } from '../adapter.ts';
import type { Timeline } from '../timeline.ts';
import { lineMs } from '../uart.ts';

/** SerialOptions defaults (WICG/serial index.html:755–762). */
export const DEFAULT_BUFFER_SIZE = 255;
/** serial_port.cc kMaxBufferSize. */
export const MAX_BUFFER_SIZE = 16 * 1024 * 1024;
/**
 * Linux n_tty with PARMRK (which Chromium sets): room = 4096 − 3·buffered − 1,
 * throttled below 128 (drivers/tty/n_tty.c receive_room, TTY_THRESHOLD_THROTTLE),
 * so about 1,323 bytes wait there before usb-serial stops reading the
 * adapter (drivers/usb/serial/generic.c usb_serial_generic_throttle).
 */
export const LINUX_TTY_BYTES = 1323;

export interface SerialOptionsLike {
  baudRate: number;
  dataBits?: number;
  stopBits?: number;
  parity?: string;
  bufferSize?: number;
  flowControl?: string;
}

export interface SerialSignals {
  dataTerminalReady?: boolean;
  requestToSend?: boolean;
  break?: boolean;
}

/**
 * Why open() fails while set: another program or another tab holds the
 * port. Chromium opens ports exclusively (serial_io_handler_posix.cc PostOpen,
 * TIOCEXCL), so both end in NetworkError "Failed to open serial port."
 * (SerialPort::OnOpen); InvalidStateError is only for this object opened twice.
 */
export type PortBusy = 'NetworkError';

/** What the port needs from the adapter behind it. */
export type ReadErrorName = 'UnknownError' | 'BreakError' | 'FramingError' | 'BufferOverrunError' | 'ParityError';

export interface PortBackend {
  readonly profile: AdapterProfile;
  readonly present: boolean;
  /** The port opened at this baud (0 when closed). */
  configure(baud: number): void;
  /** Host → chip; returns when the bytes have left the adapter. */
  send(bytes: Uint8Array): number;
  setModemLines(lines: { dtr: boolean; rts: boolean }): void;
  /** The driver refuses to change DTR/RTS (a fault): setSignals() fails, the port stays open. */
  readonly signalsRefused: boolean;
}

const lost = (): DOMException => new DOMException('The device has been lost.', 'NetworkError');

export class VirtualSerialPort extends EventTarget {
  readonly #backend: PortBackend;
  readonly #timeline: Timeline;
  readonly #osBufferBytes: number;
  /** Set to make open() fail as a busy port does. */
  busy: PortBusy | null = null;
  /** Opens so far (a test can see the host reopened at a new baud). */
  opens = 0;
  /** Told of every open, with its baud: a test acts at the moment the page listens at a speed, with no timer of its own (which a background tab would throttle). */
  readonly #openListeners = new Set<(baud: number) => void>();
  #connected = true;
  #open = false;
  #baud = 0;
  #bufferSize = DEFAULT_BUFFER_SIZE;
  #dtr = false;
  #rts = false;
  #readFatal = false;
  #readable: ReadableStream<Uint8Array> | null = null;
  #writable: WritableStream<Uint8Array> | null = null;
  #readController: ReadableStreamDefaultController<Uint8Array> | undefined;
  #writeController: WritableStreamDefaultController | undefined;
  /** Chromium's data pipe: at most bufferSize bytes waiting for the page. */
  #pipe: Uint8Array[] = [];
  #pipeBytes = 0;
  /** The OS tty buffer and the adapter's receive buffer, once the pipe is full. */
  #backlog: Uint8Array[] = [];
  #backlogBytes = 0;
  #reading = false;
  #pullWaiting: (() => void) | undefined;
  #stalledUntil = 0;
  #stallTimer: ReturnType<typeof setTimeout> | undefined;
  /** Writes waiting for room in the outgoing pipe: rejected if the adapter goes away. */
  readonly #pendingWrites = new Set<(error: DOMException) => void>();
  /** Bytes lost because the page did not read and every buffer was full. */
  droppedBytes = 0;
  /** Told of every byte lost that way (the facade counts them with the wire's counters). */
  onDrop: ((bytes: number) => void) | undefined;

  constructor(backend: PortBackend, timeline: Timeline, osBufferBytes = LINUX_TTY_BYTES) {
    super();
    this.#backend = backend;
    this.#timeline = timeline;
    this.#osBufferBytes = osBufferBytes;
  }

  /** SerialPort.connected (WICG/serial index.html:873–884). */
  get connected(): boolean {
    return this.#connected;
  }
  get isOpen(): boolean {
    return this.#open;
  }
  /** The baud the port was opened at. */
  get baudRate(): number {
    return this.#baud;
  }
  /** The bufferSize it was opened with. */
  get bufferSize(): number {
    return this.#bufferSize;
  }
  get signals(): { dataTerminalReady: boolean; requestToSend: boolean } {
    return { dataTerminalReady: this.#dtr, requestToSend: this.#rts };
  }

  getInfo(): { usbVendorId?: number; usbProductId?: number } {
    return { usbVendorId: this.#backend.profile.usbVendorId, usbProductId: this.#backend.profile.usbProductId };
  }

  get readable(): ReadableStream<Uint8Array> | null {
    if (!this.#open || this.#readFatal) return null;
    if (this.#readable === null) {
      this.#readable = this.#newReadable();
      this.#reading = true;
      const due = this.#readErrorsDue;
      if (due !== undefined) {
        if (--due.left <= 0) this.#readErrorsDue = undefined;
        // Errored before it delivers a byte (a stream's start runs in its constructor, so the controller is there).
        const stream = this.#readable;
        this.#errorStream(due.name);
        return stream;
      }
      this.#refill();
    }
    return this.#readable;
  }

  get writable(): WritableStream<Uint8Array> | null {
    return this.#open && this.#connected ? this.#writable : null;
  }

  /** serial_port.cc SerialPort::open: "The port is already open.", then its option checks (texts copied from there). */
  async open(options: SerialOptionsLike): Promise<void> {
    if (this.#open) throw new DOMException('The port is already open.', 'InvalidStateError');
    // SerialPort::open's checks, in its order.
    if (!Number.isFinite(options.baudRate) || options.baudRate <= 0) throw new TypeError("Failed to execute 'open' on 'SerialPort': Requested baud rate must be greater than zero.");
    if (options.dataBits !== undefined && options.dataBits !== 7 && options.dataBits !== 8) throw new TypeError("Failed to execute 'open' on 'SerialPort': Requested number of data bits must be 7 or 8.");
    if (options.stopBits !== undefined && options.stopBits !== 1 && options.stopBits !== 2) throw new TypeError("Failed to execute 'open' on 'SerialPort': Requested number of stop bits must be 1 or 2.");
    const bufferSize = options.bufferSize ?? DEFAULT_BUFFER_SIZE;
    if (!Number.isInteger(bufferSize) || bufferSize <= 0) throw new TypeError(`Failed to execute 'open' on 'SerialPort': Requested buffer size (${bufferSize} bytes) must be greater than zero.`);
    if (bufferSize > MAX_BUFFER_SIZE) throw new TypeError(`Failed to execute 'open' on 'SerialPort': Requested buffer size (${bufferSize} bytes) is greater than the maximum allowed (${MAX_BUFFER_SIZE} bytes).`);
    if (!this.#connected || !this.#backend.present || this.busy === 'NetworkError') throw new DOMException('Failed to open serial port.', 'NetworkError');
    this.#baud = options.baudRate;
    this.#bufferSize = bufferSize;
    this.#open = true;
    this.#readFatal = false;
    this.opens++;
    this.#pipe = [];
    this.#pipeBytes = 0;
    this.#backlog = [];
    this.#backlogBytes = 0;
    this.#reading = false;
    this.#readable = null;
    this.#writable = this.#newWritable();
    this.#backend.configure(this.#baud);
    // Opening the port raises DTR and RTS: Linux's tty open does (drivers/tty/tty_port.c
    // tty_port_block_til_ready → tty_port_raise_dtr_rts), Windows' Chromium sets
    // fDtrControl/fRtsControl ENABLE (serial_io_handler_win.cc ConfigurePortImpl).
    // With the classic auto-reset circuit both high pulls neither EN nor GPIO0.
    this.#setLines(true, true);
    for (const listener of this.#openListeners) listener(this.#baud);
  }

  /** Calls `listener` after each open from now on; returns the way to stop. */
  onOpen(listener: (baud: number) => void): () => void {
    this.#openListeners.add(listener);
    return () => void this.#openListeners.delete(listener);
  }

  /** Error texts and types from Chromium serial_port.cc SerialPort::close ("The port is already closed.") and the locked stream's cancel. */
  async close(): Promise<void> {
    if (!this.#open) throw new DOMException('The port is already closed.', 'InvalidStateError');
    if (this.#readable?.locked || this.#writable?.locked) throw new TypeError("Failed to execute 'close' on 'SerialPort': Cannot cancel a locked stream");
    try {
      this.#readController?.close();
    } catch {
      // already closed or errored
    }
    this.#shut();
    // close() flushes both directions (SerialPortImpl::Close → Flush(kReceiveAndTransmit)); closing
    // the tty drops DTR and RTS (termios HUPCL, on by default on Linux).
    if (this.#connected) this.#setLines(false, false);
  }

  /** serial_port.cc SerialPort::setSignals/getSignals: kPortClosed "The port is closed." when not open. */
  async setSignals(signals: SerialSignals): Promise<void> {
    if (!this.#open) throw new DOMException('The port is closed.', 'InvalidStateError');
    if (!this.#connected) throw lost();
    // serial_port.cc OnSetSignals: the driver said no; same name as a lost device, another message.
    if (this.#backend.signalsRefused) throw new DOMException('Failed to set control signals.', 'NetworkError');
    this.#setLines(signals.dataTerminalReady ?? this.#dtr, signals.requestToSend ?? this.#rts);
  }

  async getSignals(): Promise<{ dataCarrierDetect: boolean; clearToSend: boolean; ringIndicator: boolean; dataSetReady: boolean }> {
    if (!this.#open) throw new DOMException('The port is closed.', 'InvalidStateError');
    if (!this.#connected) throw lost();
    // The 4-wire cable to the POW (the guide: 3.3 V, GND, TX, RX) leaves the adapter's CTS, DSR, DCD and RI
    // inputs unconnected: nothing asserts them.
    return { dataCarrierDetect: false, clearToSend: false, ringIndicator: false, dataSetReady: false };
  }

  /** SerialPort.forget(): the page gives up its permission; set by the serial stand-in. */
  forget: () => Promise<void> = async () => undefined;

  #setLines(dtr: boolean, rts: boolean): void {
    this.#dtr = dtr;
    this.#rts = rts;
    this.#backend.setModemLines({ dtr, rts });
  }

  // ---- what the adapter delivers --------------------------------------------------

  /**
   * Bytes from the adapter over USB. With the port closed, nobody reads them: they are gone
   * (serial_port.cc StreamsClosed: port_->Close(flush = true), which flushes both
   * directions: serial_io_handler_posix.cc Flush, TCIOFLUSH).
   */
  fromUsb(bytes: Uint8Array): void {
    if (!this.#open || !this.#connected) return;
    this.#backlog.push(bytes);
    this.#backlogBytes += bytes.length;
    // A page that keeps reading takes bytes far faster than a UART brings them (921600 baud is
    // 92 KB/s; the model hands them over in bursts where the wire trickles them): nothing piles
    // up. That the page keeps up is the assumption; stallReading exists to break it, and then
    // the pipe (bufferSize bytes, serial_port.cc CreateDataPipe), the OS and the adapter fill.
    if (this.#reading && Date.now() >= this.#stalledUntil) {
      this.#refill(Infinity);
      return;
    }
    // Chromium moves what it can into the pipe; what is left waits in the OS and the adapter, up to their size.
    this.#refill();
    const capacity = this.#osBufferBytes + this.#backend.profile.rxBufferBytes;
    let excess = this.#backlogBytes - capacity;
    while (excess > 0 && this.#backlog.length > 0) {
      const last = this.#backlog[this.#backlog.length - 1]!;
      const cut = Math.min(excess, last.length);
      if (cut === last.length) this.#backlog.pop();
      else this.#backlog[this.#backlog.length - 1] = last.subarray(0, last.length - cut);
      this.#backlogBytes -= cut;
      this.droppedBytes += cut;
      this.onDrop?.(cut);
      excess -= cut;
    }
  }

  /** Moves what the OS holds into the pipe while it has room (only once the page has asked for `readable`). */
  #refill(limit = this.#bufferSize): void {
    if (!this.#reading) return;
    while (this.#backlog.length > 0 && this.#pipeBytes < limit) {
      const head = this.#backlog[0]!;
      const take = Math.min(head.length, limit - this.#pipeBytes);
      this.#pipe.push(head.subarray(0, take));
      this.#pipeBytes += take;
      this.#backlogBytes -= take;
      if (take === head.length) this.#backlog.shift();
      else this.#backlog[0] = head.subarray(take);
    }
    this.#pullWaiting?.();
  }

  /**
   * A receive error that is not fatal (serial_port.cc ReceiveErrorIsFatal:
   * BREAK, FRAME_ERROR, OVERRUN, BUFFER_OVERFLOW, PARITY_ERROR, SYSTEM_ERROR):
   * the current stream errors with that DOMException and the next `readable`
   * is a new stream (SerialPort::readable after UnderlyingSourceClosed). What
   * was waiting stays for the new stream. SYSTEM_ERROR is UnknownError
   * (serial_port_underlying_source.cc), which Windows also raises for an
   * unplugged CDC adapter.
   */
  readError(name: ReadErrorName, times = 1): void {
    // The first ends the stream the page reads now; each further one ends the next stream before it delivers anything.
    this.#readErrorsDue = times > 1 ? { name, left: times - 1 } : undefined;
    this.#errorStream(name);
  }

  #errorStream(name: ReadErrorName): void {
    const controller = this.#readController;
    if (!this.#open || this.#readable === null || controller === undefined) return;
    this.#readable = null;
    this.#readController = undefined;
    this.#pullWaiting = undefined;
    const messages: Record<ReadErrorName, string> = { UnknownError: 'An unknown error occurred.', BreakError: 'Break received', FramingError: 'Framing error', BufferOverrunError: 'Buffer overrun', ParityError: 'Parity error' } as const;
    controller.error(new DOMException(messages[name], name));
  }

  #readErrorsDue: { name: ReadErrorName; left: number } | undefined;

  /**
   * The page does not read for `ms` (a busy main thread, a late reader). This
   * is the page's time, not the chain's, so it passes even with 'instant' timing.
   */
  stallReading(ms: number): void {
    this.#stalledUntil = Date.now() + ms;
    if (this.#stallTimer !== undefined) clearTimeout(this.#stallTimer);
    this.#stallTimer = setTimeout(() => {
      this.#stallTimer = undefined;
      this.#pullWaiting?.();
    }, ms);
  }

  #takeFromPipe(limit: number): Uint8Array {
    const size = Math.min(limit, this.#pipeBytes);
    const out = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const head = this.#pipe[0]!;
      const take = Math.min(head.length, size - at);
      out.set(head.subarray(0, take), at);
      at += take;
      if (take === head.length) this.#pipe.shift();
      else this.#pipe[0] = head.subarray(take);
    }
    this.#pipeBytes -= size;
    return out;
  }

  #newReadable(): ReadableStream<Uint8Array> {
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#readController = controller;
        },
        pull: (controller) =>
          new Promise<void>((resolve) => {
            const offer = (): void => {
              if (this.#readable !== stream) return resolve();
              if (Date.now() < this.#stalledUntil) return;
              if (this.#pipeBytes > 0) {
                this.#pullWaiting = undefined;
                // One read takes at most what the pipe holds: bufferSize bytes (SerialPortUnderlyingSource reads the pipe).
                controller.enqueue(this.#takeFromPipe(this.#bufferSize));
                this.#refill();
                return resolve();
              }
              if (this.#readFatal || !this.#connected) {
                this.#pullWaiting = undefined;
                this.#readFatal = true;
                controller.error(lost());
                return resolve();
              }
            };
            this.#pullWaiting = offer;
            offer();
          }),
        cancel: () => {
          // reader.cancel() flushes what is waiting (Flush(kReceive)); the next `readable` is a new stream.
          if (this.#readable === stream) {
            this.#readable = null;
            this.#readController = undefined;
            this.#pullWaiting = undefined;
            this.#reading = false;
            this.#pipe = [];
            this.#pipeBytes = 0;
            this.#backlog = [];
            this.#backlogBytes = 0;
          }
        },
      },
      { highWaterMark: 0 },
    );
    return stream;
  }

  #newWritable(): WritableStream<Uint8Array> {
    const writable: WritableStream<Uint8Array> = new WritableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#writeController = controller;
        },
        write: (chunk) => {
          if (!this.#connected || this.#writable !== writable) throw lost();
          const bytes = Uint8Array.from(chunk);
          const sentAt = this.#backend.send(bytes);
          // The promise resolves once the chunk fits the outgoing pipe of bufferSize bytes; a pending
          // write is rejected when the adapter goes away (SerialPortUnderlyingSink::SignalError).
          const fitsAt = sentAt - this.#timeline.span(lineMs(this.#bufferSize, this.#backend.profile.actualBaud(this.#baud)));
          if (fitsAt <= this.#timeline.now()) return;
          return new Promise<void>((resolve, reject) => {
            const fail = (error: DOMException): void => reject(error);
            this.#pendingWrites.add(fail);
            this.#timeline.at(fitsAt, () => {
              this.#pendingWrites.delete(fail);
              resolve();
            });
          });
        },
      },
      // serial_port.cc SerialPort::writable: CreateWithCountQueueingStrategy(..., /*high_water_mark=*/1).
      new CountQueuingStrategy({ highWaterMark: 1 }),
    );
    return writable;
  }

  // ---- the adapter goes away -------------------------------------------------------

  /** The USB cable was pulled: this port object is finished (a replug makes a new one). */
  unplugged(): void {
    if (!this.#connected) return;
    this.#connected = false;
    for (const fail of this.#pendingWrites) fail(lost());
    this.#pendingWrites.clear();
    if (this.#open) {
      this.#readFatal = this.#pipeBytes === 0;
      try {
        this.#writeController?.error(lost());
      } catch {
        // already errored
      }
      // Bytes already in the pipe reach the page first; then the stream errors.
      if (this.#readFatal) {
        try {
          this.#readController?.error(lost());
        } catch {
          // not readable any more
        }
      }
      this.#backlog = [];
      this.#backlogBytes = 0;
      this.#pullWaiting?.();
      this.#writable = null;
    }
    this.dispatchEvent(new Event('disconnect', { bubbles: true }));
  }

  #shut(): void {
    this.#open = false;
    this.#readable = null;
    this.#writable = null;
    this.#readController = undefined;
    this.#writeController = undefined;
    this.#pullWaiting = undefined;
    this.#reading = false;
    this.#readFatal = false;
    this.#pipe = [];
    this.#pipeBytes = 0;
    this.#backlog = [];
    this.#backlogBytes = 0;
    this.#backend.configure(0);
  }
}
