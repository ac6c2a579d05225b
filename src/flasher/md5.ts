/** MD5 as lower-case hex, the form the stub's SPI_FLASH_MD5 answer is compared in. Browser and Node. */
import SparkMD5 from 'spark-md5';

export function md5Hex(bytes: Uint8Array): string {
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return SparkMD5.ArrayBuffer.hash(copy as ArrayBuffer);
}
