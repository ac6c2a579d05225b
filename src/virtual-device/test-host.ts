/**
 * Test support: a host wired straight to the chip's UART (no adapter, no
 * streams), that sends requests and collects the frames and raw bytes it
 * receives; and the stub upload esptool does.
 */
import type { DirectHost, VirtualSonoff } from './sonoff.ts';
import { checksum, le32 } from './protocol.ts';
import { SlipDecoder, slipEncode } from './slip.ts';

export interface Reply {
  op: number;
  value: number;
  data: Uint8Array;
  status: [number, number];
}

export class RawHost implements DirectHost {
  baud: number | null;
  readonly received: number[] = [];
  readonly frames: Uint8Array[] = [];
  lostCalled = false;
  readonly #decoder = new SlipDecoder();
  readonly #device: VirtualSonoff;
  detach: () => void;

  constructor(device: VirtualSonoff, baud: number | null = 115200) {
    this.#device = device;
    this.baud = baud;
    this.detach = device.attach(this);
  }

  deliver(bytes: Uint8Array): void {
    this.received.push(...bytes);
    this.frames.push(...this.#decoder.push(bytes));
  }
  lost(): void {
    this.lostCalled = true;
  }

  text(): string {
    return String.fromCharCode(...this.received);
  }

  clear(): void {
    this.received.length = 0;
    this.frames.length = 0;
    this.#decoder.reset();
  }

  sendRaw(bytes: Uint8Array | number[]): void {
    this.#device.receive(this, Uint8Array.from(bytes));
  }

  /** Sends one request; `chk` defaults to the right checksum for data commands. */
  request(op: number, data: number[] | Uint8Array = [], options: { chk?: number; declaredLength?: number } = {}): void {
    const body = Uint8Array.from(data);
    const length = options.declaredLength ?? body.length;
    const chk = options.chk ?? (body.length > 16 ? checksum(body.subarray(16)) : 0);
    const packet = Uint8Array.from([0x00, op, length & 0xff, length >> 8, ...le32(chk), ...body]);
    this.sendRaw(slipEncode(packet));
  }

  /** The response frames received so far, parsed (status = the last two data bytes). */
  replies(): Reply[] {
    return this.frames
      .filter((f) => f.length >= 10 && f[0] === 0x01)
      .map((f) => ({
        op: f[1]!,
        value: (f[4]! | (f[5]! << 8) | (f[6]! << 16) | (f[7]! << 24)) >>> 0,
        data: f.subarray(8, f.length - 2),
        status: [f[f.length - 2]!, f[f.length - 1]!],
      }));
  }

  /** Request, then take the replies it produced (clears what came before). */
  ask(op: number, data: number[] | Uint8Array = [], options: { chk?: number; declaredLength?: number } = {}): Reply[] {
    this.clear();
    this.request(op, data, options);
    return this.replies();
  }
}

export const words = (...values: number[]): number[] => values.flatMap(le32);
export const SYNC_DATA = [0x07, 0x07, 0x12, 0x20, ...new Array<number>(32).fill(0x55)];

/** Block payload as esptool sends it: len, seq, 0, 0, data. */
export const block = (data: Uint8Array, seq: number): Uint8Array => Uint8Array.from([...words(data.length, seq, 0, 0), ...data]);

/** A stub image as the hosts ship it: JSON with base64 text and data. */
export interface StubJson {
  entry: number;
  text: string;
  text_start: number;
  data?: string;
  data_start?: number;
}

/** The stub esptool-js 0.7.0 uploads (read from the installed package, not copied into this project). */
export async function esptoolJsStub(): Promise<StubJson> {
  const { readFile } = await import('node:fs/promises');
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const path = require.resolve('esptool-js/lib/targets/stub_flasher/esp8266.json');
  return JSON.parse(await readFile(path, 'utf8')) as StubJson;
}

const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** Uploads a stub the way esptool does (MEM_BEGIN, MEM_DATA blocks of 0x1800, MEM_END with the entry). Returns the replies to MEM_END. */
export function uploadStub(host: RawHost, stub: { entry: number; segments: { address: number; bytes: Uint8Array }[] }): Reply[] {
  for (const segment of stub.segments) {
    const blocks = Math.ceil(segment.bytes.length / 0x1800);
    host.ask(0x05, words(segment.bytes.length, blocks, 0x1800, segment.address));
    for (let seq = 0; seq < blocks; seq++) host.ask(0x07, block(segment.bytes.subarray(seq * 0x1800, (seq + 1) * 0x1800), seq));
  }
  return host.ask(0x06, words(0, stub.entry));
}

export function stubSegments(json: StubJson): { entry: number; segments: { address: number; bytes: Uint8Array }[] } {
  const segments = [{ address: json.text_start, bytes: fromBase64(json.text) }];
  if (json.data !== undefined && json.data_start !== undefined) segments.push({ address: json.data_start, bytes: fromBase64(json.data) });
  return { entry: json.entry, segments };
}

/** Sends one request and lets `ms` pass on the (fake or real) clock before collecting the replies. */
export async function askAfter(host: RawHost, op: number, data: number[] | Uint8Array, ms: number, advance: (ms: number) => Promise<unknown>): Promise<Reply[]> {
  host.clear();
  host.request(op, data);
  await advance(ms);
  return host.replies();
}

/** uploadStub, letting the clock run between requests (for 'real' timing under fake timers). */
export async function uploadStubTimed(host: RawHost, stub: { entry: number; segments: { address: number; bytes: Uint8Array }[] }, advance: (ms: number) => Promise<unknown>): Promise<Reply[]> {
  for (const segment of stub.segments) {
    const blocks = Math.ceil(segment.bytes.length / 0x1800);
    await askAfter(host, 0x05, words(segment.bytes.length, blocks, 0x1800, segment.address), 20, advance);
    for (let seq = 0; seq < blocks; seq++) await askAfter(host, 0x07, block(segment.bytes.subarray(seq * 0x1800, (seq + 1) * 0x1800), seq), 700, advance);
  }
  return askAfter(host, 0x06, words(0, stub.entry), 100, advance);
}
