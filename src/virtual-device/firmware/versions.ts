/**
 * Tasmota versions and the console details that changed between them.
 *
 * Sources are Tasmota's own history (Jason2866/Tasmota, a full mirror of
 * arendst/Tasmota; "T" below, line numbers at badb58b = 15.2.0.2 unless a
 * commit is named). A version is TASMOTA_VERSION's four bytes
 * (tasmota/include/tasmota_version.h; printed as "a.b.c" or "a.b.c.d",
 * tasmota.ino:665-668).
 */

export interface TasmotaVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The development build number (0 for a release). */
  readonly build: number;
}

/** "15.2.0" or "9.3.1.4" → a version; undefined when the text is not one. */
export function parseVersion(text: string): TasmotaVersion | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (match === null) return undefined;
  const [major, minor, patch, build] = [match[1], match[2], match[3], match[4] ?? '0'].map(Number) as [number, number, number, number];
  if ([major, minor, patch, build].some((n) => n > 255)) return undefined;
  return { major, minor, patch, build };
}

/** The 32-bit TASMOTA_VERSION word (0x0F020000 = 15.2.0), as the 8.1–9.2 version marker carries it. */
export function versionFromWord(word: number): TasmotaVersion {
  return { major: (word >>> 24) & 0xff, minor: (word >>> 16) & 0xff, patch: (word >>> 8) & 0xff, build: word & 0xff };
}

export function versionWord(v: TasmotaVersion): number {
  return ((v.major << 24) | (v.minor << 16) | (v.patch << 8) | v.build) >>> 0;
}

/** As Tasmota prints it: "a.b.c", with ".d" only when the build byte is set (tasmota.ino:665-668). */
export function versionText(v: TasmotaVersion): string {
  return `${v.major}.${v.minor}.${v.patch}${v.build ? `.${v.build}` : ''}`;
}

function atLeast(v: TasmotaVersion, text: string): boolean {
  return versionWord(v) >= versionWord(parseVersion(text)!);
}

/** The version this model follows line by line: the newest release in the mirror (T master fcdb106, 2025-12-11). */
export const CURRENT_TASMOTA: TasmotaVersion = { major: 15, minor: 2, patch: 0, build: 0 };
/** The oldest version the recogniser can name: the version marker appeared in 8.1.0.x (commit 7459a8a42, 2019-12-20). */
export const OLDEST_RECOGNISED: TasmotaVersion = { major: 8, minor: 1, patch: 0, build: 0 };

/** What differs on the console between the versions this model covers (8.1.0 and later). */
export interface ConsoleFormat {
  /** Log time "HH:MM:SS.mmm" since 9.2.0.1 (commit 078a9a258, first release 9.3.0); "HH:MM:SS" before. */
  readonly milliseconds: boolean;
  /** "HDW: ESP8266EX" is logged since 9.3.1.4 (commit cd0adfe3e, first release 9.4.0). */
  readonly hardwareLine: boolean;
  /** "Project tasmota - Tasmota Version …" since 9.5.0.3 (commit c73bb9953); "Project tasmota Tasmota Version …" before. */
  readonly projectDash: boolean;
  /**
   * The result line without MQTT: "RSL: RESULT = …" since 9.3.1.4 (commits 507e075bc/ff13c563d; T
   * xdrv_02_9_mqtt.ino:726-729 now), "RSL: stat/<topic>/RESULT = …" before (T tasmota/xdrv_02_mqtt.ino:345 @ d37b9db08 = 9.3.0).
   */
  readonly resultFullTopic: boolean;
  /** Topic "tasmota_%06X" (last 6 MAC hex digits) since 8.1.0.6 (commit 47862e3c5); plain "tasmota" before. */
  readonly topicWithMac: boolean;
  /** Every hostname character that is not alphanumeric or '.' becomes '-' since 9.5.0.3 (commit e039edde3; tasmota.ino:681-686). */
  readonly hostnameDashes: boolean;
  /** The wrong-password log text: "Connect failed" since 8.2.0.3 (commit 7e162e6ca; en_GB.h:248), "Connect failed with AP incorrect password" before. */
  readonly wrongPassword: string;
  /** The phy mode in "Connecting to AP1 … in mode 11n": lower case since 9.3.0 (T tasmota/support_wifi.ino:179 @ d37b9db08), "11N" before (:166 @ cdf66b6ef). */
  readonly phyMode: string;
  /** `PowerSet <W>,<V>` / `CurrentSet <W>,<V>` since 14.2.0.1 (CHANGELOG.md:733-737, first release 14.3.0; xdrv_03_energy.ino:997-1033). */
  readonly twoArgumentSet: boolean;
  /** "NRG: Init driver 1" in the boot log since 12.1.1.4 (commit bc8cc520a; xdrv_03_energy.ino:1193). */
  readonly energyInitLine: boolean;
  /** `"CpuFrequency"` in Status 2 since 8.3.1.2 (commit 29070f113). */
  readonly cpuFrequency: boolean;
}

export function consoleFormat(v: TasmotaVersion): ConsoleFormat {
  return {
    milliseconds: atLeast(v, '9.2.0.1'),
    hardwareLine: atLeast(v, '9.3.1.4'),
    projectDash: atLeast(v, '9.5.0.3'),
    resultFullTopic: !atLeast(v, '9.3.1.4'),
    topicWithMac: atLeast(v, '8.1.0.6'),
    hostnameDashes: atLeast(v, '9.5.0.3'),
    wrongPassword: atLeast(v, '8.2.0.3') ? 'Connect failed' : 'Connect failed with AP incorrect password',
    phyMode: atLeast(v, '9.3.0') ? '11n' : '11N',
    twoArgumentSet: atLeast(v, '14.2.0.1'),
    energyInitLine: atLeast(v, '12.1.1.4'),
    cpuFrequency: atLeast(v, '8.3.1.2'),
  };
}
