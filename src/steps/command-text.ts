/**
 * The esptool.py command line of a step, both ways: format an operation into
 * the text the guide shows, and parse shown text back into the operation the
 * flasher runs. Only what the flasher can perform faithfully parses; anything
 * else is a `CommandSyntaxError`, which fails the site build.
 */
import {
  FLASH_FREQS,
  FLASH_MODES,
  FLASH_SIZES,
  type Command,
  type FileAtAddress,
  type FlashFreq,
  type FlashMode,
  type FlashSizeSetting,
  type Operation,
} from './operation.ts';

/** The program name the guide tells readers to run (installed by pip on the PATH). */
export const PROGRAM = 'esptool.py';

export class CommandSyntaxError extends Error {
  override name = 'CommandSyntaxError';
}

/** `0x00000` style, as the original guide writes offsets: at least five hex digits. */
export function formatAddress(value: number): string {
  return `0x${value.toString(16).padStart(5, '0')}`;
}

export function formatOperation(operation: Operation): string {
  switch (operation.kind) {
    case 'erase_flash':
      return 'erase_flash';
    case 'read_flash':
      return ['read_flash', formatAddress(operation.address), formatAddress(operation.sizeBytes), operation.fileName].join(' ');
    case 'write_flash': {
      const parts = ['write_flash'];
      if (operation.flashSize !== 'keep') parts.push('-fs', operation.flashSize);
      if (operation.flashMode !== 'keep') parts.push('-fm', operation.flashMode);
      if (operation.flashFreq !== 'keep') parts.push('-ff', operation.flashFreq);
      for (const file of operation.files) parts.push(formatAddress(file.address), file.fileName);
      return parts.join(' ');
    }
  }
}

export function formatCommand(command: Command): string {
  return `${PROGRAM} --port ${command.port} --baud ${command.baud} ${formatOperation(command.operation)}`;
}

function parseNumber(token: string | undefined, what: string): number {
  if (token === undefined) throw new CommandSyntaxError(`missing ${what}`);
  const value = /^0x[0-9a-f]+$/i.test(token) ? Number.parseInt(token.slice(2), 16) : /^\d+$/.test(token) ? Number(token) : NaN;
  if (!Number.isSafeInteger(value)) throw new CommandSyntaxError(`${what} must be a number like 0x00000, not "${token}"`);
  return value;
}

function oneOf<T extends string>(token: string | undefined, allowed: readonly T[], flag: string): T {
  if (token !== undefined && (allowed as readonly string[]).includes(token)) return token as T;
  throw new CommandSyntaxError(`${flag} takes one of ${allowed.join(', ')}; got "${token ?? ''}"`);
}

/** Parse the operation part of a command: everything after the global options. */
export function parseOperation(text: string): Operation {
  const tokens = text.trim().split(/\s+/);
  const [name, ...args] = tokens;
  switch (name) {
    case 'erase_flash':
      if (args.length > 0) throw new CommandSyntaxError(`erase_flash takes no arguments; got "${args.join(' ')}"`);
      return { kind: 'erase_flash' };
    case 'read_flash': {
      if (args.length !== 3) throw new CommandSyntaxError('read_flash takes exactly: address size file');
      const address = parseNumber(args[0], 'read_flash address');
      const sizeBytes = parseNumber(args[1], 'read_flash size');
      if (sizeBytes <= 0) throw new CommandSyntaxError('read_flash size must be more than 0');
      return { kind: 'read_flash', address, sizeBytes, fileName: args[2]! };
    }
    case 'write_flash': {
      let flashSize: FlashSizeSetting = 'keep';
      let flashMode: FlashMode | 'keep' = 'keep';
      let flashFreq: FlashFreq | 'keep' = 'keep';
      const files: FileAtAddress[] = [];
      for (let i = 0; i < args.length; i++) {
        const arg = args[i]!;
        if (arg === '-fs' || arg === '--flash_size') flashSize = oneOf(args[++i], ['detect', 'keep', ...FLASH_SIZES], '-fs');
        else if (arg === '-fm' || arg === '--flash_mode') flashMode = oneOf(args[++i], ['keep', ...FLASH_MODES], '-fm');
        else if (arg === '-ff' || arg === '--flash_freq') flashFreq = oneOf(args[++i], ['keep', ...FLASH_FREQS], '-ff');
        else if (arg.startsWith('-')) throw new CommandSyntaxError(`write_flash option ${arg} is not supported by the browser flasher`);
        else {
          const address = parseNumber(arg, 'write_flash address');
          const fileName = args[++i];
          if (fileName === undefined || fileName.startsWith('-')) throw new CommandSyntaxError(`write_flash address ${arg} needs a file name after it`);
          if (address % 4096 !== 0) throw new CommandSyntaxError(`write_flash address ${arg} must be a multiple of 0x1000 (a flash sector)`);
          files.push({ address, fileName });
        }
      }
      if (files.length === 0) throw new CommandSyntaxError('write_flash needs at least one "address file" pair');
      return { kind: 'write_flash', flashSize, flashMode, flashFreq, files };
    }
    default:
      throw new CommandSyntaxError(`"${name ?? ''}" is not a command the browser flasher runs (erase_flash, write_flash, read_flash)`);
  }
}

/**
 * Parse a whole shown command line: `esptool.py --port P --baud B <operation>`.
 * `python esptool.py`, `esptool` and `python -m esptool` are accepted spellings.
 */
export function parseCommand(text: string): Command {
  const tokens = text.trim().split(/\s+/);
  let i = 0;
  if (tokens[i] === 'python' || tokens[i] === 'python3') i++;
  if (tokens[i] === '-m' && tokens[i + 1] === 'esptool') i += 2;
  else if (tokens[i] === 'esptool.py' || tokens[i] === 'esptool') i++;
  else throw new CommandSyntaxError(`a command must start with ${PROGRAM}; got "${tokens[0] ?? ''}"`);
  let port: string | undefined;
  let baud = 115200;
  for (; i < tokens.length && tokens[i]!.startsWith('-'); i++) {
    const option = tokens[i];
    if (option === '--port' || option === '-p') port = tokens[++i];
    else if (option === '--baud' || option === '-b') baud = parseNumber(tokens[++i], '--baud');
    else throw new CommandSyntaxError(`option ${option} is not supported by the browser flasher`);
  }
  if (port === undefined) throw new CommandSyntaxError('the command names no --port');
  return { port, baud, operation: parseOperation(tokens.slice(i).join(' ')) };
}
