/**
 * Test support: a host wired straight to the device (no streams), that
 * sends requests and collects the frames and raw bytes it receives.
 */
import type { HostLink, VirtualSonoff } from './device.ts';
import { checksum, le32 } from './protocol.ts';
import { SlipDecoder, slipEncode } from './slip.ts';

export interface Reply {
  op: number;
  value: number;
  data: Uint8Array;
  status: [number, number];
}

export class RawHost implements HostLink {
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
