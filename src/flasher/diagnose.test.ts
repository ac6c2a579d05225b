/**
 * The connection diagnosis: the classifier on its own, then each cause on
 * the virtual bench through connect(), on a fake clock running the model's
 * real durations, with the seconds from the cause to the diagnosis printed.
 */
import { describe, expect, it } from 'vitest';
import type { VirtualSonoff } from '../virtual-device/index.ts';
import { connect } from './connect.ts';
import { BOOT_LOG_BAUD, classifyWindow, Diagnoser, hasReadableRun, parseBootLog, type ConnectDiagnosis } from './diagnose.ts';
import { isFlasherError, type FlasherError } from './errors.ts';
import type { FlasherEvent } from './events.ts';
import { bench, onFakeClock, portOf } from './test-support.ts';

type BenchOptions = Parameters<typeof bench>[0];

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const CH340 = { usbVendorId: 0x1a86, usbProductId: 0x7523, name: 'CH340' };

describe('reading what was heard', () => {
  it('reads the boot line as the ROM prints it and as esptool’s docs write it', () => {
    expect(parseBootLog('\r\n ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\n')).toEqual({ line: 'ets Jan  8 2013,rst cause:2, boot mode:(3,6)', rstCause: 2, bootMode: 3, bootSub: 6 });
    expect(parseBootLog('ets Jan  8 2014,rst cause 1, boot mode:(3,7)')).toMatchObject({ rstCause: 1, bootMode: 3, bootSub: 7 });
    // The last line counts: a person who restarted it twice.
    expect(parseBootLog('ets Jan  8 2013,rst cause:1, boot mode:(3,6)\r\n ets Jan  8 2013,rst cause:2, boot mode:(1,7)')?.bootMode).toBe(1);
    expect(parseBootLog('ets Jan  8 2013,rst cause:2, boot mode:(3')).toBeUndefined();
    // Nothing to boot in the flash (esp8266/Arduino#2370): the ROM says so after the line.
    expect(parseBootLog('\r\n ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\nets_main.c ')).toMatchObject({ bootMode: 3, nothingToBoot: true });
    expect(parseBootLog('ets_main.c \r\n ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n')?.nothingToBoot).toBeUndefined();
  });

  it('tells text from noise', () => {
    expect(hasReadableRun(text('relay off  0.0 W'))).toBe(true);
    let state = 12345;
    const noise = Uint8Array.from({ length: 4096 }, () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    expect(hasReadableRun(noise)).toBe(false);
    expect(classifyWindow(BOOT_LOG_BAUD, noise).kind).toBe('garbage');
    expect(classifyWindow(115200, new Uint8Array([0x00]))).toEqual({ kind: 'silence' });
    // A boot line counts only where it is readable: at 74880.
    expect(classifyWindow(115200, text('ets Jan  8 2013,rst cause:2, boot mode:(3,6)')).kind).toBe('text');
  });

  it('says nothing until it knows: silence needs two quiet windows at each speed', () => {
    const d = new Diagnoser(CH340, 0);
    d.window(115200, new Uint8Array(0));
    d.window(BOOT_LOG_BAUD, new Uint8Array(0));
    d.window(115200, new Uint8Array(0));
    expect(d.diagnosis(1000)).toBeUndefined();
    d.window(BOOT_LOG_BAUD, new Uint8Array(0));
    expect(d.diagnosis(2000)).toMatchObject({ kind: 'silent', atMs: 2000, heard: [{ baud: 74880, bytes: 0, readable: false }, { baud: 115200, bytes: 0, readable: false }] });
  });

  it('does not call the boot line garbled when it arrives at 115200, nor the firmware’s console when it arrives at 74880', () => {
    const d = new Diagnoser(CH340, 0);
    d.window(115200, Uint8Array.from({ length: 60 }, (_, i) => 0x80 + i));
    expect(d.diagnosis()).toBeUndefined();
    d.window(115200, text('POW virtual firmware 1.4.2'));
    expect(d.diagnosis()?.kind).toBe('firmware-started');
    d.window(BOOT_LOG_BAUD, Uint8Array.from({ length: 60 }, (_, i) => 0x80 + i));
    expect(d.diagnosis()?.kind).toBe('firmware-started');
  });

  it('blames the wire to the Sonoff’s RX only after two SYNCs go unanswered since a flash-mode boot line', () => {
    const d = new Diagnoser(CH340, 0);
    d.window(BOOT_LOG_BAUD, text(' ets Jan  8 2013,rst cause:2, boot mode:(1,7)\r\n'));
    expect(d.diagnosis()?.kind).toBe('flash-mode');
    d.syncUnanswered();
    expect(d.diagnosis()?.kind).toBe('flash-mode');
    d.syncUnanswered();
    expect(d.diagnosis()?.kind).toBe('tx-path-down');
    d.window(BOOT_LOG_BAUD, text(' ets Jan  8 2013,rst cause:2, boot mode:(5,6)\r\n'));
    expect(d.diagnosis()?.kind).toBe('other-boot-mode');
  });
});

/** Resolves once the page has the port open at `baud` (after `opens` opens at least). */
function portAt(sonoff: VirtualSonoff, baud: number, opens = 0): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (sonoff.port.isOpen && sonoff.port.baudRate === baud && sonoff.port.opens >= opens) resolve();
      else setTimeout(check, 5);
    };
    check();
  });
}

