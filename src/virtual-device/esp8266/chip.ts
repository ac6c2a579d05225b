/**
 * The Sonoff POW's ESP8266EX on its board: the 3.3 V supply, the GPIO0
 * button, EN (through the optional DTR/RTS circuit), the ROM's boot output,
 * the UART and its divider, the registers a host reads and writes, and the
 * program that answers on the serial port (the ROM loader, a stub, the
 * firmware, or nothing). Frames wait in the running program's receive
 * buffers while the CPU works; everything the host sees leaves the UART at
 * the time the work reaches it.
 */
import { efusesFor, factoryFlash, FLASH_BYTES, FLASH_JEDEC_ID, parseImage, prng, type Efuses } from '../factory.ts';
import { FlashChip, W25Q80_TIMES, type FlashSpeed } from '../flash-chip.ts';
import { NorFlash } from '../flash.ts';
import { response } from '../protocol.ts';
import { SlipDecoder, slipEncode } from '../slip.ts';
import { Timeline, type Timing } from '../timeline.ts';
import { garbage, lineMs, understood } from '../uart.ts';
import { FaultState, WireCounters, type WireEvent } from '../wire.ts';
import { emptySurroundings, type Surroundings } from '../firmware/network.ts';
import { recogniseFirmware } from '../firmware/recognise.ts';
import { TasmotaFirmware, type FirmwareHost } from '../firmware/tasmota.ts';
import type { Cpu, Loader } from './cpu.ts';
import { FlasherStub } from './flasher-stub.ts';
import { LegacyStub } from './legacy-stub.ts';
import { RomLoader } from './rom-loader.ts';
import { identifyStub, knownStub, RamImage, type KnownStub } from './stub-images.ts';

/** 2 × a 26 MHz crystal: esptool computes the crystal as baud × UART_CLKDIV / 1e6 / 2 for the ESP8266 (targets/esp8266.py XTAL_CLK_DIVIDER = 2; loader.py get_crystal_freq). */
export const UART_CLOCK_HZ = 52_000_000;
/**
 * The divider the ROM starts with: it assumes a 40 MHz crystal and sets up
 * 115200 from an 80 MHz clock (80e6 / 115200 ≈ 694); on the POW's 26 MHz
 * crystal that is 52e6 / 694 ≈ 74928 baud, the "74880" of esptool's docs
 * (serial-protocol.rst: "initialise at 74800bps with a 26MHz crystal").
 */
export const ROM_BOOT_DIVIDER = 694;
/** The rate esptool's docs give for the boot messages (boot-mode-selection.rst, 74880 baud). */
export const ROM_BOOT_BAUD = 74880;
/** The firmware's console speed: Tasmota's APP_BAUDRATE 115200 ("Default serial baudrate", tasmota/include/tasmota.h), the rate the stock firmware is read at too (UNCONFIRMED for the stock one). */
export const FIRMWARE_BAUD = 115200;
/** EN rises and the chip samples GPIO0 a few ms later (the RC on EN; value assumed). */
const STRAP_SAMPLE_MS = 5;
const UART_CLKDIV_MASK = 0xfffff;

const REG = {
  MAGIC: 0x40001000,
  UART_CLKDIV: 0x60000014,
  SPI_CMD: 0x60000200,
  SPI_USR: 0x6000021c,
  SPI_USR1: 0x60000220,
  SPI_USR2: 0x60000224,
  SPI_W0: 0x60000240,
} as const;
/** esptool v4.12.0 targets/esp8266.py:16 MAGIC_VALUE (CHIP_DETECT_MAGIC_VALUE up to v4.8.1). */
const CHIP_MAGIC = 0xfff0c101;
/** EFUSE_DATA_OUT0..3 at 0x3FF00050-5C (esptool v4.12.0 targets/esp8266.py:65 get_efuses(); ESP_OTP_MAC0, MAC1, MAC3 name three of them). */
const EFUSE_BASE = 0x3ff00050;
const SPI_CMD_USR = 1 << 18;
const SPI_USR_COMMAND = 1 << 31;
const SPI_USR_MISO = 1 << 28;

