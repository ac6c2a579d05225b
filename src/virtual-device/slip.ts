/**
 * SLIP framing as the ESP8266 ROM loader and the flasher stub use it:
 * 0xC0 delimits, 0xDB 0xDC stands for 0xC0 and 0xDB 0xDD for 0xDB
 * (esptool docs/en/advanced-topics/serial-protocol.rst:32, "Low Level Protocol").
 * Receiving: bytes outside a frame are ignored, an empty frame (C0 C0) is
 * none, and a bad escape drops the frame (esp-flasher-stub v1.1.0
 * src/slip.c slip_recv_byte L102–142).
 */
export const SLIP_END = 0xc0;
export const SLIP_ESC = 0xdb;
export const SLIP_ESC_END = 0xdc;
export const SLIP_ESC_ESC = 0xdd;

export function slipEncode(payload: Uint8Array): Uint8Array {
  let extra = 0;
  for (const byte of payload) if (byte === SLIP_END || byte === SLIP_ESC) extra++;
  const out = new Uint8Array(payload.length + extra + 2);
  let at = 0;
  out[at++] = SLIP_END;
  for (const byte of payload) {
    if (byte === SLIP_END) {
      out[at++] = SLIP_ESC;
      out[at++] = SLIP_ESC_END;
    } else if (byte === SLIP_ESC) {
      out[at++] = SLIP_ESC;
      out[at++] = SLIP_ESC_ESC;
    } else out[at++] = byte;
  }
  out[at] = SLIP_END;
  return out;
}

/**
 * The receiving side: bytes outside a frame are ignored (line noise), an
 * empty frame (two 0xC0 in a row) is a frame start, and a frame with an
 * invalid escape is dropped whole.
 */
export class SlipDecoder {
  #frame: number[] | undefined;
  #escaping = false;
  #invalid = false;

  /** True while a frame has started and not ended. */
  get inFrame(): boolean {
    return this.#frame !== undefined;
  }

  reset(): void {
    this.#frame = undefined;
    this.#escaping = false;
    this.#invalid = false;
  }

  /** Feeds bytes; returns every complete, valid frame they finish. */
  push(bytes: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (const byte of bytes) {
      const frame = this.#frame;
      if (frame === undefined) {
        if (byte === SLIP_END) this.#frame = [];
        continue;
      }
      if (this.#escaping) {
        this.#escaping = false;
        if (byte === SLIP_ESC_END) frame.push(SLIP_END);
        else if (byte === SLIP_ESC_ESC) frame.push(SLIP_ESC);
        else this.#invalid = true;
      } else if (byte === SLIP_ESC) this.#escaping = true;
      else if (byte === SLIP_END) {
        if (frame.length === 0 && !this.#invalid) continue; // C0 C0: still a frame start
        if (!this.#invalid) frames.push(Uint8Array.from(frame));
        this.#frame = [];
        this.#invalid = false;
      } else frame.push(byte);
    }
    return frames;
  }
}
