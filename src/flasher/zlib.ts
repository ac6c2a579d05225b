/**
 * zlib for the flasher, on fflate: the part of pako's API that the flasher
 * and esptool-js 0.7.0's loader use (`deflate`, `inflate`, `Inflate` with
 * `onData` and `push`), so both take it instead of pako (the site's build
 * points esptool-js's `import … from "pako"` here: src/integrations/
 * esptool-esp8266-only.ts). pako ships as one module that bundlers cannot
 * trim (15 KB gzipped for either half); fflate's zlib compressor and
 * streaming inflater are under 5 KB.
 *
 * The stream is a standard zlib stream (RFC 1950: header, deflate, Adler-32)
 * that any inflater reads, the stub's included; its bytes are not zlib's own
 * (nor were pako's: esptool.py's Python zlib is a third encoder), and the
 * flash receives the same bytes either way. Measured in the README.
 *
 * fflate comes on first use (`loadZlib()`, which a write and a .gz
 * firmware's decompression await first), not with the first Connect: a
 * Connect, an erase and a backup never compress. The calls stay synchronous,
 * as pako's are (esptool-js calls them so); one before `loadZlib()` is a bug
 * and says so.
 */
import type { DeflateOptions } from 'fflate';
import { pageCodeError } from './page-code.ts';

let fflate: typeof import('./fflate-part.ts') | undefined;

/** Fetches fflate once; every function below needs it. A failure is a 'page-code' FlasherError (nothing reached the device). */
export async function loadZlib(): Promise<void> {
  fflate ??= await import('./fflate-part.ts').catch((error: unknown) => {
    throw pageCodeError(error);
  });
}

function library(): typeof import('./fflate-part.ts') {
  if (fflate === undefined) throw new Error('zlib is used before loadZlib() fetched it (src/flasher/zlib.ts)');
  return fflate;
}

/** pako.deflate(data, { level }): a zlib stream; level 0–9 as zlib's (the flasher uses 9, as esptool.py). */
export function deflate(data: Uint8Array, options: { level?: DeflateOptions['level'] } = {}): Uint8Array {
  return library().zlibSync(data, { level: options.level ?? 6 });
}

/** pako.inflate(data): a zlib or gzip stream (told apart by its header), whole. Throws on damaged data. */
export function inflate(data: Uint8Array): Uint8Array {
  return data[0] === 0x1f && data[1] === 0x8b ? library().gunzipSync(data) : library().unzlibSync(data);
}

/**
 * pako's streaming Inflate, as esptool-js and the write loop use it: set
 * `onData`, then `push(chunk, isLast)`; `onData` gets what each push
 * decompressed. A damaged stream throws from push. pako's chunkSize option
 * is accepted and ignored (fflate hands over what each push produced).
 */
export class Inflate {
  onData: (chunk: Uint8Array) => void = () => undefined;
  readonly #inflater = new (library().Unzlib)((chunk) => {
    if (chunk.length > 0) this.onData(chunk);
  });

  constructor(_options: { chunkSize?: number } = {}) {}

  push(chunk: Uint8Array, isLast = false): boolean {
    this.#inflater.push(chunk, isLast);
    return true;
  }
}
