/**
 * `npm run bench`: the guide's steps through the site's own flasher
 * (src/flasher, esptool-js 0.7.0) against the virtual Sonoff POW
 * (src/virtual-device), on a simulated clock (@sinonjs/fake-timers): every
 * duration the model knows (UART bytes at the chip's and the adapter's real
 * rates, USB frames and an adapter's latency timer, the W25Q80's erase and
 * program times, the stubs' own delays, the flasher's sleeps and timeouts)
 * passes as it would, and the time is read off that clock. Per adapter
 * (CH340, CP2102, FT232R) and per baud (115200, 921600):
 *   page: one connect, then backup, erase, write, restore;
 *   cli:  the guide's command-line flow, one connection per command (the
 *         board power-cycled into flash mode before each), run with this
 *         flasher: an estimate of esptool.py's traffic, which uploads the
 *         smaller legacy stub but reads with the same one-packet window.
 * and, for each step, the UART limit: the payload alone at the nominal baud.
 * The figures are the model's: no hardware has confirmed them.
 */
import '../src/i18n/use-english.ts';
import '../src/flasher/node-ready.ts';
import FakeTimers from '@sinonjs/fake-timers';
import { Transport } from 'esptool-js';
import os from 'node:os';
import { deflate } from '../src/flasher/zlib.ts';
import { COARSE_REGION_BYTES } from '../src/flasher/changed.ts';
import { connect, prepareImage, type FlasherSession, type ReadResult, type RunOptions, type StepResult } from '../src/flasher/index.ts';
import { EventTransport } from '../src/flasher/transport.ts';
import { parseCommand } from '../src/steps/command-text.ts';
import { VirtualSonoff, type AdapterKind, type WireCounterValues } from '../src/virtual-device/index.ts';
import { runToEnd } from '../src/virtual-device/run-to-end.ts';
import { firmwareImage } from './image.ts';

const MB = 1024 * 1024;
const ADAPTER_KINDS: readonly AdapterKind[] = ['ch340', 'cp2102', 'ft232r'];
const BAUDS = [115200, 921600] as const;
const image = firmwareImage(MB);
const zlib9 = deflate(image.bytes, { level: 9 });
const cmd = (baud: number, operation: string) => parseCommand(`esptool.py --port COM8 --baud ${baud} ${operation}`);
const STEPS = {
  backup: 'read_flash 0x00000 0x100000 sonoff-backup.bin',
  erase: 'erase_flash',
  write: 'write_flash -fs detect -fm dout 0x00000 sonoff.bin',
  restore: 'write_flash -fs 1MB -fm dio 0x00000 sonoff-backup.bin',
} as const;
type StepName = keyof typeof STEPS;
const ORDER: readonly StepName[] = ['backup', 'erase', 'write', 'restore'];

const uartSeconds = (bytes: number, baud: number): number => (bytes * 10) / baud;

/** The clock every timer and Date.now() reads while a flow runs. */
const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: 0 });

/** Runs `body` to its end on the simulated clock; returns its value and the simulated milliseconds. */
async function simulated<T>(body: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const { value, elapsedMs } = await runToEnd(body, { pending: () => clock.countTimers(), next: () => clock.nextAsync() });
  return { value, ms: elapsedMs };
}

interface Row {
  flow: 'page' | 'cli';
  adapter: AdapterKind;
  baud: number;
  step: string;
  seconds: number;
  counters: WireCounterValues;
  /** The payload alone at the nominal baud; undefined for connect and erase. */
  limitSeconds: number | undefined;
}

function limitOf(step: StepName | 'connect', baud: number, restoreBytes: number): number | undefined {
  if (step === 'backup') return uartSeconds(MB, baud);
  if (step === 'write') return uartSeconds(zlib9.length, baud);
  if (step === 'restore') return uartSeconds(restoreBytes, baud);
  return undefined;
}

function bench(adapter: AdapterKind): VirtualSonoff {
  return new VirtualSonoff({ seed: 7, buttonHeld: true, adapter, timing: 'real' });
}

async function connected(sonoff: VirtualSonoff, baud: number): Promise<FlasherSession> {
  const port = await sonoff.serial.requestPort();
  return connect(port, { baud, autoReset: false, waitForFlashModeMs: 10_000, onEvent: () => undefined });
}

