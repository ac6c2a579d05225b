/**
 * A seeded, firmware-like 1 MB image for the benchmark: a valid ESP8266 V1
 * header (0xE9, three segments, checksum) followed by code-like bytes (a
 * Zipf-weighted vocabulary of 2- and 3-byte "instructions", repeated idioms,
 * literal pools of 0x402xxxxx / 0x3FFxxxxx addresses) and a rodata-like run
 * of ASCII strings, then 0xFF padding to the end, as an Arduino/Tasmota
 * sonoff.bin looks when a whole 1 MB flash is written.
 *
 * Why not src/flasher/test-images.ts firmwareLike(): its bytes are 4 random
 * bits plus a slow counter (all below 0x40), so it has no 0xFF padding and no
 * 0xC0/0xDB bytes at all: it never exercises SLIP escaping, and at 1 MB it
 * compresses to 0.71 instead of the ~0.4 a padded 600 KB build does.
 */

/** xorshift32: deterministic across runs and machines. */
function rng(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/** Tuned so the 600 KB of code deflates (zlib -9) to ~0.69, as ESP8266 Arduino builds do. */
const COPY_RATE = 0.04;
const WORDS = (
  'wifi mqtt power energy voltage current relay button state topic status config sensor http ' +
  'update upload firmware version restart json time uptime hostname ssid password enabled ' +
  'failed connected %s %d %u %lu %02x Total Yesterday Today Period Factor Apparent Reactive ' +
  'cmnd stat tele POWER1 Sonoff Pow HLW8012 ESP8266 webserver template module gpio'
).split(' ');

export interface FirmwareImage {
  bytes: Uint8Array;
  /** Bytes before the 0xFF padding. */
  codeBytes: number;
}

export function firmwareImage(totalBytes = 1024 * 1024, codeBytes = 600 * 1024, seed = 0x50c0ff): FirmwareImage {
  const random = rng(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const out = new Uint8Array(totalBytes).fill(0xff);
  let at = 0;
  const push = (...bytes: number[]): void => {
    for (const b of bytes) if (at < codeBytes) out[at++] = b & 0xff;
  };

  // Vocabulary: 1500 instruction encodings, Zipf-weighted (a few very common: l32i, s32i, mov, call0, ret).
  const vocab: number[][] = [];
  for (let i = 0; i < 1500; i++) vocab.push(Array.from({ length: random() < 0.35 ? 2 : 3 }, () => int(256)));
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < vocab.length; i++) cumulative.push((total += 1 / (i + 1) ** 1.05));
  const pick = (): number[] => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return vocab[lo]!;
  };

  // Header: 0xE9, 3 segments, dout, 1MB/40MHz, entry; IRAM, DRAM, DRAM; checksum at the 16-byte boundary.
  const segments = [
    { load: 0x40100000, size: 28 * 1024 },
    { load: 0x3ffe8000, size: 1200 },
    { load: 0x3ffe84b0, size: 800 },
  ];
  push(0xe9, segments.length, 0x03, 0x20, ...le32(0x40100004));
  const segmentStart: number[] = [];
  for (const segment of segments) {
    push(...le32(segment.load), ...le32(segment.size));
    segmentStart.push(at);
    at += segment.size; // filled below, with the rest of the code
  }
  while (at % 16 !== 15) push(0);
  const checksumAt = at++;
  const headerEnd = at;
  at = segmentStart[0]!;
  const codeEnd = codeBytes - 48 * 1024; // then rodata strings

  const emitCode = (end: number): void => {
    while (at < end) {
      const r = random();
      if (r < COPY_RATE && at > 4096) {
        // A repeated idiom (prologue, epilogue, inlined helper): copy 6..48 bytes from earlier code.
        const len = 6 + int(43);
        const from = at - 1 - int(Math.min(at - 1, 64 * 1024));
        for (let i = 0; i < len && at < end; i++) push(out[from + i]!);
      } else if (r < COPY_RATE + 0.03) {
        // A literal pool entry: an address in irom or dram.
        push(...le32(random() < 0.6 ? 0x40200000 + int(0x80000) * 4 : 0x3ffe8000 + int(0x4000) * 4));
      } else {
        // An instruction: its encoding, with a register/offset field varying now and then.
        const insn = pick();
        const vary = random() < 0.5 ? int(insn.length) : -1;
        for (let i = 0; i < insn.length; i++) if (at < end) push(i === vary ? (insn[i]! & 0xf0) | int(16) : insn[i]!);
      }
    }
  };

  // Segments (skipping their headers), then irom code up to codeEnd.
  for (let i = 0; i < segments.length; i++) {
    at = segmentStart[i]!;
    emitCode(segmentStart[i]! + segments[i]!.size);
  }
  at = headerEnd;
  emitCode(codeEnd);
  while (at < codeBytes) {
    // rodata: format strings and JSON keys, NUL-terminated, now and then a small binary table.
    if (random() < 0.1) for (let i = 0; i < 16; i++) push(int(256));
    else {
      const n = 1 + int(6);
      const s = Array.from({ length: n }, () => WORDS[int(WORDS.length)]).join(random() < 0.3 ? '":"' : ' ');
      push(...new TextEncoder().encode(s), 0);
    }
  }
  let checksum = 0xef;
  for (let i = 0; i < segments.length; i++) for (let j = 0; j < segments[i]!.size; j++) checksum ^= out[segmentStart[i]! + j]!;
  out[checksumAt] = checksum;
  return { bytes: out, codeBytes };
}