interface Outcome {
  diagnoses: { diagnosis: ConnectDiagnosis; at: number }[];
  error: FlasherError | undefined;
  connected: boolean;
  /** ms from the cause (`cause()` called by the bench script) to each diagnosis. */
  cause: number | undefined;
}

/**
 * Connects to `sonoff` while `bench` acts at the bench (on the fake clock);
 * `bench` calls `cause()` when the cause appears.
 */
async function scenario(
  options: BenchOptions,
  waitMs: number,
  script: (sonoff: VirtualSonoff, cause: () => void, events: FlasherEvent[]) => Promise<void>,
  settleMs = 2000,
): Promise<Outcome & { sonoff: VirtualSonoff }> {
  const { value } = await onFakeClock(async () => {
    // Made on the fake clock: the device keeps the timers it was made with.
    const sonoff = bench({ timing: 'real', ...options });
    // The person plugged the adapter in a moment ago: what the Sonoff printed then is gone.
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const events: FlasherEvent[] = [];
    const diagnoses: Outcome['diagnoses'] = [];
    let cause: number | undefined;
    const onEvent = (event: FlasherEvent): void => {
      events.push(event);
      if (event.type === 'diagnosis') diagnoses.push({ diagnosis: event.diagnosis, at: Date.now() });
    };
    const script_ = script(sonoff, () => (cause = Date.now()), events);
    let error: FlasherError | undefined;
    let connected = false;
    try {
      const session = await connect(portOf(sonoff), { baud: 115200, autoReset: false, waitForFlashModeMs: waitMs, onEvent });
      connected = true;
      await session.disconnect();
    } catch (thrown) {
      if (!isFlasherError(thrown)) throw thrown;
      error = thrown;
    }
    await script_;
    return { diagnoses, error, connected, cause, sonoff };
  });
  return value;
}

/** Seconds from the cause to the first diagnosis of `kind`; printed for the report. */
function secondsTo(outcome: Outcome, kind: string, label: string): number {
  const found = outcome.diagnoses.find((d) => d.diagnosis.kind === kind && (outcome.cause === undefined || d.at >= outcome.cause));
  expect(found, `a ${kind} diagnosis`).toBeDefined();
  const seconds = (found!.at - (outcome.cause ?? 0)) / 1000;
  console.log(`diagnosis ${label}: ${kind} after ${seconds.toFixed(2)} s (model clock)`);
  return seconds;
}

