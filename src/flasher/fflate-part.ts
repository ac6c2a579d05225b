/**
 * The part of fflate the flasher uses, as its own module: zlib.ts fetches
 * this on first use. Naming the four functions here lets the bundler drop
 * the rest of fflate (12 KB gzipped whole; these are under 5 KB), which an
 * `import('fflate')` of the whole module would keep.
 */
export { Unzlib, gunzipSync, unzlibSync, zlibSync } from 'fflate';
