/**
 * SPI_FLASH_MD5 as both stubs compute it on the chip: the range read 4 KB at
 * a time, each piece fed to the ROM's MD5Update, then MD5Final.
 * - esp-flasher-stub v1.1.0 src/command_handler.c s_spi_flash_md5 (L690–733):
 *   stub_lib_flash_read_buff into a 4096-byte buffer, stub_lib_md5_update;
 *   esp-stub-lib 8e83515 src/target/common/src/md5.c: the ESP8266 has no
 *   target override, so that is the ROM's MD5Update.
 * - legacy stub (esptool-legacy-flasher-stub flasher_stub/stub_commands.c
 *   handle_flash_get_md5sum): SPIRead of a 4 KB sector, then MD5Update.
 *
 * Time: the flash read (flash-chip.ts) plus the MD5's CPU time, which the
 * sources do not give. A published `esptool.py --trace` of an ESP8266 (a
 * WeMos D1 mini Pro on a CP2104, esptool 3.x with the legacy stub, which
 * sends the answer's header before it starts hashing: stub_flasher.c L217–247)
 * shows 0.309 s between the header and the digest for 261,840 bytes
 * (`op=0x13 … data=00000000d0fe0300…`, "Read 8 bytes: 0113120000000000",
 * "+0.309 Read 1 bytes: 8a"): 1.18 µs a byte for read and MD5 together,
 * 1.24 s per MB. With this model's flash read at 0.40 µs a byte
 * (UNCONFIRMED), the MD5 is the rest: 0.78 µs a byte (about 40 cycles a
 * byte at the ROM's 52 MHz: esp-stub-lib src/target/esp8266/src/clock.c
 * esp_rom_set_cpu_ticks_per_us(52)). esptool v4.12.0 loader.py allows
 * MD5_TIMEOUT_PER_MB = 8 s.
 */
import SparkMD5 from 'spark-md5';
import { SECTOR_SIZE } from '../flash.ts';
import type { Cpu } from './cpu.ts';

/** The MD5's CPU time on the chip, ms per byte (see above: a trace's 1.18 µs/B less the flash read's 0.40). */
export const MD5_CPU_MS_PER_BYTE = 0.00078;

/** The 16 raw digest bytes of `length` bytes of flash at `address`; moves the CPU's clock on by the reads and the hashing. */
export function flashMd5(cpu: Cpu, address: number, length: number): Uint8Array {
  const md5 = new SparkMD5.ArrayBuffer();
  for (let at = 0; at < length; at += SECTOR_SIZE) {
    const part = cpu.flash.read(cpu.t, address + at, Math.min(SECTOR_SIZE, length - at));
    cpu.t = part.done;
    cpu.spend(part.bytes.length * MD5_CPU_MS_PER_BYTE);
    md5.append(part.bytes.slice().buffer as ArrayBuffer);
  }
  return digestBytes(md5.end());
}

/** An MD5 in hex as the 16 bytes a stub sends. */
export function digestBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!.map((h) => Number.parseInt(h, 16)));
}
