/**
 * `npm run bench`: what the guide's steps cost on the wire, driven by the
 * site's own flasher (src/flasher) against the virtual Sonoff POW
 * (src/virtual-device), and what that traffic takes on a real UART.
 *
 * Two flows at 115200 (the guide's --baud) and 921600 (the fastest the page
 * offers):
 *   page: one connect (sync, stub upload, baud change), then erase, write, read;
 *   cli:  esptool.py as the guide runs it: per command connect → run → disconnect,
 *         then power-cycle with the button held.
 *
 * The modelled time is the traffic at 10 bits per byte at the baud it went at,
 * plus LATENCY_MS for every round trip the host waits for, plus the host's own
 * sleeps. Not modelled: the chip's flash erase/program/MD5 time (the virtual
 * device does them instantly); see bench/RESULTS.md.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { deflateSync } from 'node:zlib';
import { deflate } from 'pako';
import { connect, prepareImage, type FlasherSession } from '../src/flasher/index.ts';
import { parseCommand } from '../src/steps/command-text.ts';
import { VirtualSonoff, type WireCounterValues } from '../src/virtual-device/index.ts';
import { OP } from '../src/virtual-device/protocol.ts';
import { slipEncode } from '../src/virtual-device/slip.ts';
import { firmwareImage } from './image.ts';
import { WireTap, type Span } from './tap.ts';

/**
 * One round trip's USB cost: a USB full-speed adapter moves data in 1 ms
 * frames; a CH340 hands received bytes over on the next frame, an FTDI does
 * so when its latency timer expires (16 ms by default, 1 ms when set low as
 * esptool's docs advise). 1 ms is the best case a real adapter gets.
 */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 1);
const FTDI_DEFAULT_LATENCY_MS = 16;
const BAUDS = [115200, 921600] as const;
const MB = 1024 * 1024;
const READ_GOAL = 1.05;

const image = firmwareImage(MB);
const files = new Map([['sonoff.bin', image.bytes]]);
const cmd = (baud: number, operation: string) => parseCommand(`esptool.py --port COM8 --baud ${baud} ${operation}`);
const OPERATIONS = {
  erase: 'erase_flash',
  write: 'write_flash -fs detect -fm dout 0x00000 sonoff.bin',
  read: 'read_flash 0x00000 0x100000 sonoff-backup.bin',
} as const;
type OpName = keyof typeof OPERATIONS;

/**
 * What the write really sends: the image as prepared (header patched), deflated at level 9.
 * The limit is reference zlib -9 (pako is a port of zlib 1.2.x; Python's zlib 1.2.13 gives the
 * same bytes). Node's built-in zlib is Chromium's fork, whose hashing finds other matches, so it
 * is shown beside it, not used.
 */
const prepared = prepareImage(image.bytes, 0, { flashSize: '1MB', flashMode: 'dout', flashFreq: 'keep' });
const zlib9 = deflate(prepared, { level: 9 });
const nodeZlib9 = deflateSync(prepared, { level: 9 });

interface Row {
  flow: 'page' | 'cli';
  what: string;
  baud: number;
  counters: WireCounterValues;
  span: Span;
  roundTrips: number;
  latencySeconds: number;
  modelSeconds: number;
  limitSeconds: number | undefined;
  simSeconds: number;
}

const uart = (bytes: number, baud: number): number => (bytes * 10) / baud;

/** Round trips the host waits for and what they cost: every answered request, and every READ_FLASH ack that gates the next packet. */
function waits(counters: WireCounterValues, span: Span, baud: number, latencySeconds: number): { roundTrips: number; seconds: number } {
  let roundTrips = counters.roundTrips;
  let seconds = counters.roundTrips * latencySeconds;
  const read = span.reads[0];
  if (span.acks > 0 && read !== undefined) {
    // The stub keeps sending while (sent − acked) < max_in_flight: this many packets are in flight.
    const inFlight = Math.max(1, Math.ceil(read.maxInFlight / read.block));
    const covered = (inFlight - 1) * uart(read.block + 2, baud);
    const stall = Math.max(0, latencySeconds - covered);
    if (stall > 0) roundTrips += span.acks;
    seconds += span.acks * stall;
  }
  return { roundTrips, seconds };
}

