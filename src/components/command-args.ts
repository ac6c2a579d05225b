/**
 * A command as the page shows it: one piece per argument, and the spaces
 * between them. Each argument is rendered unbreakable, so a narrow screen
 * wraps a command between arguments, never inside `--baud` or `-fm`; the
 * pieces joined are the command, byte for byte, which is what Copy copies.
 */
import type { CommandPart } from '../steps/index.ts';

export type CommandPiece = { kind: 'space'; text: string } | { kind: 'arg'; text: string; value?: 'port' | 'baud' };

/**
 * `parts` are text runs, some of them the port or the baud rate (which the
 * page rewrites to the reader's own values); a port or a baud rate is one
 * argument even if it holds a space, the rest splits at spaces.
 */
export function commandPieces(parts: readonly CommandPart[]): CommandPiece[] {
  const pieces: CommandPiece[] = [];
  for (const part of parts) {
    if (part.kind !== 'text') {
      pieces.push({ kind: 'arg', text: part.text, value: part.kind });
      continue;
    }
    for (const run of part.text.split(/(\s+)/)) {
      if (run === '') continue;
      pieces.push(/^\s+$/.test(run) ? { kind: 'space', text: run } : { kind: 'arg', text: run });
    }
  }
  return pieces;
}
