/**
 * espressif/esp-flasher-stub, the stub esptool-js 0.7.0 uploads (v1.2.1) and
 * esptool.py 4.12 uploads with --stub-version 2 (v0.7.0). Source read:
 * esp-flasher-stub v1.1.0 (src/command_handler.c, main.c, transport.c,
 * slip.c, frame_buffer.c) with esp-stub-lib 8e83515; the v1.2.1 binary
 * (disassembled: src/virtual-device/README.md, "The stub binaries") agrees
 * on every rule below, and v0.7.0 differs where KnownStub says so.
 * "L" numbers are command_handler.c v1.1.0 lines.
 *
 * Its shape: handle_command (L902) answers first, then runs the command's
 * "post-process" (writing a block, the whole READ_FLASH transfer, a baud
 * change); an error from that work is sent as the answer to the NEXT
 * command, which is then not executed (L937–941, L1059–1063).
 */
import { Inflate } from 'pako';
import SparkMD5 from 'spark-md5';
import { BLOCK_SIZE, SECTOR_SIZE } from '../flash.ts';
import { checksum, OP, STUB_ERROR, u16, u32 } from '../protocol.ts';
import type { Cpu, Loader } from './cpu.ts';
import { digestBytes, flashMd5 } from './flash-md5.ts';
import type { KnownStub } from './stub-images.ts';

/** commands.h enum esp_response_code (the high byte; the low byte is 0 on the wire, big-endian): protocol.ts STUB_ERROR. */
const R = { SUCCESS: 0x00, ...STUB_ERROR } as const;

/** Not a response code: the command is not answered at all. */
const NO_ANSWER = -1;

/** TINFL_LZ_DICT_SIZE: decompressed data is written in 32 KB pieces (L326, L365–376). */
const DICT_BYTES = 32 * 1024;
/** s_read_flash_post_process: `uint8_t data[4102]`, packet_size > 4096 → BAD_DATA_LEN (L779–784). */
const MAX_READ_PACKET = 4096;
/** ERASE_REGION: ERASE_PER_SECTOR_TIMEOUT_US 120000 (L870). */
const ERASE_REGION_MS_PER_SECTOR = 120;
/** transport.c stub_transport_init, UART: "Wait for 10ms to ensure ROM has sent response to last command" before OHAI. */
const START_DELAY_MS = 10;
/** esp-stub-lib src/target/esp8266/src/uart.c stub_target_uart_rominit_set_baudrate: 5 ms before and after. */
const BAUD_CHANGE_DELAY_MS = 5;
/** …and it assumes the link runs at 115200: new_clk_div = clk_div * 115200 / baudrate. */
const ASSUMED_CURRENT_BAUD = 115200;

interface FlashJob {
  totalRemaining: number;
  offset: number;
  compressed: boolean;
  inflate: Inflate | undefined;
  /** Decompressed bytes not yet written (the 32 KB dictionary's fill). */
  dict: Uint8Array[];
  dictBytes: number;
  inflateDone: boolean;
  nextEraseAddress: number;
  eraseRemaining: number;
  /** v1.1.0+: until a non-blank sector is seen, blank sectors are not erased. */
  dirtySeen: boolean;
}

interface ReadJob {
  offset: number;
  remaining: number;
  size: number;
  packetSize: number;
  sentPackets: number;
  ackedPackets: number;
  ackedBytes: number;
  md5: SparkMD5.ArrayBuffer;
}

const copyOf = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer as ArrayBuffer;

export class FlasherStub implements Loader {
  readonly name: string;
  /** frame_buffer.c: two buffers, one being received into while the other is processed. */
  readonly spareFrames = 1;
  readonly whenFull = 'drop' as const;
  /** frame_buffer.h FRAME_BUFFER_SIZE (8 + 0x4000 + 0xFF): a longer frame is an error, not answered (slip.c rx_put; main.c L76–79). */
  readonly maxFrameBytes = 8 + 0x4000 + 0xff;
  readonly #skipsBlankSectors: boolean;
  readonly #tooMuchDataGuard: boolean;
  /** handle_command's `accumulated_result`: a post-process error waiting for the next command. */
  #pendingError = 0;
  #flash: FlashJob | undefined;
  #memory: { offset: number; remaining: number } | undefined;
  #read: ReadJob | undefined;