function row(flow: Row['flow'], what: string, baud: number, counters: WireCounterValues, span: Span, simSeconds: number, limitSeconds?: number): Row {
  const { roundTrips, seconds } = waits(counters, span, baud, LATENCY_MS / 1000);
  return { flow, what, baud, counters, span, roundTrips, latencySeconds: seconds, modelSeconds: span.uartSeconds + seconds + span.sleepSeconds, limitSeconds, simSeconds };
}

function limitOf(op: OpName, baud: number): number | undefined {
  if (op === 'write') return uart(zlib9.length, baud);
  if (op === 'read') return uart(MB, baud);
  return undefined;
}

async function measured<T>(sonoff: VirtualSonoff, tap: WireTap, body: () => Promise<T>): Promise<{ value: T; counters: WireCounterValues; span: Span; simSeconds: number }> {
  sonoff.counters.reset();
  tap.take();
  const started = performance.now();
  const value = await body();
  const simSeconds = (performance.now() - started) / 1000;
  return { value, counters: sonoff.counters.snapshot(), span: tap.take(), simSeconds };
}

function newDevice(): { sonoff: VirtualSonoff; tap: WireTap } {
  const sonoff = new VirtualSonoff({ seed: 7, buttonHeld: true, powered: true });
  return { sonoff, tap: new WireTap(sonoff) };
}

const connectAt = (sonoff: VirtualSonoff, baud: number): Promise<FlasherSession> =>
  connect(sonoff.port, { baud, autoReset: false, waitForFlashModeMs: 5000, onEvent: () => {} });

async function runOp(session: FlasherSession, op: OpName, baud: number): Promise<void> {
  await session.run(cmd(baud, OPERATIONS[op]), op === 'write' ? files : new Map(), () => {});
}

/** The page: one connection, the stub once, then erase + write + backup. */
async function pageFlow(baud: number): Promise<{ rows: Row[]; readBack: Uint8Array }> {
  const { sonoff, tap } = newDevice();
  const rows: Row[] = [];
  const c = await measured(sonoff, tap, () => connectAt(sonoff, baud));
  rows.push(row('page', 'connect', baud, c.counters, c.span, c.simSeconds));
  const session = c.value;
  for (const op of ['erase', 'write', 'read'] as const) {
    const m = await measured(sonoff, tap, () => runOp(session, op, baud));
    rows.push(row('page', op, baud, m.counters, m.span, m.simSeconds, limitOf(op, baud)));
  }
  await session.disconnect();
  return { rows, readBack: sonoff.readFlash() };
}

/** esptool.py v4 read_flash: struct.pack('<IIII', offset, length, FLASH_SECTOR_SIZE, 64). */
const ESPTOOL_PY_READ_IN_FLIGHT = 64;

/** esptool.py per the guide: each command its own connection; power-cycle with the button held between. */
async function cliFlow(baud: number): Promise<Row[]> {
  const { sonoff, tap } = newDevice();
  const rows: Row[] = [];
  const connects: { counters: WireCounterValues; span: Span; simSeconds: number }[] = [];
  for (const op of ['erase', 'write', 'read'] as const) {
    sonoff.powerCycle({ buttonHeld: true });
    const c = await measured(sonoff, tap, () => connectAt(sonoff, baud));
    connects.push(c);
    const m = await measured(sonoff, tap, () => runOp(c.value, op, baud));
    // Same bytes as the page's read, but esptool.py asks READ_FLASH for 64 bytes in flight
    // (less than one packet): every packet waits for its ack. Model its waits, not ours.
    for (const read of m.span.reads) read.maxInFlight = ESPTOOL_PY_READ_IN_FLIGHT;
    rows.push(row('cli', op, baud, m.counters, m.span, m.simSeconds, limitOf(op, baud)));
    await c.value.disconnect();
  }
  const sum = sumOf(connects.map((c) => ({ counters: c.counters, span: c.span, simSeconds: c.simSeconds })));
  rows.unshift(row('cli', `connect ×${connects.length}`, baud, sum.counters, sum.span, sum.simSeconds));
  return rows;
}

