/**
 * The virtual Sonoff POW v1: an ESP8266EX with a 1 MB NOR flash, its power
 * switch and GPIO0 button, the ROM's boot output and serial loader, and the
 * esptool flasher stub's protocol once a stub has been uploaded. No Node
 * APIs: it runs in a browser bundle and under Node alike.
 */
import { Inflate } from 'pako';
import SparkMD5 from 'spark-md5';
import { efusesFor, factoryFlash, FLASH_BYTES, FLASH_JEDEC_ID, parseImage, prng, type Efuses } from './factory.ts';
import { NorFlash, SECTOR_SIZE } from './flash.ts';
import { checksum, isSyncPayload, OP, parseRequest, response, ROM_ERROR, STUB_ERROR, u32, type Request } from './protocol.ts';
import { SlipDecoder, slipEncode } from './slip.ts';
import { FaultState, garbage, Pacer, WireCounters, type Direction, type WireEvent } from './wire.ts';

export interface VirtualSonoffOptions {
  /** Decides MAC, efuses and the factory firmware; the same seed gives the same device. */
  seed: number;
  /** Initial flash contents instead of the factory image (padded with 0xFF to 1 MB). */
  flash?: Uint8Array;
  /** GPIO0 button held at the start (default false). */
  buttonHeld?: boolean;
  /** Powered at the start (default true). */
  powered?: boolean;
  /** DTR/RTS wired to GPIO0/EN through the classic two-transistor circuit (default false: a 4-wire cable). */
  autoReset?: boolean;
  /** Pace the link at 10 bits per byte at the current baud (default false). */
  realTiming?: boolean;
  /**
   * Answer only the commands the real ESP8266 ROM has (esptool docs: no
   * SPI_SET_PARAMS, SPI_ATTACH, CHANGE_BAUDRATE or SPI_FLASH_MD5 in the
   * ROM). Default false: the ROM answers those too.
   */
  strictRom?: boolean;
  /**
   * The fastest baud the cable and adapter carry cleanly (default: any).
   * Above it every byte arrives damaged both ways, as with a long cable or a
   * cheap adapter at 921600.
   */
  maxCleanBaud?: number;
}

export type DeviceMode = 'off' | 'reset' | 'starting' | 'rom-loader' | 'stub' | 'firmware' | 'halted';

/** The side of the wire the host is on: a Web Serial port or a TCP socket. */
export interface HostLink {
  /** The host UART's baud; null when the link has none (a TCP socket), which always matches. */
  readonly baud: number | null;
  deliver(bytes: Uint8Array): void;
  /** The cable was pulled. */
  lost(): void;
}

/** Baud the ROM prints at with a 26 MHz crystal (it assumes 40 MHz: 115200 × 26/40). */
export const ROM_BOOT_BAUD = 74880;
export const FIRMWARE_BAUD = 115200;
const UART_CLOCK_HZ = 52_000_000;
const CHIP_MAGIC = 0xfff0c101;
const SYNC_VALUE = 0x20120707;

const REG = {
  MAGIC: 0x40001000,
  UART_CLKDIV: 0x60000014,
  SPI_CMD: 0x60000200,
  SPI_ADDR: 0x60000204,
  SPI_CTRL: 0x60000208,
  SPI_USR: 0x6000021c,
  SPI_USR1: 0x60000220,
  SPI_USR2: 0x60000224,
  SPI_W0: 0x60000240,
} as const;
const EFUSE_BASE = 0x3ff00050;
const SPI_CMD_USR = 1 << 18;
const SPI_USR_COMMAND = 1 << 31;
const SPI_USR_MISO = 1 << 28;
/** Stub MAX_WRITE_BLOCK. */
const STUB_MAX_BLOCK = 0x4000;
/** EN rises, the chip samples GPIO0 a few ms later (the RC on EN). */
const STRAP_SAMPLE_MS = 5;

interface StubWrite {
  compressed: boolean;
  next: number;
  remaining: number;
  eraseNext: number;
  inflate: Inflate | undefined;
  /** Reported on the next DATA or END answer, as the stub's get_flash_error() does. */
  error: number;
}

interface ReadJob {
  address: number;
  length: number;
  block: number;
  maxInFlight: number;
  sent: number;
  acked: number;
  md5: SparkMD5.ArrayBuffer;
}

class BrownOut extends Error {}

/** A fresh ArrayBuffer holding exactly these bytes (spark-md5 takes ArrayBuffers). */
const bufferOf = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer as ArrayBuffer;

