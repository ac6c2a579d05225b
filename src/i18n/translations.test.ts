/**
 * Every Spanish part has the English part's keys, no more and no fewer, and
 * every message that takes values gives Spanish for them: no `undefined`,
 * no English left behind. The type check catches most of this; the test says
 * which key, per part, and checks what the types cannot (a template's
 * `{name}`s, a function that returns the English sentence).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { consoleText as enConsole } from './en/console.ts';
import { diagnosis as enDiagnosis } from './en/diagnosis.ts';
import { flasher as enFlasher } from './en/flasher.ts';
import { selfTestReport as enSelfTestReport } from './en/self-test-report.ts';
import { shell as enShell } from './en/shell.ts';
import { site as enSite } from './en/site.ts';
import { writeChanged as enWriteChanged } from './en/write-changed.ts';
import { es } from './es.ts';
import { consoleText as esConsole } from './es/console.ts';
import { diagnosis as esDiagnosis } from './es/diagnosis.ts';
import { flasher as esFlasher } from './es/flasher.ts';
import { selfTestReport as esSelfTestReport } from './es/self-test-report.ts';
import { shell as esShell } from './es/shell.ts';
import { site as esSite } from './es/site.ts';
import { writeChanged as esWriteChanged } from './es/write-changed.ts';

type Message = string | ((values: unknown) => string);
type Part = Readonly<Record<string, Message>>;

/** A part as the test reads it: its messages by key (their values' types are each message's own). */
const part = (messages: object): Part => messages as Part;

/** Each part, by the file its Spanish is in. */
const parts: ReadonlyArray<{ file: string; en: Part; es: Part }> = [
  { file: 'es.ts', en: part(en), es: part(es) },
  { file: 'es/shell.ts', en: part(enShell), es: part(esShell) },
  { file: 'es/site.ts', en: part(enSite), es: part(esSite) },
  { file: 'es/write-changed.ts', en: part(enWriteChanged), es: part(esWriteChanged) },
  { file: 'es/flasher.ts', en: part(enFlasher), es: part(esFlasher) },
  { file: 'es/console.ts', en: part(enConsole), es: part(esConsole) },
  { file: 'es/diagnosis.ts', en: part(enDiagnosis), es: part(esDiagnosis) },
  { file: 'es/self-test-report.ts', en: part(enSelfTestReport), es: part(esSelfTestReport) },
];

/**
 * Values for every message's parameters, by name: one set with counts of 1
 * and switches on, one with counts of 3 and switches off, so both sides of a
 * plural or a condition run. A name a message takes but these lack shows as
 * `undefined` in its text.
 */