function sumOf(parts: { counters: WireCounterValues; span: Span; simSeconds: number }[]): { counters: WireCounterValues; span: Span; simSeconds: number } {
  const counters = { ...parts[0]!.counters };
  for (const key of Object.keys(counters) as (keyof WireCounterValues)[]) counters[key] = parts.reduce((n, p) => n + p.counters[key], 0);
  const span: Span = {
    uartSeconds: parts.reduce((n, p) => n + p.span.uartSeconds, 0),
    acks: parts.reduce((n, p) => n + p.span.acks, 0),
    requests: new Map(),
    reads: parts.flatMap((p) => p.span.reads),
    sleepSeconds: parts.reduce((n, p) => n + p.span.sleepSeconds, 0),
  };
  return { counters, span, simSeconds: parts.reduce((n, p) => n + p.simSeconds, 0) };
}

function total(rows: Row[]): Row {
  const first = rows[0]!;
  const add = (pick: (r: Row) => number): number => rows.reduce((n, r) => n + pick(r), 0);
  const counters = { ...first.counters };
  for (const key of Object.keys(counters) as (keyof WireCounterValues)[]) counters[key] = add((r) => r.counters[key]);
  return {
    ...first,
    what: 'TOTAL',
    counters,
    roundTrips: add((r) => r.roundTrips),
    latencySeconds: add((r) => r.latencySeconds),
    modelSeconds: add((r) => r.modelSeconds),
    limitSeconds: add((r) => r.limitSeconds ?? 0),
    simSeconds: add((r) => r.simSeconds),
    span: { ...first.span, uartSeconds: add((r) => r.span.uartSeconds), sleepSeconds: add((r) => r.span.sleepSeconds) },
  };
}

// ---- the minimum a deflate write can send ------------------------------------------

/** One request frame on the wire: SLIP(00 op len chk data). */
function requestBytes(op: number, data: Uint8Array): number {
  const frame = new Uint8Array(8 + data.length);
  frame.set([0x00, op, data.length & 0xff, data.length >> 8], 0);
  frame.set(data, 8);
  return slipEncode(frame).length;
}

/** zlib-9 of the image in 16 KB FLASH_DEFL_DATA blocks, plus the commands a verified write needs (SPI_SET_PARAMS, DEFL_BEGIN, DEFL_END, SPI_FLASH_MD5). */
function idealWriteBytes(compressed: Uint8Array): { total: number; framing: number } {
  const blockSize = 0x4000;
  let total = requestBytes(OP.SPI_SET_PARAMS, new Uint8Array(24)) + requestBytes(OP.FLASH_DEFL_BEGIN, new Uint8Array(16));
  for (let offset = 0; offset < compressed.length; offset += blockSize) {
    const block = compressed.subarray(offset, offset + blockSize);
    const data = new Uint8Array(16 + block.length);
    data.set(block, 16);
    new DataView(data.buffer).setUint32(0, block.length, true);
    new DataView(data.buffer).setUint32(4, offset / blockSize, true);
    total += requestBytes(OP.FLASH_DEFL_DATA, data);
  }
  total += requestBytes(OP.FLASH_DEFL_END, Uint8Array.of(1, 0, 0, 0)) + requestBytes(OP.SPI_FLASH_MD5, new Uint8Array(16));
  return { total, framing: total - compressed.length };
}

// ---- printing ---------------------------------------------------------------------

const n = (value: number): string => value.toLocaleString('en-US');
const s = (value: number): string => value.toFixed(2);
const pad = (text: string, width: number): string => (text.length >= width ? text : ' '.repeat(width - text.length) + text);

