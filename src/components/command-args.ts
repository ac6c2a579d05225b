/**
 * A command as the page shows it: unbreakable pieces and the spaces between
 * them. A piece is one argument, or an option with its value (`--port COM3`,
 * `-fm dout`), so a narrow screen wraps a command between arguments, never
 * inside `--baud` or between `-fs` and `detect`; the pieces joined are the
 * command, byte for byte, which is what Copy copies.
 */
import type { CommandPart } from '../steps/index.ts';

/** Text of a piece; `value` marks the port or the baud rate, which the page rewrites to the reader's own. */
export interface PieceText {
  text: string;
  value?: 'port' | 'baud';
}

export type CommandPiece = { kind: 'space'; text: string } | { kind: 'arg'; texts: PieceText[] };

const isOption = (text: string): boolean => text.startsWith('-');

/**
 * `parts` are text runs, some of them the port or the baud rate; a port or a
 * baud rate is one argument even if it holds a space, the rest splits at
 * spaces. An option and the argument after it stay together when that
 * argument is not an option itself.
 */
export function commandPieces(parts: readonly CommandPart[]): CommandPiece[] {
  const runs: ({ kind: 'space'; text: string } | { kind: 'arg'; text: PieceText })[] = [];
  for (const part of parts) {
    if (part.kind !== 'text') {
      runs.push({ kind: 'arg', text: { text: part.text, value: part.kind } });
      continue;
    }
    for (const run of part.text.split(/(\s+)/)) {
      if (run === '') continue;
      runs.push(/^\s+$/.test(run) ? { kind: 'space', text: run } : { kind: 'arg', text: { text: run } });
    }
  }
  const pieces: CommandPiece[] = [];
  for (let index = 0; index < runs.length; index++) {
    const run = runs[index]!;
    if (run.kind === 'space') {
      pieces.push(run);
      continue;
    }
    const space = runs[index + 1];
    const next = runs[index + 2];
    if (isOption(run.text.text) && space?.kind === 'space' && next?.kind === 'arg' && !isOption(next.text.text)) {
      pieces.push({ kind: 'arg', texts: [run.text, { text: space.text }, next.text] });
      index += 2;
    } else {
      pieces.push({ kind: 'arg', texts: [run.text] });
    }
  }
  return pieces;
}