export type ChipMode = 'off' | 'reset' | 'starting' | 'rom-loader' | 'stub' | 'firmware' | 'halted' | 'crashed';

/** Whatever is on the other end of the chip's UART: the USB adapter, or a direct test/TCP host. */
export interface UartPeer {
  /** The baud the peer's receiver samples at; null when the peer has no UART (a TCP socket), so every rate matches. */
  readonly sampleBaud: number | null;
  /** Bytes the chip finished sending, at `baud`. */
  fromChip(bytes: Uint8Array, baud: number): void;
}

export interface Esp8266Options {
  seed: number;
  flash?: Uint8Array;
  buttonHeld?: boolean;
  /** DTR/RTS wired to GPIO0/EN through the classic two-transistor circuit (default: a 4-wire cable). */
  autoReset?: boolean;
  timing?: Timing;
  /** The flash chip's erase and program times: its datasheet's typical (default) or maximum. */
  flashSpeed?: FlashSpeed;
  /**
   * Tests that exercise a stub this project cannot upload (the legacy stub
   * ships only inside esptool.py) name it here: whatever code the host
   * uploads then runs as that stub. Never set outside tests.
   */
  testOnlyAnyUploadRunsAs?: string;
  /** Tests of a host meeting another chip: READ_REG of the magic register answers this instead. Never set outside tests. */
  testOnlyChipMagic?: number;
  /** Tests of a stub the chip does not know (a future esptool-js): no upload is recognised. Never set outside tests. */
  testOnlyKnowsNoStub?: boolean;
  /**
   * Tests of the divider the ROM's auto-baud lands on: the model computes
   * round(52 MHz / rate) = 451 at 115200; a trace of a real ESP8266 shows 452
   * (esptool#397). Never set outside tests.
   */
  testOnlyAutobaudDivider?: number;
  /** The Wi-Fi networks in range and the mains the POW sees, for the firmware in flash (default: none, on the bench). */
  surroundings?: Surroundings;
}

class PowerLost extends Error {}

export class Esp8266 {
  readonly seed: number;
  readonly efuses: Efuses;
  readonly mac: string;
  readonly chipId: number;
  readonly flashId = FLASH_JEDEC_ID;
  readonly crystalMhz = 26;
  readonly nor: NorFlash;
  readonly flash: FlashChip;
  readonly counters = new WireCounters();
  readonly faultState = new FaultState();
  readonly autoReset: boolean;
  readonly timing: Timing;
  readonly surroundings: Surroundings;
  /** Called when a wire fault unplugs the adapter's USB (the facade tears the port down). */
  onUnplug: (() => void) | undefined;
  readonly #timeline: Timeline;
  readonly #decoder = new SlipDecoder();
  readonly #noise: () => number;
  readonly #anyUploadRunsAs: KnownStub | undefined;
  readonly #magic: number;
  readonly #knowsNoStub: boolean;
  readonly #autobaudDivider: number | undefined;
  readonly ram = new RamImage();
  #supplied = false;
  #buttonHeld: boolean;
  #dtr = false;
  #rts = false;
  #mode: ChipMode = 'off';
  #divider = ROM_BOOT_DIVIDER;
  #autobaudDone = false;
  #regs = new Map<number, number>();
  #loader: Loader | undefined;
  #stub: KnownStub | undefined;
  #peer: UartPeer | undefined;
  #queue: Uint8Array[] = [];
  #cpuFreeAt = 0;
  #working = false;
  #txFreeAt = 0;
  #answered = false;
  #console = '';
  resets = 0;