const COLUMNS: [string, number, (r: Row) => string][] = [
  ['flow', 4, (r) => r.flow],
  ['operation', 10, (r) => r.what],
  ['baud', 6, (r) => String(r.baud)],
  ['sent B', 9, (r) => n(r.counters.bytesToDevice)],
  ['recv B', 9, (r) => n(r.counters.bytesFromDevice)],
  ['frames →/←', 11, (r) => `${r.counters.framesToDevice}/${r.counters.framesFromDevice}`],
  ['round trips', 11, (r) => n(r.roundTrips)],
  ['payload →/← B', 17, (r) => `${n(r.counters.payloadBytesToDevice)}/${n(r.counters.payloadBytesFromDevice)}`],
  ['UART s', 7, (r) => s(r.span.uartSeconds)],
  ['+RT s', 6, (r) => s(r.latencySeconds)],
  ['+sleep s', 8, (r) => s(r.span.sleepSeconds)],
  ['model s', 7, (r) => s(r.modelSeconds)],
  ['limit s', 7, (r) => (r.limitSeconds ? s(r.limitSeconds) : '–')],
  ['×limit', 6, (r) => (r.limitSeconds ? (r.modelSeconds / r.limitSeconds).toFixed(3) : '–')],
  ['sim s', 5, (r) => s(r.simSeconds)],
];

