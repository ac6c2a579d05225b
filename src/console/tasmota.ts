/**
 * The Tasmota console lines the guide's steps after flashing need: the
 * Wi-Fi command, what the log says about joining, and the answers of
 * Status 5 and Module.
 *
 * "T" = Jason2866/Tasmota (the full history of arendst/Tasmota) at badb58b
 * (15.2.0.2) unless a commit is named; paths under tasmota/.
 */
import { logText, isJsonObject, type JsonValue } from './reply.ts';
import type { BootLine } from './recognise.ts';
import { isConsoleError } from './errors.ts';
import type { ConsoleLine, SerialConsole } from './serial-console.ts';

// ---- the Wi-Fi command ------------------------------------------------------------------

/**
 * Why a Wi-Fi name or password cannot go through Tasmota's serial console
 * unchanged (each a rule of Tasmota or the ESP8266 core it ships, cited
 * where it is checked).
 */
export type WifiInputCode =
  | 'ssid-empty'
  | 'ssid-too-long'
  | 'password-too-short'
  | 'password-too-long'
  | 'password-not-hex'
  | 'not-printable-ascii'
  | 'edge-space'
  | 'semicolon'
  | 'unbalanced-braces'
  | 'shortcut-value'
  | 'query-value';

export type WifiCommand =
  | { readonly ok: true; readonly line: string; /** Pass to send()/command(): the password, to be hidden in every echo. */ readonly secrets: readonly string[] }
  | { readonly ok: false; readonly code: WifiInputCode; readonly field: 'ssid' | 'password' };

/** ESP8266 core 2.7.8 (the core of Tasmota's ESP8266 builds): WiFi.begin fails an SSID over 32 bytes and a passphrase over 64 (tasmota/Arduino@2.7.8 libraries/ESP8266WiFi/src/ESP8266WiFiSTA.cpp:134-143). Tasmota 8.1 and older stored them in char[33] and char[65] (T tasmota/settings.h:255-256 @ c51c0dca5). */
const SSID_MAX_BYTES = 32;
const PASSPHRASE_MAX = 64;
/** WPA2-PSK: a passphrase of 8 to 63 characters, or the 64-hex-digit key itself, which the core copies as the PSK (ESP8266WiFiSTA.cpp:154-155). Tasmota never enables WEP (no enableInsecureWEP in tasmota/), so a non-empty password means WPA (ESP8266WiFiSTA.cpp:146). */
const PASSPHRASE_MIN = 8;

function ruleBroken(value: string, field: 'ssid' | 'password'): WifiInputCode | undefined {
  // The serial input keeps only isprint() bytes; one above 127 empties the buffer (support_tasmota.ino:1851-1863).
  if (/[^\x20-\x7e]/.test(value)) return 'not-printable-ascii';
  if (field === 'ssid') {
    if (value === '') return 'ssid-empty';
    if (new TextEncoder().encode(value).length > SSID_MAX_BYTES) return 'ssid-too-long';
  } else if (value !== '') {
    if (value.length < PASSPHRASE_MIN) return 'password-too-short';
    if (value.length > PASSPHRASE_MAX) return 'password-too-long';
    if (value.length === PASSPHRASE_MAX && !/^[0-9a-fA-F]+$/.test(value)) return 'password-not-hex';
  }
  // CommandHandler skips the data's leading spaces (support_command.ino:434-437); Backlog trims each command (:545; Trim, support.ino:613).
  if (value !== value.trim()) return 'edge-space';
  // Backlog splits on ';' (support_command.ino:534) and glues parts back while '{' and '}' do not pair up (:538-542).
  if (value.includes(';')) return 'semicolon';
  if (value.split('{').length !== value.split('}').length) return 'unbalanced-braces';
  // A lone '"' or '0' clears, a lone '1' means the default (Shortcut, support.ino:742-757; CmndSsid, support_command.ino:2405-2407).
  if (field === 'ssid' && ['"', '0', '1'].includes(value)) return 'shortcut-value';
  // "?" as data only reads the setting (support_command.ino:454).
  if (value === '?') return 'query-value';
  return undefined;
}

