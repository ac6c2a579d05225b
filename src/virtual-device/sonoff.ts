/**
 * The virtual Sonoff POW on the bench: the board (ESP8266, flash, button),
 * the four jumper wires to a USB-serial adapter, the adapter's USB cable, and
 * the computer's `navigator.serial`. Everything a person does at the bench
 * is a method: plug or pull the USB cable (which powers the board, and makes
 * the browser see a new port), pull or reconnect the 3.3 V wire (a power
 * cycle that leaves the port open), hold the button.
 */
import { AdapterLink, ADAPTERS, type AdapterKind, type AdapterProfile } from './adapter.ts';
import { Esp8266, type ChipMode, type UartPeer } from './esp8266/chip.ts';
import type { KnownStub } from './esp8266/stub-images.ts';
import type { Surroundings } from './firmware/network.ts';
import type { TasmotaFirmware } from './firmware/tasmota.ts';
import type { FlashSpeed } from './flash-chip.ts';
import { LINUX_TTY_BYTES, VirtualSerialPort, type PortBackend } from './host/port.ts';
import { VirtualSerial } from './host/serial.ts';
import { prng } from './factory.ts';
import { Timeline, type Timing } from './timeline.ts';
import { garbage, lineMs } from './uart.ts';
import type { Direction, FaultState, WireCounters } from './wire.ts';
import SparkMD5 from 'spark-md5';

export type Wiring = 'ok' | 'tx-rx-swapped' | 'no-ground' | 'no-tx';

export interface VirtualSonoffOptions {
  /** Decides MAC, efuses and the factory firmware; the same seed gives the same device. */
  seed: number;
  /** Initial flash contents instead of the factory image (padded with 0xFF to 1 MB). */
  flash?: Uint8Array;
  /** GPIO0 button held at the start (default false). */
  buttonHeld?: boolean;
  /** The adapter's USB cable is plugged in at the start (default true): it powers the board. */
  usbPlugged?: boolean;
  /** Which adapter (default CH340, the one most Sonoff guides use). */
  adapter?: AdapterKind;
  /** DTR/RTS wired to GPIO0/EN through the classic two-transistor circuit (default false: a 4-wire cable). */
  autoReset?: boolean;
  /** 'real' (default): every modelled duration is waited for. 'instant': the same behaviour without the waiting, for fast tests. */
  timing?: Timing;
  /** The flash chip's datasheet times: 'typical' (default) or 'maximum' (a worn chip). */
  flashSpeed?: FlashSpeed;
  /**
   * The fastest rate the jumper wires carry cleanly (default: any). Above it
   * every byte arrives damaged both ways. A fault to test a fallback, not a
   * measured cable: esptool's troubleshooting.rst:27 "If flashing fails with
   * random errors part way through, retry with a lower baud rate."
   */
  maxCleanBaud?: number;
  /**
   * The four jumper wires between the adapter and the POW's header (default
   * 'ok'). A mistake at the bench, for the page's connection diagnosis:
   * 'tx-rx-swapped' (adapter TX on the POW's TX: two outputs face each
   * other, two inputs hear nothing), 'no-ground' (the GND wire loose: no
   * common reference, every byte garbled both ways), 'no-tx' (the wire from
   * the adapter's TX is off: the chip hears nothing, the host still hears it).
   */
  wiring?: Wiring;
  /** The 3.3 V jumper wire is on at the start (default true). */
  powerWire?: boolean;
  /** Bytes the OS holds for a port the page does not read (default: Linux n_tty with PARMRK, about 1.3 KB). */
  osBufferBytes?: number;
  /** See Esp8266Options: test-only stand-ins for what a test cannot build (another chip, another stub). */
  testOnlyAnyUploadRunsAs?: string;
  testOnlyChipMagic?: number;
  testOnlyKnowsNoStub?: boolean;
  testOnlyAutobaudDivider?: number;
  /** Wi-Fi networks in range and the mains with its load, for the firmware in flash (default: none: the bench). */
  surroundings?: Surroundings;
}

/** A host wired straight to the chip's UART (a TCP socket, a unit test): no adapter, no USB. */
export interface DirectHost {
  /** null: no UART (a socket), every rate matches. */
  readonly baud: number | null;
  deliver(bytes: Uint8Array): void;
  /** The power or the link went away. */
  lost?(): void;
}

export class VirtualSonoff {
  readonly chip: Esp8266;
  readonly serial = new VirtualSerial();
  readonly adapter: AdapterProfile;
  readonly faults: FaultControls;
  readonly #link: AdapterLink;
  /** The port's own clock (the adapter's is cleared when it is unplugged; the page's pending writes must still settle). */
  readonly #timeline: Timeline;
  readonly #maxCleanBaud: number | undefined;
  readonly #osBufferBytes: number;
  readonly #noise: () => number;
  #port: VirtualSerialPort;
  #usbPlugged = false;
  #powerWire = true;
  #wiring: Wiring;
  #direct: DirectHost | undefined;
  #directRxFreeAt = 0;
  #detachUart: (() => void) | undefined;
  /** Times the adapter was plugged in (each makes a new port object). */
  plugs = 0;

