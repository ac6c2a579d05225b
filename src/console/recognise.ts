/**
 * Which firmware is talking, from what it printed at 115200 after a boot.
 *
 * Tasmota (Jason2866/Tasmota@badb58b): every log line starts with its time
 * (tasmota/tasmota_support/support.ino:2784-2805), and setup() logs
 * `HDW: ESP8266EX` (9.4.0+, tasmota.ino:567), `CFG: …` (settings.ino:837,
 * 947) and `<Project> tasmota - <DeviceName> <Version> 15.2.0(release-tasmota)-2_7_8(<build time>)`
 * (tasmota.ino:709-710). The words "Project" and "Version" are translated
 * (D_PROJECT/D_VERSION in tasmota/language/*.h: "Projekt", "Proyecto",
 * "项目:" …), so the version is found as the number before "(" on a time
 * stamped line that names the project; before 10.0 there is no " - "
 * (commit c73bb9953), and 6.x and older named the project "sonoff"
 * (`Project sonoff Sonoff (Topic sonoff, …) Version 6.3.0.7(…)`,
 * arendst/Tasmota#4298). The version is "a.b.c" or "a.b.c.d"
 * (tasmota.ino:665-668), the first thing in Status 2's "Version"
 * (support_command.ino:976-987).
 *
 * ESPurna (xoseperez/espurna@37d2837): `[MAIN] ESPURNA 1.15.0-dev built …`
 * (code/espurna/debug.cpp:734-736; APP_NAME "ESPURNA", config/version.h:8),
 * optionally after a `[%06lu] ` time stamp (debug.cpp:555).
 *
 * ESPEasy (letscontrolit/ESPEasy@f9a2fd4): `INIT : Booting version: <binary
 * file name>, (<build origin>) <git build> (<libs>)` after "\n\n\r"
 * (src/src/ESPEasyCore/ESPEasy_setup.cpp:238-246), so it starts a line of
 * its own once CR is dropped.
 *
 * Anything else is "unknown": the stock ITEAD firmware's serial output is
 * not documented anywhere found, and the ESP8266 ROM's own boot text is at
 * 74880 baud, noise at 115200 (espressif/esptool
 * docs/en/advanced-topics/boot-mode-selection.rst:176-196).
 */
import { logText, parseResultLine, parseJson, isJsonObject } from './reply.ts';
import { parseVersion, type FirmwareVersion } from './version.ts';

export type RecognisedFirmware =
  | {
      readonly firmware: 'tasmota';
      /** Undefined when only the log format was seen (the Project line was missed). */
      readonly version: FirmwareVersion | undefined;
      readonly versionText: string | undefined;
      /** The line it was told by. */
      readonly line: string;
    }
  | { readonly firmware: 'espurna'; readonly version: FirmwareVersion | undefined; readonly versionText: string | undefined; readonly line: string }
  | { readonly firmware: 'espeasy'; /** The binary's name, e.g. "ESP_Easy_mega_20241019_normal_ESP8266_1M". */ readonly build: string | undefined; readonly line: string }
  | {
      readonly firmware: 'unknown';
      /** 'nothing': no line at all; 'noise': mostly unreadable bytes (another baud); 'text': readable, not recognised. */
      readonly heard: 'nothing' | 'noise' | 'text';
    };

type Family = 'tasmota' | 'espurna' | 'espeasy';
type Known = Exclude<RecognisedFirmware, { firmware: 'unknown' }>;

/** A line as the console stores it, or just its text. Only device lines count. */
export type BootLine = string | { readonly text: string; readonly direction?: string };

const TASMOTA_TAGS = /^(?:HDW|CFG|QPC|WIF|HTP|CMD|RSL|MQT|APP|SRC|NRG|FRC|ETH|DNS|UPP|OTA|MQTT): /;
const TASMOTA_PROJECT = /(?:^|\s)(?:tasmota|sonoff)\b.*?(\d{1,3}\.\d{1,3}\.\d{1,3}(?:\.\d{1,3})?)\(/i;
const ESPURNA_BANNER = /(?:^|\] )\[MAIN\] ESPURNA (\S+)/i;
const ESPURNA_LINE = /^(?:\[\d{6}\] )?\[(?:MAIN|WIFI|SETTINGS|TERMINAL|RELAY|SENSOR)\] /;
const ESPEASY_BOOT = /INIT : Booting version: ([^,]*)/;
const ESPEASY_LINE = /(?:^|: )(?:INIT|WIFI|EVENT|ACT) {1,2}: /;

