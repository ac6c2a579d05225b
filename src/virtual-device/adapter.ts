/**
 * The USB-serial adapter between the computer and the Sonoff's header: its
 * USB identity (which decides whether Chromium keeps the page's permission
 * across a replug), the rate its divisor really gives, its receive buffer,
 * and how it packs received bytes into USB packets (an FTDI holds a partial
 * packet until its latency timer runs out). The 4-wire cable to the POW has
 * no RTS/CTS, so nothing can pause the ESP8266: bytes that find the buffers
 * full are lost.
 */
import type { Timeline } from './timeline.ts';
import { lineMs } from './uart.ts';

export type AdapterKind = 'ch340' | 'cp2102' | 'ft232r' | 'pl2303';

export interface AdapterProfile {
  readonly kind: AdapterKind;
  readonly chip: string;
  readonly usbVendorId: number;
  readonly usbProductId: number;
  /** iSerialNumber; undefined when the chip has none. */
  readonly serialNumber: string | undefined;
  /** Its receive buffer (UART → USB), bytes. */
  readonly rxBufferBytes: number;
  /** Data bytes in one full USB IN packet. */
  readonly packetDataBytes: number;
  /** How long a partly filled packet waits before it goes to the host. */
  readonly partialPacketMs: number;
  /** The fastest rate it is specified for. */
  readonly maxBaud: number;
  /** The rate its divisor gives for a requested baud. */
  actualBaud(baud: number): number;
}

/**
 * One full-speed USB frame (USB 2.0 §5.8: full-speed frames are 1 ms): a
 * bulk OUT transfer the host queues goes out at the latest in the next one.
 */
export const USB_FRAME_MS = 1;

function nearest(baud: number, candidates: Iterable<number>): number {
  let best = baud;
  let error = Infinity;
  for (const rate of candidates) {
    const e = Math.abs(rate - baud);
    if (e < error) {
      error = e;
      best = rate;
    }
  }
  return best;
}

/** CH341/CH340: baud = 48 MHz / (2^(12 − 3·ps − fact) · div), ps 0–3, fact 0–1, div 2–256 (Linux drivers/usb/serial/ch341.c ch341_get_divisor). */
function* ch340Rates(): Iterable<number> {
  for (let ps = 0; ps <= 3; ps++)
    for (let fact = 0; fact <= 1; fact++) {
      const base = 48e6 / 2 ** (12 - 3 * ps - fact);
      for (let div = 2; div <= 256; div++) yield base / div;
    }
}
const CH340_RATES = [...ch340Rates()];

/** Linux drivers/usb/serial/pl2303.c pl2303_get_supported_baud_rate baud_sup[]: rates the chip is told directly. */
const PL2303_DIRECT_RATES = [75, 150, 300, 600, 1200, 1800, 2400, 3600, 4800, 7200, 9600, 14400, 19200, 28800, 38400, 57600, 115200, 230400, 460800, 614400, 921600, 1228800, 2457600, 3000000, 6000000];

/**
 * PL2303HX: a rate of the table goes as it is; any other through the divisor
 * 12 MHz × 32 / (mantissa × 4^exponent), mantissa < 512 (pl2303.c
 * pl2303_encode_baud_rate, pl2303_encode_baud_rate_divisor). 74880 → 75000.
 */
function pl2303Rate(baud: number): number {
  const wanted = Math.min(baud, 6_000_000);
  if (PL2303_DIRECT_RATES.includes(wanted)) return wanted;
  const baseline = 12_000_000 * 32;
  let mantissa = Math.max(1, Math.floor(baseline / wanted));
  let exponent = 0;
  while (mantissa >= 512) {
    if (exponent < 7) {
      mantissa >>= 2;
      exponent++;
    } else {
      mantissa = 511;
      break;
    }
  }
  return Math.floor(baseline / mantissa) >> (exponent << 1);
}

