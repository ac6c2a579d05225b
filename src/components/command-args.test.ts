import { describe, expect, it } from 'vitest';
import { commandParts, parseCommand } from '../steps/index.ts';
import { commandPieces } from './command-args.ts';

const text = (pieces: ReturnType<typeof commandPieces>) => pieces.map((piece) => piece.text).join('');

describe('command pieces', () => {
  it('join back into the command, byte for byte', () => {
    const command = parseCommand('esptool.py --port COM3 --baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin');
    expect(text(commandPieces(commandParts(command)))).toBe('esptool.py --port COM3 --baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin');
  });

  it('make every option and every value its own argument', () => {
    const pieces = commandPieces([{ kind: 'text', text: 'pip install --upgrade esptool' }]);
    expect(pieces.filter((piece) => piece.kind === 'arg').map((piece) => piece.text)).toEqual(['pip', 'install', '--upgrade', 'esptool']);
    expect(pieces.filter((piece) => piece.kind === 'space').map((piece) => piece.text)).toEqual([' ', ' ', ' ']);
  });

  it('keep the port whole, even with a space in it, and mark the port and the baud', () => {
    const pieces = commandPieces(commandParts({ port: 'COM 3', baud: 921600, operation: { kind: 'erase_flash' } }));
    expect(pieces.filter((piece) => piece.kind === 'arg' && piece.value !== undefined)).toEqual([
      { kind: 'arg', text: 'COM 3', value: 'port' },
      { kind: 'arg', text: '921600', value: 'baud' },
    ]);
  });
});