function classify(text: string): Known | Family | undefined {
  const { time, body } = logText(text);
  const espeasy = ESPEASY_BOOT.exec(text);
  if (espeasy) return { firmware: 'espeasy', build: espeasy[1]!.trim() || undefined, line: text };
  const espurna = ESPURNA_BANNER.exec(text);
  if (espurna) return { firmware: 'espurna', versionText: espurna[1], version: parseVersion(espurna[1]!), line: text };
  if (time !== undefined) {
    const project = TASMOTA_PROJECT.exec(body);
    if (project && !TASMOTA_TAGS.test(body)) return { firmware: 'tasmota', versionText: project[1], version: parseVersion(project[1]!), line: text };
    if (TASMOTA_TAGS.test(body)) {
      const reported = reportedVersion(body);
      return reported === undefined ? 'tasmota' : { firmware: 'tasmota', versionText: reported, version: parseVersion(reported), line: text };
    }
  }
  if (ESPURNA_LINE.test(text)) return 'espurna';
  if (ESPEASY_LINE.test(text)) return 'espeasy';
  return undefined;
}

/**
 * A version Tasmota reports in a JSON line of its own: Status 2's StatusFWR,
 * or the INFO1 message it sends after boot (`RSL: tele/tasmota_6E252E/INFO1 =
 * {"Module":"Generic","Version":"8.2.0.6(tasmota)",…}` in 8.2, arendst/Tasmota#8316;
 * wrapped as `{"Info1":{…,"Version":…}}` since commit e94b99762, 2021-04-07; now
 * tasmota_xdrv_driver/xdrv_02_9_mqtt.ino:1060-1062).
 */
function reportedVersion(body: string): string | undefined {
  const result = parseResultLine(body);
  if (result === undefined || !/^(?:STATUS2|STATUS0|INFO1)$/.test(result.name)) return undefined;
  const json = parseJson(result.payload);
  if (!isJsonObject(json)) return undefined;
  const holder = json['StatusFWR'] ?? json['Info1'] ?? json;
  const version = isJsonObject(holder) ? holder['Version'] : undefined;
  return typeof version === 'string' && parseVersion(version) !== undefined ? version.slice(0, version.search(/\(|$/)) : undefined;
}

function deviceTexts(lines: readonly BootLine[]): string[] {
  return lines.flatMap((l) => (typeof l === 'string' ? [l] : l.direction === undefined || l.direction === 'device' ? [l.text] : []));
}

/**
 * The firmware of the most recent boot in `lines` (scanning back from the
 * end, as long as the lines belong to the same firmware), with its version
 * when its banner is among them.
 */
export function recogniseBoot(lines: readonly BootLine[]): RecognisedFirmware {
  const texts = deviceTexts(lines);
  let family: Family | undefined;
  let firstLine = '';
  for (let i = texts.length - 1; i >= 0; i--) {
    const found = classify(texts[i]!);
    if (found === undefined) continue;
    const foundFamily = typeof found === 'string' ? found : found.firmware;
    if (family === undefined) {
      family = foundFamily;
      firstLine = texts[i]!;
    } else if (foundFamily !== family) break;
    if (typeof found !== 'string') return found;
  }
  if (family === 'tasmota') return { firmware: 'tasmota', version: undefined, versionText: undefined, line: firstLine };
  if (family === 'espurna') return { firmware: 'espurna', version: undefined, versionText: undefined, line: firstLine };
  if (family === 'espeasy') return { firmware: 'espeasy', build: undefined, line: firstLine };
  const all = texts.join('');
  if (all.trim() === '') return { firmware: 'unknown', heard: 'nothing' };
  const unreadable = [...all].filter((c) => !/[\x20-\x7e\t]/.test(c)).length;
  return { firmware: 'unknown', heard: unreadable * 4 > [...all].length ? 'noise' : 'text' };
}

/**
 * The version in a Status 2 answer, `{"StatusFWR":{"Version":"15.2.0(release-tasmota)",…}}`
 * (support_command.ino:976-987; also inside Status 0's combined answer).
 */
export function tasmotaVersionFromStatus2(json: unknown): FirmwareVersion | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const fwr = (json as { StatusFWR?: unknown }).StatusFWR;
  if (typeof fwr !== 'object' || fwr === null) return undefined;
  const text = (fwr as { Version?: unknown }).Version;
  return typeof text === 'string' ? parseVersion(text) : undefined;
}