  constructor(stub: KnownStub) {
    this.name = stub.description;
    this.#skipsBlankSectors = stub.skipsBlankSectors;
    this.#tooMuchDataGuard = stub.tooMuchDataGuard;
  }

  /** main.c esp_main: transport init (10 ms, TX idle), then "OHAI" (L67–69). */
  start(cpu: Cpu): void {
    cpu.spend(START_DELAY_MS);
    cpu.waitTxIdle();
    cpu.send(new TextEncoder().encode('OHAI'));
  }

  frame(frame: Uint8Array, cpu: Cpu): void {
    if (this.#read !== undefined) return this.#ack(frame, cpu);
    const direction = frame[0] ?? 0;
    const op = frame[1] ?? 0;
    const packetSize = u16(frame, 2);
    const chk = u32(frame, 4);
    const data = frame.subarray(8);
    const answer = (code: number, value = 0, body: ArrayLike<number> = []): void => cpu.reply(op, value, body, [code, 0]);
    if (direction !== 0x00) return answer(R.INVALID_COMMAND); // L917–920
    if (frame.length !== packetSize + 8) return answer(R.BAD_DATA_LEN); // L922–925
    if (this.#pendingError !== R.SUCCESS) {
      // L937–941: the previous post-process failed; this command is answered with that error and not run.
      const error = this.#pendingError;
      this.#pendingError = R.SUCCESS;
      return answer(error);
    }
    const result = this.#handle(op, data, chk, cpu);
    if (result.code === NO_ANSWER) return;
    if (result.code !== R.SUCCESS) return answer(result.code); // L1052–1054: the post-process is dropped
    answer(R.SUCCESS, result.value ?? 0, result.data ?? []);
    if (result.after) this.#pendingError = result.after();
  }

  #handle(op: number, data: Uint8Array, chk: number, cpu: Cpu): { code: number; value?: number; data?: ArrayLike<number>; after?: () => number } {
    const size = data.length;
    switch (op) {
      case OP.SYNC:
        // s_sync L386–405: seven extra responses with value 0, then the command's own.
        if (size !== 36) return { code: R.BAD_DATA_LEN };
        for (let i = 0; i < 7; i++) cpu.reply(OP.SYNC, 0, [], [0, 0]);
        return { code: R.SUCCESS };
      case OP.READ_REG:
        if (size !== 4) return { code: R.BAD_DATA_LEN };
        return { code: R.SUCCESS, value: cpu.readReg(u32(data, 0)) };
      case OP.WRITE_REG:
        // s_write_reg L588–617: entries of address, value, mask, delay µs.
        if (size === 0 || size % 16 !== 0) return { code: R.NOT_ENOUGH_DATA };
        for (let at = 0; at < size; at += 16) {
          cpu.spend(u32(data, at + 12) / 1000);
          cpu.writeReg(u32(data, at), u32(data, at + 4), u32(data, at + 8));
        }
        return { code: R.SUCCESS };
      case OP.SPI_ATTACH:
        return { code: size === 4 ? R.SUCCESS : R.BAD_DATA_LEN }; // L631–640
      case OP.SPI_SET_PARAMS:
        return { code: size === 24 ? R.SUCCESS : R.BAD_DATA_LEN }; // L642–668
      case OP.CHANGE_BAUDRATE:
        // L670–688: only the first word is read; the change runs after the answer.
        if (size !== 8) return { code: R.BAD_DATA_LEN };
        return { code: R.SUCCESS, after: () => this.#changeBaud(u32(data, 0), cpu) };
      case OP.MEM_BEGIN:
        if (size !== 16) return { code: R.BAD_DATA_LEN };
        this.#memory = { offset: u32(data, 12), remaining: u32(data, 0) };
        return { code: R.SUCCESS };
      case OP.MEM_DATA: {
        if (size < 16) return { code: R.NOT_ENOUGH_DATA };
        const memory = this.#memory;
        if (memory === undefined) return { code: R.NOT_IN_FLASH_MODE };
        const length = u32(data, 0);
        if (memory.remaining < length || length !== size - 16) return { code: R.TOO_MUCH_DATA };
        cpu.ram.write(memory.offset, data.subarray(16));
        memory.offset += length;
        memory.remaining -= length;
        return { code: R.SUCCESS };
      }
      case OP.MEM_END:
        if (size !== 8) return { code: R.BAD_DATA_LEN };
        if (this.#memory === undefined) return { code: R.NOT_IN_FLASH_MODE };
        this.#memory = undefined;
        // s_mem_end_post_process L551–568: flag 0 → jump to the entry point.
        return {
          code: R.SUCCESS,
          after: () => {
            if (u32(data, 0) === 0) cpu.jumpTo(u32(data, 4));
            return R.SUCCESS;
          },
        };
      case OP.FLASH_BEGIN:
      case OP.FLASH_DEFL_BEGIN:
        return { code: this.#begin(data, op === OP.FLASH_DEFL_BEGIN, cpu) };
      case OP.FLASH_DATA: {
        // s_flash_data L412–442
        if (size < 16) return { code: R.NOT_ENOUGH_DATA };
        if (this.#flash === undefined) return { code: R.NOT_IN_FLASH_MODE };
        const payload = data.subarray(16);
        if (u32(data, 0) !== payload.length) return { code: R.TOO_MUCH_DATA };
        // s_validate_checksum compares with the whole 32-bit header field (L86–97).
        if (checksum(payload) !== chk) return { code: R.BAD_DATA_CHECKSUM };
        return { code: R.SUCCESS, after: () => this.#writePlain(payload, cpu) };
      }
      case OP.FLASH_DEFL_DATA: {
        // s_flash_defl_data L462–487: the checksum covers the length the header gives.
        if (size < 16) return { code: R.BAD_DATA_LEN };
        if (this.#flash === undefined) return { code: R.NOT_IN_FLASH_MODE };
        if (this.#tooMuchDataGuard && this.#flash.totalRemaining === 0 && size > 4) return { code: R.TOO_MUCH_DATA };
        const length = u32(data, 0);
        const payload = data.subarray(16, 16 + length);
        if (checksum(payload) !== chk) return { code: R.BAD_DATA_CHECKSUM };
        return { code: R.SUCCESS, after: () => this.#writeCompressed(payload, u32(data, 4) === 0, cpu) };
      }
      case OP.FLASH_END:
      case OP.FLASH_DEFL_END: {
        // s_handle_flash_end L266–285: data still owed → BAD_DATA_LEN; the reboot flag is never acted on (L449–452: the source marks the reboot as not done yet).
        if (size !== 4) return { code: R.BAD_DATA_LEN };
        const job = this.#flash;
        if (job === undefined) return { code: R.NOT_IN_FLASH_MODE };
        if (job.totalRemaining !== 0) return { code: R.BAD_DATA_LEN };
        this.#flash = undefined;
        return { code: R.SUCCESS };
      }
      case OP.SPI_FLASH_MD5: {
        // s_spi_flash_md5 L690–733: 4 KB reads, 16 raw bytes back; its time in flash-md5.ts.
        if (size !== 16) return { code: R.BAD_DATA_LEN };
        const address = u32(data, 0);
        const length = u32(data, 4);
        if (!cpu.flash.nor.inRange(address, length)) return { code: R.FAILED_SPI_OP };
        return { code: R.SUCCESS, data: flashMd5(cpu, address, length) };
      }
      case OP.GET_SECURITY_INFO:
        // L737–739 length first; then esp-stub-lib has no security info for the ESP8266: NOT_SUPPORTED → CMD_NOT_IMPLEMENTED (L752–753).
        return { code: size === 0 ? R.CMD_NOT_IMPLEMENTED : R.BAD_DATA_LEN };
      case OP.READ_FLASH:
        if (size !== 16) return { code: R.BAD_DATA_LEN };
        return { code: R.SUCCESS, after: () => this.#startRead(data, cpu) };
      case OP.ERASE_FLASH:
        // s_erase_flash L856–865: the chip erase is waited for before the answer.
        cpu.t = cpu.flash.eraseChip(cpu.t);
        return { code: R.SUCCESS };
      case OP.ERASE_REGION:
        return { code: this.#eraseRegion(data, cpu) };
      case OP.RUN_USER_CODE:
        // L1029–1034: no answer, and nothing happens (the source leaves a watchdog reset for later).
        return { code: NO_ANSWER };
      default:
        // Plugin opcodes 0xD5… answer CMD_NOT_IMPLEMENTED (plugin_table defaults, L70–82); anything else INVALID_COMMAND (L1046).
        return { code: op >= 0xd5 && op <= 0xef ? R.CMD_NOT_IMPLEMENTED : R.INVALID_COMMAND };
    }
  }

  /**
   * esp-stub-lib uart.c (ESP8266): wait 5 ms, new divider = current divider ×
   * 115200 / baud, wait until TX is idle, set it, wait 5 ms. It assumes the
   * link is at 115200 now: a second change computes from the wrong rate.
   */
  #changeBaud(baud: number, cpu: Cpu): number {
    cpu.spend(BAUD_CHANGE_DELAY_MS);
    if (baud === 0) {
      // Integer division by zero in __udivsi3: what the chip does then is not modelled beyond "it stops answering".
      cpu.setUartDivider(0);
      return R.SUCCESS;
    }
    const divider = Math.floor((cpu.uartDivider * ASSUMED_CURRENT_BAUD) / baud);
    cpu.waitTxIdle();
    cpu.setUartDivider(divider);
    cpu.spend(BAUD_CHANGE_DELAY_MS);
    return R.SUCCESS;
  }

  /** s_init_flash_operation L225–264: state, erase range rounded to sectors, the first erase started without waiting. */
  #begin(data: Uint8Array, compressed: boolean, cpu: Cpu): number {
    if (data.length !== 16 && data.length !== 20) return R.BAD_DATA_LEN;
    const total = u32(data, 0);
    const offset = u32(data, 12);
    const start = offset - (offset % SECTOR_SIZE);
    const end = Math.ceil((offset + total) / SECTOR_SIZE) * SECTOR_SIZE;
    this.#flash = {
      totalRemaining: total,
      offset,
      compressed,
      inflate: compressed ? new Inflate({ chunkSize: SECTOR_SIZE }) : undefined,
      dict: [],
      dictBytes: 0,
      inflateDone: false,
      nextEraseAddress: start,
      eraseRemaining: end - start,
      dirtySeen: false,
    };
    return this.#eraseNext(this.#flash, cpu, false);
  }

  /**
   * One step of the erase ahead of the write pointer (s_conditional_erase_next
   * L183–212; esp-stub-lib flash.c stub_lib_flash_start_next_erase L223–283):
   * while no dirty sector has been seen, a blank sector is skipped (read, not
   * erased); otherwise a 64 KB block when aligned and at least 64 KB remain,
   * else a 4 KB sector. The erase runs on while the CPU continues.
   */
  #eraseNext(job: FlashJob, cpu: Cpu, wait: boolean): number {
    if (job.eraseRemaining === 0) return R.SUCCESS;
    // stub_lib_flash_start_next_erase(…, 0) checks the status once and returns TIMEOUT (taken as success)
    // while the chip is busy: an opportunistic erase is skipped, not waited for (L206–211; flash.c L229–231).
    // s_ensure_flash_erased_to calls it in a loop, which amounts to waiting.
    const ready = cpu.flash.readyAt(cpu.t);
    if (ready > cpu.t) {
      if (!wait) return R.SUCCESS;
      cpu.t = ready;
    }
    const address = job.nextEraseAddress;
    if (!cpu.flash.nor.inRange(address, SECTOR_SIZE)) return R.FAILED_SPI_OP;
    if (this.#skipsBlankSectors && !job.dirtySeen) {
      const check = cpu.flash.sectorIsBlank(cpu.t, address / SECTOR_SIZE);
      cpu.t = check.done;
      if (check.blank) {
        job.nextEraseAddress += SECTOR_SIZE;
        job.eraseRemaining -= Math.min(job.eraseRemaining, SECTOR_SIZE);
        return R.SUCCESS;
      }
      job.dirtySeen = true;
    }
    if (job.eraseRemaining >= BLOCK_SIZE && address % BLOCK_SIZE === 0 && cpu.flash.nor.inRange(address, BLOCK_SIZE)) {
      cpu.t = cpu.flash.startBlockErase(cpu.t, address / BLOCK_SIZE);
      job.nextEraseAddress += BLOCK_SIZE;
      job.eraseRemaining -= BLOCK_SIZE;
    } else {
      cpu.t = cpu.flash.startSectorErase(cpu.t, address / SECTOR_SIZE);
      job.nextEraseAddress += SECTOR_SIZE;
      job.eraseRemaining -= Math.min(job.eraseRemaining, SECTOR_SIZE);
    }
    return R.SUCCESS;
  }

  /** s_write_flash_data L287–303: erase far enough, program, move on. */
  #program(job: FlashJob, bytes: Uint8Array, cpu: Cpu): number {
    while (job.nextEraseAddress < job.offset + bytes.length && job.eraseRemaining > 0) {
      const result = this.#eraseNext(job, cpu, true);
      if (result !== R.SUCCESS) return result;
    }
    if (!cpu.flash.nor.inRange(job.offset, bytes.length)) return R.FAILED_SPI_OP;
    cpu.t = cpu.flash.program(cpu.t, job.offset, bytes);
    // total_remaining is unsigned: writing more than was announced wraps it, and FLASH_END then reports BAD_DATA_LEN.
    job.totalRemaining = (job.totalRemaining - bytes.length) >>> 0;
    job.offset += bytes.length;
    return R.SUCCESS;
  }

  /** s_flash_data_post_process L305–312: the padding past the announced size is not written. */
  #writePlain(payload: Uint8Array, cpu: Cpu): number {
    const job = this.#flash;
    if (job === undefined) return R.NOT_IN_FLASH_MODE;
    return this.#program(job, payload.subarray(0, Math.min(payload.length, job.totalRemaining)), cpu);
  }

  /** s_flash_defl_data_post_process L314–384: inflate, erase opportunistically, write every full 32 KB and at the end. */
  #writeCompressed(payload: Uint8Array, firstBlock: boolean, cpu: Cpu): number {
    const job = this.#flash;
    if (job === undefined || job.inflate === undefined) return R.NOT_IN_FLASH_MODE;
    if (firstBlock) {
      job.dict = [];
      job.dictBytes = 0;
    }
    if (job.inflateDone || payload.length === 0) return R.SUCCESS; // status DONE: further input is not read
    const inflate = job.inflate;
    const out: Uint8Array[] = [];
    inflate.onData = (chunk: Uint8Array) => void out.push(chunk.slice());
    inflate.push(payload, 2); // Z_SYNC_FLUSH: everything this block decodes to
    if (inflate.err !== 0) return R.INFLATE_ERROR;
    job.inflateDone = Reflect.get(inflate, 'ended') === true;
    const opportunistic = this.#eraseNext(job, cpu, false);
    if (opportunistic !== R.SUCCESS) return opportunistic;
    for (const chunk of out) {
      let at = 0;
      while (at < chunk.length) {
        const take = Math.min(chunk.length - at, DICT_BYTES - job.dictBytes);
        job.dict.push(chunk.subarray(at, at + take));
        job.dictBytes += take;
        at += take;
        if (job.dictBytes === DICT_BYTES) {
          const result = this.#flushDict(job, cpu);
          if (result !== R.SUCCESS) return result;
        }
      }
    }
    if (job.inflateDone && job.dictBytes > 0) return this.#flushDict(job, cpu);
    return R.SUCCESS;
  }

  #flushDict(job: FlashJob, cpu: Cpu): number {
    const bytes = new Uint8Array(job.dictBytes);
    let at = 0;
    for (const part of job.dict) {
      bytes.set(part, at);
      at += part.length;
    }
    job.dict = [];
    job.dictBytes = 0;
    return this.#program(job, bytes, cpu);
  }

  /**
   * s_erase_region L867–900: sector-aligned address and size, else
   * BAD_DATA_LEN; erases as fast as the chip lets it within 120 ms per
   * sector, then FAILED_SPI_OP if the chip is still busy.
   */
  #eraseRegion(data: Uint8Array, cpu: Cpu): number {
    if (data.length !== 8) return R.BAD_DATA_LEN;
    let address = u32(data, 0);
    let size = u32(data, 4);
    if (address % SECTOR_SIZE !== 0 || size % SECTOR_SIZE !== 0) return R.BAD_DATA_LEN;
    if (!cpu.flash.nor.inRange(address, size)) return R.FAILED_SPI_OP;
    const deadline = cpu.t + Math.ceil(size / SECTOR_SIZE) * ERASE_REGION_MS_PER_SECTOR;
    while (size > 0) {
      if (cpu.flash.readyAt(cpu.t) > deadline) break;
      if (size >= BLOCK_SIZE && address % BLOCK_SIZE === 0) {
        cpu.t = cpu.flash.startBlockErase(cpu.t, address / BLOCK_SIZE);
        address += BLOCK_SIZE;
        size -= BLOCK_SIZE;
      } else {
        cpu.t = cpu.flash.startSectorErase(cpu.t, address / SECTOR_SIZE);
        address += SECTOR_SIZE;
        size -= SECTOR_SIZE;
      }
    }
    const ready = cpu.flash.readyAt(cpu.t);
    if (size > 0 || ready > deadline) {
      cpu.t = Math.max(cpu.t, deadline);
      return R.FAILED_SPI_OP;
    }
    cpu.t = ready;
    return R.SUCCESS;
  }

  /**
   * s_read_flash_post_process L764–844: packets of packet_size (≤ 4096, else
   * BAD_DATA_LEN for the next command), one at a time: the next is read and
   * sent only when every packet sent so far has an ack, whatever in-flight
   * count the host asked for (max_unacked_packets = 1, L772–775). Then the
   * MD5 of what was sent, as a 16-byte frame.
   */
  #startRead(data: Uint8Array, cpu: Cpu): number {
    const offset = u32(data, 0);
    const size = u32(data, 4);
    const packetSize = u32(data, 8);
    if (packetSize > MAX_READ_PACKET) return R.BAD_DATA_LEN;
    this.#read = { offset, remaining: size, size, packetSize, sentPackets: 0, ackedPackets: 0, ackedBytes: 0, md5: new SparkMD5.ArrayBuffer() };
    return this.#pumpRead(cpu);
  }

