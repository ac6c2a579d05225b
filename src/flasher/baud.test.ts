import { describe, expect, it } from 'vitest';
import { baudRequestFor, dividerFor, FASTER_BAUDS } from './baud.ts';

/** What both ESP8266 stubs compute from CHANGE_BAUDRATE's first word when the second is 115200 (integer division). */
const stubDivider = (current: number, request: number): number => Math.floor((current * 115200) / request);
const uartClock = (syncDivider: number): number => syncDivider * 115200;

describe('speed changes the stubs get right', () => {
  // 451 and 452: where the ROM's auto-baud lands with a 26 MHz crystal; 694: a 40 MHz one.
  const syncs = [451, 452, 694];
  const offered = [115200, ...FASTER_BAUDS];

  it('picks the divider that runs the chip nearest to the asked rate', () => {
    for (const sync of syncs)
      for (const target of [...offered, 230400, 1_000_000, 1_500_000, 2_000_000]) {
        const chosen = dividerFor(target, sync);
        const off = (divider: number): number => Math.abs(uartClock(sync) / divider - target);
        expect(off(chosen), `sync ${sync}, ${target} baud`).toBeLessThanOrEqual(off(chosen - 1));
        expect(off(chosen), `sync ${sync}, ${target} baud`).toBeLessThanOrEqual(off(chosen + 1));
      }
    expect(dividerFor(460800, 451)).toBe(113);
    expect(dividerFor(2_000_000, 451)).toBe(26);
    expect(dividerFor(115200, 452)).toBe(452);
  });

  it('finds, for every move between the offered speeds, the request that lands the stub exactly there', () => {
    for (const sync of syncs)
      for (const from of offered)
        for (const to of offered) {
          const current = dividerFor(from, sync);
          const wanted = dividerFor(to, sync);
          expect(stubDivider(current, baudRequestFor(current, wanted)), `sync ${sync}: ${from} → ${to}`).toBe(wanted);
        }
  });

  it('refuses, rather than guesses, a move no request can make', () => {
    // floor(57 × 115200 / x) skips some large dividers (slow rates): find one and ask for it.
    const current = 57;
    const impossible = [...Array(20_000).keys()].slice(5000).find((wanted) => {
      const request = Math.floor((current * 115200) / wanted);
      return stubDivider(current, request) !== wanted;
    });
    expect(impossible).toBeDefined();
    expect(() => baudRequestFor(current, impossible!)).toThrow(RangeError);
  });
});
