/**
 * MD5 as lower-case hex, the form the stub's SPI_FLASH_MD5 answer is compared
 * in. Browser and Node. spark-md5 comes on first use (`loadMd5()`, which every
 * operation of a session and the backup store await first), not with the
 * first Connect; `md5Hex` stays synchronous, and one call before it is a bug
 * that says so.
 */
import type SparkMD5 from 'spark-md5';
import { pageCodeError } from './page-code.ts';

let spark: typeof SparkMD5 | undefined;

/** Fetches spark-md5 once; a failure is a 'page-code' FlasherError (nothing reached the device). */
export async function loadMd5(): Promise<void> {
  spark ??= (
    await import('spark-md5').catch((error: unknown) => {
      throw pageCodeError(error);
    })
  ).default;
}

export function md5Hex(bytes: Uint8Array): string {
  if (spark === undefined) throw new Error('MD5 is used before loadMd5() fetched it (src/flasher/md5.ts)');
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return spark.ArrayBuffer.hash(copy as ArrayBuffer);
}
