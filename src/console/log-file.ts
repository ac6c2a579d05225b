/**
 * The console as a file a person can download and attach to a question:
 * one line per entry, `YYYY-MM-DD HH:MM:SS.mmm  <marker> text`, and a name
 * for it. The lines come from the console's scrollback, which is redacted
 * already; nothing here sees a secret.
 */
import type { ConsoleLine, LineDirection } from './serial-console.ts';
import { isJsonObject, parseJson } from './reply.ts';

/** `<` the device said it, `>` the page sent it, `#` a note about the connection. */
export const DIRECTION_MARKERS: Readonly<Record<LineDirection, string>> = { device: '<', sent: '>', note: '#' };

export interface LogFileOptions {
  /** Local time (default) or UTC in the time stamps. */
  utc?: boolean;
  /** A note's text in the UI's language (the console stores a code: "port-lost", "opened 115200"). */
  noteText?: (line: ConsoleLine) => string;
}

/** Control bytes (ROM noise heard at the wrong baud) would make the file look binary to editors; tab stays. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function parts(at: number, utc: boolean): { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number } {
  const t = new Date(at);
  return utc
    ? { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), ms: t.getUTCMilliseconds() }
    : { y: t.getFullYear(), mo: t.getMonth() + 1, d: t.getDate(), h: t.getHours(), mi: t.getMinutes(), s: t.getSeconds(), ms: t.getMilliseconds() };
}

/** "2026-08-19 13:47:05.042" */
export function logTimestamp(at: number, utc = false): string {
  const p = parts(at, utc);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}.${pad(p.ms, 3)}`;
}

/** The file's text: one entry a line, LF-terminated. */
export function logFileText(lines: readonly ConsoleLine[], options: LogFileOptions = {}): string {
  return lines
    .map((line) => {
      const text = line.direction === 'note' && options.noteText !== undefined ? options.noteText(line) : line.text;
      return `${logTimestamp(line.at, options.utc)}  ${DIRECTION_MARKERS[line.direction]} ${text.replace(CONTROL, '\uFFFD')}\n`;
    })
    .join('');
}

/** "sonoff-console-20260819-1347.txt", from the time given (local unless utc). */
export function logFileName(at: number, utc = false): string {
  const p = parts(at, utc);
  return `sonoff-console-${p.y}${pad(p.mo)}${pad(p.d)}-${pad(p.h)}${pad(p.mi)}.txt`;
}

/**
 * The JSON in a line, indented two spaces, for the UI's pretty-print:
 * the payload of `RSL: RESULT = {…}` / `MQT: stat/…/STATUS5 = {…}`, or a line
 * that is JSON itself. Undefined when there is none or it does not parse
 * (a cut-off line, a plain log line).
 */
export function prettyJson(text: string): string | undefined {
  const eq = text.indexOf(' = ');
  const candidates = [eq === -1 ? undefined : text.slice(eq + 3), text];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const json = parseJson(candidate);
    if (json !== undefined && (isJsonObject(json) || Array.isArray(json))) return JSON.stringify(json, null, 2);
  }
  return undefined;
}
