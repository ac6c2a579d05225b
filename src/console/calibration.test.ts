import { describe, expect, it } from 'vitest';
import { calibrationCommands, type CalibrationInput } from './calibration.ts';
import { version } from './version.ts';

const bulb = (v: string, extra: Partial<CalibrationInput> = {}): CalibrationInput => ({ version: version(v), loadWatts: 60, mainsVolts: 230, ...extra });

describe('calibration commands by Tasmota version', () => {
  it('14.2.0.1 and later: VoltageSet, then the two-argument PowerSet W,V', () => {
    for (const v of ['14.2.0.1', '14.3.0', '15.2.0']) {
      expect(calibrationCommands(bulb(v))).toEqual({ ok: true, range: 'power-and-voltage', switchOn: 'Power 1', commands: ['VoltageSet 230.0', 'PowerSet 60.0,230.0'], target: { watts: 60, volts: 230, milliamps: 261 } });
    }
  });

  it('with a measured current, 14.2.0.1+ also sets it (in mA) after PowerSet', () => {
    expect(calibrationCommands(bulb('15.2.0', { measuredAmps: 0.255 }))).toMatchObject({ commands: ['VoltageSet 230.0', 'PowerSet 60.0,230.0', 'CurrentSet 255'], target: { milliamps: 255 } });
  });

  it('6.3.0 up to 14.2.0: PowerSet W, VoltageSet V, CurrentSet mA = 1000·W/V (the docs example: 60 W at 240 V → 250)', () => {
    for (const v of ['6.3.0', '9.2.0', '14.2.0']) {
      expect(calibrationCommands(bulb(v, { mainsVolts: 240 }))).toEqual({ ok: true, range: 'decimals', switchOn: 'Power 1', commands: ['PowerSet 60.0', 'VoltageSet 240.0', 'CurrentSet 250'], target: { watts: 60, volts: 240, milliamps: 250 } });
    }
    expect(calibrationCommands({ version: version('12.5.0'), loadWatts: 1799.96, mainsVolts: 120.04 })).toMatchObject({ commands: ['PowerSet 1800.0', 'VoltageSet 120.0', 'CurrentSet 14995'] });
  });

  it('5.12.0 up to 6.2.x: whole numbers only', () => {
    expect(calibrationCommands({ version: version('6.2.1'), loadWatts: 59.6, mainsVolts: 229.6 })).toMatchObject({ range: 'whole-numbers', commands: ['PowerSet 60', 'VoltageSet 230', 'CurrentSet 260'] });
    expect(calibrationCommands(bulb('5.12.0'))).toMatchObject({ range: 'whole-numbers' });
  });

  it('refuses, with a code and the field, a version before the commands existed and numbers outside the bounds', () => {
    const refused = (input: CalibrationInput) => calibrationCommands(input);
    expect(refused(bulb('5.11.1'))).toEqual({ ok: false, code: 'version-too-old', field: 'version' });
    expect(refused(bulb('15.2.0', { loadWatts: 9.9 }))).toEqual({ ok: false, code: 'load-out-of-range', field: 'loadWatts' });
    expect(refused(bulb('15.2.0', { loadWatts: 3501 }))).toEqual({ ok: false, code: 'load-out-of-range', field: 'loadWatts' });
    expect(refused(bulb('15.2.0', { mainsVolts: 89 }))).toEqual({ ok: false, code: 'mains-out-of-range', field: 'mainsVolts' });
    expect(refused(bulb('15.2.0', { mainsVolts: 2300 }))).toEqual({ ok: false, code: 'mains-out-of-range', field: 'mainsVolts' });
    expect(refused(bulb('15.2.0', { loadWatts: 2000, mainsVolts: 110 }))).toEqual({ ok: false, code: 'current-too-high', field: 'loadWatts' });
    expect(refused(bulb('15.2.0', { loadWatts: Number.NaN }))).toEqual({ ok: false, code: 'not-a-number', field: 'loadWatts' });
    expect(refused(bulb('15.2.0', { measuredAmps: Number.POSITIVE_INFINITY }))).toEqual({ ok: false, code: 'not-a-number', field: 'measuredAmps' });
    expect(refused(bulb('15.2.0', { measuredAmps: 0 }))).toEqual({ ok: false, code: 'amps-out-of-range', field: 'measuredAmps' });
    // An LED lamp "60 W equivalent" drawing 0.04 A: not a resistive load.
    expect(refused(bulb('15.2.0', { measuredAmps: 0.04 }))).toEqual({ ok: false, code: 'not-resistive', field: 'measuredAmps' });
    // The bounds themselves are allowed.
    for (const ok of [bulb('15.2.0', { loadWatts: 10 }), bulb('15.2.0', { loadWatts: 3500 }), bulb('15.2.0', { mainsVolts: 90 }), bulb('15.2.0', { mainsVolts: 264 })]) expect(calibrationCommands(ok).ok).toBe(true);
  });
});
