/**
 * Small, valid-by-construction images for the flasher's tests: an ESP8266
 * V1 image (header, segments, checksum byte at the 16-byte boundary) and an
 * ESP32-family image with its extended header. Test support only.
 */
function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

export function esp8266Image(options: { sizeFreq?: number; mode?: number; segmentBytes?: number[]; trailingBytes?: number } = {}): Uint8Array {
  const { sizeFreq = 0x0f, mode = 0x00, segmentBytes = [40, 300], trailingBytes = 0 } = options;
  const loads = [0x40100000, 0x3ffe8000, 0x3ffe8400, 0x40104000];
  const out: number[] = [0xe9, segmentBytes.length, mode, sizeFreq, ...le32(0x40100004)];
  let checksum = 0xef;
  segmentBytes.forEach((size, i) => {
    out.push(...le32(loads[i % loads.length]!), ...le32(size));
    for (let j = 0; j < size; j++) {
      const byte = (j * 31 + i * 7 + 1) & 0xff;
      checksum ^= byte;
      out.push(byte);
    }
  });
  while (out.length % 16 !== 15) out.push(0);
  out.push(checksum);
  for (let i = 0; i < trailingBytes; i++) out.push((i * 13 + 5) & 0xff);
  return Uint8Array.from(out);
}

export function esp32Image(chipId = 0x00): Uint8Array {
  const header = [0xe9, 2, 0x02, 0x20, ...le32(0x40080000)];
  const extended = [0xee, 0, 0, 0, chipId & 0xff, chipId >> 8, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0, 1];
  const segment = [...le32(0x3f400020), ...le32(64), ...new Array<number>(64).fill(0x11)];
  const out = [...header, ...extended, ...segment];
  while (out.length % 16 !== 15) out.push(0);
  out.push(0xab);
  return Uint8Array.from(out);
}

/** A firmware-sized ESP8266 image: a valid V1 header and segments, then data that compresses like code (about 2:1). */
export function firmwareLike(sizeBytes: number, seed = 1): Uint8Array {
  const head = esp8266Image({ sizeFreq: 0x0f, mode: 0x00 });
  const out = new Uint8Array(sizeBytes);
  out.set(head);
  let state = seed >>> 0 || 1;
  for (let i = head.length; i < sizeBytes; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = (state & 0x0f) | ((i >> 4) & 0x30);
  }
  return out;
}
