/**
 * The firmware's serial console over a Web Serial port: the lines the
 * device prints, the lines the page sends, and commands that wait for
 * their answer. No DOM; the UI renders `lines` and listens with `onLine`.
 *
 * Line endings. The device's lines end in CRLF (Tasmota prints
 * "%s%s%s%s\r\n", Jason2866/Tasmota@badb58b
 * tasmota/tasmota_support/support.ino:2805); a line ends at LF and every
 * CR is dropped (ESPEasy puts "\n\n\r" before its boot line,
 * letscontrolit/ESPEasy@f9a2fd4 src/src/ESPEasyCore/ESPEasy_setup.cpp:238).
 * What the page sends ends in LF alone: Tasmota runs a line on '\n' and
 * throws away every byte that is not printable, CR included
 * (support_tasmota.ino:1857-1863, 1906-1913), so LF is the one byte that
 * matters and a CR-only terminal never completes a command. LF also ends a
 * line for ESPEasy (CR or LF, empty lines ignored, ESPEasy_Console_Port.cpp:141-155)
 * and ESPurna (LF or CRLF, xoseperez/espurna@37d2837
 * code/espurna/terminal_parsing.cpp:247-300).
 *
 * Secrets. Every line is redacted (redact.ts) before it is stored or handed
 * to a listener: the secrets given to send/command, and anything typed
 * after a password-setting command. The raw text of a line lives only in a
 * private buffer until its LF arrives, and in the write to the port.
 *
 * Pause. pause() stops the listeners, not the scrollback: lines keep
 * arriving in `lines` (and commands keep getting their replies); resume()
 * hands the listeners what came meanwhile (as much as the scrollback still
 * holds), in order.
 */
import type { SerialPortLike } from '../flasher/api.ts';
import { ConsoleError, type ConsoleErrorCode } from './errors.ts';
import { redact, secretsInCommand } from './redact.ts';
import { replyOf, type TasmotaReply } from './reply.ts';

export type LineDirection = 'device' | 'sent' | 'note';

/** Something that happened to the connection, as a code for the UI's catalogue. */
export type NoteCode = 'opened' | 'closed' | 'port-lost' | 'read-error';

export interface ConsoleLine {
  /** Date.now() when the line was complete (its LF arrived) or sent. */
  readonly at: number;
  /** Redacted. For a note: its code and detail ("opened 115200", "read-error FramingError"). */
  readonly text: string;
  readonly direction: LineDirection;
  readonly note?: NoteCode;
}

export type ConsoleState = 'closed' | 'open' | 'lost';

export interface SerialConsoleOptions {
  /** Scrollback size; the oldest lines go first (default 5000). */
  maxLines?: number;
  /** A line with no LF is cut at this length (noise at a wrong baud may never bring one; default 4096). */
  maxLineLength?: number;
  /** The clock for `at` (default Date.now). */
  now?: () => number;
}

export interface SendOptions {
  /** Text that must never appear in the scrollback: the sent line and every later device line are redacted. */
  secrets?: readonly string[];
}

export interface CommandOptions extends SendOptions {
  /** How long to wait for the reply (default 5000 ms). */
  timeoutMs?: number;
}

/** Tasmota's serial rate (APP_BAUDRATE 115200, include/tasmota.h:222); ESPurna and ESPEasy use it too. */
export const DEFAULT_BAUD = 115200;
/** INPUT_BUFFER_SIZE 800 (include/tasmota.h:199) holds 799 characters and the terminator (support_tasmota.ino:1858). */
export const MAX_COMMAND_LENGTH = 799;
export const DEFAULT_MAX_LINES = 5000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 5000;
/** A value typed after "Password1" is remembered as a secret from this length: Tasmota stores (and so echoes) only more than 4 characters (support_command.ino:2423). */
const LEARNED_SECRET_MIN = 5;
/** Non-fatal read errors in a row before the console gives the port up. */
const MAX_READ_ERRORS = 10;

