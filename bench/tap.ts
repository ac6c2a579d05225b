/**
 * A tap on the virtual Sonoff's UART: every chunk each way with the baud it
 * travelled at, the host's frames decoded (requests by command, READ_FLASH
 * acks), and the host's deliberate sleeps. The device's own counters give the
 * byte/frame/payload numbers; the tap adds what the timing model needs.
 */
import type { HostLink, VirtualSonoff } from '../src/virtual-device/index.ts';
import { OP, parseRequest, u32 } from '../src/virtual-device/protocol.ts';
import { SlipDecoder } from '../src/virtual-device/slip.ts';

export interface Span {
  /** Σ bytes × 10 / baud over every chunk, both directions, in seconds. */
  uartSeconds: number;
  /** Host → device frames that are not requests: READ_FLASH acks (byte count received so far). */
  acks: number;
  /** Requests by command name. */
  requests: Map<string, number>;
  /** READ_FLASH parameters seen in this span. */
  reads: { block: number; maxInFlight: number }[];
  /** Timers the host let fire (sleep() of 5 ms or more), in seconds: idle time a real run has too. */
  sleepSeconds: number;
}

const OP_NAMES = new Map<number, string>(Object.entries(OP).map(([name, op]) => [op, name]));

/** The smallest delay counted as a deliberate sleep; esptool-js polls its buffer with sleep(1). */
const SLEEP_FLOOR_MS = 5;

export class WireTap {
  #uartSeconds = 0;
  #acks = 0;
  #requests = new Map<string, number>();
  #reads: { block: number; maxInFlight: number }[] = [];
  #sleepMs = 0;
  readonly #decoder = new SlipDecoder();

  constructor(sonoff: VirtualSonoff) {
    // Wrap the device's two public wire entry points; the port keeps using its own link object.
    const wrappers = new Map<HostLink, HostLink>();
    const attach = sonoff.attach.bind(sonoff);
    const receive = sonoff.receive.bind(sonoff);
    sonoff.attach = (link: HostLink) => {
      const tap = this;
      const wrapped: HostLink = {
        get baud() {
          return link.baud;
        },
        deliver: (bytes) => {
          tap.#chunk(bytes.length, link.baud);
          link.deliver(bytes);
        },
        lost: () => link.lost(),
      };
      wrappers.set(link, wrapped);
      const detach = attach(wrapped);
      return () => {
        wrappers.delete(link);
        detach();
      };
    };
    sonoff.receive = (link: HostLink, bytes: Uint8Array) => {
      this.#chunk(bytes.length, link.baud);
      for (const frame of this.#decoder.push(bytes)) this.#hostFrame(frame);
      receive(wrappers.get(link) ?? link, bytes);
    };
    // Count the host's sleeps: timers that fire (timeouts that are cleared never do).
    const realSetTimeout = globalThis.setTimeout;
    const patched = (handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      realSetTimeout(() => {
        if ((ms ?? 0) >= SLEEP_FLOOR_MS) this.#sleepMs += ms ?? 0;
        handler(...args);
      }, ms);
    globalThis.setTimeout = patched as unknown as typeof setTimeout;
  }

  #chunk(bytes: number, baud: number | null): void {
    this.#uartSeconds += (bytes * 10) / (baud ?? 115200);
  }

  #hostFrame(frame: Uint8Array): void {
    const request = parseRequest(frame);
    if (request === undefined) {
      this.#acks++;
      return;
    }
    const name = OP_NAMES.get(request.op) ?? `0x${request.op.toString(16)}`;
    this.#requests.set(name, (this.#requests.get(name) ?? 0) + 1);
    if (request.op === OP.READ_FLASH) this.#reads.push({ block: u32(request.data, 8), maxInFlight: u32(request.data, 12) });
  }

  /** What went over the wire since the last take(), and start afresh. */
  take(): Span {
    const span: Span = { uartSeconds: this.#uartSeconds, acks: this.#acks, requests: this.#requests, reads: this.#reads, sleepSeconds: this.#sleepMs / 1000 };
    this.#uartSeconds = 0;
    this.#acks = 0;
    this.#requests = new Map();
    this.#reads = [];
    this.#sleepMs = 0;
    return span;
  }
}