/**
 * `Backlog SSID1 <ssid>; Password1 <password>` for the guide's Wi-Fi step,
 * or why Tasmota would not store them as given. Both are set in one line
 * because each restarts the device (restart_flag = 2, support_command.ino:2409,
 * 2427) and Backlog restarts only once its queue is empty (CommandsReady,
 * support_tasmota.ino:1564). An open network gets `Password1 "`, which
 * clears a stored password (Shortcut SC_CLEAR, support.ino:747) – an empty
 * argument would only read it.
 */
export function wifiCommand(ssid: string, password: string): WifiCommand {
  const ssidRule = ruleBroken(ssid, 'ssid');
  if (ssidRule !== undefined) return { ok: false, code: ssidRule, field: 'ssid' };
  const passwordRule = ruleBroken(password, 'password');
  if (passwordRule !== undefined) return { ok: false, code: passwordRule, field: 'password' };
  return { ok: true, line: `Backlog SSID1 ${ssid}; Password1 ${password === '' ? '"' : password}`, secrets: password === '' ? [] : [password] };
}

// ---- what the log says about Wi-Fi -----------------------------------------------------

/**
 * Where the Wi-Fi stands after the latest restart in the lines:
 * - `joined`: `WIF: Connected` (support_wifi.ino:1111), then `HTP: Web server
 *   active on <host>[.local] with IP address <ip>` (support_network.ino:131-136);
 * - `connected`: joined, but the address line has not come (or never will:
 *   a device with the web server off prints none) – ask Status 5;
 * - `wrong-password`: `WIF: Connect failed` (WL_CONNECT_FAILED, support_wifi.ino:1150-1151;
 *   en_GB.h:248), `WIF: Connect failed with AP incorrect password` up to 8.2.0.2
 *   (commit 7e162e6ca, 8.2.0.3, changed the text);
 * - `no-network`: `Connect failed as AP cannot be reached` (WL_NO_SSID_AVAIL, :1136-1137);
 * - `no-ip-address`: `Connect failed as no IP address received` (:1131-1132);
 * - `ap-timeout`: `Connect failed with AP timeout` (:1160-1162; also a wrong
 *   password on a build with ESP8266 core 3.x, which reports WL_WRONG_PASSWORD
 *   that Tasmota's switch does not list – an inference, not seen);
 * - `ap-mode`: no SSID stored, so the WifiManager access point opened:
 *   `WIF: WifiManager active for 3 minutes` (xdrv_01_9_webserver.ino:718) and
 *   the web server at the SDK's soft-AP address 192.168.4.1; the access
 *   point's name is the hostname (WiFi.softAP(TasmotaGlobal.hostname, …),
 *   xdrv_01_9_webserver.ino:735), `tasmota-ABCDEF-1234` since 10.0;
 * - `pending`: nothing decisive yet.
 * A restart (`APP: Restarting`, or the boot's first lines) starts over.
 *
 * The WIF: texts are the English build's (tasmota/language/en_GB.h:81,
 * 241-249); a translated build (tasmota-DE.bin: "Verbindung fehlgeschlagen",
 * de_DE.h:246-249) says the same in its language and its failures stay
 * `pending` here. The HTP: line is English in every build
 * (support_network.ino:132, called with D_LOG_HTTP "Web",
 * xdrv_01_9_webserver.ino:698), so joining and the access point are still
 * told apart: 192.168.4.1 without a `WIF: Connected` before it is the
 * access point.
 */
export type WifiOutcome =
  | { readonly kind: 'joined'; readonly ip: string; readonly hostname: string }
  | { readonly kind: 'connected' }
  | { readonly kind: 'wrong-password' | 'no-network' | 'no-ip-address' | 'ap-timeout' }
  | { readonly kind: 'ap-mode'; readonly ssid: string; readonly ip: string }
  | { readonly kind: 'pending' };