function md5Bytes(bytes: Uint8Array): Uint8Array {
  const hex = SparkMD5.ArrayBuffer.hash(bufferOf(bytes));
  return Uint8Array.from(hex.match(/../g)!.map((h) => Number.parseInt(h, 16)));
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

export class VirtualSonoff {
  readonly seed: number;
  readonly mac: string;
  readonly chipId: number;
  readonly flashId = FLASH_JEDEC_ID;
  readonly crystalMhz = 26;
  readonly efuses: Efuses;
  readonly flash: NorFlash;
  readonly counters = new WireCounters();
  readonly autoReset: boolean;
  readonly realTiming: boolean;
  readonly strictRom: boolean;
  readonly #faults = new FaultState();
  readonly faults: FaultControls;
  readonly #decoder = new SlipDecoder();
  readonly #noise: () => number;
  readonly #toDevice: Pacer;
  readonly #fromDevice: Pacer;
  #powered = false;
  #buttonHeld: boolean;
  #mode: DeviceMode = 'off';
  readonly #maxCleanBaud: number | undefined;
  #baud = ROM_BOOT_BAUD;
  #autobaudLocked = false;
  #regs = new Map<number, number>();
  #host: HostLink | undefined;
  #unplugged = false;
  #dtr = false;
  #rts = false;
  #strapTimer: ReturnType<typeof setTimeout> | undefined;
  #romWrite: { offset: number; blockSize: number } | undefined;
  #stubWrite: StubWrite | undefined;
  #readJob: ReadJob | undefined;
  #answered = false;
  /** Text the device printed (boot lines and banner), whoever listened. */
  #console = '';
  resets = 0;

  constructor(options: VirtualSonoffOptions) {
    this.seed = options.seed;
    this.efuses = efusesFor(options.seed);
    this.mac = this.efuses.mac;
    this.chipId = this.efuses.chipId;
    this.flash = new NorFlash(FLASH_BYTES, options.flash ?? factoryFlash(options.seed, this.mac));
    this.#buttonHeld = options.buttonHeld ?? false;
    this.autoReset = options.autoReset ?? false;
    this.realTiming = options.realTiming ?? false;
    this.strictRom = options.strictRom ?? false;
    this.#maxCleanBaud = options.maxCleanBaud;
    this.#noise = prng(options.seed ^ 0x6a5b);
    this.#toDevice = new Pacer(this.realTiming);
    this.#fromDevice = new Pacer(this.realTiming);
    this.faults = new FaultControls(this.#faults, () => this.flash.bytesProgrammed);
    if (options.powered ?? true) this.powerOn();
  }

  // ---- state -------------------------------------------------------------

  get mode(): DeviceMode {
    return this.#mode;
  }
  get powered(): boolean {
    return this.#powered;
  }
  get buttonHeld(): boolean {
    return this.#buttonHeld;
  }
  get stubRunning(): boolean {
    return this.#mode === 'stub';
  }
  /** The device UART's baud right now. */
  get baud(): number {
    return this.#baud;
  }
  get unplugged(): boolean {
    return this.#unplugged;
  }
  /** Everything the ROM and firmware printed since the device was made. */
  get consoleText(): string {
    return this.#console;
  }
  /** Program operations that needed a bit set (see NorFlash). */
  get norViolations(): number {
    return this.flash.violations;
  }

  readFlash(): Uint8Array {
    return this.flash.snapshot();
  }
  loadFlash(bytes: Uint8Array): void {
    this.flash.load(bytes);
  }
  flashMd5(): string {
    return SparkMD5.ArrayBuffer.hash(bufferOf(this.flash.view()));
  }

  // ---- power, button, wiring --------------------------------------------------------

  pressButton(): void {
    this.#buttonHeld = true;
  }
  releaseButton(): void {
    this.#buttonHeld = false;
  }

  powerOn(): void {
    if (this.#powered) return;
    this.#powered = true;
    if (this.#enHeldLow()) this.#enterReset();
    else this.#boot(1);
  }

  powerOff(): void {
    this.#powered = false;
    this.#stopChip();
    this.#mode = 'off';
  }

  /** Off, then on; `buttonHeld` sets the button first (the person holds it while plugging in). */
  powerCycle(options: { buttonHeld?: boolean } = {}): void {
    if (options.buttonHeld !== undefined) this.#buttonHeld = options.buttonHeld;
    this.powerOff();
    this.powerOn();
  }

  /** After an unplug fault: the adapter is back (the device stays off until powerOn). */
  replug(): void {
    this.#unplugged = false;
  }

  /** DTR/RTS from the port; they reach the chip only with autoReset wiring. */
  setModemLines(lines: { dtr: boolean; rts: boolean }): void {
    this.#dtr = lines.dtr;
    this.#rts = lines.rts;
    if (!this.autoReset || !this.#powered) return;
    if (this.#enHeldLow()) {
      if (this.#mode !== 'reset') this.#enterReset();
    } else if (this.#mode === 'reset') {
      this.#mode = 'starting';
      this.#strapTimer = setTimeout(() => {
        this.#strapTimer = undefined;
        if (this.#mode === 'starting') this.#boot(2);
      }, STRAP_SAMPLE_MS);
    }
  }

  /** Classic circuit: RTS asserted alone pulls EN low; DTR asserted alone pulls GPIO0 low. */
  #enHeldLow(): boolean {
    return this.autoReset && this.#rts && !this.#dtr;
  }
  #gpio0Low(): boolean {
    return this.#buttonHeld || (this.autoReset && this.#dtr && !this.#rts);
  }

  #enterReset(): void {
    this.#stopChip();
    this.#mode = 'reset';
  }

  #stopChip(): void {
    if (this.#strapTimer !== undefined) clearTimeout(this.#strapTimer);
    this.#strapTimer = undefined;
    this.#decoder.reset();
    this.#romWrite = undefined;
    this.#stubWrite = undefined;
    this.#readJob = undefined;
  }

  /** The ROM starts: cause 1 power-on, 2 external reset (EN). */
  #boot(cause: number): void {
    this.#stopChip();
    this.resets++;
    this.#baud = ROM_BOOT_BAUD;
    this.#autobaudLocked = false;
    this.#regs = new Map<number, number>([
      [REG.UART_CLKDIV, Math.round(80_000_000 / 115200)],
      // The ROM's own flash setup leaves a 24-bit MISO length in SPI_USR1 (esptool-js relies on it).
      [REG.SPI_USR1, 23 << 8],
    ]);
    if (this.#gpio0Low()) {
      this.#mode = 'rom-loader';
      this.#print(`\r\n ets Jan  8 2013,rst cause:${cause}, boot mode:(1,7)\r\n\r\n`, ROM_BOOT_BAUD);
      return;
    }
    this.#print(`\r\n ets Jan  8 2013,rst cause:${cause}, boot mode:(3,6)\r\n\r\n`, ROM_BOOT_BAUD);
    const image = parseImage(this.flash.view(0, 0x10000));
    if (image === undefined || image.segments.length === 0) {
      this.#mode = 'halted';
      this.#print('ets_main.c ', ROM_BOOT_BAUD);
      return;
    }
    let log = '';
    for (const segment of image.segments) log += `load 0x${segment.address.toString(16).padStart(8, '0')}, len ${segment.length}, room 16 \r\ntail ${segment.length % 16}\r\n`;
    if (!image.checksumOk) {
      this.#mode = 'halted';
      this.#print(`${log}chksum 0x00\r\ncsum err\r\nets_main.c `, ROM_BOOT_BAUD);
      return;
    }
    this.#print(`${log}csum ok\r\n`, ROM_BOOT_BAUD);
    this.#mode = 'firmware';
    this.#baud = FIRMWARE_BAUD;
    this.#print(
      `\r\nPOW virtual firmware 1.4.2 (made-up build for tests)\r\nmac ${this.mac}  chip 0x${this.chipId.toString(16).padStart(8, '0')}\r\nrelay off  0.0 W  0.0 V  0.00 A\r\nready\r\n`,
      FIRMWARE_BAUD,
    );
  }

  #brownOut(): void {
    this.#boot(1);
  }

  // ---- the wire ------------------------------------------------------------

  /** Connects a host; one at a time. Returns the function that disconnects it. */
  attach(host: HostLink): () => void {
    if (this.#unplugged) throw new Error('the adapter is unplugged');
    if (this.#host !== undefined && this.#host !== host) throw new Error('another host is connected');
    this.#host = host;
    this.#toDevice.reset();
    this.#fromDevice.reset();
    return () => {
      if (this.#host === host) this.#host = undefined;
    };
  }

  /** Bytes the host sends. */
  receive(host: HostLink, bytes: Uint8Array): void {
    if (host !== this.#host || bytes.length === 0) return;
    const sentAt = host.baud;
    this.#toDevice.send(bytes.length, sentAt ?? this.#baud, () => this.#arrive(host, sentAt, bytes));
  }

  #arrive(host: HostLink, hostBaud: number | null, raw: Uint8Array): void {
    if (host !== this.#host) return;
    const { bytes, event } = this.#faults.pass('to-device', raw);
    this.counters.bytesToDevice += bytes.length;
    try {
      this.#understand(bytes, hostBaud);
    } catch (error) {
      if (!(error instanceof BrownOut)) throw error;
    }
    if (event) this.#wireEvent(event);
  }

  #wireEvent(event: WireEvent): void {
    if (event === 'unplug') {
      const host = this.#host;
      this.#host = undefined;
      this.#unplugged = true;
      this.powerOff();
      host?.lost();
    } else this.#brownOut();
  }

  #understand(bytes: Uint8Array, hostBaud: number | null): void {
    if (bytes.length === 0 || this.#faults.silent) return;
    if (this.#mode !== 'rom-loader' && this.#mode !== 'stub') return;
    if (hostBaud !== null && hostBaud !== this.#baud) {
      if (this.#mode === 'rom-loader' && !this.#autobaudLocked) {
        this.#lockBaud(hostBaud);
      } else {
        this.counters.misunderstoodBytes += bytes.length;
        this.#decoder.reset();
        return;
      }
    } else if (this.#mode === 'rom-loader' && !this.#autobaudLocked) this.#lockBaud(hostBaud ?? 115200);
    if (this.#tooFast(hostBaud ?? this.#baud)) {
      this.counters.misunderstoodBytes += bytes.length;
      this.#decoder.reset();
      return;
    }
    for (const frame of this.#decoder.push(bytes)) {
      this.counters.framesToDevice++;
      this.#frame(frame);
      if (this.#mode !== 'rom-loader' && this.#mode !== 'stub') break;
    }
  }

  /** Over a TCP link (no baud) nothing is too fast. */
  #tooFast(baud: number): boolean {
    return this.#maxCleanBaud !== undefined && baud > this.#maxCleanBaud;
  }

  /** The ROM measures the SYNC pattern and sets its divider to the host's baud. */
  #lockBaud(baud: number): void {
    this.#autobaudLocked = true;
    this.#baud = baud;
    this.#regs.set(REG.UART_CLKDIV, Math.round(UART_CLOCK_HZ / baud));
  }

  #print(message: string, baud: number): void {
    this.#console += message;
    try {
      this.#emit(text(message), baud);
    } catch (error) {
      if (!(error instanceof BrownOut)) throw error;
    }
  }

  #emit(bytes: Uint8Array, baud = this.#baud): void {
    const host = this.#host;
    if (host === undefined || this.#faults.silent) return;
    const { bytes: out, event } = this.#faults.pass('from-device', bytes);
    this.counters.bytesFromDevice += out.length;
    let received = out;
    if (out.length > 0 && ((host.baud !== null && host.baud !== baud) || this.#tooFast(baud))) {
      received = garbage(out.length, baud, host.baud ?? baud, this.#noise);
      this.counters.garbageBytesToHost += received.length;
    }
    if (received.length > 0)
      this.#fromDevice.send(out.length, baud, () => {
        if (this.#host === host) host.deliver(received);
      });
    if (event) {
      this.#wireEvent(event);
      throw new BrownOut();
    }
  }

  #sendFrame(payload: Uint8Array): void {
    this.counters.framesFromDevice++;
    this.#emit(slipEncode(payload));
  }

  #reply(op: number, value: number, data: ArrayLike<number>, status: readonly [number, number]): void {
    if (!this.#answered) this.counters.roundTrips++;
    this.#answered = true;
    this.counters.payloadBytesFromDevice += data.length + 2;
    this.#sendFrame(response(op, value, data, status));
  }

  #sendData(data: Uint8Array): void {
    this.counters.payloadBytesFromDevice += data.length;
    this.#sendFrame(data);
  }

  // ---- requests ------------------------------------------------------------

  #frame(frame: Uint8Array): void {
    if (this.#mode === 'stub' && this.#readJob !== undefined) return this.#readAck(frame);
    const request = parseRequest(frame);
    if (request === undefined) return; // not a request: both loaders ignore it
    this.counters.payloadBytesToDevice += request.data.length;
    this.#answered = false;
    if (this.#mode === 'rom-loader') this.#rom(request);
    else this.#stub(request);
  }

  // ROM loader ----------------------------------------------------------------

  #rom(request: Request): void {
    const { op, data } = request;
    const ok = (value = 0, body: ArrayLike<number> = []): void => this.#reply(op, value, body, [0, 0]);
    const fail = (code: number): void => this.#reply(op, 0, [], [1, code]);
    if (request.declaredLength !== data.length) return fail(ROM_ERROR.INVALID_MESSAGE);
    const extended = !this.strictRom;
    switch (op) {
      case OP.SYNC:
        if (!isSyncPayload(data)) return fail(ROM_ERROR.INVALID_MESSAGE);
        for (let i = 0; i < 8; i++) ok(SYNC_VALUE);
        return;
      case OP.READ_REG:
        if (data.length !== 4) return fail(ROM_ERROR.INVALID_MESSAGE);
        return ok(this.#readReg(u32(data, 0)));
      case OP.WRITE_REG:
        if (data.length === 0 || data.length % 16 !== 0) return fail(ROM_ERROR.INVALID_MESSAGE);
        for (let at = 0; at < data.length; at += 16) this.#writeReg(u32(data, at), u32(data, at + 4), u32(data, at + 8));
        return ok();
      case OP.MEM_BEGIN:
        return data.length === 16 ? ok() : fail(ROM_ERROR.INVALID_MESSAGE);
      case OP.MEM_DATA:
        if (data.length < 16 || u32(data, 0) !== data.length - 16) return fail(ROM_ERROR.INVALID_MESSAGE);
        if (checksum(data.subarray(16)) !== (request.checksum & 0xff)) return fail(ROM_ERROR.CHECKSUM);
        return ok();
      case OP.MEM_END: {
        if (data.length !== 8) return fail(ROM_ERROR.INVALID_MESSAGE);
        ok();
        const entry = u32(data, 4);
        if (u32(data, 0) === 0 && entry !== 0) this.#startStub();
        return;
      }
      case OP.FLASH_BEGIN:
        if (data.length !== 16 && data.length !== 20) return fail(ROM_ERROR.INVALID_MESSAGE);
        this.#romFlashBegin(u32(data, 0), u32(data, 8), u32(data, 12));
        return ok();
      case OP.FLASH_DATA: {
        if (data.length < 16 || u32(data, 0) !== data.length - 16) return fail(ROM_ERROR.INVALID_MESSAGE);
        const block = data.subarray(16);
        if (checksum(block) !== (request.checksum & 0xff)) return fail(ROM_ERROR.CHECKSUM);
        const job = this.#romWrite;
        if (job === undefined) return fail(ROM_ERROR.INVALID_MESSAGE);
        const address = job.offset + u32(data, 4) * job.blockSize;
        if (!this.flash.inRange(address, block.length)) return fail(ROM_ERROR.INVALID_MESSAGE);
        ok();
        this.#program(address, block);
        return;
      }
      case OP.FLASH_END: {
        if (data.length !== 4) return fail(ROM_ERROR.INVALID_MESSAGE);
        ok();
        this.#romWrite = undefined;
        // 0 = reboot, 1 = run user code: either way the loader is left for the flash's firmware.
        this.#leaveLoader();
        return;
      }
      case OP.SPI_SET_PARAMS:
        if (!extended) break;
        return data.length === 24 ? ok() : fail(ROM_ERROR.INVALID_MESSAGE);
      case OP.SPI_ATTACH:
        if (!extended) break;
        return data.length === 4 || data.length === 8 ? ok() : fail(ROM_ERROR.INVALID_MESSAGE);
      case OP.CHANGE_BAUDRATE:
        if (!extended) break;
        if (data.length !== 8 || u32(data, 0) === 0) return fail(ROM_ERROR.INVALID_MESSAGE);
        ok();
        this.#baud = u32(data, 0);
        this.#regs.set(REG.UART_CLKDIV, Math.round(UART_CLOCK_HZ / this.#baud));
        return;
      case OP.SPI_FLASH_MD5: {
        if (!extended) break;
        if (data.length !== 16) return fail(ROM_ERROR.INVALID_MESSAGE);
        const address = u32(data, 0);
        const size = u32(data, 4);
        if (!this.flash.inRange(address, size)) return fail(ROM_ERROR.INVALID_MESSAGE);
        const hex = SparkMD5.ArrayBuffer.hash(bufferOf(this.flash.view(address, size)));
        return ok(0, text(hex));
      }
    }
    // esptool (loader.py command()): the ROM answers an unsupported command
    // with status 1, error 0x05, in replies whose command byte does not echo
    // the request, eight times.
    for (let i = 0; i < 8; i++) this.#reply(0x00, 0, [], [1, ROM_ERROR.INVALID_MESSAGE]);
  }

  /**
   * The ESP8266 ROM's erase-size quirk, as esptool's get_erase_size()
   * describes it: with S sectors asked for and H sectors left in the first
   * 64 KB block, the ROM erases 2·S sectors when S ≤ H, else S + H.
   */
  #romFlashBegin(eraseSize: number, blockSize: number, offset: number): void {
    this.#romWrite = { offset, blockSize };
    if (eraseSize === 0) return;
    const asked = Math.ceil(eraseSize / SECTOR_SIZE);
    const first = Math.floor(offset / SECTOR_SIZE);
    const head = 16 - (first % 16);
    const sectors = asked <= head ? 2 * asked : asked + head;
    for (let s = first; s < first + sectors && s < this.flash.size / SECTOR_SIZE; s++) this.flash.eraseSector(s);
  }

  #startStub(): void {
    this.#mode = 'stub';
    this.#sendData(text('OHAI'));
  }

  /** FLASH_END or RUN_USER_CODE: the chip runs whatever the flash holds (the baud is the firmware's). */
  #leaveLoader(): void {
    this.#stopChip();
    const image = parseImage(this.flash.view(0, 0x10000));
    if (image?.checksumOk) {
      this.#mode = 'firmware';
      this.#baud = FIRMWARE_BAUD;
      this.#print(`\r\nPOW virtual firmware 1.4.2 (made-up build for tests)\r\nmac ${this.mac}\r\nready\r\n`, FIRMWARE_BAUD);
    } else this.#mode = 'halted';
  }

  // registers ---------------------------------------------------------------

  #readReg(address: number): number {
    if (address === REG.MAGIC) return CHIP_MAGIC;
    if (address >= EFUSE_BASE && address < EFUSE_BASE + 16 && address % 4 === 0) return this.efuses.words[(address - EFUSE_BASE) / 4]!;
    return this.#regs.get(address) ?? 0;
  }

  #writeReg(address: number, value: number, mask: number): void {
    if (address === REG.MAGIC || (address >= EFUSE_BASE && address < EFUSE_BASE + 16)) return; // ROM and OTP
    const stored = ((this.#readReg(address) & ~mask) | (value & mask)) >>> 0;
    this.#regs.set(address, stored);
    if (address === REG.SPI_CMD && stored & SPI_CMD_USR) {
      this.#spiUserCommand();
      this.#regs.set(REG.SPI_CMD, (stored & ~SPI_CMD_USR) >>> 0);
    }
  }

  /**
   * The SPI controller's "user" command: send USR2's command byte, clock in
   * (SPI_USR1 MISO bit length + 1) bits into W0. RDID (0x9F) answers the
   * JEDEC id, manufacturer first.
   */
  #spiUserCommand(): void {
    const usr = this.#readReg(REG.SPI_USR);
    if ((usr & SPI_USR_MISO) === 0) return;
    const bits = Math.min(32, ((this.#readReg(REG.SPI_USR1) >>> 8) & 0x1ff) + 1);
    const command = this.#readReg(REG.SPI_USR2) & 0xff;
    let reply: number[];
    if ((usr & SPI_USR_COMMAND) === 0) reply = [0xff, 0xff, 0xff, 0xff];
    else if (command === 0x9f) reply = [this.flashId & 0xff, (this.flashId >>> 8) & 0xff, (this.flashId >>> 16) & 0xff, 0xff];
    else if (command === 0x05 || command === 0x35) reply = [0, 0, 0, 0];
    else reply = [0xff, 0xff, 0xff, 0xff];
    const word = (reply[0]! | (reply[1]! << 8) | (reply[2]! << 16) | (reply[3]! << 24)) >>> 0;
    this.#regs.set(REG.SPI_W0, bits >= 32 ? word : (word & ((1 << bits) - 1)) >>> 0);
  }

  // flash programming (both loaders) -----------------------------------------

  #program(address: number, bytes: Uint8Array): void {
    const budget = this.#faults.brownOutAfterProgrammed;
    if (budget !== undefined && this.flash.bytesProgrammed + bytes.length > budget) {
      const part = Math.max(0, budget - this.flash.bytesProgrammed);
      if (part > 0) this.flash.program(address, bytes.subarray(0, part));
      this.#faults.brownOutAfterProgrammed = undefined;
      this.#brownOut();
      throw new BrownOut();
    }
    this.flash.program(address, bytes);
  }

  // flasher stub ----------------------------------------------------------------

  #stub(request: Request): void {
    const { op, data } = request;
    const status = (error: number): void => this.#reply(op, 0, [], [error, 0]);
    const expect = (length: number): boolean => data.length === length;
    if (data.length > STUB_MAX_BLOCK + 16) return this.#reply(op, 0, [], [STUB_ERROR.BAD_DATA_LEN, 0xee]);
    switch (op) {
      case OP.SYNC: {
        const error = expect(36) ? 0 : STUB_ERROR.BAD_DATA_LEN;
        for (let i = 0; i < (error ? 1 : 8); i++) this.#reply(op, 0, [], [error, 0]);
        return;
      }
      case OP.READ_REG:
        if (!expect(4)) return status(STUB_ERROR.BAD_DATA_LEN);
        return this.#reply(op, this.#readReg(u32(data, 0)), [], [0, 0]);
      case OP.WRITE_REG:
        if (data.length % 16 !== 0) return status(STUB_ERROR.BAD_DATA_LEN);
        for (let at = 0; at < data.length; at += 16) this.#writeReg(u32(data, at), u32(data, at + 4), u32(data, at + 8));
        return status(0);
      case OP.SPI_SET_PARAMS:
        return status(expect(24) ? 0 : STUB_ERROR.BAD_DATA_LEN);
      case OP.SPI_ATTACH:
        return status(expect(4) ? 0 : STUB_ERROR.BAD_DATA_LEN);
      case OP.CHANGE_BAUDRATE: {
        if (!expect(8) || u32(data, 0) === 0) return status(STUB_ERROR.BAD_DATA_LEN);
        status(0);
        this.#baud = u32(data, 0);
        return;
      }
      case OP.MEM_BEGIN:
        return status(expect(16) ? 0 : STUB_ERROR.BAD_DATA_LEN);
      case OP.MEM_DATA:
        if (data.length < 16 || u32(data, 0) !== data.length - 16) return status(STUB_ERROR.BAD_DATA_LEN);
        return status(checksum(data.subarray(16)) === (request.checksum & 0xff) ? 0 : STUB_ERROR.BAD_DATA_CHECKSUM);
      case OP.MEM_END:
        if (!expect(8)) return status(STUB_ERROR.BAD_DATA_LEN);
        status(0);
        if (u32(data, 4) !== 0) this.#startStub();
        return;
      case OP.ERASE_FLASH:
        if (!expect(0)) return status(STUB_ERROR.BAD_DATA_LEN);
        this.flash.eraseAll();
        return status(0);
      case OP.ERASE_REGION: {
        if (!expect(8)) return status(STUB_ERROR.BAD_DATA_LEN);
        const address = u32(data, 0);
        const size = u32(data, 4);
        // stub_commands.c handle_flash_erase: 0x32 unaligned address, 0x33 unaligned length.
        if (address % SECTOR_SIZE !== 0) return status(0x32);
        if (size % SECTOR_SIZE !== 0) return status(0x33);
        if (!this.flash.inRange(address, size)) return status(0x35);
        for (let s = address / SECTOR_SIZE; s < (address + size) / SECTOR_SIZE; s++) this.flash.eraseSector(s);
        return status(0);
      }
      case OP.FLASH_BEGIN:
      case OP.FLASH_DEFL_BEGIN: {
        if (data.length !== 16 && data.length !== 20) return status(STUB_ERROR.BAD_DATA_LEN);
        if (u32(data, 8) > STUB_MAX_BLOCK) return status(STUB_ERROR.BAD_BLOCKSIZE);
        const size = u32(data, 0);
        const offset = u32(data, 12);
        if (!this.flash.inRange(offset, size)) return status(STUB_ERROR.FAILED_SPI_OP);
        this.#beginStubWrite(op === OP.FLASH_DEFL_BEGIN, size, offset);
        return status(0);
      }
      case OP.FLASH_DATA:
      case OP.FLASH_DEFL_DATA: {
        const job = this.#stubWrite;
        let error: number = job === undefined || job.compressed !== (op === OP.FLASH_DEFL_DATA) ? STUB_ERROR.NOT_IN_FLASH_MODE : job.error;
        if (job !== undefined && error !== STUB_ERROR.NOT_IN_FLASH_MODE) {
          if (data.length < 16 || u32(data, 0) !== data.length - 16) error = STUB_ERROR.BAD_DATA_LEN;
          else if (checksum(data.subarray(16)) !== (request.checksum & 0xff)) error = STUB_ERROR.BAD_DATA_CHECKSUM;
        }
        // The stub acks on receipt and writes while the next block arrives.
        status(error);
        if (error === 0 && job !== undefined) this.#stubWriteData(job, data.subarray(16));
        return;
      }
      case OP.FLASH_END:
      case OP.FLASH_DEFL_END: {
        const job = this.#stubWrite;
        let error = 0;
        if (job === undefined) error = STUB_ERROR.NOT_IN_FLASH_MODE;
        else if (job.error) error = job.error;
        else if (job.remaining > 0) error = STUB_ERROR.NOT_ENOUGH_DATA;
        this.#stubWrite = undefined;
        status(error);
        if (error === 0 && u32(data, 0) === 0) this.#boot(2); // 0 = reboot now (software reset)
        return;
      }
      case OP.SPI_FLASH_MD5: {
        if (!expect(16)) return status(STUB_ERROR.BAD_DATA_LEN);
        const address = u32(data, 0);
        const size = u32(data, 4);
        if (!this.flash.inRange(address, size)) return status(STUB_ERROR.FAILED_SPI_OP);
        return this.#reply(op, 0, md5Bytes(this.flash.view(address, size)), [0, 0]);
      }
      case OP.READ_FLASH: {
        if (!expect(16)) return status(STUB_ERROR.BAD_DATA_LEN);
        const [address, length, block, maxInFlight] = [u32(data, 0), u32(data, 4), u32(data, 8), u32(data, 12)];
        if (!this.flash.inRange(address, length)) return status(STUB_ERROR.FAILED_SPI_OP);
        status(0);
        if (block === 0 || block > SECTOR_SIZE) return; // the stub returns without sending anything
        this.#readJob = { address, length, block, maxInFlight, sent: 0, acked: 0, md5: new SparkMD5.ArrayBuffer() };
        this.#pumpRead();
        return;
      }
      case OP.RUN_USER_CODE:
        this.#leaveLoader(); // no answer
        return;
      default:
        return status(STUB_ERROR.CMD_NOT_IMPLEMENTED);
    }
  }

  #beginStubWrite(compressed: boolean, size: number, offset: number): void {
    const job: StubWrite = { compressed, next: offset, remaining: size, eraseNext: offset - (offset % SECTOR_SIZE), inflate: undefined, error: 0 };
    if (compressed) {
      const inflate = new Inflate({ chunkSize: SECTOR_SIZE });
      inflate.onData = (chunk: Uint8Array) => this.#stubWriteBytes(job, chunk);
      job.inflate = inflate;
    }
    this.#stubWrite = job;
  }

  #stubWriteData(job: StubWrite, block: Uint8Array): void {
    if (job.error) return;
    if (!job.compressed) {
      // esptool pads the last block with 0xFF; the stub writes only what is left.
      this.#stubWriteBytes(job, block.subarray(0, Math.min(block.length, job.remaining)));
      return;
    }
    const inflate = job.inflate!;
    if (Reflect.get(inflate, 'ended') === true) {
      job.error = STUB_ERROR.TOO_MUCH_DATA;
      return;
    }
    inflate.push(block, 2); // Z_SYNC_FLUSH: hand over everything this block decodes to
    if (inflate.err) job.error = STUB_ERROR.INFLATE_ERROR;
  }

  /** Erase the sectors ahead of the write pointer as needed, then program (stub_write_flash). */
  #stubWriteBytes(job: StubWrite, bytes: Uint8Array): void {
    if (job.error || bytes.length === 0) return;
    let chunk = bytes;
    if (chunk.length > job.remaining) {
      job.error = STUB_ERROR.TOO_MUCH_DATA;
      chunk = chunk.subarray(0, job.remaining);
    }
    const end = job.next + chunk.length;
    while (job.eraseNext < end) {
      this.flash.eraseSector(job.eraseNext / SECTOR_SIZE);
      job.eraseNext += SECTOR_SIZE;
    }
    const at = job.next;
    job.next = end;
    job.remaining -= chunk.length;
    this.#program(at, chunk);
  }

  #pumpRead(): void {
    const job = this.#readJob;
    if (job === undefined) return;
    while (job.sent < job.length && job.sent - job.acked < job.maxInFlight) {
      const n = Math.min(job.block, job.length - job.sent);
      const bytes = this.flash.read(job.address + job.sent, n);
      job.md5.append(bufferOf(bytes));
      job.sent += n;
      this.#sendData(bytes);
      if (this.#readJob !== job) return; // a fault reset the chip mid-send
    }
  }

  /** While READ_FLASH runs every frame from the host is an ack: the byte count received so far. */
  #readAck(frame: Uint8Array): void {
    const job = this.#readJob!;
    if (frame.length === 4) {
      job.acked = u32(frame, 0);
      if (job.acked < job.length && job.acked <= job.sent) {
        this.#pumpRead();
        return;
      }
    }
    this.#readJob = undefined;
    const hex = job.md5.end();
    this.#sendData(Uint8Array.from(hex.match(/../g)!.map((h) => Number.parseInt(h, 16))));
  }
}

