/**
 * Command numbers, status codes and little-endian helpers of the esptool
 * serial protocol (esptool docs/en/advanced-topics/serial-protocol.rst).
 */
export const OP = {
  FLASH_BEGIN: 0x02,
  FLASH_DATA: 0x03,
  FLASH_END: 0x04,
  MEM_BEGIN: 0x05,
  MEM_END: 0x06,
  MEM_DATA: 0x07,
  SYNC: 0x08,
  WRITE_REG: 0x09,
  READ_REG: 0x0a,
  SPI_SET_PARAMS: 0x0b,
  SPI_ATTACH: 0x0d,
  CHANGE_BAUDRATE: 0x0f,
  FLASH_DEFL_BEGIN: 0x10,
  FLASH_DEFL_DATA: 0x11,
  FLASH_DEFL_END: 0x12,
  SPI_FLASH_MD5: 0x13,
  GET_SECURITY_INFO: 0x14,
  ERASE_FLASH: 0xd0,
  ERASE_REGION: 0xd1,
  READ_FLASH: 0xd2,
  RUN_USER_CODE: 0xd3,
} as const;

/** The only commands the ESP8266 ROM loader has (serial-protocol.rst, "Supported by stub loader and ROM loader" (line 184), the `only:: esp8266` table: 0x02–0x0A). */
export const ESP8266_ROM_COMMANDS: ReadonlySet<number> = new Set([
  OP.FLASH_BEGIN,
  OP.FLASH_DATA,
  OP.FLASH_END,
  OP.MEM_BEGIN,
  OP.MEM_END,
  OP.MEM_DATA,
  OP.SYNC,
  OP.WRITE_REG,
  OP.READ_REG,
]);

/** ROM loader error values (serial-protocol.rst, "ROM Loader Errors"); the status byte before them is 1. */
export const ROM_ERROR = {
  INVALID_MESSAGE: 0x05,
  FAILED: 0x06,
  CHECKSUM: 0x07,
} as const;

/**
 * Stub error codes. Both stubs put the code in the first status byte and 0 in
 * the second: esp-flasher-stub writes a 16-bit code big-endian (commands.h
 * enum esp_response_code, 0xC000…; command_handler.c s_send_response
 * set_u16_to_be), the legacy stub sends `error` then `status`
 * (esptool-legacy-flasher-stub v1.11.1 stub_flasher.c cmd_loop, stub_flasher.h
 * esp_command_error). The values agree except where noted.
 */
export const STUB_ERROR = {
  BAD_DATA_LEN: 0xc0,
  BAD_DATA_CHECKSUM: 0xc1,
  BAD_BLOCKSIZE: 0xc2,
  /** esp-flasher-stub's answer to an opcode it does not know (command_handler.c handle_command default). */
  INVALID_COMMAND: 0xc3,
  FAILED_SPI_OP: 0xc4,
  FAILED_SPI_UNLOCK: 0xc5,
  NOT_IN_FLASH_MODE: 0xc6,
  INFLATE_ERROR: 0xc7,
  NOT_ENOUGH_DATA: 0xc8,
  TOO_MUCH_DATA: 0xc9,
  /** The legacy stub's answer to an opcode it does not know (stub_flasher.c cmd_loop: error starts as ESP_CMD_NOT_IMPLEMENTED). */
  CMD_NOT_IMPLEMENTED: 0xff,
} as const;

export const CHECKSUM_SEED = 0xef;

/** The 8-bit checksum of MEM_DATA / FLASH_DATA / FLASH_DEFL_DATA payloads (serial-protocol.rst, "Checksum"). */
export function checksum(data: Uint8Array): number {
  let state = CHECKSUM_SEED;
  for (const byte of data) state ^= byte;
  return state;
}

export const u32 = (bytes: Uint8Array, offset: number): number =>
  ((bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8) | ((bytes[offset + 2] ?? 0) << 16) | ((bytes[offset + 3] ?? 0) << 24)) >>> 0;

export const u16 = (bytes: Uint8Array, offset: number): number => (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);

export function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

export interface Request {
  op: number;
  /** The length field as sent (may disagree with data.length). */
  declaredLength: number;
  checksum: number;
  data: Uint8Array;
  /** Byte 0 of the frame: 0x00 for a request. */
  direction: number;
}

/** A frame as a request: direction op len(2) chk(4) data. Undefined when shorter than a header. */
export function parseRequest(frame: Uint8Array): Request | undefined {
  if (frame.length < 8) return undefined;
  return { direction: frame[0]!, op: frame[1]!, declaredLength: u16(frame, 2), checksum: u32(frame, 4), data: frame.subarray(8) };
}

/** A response frame's payload: 01 op len(2) value(4) data status(2). */
export function response(op: number, value: number, data: ArrayLike<number>, status: readonly [number, number]): Uint8Array {
  const length = data.length + 2;
  const out = new Uint8Array(8 + length);
  out.set([0x01, op, length & 0xff, length >> 8, ...le32(value >>> 0)]);
  out.set(Array.from(data), 8);
  out[8 + data.length] = status[0];
  out[9 + data.length] = status[1];
  return out;
}

/** The 36-byte SYNC payload: 07 07 12 20 then 32 × 55 (serial-protocol.rst, SYNC row). */
export function isSyncPayload(data: Uint8Array): boolean {
  if (data.length !== 36 || data[0] !== 0x07 || data[1] !== 0x07 || data[2] !== 0x12 || data[3] !== 0x20) return false;
  for (let i = 4; i < 36; i++) if (data[i] !== 0x55) return false;
  return true;
}
