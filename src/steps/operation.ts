/**
 * What a guide step does to the device, independent of how it is spelled on
 * a command line or how it is carried out. Pure data: no DOM, no I/O.
 */

export type FlashMode = 'qio' | 'qout' | 'dio' | 'dout';
export const FLASH_MODES: readonly FlashMode[] = ['qio', 'qout', 'dio', 'dout'];

/** Sizes esptool.py accepts for an ESP8266 with `-fs`. */
export type FlashSize = '256KB' | '512KB' | '1MB' | '2MB' | '4MB' | '8MB' | '16MB';
export const FLASH_SIZES: readonly FlashSize[] = ['256KB', '512KB', '1MB', '2MB', '4MB', '8MB', '16MB'];

/** `-fs`: a fixed size, `detect` (ask the chip) or `keep` (leave the image's). */
export type FlashSizeSetting = FlashSize | 'detect' | 'keep';

/** `-ff` for an ESP8266. */
export type FlashFreq = '40m' | '26m' | '20m' | '80m';
export const FLASH_FREQS: readonly FlashFreq[] = ['40m', '26m', '20m', '80m'];

export interface FileAtAddress {
  address: number;
  /** The file name as written in the command; the reader supplies the bytes. */
  fileName: string;
}

export interface EraseFlash {
  kind: 'erase_flash';
}

export interface WriteFlash {
  kind: 'write_flash';
  flashSize: FlashSizeSetting;
  flashMode: FlashMode | 'keep';
  flashFreq: FlashFreq | 'keep';
  files: FileAtAddress[];
}

export interface ReadFlash {
  kind: 'read_flash';
  address: number;
  sizeBytes: number;
  fileName: string;
}

export type Operation = EraseFlash | WriteFlash | ReadFlash;

/** A whole command line: the operation plus the connection it runs over. */
export interface Command {
  port: string;
  baud: number;
  operation: Operation;
}

/** Bytes in a flash of the given size. */
export function flashSizeBytes(size: FlashSize): number {
  const match = /^(\d+)(KB|MB)$/.exec(size);
  if (!match) throw new Error(`not a flash size: ${size}`);
  return Number(match[1]) * (match[2] === 'MB' ? 1024 * 1024 : 1024);
}

/** The size name for a byte count, if esptool.py has one. */
export function flashSizeName(sizeBytes: number): FlashSize | undefined {
  return FLASH_SIZES.find((size) => flashSizeBytes(size) === sizeBytes);
}
