/**
 * Test support: a Web Serial port in memory, with the behaviours the
 * console must handle (Chromium's, as WICG/serial describes them): open()
 * failing, a non-fatal read error that ends one stream, the adapter
 * unplugged (NetworkError on both streams, `connected` false). Bytes the
 * page writes are kept; `reply` can answer them.
 */
import type { SerialPortLike } from '../flasher/api.ts';

export class FakePort implements SerialPortLike {
  connected = true;
  /** The baud of each open(). */
  readonly opens: number[] = [];
  closes = 0;
  /** Set to make the next open() fail with it. */
  openError: unknown;
  /** Every chunk the page wrote. */
  readonly written: Uint8Array[] = [];
  /** Called with each written chunk's text (a test answers from here). */
  reply: ((text: string) => void) | undefined;
  #open = false;
  #readable: ReadableStream<Uint8Array> | null = null;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #writable: WritableStream<Uint8Array> | null = null;

  get readable(): ReadableStream<Uint8Array> | null {
    if (!this.#open || !this.connected) return null;
    if (this.#readable === null) {
      this.#readable = new ReadableStream<Uint8Array>({
        start: (controller) => {
          this.#controller = controller;
        },
        cancel: () => {
          this.#readable = null;
          this.#controller = undefined;
        },
      });
    }
    return this.#readable;
  }

  get writable(): WritableStream<Uint8Array> | null {
    if (!this.#open || !this.connected) return null;
    this.#writable ??= new WritableStream<Uint8Array>({
      write: (chunk) => {
        if (!this.connected) throw new DOMException('The device has been lost.', 'NetworkError');
        this.written.push(chunk.slice());
        this.reply?.(new TextDecoder().decode(chunk));
      },
    });
    return this.#writable;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(options: { baudRate: number }): Promise<void> {
    if (this.openError !== undefined) {
      const error = this.openError;
      this.openError = undefined;
      throw error;
    }
    if (this.#open) throw new DOMException('The port is already open.', 'InvalidStateError');
    if (!this.connected) throw new DOMException('Failed to open serial port.', 'NetworkError');
    this.#open = true;
    this.opens.push(options.baudRate);
  }

  async close(): Promise<void> {
    if (!this.#open) throw new DOMException('The port is already closed.', 'InvalidStateError');
    if (this.#readable?.locked || this.#writable?.locked) throw new TypeError("Failed to execute 'close' on 'SerialPort': Cannot cancel a locked stream");
    this.#open = false;
    this.#readable = null;
    this.#writable = null;
    this.closes++;
  }

  async setSignals(): Promise<void> {}

  getInfo(): { usbVendorId?: number; usbProductId?: number } {
    return { usbVendorId: 0x1a86, usbProductId: 0x7523 };
  }

  /** Bytes from the device. */
  push(data: string | Uint8Array): void {
    this.#controller?.enqueue(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  }

  /** A non-fatal read error (BreakError, FramingError …): this stream ends, `readable` is a new one. */
  readError(name: string): void {
    const controller = this.#controller;
    this.#readable = null;
    this.#controller = undefined;
    controller?.error(new DOMException('read error', name));
  }

  /** The USB cable is pulled. */
  lose(): void {
    this.connected = false;
    this.#controller?.error(new DOMException('The device has been lost.', 'NetworkError'));
  }

  /** What the page wrote, as text. */
  writtenText(): string {
    return this.written.map((chunk) => new TextDecoder().decode(chunk)).join('');
  }
}

/** Lets the streams' promise jobs run (reads, writes) without real time passing. */
export async function settle(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