const WEB_SERVER = /^HTP: Web server active on (\S+?)(?:\.local)? with IP address (\S+)/;
const FAILURES: readonly [RegExp, WifiOutcome['kind']][] = [
  [/^WIF: Connect failed$/, 'wrong-password'],
  [/^WIF: Connect failed with AP incorrect password/, 'wrong-password'],
  [/^WIF: Connect failed as AP cannot be reached/, 'no-network'],
  [/^WIF: Connect failed as no IP address received/, 'no-ip-address'],
  [/^WIF: Connect failed with AP timeout/, 'ap-timeout'],
];
/** The first lines of a boot (HDW: since 9.4.0, CFG: always) and the restart line (support_tasmota.ino:1635). */
const RESTART = /^(?:APP: Restarting|HDW: |CFG: )/;
const SOFT_AP_IP = '192.168.4.1';

/** The outcomes after which waiting longer changes nothing until the person acts. */
const DECISIVE = new Set<WifiOutcome['kind']>(['joined', 'wrong-password', 'no-network', 'no-ip-address', 'ap-timeout', 'ap-mode']);

export function parseWifiOutcome(lines: readonly BootLine[]): WifiOutcome {
  let outcome: WifiOutcome = { kind: 'pending' };
  let manager = false;
  let connected = false;
  for (const line of lines) {
    if (typeof line !== 'string' && line.direction !== undefined && line.direction !== 'device') continue;
    const { time, body } = logText(typeof line === 'string' ? line : line.text);
    if (time === undefined) continue;
    if (RESTART.test(body)) {
      outcome = { kind: 'pending' };
      manager = connected = false;
    } else if (body.startsWith('WIF: WifiManager active')) {
      manager = true;
    } else if (body === 'WIF: Connected') {
      connected = true;
      outcome = { kind: 'connected' };
    } else {
      const server = WEB_SERVER.exec(body);
      if (server !== null) {
        const [, host, ip] = server as unknown as [string, string, string];
        const asAccessPoint = manager && !connected ? true : !connected && ip === SOFT_AP_IP;
        outcome = asAccessPoint ? { kind: 'ap-mode', ssid: host, ip } : { kind: 'joined', ip, hostname: host };
        continue;
      }
      const failure = FAILURES.find(([pattern]) => pattern.test(body));
      if (failure !== undefined) {
        outcome = { kind: failure[1] } as WifiOutcome;
        connected = false;
      }
    }
  }
  return outcome;
}

export type WifiAttempt = { readonly sent: false; readonly code: WifiInputCode; readonly field: 'ssid' | 'password' } | { readonly sent: true; readonly outcome: WifiOutcome };

/**
 * The guide's Wi-Fi step: checks the name and password (nothing is sent
 * when they break a rule), sends the Backlog line with the password as a
 * secret, and waits up to `timeoutMs` (default 60 s: a restart, then the
 * ESP8266's connection attempt) for a decisive outcome. On timeout it
 * resolves with what the log said by then (`pending` or `connected`).
 */
export async function configureWifi(console: SerialConsole, ssid: string, password: string, options: { timeoutMs?: number } = {}): Promise<WifiAttempt> {
  const command = wifiCommand(ssid, password);
  if (!command.ok) return { sent: false, code: command.code, field: command.field };
  const seen: ConsoleLine[] = [];
  let taken = false;
  // The predicate collects every device line from the send on, and is done once they decide.
  const decided = console.waitFor((line) => {
    if (line.direction !== 'device') return false;
    // What comes before Tasmota takes the command (its `CMD:` echo, support_tasmota.ino:1912, at the
    // default serial log level) is the last boot's, not this one's: an access point still being announced.
    if (!taken) {
      taken = logText(line.text).body.startsWith('CMD: Backlog');
      return false;
    }
    seen.push(line);
    return DECISIVE.has(parseWifiOutcome(seen).kind);
  }, options.timeoutMs ?? 60_000);
  decided.catch(() => undefined);
  await console.send(command.line, { secrets: command.secrets });
  try {
    await decided;
  } catch (error) {
    if (!isConsoleError(error, 'timeout')) throw error;
  }
  return { sent: true, outcome: parseWifiOutcome(seen) };
}

