import { describe, expect, it } from 'vitest';
import { es } from '../i18n/es.ts';
import { en } from '../i18n/en.ts';
import { provideWords } from '../i18n/index.ts';
import { esptoolLine } from './esptool-lines.ts';

/** Lines as esptool-js 0.7.0 writes them (node_modules/esptool-js/lib/esploader.js). */
const WRITTEN = [
  'Stub is already running. No upload is necessary.',
  'Uploading stub...',
  'Running stub...',
  'Stub running...',
  'Erasing flash (this may take a while)...',
  'Chip erase completed successfully in 2.5s',
  'Compressed 307203 bytes to 201456...',
  'Took 0.1.100s to erase flash block',
  'Changing baudrate to 460800',
  'Changed',
  'If the chip does not respond to any further commands, consider using a lower baud rate.',
  'Unable to use 921600 baud. Continuing at 115200 baud.',
  'The board reset while the serial port was reopened. Continuing at 115200 baud.',
  'The board stopped responding after changing baud rate. Continuing at 115200 baud.',
];

describe("esptool-js's log lines", () => {
  it('read in English exactly as esptool-js wrote them', () => {
    for (const line of WRITTEN) expect(esptoolLine(line)).toBe(line);
  });

  it('are all known: in Spanish none is left as written, and the values stay', () => {
    provideWords('main', es, 'es');
    try {
      for (const line of WRITTEN) expect(esptoolLine(line), line).not.toBe(line);
      expect(esptoolLine('Changing baudrate to 460800')).toContain('460800');
      expect(esptoolLine('Chip erase completed successfully in 2.5s')).toContain('2,5 s');
      // esptool-js's "0.1.100s" is 100 ms: 0,100 s.
      expect(esptoolLine('Took 0.1.100s to erase flash block')).toContain('0,100 s');
      expect(esptoolLine('Compressed 307203 bytes to 201456...')).toContain('307.203 bytes');
    } finally {
      provideWords('main', en, 'en');
    }
  });

  it('passes a line it does not know through as written', () => {
    expect(esptoolLine('Debug: Read Register:0x3ff00050')).toBe('Debug: Read Register:0x3ff00050');
  });
});
