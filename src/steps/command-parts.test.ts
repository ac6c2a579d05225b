import { describe, expect, it } from 'vitest';
import { commandParts } from './command-parts.ts';
import { formatCommand, parseCommand } from './command-text.ts';

const guideCommands = [
  'esptool.py --port COM8 --baud 115200 erase_flash',
  'esptool.py --port COM8 --baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin',
  'esptool.py --port COM8 --baud 115200 read_flash 0x00000 0x100000 sonoff-backup.bin',
  'esptool.py --port COM8 --baud 115200 write_flash -fs 1MB -fm dio 0x00000 sonoff-backup.bin',
];

describe('command parts', () => {
  it.each(guideCommands)('join back into the formatted command: %s', (text) => {
    const command = parseCommand(text);
    expect(commandParts(command).map((part) => part.text).join('')).toBe(formatCommand(command));
  });

  it('set the port and the baud apart, once each', () => {
    const parts = commandParts(parseCommand('esptool.py --port /dev/ttyUSB0 --baud 921600 erase_flash'));
    expect(parts.filter((part) => part.kind === 'port')).toEqual([{ kind: 'port', text: '/dev/ttyUSB0' }]);
    expect(parts.filter((part) => part.kind === 'baud')).toEqual([{ kind: 'baud', text: '921600' }]);
  });

  it('keep the original spelling python esptool.py out: the page shows the canonical form', () => {
    const parts = commandParts(parseCommand('python esptool.py --port COM19 --baud 115200 erase_flash'));
    expect(parts.map((part) => part.text).join('')).toBe('esptool.py --port COM19 --baud 115200 erase_flash');
  });

  it('keep a port with spaces whole inside its own part', () => {
    const command = { port: 'COM 3', baud: 115200, operation: { kind: 'erase_flash' as const } };
    expect(commandParts(command)[1]).toEqual({ kind: 'port', text: 'COM 3' });
  });
});
