/**
 * The UART line between the adapter and the ESP8266: how long bytes take,
 * when two ends that run at slightly different rates still understand each
 * other, and what a receiver makes of bytes sent at another rate.
 */

/** 8N1: a start bit, eight data bits, a stop bit. */
export const BITS_PER_BYTE = 10;

/** Milliseconds the line takes for `count` bytes at `baud`. */
export function lineMs(count: number, baud: number): number {
  return (count * BITS_PER_BYTE * 1000) / baud;
}

/**
 * Largest relative rate difference at which an 8N1 receiver with 16x
 * oversampling still samples every bit of a frame correctly: −4.54 % / +4.58 %
 * (Microchip AVR USART datasheet, "Error Tolerance", normal speed, D = 8;
 * NXP KL27 RM §38.5.2.7.1 gives the same 4.54 %). Both ends' errors count.
 */
export const UART_TOLERANCE = 0.0454;

/** Whether a receiver at `receiverBaud` reads bytes sent at `senderBaud` correctly. */
export function understood(senderBaud: number, receiverBaud: number): boolean {
  return Math.abs(senderBaud - receiverBaud) / receiverBaud <= UART_TOLERANCE;
}

/**
 * Bytes sent at one rate and sampled at another: the receiver sees start
 * bits in the wrong places, about n × receiverBaud / senderBaud bytes of
 * noise, and noise can be any byte, 0xC0 (a SLIP frame end) included.
 * This is a model, not a measurement (UNCONFIRMED in its details): what is
 * documented is that the ROM's boot log goes out at the "unusual" 74880 baud
 * (esptool docs/en/advanced-topics/boot-mode-selection.rst:180) and that a
 * terminal must be set to that rate to read it (troubleshooting.rst:101, 129).
 */
export function garbage(count: number, senderBaud: number, receiverBaud: number, next: () => number): Uint8Array {
  const n = Math.max(1, Math.round((count * receiverBaud) / senderBaud));
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = next() & 0xff;
  return out;
}