interface Watcher {
  readonly test: (line: ConsoleLine) => boolean;
  readonly resolve: (line: ConsoleLine) => void;
  readonly reject: (error: ConsoleError) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Web Serial's fatal error: "The device has been lost." (NetworkError). */
function isNetworkError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'NetworkError';
}

function errorName(error: unknown): string {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : 'Error';
}

/** Throws the code of the first rule the line breaks: nothing is sent then. */
export function checkCommandLine(line: string): void {
  if (/[\r\n]/.test(line)) throw new ConsoleError('line-break-in-line');
  if (/[^\x20-\x7e]/.test(line)) throw new ConsoleError('not-printable-ascii');
  if (line.length > MAX_COMMAND_LENGTH) throw new ConsoleError('line-too-long');
}

export class SerialConsole {
  readonly #port: SerialPortLike;
  readonly #maxLines: number;
  readonly #maxLineLength: number;
  readonly #now: () => number;
  #state: ConsoleState = 'closed';
  #opening: Promise<void> | undefined;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  #reading: Promise<void> | undefined;
  #decoder = new TextDecoder('utf-8');
  /** Raw text of the line being received (not redacted yet: never shown). */
  #partial = '';
  readonly #lines: ConsoleLine[] = [];
  #dropped = 0;
  readonly #listeners = new Set<(line: ConsoleLine) => void>();
  readonly #watchers = new Set<Watcher>();
  #paused = false;
  #missed: ConsoleLine[] = [];
  readonly #secrets = new Set<string>();
  #commands: Promise<unknown> = Promise.resolve();

  constructor(port: SerialPortLike, options: SerialConsoleOptions = {}) {
    this.#port = port;
    this.#maxLines = Math.max(1, options.maxLines ?? DEFAULT_MAX_LINES);
    this.#maxLineLength = Math.max(80, options.maxLineLength ?? 4096);
    this.#now = options.now ?? Date.now;
  }

  /** The scrollback, oldest first, redacted. */
  get lines(): readonly ConsoleLine[] {
    return this.#lines;
  }
  /** Lines that fell off the front of the scrollback since the last clear(). */
  get droppedLines(): number {
    return this.#dropped;
  }
  get state(): ConsoleState {
    return this.#state;
  }
  get paused(): boolean {
    return this.#paused;
  }

  /**
   * Opens the port at `baud` unless it is open already (then it is used at
   * whatever rate it has), takes its reader and writer, and starts reading.
   */
  open(options: { baud?: number } = {}): Promise<void> {
    if (this.#state === 'open') return Promise.resolve();
    this.#opening ??= this.#open(options.baud ?? DEFAULT_BAUD).finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #open(baud: number): Promise<void> {
    if (this.#port.connected === false) throw new ConsoleError('port-lost');
    let opened = false;
    if (this.#port.readable === null) {
      try {
        await this.#port.open({ baudRate: baud });
        opened = true;
      } catch (error) {
        throw new ConsoleError(this.#openFailure(error), error);
      }
    }
    const readable = this.#port.readable;
    const writable = this.#port.writable;
    if (readable === null || writable === null) throw new ConsoleError('port-lost');
    if (readable.locked || writable.locked) throw new ConsoleError('port-busy');
    this.#reader = readable.getReader();
    this.#writer = writable.getWriter();
    this.#decoder = new TextDecoder('utf-8');
    this.#partial = '';
    this.#state = 'open';
    this.#note('opened', opened ? String(baud) : undefined);
    this.#reading = this.#readLoop(this.#reader);
  }

  #openFailure(error: unknown): ConsoleErrorCode {
    if (this.#port.connected === false) return 'port-lost';
    // NetworkError "Failed to open serial port.": held by another program or tab; InvalidStateError: open elsewhere on this page.
    if (isNetworkError(error) || errorName(error) === 'InvalidStateError') return 'port-busy';
    return 'open-failed';
  }

  async #readLoop(first: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    let reader = first;
    let errorsInARow = 0;
    while (this.#state === 'open') {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        releaseQuietly(reader);
        if (this.#state !== 'open') return;
        // A break, framing, parity or overrun error ends this stream only; `readable` is then a new one (WICG serial).
        const next = isNetworkError(error) || this.#port.connected === false ? null : this.#port.readable;
        if (next === null || next.locked || ++errorsInARow > MAX_READ_ERRORS) {
          this.#lose();
          return;
        }
        this.#note('read-error', errorName(error));
        reader = next.getReader();
        this.#reader = reader;
        continue;
      }
      if (chunk.done) {
        // Nobody cancelled it here: the port was closed under the console.
        if (this.#state === 'open') this.#lose();
        return;
      }
      errorsInARow = 0;
      this.#receive(chunk.value);
    }
  }

  #receive(bytes: Uint8Array): void {
    const text = this.#partial + this.#decoder.decode(bytes, { stream: true });
    const parts = text.split('\n');
    this.#partial = parts.pop() ?? '';
    for (const part of parts) this.#deviceLine(part);
    while (this.#partial.length > this.#maxLineLength) {
      this.#deviceLine(this.#partial.slice(0, this.#maxLineLength));
      this.#partial = this.#partial.slice(this.#maxLineLength);
    }
  }

  #deviceLine(raw: string): void {
    this.#push({ at: this.#now(), text: redact(raw.replace(/\r/g, ''), this.#secrets), direction: 'device' });
  }

  #note(note: NoteCode, detail?: string): void {
    this.#push({ at: this.#now(), text: detail === undefined ? note : `${note} ${detail}`, direction: 'note', note });
  }

