/**
 * espressif/esptool-legacy-flasher-stub v1.11.1, the stub esptool.py 4.12
 * uploads by default. Source: flasher_stub/stub_flasher.c (cmd_loop),
 * stub_commands.c, stub_write_flash.c, stub_io.c at tag v1.11.1, checked
 * against the ESP8266 binary esptool 4.12 ships ("L" = stub_flasher.c lines).
 *
 * Like esp-flasher-stub it answers DATA, READ_FLASH and CHANGE_BAUDRATE
 * first and does the work after (L415–470), but errors of that work wait in
 * `fs.last_error` for the next DATA or END answer instead, and several
 * handlers are written `verify_data_len(...) || handler()`, so their failure
 * status is 1, not an error code (L287–401).
 */
import { Inflate } from 'pako';
import SparkMD5 from 'spark-md5';
import { SECTOR_SIZE } from '../flash.ts';
import { checksum, OP, STUB_ERROR, u16, u32 } from '../protocol.ts';
import type { Cpu, Loader } from './cpu.ts';
import { digestBytes, flashMd5 } from './flash-md5.ts';

/** stub_flasher.h esp_command_error: protocol.ts STUB_ERROR. */
const E = { OK: 0x00, ...STUB_ERROR } as const;
/** `a || b` in C: 1 when either failed. */
const OR_FAILED = 1;

/** stub_flasher.h MAX_WRITE_BLOCK. */
const MAX_WRITE_BLOCK = 0x4000;
const SECTORS_PER_BLOCK = 16;
/** stub_write_flash.c handle_flash_deflated_data: `static uint8_t out_buf[32768]`. */
const OUT_BUF_BYTES = 32768;
/** stub_io.c stub_io_set_baudrate: 10 ms before the divider changes, 1 ms after. */
const BAUD_DELAY_BEFORE_MS = 10;
const BAUD_DELAY_AFTER_MS = 1;

interface FlashState {
  nextWrite: number;
  nextEraseSector: number;
  remaining: number;
  remainingEraseSectors: number;
  lastError: number;
  inflate: Inflate | undefined;
  remainingCompressed: number;
  inflateDone: boolean;
  outBuf: Uint8Array[];
  outBytes: number;
}

interface ReadJob {
  address: number;
  length: number;
  block: number;
  maxInFlight: number;
  sent: number;
  acked: number;
  md5: SparkMD5.ArrayBuffer;
}

const copyOf = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer as ArrayBuffer;

export class LegacyStub implements Loader {
  readonly name = 'esptool-legacy-flasher-stub v1.11.1';
  /** stub_flasher.c uart_buf_t: buf_a and buf_b; a second finished frame overwrites `ub.command`. */
  readonly spareFrames = 1;
  readonly whenFull = 'replace' as const;
  #fs: FlashState | undefined;
  #inFlashMode = false;
  #mem: { offset: number; remaining: number } | undefined;
  #read: ReadJob | undefined;
  /** handle_flash_read with a block over 4 KB returns with RX interrupts still off (stub_rx_async_enable(false)): nothing more is heard. */
  #deaf = false;

  /** stub_main: "OHAI" at once (L525–526), then the UART RX interrupt. */
  start(cpu: Cpu): void {
    cpu.send(new TextEncoder().encode('OHAI'));
  }

