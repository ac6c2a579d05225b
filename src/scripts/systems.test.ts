import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS, detectSystem, isSystem, parseBaud } from './systems.ts';

describe('the reader’s system', () => {
  it.each([
    ['Windows', 'windows'],
    ['Win32', 'windows'],
    ['macOS', 'macos'],
    ['MacIntel', 'macos'],
    ['Linux', 'linux'],
    ['Linux x86_64', 'linux'],
    ['Chrome OS', 'linux'],
    ['', 'windows'],
    [undefined, 'windows'],
  ] as const)('%s is %s', (platform, system) => {
    expect(detectSystem(platform)).toBe(system);
  });

  it('has the usual adapter port of each system', () => {
    expect(DEFAULT_PORTS).toEqual({ windows: 'COM3', macos: '/dev/cu.usbserial-0001', linux: '/dev/ttyUSB0' });
  });

  it('trusts only known system names from storage', () => {
    expect(isSystem('linux')).toBe(true);
    expect(isSystem('beos')).toBe(false);
    expect(isSystem(null)).toBe(false);
  });

  it('reads a stored baud rate, refusing junk', () => {
    expect(parseBaud('921600')).toBe(921600);
    expect(parseBaud('0')).toBeUndefined();
    expect(parseBaud('fast')).toBeUndefined();
    expect(parseBaud(null)).toBeUndefined();
  });
});