  constructor(options: Esp8266Options) {
    this.seed = options.seed;
    this.efuses = efusesFor(options.seed);
    this.mac = this.efuses.mac;
    this.chipId = this.efuses.chipId;
    this.timing = options.timing ?? 'real';
    this.surroundings = options.surroundings ?? emptySurroundings();
    this.#timeline = new Timeline(this.timing);
    this.nor = new NorFlash(FLASH_BYTES, options.flash ?? factoryFlash(options.seed, this.mac));
    this.flash = new FlashChip(this.nor, W25Q80_TIMES[options.flashSpeed ?? 'typical'], (ms) => this.#timeline.span(ms));
    this.#buttonHeld = options.buttonHeld ?? false;
    this.autoReset = options.autoReset ?? false;
    this.#noise = prng(options.seed ^ 0x6a5b);
    this.#anyUploadRunsAs = options.testOnlyAnyUploadRunsAs === undefined ? undefined : knownStub(options.testOnlyAnyUploadRunsAs);
    this.#magic = options.testOnlyChipMagic ?? CHIP_MAGIC;
    this.#knowsNoStub = options.testOnlyKnowsNoStub ?? false;
    this.#autobaudDivider = options.testOnlyAutobaudDivider;
    const faults = this.faultState;
    this.flash.supply = {
      bytesLeft: () => (faults.brownOutAfterProgrammed === undefined ? undefined : Math.max(0, faults.brownOutAfterProgrammed - this.nor.bytesProgrammed)),
      dip: () => {
        faults.brownOutAfterProgrammed = undefined;
        this.#boot(1);
        throw new PowerLost();
      },
    };
  }

  // ---- state ---------------------------------------------------------------

  get mode(): ChipMode {
    return this.#mode;
  }
  get supplied(): boolean {
    return this.#supplied;
  }
  get buttonHeld(): boolean {
    return this.#buttonHeld;
  }
  /** The stub that runs now, if any. */
  get stub(): KnownStub | undefined {
    return this.#mode === 'stub' ? this.#stub : undefined;
  }
  get uartDivider(): number {
    return this.#divider;
  }
  /** The rate the UART runs at now: its clock over the divider. */
  get baud(): number {
    return this.#divider === 0 ? 0 : UART_CLOCK_HZ / this.#divider;
  }
  get consoleText(): string {
    return this.#console;
  }

  // ---- the board: supply, button, EN ------------------------------------------

  pressButton(): void {
    this.#buttonHeld = true;
  }
  releaseButton(): void {
    this.#buttonHeld = false;
  }

  /** 3.3 V on or off (the adapter's supply through the jumper wire). */
  setSupply(on: boolean): void {
    if (on === this.#supplied) return;
    this.#supplied = on;
    if (!on) {
      this.#stop();
      this.#mode = 'off';
      return;
    }
    if (this.#enHeldLow()) this.#enterReset();
    else this.#boot(1);
  }

  /** DTR/RTS from the adapter; they reach the chip only through the auto-reset circuit. */
  setModemLines(lines: { dtr: boolean; rts: boolean }): void {
    this.#dtr = lines.dtr;
    this.#rts = lines.rts;
    if (!this.autoReset || !this.#supplied) return;
    if (this.#enHeldLow()) {
      if (this.#mode !== 'reset') this.#enterReset();
    } else if (this.#mode === 'reset') {
      this.#mode = 'starting';
      this.#timeline.after(STRAP_SAMPLE_MS, () => {
        if (this.#mode === 'starting') this.#boot(2);
      });
    }
  }

  /**
   * The classic circuit (esptool docs, boot-mode-selection.rst "Automatic
   * Bootloader"; esptool reset.py ClassicReset): RTS asserted alone pulls EN
   * low, DTR asserted alone pulls GPIO0 low, both or neither do nothing.
   */
  #enHeldLow(): boolean {
    return this.autoReset && this.#rts && !this.#dtr;
  }
  #gpio0Low(): boolean {
    return this.#buttonHeld || (this.autoReset && this.#dtr && !this.#rts);
  }

  #enterReset(): void {
    this.#stop();
    this.#mode = 'reset';
  }

  /** Everything in progress stops: scheduled output, queued frames, the running program. */
  #stop(): void {
    this.#timeline.cancelAll();
    this.#decoder.reset();
    this.#queue = [];
    this.#working = false;
    this.#cpuFreeAt = 0;
    this.#txFreeAt = 0;
    this.#loader = undefined;
    this.#stub = undefined;
    this.#stopFirmware();
    this.flash.reset();
  }

