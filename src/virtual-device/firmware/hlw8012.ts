/**
 * The Sonoff POW's HLW8012 energy chip and Tasmota's driver for it.
 *
 * The chip: pulse periods on CF (active power) and CF1 (voltage or current,
 * as SEL chooses) for a resistive load on the mains. The multipliers are the
 * datasheet's, as the HLW8012 library writes them (xoseperez/hlw8012
 * src/HLW8012.h @ 1dfa68b: V_REF 2.43, F_OSC 3579000; ESPurna
 * code/espurna/sensors/HLW8012Sensor.h:39, 49, 59 @ 37d2837:
 * period_us = 1e6·512·V_REF / R_shunt / 24 / F_OSC / I, 1e6·512·V_REF·R_div
 * / 2 / F_OSC / V, 1e6·128·V_REF²·R_div / R_shunt / 48 / F_OSC / P), with the
 * POW's resistors (ESPurna code/espurna/config/sensors.h:741-750: a 1 mΩ
 * shunt, 5 × 470 kΩ over 1 kΩ).
 *
 * The driver: Tasmota's integer arithmetic on the mean pulse period in µs
 * (T tasmota/tasmota_xnrg_energy/xnrg_01_hlw8012.ino @ badb58b: ratios
 * HLW_PREF 10000, HLW_UREF 2200, HLW_IREF 4545 at :31-33; W×10 =
 * PREF·PowerCal/T at :137-138; V×10 = UREF·VoltageCal/T at :182-183; mA =
 * IREF·CurrentCal/T at :190-193, zero without power; the *Set commands at
 * :295-309), default calibrations 12530 / 1950 / 3500 (tasmota/include/tasmota.h:157-159).
 * With the nominal resistors those defaults read about 21 % high in power,
 * 5 % in voltage and 10 % in current: the error calibration corrects.
 */

const V_REF = 2.43;
const F_OSC = 3_579_000;

export const HLW_PREF = 10000;
export const HLW_UREF = 2200;
export const HLW_IREF = 4545;
export const HLW_PREF_PULSE = 12530;
export const HLW_UREF_PULSE = 1950;
export const HLW_IREF_PULSE = 3500;

/** The POW's measuring resistors; `tolerance` scales them (a unit's parts are within a few %: an assumption). */
export interface Hlw8012Parts {
  shuntOhms: number;
  dividerRatio: number;
}

export const POW_PARTS: Hlw8012Parts = { shuntOhms: 0.001, dividerRatio: (5 * 470_000 + 1000) / 1000 };

/** What is plugged into the POW and the mains it sits on (a resistive load: power factor 1). */
export interface Mains {
  volts: number;
  /** The load's power at `volts`; 0 = nothing plugged in. */
  loadWatts: number;
}

export interface PulsePeriods {
  /** CF, µs per pulse; undefined = no pulses (no load). */
  power: number | undefined;
  /** CF1 with SEL selecting voltage. */
  voltage: number | undefined;
  /** CF1 with SEL selecting current. */
  current: number | undefined;
}

/** The chip's pulse periods for a load that draws `watts` at `volts` (relay closed) or nothing (relay open). */
export function pulsePeriods(mains: Mains | undefined, relayOn: boolean, parts: Hlw8012Parts = POW_PARTS): PulsePeriods {
  if (mains === undefined || mains.volts <= 0) return { power: undefined, voltage: undefined, current: undefined };
  const voltage = (1e6 * 512 * V_REF * parts.dividerRatio) / 2 / F_OSC / mains.volts;
  const watts = relayOn ? mains.loadWatts : 0;
  if (watts <= 0) return { power: undefined, voltage, current: undefined };
  const amps = watts / mains.volts;
  const power = (1e6 * 128 * V_REF * V_REF * parts.dividerRatio) / parts.shuntOhms / 48 / F_OSC / watts;
  const current = (1e6 * 512 * V_REF) / parts.shuntOhms / 24 / F_OSC / amps;
  return { power, voltage, current };
}

export interface Calibration {
  power: number;
  voltage: number;
  current: number;
}

export const DEFAULT_CALIBRATION: Calibration = { power: HLW_PREF_PULSE, voltage: HLW_UREF_PULSE, current: HLW_IREF_PULSE };

/** The mean pulse length the driver works with: whole µs (micros() between falling edges, summed and divided as uint32). */
function micros(period: number | undefined): number {
  return period === undefined ? 0 : Math.max(1, Math.floor(period));
}

export interface EnergyReading {
  /** W (one decimal computed, shown with WattRes 0). */
  power: number;
  volts: number;
  amps: number;
}

/**
 * What Tasmota computes from the periods: xnrg_01_hlw8012.ino:137-138 (power, only with the relay on),
 * 182-183 (voltage, only with the relay on: `Energy->power_on`), 190-193 (current, zero without power).
 */
export function reading(periods: PulsePeriods, cal: Calibration, relayOn: boolean): EnergyReading {
  const tp = micros(periods.power);
  const tv = micros(periods.voltage);
  const ti = micros(periods.current);
  const power = tp && relayOn ? Math.floor((HLW_PREF * cal.power) / tp) / 10 : 0;
  const volts = tv && relayOn ? Math.floor((HLW_UREF * cal.voltage) / tv) / 10 : 0;
  const amps = ti && power ? Math.floor((HLW_IREF * cal.current) / ti) / 1000 : 0;
  return { power, volts, amps };
}

/**
 * `PowerSet <W>` / `VoltageSet <V>` / `CurrentSet <mA>`: the new calibration from the target and the
 * measured period (xnrg_01_hlw8012.ino:295-309), or undefined when there are no pulses to measure (the
 * command then leaves the calibration alone unless its number is over 99, xdrv_03_energy.ino:951-954).
 */
export function calibrationFor(kind: keyof Calibration, target: number, periods: PulsePeriods): number | undefined {
  const t = micros(periods[kind]);
  if (!t) return undefined;
  // uint32 arithmetic as in C: (uint32_t)(value * 10) * pulse / ratio.
  if (kind === 'power') return Math.floor((Math.trunc(target * 10) * t) / HLW_PREF) >>> 0;
  if (kind === 'voltage') return Math.floor((Math.trunc(target * 10) * t) / HLW_UREF) >>> 0;
  return Math.floor((Math.trunc(target) * t) / HLW_IREF) >>> 0;
}