export const ADAPTERS: Record<AdapterKind, AdapterProfile> = {
  ch340: {
    kind: 'ch340',
    chip: 'CH340G',
    // 1A86:7523 (ESPConnect src/constants/usb.ts; Linux ch341.c id_table).
    usbVendorId: 0x1a86,
    usbProductId: 0x7523,
    // CH340 datasheet v2C ch. 4: only the CH340B has an EEPROM serial number; the usual CH340G/C report none.
    serialNumber: undefined,
    // The datasheet says "built-in transmit-receive buffer" without a size (UNCONFIRMED): one 32-byte packet is assumed.
    rxBufferBytes: 32,
    // Linux ch341.c ch341_set_baudrate_lcr: "buffers data until a full endpoint-size packet (32 bytes)
    // has been received unless bit 7 is set"; the Linux driver sets it, so a partial packet goes on the next frame.
    packetDataBytes: 32,
    partialPacketMs: USB_FRAME_MS,
    // CH340 datasheet v2C §5 lists 2,000,000 as its highest rate.
    maxBaud: 2_000_000,
    actualBaud: (baud) => nearest(baud, CH340_RATES),
  },
  cp2102: {
    kind: 'cp2102',
    chip: 'CP2102',
    // 10C4:EA60 "Silicon Labs factory default" (Linux cp210x.c id_table).
    usbVendorId: 0x10c4,
    usbProductId: 0xea60,
    // The serial string lives in its EEPROM; "0001" is common and not unique (freecalypso CP2102-EEPROM-format; DiUS/cp210x-cfg#4).
    serialNumber: '0001',
    // CP2102 datasheet feature list: 576-byte receive buffer.
    rxBufferBytes: 576,
    // USB 2.0 §5.8.3: 64 bytes is the largest full-speed bulk packet (the CP2102's endpoints use it).
    packetDataBytes: 64,
    // When the CP2102 sends a partly filled packet is not documented (UNCONFIRMED): the next frame is assumed.
    partialPacketMs: USB_FRAME_MS,
    // CP2102 datasheet: "300 bps to 1 Mbps".
    maxBaud: 1_000_000,
    // The classic CP2102 maps rates through its own table (AN205; UNCONFIRMED here): the CP2102N's 48 MHz / (2·div) is used.
    actualBaud: (baud) => 48e6 / (2 * Math.max(1, Math.round(48e6 / (2 * baud)))),
  },
  ft232r: {
    kind: 'ft232r',
    chip: 'FT232R',
    // 0403:6001 (Linux ftdi_sio_ids.h FTDI_8U232AM_PID).
    usbVendorId: 0x0403,
    usbProductId: 0x6001,
    // DS_US232R-10 §2.1.6: "Each FT232R is assigned a unique number which is burnt into the device at manufacture".
    serialNumber: 'A600DOGQ',
    // DS_FT232R: 256-byte receive buffer.
    rxBufferBytes: 256,
    // Linux ftdi_sio.h "IN Endpoint": 64-byte packets whose first 2 bytes are modem and line status.
    packetDataBytes: 62,
    // DS_US232R-10 §2.1.8: "This time defaults to 16ms"; Linux ftdi_sio.c priv->latency = 16.
    partialPacketMs: 16,
    maxBaud: 3_000_000,
    // DS_US232R-10 §2.1.9: baud = 3,000,000 / (n + x), x in eighths, n ≥ 2; n = 0 and 1 are the special 3 and 2 Mbaud.
    actualBaud: (baud) => {
      if (baud >= 2_500_000) return 3_000_000;
      if (baud >= 1_750_000) return 2_000_000;
      const eighths = Math.max(16, Math.round((3e6 / baud) * 8));
      return 3e6 / (eighths / 8);
    },
  },
  pl2303: {
    kind: 'pl2303',
    chip: 'PL2303HX',
    // 067B:2303 (Linux pl2303.h PL2303_VENDOR_ID, PL2303_PRODUCT_ID).
    usbVendorId: 0x067b,
    usbProductId: 0x2303,
    // The PL2303HX has no serial-number string in its default descriptor (UNCONFIRMED: no datasheet table read).
    serialNumber: undefined,
    // Its receive buffer size was not found in a source read here (UNCONFIRMED): 256 bytes assumed.
    rxBufferBytes: 256,
    // Full-speed bulk IN, 64 bytes (USB 2.0 §5.8.3).
    packetDataBytes: 64,
    partialPacketMs: USB_FRAME_MS,
    // pl2303.c pl2303_type_data[TYPE_HX].max_baud_rate = 6000000.
    maxBaud: 6_000_000,
    actualBaud: pl2303Rate,
  },
};

/** Where the adapter's received bytes go: the computer's serial port. */
export interface UsbHost {
  fromUsb(bytes: Uint8Array): void;
}

/**
 * The adapter's two directions in time. `toChip` is called with bytes that
 * reached the chip's RX at their rate; `host` receives what the adapter
 * sends over USB.
 */
export class AdapterLink {
  readonly profile: AdapterProfile;
  /** The rate the port was opened at (0: not open). */
  requestedBaud = 0;
  readonly #timeline: Timeline;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #holdTimer: (() => void) | undefined;
  #txFreeAt = 0;

  constructor(profile: AdapterProfile, timeline: Timeline) {
    this.profile = profile;
    this.#timeline = timeline;
  }

  /** The rate the adapter's UART runs at for the requested baud. */
  get baud(): number {
    return this.requestedBaud === 0 ? 0 : this.profile.actualBaud(this.requestedBaud);
  }

  /**
   * Host → chip: the bytes leave USB within a frame, then the UART at the
   * adapter's rate. Returns when the last of them has reached the chip.
   */
  send(bytes: Uint8Array, deliver: (bytes: Uint8Array, baud: number) => void): number {
    const baud = this.baud;
    const t = this.#timeline;
    const start = Math.max(t.now() + t.span(USB_FRAME_MS), this.#txFreeAt);
    const end = start + t.span(lineMs(bytes.length, baud));
    this.#txFreeAt = end;
    t.at(end, () => deliver(bytes, baud));
    return end;
  }

  /** Chip → host: full packets go at once, a partial one after the adapter's hold time (unless more bytes fill it first). */
  received(bytes: Uint8Array, host: UsbHost): void {
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    const packet = this.profile.packetDataBytes;
    if (this.#pendingBytes >= packet) {
      const all = this.#take();
      const full = all.length - (all.length % packet);
      host.fromUsb(all.subarray(0, full));
      if (full < all.length) {
        this.#pending = [all.subarray(full)];
        this.#pendingBytes = all.length - full;
      }
    }
    if (this.#pendingBytes === 0) return;
    if (this.#timeline.instant) {
      host.fromUsb(this.#take());
      return;
    }
    if (this.#holdTimer !== undefined) return;
    let sent = false;
    const cancel = this.#timeline.after(this.profile.partialPacketMs, () => {
      sent = true;
      this.#holdTimer = undefined;
      if (this.#pendingBytes > 0) host.fromUsb(this.#take());
    });
    // Kept only while it waits: a handle kept after it ran would stop every later partial packet.
    if (!sent) this.#holdTimer = cancel;
  }

  #take(): Uint8Array {
    const out = new Uint8Array(this.#pendingBytes);
    let at = 0;
    for (const part of this.#pending) {
      out.set(part, at);
      at += part.length;
    }
    this.#pending = [];
    this.#pendingBytes = 0;
    return out;
  }

  /** Unplugged: whatever it held is gone. */
  reset(): void {
    this.#timeline.cancelAll();
    this.#holdTimer?.();
    this.#holdTimer = undefined;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#txFreeAt = 0;
  }
}