  constructor(options: VirtualSonoffOptions) {
    this.adapter = ADAPTERS[options.adapter ?? 'ch340'];
    this.#timeline = new Timeline(options.timing ?? 'real');
    this.#link = new AdapterLink(this.adapter, new Timeline(options.timing ?? 'real'));
    this.#maxCleanBaud = options.maxCleanBaud;
    this.#osBufferBytes = options.osBufferBytes ?? LINUX_TTY_BYTES;
    this.#noise = prng(options.seed ^ 0x3c3c);
    this.#wiring = options.wiring ?? 'ok';
    this.#powerWire = options.powerWire ?? true;
    this.chip = new Esp8266({
      seed: options.seed,
      flash: options.flash,
      buttonHeld: options.buttonHeld,
      autoReset: options.autoReset,
      timing: options.timing,
      flashSpeed: options.flashSpeed,
      testOnlyAnyUploadRunsAs: options.testOnlyAnyUploadRunsAs,
      testOnlyChipMagic: options.testOnlyChipMagic,
      testOnlyKnowsNoStub: options.testOnlyKnowsNoStub,
      testOnlyAutobaudDivider: options.testOnlyAutobaudDivider,
      surroundings: options.surroundings,
    });
    this.chip.onUnplug = () => this.unplugUsb();
    this.faults = new FaultControls(this.chip.faultState, () => this.chip.nor.bytesProgrammed, (ms) => this.#port.stallReading(ms), (name, times) => this.#port.readError(name, times));
    this.#port = this.#newPort();
    if (options.usbPlugged ?? true) this.plugUsb();
  }

  // ---- what a person sees and does -------------------------------------------------

  /** The browser's port object for the adapter: the newest one (a disconnected object after an unplug, until the next plug). */
  get port(): VirtualSerialPort {
    return this.#port;
  }
  get usbPlugged(): boolean {
    return this.#usbPlugged;
  }
  get powered(): boolean {
    return this.chip.supplied;
  }
  get buttonHeld(): boolean {
    return this.chip.buttonHeld;
  }
  pressButton(): void {
    this.chip.pressButton();
  }
  releaseButton(): void {
    this.chip.releaseButton();
  }

  /** The adapter's USB cable goes in: the board gets 3.3 V (if its wire is on) and the browser sees a new port. */
  plugUsb(options: { buttonHeld?: boolean } = {}): void {
    this.#setButton(options.buttonHeld);
    if (this.#usbPlugged) return;
    this.#usbPlugged = true;
    this.plugs++;
    if (this.plugs > 1) this.#port = this.#newPort();
    this.#attachAdapter();
    this.serial.plugged(this.#port, this.adapter);
    this.#updateSupply();
  }

  /** The USB cable comes out: the port object is finished (its streams error), the board loses power. */
  unplugUsb(): void {
    if (!this.#usbPlugged) return;
    this.#usbPlugged = false;
    this.#link.reset();
    this.serial.unplugged(this.#port);
    this.#updateSupply();
  }

  /** The 3.3 V jumper wire comes off: the board stops; the adapter and its port stay. */
  disconnectPower(): void {
    this.#powerWire = false;
    this.#updateSupply();
  }

  /** The 3.3 V wire goes back on (holding the button or not, as given). */
  connectPower(options: { buttonHeld?: boolean } = {}): void {
    this.#setButton(options.buttonHeld);
    this.#powerWire = true;
    this.#updateSupply();
  }

  /** The 3.3 V wire off and on again: the way to restart the board while the port stays open. */
  powerCycle(options: { buttonHeld?: boolean } = {}): void {
    this.disconnectPower();
    this.connectPower(options);
  }

  /** How the jumper wires are connected now (a person can rewire the bench while the port stays open). */
  get wiring(): Wiring {
    return this.#wiring;
  }
  setWiring(wiring: Wiring): void {
    this.#wiring = wiring;
  }
  /** The 3.3 V jumper wire is on. */
  get powerWire(): boolean {
    return this.#powerWire;
  }

  #setButton(held: boolean | undefined): void {
    if (held === true) this.chip.pressButton();
    else if (held === false) this.chip.releaseButton();
  }

  #updateSupply(): void {
    const on = this.#powerWire && (this.#usbPlugged || this.#direct !== undefined);
    this.chip.setSupply(on);
    if (!on) this.#direct?.lost?.();
  }

  // ---- the chip, for tests --------------------------------------------------------

  get mac(): string {
    return this.chip.mac;
  }
  get chipId(): number {
    return this.chip.chipId;
  }
  get flashId(): number {
    return this.chip.flashId;
  }
  get efuses(): Esp8266['efuses'] {
    return this.chip.efuses;
  }
  get mode(): ChipMode {
    return this.chip.mode;
  }
  get stubRunning(): boolean {
    return this.chip.mode === 'stub';
  }
  /** The stub running now, if any. */
  get stub(): KnownStub | undefined {
    return this.chip.stub;
  }
  /** The chip's UART rate now. */
  get baud(): number {
    return this.chip.baud;
  }
  get consoleText(): string {
    return this.chip.consoleText;
  }
  /** Networks in range and the mains; change them at will (the firmware reads them when it needs them). */
  get surroundings(): Surroundings {
    return this.chip.surroundings;
  }
  /** The firmware model running from flash (Tasmota), if any. */
  get firmware(): TasmotaFirmware | undefined {
    return this.chip.firmware;
  }
  get counters(): WireCounters {
    return this.chip.counters;
  }
  get norViolations(): number {
    return this.chip.nor.violations;
  }
  readFlash(): Uint8Array {
    return this.chip.nor.snapshot();
  }
  loadFlash(bytes: Uint8Array): void {
    this.chip.nor.load(bytes);
  }
  flashMd5(): string {
    return SparkMD5.ArrayBuffer.hash(this.chip.nor.snapshot().buffer as ArrayBuffer);
  }

  // ---- wiring -------------------------------------------------------------------------

  /**
   * A host wired straight to the UART instead of the adapter (the CLI's TCP
   * socket, unit tests). The board is powered while it is attached. Returns
   * the function that detaches it.
   */
  attach(host: DirectHost): () => void {
    this.#detachUart?.();
    this.#direct = host;
    this.#directRxFreeAt = 0;
    const peer: UartPeer = {
      get sampleBaud() {
        return host.baud;
      },
      fromChip: (bytes) => host.deliver(bytes),
    };
    this.#detachUart = this.chip.connect(peer);
    this.#updateSupply();
    return () => {
      if (this.#direct !== host) return;
      this.#detachUart?.();
      this.#detachUart = undefined;
      this.#direct = undefined;
      if (this.#usbPlugged) this.#attachAdapter();
      else this.#updateSupply();
    };
  }

  /** Bytes a direct host sends. */
  receive(host: DirectHost, bytes: Uint8Array): void {
    if (host !== this.#direct) return;
    // A frame reaches the chip when its last byte has come down the wire: 10
    // bits a byte at the sender's rate (a socket has none: the chip's own).
    const start = Math.max(this.#timeline.now(), this.#directRxFreeAt);
    const rate = host.baud ?? this.chip.baud;
    const end = start + this.#timeline.span(rate === 0 ? 0 : lineMs(bytes.length, rate));
    this.#directRxFreeAt = end;
    this.#timeline.at(end, () => {
      if (host === this.#direct) this.chip.receive(bytes, host.baud);
    });
  }

  #attachAdapter(): void {
    if (this.#direct !== undefined) return;
    this.#detachUart?.();
    const link = this.#link;
    const sonoff = this;
    const peer: UartPeer = {
      get sampleBaud() {
        return link.baud === 0 ? 115200 : link.baud;
      },
      fromChip: (bytes) => {
        if (!this.#usbPlugged) return;
        const arrived = this.#wires('from-device', bytes, link.requestedBaud);
        if (arrived.length > 0) link.received(arrived, { fromUsb: (usb) => sonoff.#port.fromUsb(usb) });
      },
    };
    this.#detachUart = this.chip.connect(peer);
  }

  /**
   * What the jumper wires make of bytes on their way. Swapped TX/RX: each
   * end's TX drives the other's TX, so neither RX hears a thing (esptool
   * troubleshooting.rst:160 "the RX/TX serial lines are not connected" → "No
   * serial data received"). No TX wire: the chip hears nothing, the host
   * still hears the chip (troubleshooting.rst:179-182 "Download mode
   * successfully detected, but getting no sync reply: The serial TX path
   * seems to be down"). No common ground: the receiver compares the line
   * against its own ground, so the levels it sees are arbitrary and bytes
   * arrive as framing garbage (UNCONFIRMED in its details: the noise model of
   * uart.ts garbage(), one damaged byte for each byte sent). Above
   * `maxCleanBaud` (the rate the port was opened at) every byte is damaged,
   * both ways.
   */
  #wires(direction: 'to-device' | 'from-device', bytes: Uint8Array, baud: number): Uint8Array {
    const wiring = this.#wiring;
    if (wiring === 'tx-rx-swapped' || (wiring === 'no-tx' && direction === 'to-device')) return new Uint8Array(0);
    if (wiring === 'no-ground') return garbage(bytes.length, baud || 115200, baud || 115200, this.#noise);
    if (this.#maxCleanBaud === undefined || baud <= this.#maxCleanBaud) return bytes;
    return garbage(bytes.length, baud, baud, this.#noise);
  }

  #newPort(): VirtualSerialPort {
    const sonoff = this;
    let port: VirtualSerialPort;
    const backend: PortBackend = {
      profile: this.adapter,
      get present() {
        return sonoff.#usbPlugged && sonoff.#port === port;
      },
      configure: (baud) => {
        if (this.#port === port) this.#link.requestedBaud = baud;
      },
      send: (bytes) => {
        if (!this.#usbPlugged || this.#port !== port) return this.#timeline.now();
        const nominal = this.#link.requestedBaud;
        return this.#link.send(bytes, (arrived, baud) => {
          if (!this.#usbPlugged || this.#direct !== undefined) return;
          const heard = this.#wires('to-device', arrived, nominal);
          if (heard.length > 0) this.chip.receive(heard, baud);
        });
      },
      get signalsRefused() {
        return sonoff.chip.faultState.signalsRefused;
      },
      setModemLines: (lines) => {
        if (this.#port === port && this.#usbPlugged) this.chip.setModemLines(lines);
      },
    };
    port = new VirtualSerialPort(backend, this.#timeline, this.#osBufferBytes);
    port.onDrop = (bytes) => {
      this.chip.counters.droppedByHostBytes += bytes;
    };
    return port;
  }
}

/** Faults on demand; byte offsets count from the moment a fault is armed. */
export class FaultControls {
  readonly #state: FaultState;
  readonly #programmed: () => number;
  readonly #stall: (ms: number) => void;

  readonly #readError: (name: Parameters<VirtualSerialPort['readError']>[0], times: number) => void;

  constructor(state: FaultState, programmed: () => number, stall: (ms: number) => void, readError: (name: Parameters<VirtualSerialPort['readError']>[0], times: number) => void) {
    this.#readError = readError;
    this.#state = state;
    this.#programmed = programmed;
    this.#stall = stall;
  }

  /** After n more bytes in either direction the USB cable is pulled: the port's streams error, the board loses power. */
  unplugAfterBytes(n: number): void {
    this.#state.unplugAt = this.#state.total + Math.max(0, Math.floor(n));
  }
  /** Flip one bit of the byte `offset` bytes from now in that direction. */
  corruptByte(options: { direction: Direction; offset: number }): void {
    this.#state.corrupt.push({ direction: options.direction, at: this.#state.perDirection[options.direction] + options.offset });
  }
  /** Lose the byte `offset` bytes from now in that direction; with `value`, the first byte equal to it from there (a 0xC0, say). */
  dropByte(options: { direction: Direction; offset: number; value?: number }): void {
    this.#state.drop.push({ direction: options.direction, at: this.#state.perDirection[options.direction] + options.offset, ...(options.value === undefined ? {} : { value: options.value }) });
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
  /**
   * The page stops reading its port for `ms` (a busy page, a late reader):
   * now, or once `afterBytes` more bytes have crossed the wire. What arrives
   * meanwhile waits in the buffers or is lost.
   */
  stallReading(ms: number, options: { afterBytes?: number } = {}): void {
    if (options.afterBytes === undefined) this.#stall(ms);
    else this.#state.at(options.afterBytes, () => this.#stall(ms));
  }
  /**
   * The adapter's driver refuses to set DTR/RTS: setSignals() rejects with
   * NetworkError "Failed to set control signals." (serial_port.cc
   * OnSetSignals) and the port stays open. Only matters with auto-reset.
   */
  refuseSignals(): void {
    this.#state.signalsRefused = true;
  }
  /**
   * The port's readable errors with a non-fatal error (now, or once
   * `afterBytes` more bytes have crossed the wire), and `times` − 1 more
   * streams after it before they deliver anything (VirtualSerialPort.readError).
   */
  readError(name: Parameters<VirtualSerialPort['readError']>[0], options: { times?: number; afterBytes?: number } = {}): void {
    const fire = (): void => this.#readError(name, options.times ?? 1);
    if (options.afterBytes === undefined) fire();
    else this.#state.at(options.afterBytes, fire);
  }
  clear(): void {
    this.#state.clear();
  }
  /** Whether any fault is armed. */
  get armed(): boolean {
    const s = this.#state;
    return s.silent || s.signalsRefused || s.triggersArmed || s.silentAt !== undefined || s.unplugAt !== undefined || s.brownOutAt !== undefined || s.brownOutAfterProgrammed !== undefined || s.corrupt.length > 0 || s.drop.length > 0;
  }
}
