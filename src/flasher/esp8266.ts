/**
 * What we read from an ESP8266 over READ_REG/WRITE_REG, done the way
 * esptool.py v4.12 does it (loader.py run_spiflash_command, targets/esp8266.py
 * read_mac / get_chip_description, loader.py get_crystal_freq).
 */

/** The loader calls we need; an esptool-js ESPLoader satisfies it. */
export interface RegisterAccess {
  readReg(address: number, timeoutMs?: number): Promise<number>;
  writeReg(address: number, value: number): Promise<void>;
}

/** esptool.py CHIP_DETECT_MAGIC_REG_ADDR and the ESP8266's value there. */
export const CHIP_DETECT_MAGIC_REG = 0x40001000;
export const ESP8266_MAGIC = 0xfff0c101;

/** Magic values of other chips (esptool.py CHIP_DETECT_MAGIC_VALUE), to name what was found. */
const OTHER_CHIP_MAGICS: ReadonlyArray<[number, string]> = [
  [0x00f01d83, 'ESP32'],
  [0x000007c6, 'ESP32-S2'],
  [0x00000009, 'ESP32-S3'],
  [0x6921506f, 'ESP32-C3'],
  [0x1b31506f, 'ESP32-C3'],
  [0x4881606f, 'ESP32-C3'],
  [0x4361606f, 'ESP32-C3'],
  [0x6f51306f, 'ESP32-C2'],
  [0x7c41a06f, 'ESP32-C2'],
  [0x2ce0806f, 'ESP32-C6'],
  [0xd7b73e80, 'ESP32-H2'],
  [0x97e30068, 'ESP32-H2'],
];

export function chipNameForMagic(magic: number): string | undefined {
  if (magic >>> 0 === ESP8266_MAGIC) return 'ESP8266';
  return OTHER_CHIP_MAGICS.find(([value]) => value === magic >>> 0)?.[1];
}

// ESP8266 SPI controller (esptool.py targets/esp8266.py): SPI_REG_BASE and offsets.
const SPI_REG_BASE = 0x60000200;
const SPI_CMD_REG = SPI_REG_BASE + 0x00;
const SPI_USR_REG = SPI_REG_BASE + 0x1c;
/** On the ESP8266 USR1 also holds the MOSI/MISO bit lengths (no SPI_MOSI_DLEN register). */
const SPI_USR1_REG = SPI_REG_BASE + 0x20;
const SPI_USR2_REG = SPI_REG_BASE + 0x24;
const SPI_W0_REG = SPI_REG_BASE + 0x40;
const SPI_USR_COMMAND = 1 << 31;
const SPI_USR_MISO = 1 << 28;
const SPI_CMD_USR = 1 << 18;
const SPI_USR2_COMMAND_LEN_SHIFT = 28;
const SPI_MISO_BITLEN_S = 8;
const SPI_MOSI_BITLEN_S = 17;
/** JEDEC "read identification". */
const SPIFLASH_RDID = 0x9f;

/**
 * RDID as esptool.py's run_spiflash_command(0x9F, read_bits=24) on an
 * ESP8266: bit lengths into SPI_USR1 (esptool-js 0.7.0 writes them to
 * SPI_CMD instead), USR flags, command in USR2, clear W0, start, poll, read
 * W0, restore USR and USR2. Returns manufacturer | device << 8.
 */
export async function readFlashId(loader: RegisterAccess): Promise<number> {
  const readBits = 24;
  const oldUsr = await loader.readReg(SPI_USR_REG);
  const oldUsr2 = await loader.readReg(SPI_USR2_REG);
  await loader.writeReg(SPI_USR1_REG, ((readBits - 1) << SPI_MISO_BITLEN_S) | (0 << SPI_MOSI_BITLEN_S));
  await loader.writeReg(SPI_USR_REG, (SPI_USR_COMMAND | SPI_USR_MISO) >>> 0);
  await loader.writeReg(SPI_USR2_REG, ((7 << SPI_USR2_COMMAND_LEN_SHIFT) | SPIFLASH_RDID) >>> 0);
  await loader.writeReg(SPI_W0_REG, 0);
  await loader.writeReg(SPI_CMD_REG, SPI_CMD_USR);
  let done = false;
  for (let i = 0; i < 10 && !done; i++) done = ((await loader.readReg(SPI_CMD_REG)) & SPI_CMD_USR) === 0;
  if (!done) throw new Error('SPI command did not complete in time');
  const status = (await loader.readReg(SPI_W0_REG)) >>> 0;
  await loader.writeReg(SPI_USR_REG, oldUsr >>> 0);
  await loader.writeReg(SPI_USR2_REG, oldUsr2 >>> 0);
  return status & 0xffffff;
}