  frame(frame: Uint8Array, cpu: Cpu): void {
    if (this.#deaf) return;
    if (this.#read !== undefined) return this.#ack(frame, cpu);
    if (frame.length < 8) return;
    const op = frame[1]!;
    const dataLen = u16(frame, 2);
    const chk = u32(frame, 4);
    const data = frame.subarray(8, 8 + dataLen);
    const word = (i: number): number => u32(data, i * 4);
    const send = (error: number, value = 0, body: ArrayLike<number> = [], status = 0): void => cpu.reply(op, value, body, [error, status]);
    const lengthIs = (n: number): boolean => dataLen === n;
    // L248–253
    if (dataLen > MAX_WRITE_BLOCK + 16) return send(E.BAD_DATA_LEN, 0, [], 0xee);
    switch (op) {
      case OP.SYNC:
        if (!lengthIs(36)) return send(E.BAD_DATA_LEN);
        for (let i = 0; i < 7; i++) cpu.reply(op, 0, [], [0, 0]); // L264–284: value 0 tells esptool a stub answers
        return send(E.OK);
      case OP.READ_REG:
        return lengthIs(4) ? send(E.OK, cpu.readReg(word(0))) : send(E.BAD_DATA_LEN);
      case OP.WRITE_REG:
        if (dataLen % 16 !== 0) return send(E.BAD_DATA_LEN);
        for (let at = 0; at < dataLen; at += 16) {
          cpu.spend(u32(data, at + 12) / 1000);
          cpu.writeReg(u32(data, at), u32(data, at + 4), u32(data, at + 8));
        }
        return send(E.OK);
      case OP.SPI_SET_PARAMS:
        return send(lengthIs(24) ? E.OK : OR_FAILED);
      case OP.SPI_ATTACH:
        return send(lengthIs(4) ? E.OK : OR_FAILED);
      case OP.CHANGE_BAUDRATE: {
        if (!lengthIs(8)) return send(E.BAD_DATA_LEN);
        send(E.OK);
        // stub_io_set_baudrate(current = data_words[1], new = data_words[0]); get_new_uart_divider: div × current / new.
        cpu.spend(BAUD_DELAY_BEFORE_MS);
        const divider = word(0) === 0 ? 0 : Math.floor((cpu.uartDivider * word(1)) / word(0));
        cpu.setUartDivider(divider);
        cpu.spend(BAUD_DELAY_AFTER_MS);
        return;
      }
      case OP.MEM_BEGIN:
        if (!lengthIs(16)) return send(OR_FAILED);
        this.#mem = { offset: word(3), remaining: word(0) };
        return send(E.OK);
      case OP.MEM_DATA: {
        // stub_commands.c handle_mem_data: no checksum check.
        const length = Math.max(0, dataLen - 16);
        const mem = this.#mem;
        if (mem === undefined && length > 0) return send(E.NOT_IN_FLASH_MODE);
        if (mem === undefined) return send(E.OK);
        if (length > mem.remaining) return send(E.TOO_MUCH_DATA);
        if (length % 4 !== 0) return send(E.BAD_DATA_LEN);
        cpu.ram.write(mem.offset, data.subarray(16));
        mem.offset += length;
        mem.remaining -= length;
        return send(E.OK);
      }
      case OP.MEM_END: {
        // verify_data_len(8) || handle_mem_finish(): a wrong length leaves the MEM state as it was.
        if (!lengthIs(8)) return send(OR_FAILED);
        const complete = this.#mem === undefined || this.#mem.remaining === 0;
        this.#mem = undefined;
        if (!complete) return send(OR_FAILED);
        send(E.OK);
        if (word(1) !== 0) {
          cpu.waitTxIdle();
          cpu.spend(1);
          cpu.jumpTo(word(1));
        }
        return;
      }
      case OP.ERASE_FLASH:
        if (!lengthIs(0)) return send(OR_FAILED);
        cpu.t = cpu.flash.eraseChip(cpu.t); // ROM SPIEraseChip, waited
        return send(E.OK);
      case OP.ERASE_REGION:
        return send(lengthIs(8) && this.#eraseRegion(word(0), word(1), cpu) ? E.OK : OR_FAILED);
      case OP.SPI_FLASH_MD5: {
        // ESP_FLASH_VERIFY_MD5: the digest goes inside the answer, before the status (L232–234, stub_commands.c handle_flash_get_md5sum).
        if (!lengthIs(16)) return send(OR_FAILED);
        const address = word(0);
        const length = word(1);
        if (!cpu.flash.nor.inRange(address, length)) return send(OR_FAILED);
        return send(E.OK, 0, flashMd5(cpu, address, length));
      }
      case OP.READ_FLASH:
        if (!lengthIs(16)) return send(E.BAD_DATA_LEN);
        send(E.OK);
        return this.#startRead(word(0), word(1), word(2), word(3), cpu);
      case OP.FLASH_BEGIN:
      case OP.FLASH_DEFL_BEGIN: {
        if (!lengthIs(16) && !lengthIs(20)) return send(E.BAD_DATA_LEN);
        if (word(2) > MAX_WRITE_BLOCK) return send(E.BAD_BLOCKSIZE);
        const compressed = op === OP.FLASH_DEFL_BEGIN;
        // stub_write_flash.c handle_flash_begin: no erase yet; it erases as data arrives.
        const total = word(0);
        const offset = word(3);
        this.#fs = {
          nextWrite: offset,
          nextEraseSector: Math.floor(offset / SECTOR_SIZE),
          remaining: total,
          remainingEraseSectors: Math.floor(((offset % SECTOR_SIZE) + total + SECTOR_SIZE - 1) / SECTOR_SIZE),
          lastError: E.OK,
          inflate: compressed ? new Inflate({ chunkSize: SECTOR_SIZE }) : undefined,
          remainingCompressed: compressed ? word(1) * word(2) : 0,
          inflateDone: false,
          outBuf: [],
          outBytes: 0,
        };
        this.#inFlashMode = true;
        return send(E.OK);
      }
      case OP.FLASH_DATA:
      case OP.FLASH_DEFL_DATA: {
        // L349–369: the error of the previous block first, then this block's length and checksum.
        const fs = this.#fs;
        if (!this.#inFlashMode || fs === undefined) return send(E.NOT_IN_FLASH_MODE);
        const payload = data.subarray(16);
        let error = fs.lastError;
        if (word(0) !== dataLen - 16) error = E.BAD_DATA_LEN;
        if (checksum(payload) !== chk) error = E.BAD_DATA_CHECKSUM;
        send(error);
        if (error !== E.OK) return;
        if (op === OP.FLASH_DATA) this.#write(fs, payload, cpu);
        else this.#writeDeflated(fs, payload, cpu);
        return;
      }
      case OP.FLASH_END:
      case OP.FLASH_DEFL_END: {
        // stub_write_flash.c handle_flash_end: no length check; data still owed → NOT_ENOUGH_DATA.
        const fs = this.#fs;
        if (!this.#inFlashMode || fs === undefined) return send(E.NOT_IN_FLASH_MODE);
        if (fs.remaining > 0) return send(E.NOT_ENOUGH_DATA);
        this.#inFlashMode = false;
        send(fs.lastError);
        if (fs.lastError === E.OK && word(0) === 0) {
          // L438–449: "passing 0 as parameter for ESP_FLASH_END means reboot now".
          cpu.waitTxIdle();
          cpu.spend(10);
          cpu.softwareReset();
        }
        return;
      }
      case OP.RUN_USER_CODE:
        // L403–408: no answer; cmd_loop returns and the ROM runs the firmware.
        cpu.runUserCode();
        return;
      default:
        return send(E.CMD_NOT_IMPLEMENTED);
    }
  }

  /** stub_commands.c handle_flash_erase: 4 KB sectors to a 64 KB boundary, 64 KB blocks while more than 64 KB remain, then sectors; each waited. */
  #eraseRegion(address: number, length: number, cpu: Cpu): boolean {
    if (address % SECTOR_SIZE !== 0 || length % SECTOR_SIZE !== 0 || !cpu.flash.nor.inRange(address, length)) return false;
    let at = address;
    let left = length;
    const sector = (): void => {
      cpu.t = cpu.flash.readyAt(cpu.flash.startSectorErase(cpu.t, at / SECTOR_SIZE));
      at += SECTOR_SIZE;
      left -= SECTOR_SIZE;
    };
    while (left > 0 && at % (SECTOR_SIZE * SECTORS_PER_BLOCK) !== 0) sector();
    while (left > SECTOR_SIZE * SECTORS_PER_BLOCK) {
      cpu.t = cpu.flash.readyAt(cpu.flash.startBlockErase(cpu.t, at / (SECTOR_SIZE * SECTORS_PER_BLOCK)));
      at += SECTOR_SIZE * SECTORS_PER_BLOCK;
      left -= SECTOR_SIZE * SECTORS_PER_BLOCK;
    }
    while (left > 0) sector();
    return true;
  }

  /**
   * stub_write_flash.c start_next_erase: nothing while the chip is busy
   * ("don't wait for flash to be ready, caller will call again"); else a
   * 64 KB block when at least 16 sectors remain and it is aligned, or a sector.
   * `wait`: the caller loops on it (handle_flash_data), which is waiting.
   */
  #startNextErase(fs: FlashState, cpu: Cpu, wait = false): void {
    if (fs.remainingEraseSectors === 0) return;
    const ready = cpu.flash.readyAt(cpu.t);
    if (ready > cpu.t) {
      if (!wait) return;
      cpu.t = ready;
    }
    if (fs.remainingEraseSectors >= SECTORS_PER_BLOCK && fs.nextEraseSector % SECTORS_PER_BLOCK === 0) {
      cpu.t = cpu.flash.startBlockErase(cpu.t, fs.nextEraseSector / SECTORS_PER_BLOCK);
      fs.remainingEraseSectors -= SECTORS_PER_BLOCK;
      fs.nextEraseSector += SECTORS_PER_BLOCK;
    } else {
      cpu.t = cpu.flash.startSectorErase(cpu.t, fs.nextEraseSector);
      fs.remainingEraseSectors -= 1;
      fs.nextEraseSector += 1;
    }
  }

  /** handle_flash_data: trim to what is left, erase through the last sector touched, program. */
  #write(fs: FlashState, bytes: Uint8Array, cpu: Cpu): void {
    const length = Math.min(bytes.length, fs.remaining);
    if (length === 0) return;
    const lastSector = Math.floor((fs.nextWrite + length) / SECTOR_SIZE);
    while (fs.remainingEraseSectors > 0 && fs.nextEraseSector <= lastSector) this.#startNextErase(fs, cpu, true);
    if (!cpu.flash.nor.inRange(fs.nextWrite, length)) fs.lastError = 0xc4; // ESP_FAILED_SPI_OP
    else cpu.t = cpu.flash.program(cpu.t, fs.nextWrite, bytes.subarray(0, length));
    fs.nextWrite += length;
    fs.remaining -= length;
  }

  /** handle_flash_deflated_data: inflate into a 32 KB buffer, erase opportunistically, write when full or done. */
  #writeDeflated(fs: FlashState, payload: Uint8Array, cpu: Cpu): void {
    if (fs.remaining === 0 && payload.length > 4) {
      fs.lastError = E.TOO_MUCH_DATA;
      return;
    }
    const inflate = fs.inflate;
    if (inflate === undefined || fs.inflateDone || fs.remaining === 0) return;
    const out: Uint8Array[] = [];
    inflate.onData = (chunk: Uint8Array) => void out.push(chunk.slice());
    this.#startNextErase(fs, cpu);
    inflate.push(payload, 2);
    fs.remainingCompressed -= payload.length;
    if (inflate.err !== 0) {
      fs.lastError = E.INFLATE_ERROR;
      return;
    }
    fs.inflateDone = Reflect.get(inflate, 'ended') === true;
    for (const chunk of out) {
      let at = 0;
      while (at < chunk.length && fs.remaining > 0) {
        const take = Math.min(chunk.length - at, OUT_BUF_BYTES - fs.outBytes);
        fs.outBuf.push(chunk.subarray(at, at + take));
        fs.outBytes += take;
        at += take;
        if (fs.outBytes === OUT_BUF_BYTES) this.#flushOut(fs, cpu);
      }
    }
    if (fs.inflateDone) {
      if (fs.outBytes > 0) this.#flushOut(fs, cpu);
      if (fs.remaining > 0) fs.lastError = E.NOT_ENOUGH_DATA;
    }
  }