describe('each cause on the bench, through connect()', () => {
  it('the button not held: the Sonoff restarted into its firmware says so at once, and holding the button then connects', async () => {
    const outcome = await scenario({ buttonHeld: false }, 30_000, async (sonoff, cause) => {
      await portAt(sonoff, BOOT_LOG_BAUD);
      cause();
      sonoff.powerCycle({ buttonHeld: false });
      await portAt(sonoff, BOOT_LOG_BAUD, sonoff.port.opens + 1);
      sonoff.powerCycle({ buttonHeld: true });
    });
    expect(secondsTo(outcome, 'firmware-started', 'button not held (restarted while listening at 74880)')).toBeLessThan(10);
    expect(outcome.diagnoses.map((d) => d.diagnosis.kind)).toEqual(['firmware-started', 'flash-mode']);
    expect(outcome.diagnoses[0]!.diagnosis.bootLog).toMatchObject({ bootMode: 3, rstCause: 1, line: 'ets Jan  8 2013,rst cause:1, boot mode:(3,6)' });
    expect(outcome.connected).toBe(true);
  });

  it('the button not held, restarted while the page listens at 115200: the firmware’s own console says it', async () => {
    const outcome = await scenario({ buttonHeld: false }, 6000, async (sonoff, cause) => {
      await portAt(sonoff, 115200, 3); // back at 115200 after one window at 74880
      cause();
      sonoff.powerCycle({ buttonHeld: false });
    });
    expect(secondsTo(outcome, 'firmware-started', 'button not held (restarted at 115200)')).toBeLessThan(10);
    expect(outcome.diagnoses[0]?.diagnosis.bootLog).toBeUndefined();
    expect(outcome.diagnoses.map((d) => d.diagnosis)).toMatchObject([{ kind: 'firmware-started', heard: [{ baud: 74880, readable: false }, { baud: 115200, readable: true }] }]);
    expect(outcome.error?.message).toMatch(/^Nothing answered in \d+ s: the Sonoff started its normal firmware, because the button was not held when it got power\.$/);
    expect(outcome.error?.action).toMatch(/Hold the button, disconnect and reconnect the 3\.3 V wire/);
  });

  it('an erased flash and the button not held: the ROM found nothing to run, and says so', async () => {
    const outcome = await scenario({ buttonHeld: false, flash: new Uint8Array(1024 * 1024).fill(0xff) }, 6000, async (sonoff, cause) => {
      await portAt(sonoff, BOOT_LOG_BAUD);
      cause();
      sonoff.powerCycle({ buttonHeld: false });
    });
    expect(secondsTo(outcome, 'no-firmware', 'erased flash, button not held')).toBeLessThan(10);
    expect(outcome.diagnoses.map((d) => d.diagnosis.kind)).toEqual(['no-firmware']);
    expect(outcome.error?.message).toMatch(/found nothing to run there and stopped, because the button was not held/);
  });

  it('TX and RX swapped: nothing at any speed, even when the Sonoff restarts; the final error says so, not “not in flash mode”', async () => {
    const outcome = await scenario({ wiring: 'tx-rx-swapped' }, 8000, async (sonoff, cause) => {
      cause();
      await portAt(sonoff, BOOT_LOG_BAUD);
      sonoff.powerCycle({ buttonHeld: true });
    });
    expect(secondsTo(outcome, 'silent', 'TX/RX swapped')).toBeLessThan(10);
    expect(outcome.diagnoses.map((d) => d.diagnosis.kind)).toEqual(['silent']);
    expect(outcome.error?.code).toBe('no-answer');
    expect(outcome.error?.message).toMatch(/nothing came from the Sonoff at any speed/);
  });

  it('no 3.3 V: silence; connecting the wire with the button held then connects', async () => {
    let silentAt = 0;
    const outcome = await scenario({ powerWire: false }, 30_000, async (sonoff, cause, events) => {
      cause();
      while (!events.some((e) => e.type === 'diagnosis' && e.diagnosis.kind === 'silent')) await new Promise((r) => setTimeout(r, 20));
      silentAt = Date.now();
      await portAt(sonoff, BOOT_LOG_BAUD, sonoff.port.opens + 1);
      sonoff.connectPower({ buttonHeld: true });
    });
    expect(secondsTo(outcome, 'silent', 'no 3.3 V')).toBeLessThan(10);
    expect(silentAt).toBeGreaterThan(0);
    expect(outcome.diagnoses.at(-1)?.diagnosis).toMatchObject({ kind: 'flash-mode', bootLog: { bootMode: 1, rstCause: 1 } });
    expect(outcome.connected).toBe(true);
  });

  it('GND loose: the boot line arrives garbled at 74880, and nothing readable at 115200', async () => {
    const outcome = await scenario({ wiring: 'no-ground' }, 6000, async (sonoff, cause) => {
      await portAt(sonoff, BOOT_LOG_BAUD);
      cause();
      sonoff.powerCycle({ buttonHeld: true });
    });
    expect(secondsTo(outcome, 'garbled', 'GND loose')).toBeLessThan(10);
    expect(outcome.error?.message).toMatch(/what came from the Sonoff was garbled/);
    expect(outcome.error?.action).toMatch(/GND wire/);
  });

  it('the wire to the Sonoff’s RX off: it boots into flash mode (heard) but SYNC is never answered', async () => {
    const outcome = await scenario({ wiring: 'no-tx' }, 8000, async (sonoff, cause) => {
      await portAt(sonoff, BOOT_LOG_BAUD);
      cause();
      sonoff.powerCycle({ buttonHeld: true });
    });
    expect(outcome.diagnoses.map((d) => d.diagnosis.kind)).toEqual(['flash-mode', 'tx-path-down']);
    expect(secondsTo(outcome, 'tx-path-down', 'TX wire off')).toBeLessThan(10);
    expect(outcome.error?.message).toMatch(/in flash mode but does not hear the computer/);
  });

  it('another program holds the port: a port-busy diagnosis with the adapter, at once', async () => {
    const outcome = await scenario({}, 3000, async (sonoff) => {
      sonoff.port.busy = 'NetworkError';
    });
    expect(outcome.diagnoses).toHaveLength(1);
    expect(outcome.diagnoses[0]!.diagnosis).toMatchObject({ kind: 'port-busy', adapter: { usbVendorId: 0x1a86, usbProductId: 0x7523, name: 'CH340' } });
    expect(outcome.error?.code).toBe('port-busy');
  });

  it('a Sonoff already in flash mode is connected at the first SYNC: no reopening at 74880, no diagnosis', async () => {
    const outcome = await scenario({}, 3000, async () => undefined);
    expect(outcome.connected).toBe(true);
    expect(outcome.diagnoses).toEqual([]);
    expect(outcome.sonoff.port.opens).toBe(1);
  });

  it('…even chosen the moment it got power, its boot line still arriving as noise: the second SYNC, 20 ms later, connects', async () => {
    const outcome = await scenario({}, 3000, async () => undefined, 0);
    expect(outcome.connected).toBe(true);
    expect(outcome.diagnoses).toEqual([]);
    expect(outcome.sonoff.port.opens).toBe(1);
  });
});