/** esptool.py v4.12 cmds.py DETECTED_FLASH_SIZES: capacity byte (flash id >> 16) → size. */
const DETECTED_FLASH_SIZES: Readonly<Record<number, string>> = {
  0x12: '256KB', 0x13: '512KB', 0x14: '1MB', 0x15: '2MB', 0x16: '4MB', 0x17: '8MB', 0x18: '16MB',
  0x19: '32MB', 0x1a: '64MB', 0x1b: '128MB', 0x1c: '256MB', 0x20: '64MB', 0x21: '128MB', 0x22: '256MB',
  0x32: '256KB', 0x33: '512KB', 0x34: '1MB', 0x35: '2MB', 0x36: '4MB', 0x37: '8MB', 0x38: '16MB',
  0x39: '32MB', 0x3a: '64MB',
};

export function flashSizeFromId(flashId: number): { name: string; sizeBytes: number } | undefined {
  const name = DETECTED_FLASH_SIZES[(flashId >>> 16) & 0xff];
  if (name === undefined) return undefined;
  const match = /^(\d+)(KB|MB)$/.exec(name)!;
  return { name, sizeBytes: Number(match[1]) * (match[2] === 'MB' ? 1024 * 1024 : 1024) };
}

// OTP words holding the MAC (esptool.py ESP8266ROM.ESP_OTP_MAC0/1/3).
const ESP_OTP_MAC0 = 0x3ff00050;
const ESP_OTP_MAC1 = 0x3ff00054;
const ESP_OTP_MAC2 = 0x3ff00058;
const ESP_OTP_MAC3 = 0x3ff0005c;

const hex2 = (byte: number): string => (byte & 0xff).toString(16).padStart(2, '0');

/** esptool.py read_mac: OUI from MAC3, else from MAC1 bits 16..23 (0 → 18:fe:34, 1 → ac:d0:74). */
export async function readMac(loader: RegisterAccess): Promise<string | undefined> {
  const mac0 = (await loader.readReg(ESP_OTP_MAC0)) >>> 0;
  const mac1 = (await loader.readReg(ESP_OTP_MAC1)) >>> 0;
  const mac3 = (await loader.readReg(ESP_OTP_MAC3)) >>> 0;
  let oui: number[];
  if (mac3 !== 0) oui = [(mac3 >>> 16) & 0xff, (mac3 >>> 8) & 0xff, mac3 & 0xff];
  else if (((mac1 >>> 16) & 0xff) === 0) oui = [0x18, 0xfe, 0x34];
  else if (((mac1 >>> 16) & 0xff) === 1) oui = [0xac, 0xd0, 0x74];
  else return undefined; // esptool.py: FatalError("Unknown OUI")
  return [...oui, (mac1 >>> 8) & 0xff, mac1 & 0xff, (mac0 >>> 24) & 0xff].map(hex2).join(':');
}

/** esptool.py get_chip_description for an ESP8266 (ESP8285 variants from the efuses). */
export async function readChipDescription(loader: RegisterAccess): Promise<string> {
  const word0 = (await loader.readReg(ESP_OTP_MAC0)) >>> 0;
  const word2 = (await loader.readReg(ESP_OTP_MAC2)) >>> 0;
  const word3 = (await loader.readReg(ESP_OTP_MAC3)) >>> 0;
  const is8285 = (word0 & (1 << 4)) !== 0 || (word2 & (1 << 16)) !== 0;
  if (!is8285) return 'ESP8266EX';
  const r0_4 = (word0 & (1 << 4)) !== 0;
  const r3_25 = (word3 & (1 << 25)) !== 0;
  const r3_26 = (word3 & (1 << 26)) !== 0;
  const r3_27 = (word3 & (1 << 27)) !== 0;
  let flashMb = -1;
  if (r0_4 && !r3_25 && !r3_27) flashMb = r3_26 ? 2 : 1;
  else if (!r0_4 && r3_25 && !r3_27) flashMb = r3_26 ? 4 : 2;
  const hot = (word0 & (1 << 5)) !== 0;
  if (flashMb === 1) return hot ? 'ESP8285H08' : 'ESP8285N08';
  if (flashMb === 2) return hot ? 'ESP8285H16' : 'ESP8285N16';
  return 'ESP8285';
}

/** esptool targets/esp8266.py UART_CLKDIV_REG; loader.py UART_CLKDIV_MASK (the ESP8266 has no fractional part). */
export const UART_CLKDIV_REG = 0x60000014;
export const UART_CLKDIV_MASK = 0xfffff;
/** The ESP8266's UART clock is twice the crystal. */
const XTAL_CLK_DIVIDER = 2;

/**
 * esptool.py get_crystal_freq: our baud times the UART divider the ROM
 * auto-bauded to is the UART clock; normalised to 26 or 40 MHz.
 */
export async function readCrystalMhz(loader: RegisterAccess, baud: number): Promise<{ mhz: number; estimatedMhz: number; divider: number }> {
  const divider = (await loader.readReg(UART_CLKDIV_REG)) & UART_CLKDIV_MASK;
  const estimatedMhz = (baud * divider) / 1e6 / XTAL_CLK_DIVIDER;
  const mhz = estimatedMhz > 45 ? 48 : estimatedMhz > 33 ? 40 : 26;
  return { mhz, estimatedMhz, divider };
}
