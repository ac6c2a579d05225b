/**
 * Which parts of a console line are secret, and the line without them.
 *
 * Tasmota repeats a password in two places: the serial input is logged as
 * typed, `CMD: <line>` (Jason2866/Tasmota@badb58b
 * tasmota/tasmota_support/support_tasmota.ino:1912), and `Password1 <pw>`
 * answers with the password in clear, `{"Password1":"<pw>"}`
 * (tasmota_support/support_command.ino:2428-2429; only Password3/4 answer
 * "****", :2419-2421, 2434-2435). An unknown or failing command repeats its
 * input, JSON-escaped and cut at 63 characters, in `"Input":"…"`
 * (support_command.ino:445-450, 509). ESPEasy echoes a serial command as
 * `>` + the line (letscontrolit/ESPEasy@f9a2fd4
 * src/src/ESPEasyCore/ESPEasy_Console_Port.cpp:146-149).
 *
 * Two kinds of redaction, both applied to every line before it is stored:
 * - the secrets the page was given (the Wi-Fi password it sends), wherever
 *   they occur, raw, JSON-escaped, or cut short at the end of a string;
 * - whatever follows a command that sets a password, and the value of a
 *   JSON key that names one, so a password typed by hand is hidden too.
 */

/** What replaces a secret: Tasmota's own mask (D_ASTERISK_PWD "****", include/i18n.h:909). */
export const MASK = '****';

/**
 * Commands whose argument is a secret: Tasmota Password1-4 (the Wi-Fi
 * passwords), MqttPassword, WebPassword, with the optional "_" prefix
 * (support_command.ino:422-425); ESPEasy WifiKey/WifiKey2/WifiAPKey
 * (src/src/Commands/InternalCommands.cpp:469-474); ESPurna `set <key>` for
 * any key holding "pass" (pass, pass0, wifiApPass, adminPass:
 * xoseperez/espurna@37d2837 code/espurna/wifi.cpp:964-965, 2001-2002).
 */
const SECRET_COMMAND = /(?<![A-Za-z0-9_])(_?(?:mqtt|web)?password\d*|wifikey\d*|wifiapkey|set\s+\w*pass\w*)([ \t]*[=, \t][ \t]*)/gi;
/** A JSON member whose name says it holds a password: "Password1":"…", "MqttPassword":"…". */
const SECRET_MEMBER = /"(_?(?:mqtt|web)?password\d*|wifikey\d*|wifiapkey)"(\s*:\s*)"((?:\\.|[^"\\])*)"/gi;
/** Backlog runs commands separated by ';' (support_command.ino:534-541); a plain command line takes the rest of the line. */
const BACKLOG = /(?<![A-Za-z0-9_])backlog\d*\s/i;
/** Where Tasmota cuts a string short: the end of a JSON string, the end of the line, or the " ..." of an over-long log line (T tasmota/xdrv_02_mqtt.ino:346-348 @ d37b9db08). */
const CUT = /^(?:"|$| \.\.\.)/;
/** Cut-off prefixes shorter than this are not masked: too likely to be ordinary text. */
const MIN_PARTIAL = 3;

/** The forms a secret can take in a Tasmota line: as typed, and JSON-escaped (EscapeJSONString escapes " and \, lib/default/jsmn-shadinger-1.0/src/JsonGenerator.cpp:149-192). */
function forms(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  return escaped === secret ? [secret] : [secret, escaped];
}

function replaceAll(text: string, needle: string): string {
  return needle === '' ? text : text.split(needle).join(MASK);
}

/** A secret cut short at a string's end ("Input" is cut at 63 characters): its longest prefix there. */
function maskCutOff(text: string, form: string): string {
  let out = text;
  for (let k = form.length - 1; k >= MIN_PARTIAL; k--) {
    const prefix = form.slice(0, k);
    let from = 0;
    for (let at = out.indexOf(prefix, from); at !== -1; at = out.indexOf(prefix, from)) {
      if (CUT.test(out.slice(at + k))) {
        out = out.slice(0, at) + MASK + out.slice(at + k);
        from = at + MASK.length;
      } else from = at + 1;
    }
  }
  return out;
}

/** Where the JSON of a reply starts ("RSL: RESULT = {…}", or a bare object), or -1. */
function jsonStart(text: string): number {
  const eq = text.indexOf(' = {');
  if (eq !== -1) return eq + 3;
  return text.trimStart().startsWith('{') ? text.indexOf('{') : -1;
}

/** Start and end of each value that follows a secret-setting command in `text`. */
function commandValues(text: string): { start: number; end: number }[] {
  const json = jsonStart(text);
  const out: { start: number; end: number }[] = [];
  SECRET_COMMAND.lastIndex = 0;
  for (let m = SECRET_COMMAND.exec(text); m !== null; m = SECRET_COMMAND.exec(text)) {
    const start = m.index + m[0].length;
    const inJson = json !== -1 && m.index > json;
    const backlog = BACKLOG.test(text.slice(inJson ? text.lastIndexOf('"', m.index) + 1 : 0, m.index));
    let end = start;
    while (end < text.length) {
      const c = text[end];
      if (inJson && c === '\\') {
        end += 2;
        continue;
      }
      if ((inJson && c === '"') || (backlog && c === ';')) break;
      end++;
    }
    end = Math.min(end, text.length);
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) out.push({ start, end });
    SECRET_COMMAND.lastIndex = Math.max(end, start);
  }
  return out;
}

/**
 * The values a line sets through a secret-carrying command ("Backlog SSID1
 * x; Password1 hunter22" → ["hunter22"]), so the page can also hide their
 * later echoes.
 */
export function secretsInCommand(line: string): string[] {
  return commandValues(line).map(({ start, end }) => line.slice(start, end));
}

/** `text` with every secret and every password-setting argument replaced by MASK. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  const all = [...new Set(secrets)].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  for (const secret of all) for (const form of forms(secret)) out = replaceAll(out, form);
  for (const secret of all) for (const form of forms(secret)) if (form.length > MIN_PARTIAL) out = maskCutOff(out, form);
  // Values after "Password1 …": replace from the end so earlier positions stay valid.
  for (const { start, end } of commandValues(out).reverse()) {
    if (out.slice(start, end) !== MASK) out = out.slice(0, start) + MASK + out.slice(end);
  }
  out = out.replace(SECRET_MEMBER, (whole, name: string, colon: string, value: string) => (value === '' || value === MASK ? whole : `"${name}"${colon}"${MASK}"`));
  return out;
}
