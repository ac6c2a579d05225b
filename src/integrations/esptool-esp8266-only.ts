/**
 * A Vite plugin for the site's build: esptool-js's loader imports its table
 * of every chip (`./targets/index.js`), which builds all fifteen chip classes
 * on load and puts them in the JavaScript the first Connect downloads. This
 * page flashes an ESP8266 only and never uses that table, so the loader's one
 * import of it resolves to src/flasher/esptool-targets.ts (the ESP8266 alone).
 * Only that import, from that file, is redirected.
 */
import { fileURLToPath } from 'node:url';

const LOADER = /[\\/]esptool-js[\\/]lib[\\/]esploader\.js$/;
const TABLE = './targets/index.js';
const REPLACEMENT = fileURLToPath(new URL('../flasher/esptool-targets.ts', import.meta.url));

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
      if (source === TABLE && importer !== undefined && LOADER.test(importer)) return REPLACEMENT;
      return null;
    },
  };
}
