/**
 * What a Tasmota console line says: its time stamp, and whether it is the
 * answer to a command.
 *
 * Every log line is `HH:MM:SS.mmm ` + text + CRLF
 * (Jason2866/Tasmota@badb58b tasmota/tasmota_support/support.ino:2784-2805;
 * milliseconds since 9.2.0.1, commit 078a9a258, so 9.2.0 and older print
 * `HH:MM:SS `; SetOption130 adds `-<heap>` on ESP8266, :2787-2790; every
 * language file uses ':' as separator). A command's answer is logged as
 * `RSL: <last topic part> = <payload>` without MQTT, or
 * `MQT: <full topic> = <payload>` once MQTT published it
 * (tasmota_xdrv_driver/xdrv_02_9_mqtt.ino:719-745). Before 9.3.1.4 the RSL
 * form carried the full topic when MQTT was enabled but not connected:
 * `RSL: stat/tasmota_ABCDEF/RESULT = …` (tasmota/xdrv_02_mqtt.ino:345 @
 * d37b9db08 = 9.3.0; last part only from commits 507e075bc/ff13c563d, see
 * tasmota/xdrv_02_mqtt.ino:342-349 @ 46edb12c7 = 9.4.0). Both forms are read.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** "12:34:56.789 " / "12:34:56 " / "12:34:56.789-021 " / ESP32's "12:34:56.789-021/45 ". */
const TIME = /(\d{2}:\d{2}:\d{2}(?:\.\d{3})?(?:-\d{3}(?:\/\d{2})?)?) /y;
/** Bytes that are not printable ASCII: the ROM's 74880-baud text heard at 115200 runs into the first log line. */
const NOISE = /[^\x20-\x7e]/;

/** The line without its time stamp (found at the start, or right after noise); `time` undefined when it has none. */
export function logText(line: string): { time: string | undefined; body: string } {
  for (let at = 0; at < line.length; at++) {
    if (at > 0 && !NOISE.test(line[at - 1]!)) continue;
    TIME.lastIndex = at;
    const match = TIME.exec(line);
    if (match !== null) return { time: match[1], body: line.slice(at + match[0].length) };
  }
  return { time: undefined, body: line };
}

export interface ResultLine {
  readonly source: 'RSL' | 'MQT';
  /** As printed: "RESULT", "stat/tasmota_ABCDEF/RESULT", "STATUS5". */
  readonly topic: string;
  /** Its last part: "RESULT", "STATUS5", "POWER". */
  readonly name: string;
  /** After " = ", without MQTT's " (retained)" (xdrv_02_9_mqtt.ino:741-744). */
  readonly payload: string;
}

const RESULT_LINE = /^(RSL|MQT): (\S+) = (.*?)(?: \(retained\))?$/;

/** An `RSL:`/`MQT:` line, in either topic form; undefined for anything else. */
export function parseResultLine(line: string): ResultLine | undefined {
  const match = RESULT_LINE.exec(logText(line).body);
  if (match === null) return undefined;
  const topic = match[2]!;
  return { source: match[1] as 'RSL' | 'MQT', topic, name: topic.slice(topic.lastIndexOf('/') + 1), payload: match[3]! };
}

/** JSON.parse without exceptions, and only for an object or array. */
export function parseJson(text: string): JsonObject | JsonValue[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null ? (value as JsonObject | JsonValue[]) : undefined;
  } catch {
    return undefined;
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The answer to a command: a RESULT line, or a STATUS/STATUSn line (the
 * Status command names its parts STATUS, STATUS1 … STATUS13, or STATUS0 for
 * the combined form; support_command.ino:875-895).
 * - `unknown`: `{"Command":"Unknown","Input":"…"}`, `error`:
 *   `{"Command":"Error",…}` (support_command.ino:497-510; 6.x had no
 *   "Input": `{"Command":"Unknown"}`, arendst/Tasmota#5575).
 * - `unparsed`: the payload is not JSON (an old version cut an over-long
 *   line with " ...", tasmota/xdrv_02_mqtt.ino:346-348 @ d37b9db08).
 */
export type TasmotaReply =
  | { readonly kind: 'result'; readonly name: string; readonly json: JsonObject; readonly line: string }
  | { readonly kind: 'unknown' | 'error'; readonly name: string; readonly input: string | undefined; readonly line: string }
  | { readonly kind: 'unparsed'; readonly name: string; readonly payload: string; readonly line: string };

const REPLY_NAME = /^(?:RESULT|STATUS\d{0,2})$/;

/** The reply a line carries, or undefined when it is no command reply (a log line, POWER = ON, tele/STATE …). */
export function replyOf(line: string): TasmotaReply | undefined {
  const result = parseResultLine(line);
  if (result === undefined || !REPLY_NAME.test(result.name)) return undefined;
  const json = parseJson(result.payload);
  if (!isJsonObject(json)) return { kind: 'unparsed', name: result.name, payload: result.payload, line };
  const command = json['Command'];
  if (command === 'Unknown' || command === 'Error') {
    const input = json['Input'];
    return { kind: command === 'Unknown' ? 'unknown' : 'error', name: result.name, input: typeof input === 'string' ? input : undefined, line };
  }
  return { kind: 'result', name: result.name, json, line };
}
