/**
 * The virtual device's USB serial adapter as a Web Serial `SerialPort`:
 * real WHATWG streams (new ones after each open, and a new readable after a
 * reader cancels it, as Chrome does), DTR/RTS, CH340 ids, and the failures
 * a real port shows (already open, busy, device lost).
 */
import type { HostLink, VirtualSonoff } from './device.ts';

export interface SerialSignals {
  dataTerminalReady?: boolean;
  requestToSend?: boolean;
  break?: boolean;
}

/** Why open() fails while set: another program holds the port (NetworkError) or another tab opened it (InvalidStateError). */
export type PortBusy = 'NetworkError' | 'InvalidStateError';

export interface VirtualPortOptions {
  /** Offer `setBaudRate()` (retune in place) instead of making the host close and reopen. Default false, like Chrome. */
  inPlaceBaudChange?: boolean;
}

export const CH340_INFO = { usbVendorId: 0x1a86, usbProductId: 0x7523 } as const;

export class VirtualSerialPort {
  readonly device: VirtualSonoff;
  /** Set to make open() fail as a busy port does. */
  busy: PortBusy | null = null;
  /** Present only with `inPlaceBaudChange`. */
  readonly setBaudRate?: (baud: number) => Promise<void>;
  /** Opens so far (a test can see the host reopened at a new baud). */
  opens = 0;
  #open = false;
  #baud = 0;
  #dtr = false;
  #rts = false;
  #readable: ReadableStream<Uint8Array> | null = null;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #writable: WritableStream<Uint8Array> | null = null;
  #writableController: WritableStreamDefaultController | undefined;
  #pending: Uint8Array[] = [];
  #link: HostLink | undefined;
  #detach: (() => void) | undefined;