  #flushOut(fs: FlashState, cpu: Cpu): void {
    const bytes = new Uint8Array(fs.outBytes);
    let at = 0;
    for (const part of fs.outBuf) {
      bytes.set(part, at);
      at += part.length;
    }
    fs.outBuf = [];
    fs.outBytes = 0;
    this.#write(fs, bytes, cpu);
  }

  /**
   * stub_commands.c handle_flash_read: keeps sending while the bytes sent
   * minus the bytes acked are under `max_in_flight` (bytes, not packets:
   * esptool.py's 64 means one 4 KB packet at a time), then waits for an ack
   * (a 4-byte byte count; anything else ends it). Then the MD5 of what was sent.
   */
  #startRead(address: number, length: number, block: number, maxInFlight: number, cpu: Cpu): void {
    if (block > SECTOR_SIZE) {
      this.#deaf = true;
      return;
    }
    this.#read = { address, length, block, maxInFlight, sent: 0, acked: 0, md5: new SparkMD5.ArrayBuffer() };
    this.#pump(cpu);
  }

  #pump(cpu: Cpu): void {
    const job = this.#read;
    if (job === undefined) return;
    if (!(job.acked < job.length && job.acked <= job.sent)) return this.#finishRead(cpu);
    while (job.sent < job.length && job.sent - job.acked < job.maxInFlight) {
      const n = Math.min(job.block, job.length - job.sent);
      if (!cpu.flash.nor.inRange(job.address, n)) break;
      const part = cpu.flash.read(cpu.t, job.address, n);
      cpu.t = part.done;
      cpu.send(part.bytes);
      job.md5.append(copyOf(part.bytes));
      job.address += n;
      job.sent += n;
    }
  }

  #ack(frame: Uint8Array, cpu: Cpu): void {
    const job = this.#read!;
    if (frame.length !== 4) return this.#finishRead(cpu);
    job.acked = u32(frame, 0);
    this.#pump(cpu);
  }

  #finishRead(cpu: Cpu): void {
    const job = this.#read;
    if (job === undefined) return;
    this.#read = undefined;
    cpu.send(digestBytes(job.md5.end()));
  }
}
