import { describe, expect, it } from 'vitest';
import { CommandSyntaxError, formatCommand, parseCommand } from './command-text.ts';

const guideCommands = [
  'esptool.py --port COM8 --baud 115200 erase_flash',
  'esptool.py --port COM8 --baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin',
  'esptool.py --port COM8 --baud 115200 read_flash 0x00000 0x100000 sonoff-backup.bin',
  'esptool.py --port COM8 --baud 115200 write_flash -fs 1MB -fm dio 0x00000 sonoff-backup.bin',
];

describe('command text', () => {
  it.each(guideCommands)('formats back exactly what it parsed: %s', (text) => {
    expect(formatCommand(parseCommand(text))).toBe(text);
  });

  it('reads the write step into flags, address and file', () => {
    expect(parseCommand(guideCommands[1]!)).toEqual({
      port: 'COM8',
      baud: 115200,
      operation: { kind: 'write_flash', flashSize: 'detect', flashMode: 'dout', flashFreq: 'keep', files: [{ address: 0, fileName: 'sonoff.bin' }] },
    });
  });

  it('reads the backup step into address and size', () => {
    expect(parseCommand(guideCommands[2]!).operation).toEqual({ kind: 'read_flash', address: 0, sizeBytes: 0x100000, fileName: 'sonoff-backup.bin' });
  });

  it('accepts the original guide spelling with python in front', () => {
    expect(parseCommand('python esptool.py --port COM19 --baud 921600 erase_flash')).toEqual({ port: 'COM19', baud: 921600, operation: { kind: 'erase_flash' } });
  });

  it.each([
    ['esptool.py --port COM8 flash_id', /not a command the browser flasher runs/],
    ['esptool.py --port COM8 write_flash -fm fast 0x0 a.bin', /-fm takes one of keep, qio, qout, dio, dout; got "fast"/],
    ['esptool.py --port COM8 write_flash --verify 0x0 a.bin', /option --verify is not supported/],
    ['esptool.py --port COM8 write_flash 0x100 a.bin', /multiple of 0x1000/],
    ['esptool.py --port COM8 read_flash 0x0 0x100000', /exactly: address size file/],
    ['esptool.py --baud 115200 erase_flash', /names no --port/],
    ['avrdude -p m328p', /must start with esptool.py/],
  ])('refuses %s', (text, message) => {
    expect(() => parseCommand(text)).toThrow(CommandSyntaxError);
    expect(() => parseCommand(text)).toThrow(message);
  });
});
