import { describe, expect, it } from 'vitest';
import { gzip } from 'pako';
import { isFlasherError } from './errors.ts';
import { checkFirmwareImage, gunzip, padTo4, parseEsp8266Image, patchImageHeader, prepareImage } from './image.ts';
import { esp32Image, esp8266Image } from './test-images.ts';

const MB = 1024 * 1024;
const at0 = { address: 0, flashSizeBytes: MB, fileName: 'sonoff.bin' };

describe('patchImageHeader, as esptool.py v4.12 _update_image_flash_params', () => {
  const image = esp8266Image({ sizeFreq: 0x0f, mode: 0x00 });

  it('-fs detect on a 1 MB device with -fm dout gives 0x03 and 0x2F', () => {
    const patched = patchImageHeader(image, 0, { flashSize: '1MB', flashMode: 'dout', flashFreq: 'keep' });
    expect([patched[2], patched[3]]).toEqual([0x03, 0x2f]);
    expect(patched.subarray(4)).toEqual(image.subarray(4));
  });

  it('-fs 1MB -fm dio gives 0x02 and 0x2F', () => {
    const patched = patchImageHeader(image, 0, { flashSize: '1MB', flashMode: 'dio', flashFreq: 'keep' });
    expect([patched[2], patched[3]]).toEqual([0x02, 0x2f]);
  });

  it('keeps the bits the command keeps, and sets -ff in the low nibble', () => {
    expect(patchImageHeader(image, 0, { flashSize: 'keep', flashMode: 'dio', flashFreq: 'keep' })[3]).toBe(0x0f);
    expect(patchImageHeader(image, 0, { flashSize: '4MB', flashMode: 'keep', flashFreq: '40m' }).subarray(2, 4)).toEqual(Uint8Array.of(0x00, 0x40));
    expect(patchImageHeader(image, 0, { flashSize: '512KB', flashMode: 'qout', flashFreq: '26m' }).subarray(2, 4)).toEqual(Uint8Array.of(0x01, 0x01));
  });

  it('leaves everything alone at other addresses, for other magics, for all-keep and for images that do not parse', () => {
    const params = { flashSize: '1MB', flashMode: 'dout', flashFreq: 'keep' } as const;
    expect(patchImageHeader(image, 0x1000, params)).toBe(image);
    expect(patchImageHeader(image, 0, { flashSize: 'keep', flashMode: 'keep', flashFreq: 'keep' })).toBe(image);
    const data = image.slice();
    data[0] = 0xea;
    expect(patchImageHeader(data, 0, params)).toBe(data);
    const truncated = image.slice(0, 60);
    expect(patchImageHeader(truncated, 0, params)).toBe(truncated);
  });

  it('patches a whole-flash backup whose first bytes are an image (the restore step)', () => {
    const backup = new Uint8Array(MB).fill(0xff);
    backup.set(esp8266Image({ mode: 0x03, sizeFreq: 0x2f }));
    const patched = patchImageHeader(backup, 0, { flashSize: '1MB', flashMode: 'dio', flashFreq: 'keep' });
    expect([patched[2], patched[3]]).toEqual([0x02, 0x2f]);
    expect(patched.length).toBe(MB);
  });

  it('pads to 4 bytes with 0xFF before patching, as write_flash does', () => {
    const odd = esp8266Image({ trailingBytes: 3 });
    const prepared = prepareImage(odd, 0, { flashSize: '1MB', flashMode: 'dout', flashFreq: 'keep' });
    expect(prepared.length % 4).toBe(0);
    expect(prepared.length).toBe(odd.length + 1);
    expect(prepared[prepared.length - 1]).toBe(0xff);
    expect(padTo4(prepared)).toBe(prepared);
  });

  it('parses segments like ESP8266ROMFirmwareImage (checksum byte at the 16-byte boundary)', () => {
    expect(parseEsp8266Image(image)?.segments).toEqual([
      { loadAddress: 0x40100000, sizeBytes: 40 },
      { loadAddress: 0x3ffe8000, sizeBytes: 300 },
    ]);
    expect(parseEsp8266Image(image.slice(0, image.length - 1))).toBeUndefined();
  });
});

