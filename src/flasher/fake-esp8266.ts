/**
 * Test support: the smallest ESP8266 ROM + stub that answers esptool-js over
 * a SerialPortLike, so the flasher's own tests do not wait on the virtual
 * device. SLIP framing, SYNC, READ/WRITE_REG (with RDID via SPI USR),
 * MEM_* (stub upload → "OHAI"), ERASE_FLASH, FLASH_DEFL_*, SPI_FLASH_MD5,
 * READ_FLASH (+ trailing digest), CHANGE_BAUDRATE. No timing model.
 */
import { Inflate } from 'pako';
import type { SerialPortLike } from './api.ts';
import { md5Hex } from './md5.ts';

const END = 0xc0;
const ESC = 0xdb;

function slip(payload: Uint8Array): Uint8Array {
  const out: number[] = [END];
  for (const byte of payload) {
    if (byte === END) out.push(ESC, 0xdc);
    else if (byte === ESC) out.push(ESC, 0xdd);
    else out.push(byte);
  }
  out.push(END);
  return Uint8Array.from(out);
}

const u32 = (bytes: Uint8Array, offset: number): number =>
  ((bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8) | ((bytes[offset + 2] ?? 0) << 16) | ((bytes[offset + 3] ?? 0) << 24)) >>> 0;
const le32 = (value: number): number[] => [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];

export interface FakeOptions {
  flashBytes?: number;
  jedec?: number;
  /** false: powered but running firmware (no answers) until enterFlashMode(). */
  inFlashMode?: boolean;
  /** Highest baud the link carries; above it every byte is lost. */
  maxBaud?: number;
  magic?: number;
}

export class FakeEsp8266 {
  flash: Uint8Array;
  inFlashMode: boolean;
  /** After this many bytes from the host, the cable is pulled. */
  unplugAfterHostBytes = Infinity;
  /** Flip one bit of the host byte with this index (counted over the whole session; see hostBytes). */
  corruptHostByte = -1;
  readonly port: SerialPortLike;
  readonly #options: Required<FakeOptions>;
  #hostBaud = 0;
  #deviceBaud = 115200;
  #stub = false;
  #regs = new Map<number, number>();
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #readable: ReadableStream<Uint8Array> | null = null;
  #writable: WritableStream<Uint8Array> | null = null;
  #frame: number[] | undefined;
  #escaping = false;
  #hostBytes = 0;
  #inflate: Inflate | undefined;
  #writeAt = 0;