  constructor(device: VirtualSonoff, options: VirtualPortOptions = {}) {
    this.device = device;
    if (options.inPlaceBaudChange)
      this.setBaudRate = async (baud: number) => {
        if (!this.#open) throw new DOMException('The port is closed.', 'InvalidStateError');
        this.#baud = baud;
      };
  }

  get isOpen(): boolean {
    return this.#open;
  }
  /** The baud the port was opened (or retuned) at. */
  get baudRate(): number {
    return this.#baud;
  }
  get signals(): { dataTerminalReady: boolean; requestToSend: boolean } {
    return { dataTerminalReady: this.#dtr, requestToSend: this.#rts };
  }

  get readable(): ReadableStream<Uint8Array> | null {
    if (!this.#open) return null;
    if (this.#readable === null) this.#readable = this.#newReadable();
    return this.#readable;
  }

  get writable(): WritableStream<Uint8Array> | null {
    return this.#open ? this.#writable : null;
  }

  getInfo(): { usbVendorId?: number; usbProductId?: number } {
    return { ...CH340_INFO };
  }

  async open(options: { baudRate: number }): Promise<void> {
    if (this.#open) throw new DOMException('The port is already open.', 'InvalidStateError');
    if (this.busy === 'InvalidStateError') throw new DOMException('The port is already open.', 'InvalidStateError');
    if (this.busy === 'NetworkError' || this.device.unplugged) throw new DOMException('Failed to open serial port.', 'NetworkError');
    if (!Number.isInteger(options.baudRate) || options.baudRate <= 0) throw new TypeError('Failed to execute \'open\' on \'SerialPort\': Requested baud rate must be greater than zero.');
    const port = this;
    const link: HostLink = {
      get baud() {
        return port.#baud;
      },
      deliver: (bytes) => this.#deliver(link, bytes),
      lost: () => this.#lost(link),
    };
    this.#detach = this.device.attach(link);
    this.#link = link;
    this.#baud = options.baudRate;
    this.#open = true;
    this.opens++;
    this.#pending = [];
    this.#readable = null;
    this.#writable = new WritableStream<Uint8Array>({
      start: (controller) => {
        this.#writableController = controller;
      },
      write: (chunk) => {
        if (this.#link !== link) throw new DOMException('The device has been lost.', 'NetworkError');
        this.device.receive(link, Uint8Array.from(chunk));
      },
    });
    // Opening a port asserts DTR and RTS (both high: the classic circuit pulls neither line).
    await this.setSignals({ dataTerminalReady: true, requestToSend: true });
  }

  async close(): Promise<void> {
    if (!this.#open) throw new DOMException('The port is already closed.', 'InvalidStateError');
    if (this.#readable?.locked || this.#writable?.locked) throw new TypeError("Failed to execute 'close' on 'SerialPort': Cannot cancel a locked stream");
    try {
      this.#controller?.close();
    } catch {
      // already closed or errored
    }
    this.#shut();
    this.#dtr = false;
    this.#rts = false;
    this.device.setModemLines({ dtr: false, rts: false });
  }

  async setSignals(signals: SerialSignals): Promise<void> {
    if (!this.#open) throw new DOMException('The port is closed.', 'InvalidStateError');
    if (signals.dataTerminalReady !== undefined) this.#dtr = signals.dataTerminalReady;
    if (signals.requestToSend !== undefined) this.#rts = signals.requestToSend;
    this.device.setModemLines({ dtr: this.#dtr, rts: this.#rts });
  }

  #newReadable(): ReadableStream<Uint8Array> {
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
        for (const chunk of this.#pending) controller.enqueue(chunk);
        this.#pending = [];
      },
      cancel: () => {
        // A cancelled readable is replaced on the next `readable` access; bytes in between wait in the "OS buffer".
        if (this.#readable === stream) {
          this.#readable = null;
          this.#controller = undefined;
        }
      },
    });
    return stream;
  }

  #deliver(link: HostLink, bytes: Uint8Array): void {
    if (link !== this.#link) return;
    if (this.#controller !== undefined && this.#readable !== null) this.#controller.enqueue(bytes);
    else this.#pending.push(bytes);
  }

  #lost(link: HostLink): void {
    if (link !== this.#link) return;
    const error = new DOMException('The device has been lost.', 'NetworkError');
    try {
      this.#controller?.error(error);
    } catch {
      // not readable any more
    }
    try {
      this.#writableController?.error(error);
    } catch {
      // already errored
    }
    this.#shut();
  }

  #shut(): void {
    this.#detach?.();
    this.#detach = undefined;
    this.#link = undefined;
    this.#open = false;
    this.#readable = null;
    this.#writable = null;
    this.#controller = undefined;
    this.#writableController = undefined;
    this.#pending = [];
  }
}

export type RequestPortBehaviour = 'grant' | 'cancel' | 'busy' | 'in-use-by-tab';

export interface VirtualSerial {
  requestPort(options?: { filters?: { usbVendorId?: number; usbProductId?: number }[] }): Promise<VirtualSerialPort>;
  getPorts(): Promise<VirtualSerialPort[]>;
  /** What the next requestPort() does: grant the port, reject as a cancelled chooser, or grant a port that is busy. */
  behaviour: RequestPortBehaviour;
}

/** A stand-in for `navigator.serial` offering the one virtual device's port. */
export function createVirtualSerial(device: VirtualSonoff, port: VirtualSerialPort = new VirtualSerialPort(device)): VirtualSerial {
  let granted = false;
  const serial: VirtualSerial = {
    behaviour: 'grant',
    async requestPort(options) {
      if (serial.behaviour === 'cancel') throw new DOMException('No port selected by the user.', 'NotFoundError');
      const filters = options?.filters ?? [];
      if (filters.length > 0 && !filters.some((f) => (f.usbVendorId === undefined || f.usbVendorId === CH340_INFO.usbVendorId) && (f.usbProductId === undefined || f.usbProductId === CH340_INFO.usbProductId)))
        throw new DOMException('No port selected by the user.', 'NotFoundError');
      port.busy = serial.behaviour === 'busy' ? 'NetworkError' : serial.behaviour === 'in-use-by-tab' ? 'InvalidStateError' : null;
      granted = true;
      return port;
    },
    async getPorts() {
      return granted ? [port] : [];
    },
  };
  return serial;
}
