import { describe, expect, it } from 'vitest';
import { commandParts, parseCommand } from '../steps/index.ts';
import { commandPieces, type CommandPiece } from './command-args.ts';

const text = (pieces: CommandPiece[]) => pieces.map((piece) => (piece.kind === 'space' ? piece.text : piece.texts.map((part) => part.text).join(''))).join('');
const args = (pieces: CommandPiece[]) => pieces.flatMap((piece) => (piece.kind === 'arg' ? [piece.texts.map((part) => part.text).join('')] : []));

describe('command pieces', () => {
  it('join back into the command, byte for byte', () => {
    const command = parseCommand('esptool.py --port COM3 --baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin');
    expect(text(commandPieces(commandParts(command)))).toBe('esptool.py --port COM3 --baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin');
  });

  it('keep each option with its value, and every other argument alone', () => {
    const command = parseCommand('esptool.py --port COM3 --baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin');
    expect(args(commandPieces(commandParts(command)))).toEqual([
      'esptool.py',
      '--port COM3',
      '--baud 115200',
      'write_flash',
      '-fs detect',
      '-fm dout',
      '0x00000',
      'sonoff.bin',
    ]);
  });

  it('split a plain command at its spaces, an option followed by an option alone', () => {
    expect(args(commandPieces([{ kind: 'text', text: 'esptool.py --a --b c' }]))).toEqual(['esptool.py', '--a', '--b c']);
    expect(args(commandPieces([{ kind: 'text', text: 'esptool.py version' }]))).toEqual(['esptool.py', 'version']);
  });

  it('keep the port whole, even with a space in it, and mark the port and the baud', () => {
    const pieces = commandPieces(commandParts({ port: 'COM 3', baud: 921600, operation: { kind: 'erase_flash' } }));
    const marked = pieces.flatMap((piece) => (piece.kind === 'arg' ? piece.texts.filter((part) => part.value !== undefined) : []));
    expect(marked).toEqual([
      { text: 'COM 3', value: 'port' },
      { text: '921600', value: 'baud' },
    ]);
  });
});