/** One connection for the whole guide, as the page does it. */
async function pageFlow(adapter: AdapterKind, baud: number): Promise<Row[]> {
  const sonoff = bench(adapter);
  const rows: Row[] = [];
  sonoff.counters.reset();
  const c = await simulated(() => connected(sonoff, baud));
  rows.push({ flow: 'page', adapter, baud, step: 'connect', seconds: c.ms / 1000, counters: sonoff.counters.snapshot(), limitSeconds: undefined });
  const session = c.value;
  let backup = new Uint8Array(0);
  for (const step of ORDER) {
    sonoff.counters.reset();
    const files = step === 'write' ? new Map([['sonoff.bin', image.bytes]]) : step === 'restore' ? new Map([['sonoff-backup.bin', backup]]) : new Map<string, Uint8Array>();
    // The page's default: only what changed (the command line below writes in full, as esptool.py does).
    const m = await simulated(() => session.run(cmd(baud, STEPS[step]), files, () => undefined, { write: 'changed' }));
    if (step === 'backup') backup = Uint8Array.from((m.value as ReadResult).data);
    rows.push({ flow: 'page', adapter, baud, step, seconds: m.ms / 1000, counters: sonoff.counters.snapshot(), limitSeconds: limitOf(step, baud, deflate(backup, { level: 9 }).length) });
  }
  await simulated(() => session.disconnect());
  return rows;
}

/** The guide's command-line flow: flash mode, connect, one command, disconnect; four times. */
async function cliFlow(adapter: AdapterKind, baud: number): Promise<Row[]> {
  const sonoff = bench(adapter);
  const rows: Row[] = [];
  let backup = new Uint8Array(0);
  for (const step of ORDER) {
    sonoff.powerCycle({ buttonHeld: true });
    sonoff.counters.reset();
    const files = step === 'write' ? new Map([['sonoff.bin', image.bytes]]) : step === 'restore' ? new Map([['sonoff-backup.bin', backup]]) : new Map<string, Uint8Array>();
    const m = await simulated(async () => {
      const session = await connected(sonoff, baud);
      const result = await session.run(cmd(baud, STEPS[step]), files, () => undefined);
      await session.disconnect();
      return result;
    });
    if (step === 'backup') backup = Uint8Array.from((m.value as ReadResult).data);
    rows.push({ flow: 'cli', adapter, baud, step: `${step} (+connect)`, seconds: m.ms / 1000, counters: sonoff.counters.snapshot(), limitSeconds: limitOf(step, baud, deflate(backup, { level: 9 }).length) });
  }
  return rows;
}

// ---- writing only what changed ----------------------------------------------------

/** The restore's bytes as they end up in flash (-fs 1MB -fm dio), so a restore of them finds nothing to change. */
const restored = prepareImage(image.bytes, 0, { flashSize: '1MB', flashMode: 'dio', flashFreq: 'keep' });
/** The same, where 4 sectors near the end (0xFB000–0xFEFFF, the bench's stand-in for the firmware's settings) differ. */
const settingsChanged = restored.slice();
for (let at = 0xfb000; at < 0xff000; at++) settingsChanged[at] = (at * 7 + 3) & 0xff;
/** The firmware alone (its code, not the 0xFF padding), and another build of it. */
const firmware = image.bytes.subarray(0, image.codeBytes);
const otherFirmware = firmwareImage(MB, 600 * 1024, 0x1234).bytes.subarray(0, image.codeBytes);
const otherOnFlash = new Uint8Array(MB).fill(0xff);
otherOnFlash.set(prepareImage(otherFirmware, 0, { flashSize: '1MB', flashMode: 'dout', flashFreq: 'keep' }));
const firmwareOnFlash = new Uint8Array(MB).fill(0xff);
firmwareOnFlash.set(prepareImage(firmware, 0, { flashSize: '1MB', flashMode: 'dout', flashFreq: 'keep' }));

interface Case {
  name: string;
  /** What the flash holds before. */
  before: Uint8Array;
  step: 'write' | 'restore';
  file: Uint8Array;
}
const CASES: readonly Case[] = [
  { name: 'restore, unchanged 1 MB backup', before: restored, step: 'restore', file: restored },
  { name: 'restore, settings sectors differ', before: restored, step: 'restore', file: settingsChanged },
  { name: 'restore, every sector differs', before: otherOnFlash, step: 'restore', file: restored },
  { name: 'write firmware over the same one', before: firmwareOnFlash, step: 'write', file: firmware },
  { name: 'write firmware over another build', before: otherOnFlash, step: 'write', file: firmware },
];

interface ChangedRow {
  name: string;
  baud: number;
  mode: string;
  seconds: number;
  sectors: string;
  sent: number;
  frames: string;
}

