/**
 * A formatted command split into pieces, so a page can wrap the port and the
 * baud (the parts the reader's own machine decides) and still show exactly
 * the text `formatCommand` gives.
 */
import { PROGRAM, formatOperation } from './command-text.ts';
import type { Command } from './operation.ts';

export type CommandPartKind = 'text' | 'port' | 'baud';

export interface CommandPart {
  kind: CommandPartKind;
  text: string;
}

/** Joined, the parts' texts equal `formatCommand(command)`. */
export function commandParts(command: Command): CommandPart[] {
  return [
    { kind: 'text', text: `${PROGRAM} --port ` },
    { kind: 'port', text: command.port },
    { kind: 'text', text: ' --baud ' },
    { kind: 'baud', text: String(command.baud) },
    { kind: 'text', text: ` ${formatOperation(command.operation)}` },
  ];
}
