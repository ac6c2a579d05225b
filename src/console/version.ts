/**
 * A firmware version that can be compared: Tasmota's four numbers
 * major.minor.patch.build. Tasmota keeps them in one 32-bit word, one byte
 * each, and prints "a.b.c" for a release and "a.b.c.d" for a development
 * build (Jason2866/Tasmota@badb58b tasmota/tasmota.ino:665-668).
 */

export interface FirmwareVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The development build number; 0 for a release. */
  readonly build: number;
}

/** "15.2.0" or "9.3.1.4" (anything after the numbers is ignored: "1.15.0-dev") → a version; undefined when it is none. */
export function parseVersion(text: string): FirmwareVersion | undefined {
  const match = /^\s*(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?(?![\d.]*\d)/.exec(text);
  if (match === null) return undefined;
  const numbers = [match[1], match[2], match[3], match[4] ?? '0'].map(Number);
  const [major, minor, patch, build] = numbers as [number, number, number, number];
  // One byte each in TASMOTA_VERSION.
  if (numbers.some((n) => n > 255)) return undefined;
  return { major, minor, patch, build };
}

/** A version written in the code ("14.2.0.1"): throws on a typo, so a table of versions cannot hold a silent undefined. */
export function version(text: string): FirmwareVersion {
  const parsed = parseVersion(text);
  if (parsed === undefined) throw new RangeError(`not a version: ${text}`);
  return parsed;
}

/** Negative, zero or positive, as Array.prototype.sort expects. */
export function compareVersions(a: FirmwareVersion, b: FirmwareVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || a.build - b.build;
}

export function versionAtLeast(v: FirmwareVersion, floor: FirmwareVersion | string): boolean {
  return compareVersions(v, typeof floor === 'string' ? version(floor) : floor) >= 0;
}

/** As Tasmota prints it: "a.b.c", with ".d" only for a build number (tasmota.ino:665-668). */
export function formatVersion(v: FirmwareVersion): string {
  return `${v.major}.${v.minor}.${v.patch}${v.build ? `.${v.build}` : ''}`;
}