  constructor(options: FakeOptions = {}) {
    this.#options = { flashBytes: 1024 * 1024, jedec: 0x14405e, inFlashMode: true, maxBaud: 921600, magic: 0xfff0c101, ...options };
    this.flash = new Uint8Array(this.#options.flashBytes).fill(0xff);
    this.inFlashMode = this.#options.inFlashMode;
    this.#regs.set(0x3ff00050, 0xcc000000).set(0x3ff00054, 0x0000aabb).set(0x3ff00058, 0).set(0x3ff0005c, 0);
    this.#regs.set(0x60000014, Math.round(52e6 / 115200));
    const fake = this;
    this.port = {
      get readable() {
        return fake.#readable;
      },
      get writable() {
        return fake.#writable;
      },
      async open({ baudRate }) {
        if (fake.#readable) throw new DOMException('The port is already open.', 'InvalidStateError');
        fake.#hostBaud = baudRate;
        fake.#readable = new ReadableStream<Uint8Array>({ start: (controller) => void (fake.#controller = controller) });
        fake.#writable = new WritableStream<Uint8Array>({ write: (chunk) => fake.#fromHost(chunk) });
      },
      async close() {
        if (!fake.#readable) throw new DOMException('The port is already closed.', 'InvalidStateError');
        try {
          fake.#controller?.close();
        } catch {
          // already errored
        }
        fake.#readable = null;
        fake.#writable = null;
      },
      async setSignals() {},
      getInfo: () => ({}),
    };
  }

  /** The person powers it with the button held: the ROM loader runs, the stub is gone. */
  /** Bytes received from the host so far. */
  get hostBytes(): number {
    return this.#hostBytes;
  }

  enterFlashMode(): void {
    this.inFlashMode = true;
    this.#stub = false;
    this.#deviceBaud = 115200;
  }

  #linkWorks(): boolean {
    return this.#hostBaud === this.#deviceBaud && this.#deviceBaud <= this.#options.maxBaud;
  }

  #unplug(): void {
    this.#controller?.error(new DOMException('The device has been lost.', 'NetworkError'));
    this.#readable = null;
    this.#writable = null;
    throw new DOMException('The device has been lost.', 'NetworkError');
  }

  #fromHost(chunk: Uint8Array): void {
    for (let byte of chunk) {
      if (this.#hostBytes >= this.unplugAfterHostBytes) this.#unplug();
      if (this.#hostBytes === this.corruptHostByte) byte ^= 0x01;
      this.#hostBytes++;
      if (!this.#linkWorks() || !this.inFlashMode) continue;
      if (this.#frame === undefined) {
        if (byte === END) this.#frame = [];
      } else if (this.#escaping) {
        this.#frame.push(byte === 0xdc ? END : ESC);
        this.#escaping = false;
      } else if (byte === ESC) this.#escaping = true;
      else if (byte === END) {
        const frame = Uint8Array.from(this.#frame);
        this.#frame = undefined;
        if (frame.length >= 8 && frame[0] === 0) this.#command(frame);
      } else this.#frame.push(byte);
    }
  }

  #send(payload: Uint8Array | number[]): void {
    const bytes = slip(Uint8Array.from(payload));
    setTimeout(() => {
      if (this.#linkWorks()) this.#controller?.enqueue(bytes);
    }, 0);
  }

  #reply(op: number, value = 0, data: number[] = [], status = 0): void {
    // The stub's status bytes: [error, 0] (stub_flasher.c).
    const body = [...data, status, 0];
    this.#send([0x01, op, body.length & 0xff, body.length >> 8, ...le32(value), ...body]);
  }

  #command(frame: Uint8Array): void {
    const op = frame[1]!;
    const data = frame.subarray(8);
    const checksum = u32(frame, 4);
    switch (op) {
      case 0x08: // SYNC: the ROM answers eight times
        for (let i = 0; i < (this.#stub ? 1 : 8); i++) this.#reply(op, this.#stub ? 0 : 0x20120707);
        return;
      case 0x0a: {
        const address = u32(data, 0);
        const value = address === 0x40001000 ? this.#options.magic : (this.#regs.get(address) ?? 0);
        return this.#reply(op, value);
      }
      case 0x09: {
        const address = u32(data, 0);
        const value = u32(data, 4);
        this.#regs.set(address, value);
        if (address === 0x60000200 && value & (1 << 18)) {
          const misoBits = ((this.#regs.get(0x60000220) ?? 0) >>> 8 & 0x1ff) + 1;
          if (((this.#regs.get(0x60000224) ?? 0) & 0xff) === 0x9f) this.#regs.set(0x60000240, this.#options.jedec & (2 ** misoBits - 1));
          this.#regs.set(0x60000200, 0);
        }
        return this.#reply(op);
      }
      case 0x05:
      case 0x07:
      case 0x0b:
        return this.#reply(op);
      case 0x06:
        this.#reply(op);
        this.#stub = true;
        this.#send(new TextEncoder().encode('OHAI'));
        return;
      case 0x0f:
        this.#reply(op);
        setTimeout(() => (this.#deviceBaud = u32(data, 0)), 1);
        return;
      case 0xd0:
        this.flash.fill(0xff);
        return this.#reply(op);
      case 0x10: {
        const size = u32(data, 0);
        const offset = u32(data, 12);
        // The stub erases whole 4 KB sectors covering what it will write.
        this.flash.fill(0xff, offset, Math.min(this.flash.length, offset + Math.ceil(size / 4096) * 4096));
        this.#writeAt = offset;
        this.#inflate = new Inflate();
        this.#inflate.onData = (chunk: Uint8Array) => {
          this.flash.set(chunk, this.#writeAt);
          this.#writeAt += chunk.length;
        };
        return this.#reply(op);
      }
      case 0x11: {
        const block = data.subarray(16, 16 + u32(data, 0));
        let sum = 0xef;
        for (const byte of block) sum ^= byte;
        if (sum !== checksum) return this.#reply(op, 0, [], 0xc1);
        this.#inflate?.push(block, false);
        return this.#reply(op);
      }
      case 0x12:
        return this.#reply(op);
      case 0x13: {
        const address = u32(data, 0);
        const size = u32(data, 4);
        const hex = md5Hex(this.flash.subarray(address, address + size));
        return this.#reply(op, 0, hex.match(/../g)!.map((h) => Number.parseInt(h, 16)));
      }
      case 0xd2: {
        const address = u32(data, 0);
        const size = u32(data, 4);
        const packet = u32(data, 8);
        this.#reply(op);
        const bytes = this.flash.slice(address, address + size);
        for (let at = 0; at < size; at += packet) this.#send(bytes.subarray(at, at + packet));
        const hex = md5Hex(bytes);
        this.#send(hex.match(/../g)!.map((h) => Number.parseInt(h, 16)));
        return;
      }
      default:
        return this.#reply(op, 0, [], 0xc4);
    }
  }
}
