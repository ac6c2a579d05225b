/**
 * The ESP8266 ROM's serial loader, as esptool's documentation describes it
 * (docs/en/advanced-topics/serial-protocol.rst, the `only:: esp8266` parts)
 * and as esptool.py 4.12 talks to it. It has only commands 0x02–0x0A; every
 * other command (SPI_SET_PARAMS, SPI_ATTACH, CHANGE_BAUDRATE, the compressed
 * writes, SPI_FLASH_MD5, …) is unsupported.
 */
import { SECTOR_SIZE } from '../flash.ts';
import { checksum, ESP8266_ROM_COMMANDS, isSyncPayload, OP, parseRequest, ROM_ERROR, u32 } from '../protocol.ts';
import type { Cpu, Loader } from './cpu.ts';

/**
 * The value the ROM puts in its SYNC replies: not in the protocol document,
 * but a real ESP8266's reply `01 08 02 00 07 07 12 20 00 00` shows it
 * (esptool issue #617 trace), and Espressif's flash download tool checks for
 * exactly "SYNC True:c001080200070712200000c0". esptool only tells a ROM
 * (nonzero) from a stub (0) by it (loader.py sync(); esptool-js sync: "ROM
 * bootloaders send some non-zero val").
 */
const SYNC_VALUE = 0x20120707;
/**
 * What can wait while the ROM works: the UART's 128-byte RX FIFO (ESP8266
 * Technical Reference, UART). The ROM also has an RX interrupt handler with
 * its own buffer (uart_rx_intr_handler, uart_buff_switch in
 * esp-stub-lib esp8266.rom.ld), so the real limit may be larger (UNCONFIRMED).
 * esptool waits for every answer, so it never meets the limit.
 */
const UART_FIFO_BYTES = 128;
const SECTORS_PER_BLOCK = 16;

export class RomLoader implements Loader {
  readonly name = 'ESP8266 ROM loader';
  /** The ROM reads its UART by polling; while it works, only what fits the RX FIFO waits. */
  readonly spareFrames = 1;
  readonly whenFull = 'drop' as const;
  readonly spareFrameMaxBytes = UART_FIFO_BYTES;
  #flashWrite: { offset: number; blockSize: number } | undefined;
  #memWrite: { offset: number; blockSize: number } | undefined;