  #push(line: ConsoleLine): void {
    const frozen = Object.freeze(line);
    this.#lines.push(frozen);
    if (this.#lines.length > this.#maxLines) {
      const excess = this.#lines.length - this.#maxLines;
      this.#lines.splice(0, excess);
      this.#dropped += excess;
    }
    for (const watcher of [...this.#watchers]) {
      if (watcher.test(frozen)) {
        this.#unwatch(watcher);
        watcher.resolve(frozen);
      }
    }
    if (this.#paused) {
      this.#missed.push(frozen);
      if (this.#missed.length > this.#maxLines) this.#missed.shift();
      return;
    }
    this.#tell(frozen);
  }

  #tell(line: ConsoleLine): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(line);
      } catch (error) {
        // As an event listener's error would: reported, and the console goes on.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Called with every new line (redacted) while not paused. Returns the function that stops it. */
  onLine(listener: (line: ConsoleLine) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Writes `line` + LF. The line is checked first (checkCommandLine): one
   * that breaks a rule is refused with its code and not a byte is sent.
   */
  async send(line: string, options: SendOptions = {}): Promise<void> {
    checkCommandLine(line);
    const writer = this.#openWriter();
    for (const secret of options.secrets ?? []) if (secret !== '') this.#secrets.add(secret);
    for (const secret of secretsInCommand(line)) if (secret.length >= LEARNED_SECRET_MIN) this.#secrets.add(secret);
    this.#push({ at: this.#now(), text: redact(line, this.#secrets), direction: 'sent' });
    try {
      await writer.write(new TextEncoder().encode(`${line}\n`));
    } catch (error) {
      if (isNetworkError(error) || this.#port.connected === false) {
        this.#lose();
        throw new ConsoleError('port-lost', error);
      }
      throw new ConsoleError(this.#state === 'open' ? 'write-failed' : 'closed', error);
    }
  }

  #openWriter(): WritableStreamDefaultWriter<Uint8Array> {
    if (this.#state === 'lost') throw new ConsoleError('port-lost');
    if (this.#state !== 'open' || this.#writer === undefined) throw new ConsoleError('not-open');
    return this.#writer;
  }

  /**
   * Sends a command and resolves with its answer: the first RESULT or
   * STATUS/STATUSn line (either prefix form, reply.ts) after it was sent,
   * parsed from the redacted text. Commands run one at a time, in the order
   * they were asked for; a line typed meanwhile with send() is not held up.
   * Rejects with 'timeout' when no answer comes in `timeoutMs`.
   */
  command(line: string, options: CommandOptions = {}): Promise<TasmotaReply> {
    const run = async (): Promise<TasmotaReply> => {
      checkCommandLine(line);
      this.#openWriter();
      const answer = this.#watch((l) => l.direction === 'device' && replyOf(l.text) !== undefined, options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
      try {
        await this.send(line, options);
      } catch (error) {
        answer.cancel();
        throw error;
      }
      return replyOf((await answer.line).text)!;
    };
    const result = this.#commands.then(run, run);
    this.#commands = result.catch(() => undefined);
    return result;
  }

  /**
   * The first line from now on (any direction) that `predicate` accepts.
   * Start waiting before sending what it answers: `const seen =
   * console.waitFor(…); await console.send(…); await seen;`.
   */
  waitFor(predicate: (line: ConsoleLine) => boolean, timeoutMs: number): Promise<ConsoleLine> {
    if (this.#state === 'lost') return Promise.reject(new ConsoleError('port-lost'));
    if (this.#state !== 'open') return Promise.reject(new ConsoleError('not-open'));
    return this.#watch(predicate, timeoutMs).line;
  }

  #watch(test: (line: ConsoleLine) => boolean, timeoutMs: number): { line: Promise<ConsoleLine>; cancel: () => void } {
    let watcher!: Watcher;
    const line = new Promise<ConsoleLine>((resolve, reject) => {
      watcher = { test, resolve, reject, timer: undefined };
    });
    watcher.timer = setTimeout(() => {
      this.#unwatch(watcher);
      watcher.reject(new ConsoleError('timeout'));
    }, Math.max(0, timeoutMs));
    this.#watchers.add(watcher);
    line.catch(() => undefined); // a cancelled wait is nobody's unhandled rejection
    return {
      line,
      cancel: () => {
        this.#unwatch(watcher);
      },
    };
  }

  #unwatch(watcher: Watcher): void {
    clearTimeout(watcher.timer);
    this.#watchers.delete(watcher);
  }

  #rejectWatchers(code: ConsoleErrorCode): void {
    for (const watcher of [...this.#watchers]) {
      this.#unwatch(watcher);
      watcher.reject(new ConsoleError(code));
    }
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    const missed = this.#missed;
    this.#missed = [];
    for (const line of missed) this.#tell(line);
  }

  /** Empties the scrollback (the secrets stay known, so later echoes are still hidden). */
  clear(): void {
    this.#lines.length = 0;
    this.#missed = [];
    this.#dropped = 0;
  }

  /** The adapter is gone: stop reading, fail what waits, let go of the streams. */
  #lose(): void {
    if (this.#state !== 'open') return;
    this.#state = 'lost';
    this.#flushPartial();
    this.#note('port-lost');
    this.#rejectWatchers('port-lost');
    releaseQuietly(this.#reader);
    releaseQuietly(this.#writer);
    this.#reader = undefined;
    this.#writer = undefined;
  }

  #flushPartial(): void {
    const rest = this.#partial + this.#decoder.decode();
    this.#partial = '';
    if (rest.replace(/\r/g, '') !== '') this.#deviceLine(rest);
  }

  /** Stops reading, fails what waits with 'closed', releases the reader and writer and closes the port. Never throws. */
  async close(): Promise<void> {
    if (this.#opening !== undefined) await this.#opening.catch(() => undefined);
    const wasOpen = this.#state === 'open';
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    if (wasOpen) this.#flushPartial();
    this.#rejectWatchers('closed');
    const reader = this.#reader;
    const writer = this.#writer;
    this.#reader = undefined;
    this.#writer = undefined;
    if (reader !== undefined) {
      await reader.cancel().catch(() => undefined);
      releaseQuietly(reader);
    }
    releaseQuietly(writer);
    await this.#reading?.catch(() => undefined);
    await this.#port.close().catch(() => undefined);
    this.#note('closed');
  }
}

function releaseQuietly(holder: { releaseLock(): void } | undefined): void {
  try {
    holder?.releaseLock();
  } catch {
    // already released, or the stream is gone
  }
}
