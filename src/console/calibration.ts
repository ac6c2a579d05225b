/**
 * The power-calibration commands for the POW's HLW8012, as typed into
 * Tasmota's (web) console, for the Tasmota version on the device.
 *
 * How the commands changed ("T" = Jason2866/Tasmota; CHANGELOG.md @ badb58b):
 * - before 5.12.0 they were HlwPSet/HlwUSet/HlwISet (CHANGELOG.md:4697-4698,
 *   under 5.12.0): not produced here;
 * - 5.12.0 to 6.2.x: PowerSet <W>, VoltageSet <V>, CurrentSet <mA> took whole
 *   numbers (the payload is the strtol of the argument, W 1-3600, V 1-500,
 *   mA 1-16000: sonoff/xdrv_03_energy.ino:947-998 @ 28e377311 = 6.2.1);
 * - 6.3.0: "Add decimals as input to commands PowerSet, VoltageSet and
 *   CurrentSet" (CHANGELOG.md:4405; CharToDouble in
 *   sonoff/xnrg_01_hlw8012.ino:240-253 @ c2f9f5ddb = 6.3.0). The HLW8012
 *   driver still truncates the mA to a whole number ((unsigned long) cast,
 *   same lines; now tasmota_xnrg_energy/xnrg_01_hlw8012.ino:304-307), so
 *   CurrentSet gets a rounded whole number;
 * - 14.2.0.1: `PowerSet <W>,<V>` calibrates power and current together from
 *   a known resistive load, at the voltage measured after VoltageSet
 *   (CHANGELOG.md:733-737; tasmota_xdrv_driver/xdrv_03_energy.ino:995-1033),
 *   the procedure tasmota/docs docs/Power-Monitoring-Calibration.md:29-42
 *   gives for "v14.2.0.1 and up" (the old one at :44-71).
 * CurrentSet has been in mA for the HLW8012 all along; the change from A
 * to mA in 14.2.0.2 was for the BL09xx driver (CHANGELOG.md:728-730), not
 * the POW v1's chip.
 *
 * Every *Set needs pulses to measure: with the relay off or no load the
 * driver leaves its calibration alone, and then a number over 99 is stored
 * as the calibration itself (`VoltageSet 230` would set VoltageCal 230:
 * xnrg_01_hlw8012.ino:295-307 only replaces the payload while a pulse
 * length is known; EnergyCommandCalSetResponse stores any payload > 99,
 * xdrv_03_energy.ino:951-954). So the plan starts with the relay on
 * (`switchOn`), and the docs' "wait a few seconds for the readings to
 * stabilize" (Power-Monitoring-Calibration.md:25-27) comes before the rest.
 */
import { versionAtLeast, type FirmwareVersion } from './version.ts';

export type CalibrationRange = 'whole-numbers' | 'decimals' | 'power-and-voltage';

export type CalibrationInputCode =
  | 'version-too-old'
  | 'not-a-number'
  | 'load-out-of-range'
  | 'mains-out-of-range'
  | 'current-too-high'
  | 'amps-out-of-range'
  | 'not-resistive';

export interface CalibrationInput {
  /** The Tasmota version on the device (recogniseBoot, tasmotaVersionFromStatus2). */
  readonly version: FirmwareVersion;
  /** The resistive load's power at `mainsVolts` (a 60 W incandescent bulb, a kettle's rating …), W. */
  readonly loadWatts: number;
  /** The mains voltage, measured with a meter or the grid's nominal value, V. */
  readonly mainsVolts: number;
  /** The current through the load, if a meter measured it, A; otherwise W / V. */
  readonly measuredAmps?: number;
}

export type CalibrationPlan =
  | {
      readonly ok: true;
      readonly range: CalibrationRange;
      /** Send first, then wait until Status 8 shows the load's power (a few seconds). */
      readonly switchOn: 'Power 1';
      /** In order. */
      readonly commands: readonly string[];
      /** What the readings should be afterwards. */
      readonly target: { readonly watts: number; readonly volts: number; readonly milliamps: number };
    }
  | { readonly ok: false; readonly code: CalibrationInputCode; readonly field: keyof CalibrationInput };