/** One case on one connected device: the flash loaded, the step run with these options, timed. */
async function runCase(sonoff: VirtualSonoff, session: FlasherSession, baud: number, c: Case, options: RunOptions): Promise<{ seconds: number; result: StepResult; counters: WireCounterValues }> {
  sonoff.loadFlash(c.before);
  sonoff.counters.reset();
  const fileName = c.step === 'write' ? 'sonoff.bin' : 'sonoff-backup.bin';
  const m = await simulated(() => session.run(cmd(baud, STEPS[c.step]), new Map([[fileName, c.file]]), () => undefined, options));
  const expected = new Uint8Array(MB).fill(0xff);
  if (c.step === 'restore') expected.set(prepareImage(c.file, 0, { flashSize: '1MB', flashMode: 'dio', flashFreq: 'keep' }));
  else expected.set(prepareImage(c.file, 0, { flashSize: '1MB', flashMode: 'dout', flashFreq: 'keep' }));
  const flash = sonoff.readFlash();
  if (c.step === 'write') expected.set(flash.subarray(Math.ceil(c.file.length / 4096) * 4096), Math.ceil(c.file.length / 4096) * 4096);
  if (!flash.every((b, i) => b === expected[i])) throw new Error(`${c.name} (${options.write}): the flash is not what the full write leaves`);
  return { seconds: m.ms / 1000, result: m.value as StepResult, counters: sonoff.counters.snapshot() };
}

async function changedRows(baud: number): Promise<ChangedRow[]> {
  const sonoff = bench('ch340');
  const session = (await simulated(() => connected(sonoff, baud))).value;
  const rows: ChangedRow[] = [];
  for (const c of CASES) {
    for (const write of ['full', 'changed'] as const) {
      const { seconds, result, counters } = await runCase(sonoff, session, baud, c, { write });
      const changed = result.changed;
      rows.push({
        name: c.name,
        baud,
        mode: write === 'full' ? 'full (esptool.py)' : 'only what changed',
        seconds,
        sectors: changed === undefined ? '–' : `${changed.changedSectors}/${changed.sectors}`,
        sent: counters.bytesToDevice,
        frames: `${n(counters.framesToDevice)}/${n(counters.framesFromDevice)}`,
      });
    }
  }
  await simulated(() => session.disconnect());
  return rows;
}

const REGION_SIZES = [4, 8, 16, 32, 64, 128, 256].map((kb) => kb * 1024);
const REGION_CASES = [CASES[0]!, CASES[1]!, CASES[4]!];

/** The coarse region size against the cases it trades between: round trips (small regions) and rewritten bytes (large ones). */
async function regionTable(baud: number): Promise<{ regionBytes: number; seconds: number[] }[]> {
  const sonoff = bench('ch340');
  const session = (await simulated(() => connected(sonoff, baud))).value;
  const out: { regionBytes: number; seconds: number[] }[] = [];
  for (const regionBytes of REGION_SIZES) {
    const seconds: number[] = [];
    for (const c of REGION_CASES) seconds.push((await runCase(sonoff, session, baud, c, { write: 'changed', regionBytes })).seconds);
    out.push({ regionBytes, seconds });
  }
  await simulated(() => session.disconnect());
  return out;
}

/**
 * A hidden tab wakes its timers once a second (Chrome; an open serial port
 * lifts only the one-minute intensive throttling). esptool-js 0.7.0's
 * Transport.read polls its buffer with sleep(1); the flasher's reads wake
 * on data. Both read 64 KB (16 packets) from the stub at 921600 here, with
 * every timer rounded up to the next whole second.
 */
async function hiddenTab(): Promise<{ esptoolJs: number; page: number }> {
  const realSetTimeout = globalThis.setTimeout;
  const aligned = ((fn: () => void, ms = 0) => realSetTimeout(fn, Math.ceil((Date.now() + ms) / 1000) * 1000 - Date.now())) as unknown as typeof setTimeout;
  const { ESPLoader } = await import('esptool-js');
  const readWith = async (transportFor: (port: VirtualSonoff['port']) => Transport): Promise<number> => {
    const sonoff = bench('ch340');
    const transport = transportFor(await sonoff.serial.requestPort());
    // esptool-js's Transport logs a few lines on disconnect even with tracing off.
    transport.trace = () => undefined;
    const loader = new ESPLoader({ transport, baudrate: 921600, romBaudrate: 115200, terminal: { clean: () => undefined, write: () => undefined, writeLine: () => undefined } });
    await simulated(() => loader.main('no_reset'));
    globalThis.setTimeout = aligned;
    try {
      return (await simulated(() => loader.readFlash(0, 64 * 1024))).ms / 1000;
    } finally {
      globalThis.setTimeout = realSetTimeout;
      await simulated(() => transport.disconnect());
    }
  };
  const esptoolJs = await readWith((port) => new Transport(port as unknown as ConstructorParameters<typeof Transport>[0], false));
  const page = await readWith((port) => new EventTransport(port));
  return { esptoolJs, page };
}

// ---- printing ---------------------------------------------------------------------

const n = (value: number): string => value.toLocaleString('en-US');
const s = (value: number): string => value.toFixed(2);