  /**
   * The ROM starts (rst cause 1 power-on, 2 external reset: boot-mode-selection.rst)
   * and samples GPIO0: low → "boot mode:(1,x)", the UART download mode; high →
   * "(3,x)", boot from flash (esp8266 wiki "Boot Process"; logs in esp8266/Arduino#8240).
   */
  #boot(cause: number): void {
    this.#stop();
    this.resets++;
    this.#divider = ROM_BOOT_DIVIDER;
    this.#autobaudDone = false;
    this.ram.clear();
    this.#regs = new Map<number, number>([
      // The ROM's own flash set-up leaves a 24-bit MISO length in SPI_USR1: a reading of why
      // esptool-js 0.7.0's flash-id read works without setting it (UNCONFIRMED).
      [REG.SPI_USR1, 23 << 8],
    ]);
    const now = this.#timeline.now();
    if (this.#gpio0Low()) {
      this.#mode = 'rom-loader';
      this.#loader = new RomLoader();
      this.#print(`\r\n ets Jan  8 2013,rst cause:${cause}, boot mode:(1,7)\r\n\r\n`, now);
      return;
    }
    this.#print(`\r\n ets Jan  8 2013,rst cause:${cause}, boot mode:(3,6)\r\n\r\n`, now);
    this.#bootFlash(now);
  }

  /** The ROM reads the image at 0 and runs it, or prints why not and stops (esp8266/Arduino#2370: "ets_main.c"). */
  #bootFlash(at: number): void {
    const image = parseImage(this.nor.view(0, 0x10000));
    if (image === undefined || image.segments.length === 0) {
      this.#mode = 'halted';
      this.#print('ets_main.c ', at);
      return;
    }
    // The shape of captured logs (esp8266/Arduino#8240, #8890): a "load" line per segment, then the
    // checksums; "room" varies in real logs and is fixed here. Nothing reads these lines but a person.
    let log = '';
    for (const segment of image.segments) log += `load 0x${segment.address.toString(16).padStart(8, '0')}, len ${segment.length}, room 16 \r\ntail ${segment.length % 16}\r\n`;
    if (!image.checksumOk) {
      this.#mode = 'halted';
      this.#print(`${log}chksum 0x00\r\ncsum 0x01\r\ncsum err\r\nets_main.c `, at);
      return;
    }
    this.#print(`${log}chksum 0x00\r\ncsum 0x00\r\n`, at);
    this.#runFirmware(at);
  }

  #runFirmware(at: number): void {
    this.#mode = 'firmware';
    this.#loader = undefined;
    this.#divider = Math.round(UART_CLOCK_HZ / FIRMWARE_BAUD);
    if (this.#startFirmware()) return;
    // An image this model does not recognise: a made-up banner, and the host is ignored.
    this.#print(`\r\nPOW virtual firmware 1.4.2 (made-up build for tests)\r\nmac ${this.mac}  chip 0x${this.chipId.toString(16).padStart(8, '0')}\r\nrelay off  0.0 W  0.0 V  0.00 A\r\nready\r\n`, at);
  }

  // ---- the UART -----------------------------------------------------------------

  /** Connects the other end of the UART; one at a time. Returns the function that disconnects it. */
  connect(peer: UartPeer): () => void {
    if (this.#peer !== undefined && this.#peer !== peer) throw new Error('another host is connected to the UART');
    this.#peer = peer;
    return () => {
      if (this.#peer === peer) this.#peer = undefined;
    };
  }

  /** Bytes arriving on RX now, sent at `senderBaud` (null: a link without a UART). */
  receive(raw: Uint8Array, senderBaud: number | null): void {
    if (!this.#supplied || raw.length === 0) return;
    const { bytes, event } = this.faultState.pass('to-device', raw);
    this.counters.bytesToDevice += bytes.length;
    try {
      this.#hear(bytes, senderBaud);
    } catch (error) {
      if (!(error instanceof PowerLost)) throw error;
    }
    if (event) this.#wireEvent(event);
  }

  #hear(bytes: Uint8Array, senderBaud: number | null): void {
    if (bytes.length === 0 || this.faultState.silent) return;
    if (this.#mode === 'firmware') return this.#hearFirmware(bytes, senderBaud);
    if (this.#mode !== 'rom-loader' && this.#mode !== 'stub') return;
    let heard = bytes;
    if (senderBaud !== null) {
      // The ROM measures the first bytes it gets and sets its divider to match
      // (serial-protocol.rst: "the sync packets can be sent at any baud rate,
      // and the UART peripheral will detect this").
      if (this.#mode === 'rom-loader' && !this.#autobaudDone) this.#autobaud(senderBaud);
      else if (!understood(senderBaud, this.baud)) {
        this.counters.misunderstoodBytes += bytes.length;
        heard = garbage(bytes.length, senderBaud, this.baud, this.#noise);
      }
    } else if (this.#mode === 'rom-loader' && !this.#autobaudDone) this.#autobaud(115200);
    const resets = this.resets;
    for (const frame of this.#decoder.push(heard)) {
      // A frame that reset the chip loses the rest of what was on the wire.
      if (this.resets !== resets || (this.#mode !== 'rom-loader' && this.#mode !== 'stub')) break;
      this.counters.framesToDevice++;
      this.#arrive(frame);
    }
  }

  #autobaud(baud: number): void {
    this.#autobaudDone = true;
    this.#divider = this.#autobaudDivider ?? Math.round(UART_CLOCK_HZ / baud);
  }

  /** A complete frame: handled now, or waiting in a free receive buffer, or lost. */
  #arrive(frame: Uint8Array): void {
    const loader = this.#loader;
    if (loader === undefined) return;
    if (loader.maxFrameBytes !== undefined && frame.length > loader.maxFrameBytes) {
      this.counters.framesDroppedByChip++;
      return;
    }
    const busy = this.#working || this.#cpuFreeAt > this.#timeline.now();
    if (busy) {
      const tooBig = loader.spareFrameMaxBytes !== undefined && frame.length > loader.spareFrameMaxBytes;
      if (tooBig || loader.spareFrames === 0) {
        this.counters.framesDroppedByChip++;
        return;
      }
      if (this.#queue.length >= loader.spareFrames) {
        this.counters.framesDroppedByChip++;
        if (loader.whenFull === 'drop') return;
        this.#queue.pop();
      }
    }
    this.#queue.push(frame);
    this.#pump();
  }

  #pump(): void {
    if (this.#working || this.#queue.length === 0) return;
    this.#working = true;
    const start = Math.max(this.#timeline.now(), this.#cpuFreeAt);
    this.#timeline.at(start, () => this.#work(start));
  }

  #work(start: number): void {
    const frame = this.#queue.shift();
    const loader = this.#loader;
    if (frame === undefined || loader === undefined) {
      this.#working = false;
      return;
    }
    const cpu = this.#cpu(start);
    this.#answered = false;
    if (frame.length >= 8 && frame[0] === 0x00) this.counters.payloadBytesToDevice += frame.length - 8;
    try {
      loader.frame(frame, cpu);
    } catch (error) {
      if (!(error instanceof PowerLost)) throw error;
      return;
    }
    this.#cpuFreeAt = cpu.t;
    this.#working = false;
    this.#pump();
  }

  /** Sends on TX from `at`: the line is busy for the bytes' time, and the peer has them when it is done. */
  #transmit(raw: Uint8Array, at: number): number {
    const baud = this.baud;
    const start = Math.max(at, this.#txFreeAt);
    const end = start + this.#timeline.span(baud === 0 ? 0 : lineMs(raw.length, baud));
    this.#txFreeAt = end;
    if (this.faultState.silent) return end;
    const { bytes, event } = this.faultState.pass('from-device', raw);
    this.counters.bytesFromDevice += bytes.length;
    // Host-side faults whose byte count was reached (the page stops reading, its stream errors).
    for (const fire of this.faultState.takeDue()) fire();
    this.#timeline.at(end, () => this.#deliver(bytes, baud));
    if (event) {
      this.#wireEvent(event);
      throw new PowerLost();
    }
    return end;
  }

  #deliver(bytes: Uint8Array, baud: number): void {
    const peer = this.#peer;
    if (peer === undefined || bytes.length === 0) return;
    if (peer.sampleBaud !== null && (baud === 0 || !understood(baud, peer.sampleBaud))) {
      const noise = garbage(bytes.length, baud || 1, peer.sampleBaud, this.#noise);
      this.counters.garbageBytesToHost += noise.length;
      peer.fromChip(noise, baud);
      return;
    }
    peer.fromChip(bytes, baud);
  }

  /** Text on TX from `at`; returns when its last byte has left. */
  #print(text: string, at: number): number {
    this.#console += text;
    try {
      return this.#transmit(new TextEncoder().encode(text), at);
    } catch (error) {
      if (!(error instanceof PowerLost)) throw error;
      return at;
    }
  }

  // ---- the firmware in flash (firmware/): the one place the chip hands over to it ------------

  #firmware: TasmotaFirmware | undefined;

  /** The firmware model running now (Tasmota, when the flash holds an image recognise.ts knows). */
  get firmware(): TasmotaFirmware | undefined {
    return this.#mode === 'firmware' ? this.#firmware : undefined;
  }

  /** Boots the recognised firmware in flash, if any (firmware/recognise.ts); false when the image is unknown. */
  #startFirmware(): boolean {
    const image = recogniseFirmware(this.nor.view());
    if (image === undefined) return false;
    const host: FirmwareHost = {
      mac: this.mac,
      chipId: this.chipId,
      nor: this.nor,
      surroundings: this.surroundings,
      instant: this.timing === 'instant',
      now: () => this.#timeline.now(),
      at: (t, fn) => {
        this.#timeline.at(t, fn);
      },
      span: (ms) => this.#timeline.span(ms),
      print: (text, t) => this.#print(text, t),
      // ESP.restart(): the ROM starts again with rst cause 2 (esp8266/Arduino#793, #1722 logs).
      restart: (t) => {
        this.#timeline.at(t, () => this.#boot(2));
      },
    };
    this.#firmware = new TasmotaFirmware(host, image);
    this.#firmware.start();
    return true;
  }

  /** Bytes for the firmware's console, heard at its own rate (115200). */
  #hearFirmware(bytes: Uint8Array, senderBaud: number | null): void {
    const firmware = this.#firmware;
    if (firmware === undefined) return;
    if (senderBaud !== null && !understood(senderBaud, this.baud)) {
      this.counters.misunderstoodBytes += bytes.length;
      firmware.receive(garbage(bytes.length, senderBaud, this.baud, this.#noise));
      return;
    }
    firmware.receive(bytes);
  }

  #stopFirmware(): void {
    this.#firmware?.stop();
    this.#firmware = undefined;
  }

  #wireEvent(event: WireEvent): void {
    if (event === 'unplug') this.onUnplug?.();
    else {
      // A brown-out: the supply dips and the chip resets as at power-on (rst cause 1). The ESP8266
      // datasheet documents no brown-out detector; a real dip may also hang the chip (UNCONFIRMED).
      this.#boot(1);
    }
  }

  // ---- what a loader may do -------------------------------------------------------

  #cpu(start: number): Cpu {
    const chip = this;
    const cpu: Cpu = {
      t: start,
      flash: this.flash,
      ram: this.ram,
      spend(ms) {
        cpu.t += chip.#timeline.span(ms);
      },
      reply(op, value, data, status) {
        if (!chip.#answered) chip.counters.roundTrips++;
        chip.#answered = true;
        chip.counters.payloadBytesFromDevice += data.length + 2;
        chip.counters.framesFromDevice++;
        cpu.t = chip.#transmit(slipEncode(response(op, value, data, status)), cpu.t);
      },
      send(payload) {
        chip.counters.payloadBytesFromDevice += payload.length;
        chip.counters.framesFromDevice++;
        cpu.t = chip.#transmit(slipEncode(payload), cpu.t);
      },
      waitTxIdle() {
        cpu.t = Math.max(cpu.t, chip.#txFreeAt);
      },
      readReg: (address) => this.#readReg(address),
      writeReg: (address, value, mask) => this.#writeReg(address, value, mask, cpu),
      get uartDivider() {
        return chip.#divider;
      },
      setUartDivider(divider) {
        // The divider takes effect when the CPU gets there; what is still on the wire went at the old rate.
        chip.#timeline.at(cpu.t, () => {
          chip.#divider = divider & UART_CLKDIV_MASK;
        });
      },
      jumpTo: (entry) => {
        const stub = this.#knowsNoStub ? undefined : (this.#anyUploadRunsAs ?? identifyStub(entry, this.ram));
        if (stub !== undefined) return this.#startStub(stub, cpu);
        this.#console += `[virtual device: the code uploaded to 0x${entry.toString(16)} is no stub this model knows; it is treated as crashed]\n`;
        this.#timeline.at(cpu.t, () => {
          this.#stop();
          this.#mode = 'crashed';
        });
      },
      runUserCode: () => {
        this.#timeline.at(cpu.t, () => {
          const at = this.#timeline.now();
          this.#stop();
          this.#bootFlash(at);
        });
      },
      softwareReset: () => {
        this.#timeline.at(cpu.t, () => this.#boot(2));
      },
    };
    return cpu;
  }

  /** MEM_END jumped to an entry point: a known stub starts; anything else is treated as a crash. */
  #startStub(stub: KnownStub, cpu: Cpu): void {
    const loader = stub.family === 'legacy' ? new LegacyStub() : new FlasherStub(stub);
    this.#timeline.at(cpu.t, () => {
      this.#decoder.reset();
      this.#queue = [];
      this.#mode = 'stub';
      this.#stub = stub;
      this.#loader = loader;
      const boot = this.#cpu(this.#timeline.now());
      loader.start(boot);
      this.#cpuFreeAt = boot.t;
    });
  }

  #readReg(address: number): number {
    if (address === REG.MAGIC) return this.#magic;
    if (address === REG.UART_CLKDIV) return this.#divider;
    if (address >= EFUSE_BASE && address < EFUSE_BASE + 16 && address % 4 === 0) return this.efuses.words[(address - EFUSE_BASE) / 4]!;
    return this.#regs.get(address) ?? 0;
  }

  #writeReg(address: number, value: number, mask: number, cpu: Cpu): void {
    if (address === REG.MAGIC || (address >= EFUSE_BASE && address < EFUSE_BASE + 16)) return; // ROM and OTP
    const stored = ((this.#readReg(address) & ~mask) | (value & mask)) >>> 0;
    if (address === REG.UART_CLKDIV) {
      cpu.setUartDivider(stored);
      return;
    }
    this.#regs.set(address, stored);
    if (address === REG.SPI_CMD && stored & SPI_CMD_USR) {
      this.#spiUserCommand();
      this.#regs.set(REG.SPI_CMD, (stored & ~SPI_CMD_USR) >>> 0);
    }
  }

  /**
   * The SPI controller's "user" command, as esptool's run_spiflash_command
   * drives it: send USR2's command byte, clock (SPI_USR1 MISO bit length + 1)
   * bits into W0. RDID (0x9F) answers the JEDEC id, manufacturer first.
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
}

export type { Loader };
