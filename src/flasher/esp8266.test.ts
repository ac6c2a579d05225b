import { describe, expect, it } from 'vitest';
import { flashSizeFromId, readFlashId, readMac, type RegisterAccess } from './esp8266.ts';

/** A register file that records the esptool.py sequence and runs RDID when USR is started. */
function fakeChip(jedec: number, efuse: Record<number, number> = {}): RegisterAccess & { writes: [number, number][] } {
  const regs = new Map<number, number>(Object.entries(efuse).map(([k, v]) => [Number(k), v]));
  const writes: [number, number][] = [];
  return {
    writes,
    async readReg(address) {
      return regs.get(address) ?? 0;
    },
    async writeReg(address, value) {
      writes.push([address, value >>> 0]);
      if (address === 0x60000200 && value === 1 << 18) {
        const usr1 = regs.get(0x60000220) ?? 0;
        const usr2 = regs.get(0x60000224) ?? 0;
        const misoBits = ((usr1 >>> 8) & 0x1ff) + 1;
        if ((usr2 & 0xff) === 0x9f && misoBits === 24) regs.set(0x60000240, jedec);
        return;
      }
      regs.set(address, value >>> 0);
    },
  };
}

describe('ESP8266 reads, the esptool.py way', () => {
  it('reads the JEDEC id with the bit length in SPI_USR1, not SPI_CMD', async () => {
    const chip = fakeChip(0x14405e);
    expect(await readFlashId(chip)).toBe(0x14405e);
    expect(chip.writes.slice(0, 5)).toEqual([
      [0x60000220, 23 << 8],
      [0x6000021c, 0x90000000],
      [0x60000224, 0x7000009f],
      [0x60000240, 0],
      [0x60000200, 1 << 18],
    ]);
  });

  it('derives the size from the capacity byte', () => {
    expect(flashSizeFromId(0x14405e)).toEqual({ name: '1MB', sizeBytes: 1024 * 1024 });
    expect(flashSizeFromId(0x1640ef)).toEqual({ name: '4MB', sizeBytes: 4 * 1024 * 1024 });
    expect(flashSizeFromId(0xffffff)).toBeUndefined();
  });

  it('reads the MAC with the Espressif OUI from the efuse words', async () => {
    const chip = fakeChip(0, { 0x3ff00050: 0xcc000000, 0x3ff00054: 0x0000aabb, 0x3ff0005c: 0 });
    expect(await readMac(chip)).toBe('18:fe:34:aa:bb:cc');
    const custom = fakeChip(0, { 0x3ff00050: 0x01000000, 0x3ff00054: 0x00000203, 0x3ff0005c: 0x005ccf7f });
    expect(await readMac(custom)).toBe('5c:cf:7f:02:03:01');
  });
});