function printTable(rows: Row[]): void {
  const header = ['flow', 'adapter', 'baud', 'step', 'model s', 'limit s', '×limit', 'sent B', 'recv B', 'frames →/←'];
  const cells = rows.map((r) => [
    r.flow,
    r.adapter,
    String(r.baud),
    r.step,
    s(r.seconds),
    r.limitSeconds === undefined ? '–' : s(r.limitSeconds),
    r.limitSeconds === undefined ? '–' : (r.seconds / r.limitSeconds).toFixed(3),
    n(r.counters.bytesToDevice),
    n(r.counters.bytesFromDevice),
    `${n(r.counters.framesToDevice)}/${n(r.counters.framesFromDevice)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (row: string[]): string => row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  let previous: Row | undefined;
  for (const [i, r] of rows.entries()) {
    if (previous && (previous.flow !== r.flow || previous.adapter !== r.adapter || previous.baud !== r.baud)) console.log('');
    console.log(line(cells[i]!));
    previous = r;
  }
}

// ---- main -------------------------------------------------------------------------

const wallStarted = performance.now();
const rows: Row[] = [];
const totals: { adapter: AdapterKind; baud: number; page: number; cli: number; limit: number }[] = [];
for (const adapter of ADAPTER_KINDS) {
  for (const baud of BAUDS) {
    const page = await pageFlow(adapter, baud);
    const cli = await cliFlow(adapter, baud);
    const sum = (list: Row[]): number => list.reduce((t, r) => t + r.seconds, 0);
    const limit = page.reduce((t, r) => t + (r.limitSeconds ?? 0), 0);
    rows.push(...page, { ...page[0]!, step: 'whole guide', seconds: sum(page), limitSeconds: limit, counters: sumCounters(page) });
    rows.push(...cli, { ...cli[0]!, step: 'whole guide', seconds: sum(cli), limitSeconds: limit, counters: sumCounters(cli) });
    totals.push({ adapter, baud, page: sum(page), cli: sum(cli), limit });
  }
}
const hidden = await hiddenTab();
const changed = [...(await changedRows(115200)), ...(await changedRows(921600))];
const regions = { 115200: await regionTable(115200), 921600: await regionTable(921600) };
clock.uninstall();

function sumCounters(list: Row[]): WireCounterValues {
  const out = { ...list[0]!.counters };
  for (const key of Object.keys(out) as (keyof WireCounterValues)[]) out[key] = list.reduce((t, r) => t + r.counters[key], 0);
  return out;
}

const cpu = os.cpus()[0];
console.log('Wire benchmark: the site flasher (src/flasher, esptool-js 0.7.0) against the virtual Sonoff POW (src/virtual-device), on a simulated clock');
console.log(`Machine: ${cpu?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, ${os.platform()} ${os.arch()}`);
console.log(`Image: seeded firmware-like 1 MB (${n(image.codeBytes)} B code + 0xFF padding); zlib -9 → ${n(zlib9.length)} B`);
console.log('Model s: simulated time (UART at the chip\'s and the adapter\'s real rates, USB frames, the adapter\'s latency timer, W25Q80 typical erase/program times, the stubs\' delays, the host\'s sleeps).');
console.log('Limit s: the payload alone at the nominal baud (backup: 1 MB; write/restore: the zlib -9 data sent). The model is not a measurement of hardware.');
console.log('');
printTable(rows);
console.log('');
for (const t of totals) console.log(`Whole guide, ${t.adapter} @${t.baud}: page ${s(t.page)} s, command line ${s(t.cli)} s (the page saves ${s(t.cli - t.page)} s), UART limit of the payloads ${s(t.limit)} s.`);
console.log(`Hidden tab (timers woken once a second), 64 KB read at 921600: esptool-js 0.7.0's polling Transport ${s(hidden.esptoolJs)} s, the flasher's EventTransport ${s(hidden.page)} s.`);
console.log('');
console.log('Writing only what changed (CH340; the device already connected; the flash checked byte for byte against the full write\'s after each run; the model\'s times):');
{
  const header = ['case', 'baud', 'mode', 'model s', 'sectors written', 'sent B', 'frames →/←'];
  const cells = changed.map((r) => [r.name, String(r.baud), r.mode, s(r.seconds), r.sectors, n(r.sent), r.frames]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (row: string[]): string => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const cell of cells) console.log(line(cell));
}
console.log('');
console.log(`The first pass's region size (the flasher uses ${COARSE_REGION_BYTES / 1024} KB; a region that differs is then asked sector by sector), model s:`);
for (const baud of [115200, 921600] as const) {
  const header = ['region', ...REGION_CASES.map((c) => `${c.name} @${baud}`)];
  const cells = regions[baud].map((r) => [`${r.regionBytes / 1024} KB`, ...r.seconds.map(s)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (row: string[]): string => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const cell of cells) console.log(line(cell));
  console.log('');
}
console.log(`Benchmark wall time: ${s((performance.now() - wallStarted) / 1000)} s`);
