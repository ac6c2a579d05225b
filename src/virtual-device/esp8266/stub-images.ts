/**
 * The flasher stubs the virtual ESP8266 recognises, by the MD5 of each
 * segment a host uploads with MEM_BEGIN/MEM_DATA and the entry point of
 * MEM_END. The digests are of the JSON stub images the hosts ship (their
 * base64 `text` and `data`, decoded); the images themselves are not part of
 * this project. Code the chip does not recognise runs, but what it does is
 * unknowable here, so the model treats it as a crash: it never says "OHAI".
 */
import SparkMD5 from 'spark-md5';

export type StubFamily =
  /** espressif/esp-flasher-stub (esptool-js 0.7.0; esptool.py 4.12 with --stub-version 2). */
  | 'esp-flasher-stub'
  /** espressif/esptool-legacy-flasher-stub (esptool.py 4.12's default). */
  | 'legacy';

export interface KnownStub {
  readonly id: string;
  readonly family: StubFamily;
  /** What the stub's sources call it, and which host uploads it. */
  readonly description: string;
  readonly entry: number;
  readonly segments: readonly { address: number; length: number; md5: string }[];
  /**
   * esp-flasher-stub v1.1.0 added "skip erase on already-blank sectors"
   * (CHANGELOG v1.1.0; command_handler.c s_conditional_erase_next).
   */
  readonly skipsBlankSectors: boolean;
  /**
   * Up to v0.8.0 FLASH_DEFL_DATA refused a block with TOO_MUCH_DATA once all
   * announced data was written (v0.7.0 command_handler.c s_flash_defl_data:
   * `total_remaining == 0 && packet_size > 4`); v0.8.1 removed the guard
   * (CHANGELOG: "remove faulty guard in flash_defl_data handler").
   */
  readonly tooMuchDataGuard: boolean;
}

export const KNOWN_STUBS: readonly KnownStub[] = [
  {
    id: 'esp-flasher-stub-1.2.1',
    family: 'esp-flasher-stub',
    // esptool-js 0.7.0 lib/targets/stub_flasher/esp8266.json; byte-identical to
    // esptool master esptool/targets/stub_flasher/2/esp8266.json, added by
    // commit e881f4a "Update flasher stub to v1.2.1" (v1.2.2 changed only ESP32-P4).
    description: 'esp-flasher-stub v1.2.1, as esptool-js 0.7.0 uploads it',
    entry: 0x4010c504,
    segments: [
      { address: 0x4010c500, length: 11456, md5: '2f1cdc61b44cf29e0e68db789ecfe533' },
      { address: 0x3fffae6c, length: 920, md5: '6b30b362256f3faad3d50533225fe0c1' },
    ],
    skipsBlankSectors: true,
    tooMuchDataGuard: false,
  },
  {
    id: 'esp-flasher-stub-0.7.0',
    family: 'esp-flasher-stub',
    // esptool v4.12.0 esptool/targets/stub_flasher/2/esp8266.json (its README: esp-flasher-stub v0.7.0).
    description: 'esp-flasher-stub v0.7.0, as esptool.py 4.12 uploads it with --stub-version 2',
    entry: 0x4010c504,
    segments: [
      { address: 0x4010c500, length: 12460, md5: '180d4b1fb15630f6a9a8068e5b039c01' },
      { address: 0x3fffae5c, length: 4100, md5: '52d224e76477cff48834975c065b828e' },
    ],
    skipsBlankSectors: false,
    tooMuchDataGuard: true,
  },
  {
    id: 'legacy-1.11.1',
    family: 'legacy',
    // esptool v4.12.0 esptool/targets/stub_flasher/1/esp8266.json (its README:
    // esptool-legacy-flasher-stub v1.11.1); loader.py StubFlasher.STUB_SUBDIRS = ["1", "2"] makes it the default.
    description: 'esptool-legacy-flasher-stub v1.11.1, as esptool.py 4.12 uploads it',
    entry: 0x4010d004,
    segments: [
      { address: 0x4010d000, length: 8276, md5: '3d4282e08fe1a6c89d9c4a576263a205' },
      { address: 0x3fffacac, length: 768, md5: '1b9e594019cc45f3bcb5c6116d6bfbb9' },
    ],
    skipsBlankSectors: false,
    tooMuchDataGuard: false,
  },
];

/** What the host has written into RAM with MEM_BEGIN/MEM_DATA since the ROM started. */
export class RamImage {
  readonly #blocks = new Map<number, Uint8Array>();

  write(address: number, bytes: Uint8Array): void {
    this.#blocks.set(address, bytes.slice());
  }

  clear(): void {
    this.#blocks.clear();
  }

  /** The bytes at [address, address + length), if every one of them was written. */
  read(address: number, length: number): Uint8Array | undefined {
    const out = new Uint8Array(length);
    const filled = new Uint8Array(length);
    for (const [start, bytes] of this.#blocks) {
      const from = Math.max(start, address);
      const to = Math.min(start + bytes.length, address + length);
      if (from >= to) continue;
      out.set(bytes.subarray(from - start, to - start), from - address);
      filled.fill(1, from - address, to - address);
    }
    return filled.every((f) => f === 1) ? out : undefined;
  }
}

const md5Hex = (bytes: Uint8Array): string => SparkMD5.ArrayBuffer.hash(bytes.slice().buffer as ArrayBuffer);

/** The known stub whose every segment is in RAM, byte for byte, and whose entry is `entry`. */
export function identifyStub(entry: number, ram: RamImage): KnownStub | undefined {
  return KNOWN_STUBS.find(
    (stub) =>
      stub.entry === entry &&
      stub.segments.every((segment) => {
        const bytes = ram.read(segment.address, segment.length);
        return bytes !== undefined && md5Hex(bytes) === segment.md5;
      }),
  );
}

export function knownStub(id: string): KnownStub {
  const stub = KNOWN_STUBS.find((s) => s.id === id);
  if (stub === undefined) throw new Error(`no known stub ${id}`);
  return stub;
}
