import { deflateRawSync, gzipSync, inflateSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { firmwareLike } from './test-images.ts';
import { deflate, Inflate, inflate } from './zlib.ts';

const image = firmwareLike(300_000, 7);

describe('zlib on fflate', () => {
  it('deflates to a zlib stream another inflater reads back byte for byte', () => {
    const compressed = deflate(image, { level: 9 });
    expect(compressed[0]).toBe(0x78); // RFC 1950 header: deflate, 32 KB window
    expect(((compressed[0]! << 8) | compressed[1]!) % 31).toBe(0);
    expect(new Uint8Array(inflateSync(compressed))).toEqual(image);
    expect(compressed.length).toBeLessThan(image.length);
  });

  it('compresses more at level 9 than at level 1', () => {
    expect(deflate(image, { level: 9 }).length).toBeLessThan(deflate(image, { level: 1 }).length);
  });

  it('streams: pushing the stream in blocks hands over every byte, in order', () => {
    const compressed = deflateSync(image, { level: 9 });
    const out: Uint8Array[] = [];
    const inflater = new Inflate({ chunkSize: 16 * 1024 });
    inflater.onData = (chunk) => out.push(chunk);
    const block = 0x4000;
    let afterFirst = 0;
    for (let offset = 0; offset < compressed.length; offset += block) {
      inflater.push(compressed.subarray(offset, offset + block), offset + block >= compressed.length);
      if (offset === 0) afterFirst = out.reduce((sum, chunk) => sum + chunk.length, 0);
    }
    // Progress comes block by block, not all at the end.
    expect(afterFirst).toBeGreaterThan(0);
    expect(afterFirst).toBeLessThan(image.length);
    const joined = new Uint8Array(out.reduce((sum, chunk) => sum + chunk.length, 0));
    let at = 0;
    for (const chunk of out) joined.set(chunk, (at += chunk.length) - chunk.length);
    expect(joined).toEqual(image);
  });

  it('inflates zlib and gzip, told apart by the header', () => {
    expect(inflate(new Uint8Array(deflateSync(image)))).toEqual(image);
    expect(inflate(new Uint8Array(gzipSync(image)))).toEqual(image);
  });

  it('refuses what is neither (a raw deflate stream, text, a damaged stream)', () => {
    expect(() => inflate(new Uint8Array(deflateRawSync(image)))).toThrow();
    expect(() => inflate(new TextEncoder().encode('just text'))).toThrow();
    const damaged = new Uint8Array(gzipSync(image));
    damaged.fill(0xff, 100, 200);
    expect(() => inflate(damaged)).toThrow();
  });
});
