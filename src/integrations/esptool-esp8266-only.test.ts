import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { esptoolEsp8266Only } from './esptool-esp8266-only.ts';
import * as table from '../flasher/esptool-targets.ts';

describe('esptool-js with the ESP8266 only', () => {
  const plugin = esptoolEsp8266Only();
  const loader = '/work/node_modules/esptool-js/lib/esploader.js';

  it("redirects the loader's imports of the chip table, the image parsers and pako, and nothing else", () => {
    expect(plugin.resolveId('./targets/index.js', loader)).toMatch(/src[\\/]flasher[\\/]esptool-targets\.ts$/);
    expect(plugin.resolveId('./image/index.js', loader)).toMatch(/src[\\/]flasher[\\/]esptool-image\.ts$/);
    expect(plugin.resolveId('pako', loader)).toMatch(/src[\\/]flasher[\\/]zlib\.ts$/);
    expect(plugin.resolveId('./targets/index.js', '/work/node_modules/esptool-js/lib/index.js')).toBeNull();
    expect(plugin.resolveId('./targets/index.js', '/work/node_modules/other/lib/esploader.js')).toBeNull();
    // pako elsewhere (the virtual device's stub models) stays pako.
    expect(plugin.resolveId('pako', '/work/src/virtual-device/esp8266/flasher-stub.ts')).toBeNull();
    expect(plugin.resolveId('./webserial.js', loader)).toBeNull();
    expect(plugin.resolveId('toString', loader)).toBeNull();
    expect(plugin.resolveId('./targets/index.js', undefined)).toBeNull();
  });

  it("replaces exactly what the loader imports from them", async () => {
    const source = await readFile(fileURLToPath(import.meta.resolve('esptool-js/lib/esploader.js')), 'utf8');
    expect(source).toContain('import { deflate, Inflate } from "pako";');
    expect(source).toContain('import { loadFirmwareImage } from "./image/index.js";');
    const zlib = await import('../flasher/zlib.ts');
    expect(typeof zlib.deflate).toBe('function');
    expect(typeof zlib.Inflate).toBe('function');
    const image = await import('../flasher/esptool-image.ts');
    await expect(image.loadFirmwareImage()).rejects.toThrow(/not in this build/);
  });

  it('is only safe while the flasher never calls writeFlash, the one loader method that reads images', async () => {
    const source = await readFile(fileURLToPath(import.meta.resolve('esptool-js/lib/esploader.js')), 'utf8');
    const methods = source.split(/\n {4}(?=(?:async )?\w+\([^)]*\) \{\n)/);
    const name = (body: string): string | undefined => /^(?:async )?(\w+)/.exec(body)?.[1];
    const readers = methods.filter((body) => /loadFirmwareImage\(/.test(body) && !body.startsWith('import')).map(name);
    expect(readers).toEqual(['_updateImageFlashParams']);
    const callers = methods.filter((body) => /this\._updateImageFlashParams\(/.test(body)).map(name);
    expect(callers).toEqual(['writeFlash']);
    const flasher = fileURLToPath(new URL('../flasher/', import.meta.url));
    for (const file of await readdir(flasher)) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const code = await readFile(join(flasher, file), 'utf8');
      expect(code, file).not.toMatch(/loader\.(writeFlash|_updateImageFlashParams)\(/);
    }
  });

  it('keeps the exports the loader imports, with the ESP8266 in them', () => {
    expect(table.CHIP_LIST).toEqual(['esp8266']);
    expect(table.ROM_LIST.map((rom) => rom.CHIP_NAME)).toEqual(['ESP8266']);
    expect(table.CHIP_DEFS.esp8266.CHIP_NAME).toBe('ESP8266');
  });

  it('is only safe because the flasher never calls the loader methods that read the table', async () => {
    // Which ESPLoader methods read the table: the loader's source, split at its method definitions.
    const source = await readFile(fileURLToPath(import.meta.resolve('esptool-js/lib/esploader.js')), 'utf8');
    const methods = source.split(/\n {4}(?=(?:async )?\w+\([^)]*\) \{\n)/);
    const readers = methods.filter((body) => /CHIP_DEFS|ROM_LIST/.test(body) && !body.startsWith('import')).map((body) => /^(?:async )?(\w+)/.exec(body)?.[1]);
    expect(readers.sort()).toEqual(['identifyChipByMagic', 'romFromChipId']);
    // Nor anything on the loader that leads to them (connect → identifyChip, detectChip, main), anywhere in the flasher.
    const flasher = fileURLToPath(new URL('../flasher/', import.meta.url));
    for (const name of await readdir(flasher)) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      const code = await readFile(join(flasher, name), 'utf8');
      expect(code, name).not.toMatch(/loader\.(identifyChipByMagic|romFromChipId|identifyChip|detectChip|connect|main)\(/);
    }
  });
});