/** Faults on demand; byte offsets count from the moment a fault is armed. */
export class FaultControls {
  readonly #state: FaultState;
  readonly #programmed: () => number;

  constructor(state: FaultState, programmed: () => number) {
    this.#state = state;
    this.#programmed = programmed;
  }

  /** After n more bytes in either direction the cable is pulled: the port's streams error, the device loses power. */
  unplugAfterBytes(n: number): void {
    this.#state.unplugAt = this.#state.total + Math.max(0, Math.floor(n));
  }
  /** Flip one bit of the byte `offset` bytes from now in that direction. */
  corruptByte(options: { direction: Direction; offset: number }): void {
    this.#state.corrupt.push({ direction: options.direction, at: this.#state.perDirection[options.direction] + options.offset });
  }
  /** Lose the byte `offset` bytes from now in that direction. */
  dropByte(options: { direction: Direction; offset: number }): void {
    this.#state.drop.push({ direction: options.direction, at: this.#state.perDirection[options.direction] + options.offset });
  }
  /** The device goes silent (now, or after n more bytes either way): it ignores what arrives and sends nothing. */
  stopAnswering(options: { afterBytes?: number } = {}): void {
    if (options.afterBytes === undefined) this.#state.silent = true;
    else this.#state.silentAt = this.#state.total + Math.max(0, Math.floor(options.afterBytes));
  }
  /** After n more bytes in either direction the supply dips: the chip resets (stub lost). */
  brownOutAfterBytes(n: number): void {
    this.#state.brownOutAt = this.#state.total + Math.max(0, Math.floor(n));
  }
  /** The supply dips while the flash is being programmed, after `afterBytes` more bytes are written (default 0). */
  brownOutDuringWrite(options: { afterBytes?: number } = {}): void {
    this.#state.brownOutAfterProgrammed = this.#programmed() + Math.max(0, Math.floor(options.afterBytes ?? 0));
  }
  clear(): void {
    this.#state.clear();
  }
  /** Whether any fault is armed. */
  get armed(): boolean {
    const s = this.#state;
    return s.silent || s.silentAt !== undefined || s.unplugAt !== undefined || s.brownOutAt !== undefined || s.brownOutAfterProgrammed !== undefined || s.corrupt.length > 0 || s.drop.length > 0;
  }
}

