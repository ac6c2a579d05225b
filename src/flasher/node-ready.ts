/**
 * For Node (vitest's setup file, the benchmark, specs that build test data):
 * the libraries the page fetches on first use, fetched before anything
 * compresses or hashes (src/flasher/zlib.ts, md5.ts).
 */
import { loadMd5 } from './md5.ts';
import { loadZlib } from './zlib.ts';

await Promise.all([loadZlib(), loadMd5()]);