  frame(frame: Uint8Array, cpu: Cpu): void {
    const request = parseRequest(frame);
    if (request === undefined || request.direction !== 0x00) return; // not a request: nothing to answer
    const { op, data } = request;
    const ok = (value = 0, body: ArrayLike<number> = []): void => cpu.reply(op, value, body, [0, 0]);
    const fail = (error: number): void => cpu.reply(op, 0, [], [1, error]);
    if (!ESP8266_ROM_COMMANDS.has(op)) {
      // esptool loader.py command(): an unsupported command gets replies with
      // status 1, error 0x05 ("sent 8 times"), whose command byte esptool does
      // not match against the request; the exact bytes the ESP8266 ROM sends
      // are not documented (UNCONFIRMED).
      for (let i = 0; i < 8; i++) cpu.reply(0x00, 0, [], [1, ROM_ERROR.INVALID_MESSAGE]);
      return;
    }
    if (request.declaredLength !== data.length) return fail(ROM_ERROR.INVALID_MESSAGE);
    switch (op) {
      case OP.SYNC:
        if (!isSyncPayload(data)) return fail(ROM_ERROR.INVALID_MESSAGE);
        // Eight answers: esptool loader.py sync() reads seven more after the first; esp-flasher-stub's
        // s_sync: "Bootloader responds to the SYNC request with eight identical SYNC responses".
        for (let i = 0; i < 8; i++) ok(SYNC_VALUE);
        return;
      case OP.READ_REG:
        if (data.length !== 4) return fail(ROM_ERROR.INVALID_MESSAGE);
        return ok(cpu.readReg(u32(data, 0)));
      case OP.WRITE_REG:
        // Four words: address, value, mask, delay in µs (serial-protocol.rst WRITE_REG).
        if (data.length === 0 || data.length % 16 !== 0) return fail(ROM_ERROR.INVALID_MESSAGE);
        for (let at = 0; at < data.length; at += 16) {
          cpu.spend(u32(data, at + 12) / 1000);
          cpu.writeReg(u32(data, at), u32(data, at + 4), u32(data, at + 8));
        }
        return ok();
      case OP.MEM_BEGIN:
        if (data.length !== 16) return fail(ROM_ERROR.INVALID_MESSAGE);
        this.#memWrite = { offset: u32(data, 12), blockSize: u32(data, 8) };
        return ok();
      case OP.MEM_DATA: {
        // Blocks land at offset + seq × block size (esptool sends them in order, so sequential writing would agree; which the ROM does is UNCONFIRMED).
        if (data.length < 16 || u32(data, 0) !== data.length - 16) return fail(ROM_ERROR.INVALID_MESSAGE);
        const block = data.subarray(16);
        if (checksum(block) !== (request.checksum & 0xff)) return fail(ROM_ERROR.CHECKSUM);
        const job = this.#memWrite;
        if (job === undefined) return fail(ROM_ERROR.INVALID_MESSAGE);
        cpu.ram.write(job.offset + u32(data, 4) * job.blockSize, block);
        return ok();
      }
      case OP.MEM_END: {
        // Two words: execute flag (0 = jump), entry point (serial-protocol.rst MEM_END; esptool mem_finish sends int(entry == 0)).
        if (data.length !== 8) return fail(ROM_ERROR.INVALID_MESSAGE);
        ok();
        this.#memWrite = undefined;
        if (u32(data, 0) === 0 && u32(data, 4) !== 0) cpu.jumpTo(u32(data, 4));
        return;
      }
      case OP.FLASH_BEGIN:
        // Four words (serial-protocol.rst); esptool-js also sends a fifth (encryption, 0) to a ROM. Whether the
        // ESP8266 ROM accepts 20 bytes is UNCONFIRMED: it is accepted here.
        if (data.length !== 16 && data.length !== 20) return fail(ROM_ERROR.INVALID_MESSAGE);
        this.#erase(cpu, u32(data, 0), u32(data, 12));
        this.#flashWrite = { offset: u32(data, 12), blockSize: u32(data, 8) };
        return ok();
      case OP.FLASH_DATA: {
        if (data.length < 16 || u32(data, 0) !== data.length - 16) return fail(ROM_ERROR.INVALID_MESSAGE);
        const block = data.subarray(16);
        if (checksum(block) !== (request.checksum & 0xff)) return fail(ROM_ERROR.CHECKSUM);
        const job = this.#flashWrite;
        if (job === undefined) return fail(ROM_ERROR.INVALID_MESSAGE);
        const address = job.offset + u32(data, 4) * job.blockSize;
        if (!cpu.flash.nor.inRange(address, block.length)) return fail(ROM_ERROR.INVALID_MESSAGE);
        cpu.t = cpu.flash.program(cpu.t, address, block);
        // "after writing a block of data to flash, the ROM loader reads the value back and the 8-bit CRC is compared" (ROM error 0x08).
        const back = cpu.flash.read(cpu.t, address, block.length);
        cpu.t = back.done;
        if (checksum(back.bytes) !== checksum(block)) return fail(0x08);
        return ok();
      }
      case OP.FLASH_END:
        if (data.length !== 4) return fail(ROM_ERROR.INVALID_MESSAGE);
        ok();
        this.#flashWrite = undefined;
        // 0 = reboot, 1 = run user code: either way the ROM leaves the loader for the flash.
        if (u32(data, 0) === 0) cpu.softwareReset();
        else cpu.runUserCode();
        return;
    }
  }

  /**
   * FLASH_BEGIN erases before it answers. The ESP8266 ROM's erase-size bug
   * (serial-protocol.rst: "there is a bug in the interpretation of the
   * FLASH_BEGIN 'erase size' parameter"), as esptool's
   * ESP8266ROM.get_erase_size() compensates it: with S sectors asked for and
   * H left in the first 64 KB block, the ROM erases 2·S sectors when S ≤ H,
   * else S + H. Sectors up to a block boundary, then whole blocks (the way
   * the legacy stub's ERASE_REGION does it; the ROM's own order is UNCONFIRMED).
   */
  #erase(cpu: Cpu, eraseSize: number, offset: number): void {
    if (eraseSize === 0) return;
    const asked = Math.ceil(eraseSize / SECTOR_SIZE);
    const first = Math.floor(offset / SECTOR_SIZE);
    const head = SECTORS_PER_BLOCK - (first % SECTORS_PER_BLOCK);
    const total = Math.min(asked <= head ? 2 * asked : asked + head, cpu.flash.size / SECTOR_SIZE - first);
    let sector = first;
    const end = first + total;
    while (sector < end) {
      if (sector % SECTORS_PER_BLOCK === 0 && end - sector >= SECTORS_PER_BLOCK) {
        cpu.t = cpu.flash.startBlockErase(cpu.t, sector / SECTORS_PER_BLOCK);
        sector += SECTORS_PER_BLOCK;
      } else {
        cpu.t = cpu.flash.startSectorErase(cpu.t, sector);
        sector++;
      }
    }
    cpu.t = cpu.flash.readyAt(cpu.t);
  }
}