/**
 * Bounds, and why:
 * - load 10-3500 W. Below 10 W the HLW8012 pulses CF less than once a second
 *   (1 Hz ≈ 12.5 W with the default PowerCal 12530, include/tasmota.h:157
 *   and xnrg_01_hlw8012.ino:137), so many of the driver's 200 ms windows hold
 *   no pulse at all (:129-134) and the period it calibrates from is coarse
 *   (a judgement, not a documented limit). 3500 W: the POW is a 16 A device
 *   (tasmota/docs docs/devices/Sonoff-Pow.md:64), 16 A at 220 V is 3520 W,
 *   and PowerSet took at most 3600 W up to 6.2.1 (xdrv_03_energy.ino:948 @ 28e377311).
 * - mains 90-264 V: the nominal grids, 100 V to 240 V, with their ±10 %;
 *   outside it the number is a typo (23, 2300), not a grid.
 * - current at most 16 A (the same rating; CurrentSet took at most 16000 mA up to
 *   6.2.1, xdrv_03_energy.ino:988 @ 28e377311): a big load on a low mains is refused.
 * - a measured current within 10 % of W / V: the calibration assumes a
 *   resistive load, power factor 1 (Power-Monitoring-Calibration.md:8, 42);
 *   a current far from W / V means the load is not resistive or a number is wrong.
 */
export const CALIBRATION_LIMITS = {
  loadWatts: { min: 10, max: 3500 },
  mainsVolts: { min: 90, max: 264 },
  maxAmps: 16,
  powerFactor: { min: 0.9, max: 1.1 },
} as const;

const WHOLE_NUMBERS_FROM = '5.12.0';
const DECIMALS_FROM = '6.3.0';
const POWER_AND_VOLTAGE_FROM = '14.2.0.1';

/** One decimal, as the docs write them ("PowerSet 60.0"); Tasmota keeps tenths of W and V (value * 10, xnrg_01_hlw8012.ino:296, 301). */
const tenths = (n: number): string => (Math.round(n * 10) / 10).toFixed(1);

export function calibrationCommands(input: CalibrationInput): CalibrationPlan {
  const { version, loadWatts, mainsVolts, measuredAmps } = input;
  if (!versionAtLeast(version, WHOLE_NUMBERS_FROM)) return { ok: false, code: 'version-too-old', field: 'version' };
  for (const field of ['loadWatts', 'mainsVolts', 'measuredAmps'] as const) {
    const value = input[field];
    if (value !== undefined && !Number.isFinite(value)) return { ok: false, code: 'not-a-number', field };
  }
  const limits = CALIBRATION_LIMITS;
  if (loadWatts < limits.loadWatts.min || loadWatts > limits.loadWatts.max) return { ok: false, code: 'load-out-of-range', field: 'loadWatts' };
  if (mainsVolts < limits.mainsVolts.min || mainsVolts > limits.mainsVolts.max) return { ok: false, code: 'mains-out-of-range', field: 'mainsVolts' };
  // A resistive load: I = P / U.
  const computedAmps = loadWatts / mainsVolts;
  if (computedAmps > limits.maxAmps) return { ok: false, code: 'current-too-high', field: 'loadWatts' };
  if (measuredAmps !== undefined) {
    if (measuredAmps <= 0 || measuredAmps > limits.maxAmps) return { ok: false, code: 'amps-out-of-range', field: 'measuredAmps' };
    const factor = loadWatts / (mainsVolts * measuredAmps);
    if (factor < limits.powerFactor.min || factor > limits.powerFactor.max) return { ok: false, code: 'not-resistive', field: 'measuredAmps' };
  }
  const milliamps = Math.round((measuredAmps ?? computedAmps) * 1000);
  const target = { watts: loadWatts, volts: mainsVolts, milliamps };
  const plan = (range: CalibrationRange, commands: string[]): CalibrationPlan => ({ ok: true, range, switchOn: 'Power 1', commands, target });

  if (versionAtLeast(version, POWER_AND_VOLTAGE_FROM)) {
    // Voltage first: PowerSet W,V computes the current from the voltage the device measures (xdrv_03_energy.ino:1010-1014).
    const commands = [`VoltageSet ${tenths(mainsVolts)}`, `PowerSet ${tenths(loadWatts)},${tenths(mainsVolts)}`];
    if (measuredAmps !== undefined) commands.push(`CurrentSet ${milliamps}`);
    return plan('power-and-voltage', commands);
  }
  // The docs' old order: power, voltage, current (Power-Monitoring-Calibration.md:46-56); each is independent.
  if (versionAtLeast(version, DECIMALS_FROM)) return plan('decimals', [`PowerSet ${tenths(loadWatts)}`, `VoltageSet ${tenths(mainsVolts)}`, `CurrentSet ${milliamps}`]);
  return plan('whole-numbers', [`PowerSet ${Math.round(loadWatts)}`, `VoltageSet ${Math.round(mainsVolts)}`, `CurrentSet ${milliamps}`]);
}