// ---- answers ----------------------------------------------------------------------------------

export interface NetworkStatus {
  readonly hostname: string;
  /** Undefined while not joined (Tasmota prints 0.0.0.0). */
  readonly ip: string | undefined;
  readonly mac: string | undefined;
  readonly gateway: string | undefined;
  readonly subnetMask: string | undefined;
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function address(value: JsonValue | undefined): string | undefined {
  const ip = text(value);
  return ip === undefined || ip === '0.0.0.0' ? undefined : ip;
}

/**
 * Status 5: `{"StatusNET":{"Hostname":…,"IPAddress":…,"Gateway":…,"Subnetmask":…,
 * "DNSServer1":…,"DNSServer2":…,"Mac":…,"Webserver":2,…}}` (support_command.ino:1066-1104).
 * It holds no SSID (that is in Status 11's StatusSTS.Wifi).
 */
export function parseStatus5(json: unknown): NetworkStatus | undefined {
  if (!isJsonObject(json)) return undefined;
  const net = json['StatusNET'];
  if (!isJsonObject(net)) return undefined;
  const hostname = text(net['Hostname']);
  if (hostname === undefined) return undefined;
  return { hostname, ip: address(net['IPAddress']), mac: text(net['Mac']), gateway: address(net['Gateway']), subnetMask: address(net['Subnetmask']) };
}

export interface ModuleInfo {
  /** As Tasmota counts them for people: index + 1 (support_command.ino:1861-1862, 1882); 0 = the user template. */
  readonly number: number;
  readonly name: string;
}

/** Module 6 = Sonoff Pow (SONOFF_POW is the 6th entry, include/tasmota_template.h:1600, 1610-1611). */
export const SONOFF_POW_MODULE = 6;

/** `{"Module":{"6":"Sonoff Pow"}}` (S_JSON_COMMAND_NVALUE_SVALUE, include/i18n.h:928; CmndModule support_command.ino:1888). */
export function parseModule(json: unknown): ModuleInfo | undefined {
  if (!isJsonObject(json)) return undefined;
  const module = json['Module'];
  if (!isJsonObject(module)) return undefined;
  const entries = Object.entries(module);
  if (entries.length !== 1) return undefined;
  const [number, name] = entries[0]!;
  if (!/^\d{1,3}$/.test(number) || typeof name !== 'string') return undefined;
  return { number: Number(number), name };
}

export interface EnergyReading {
  readonly watts: number;
  readonly volts: number;
  readonly amps: number;
}

/**
 * Status 8 (and 10): `{"StatusSNS":{…,"ENERGY":{…,"Power":60,"Voltage":230,"Current":0.261,…}}}`
 * (support_command.ino:1153-1157; the ENERGY object xdrv_03_energy.ino:1242-1410, resolutions
 * W 0, V 0, A 3 by default). Undefined without an ENERGY object (no energy driver: not a POW yet).
 */
export function parseEnergy(json: unknown): EnergyReading | undefined {
  if (!isJsonObject(json)) return undefined;
  const sns = json['StatusSNS'];
  const energy = isJsonObject(sns) ? sns['ENERGY'] : undefined;
  if (!isJsonObject(energy)) return undefined;
  const [watts, volts, amps] = [energy['Power'], energy['Voltage'], energy['Current']];
  if (typeof watts !== 'number' || typeof volts !== 'number' || typeof amps !== 'number') return undefined;
  return { watts, volts, amps };
}