describe('checkFirmwareImage', () => {
  const refusal = (bytes: Uint8Array, context = at0) => {
    const result = checkFirmwareImage(bytes, context);
    if (result.ok) throw new Error('expected a refusal');
    return result;
  };

  it('accepts an ESP8266 image that fits', () => {
    expect(checkFirmwareImage(esp8266Image(), at0)).toEqual({ ok: true, format: 'esp8266-v1', warnings: [] });
  });

  it('refuses an empty file', () => {
    expect(refusal(new Uint8Array(0)).error.message).toBe('sonoff.bin is empty (0 bytes).');
  });

  it('refuses a text file renamed .bin, naming what it is', () => {
    const html = new TextEncoder().encode('<!DOCTYPE html><html><body>404 Not Found</body></html>');
    expect(refusal(html).error.message).toBe('sonoff.bin is a web page (HTML), probably saved instead of the download; this is not firmware.');
    expect(refusal(new TextEncoder().encode('hello world\n')).error.message).toBe('sonoff.bin is a text file; this is not firmware.');
    expect(refusal(new TextEncoder().encode(':100000000C9434000C9446000C9446000C9446006A\n')).error.message).toMatch(/Intel HEX/);
  });

  it('refuses a blank (all 0xFF) file, such as a backup of an erased flash', () => {
    expect(refusal(new Uint8Array(8192).fill(0xff)).error.message).toBe('sonoff.bin is blank: every byte is 0xFF, as read from an erased flash.');
  });

  it('refuses an ESP32 image, naming the chip', () => {
    expect(refusal(esp32Image(0x00)).error.message).toBe('sonoff.bin is firmware for an ESP32, not for the ESP8266 in the Sonoff POW.');
    expect(refusal(esp32Image(0x05)).error.message).toMatch(/ESP32-C3/);
    expect(refusal(esp32Image(0x00)).error.code).toBe('bad-image');
  });

  it('returns gzip as its own kind, and gunzip recovers the image', () => {
    const image = esp8266Image();
    const result = refusal(gzip(image));
    expect(result.kind).toBe('gzip');
    expect(result.error.message).toMatch(/gzip-compressed/);
    expect(gunzip(gzip(image))).toEqual(image);
  });

  it('gunzip says so when what is inside is not firmware', () => {
    const error = (() => {
      try {
        gunzip(gzip(new TextEncoder().encode('just text')), 'notes.bin.gz');
      } catch (caught) {
        return caught;
      }
    })();
    expect(isFlasherError(error, 'bad-image')).toBe(true);
    expect((error as Error).message).toBe('notes.bin.gz decompressed, but what is inside is not ESP8266 firmware (it does not start with 0xE9).');
  });

  it('refuses an image bigger than the flash', () => {
    const big = esp8266Image({ trailingBytes: 1.2 * MB });
    expect(refusal(big).error.message).toBe('sonoff.bin is 1.2 MB but there is only 1 MB of flash from 0x00000.');
  });

  it('refuses an image that fits the flash but not from its address', () => {
    const image = esp8266Image({ trailingBytes: 600 * 1024 - 352 });
    const result = refusal(image, { address: 0x80000, flashSizeBytes: MB, fileName: 'sonoff.bin' });
    expect(result.error.message).toBe('sonoff.bin (600 KB) fits the 1 MB flash but not from 0x80000: only 512 KB remain there.');
  });

  it('refuses other first bytes and V2 images at 0x00000, but accepts V2 elsewhere', () => {
    const zeros = new Uint8Array(4096);
    zeros[0] = 0x00;
    zeros[1] = 0x01;
    expect(refusal(zeros).error.message).toBe('sonoff.bin does not start like ESP8266 firmware (first byte is 0x00, firmware starts with 0xE9).');
    const v2 = esp8266Image();
    v2[0] = 0xea;
    expect(refusal(v2).error.message).toMatch(/"V2" application image/);
    expect(checkFirmwareImage(v2, { ...at0, address: 0x1000 })).toMatchObject({ ok: true, format: 'esp8266-v2' });
  });

  it('skips the size check when the flash size is unknown', () => {
    expect(checkFirmwareImage(esp8266Image({ trailingBytes: 2 * MB }), { ...at0, flashSizeBytes: undefined }).ok).toBe(true);
  });
});
