/** For Node (vitest's setup file, the benchmark): fflate fetched before anything compresses (src/flasher/zlib.ts). */
import { loadZlib } from './zlib.ts';

await loadZlib();