  #pumpRead(cpu: Cpu): number {
    const job = this.#read;
    if (job === undefined) return R.SUCCESS;
    if (job.remaining > 0 && job.sentPackets - job.ackedPackets < 1) {
      const length = Math.min(job.remaining, job.packetSize);
      if (!cpu.flash.nor.inRange(job.offset, length)) {
        this.#read = undefined;
        return R.FAILED_SPI_OP;
      }
      const part = cpu.flash.read(cpu.t, job.offset, length);
      cpu.t = part.done;
      job.md5.append(copyOf(part.bytes));
      cpu.send(part.bytes);
      job.offset += length;
      job.remaining -= length;
      job.sentPackets++;
    }
    if (job.remaining === 0 && job.ackedBytes >= job.size) this.#finishRead(cpu);
    return R.SUCCESS;
  }

  /** While READ_FLASH runs, every frame is an ack: the byte count received so far (L797–811); any other length ends it. */
  #ack(frame: Uint8Array, cpu: Cpu): void {
    const job = this.#read!;
    if (frame.length !== 4) {
      this.#finishRead(cpu);
      return;
    }
    job.ackedBytes = u32(frame, 0);
    job.ackedPackets++;
    const result = this.#pumpRead(cpu);
    if (result !== R.SUCCESS) this.#pendingError = result;
  }

  #finishRead(cpu: Cpu): void {
    const job = this.#read;
    if (job === undefined) return;
    this.#read = undefined;
    cpu.send(digestBytes(job.md5.end()));
  }
}