function printTable(rows: Row[]): void {
  const widths = COLUMNS.map(([title, width], i) => Math.max(width, title.length, ...rows.map((r) => COLUMNS[i]![2](r).length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : pad(cell, widths[i]!))).join('  ');
  console.log(line(COLUMNS.map(([title]) => title)));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  let previous: Row | undefined;
  for (const r of rows) {
    if (previous && (previous.flow !== r.flow || previous.baud !== r.baud)) console.log('');
    console.log(line(COLUMNS.map(([, , cell]) => cell(r))));
    previous = r;
  }
}

// ---- main -------------------------------------------------------------------------

const wallStarted = performance.now();
const rows: Row[] = [];
const byKey = new Map<string, Row>();
for (const baud of BAUDS) {
  const page = await pageFlow(baud);
  if (!page.readBack.subarray(4).every((b, i) => b === prepared[i + 4])) throw new Error('the flash does not hold the written image');
  const cli = await cliFlow(baud);
  for (const [flow, list] of [['page', page.rows], ['cli', cli]] as const) {
    for (const r of list) byKey.set(`${flow} ${r.what} ${baud}`, r);
    rows.push(...list, total(list));
  }
}
const garbage = rows.reduce((sum, r) => sum + r.counters.garbageBytesToHost + r.counters.misunderstoodBytes, 0);

const cpu = os.cpus()[0];
console.log(`Wire benchmark: site flasher (src/flasher, esptool-js) ↔ virtual Sonoff POW (src/virtual-device)`);
console.log(`Machine: ${cpu?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, ${os.platform()} ${os.arch()}`);
console.log(
  `Image: seeded firmware-like 1 MB (${n(image.codeBytes)} B code/rodata + 0xFF padding, valid 0xE9 header); zlib -9 → ${n(zlib9.length)} B ` +
    `(ratio ${(zlib9.length / MB).toFixed(3)}; the code part alone ${(deflate(image.bytes.subarray(0, image.codeBytes), { level: 9 }).length / image.codeBytes).toFixed(3)}); ` +
    `Node's built-in zlib ${process.versions.zlib} (Chromium fork) -9 → ${n(nodeZlib9.length)} B`,
);
console.log(`Model: UART 10 bits/byte at the baud each byte went at + ${LATENCY_MS} ms per round trip (USB full-speed adapter, 1 ms frames; set BENCH_LATENCY_MS) + the host's own sleeps.`);
console.log(`Limit: the payload alone on the UART (write: zlib -9 image; read: 1 MB). "sim s" is wall-clock time in this Node process, simulator time, not device time.`);
console.log('');
printTable(rows);
console.log('');

// Goals
const verdict = (ok: boolean): string => (ok ? 'MET' : 'MISSED');
for (const baud of BAUDS) {
  const read = byKey.get(`page read ${baud}`)!;
  const ratio = read.modelSeconds / read.limitSeconds!;
  const params = read.span.reads[0];
  const inFlight = params ? Math.max(1, Math.ceil(params.maxInFlight / params.block)) : 1;
  const escapes = read.counters.bytesFromDevice - read.counters.payloadBytesFromDevice - 2 * read.counters.framesFromDevice;
  console.log(
    `Read  @${baud}: ${s(read.modelSeconds)} s vs limit ${s(read.limitSeconds!)} s = ×${ratio.toFixed(3)} → goal ≤ ×${READ_GOAL}: ${verdict(ratio <= READ_GOAL)}. ` +
      `READ_FLASH block ${params?.block} B, max_in_flight ${params?.maxInFlight} B = ${inFlight} packet(s) in flight: ${read.span.acks} acks, ${inFlight === 1 ? 'each a full round trip (stop-and-wait)' : 'pipelined'}; ` +
      `SLIP escapes ${n(escapes)} B; RT ${s(read.latencySeconds)} s.`,
  );
  const breakEvenMs = ((READ_GOAL * read.limitSeconds! - (read.modelSeconds - read.latencySeconds)) / read.roundTrips) * 1000;
  console.log(`      the ×${READ_GOAL} goal holds up to ${breakEvenMs.toFixed(2)} ms per round trip.`);
  if (params && inFlight === 1) {
    const stall = (latency: number): number => read.span.acks * latency;
    const ftdi = read.modelSeconds - read.latencySeconds + (read.roundTrips - read.span.acks) * (FTDI_DEFAULT_LATENCY_MS / 1000) + stall(FTDI_DEFAULT_LATENCY_MS / 1000);
    const fixed = read.modelSeconds - stall(LATENCY_MS / 1000);
    console.log(
      `      with an FTDI at its default ${FTDI_DEFAULT_LATENCY_MS} ms latency timer: ×${(ftdi / read.limitSeconds!).toFixed(3)}; with max_in_flight ≥ 2 packets (no ack gaps): ${s(fixed)} s = ×${(fixed / read.limitSeconds!).toFixed(3)}.`,
    );
  }
}
const ideal = idealWriteBytes(zlib9);
for (const baud of BAUDS) {
  const write = byKey.get(`page write ${baud}`)!;
  const sent = write.counters.bytesToDevice;
  console.log(
    `Write @${baud}: ${n(sent)} B sent vs zlib -9 ${n(zlib9.length)} B + SLIP/command framing ${n(ideal.framing)} B = ${n(ideal.total)} B → ` +
      `${sent - ideal.total >= 0 ? '+' : ''}${n(sent - ideal.total)} B (${(((sent - ideal.total) / ideal.total) * 100).toFixed(2)}%): ${verdict(sent <= ideal.total)}` +
      `; ` +
      `time ×${(write.modelSeconds / write.limitSeconds!).toFixed(3)} of the limit; ${write.counters.roundTrips} round trips (one per 16 KB block). ` +
      `Requests: ${[...write.span.requests].map(([name, count]) => `${name} ${count}`).join(', ')}.`,
  );
}
for (const baud of BAUDS) {
  const page = rows.find((r) => r.flow === 'page' && r.baud === baud && r.what === 'TOTAL')!;
  const cli = rows.find((r) => r.flow === 'cli' && r.baud === baud && r.what === 'TOTAL')!;
  const pageConnect = byKey.get(`page connect ${baud}`)!;
  console.log(
    `Page vs CLI @${baud}: ${s(page.modelSeconds)} s vs ${s(cli.modelSeconds)} s: the page saves ${s(cli.modelSeconds - page.modelSeconds)} s and ${n(cli.counters.bytesToDevice + cli.counters.bytesFromDevice - page.counters.bytesToDevice - page.counters.bytesFromDevice)} B ` +
      `(two connects of ${s(pageConnect.modelSeconds)} s each: sync + stub upload at 115200${baud !== 115200 ? ' + baud change' : ''}), plus two power-cycles with the button held that a person does.`,
  );
}
if (garbage > 0) console.log(`WARNING: ${garbage} bytes crossed at a mismatched baud (garbage/misunderstood); the numbers include them.`);
console.log(`Not modelled: chip time (erase ≈ seconds for 1 MB on a real ESP8266, flash programming, the stub's MD5 of 1 MB); the virtual device does these instantly.`);
console.log(`Benchmark wall time: ${s((performance.now() - wallStarted) / 1000)} s`);
