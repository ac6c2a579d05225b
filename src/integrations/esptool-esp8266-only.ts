/**
 * A Vite plugin for the site's build: esptool-js 0.7.0's loader
 * (`lib/esploader.js`) statically imports three things this page either
 * never uses or has smaller, and they would all be in the JavaScript the
 * first Connect downloads. Only these imports, from that one file, resolve
 * elsewhere:
 *
 * - `./targets/index.js`, its table of every chip, which builds all fifteen
 *   chip classes on load: the ESP8266 alone (src/flasher/esptool-targets.ts).
 * - `./image/index.js`, its firmware-image parsers for every chip (4.5 KB
 *   gzipped), read only by `writeFlash` to re-patch a header: the flasher
 *   patches headers itself (image.ts) and never calls `writeFlash`
 *   (src/flasher/esptool-image.ts says so if anything ever does).
 * - `pako`, all of zlib (15 KB gzipped, one module bundlers cannot trim):
 *   the flasher's own zlib on fflate, with the same calls
 *   (src/flasher/zlib.ts).
 */
import { fileURLToPath } from 'node:url';

const LOADER = /[\\/]esptool-js[\\/]lib[\\/]esploader\.js$/;
const flasherFile = (name: string): string => fileURLToPath(new URL(`../flasher/${name}`, import.meta.url));

/** What the loader imports → what the site's build gives it instead. */
export const REDIRECTS: Readonly<Record<string, string>> = {
  './targets/index.js': flasherFile('esptool-targets.ts'),
  './image/index.js': flasherFile('esptool-image.ts'),
  pako: flasherFile('zlib.ts'),
};

/** The part of a Vite plugin this needs (Vite is Astro's, not a dependency of ours). */
export interface ResolvePlugin {
  name: string;
  enforce: 'pre';
  resolveId(source: string, importer: string | undefined): string | null;
}

export function esptoolEsp8266Only(): ResolvePlugin {
  return {
    name: 'esptool-esp8266-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer === undefined || !LOADER.test(importer) || !Object.hasOwn(REDIRECTS, source)) return null;
      return REDIRECTS[source] ?? null;
    },
  };
}