const samples = [
  {
    seconds: 1,
    step: 'Paso 1: copia de seguridad',
    baud: 460800,
    speeds: '115200, 460800',
    failed: '921600',
    reason: 'sin permiso',
    loadWatts: 60,
    volts: 230,
    ssid: 'CasaWiFi',
    password: 'practica-1',
    usb: true,
    wire: true,
    button: true,
    chip: 'ESP8266EX',
    mac: '5c:cf:7f:01:02:03',
    flash: '1MB\u00a0flash',
    adapter: 'CH340',
    done: '512',
    total: '1,048,576',
    percent: 1,
    speed: '45.1 KB/s',
    time: '12.5 s',
    lines: 1,
    other: 'firmware original',
    fileName: 'backup-sonoff.bin',
    name: 'tasmota.bin',
    description: '2026-12-01 16:08 UTC',
    source: 'el archivo backup-sonoff.bin',
    size: '1\u00a0MB',
    count: 1,
    date: '2026-12-01',
    sectors: 1,
    changed: 1,
    written: '4\u00a0KB',
    md5: '0123456789abcdef0123456789abcdef',
    waiting: 1,
    version: '15.2.0',
    firmware: 'Tasmota 15.2.0',
    ip: '192.168.1.50',
    hostname: 'tasmota-010203',
    reply: '{"Module":"1 (Sonoff Basic)"}',
    range: 'Tasmota 14.3',
    watts: 60.5,
    milliamps: 261,
    before: { watts: 58.25, volts: 229.5, amps: 0.253 },
    after: { watts: 60.5, volts: 230, amps: 0.261 },
    mode: '(1,7)',
    bytes: 1,
    ids: '1a86:7523',
    stage: 'la grabación',
    what: 'bad checksum',
    status: 'C1',
    why: 'the Sonoff is in flash mode but does not hear the computer',
    code: 'c1',
    magic: 'fff0c101',
    id: '1640ef',
    estimatedMhz: 26.4,
    mhz: 26,
    divider: 694,
    min: 9600,
    max: 921600,
    fallback: 115200,
    expected: 694,
    sizeBytes: 1048576,
    flashBytes: 1048576,
    at: '0x80000',
    leftBytes: 524288,
    first: '00',
    recordedBytes: 1048576,
    backupMac: '5c:cf:7f:0a:0b:0c',
    deviceMac: '5c:cf:7f:01:02:03',
    ms: 3210,
    blank: 'b6d81b36…',
    flashSize: '4MB',
    address: '0x00000',
    requests: 1,
    runs: 1,
    from: '0x00000',
    to: '0x00fff',
    sent: 'b6d81b36…',
    length: '0x100000',
    device: '0123abcd…',
    arrived: 'fedc4321…',
    kilobytes: 64,
    read: 1,
    now: 'ef4016',
    message: 'Write timeout',
    action: 'Inténtalo de nuevo.',
    label: 'firmware original',
    when: '2026-12-01 a las 16:08 UTC',
    described: '5c:cf:7f:01:02:03 · 2026-12-01 16:08 UTC',
    bytesPerSecond: 46182,
    takenAt: '2026-12-01T16:08:26.950Z',
    ok: true,
    readMs: [1420, 1385],
    problem: undefined,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
  },
  {
    seconds: 3,
    step: 'Step 3',
    baud: 115200,
    speeds: '115200',
    failed: '1500000',
    reason: 'QuotaExceededError',
    loadWatts: 100,
    volts: 120,
    ssid: 'Home',
    password: 'hunter22',
    usb: false,
    wire: false,
    button: false,
    chip: 'ESP8266EX',
    mac: '5c:cf:7f:0a:0b:0c',
    flash: 'flash size unknown',
    adapter: 'not recognised',
    done: '0',
    total: '4,096',
    percent: 0,
    speed: '1.2 MB/s',
    time: '1 min 5 s',
    lines: 3,
    other: '2026-11-30 09:15 UTC',
    fileName: 'firmware.bin',
    name: 'tasmota.bin.gz',
    description: '“stock” (2026-11-30 09:15 UTC)',
    source: 'the file firmware.bin',
    size: '300\u00a0KB',
    count: 3,
    date: '2026-11-30',
    sectors: 256,
    changed: 3,
    written: '12\u00a0KB',
    md5: 'fedcba9876543210fedcba9876543210',
    waiting: 3,
    version: '6.7.1',
    firmware: 'ESPEasy',
    ip: '10.0.0.7',
    hostname: 'pow',
    reply: 'Unknown',
    range: 'Tasmota 6.3',
    watts: 100,
    milliamps: 833,
    before: { watts: 0, volts: 120, amps: 0 },
    after: { watts: 100, volts: 120.1, amps: 0.833 },
    mode: '(3,6)',
    bytes: 1258291,
    ids: '0403:6001',
    stage: 'el borrado',
    what: 'SPI flash operation failed',
    status: 'C4',
    why: 'nothing came from the Sonoff at any speed',
    code: '0b',
    magic: '00f01d83',
    id: '4016c8',
    estimatedMhz: 39.87,
    mhz: 40,
    divider: 347,
    min: 9600,
    max: 2000000,
    fallback: 460800,
    expected: 347,
    sizeBytes: 1258291,
    flashBytes: 4194304,
    at: '0x3f0000',
    leftBytes: 65536,
    first: '7b',
    recordedBytes: 2097152,
    backupMac: '60:01:94:aa:bb:cc',
    deviceMac: '5c:cf:7f:0a:0b:0c',
    ms: 65400,
    blank: 'b6d81b36…',
    flashSize: '2MB',
    address: '0x01000',
    requests: 256,
    runs: 4,
    from: '0x10000',
    to: '0x1ffff',
    sent: '0123abcd…',
    length: '0x400000',
    device: '0123abcd…',
    arrived: 'fedc4321…',
    kilobytes: 64,
    read: 2,
    now: 'ef4016',
    message: 'Read timeout',
    action: 'Run the step again.',
    label: 'Tasmota, set up',
    when: '2026-11-30 09:15 UTC',
    described: '60:01:94:aa:bb:cc · 2026-11-30 09:15 UTC',
    bytesPerSecond: 1258291,
    takenAt: '',
    ok: false,
    readMs: [],
    problem: 'the two reads differ',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/131.0',
  },
] as const;

