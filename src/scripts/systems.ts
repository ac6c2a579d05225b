/**
 * Which computer the reader has, and the serial port name a USB-UART adapter
 * usually gets there. Pure: no DOM, so it is unit-tested.
 */
export type System = 'windows' | 'macos' | 'linux';
export const SYSTEMS: readonly System[] = ['windows', 'macos', 'linux'];

/** A first guess; the reader corrects it in the port field. */
export const DEFAULT_PORTS: Readonly<Record<System, string>> = {
  windows: 'COM3',
  macos: '/dev/cu.usbserial-0001',
  linux: '/dev/ttyUSB0',
};

/**
 * The system whose port the guide's commands name as written, which is what
 * a reader without JavaScript sees (the port chooser needs it).
 */
export const NO_SCRIPT_SYSTEM: System = 'windows';

export function isSystem(value: unknown): value is System {
  return typeof value === 'string' && (SYSTEMS as readonly string[]).includes(value);
}

/**
 * From `navigator.userAgentData.platform` ("Windows", "macOS", "Linux",
 * "Chrome OS") or `navigator.platform` ("Win32", "MacIntel", "Linux x86_64").
 * Windows is the fallback: the original guide was written for it.
 */
export function detectSystem(platform: string | undefined): System {
  const name = (platform ?? '').toLowerCase();
  if (name.startsWith('mac')) return 'macos';
  if (name.includes('linux') || name.includes('chrome os') || name.includes('cros') || name.includes('android')) return 'linux';
  return NO_SCRIPT_SYSTEM;
}

/** A baud rate as stored or typed, if it is one esptool accepts (a positive whole number). */
export function parseBaud(value: string | null | undefined): number | undefined {
  if (value == null || !/^\d{3,7}$/.test(value)) return undefined;
  const baud = Number(value);
  return baud > 0 ? baud : undefined;
}
