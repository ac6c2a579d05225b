/**
 * One open serial link to the device: the transport and esptool-js's loader
 * over a SerialPortLike, where their log lines go, whether the device is
 * gone, and how the link is always released.
 */
import { ESPLoader } from 'esptool-js';
import type { IEspLoaderTerminal } from 'esptool-js';
import { t } from '../i18n/index.ts';
import type { SerialPortLike } from './api.ts';
import type { FlasherEvent, FlasherListener } from './events.ts';
import { toFlasherError } from './map-error.ts';
import { EventTransport, PortLostError } from './transport.ts';
import { esptoolLine } from './esptool-lines.ts';

/**
 * Web Serial's receive buffer (SerialOptions.bufferSize; default 255 bytes,
 * WICG/serial index.html:755–762). While the page is busy, bytes wait there,
 * then in the OS (about 1.3 KB on Linux) and the adapter (32–576 bytes), and
 * beyond those they are lost: the 4-wire cable has no flow control to pause
 * the ESP8266. The largest burst the stub sends without waiting for the page
 * is one READ_FLASH packet: 4,096 bytes, at most 8,194 after SLIP escaping,
 * plus its digest frame. 64 KiB holds several, so a page that stops reading
 * for any time loses nothing. esptool-js opens with the default on connect
 * and again on every baud change; this link passes it both times.
 */
export const PORT_BUFFER_BYTES = 64 * 1024;

/** The ROM loader auto-bauds; esptool.py always reaches it at 115200 first. */
export const ROM_BAUD = 115200;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** esptool-js writes to an xterm-like terminal; we turn whole lines into `log` events. */
function terminalFor(emit: (event: FlasherEvent) => void): IEspLoaderTerminal {
  let pending = '';
  const flush = (text: string): void => {
    for (const line of text.split(/\r?\n|\r/)) if (line.trim() !== '') emit({ type: 'log', line: esptoolLine(line) });
  };
  return {
    clean: () => {
      pending = '';
    },
    write: (data: string) => {
      pending += data;
      const end = Math.max(pending.lastIndexOf('\n'), pending.lastIndexOf('\r'));
      if (end >= 0) {
        flush(pending.slice(0, end));
        pending = pending.slice(end + 1);
      }
    },
    writeLine: (data: string) => {
      flush(pending + data);
      pending = '';
    },
  };
}

export class Link {
  readonly port: SerialPortLike;
  readonly transport: EventTransport;
  readonly loader: ESPLoader;
  #reopenLost = false;
  /** Where log lines and warnings go right now (the running operation's listener). */
  listener: FlasherListener;
  /** The baud both ends talk at now. */
  baud = ROM_BAUD;
  /** The chip's UART divider after the ROM auto-bauded to 115200 (every later divider follows from it). */
  syncDivider: number | undefined;
  #open = false;

  constructor(port: SerialPortLike, listener: FlasherListener) {
    this.port = port;
    this.listener = listener;
    this.transport = new EventTransport(port);
    // Transport.trace always prints to the console; keep its words (esptool-js's own English) in our log instead.
    this.transport.trace = (message: string) => this.emit({ type: 'log', line: t('flasher.log.serial', { message }) });
    this.loader = new ESPLoader({
      transport: this.transport,
      baudrate: ROM_BAUD,
      romBaudrate: ROM_BAUD,
      terminal: terminalFor((event) => this.emit(event)),
      serialOptions: { bufferSize: PORT_BUFFER_BYTES },
    });
    // esptool.py does not retry a block: a resent deflate block after a lost
    // answer would corrupt the stream. One attempt, then map the failure.
    this.loader.WRITE_BLOCK_ATTEMPTS = 1;
  }

  emit(event: FlasherEvent): void {
    try {
      this.listener(event);
    } catch {
      // A listener's own bug must not break a write halfway.
    }
  }

  /** The port reported the device gone: the read loop died on an error, or the streams are closed. */
  get lost(): boolean {
    return this.portLost || (this.#open && (this.port.readable === null || this.port.writable === null));
  }

  /** The browser closed the port because the adapter went away (not just a silent device). */
  get portLost(): boolean {
    return this.transport.lost || this.#reopenLost;
  }

  async open(): Promise<void> {
    try {
      await this.transport.connect(ROM_BAUD, { bufferSize: PORT_BUFFER_BYTES });
    } catch (error) {
      throw toFlasherError(error, { during: 'open' });
    }
    this.#open = true;
    this.baud = ROM_BAUD;
    void this.transport.readLoop().catch(() => undefined);
  }

  /** Host side only: reopen (or retune) the port at `baud`. */
  async setHostBaud(baud: number): Promise<void> {
    this.#open = false;
    try {
      await this.transport.changeBaudrate(baud, { bufferSize: PORT_BUFFER_BYTES });
    } catch (error) {
      // A reopen fails with NetworkError when the adapter is gone ("Failed to open serial port.",
      // serial_port.cc kOpenError); SerialPort.connected then says so too where the browser has it.
      const name = error instanceof Error || error instanceof DOMException ? error.name : '';
      if (name === 'NetworkError' || this.port.connected === false) {
        this.#reopenLost = true;
        throw new PortLostError('The device has been lost.', { cause: error });
      }
      throw error;
    } finally {
      this.#open = this.port.readable !== null;
    }
    this.baud = baud;
  }

  /** Always releases the port: cancel the reader, close; errors swallowed, never hangs. */
  async release(): Promise<void> {
    this.#open = false;
    try {
      await Promise.race([this.transport.disconnect(), sleep(1500)]);
    } catch {
      // already closed, or the device is gone
    }
    try {
      if (this.port.readable !== null || this.port.writable !== null) await Promise.race([this.port.close(), sleep(1000)]);
    } catch {
      // nothing more we can do; the browser frees it when the page goes
    }
  }
}