/** Where two parts name a value alike but give it another type, the message's own values, per sample set. */
const OWN_VALUES: Readonly<Record<string, readonly [object, object]>> = {
  'flasher.check.flashIdChanged': [{ now: 'ef4016', before: 'ef4015' }, { now: '1640c8', before: '1640ef' }],
  'flasher.check.problems': [{ failed: [921600, 1500000] }, { failed: [] }],
  'flasher.read.lost.message': [{ at: 4096, bytes: 1048576 }, { at: 1, bytes: 1258291 }],
  'flasher.log.flashId': [{ id: '1640ef', size: '1MB' }, { id: 'ffffff', size: undefined }],
  'flasher.log.chip': [{ chip: 'ESP8266EX', mac: '5c:cf:7f:01:02:03', mhz: 26, divider: 694 }, { chip: 'ESP8266EX', mac: undefined, mhz: 40, divider: 347 }],
  'flasher.warning.flashSizeOther': [{ size: '4MB' }, { size: '2MB' }],
  'flasher.store.labelTooLong': [{ max: 80, length: 81 }, { max: 80, length: 1500 }],
  'flasher.store.lostData': [{ mac: '5c:cf:7f:01:02:03', takenAt: '2026-12-01T16:08:26.950Z' }, { mac: '', takenAt: '2026-11-30T09:15:00.000Z' }],
  // A minute or more reads "1 min 5 s" in both languages; the seconds below one are the part that differs.
  'flasher.unit.duration': [{ ms: 3210 }, { ms: 59_950 }],
};

/**
 * Messages whose Spanish is rightly the English: a firmware's name and its
 * version, a label in quotes, the log's "Error:" (the same word in Spanish).
 * Every other message that takes values must read differently.
 */
const SAME_IN_SPANISH = new Set([
  'console.firmware.tasmotaVersion',
  'console.firmware.espurnaVersion',
  'flasher.backups.named',
  'flasher.backups.labelled',
  'flasher.log.error',
]);

/** A template's `{name}`s (the shell's words are templates, not functions). */
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

const say = (message: Message | undefined, values: unknown): string => (typeof message === 'function' ? message(values) : (message ?? ''));

describe('the Spanish catalogue', () => {
  it('has every English key in each part, and no other', () => {
    const differences = parts
      .map(({ file, en, es }) => ({
        file,
        missing: Object.keys(en).filter((key) => !(key in es)),
        extra: Object.keys(es).filter((key) => !(key in en)),
      }))
      .filter(({ missing, extra }) => missing.length > 0 || extra.length > 0);
    expect(differences).toEqual([]);
  });

  it('has a message of the same kind for each: text for text, a function for a function', () => {
    const mismatched = parts.flatMap(({ file, en, es }) =>
      Object.keys(en)
        .filter((key) => key in es && typeof en[key] !== typeof es[key])
        .map((key) => `${file}: ${key}`),
    );
    expect(mismatched).toEqual([]);
  });

  it('keeps the {name}s of every template, and has no empty message', () => {
    const wrong = parts.flatMap(({ file, en, es }) =>
      Object.entries(en).flatMap(([key, message]) => {
        const spanish = es[key];
        if (typeof message !== 'string' || typeof spanish !== 'string') return [];
        if (spanish.trim() === '') return [`${file}: ${key} is empty`];
        const want = placeholders(message).join(', ');
        const have = placeholders(spanish).join(', ');
        return want === have ? [] : [`${file}: ${key} has {${have}}, English has {${want}}`];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('gives Spanish, with every value in place, for each message that takes values', () => {
    const wrong = parts.flatMap(({ file, en, es }) =>
      Object.entries(en)
        .filter(([, message]) => typeof message === 'function')
        .flatMap(([key, message]) =>
          samples.flatMap((sample, set) => {
            const values = { ...sample, ...OWN_VALUES[key]?.[set] };
            const english = say(message, values);
            const spanish = say(es[key], values);
            const problems: string[] = [];
            if (/undefined|NaN|\[object Object\]/.test(spanish)) problems.push(`says “${spanish}”`);
            if (spanish === english && !SAME_IN_SPANISH.has(key)) problems.push(`is the English “${english}”`);
            return problems.map((problem) => `${file}: ${key} (sample ${set + 1}) ${problem}`);
          }),
        ),
    );
    expect(wrong).toEqual([]);
  });

  it('says one line, one second, one byte, and several in the plural', () => {
    expect(say(part(es)['step.log'], { lines: 1 })).toBe('Registro (1 línea)');
    expect(say(part(es)['step.log'], { lines: 2 })).toBe('Registro (2 líneas)');
    expect(say(part(es)['step.log'], { lines: 0 })).toBe('Registro (0 líneas)');
    expect(say(part(esConsole)['console.pausedNote'], { waiting: 1 })).toContain('1 línea nueva en espera');
    expect(say(part(esConsole)['console.pausedNote'], { waiting: 5 })).toContain('5 líneas nuevas en espera');
    expect(say(part(es)['connect.waiting.left'], { seconds: 1 })).toContain('queda 1 s');
    expect(say(part(es)['connect.waiting.left'], { seconds: 20 })).toContain('quedan 20 s');
    expect(say(part(esDiagnosis)['diagnosis.heard.readable'], { baud: 115200, bytes: 1 })).toBe('a 115200 baudios, 1 byte de texto');
    expect(say(part(esDiagnosis)['diagnosis.heard.garbled'], { baud: 74880, bytes: 40 })).toBe('a 74880 baudios, 40 bytes ilegibles');
    expect(say(part(es)['writeChanged.some'], { changed: 1, sectors: 256, written: '4 KB', seconds: '0.3 s', md5: 'x' })).toMatch(/^1 de 256 sectores difería;/);
    expect(say(part(es)['writeChanged.some'], { changed: 2, sectors: 256, written: '8 KB', seconds: '0.5 s', md5: 'x' })).toMatch(/^2 de 256 sectores diferían;/);
  });

  it('writes a measured value with a decimal comma', () => {
    const flash = part(esFlasher);
    expect(say(flash['flasher.unit.size'], { bytes: 1258291 })).toBe('1,2 MB');
    expect(say(flash['flasher.unit.size'], { bytes: 1048576 })).toBe('1 MB');
    expect(say(flash['flasher.unit.size'], { bytes: 1 })).toBe('1 byte');
    expect(say(flash['flasher.erase.done'], { ms: 3249 })).toBe('Se borró toda la memoria flash en 3,2 s');
    expect(say(flash['flasher.read.done'], { bytes: 1048576, address: '0x00000', ms: 9800, md5: 'b6d81b36…' })).toBe(
      'Se leyeron 1.048.576 bytes desde 0x00000 en 9,8 s; MD5 de la memoria flash verificado (b6d81b36…)',
    );
    expect(say(flash['flasher.unit.duration'], { ms: 65_400 })).toBe('1 min 5 s');
    expect(say(flash['flasher.unit.speed'], { bytesPerSecond: 46_182 })).toBe('45,1 KB/s');
    expect(say(flash['flasher.unit.sizeUnbroken'], { bytes: 1536 })).toBe('1,5\u00a0KB');
    expect(say(flash['flasher.log.crystalOdd'], { estimatedMhz: 26.456, mhz: 26 })).toContain('26,46 MHz');
    const readings = say(part(esConsole)['console.calibration.readings'], { before: { watts: 5.12, volts: 229.5, amps: 0.022 }, after: { watts: 60, volts: 230, amps: 0.261 } });
    expect(readings).toBe('Antes: 5,12 W, 229,5 V, 0,022 A. Después: 60 W, 230 V, 0,261 A.');
    const expected = say(part(esConsole)['console.calibration.expect'], { watts: 60, volts: 230.5, milliamps: 261 });
    expect(expected).toContain('unos 60 W, 230,5 V y 0,261 A');
    expect(say(part(esConsole)['console.calibration.expect'], { watts: 60, volts: 230, milliamps: 1000 })).toContain('1,000 A');
  });

  it('keeps what a person types exactly as English has it: commands, versions', () => {
    const typed: ReadonlyArray<[Part, Part, string, string]> = [
      [part(enDiagnosis), part(esDiagnosis), 'diagnosis.port-busy.linux', 'sudo usermod -aG dialout $USER'],
      [part(enConsole), part(esConsole), 'console.sendEmpty', 'Status 2'],
      [part(enConsole), part(esConsole), 'console.module.restarting', 'Module 6'],
      [part(enConsole), part(esConsole), 'console.calibration.noReadingAction', 'Module 6'],
      [part(enConsole), part(esConsole), 'console.calibration.refused.version', '15.2.0'],
      [part(enConsole), part(esConsole), 'console.calibration.range.wholeNumbers', '5.12'],
      [part(enConsole), part(esConsole), 'console.calibration.range.decimals', '14.2'],
      [part(enConsole), part(esConsole), 'console.calibration.range.powerAndVoltage', '14.3'],
    ];
    for (const [english, spanish, key, text] of typed) {
      expect(say(english[key], samples[0]), key).toContain(text);
      expect(say(spanish[key], samples[0]), key).toContain(text);
    }
    const flash = part(esFlasher);
    expect(say(flash['flasher.unsupportedBaud.message'], { baud: 123, min: 9600, max: 2000000 })).toMatch(/^--baud 123 /);
    expect(say(flash['flasher.baudFailed.action'], { fallback: 115200 })).toContain('--baud 115200.');
    expect(say(flash['flasher.read.pastEnd.message'], { address: '0x00000', length: '0x200000', flashBytes: 1048576 })).toMatch(/^read_flash 0x00000 0x200000 /);
    expect(say(flash['flasher.warning.fsLarger'], { flashSize: '4MB', flashBytes: 1048576 })).toMatch(/^-fs 4MB /);
    expect(say(flash['flasher.warning.flashSizeUnknown'], { id: 'ffffff' })).toContain('-fs detect');
    expect(say(flash['flasher.portBusy.action'], {})).toContain('sudo usermod -aG dialout $USER');
    expect(say(flash['flasher.read.pastEnd.action'], {})).toContain('0x00000 0x100000');
    const found = say(part(esConsole)['console.address.found'], { ip: '192.168.1.50', hostname: 'pow' });
    expect(found).toContain('http://192.168.1.50/');
  });

  it('loads no English with the Spanish page: the Spanish files import English for its types only', () => {
    const runtimeEnglish = parts.flatMap(({ file }) => {
      const source = readFileSync(join(import.meta.dirname, file), 'utf8');
      return [...source.matchAll(/^import\s+(?!type\b)[^;]*from\s+'([^']+)'/gm)]
        .map((match) => match[1] ?? '')
        .filter((path) => /(^|\/)en(\.ts|\/)/.test(path))
        .map((path) => `${file} imports ${path}`);
    });
    expect(runtimeEnglish).toEqual([]);
  });
});
