import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleError, isConsoleError } from './errors.ts';
import { SerialConsole, type ConsoleLine } from './serial-console.ts';
import { FakePort, settle } from './test-port.ts';

async function opened(options: ConstructorParameters<typeof SerialConsole>[1] = {}): Promise<{ port: FakePort; console: SerialConsole }> {
  const port = new FakePort();
  const console = new SerialConsole(port, options);
  await console.open();
  return { port, console };
}

const device = (console: SerialConsole): string[] => console.lines.filter((l) => l.direction === 'device').map((l) => l.text);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isConsoleError(error)) return error.code;
    throw error;
  }
  return 'resolved';
}

afterEach(() => {
  vi.useRealTimers();
});

describe('opening and reading', () => {
  it('opens a closed port at 115200 by default, and an open port is used as it is (not opened again)', async () => {
    const { port, console } = await opened();
    expect(port.opens).toEqual([115200]);
    expect(console.state).toBe('open');
    expect(console.lines.map((l) => [l.direction, l.text])).toEqual([['note', 'opened 115200']]);

    const other = new FakePort();
    await other.open({ baudRate: 74880 });
    const second = new SerialConsole(other);
    await second.open({ baud: 115200 });
    expect(other.opens).toEqual([74880]);
    expect(second.lines.map((l) => l.text)).toEqual(['opened']);
  });

  it('splits lines on LF, drops every CR, keeps a partial line until its LF, and decodes UTF-8 split across reads', async () => {
    const { port, console } = await opened();
    port.push('\r\n00:00:00.001 HDW: ESP8266EX\r\n00:00:00.034 CFG: Use');
    await settle();
    expect(device(console)).toEqual(['', '00:00:00.001 HDW: ESP8266EX']);
    const caf = new TextEncoder().encode(' defaults café\r\n\n\rINIT : Booting version: x\r\n');
    const split = caf.indexOf(0xc3) + 1; // inside the two bytes of "é"
    port.push(caf.slice(0, split));
    await settle();
    expect(device(console)).toHaveLength(2);
    port.push(caf.slice(split));
    await settle();
    expect(device(console)).toEqual(['', '00:00:00.001 HDW: ESP8266EX', '00:00:00.034 CFG: Use defaults café', '', 'INIT : Booting version: x']);
  });

  it('cuts a line that never ends (noise at the wrong baud) at maxLineLength', async () => {
    const { port, console } = await opened({ maxLineLength: 100 });
    port.push('x'.repeat(250));
    await settle();
    expect(device(console).map((t) => t.length)).toEqual([100, 100]);
  });

  it('keeps at most maxLines lines, dropping the oldest and counting them', async () => {
    const { port, console } = await opened({ maxLines: 3 });
    port.push('a\nb\nc\nd\n');
    await settle();
    expect(console.lines.map((l) => l.text)).toEqual(['b', 'c', 'd']);
    expect(console.droppedLines).toBe(2); // the "opened" note and "a"
  });

  it('stamps each line with the clock at its LF', async () => {
    let now = 1000;
    const { port, console } = await opened({ now: () => now });
    now = 2000;
    port.push('one');
    await settle();
    now = 3000;
    port.push('\n');
    await settle();
    expect(console.lines.map((l) => l.at)).toEqual([1000, 3000]);
  });

  it('a non-fatal read error (FramingError) is noted and reading goes on from the new stream', async () => {
    const { port, console } = await opened();
    port.push('before\n');
    await settle();
    port.readError('FramingError');
    await settle();
    port.push('after\n');
    await settle();
    expect(console.lines.map((l) => l.text)).toEqual(['opened 115200', 'before', 'read-error FramingError', 'after']);
    expect(console.state).toBe('open');
  });
});

describe('open failures map to codes', () => {
  it('busy (NetworkError while the port is there), lost (disconnected), open-failed (TypeError), busy (streams locked)', async () => {
    const busy = new FakePort();
    busy.openError = new DOMException('Failed to open serial port.', 'NetworkError');
    expect(await codeOf(new SerialConsole(busy).open())).toBe('port-busy');

    const gone = new FakePort();
    gone.connected = false;
    expect(await codeOf(new SerialConsole(gone).open())).toBe('port-lost');

    const bad = new FakePort();
    bad.openError = new TypeError('Requested baud rate must be greater than zero.');
    expect(await codeOf(new SerialConsole(bad).open({ baud: 0 }))).toBe('open-failed');

    const locked = new FakePort();
    await locked.open({ baudRate: 115200 });
    const flasher = locked.readable!.getReader(); // the flasher still holds it
    expect(await codeOf(new SerialConsole(locked).open())).toBe('port-busy');
    flasher.releaseLock();
  });
});

describe('sending', () => {
  it('writes the line and LF only (not CRLF), and stores it as sent', async () => {
    const { port, console } = await opened();
    await console.send('Status 2');
    expect([...port.written[0]!]).toEqual([...new TextEncoder().encode('Status 2'), 0x0a]);
    expect(console.lines.at(-1)).toMatchObject({ direction: 'sent', text: 'Status 2' });
  });

  it('refuses a line Tasmota would run as two, mangle or overflow, and sends no byte', async () => {
    const { port, console } = await opened();
    expect(await codeOf(console.send('Status 2\r\nStatus 5'))).toBe('line-break-in-line');
    expect(await codeOf(console.send('SSID1 Café'))).toBe('not-printable-ascii');
    expect(await codeOf(console.send('Status\t2'))).toBe('not-printable-ascii');
    expect(await codeOf(console.send('x'.repeat(800)))).toBe('line-too-long');
    expect(await codeOf(console.command('Status 2\n'))).toBe('line-break-in-line');
    await console.send('x'.repeat(799));
    expect(port.written).toHaveLength(1);
  });

  it('before open: not-open; after the port is lost: port-lost', async () => {
    const port = new FakePort();
    const console = new SerialConsole(port);
    expect(await codeOf(console.send('Status'))).toBe('not-open');
    expect(await codeOf(console.waitFor(() => true, 10))).toBe('not-open');
    await console.open();
    port.lose();
    await settle();
    expect(console.state).toBe('lost');
    expect(await codeOf(console.send('Status'))).toBe('port-lost');
    expect(console.lines.at(-1)).toMatchObject({ direction: 'note', note: 'port-lost' });
  });
});

describe('commands and their replies', () => {
  it('resolves with the first RESULT line after sending, in the 9.4+ and the older full-topic form', async () => {
    const { port, console } = await opened();
    port.reply = (text) => {
      if (text === 'Module\n') port.push('00:00:01.000 CMD: Module\r\n00:00:01.001 RSL: RESULT = {"Module":{"1":"Sonoff Basic"}}\r\n');
      if (text === 'Power 1\n') port.push('00:00:02 CMD: Power 1\r\n00:00:02 RSL: stat/tasmota_ABCDEF/RESULT = {"POWER":"ON"}\r\n00:00:02 RSL: stat/tasmota_ABCDEF/POWER = ON\r\n');
    };
    expect(await console.command('Module')).toEqual({ kind: 'result', name: 'RESULT', json: { Module: { 1: 'Sonoff Basic' } }, line: '00:00:01.001 RSL: RESULT = {"Module":{"1":"Sonoff Basic"}}' });
    expect(await console.command('Power 1')).toMatchObject({ kind: 'result', name: 'RESULT', json: { POWER: 'ON' } });
  });

  it('takes STATUSn lines as replies, skips lines that are none (POWER = ON, tele STATE, logs), and reports Unknown and Error as such', async () => {
    const { port, console } = await opened();
    port.reply = (text) => {
      if (text.startsWith('Status 5')) port.push('10:00:00.000 RSL: STATE = {"Time":"x"}\r\n10:00:00.001 RSL: POWER = ON\r\n10:00:00.002 WIF: Connected\r\n10:00:00.003 MQT: stat/tasmota/STATUS5 = {"StatusNET":{"IPAddress":"192.168.1.50"}}\r\n');
      if (text.startsWith('Frob')) port.push('10:00:01.000 RSL: RESULT = {"Command":"Unknown","Input":"FROB"}\r\n');
      if (text.startsWith('Status 99')) port.push('10:00:02.000 RSL: RESULT = {"Command":"Error","Input":"STATUS 99"}\r\n');
      if (text.startsWith('Old')) port.push('10:00:03 RSL: stat/sonoff/RESULT = {"Command":"Unknown"}\r\n');
    };
    expect(await console.command('Status 5')).toMatchObject({ kind: 'result', name: 'STATUS5', json: { StatusNET: { IPAddress: '192.168.1.50' } } });
    expect(await console.command('Frob')).toMatchObject({ kind: 'unknown', input: 'FROB' });
    expect(await console.command('Status 99')).toMatchObject({ kind: 'error', input: 'STATUS 99' });
    expect(await console.command('Old')).toMatchObject({ kind: 'unknown', input: undefined });
  });

  it('a reply that arrived before the command was sent is not taken for its answer', async () => {
    const { port, console } = await opened();
    port.push('00:00:00.100 RSL: RESULT = {"Stale":1}\r\n');
    await settle();
    port.reply = () => port.push('00:00:00.200 RSL: RESULT = {"Fresh":1}\r\n');
    expect(await console.command('Status')).toMatchObject({ json: { Fresh: 1 } });
  });

  it('runs commands one at a time: the second is sent only after the first got its reply', async () => {
    const { port, console } = await opened();
    const sent: string[] = [];
    port.reply = (text) => {
      sent.push(text);
      // Answer later, as the device does.
      setTimeout(() => port.push(`RSL: RESULT = {"Echo":"${text.trim()}"}\n`), 5);
    };
    const [a, b] = await Promise.all([console.command('One'), console.command('Two')]);
    expect(a).toMatchObject({ json: { Echo: 'One' } });
    expect(b).toMatchObject({ json: { Echo: 'Two' } });
    expect(sent).toEqual(['One\n', 'Two\n']);
  });

  it('times out with the code "timeout", and the next command still works', async () => {
    vi.useFakeTimers();
    const { port, console } = await opened();
    const silent = console.command('Status 1', { timeoutMs: 2000 });
    const code = codeOf(silent);
    await vi.advanceTimersByTimeAsync(1999);
    let settled = false;
    void code.then(() => (settled = true));
    await settle();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await code).toBe('timeout');
    port.reply = () => port.push('RSL: RESULT = {"Ok":1}\n');
    expect(await console.command('Status 2')).toMatchObject({ json: { Ok: 1 } });
  });

  it('a command waiting when the port is lost rejects with port-lost; one waiting at close() with closed', async () => {
    const lost = await opened();
    const waiting = codeOf(lost.console.command('Status 2'));
    await settle();
    lost.port.lose();
    expect(await waiting).toBe('port-lost');

    const closing = await opened();
    const pending = codeOf(closing.console.waitFor(() => false, 60_000));
    await closing.console.close();
    expect(await pending).toBe('closed');
  });
});

describe('waitFor, pause, clear, close', () => {
  it('waitFor resolves with the first matching line from now on and times out with a code', async () => {
    const { port, console } = await opened();
    port.push('WIF: Connecting\n');
    await settle();
    const joined = console.waitFor((l) => l.text.includes('WIF:'), 1000);
    port.push('HTP: x\nWIF: Connected\n');
    expect((await joined).text).toBe('WIF: Connected');
    expect(await codeOf(console.waitFor(() => false, 5))).toBe('timeout');
    const error = await console.waitFor(() => false, 5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect((error as ConsoleError).message).toBe('timeout');
  });

  it('pause stops the listeners, not the scrollback; resume hands them what came meanwhile, in order', async () => {
    const { port, console } = await opened();
    const seen: ConsoleLine[] = [];
    const stop = console.onLine((l) => seen.push(l));
    port.push('a\n');
    await settle();
    console.pause();
    port.push('b\nc\n');
    await settle();
    expect(seen.map((l) => l.text)).toEqual(['a']);
    expect(device(console)).toEqual(['a', 'b', 'c']);
    console.resume();
    expect(seen.map((l) => l.text)).toEqual(['a', 'b', 'c']);
    stop();
    port.push('d\n');
    await settle();
    expect(seen).toHaveLength(3);
  });

  it('a command gets its reply while the view is paused', async () => {
    const { port, console } = await opened();
    console.pause();
    port.reply = () => port.push('RSL: RESULT = {"Ok":1}\n');
    expect(await console.command('Status')).toMatchObject({ json: { Ok: 1 } });
  });

  it('clear empties the scrollback', async () => {
    const { port, console } = await opened({ maxLines: 2 });
    port.push('a\nb\nc\n');
    await settle();
    console.clear();
    expect(console.lines).toEqual([]);
    expect(console.droppedLines).toBe(0);
  });

  it('close releases the reader and writer and closes the port; a partial line is kept; close twice is fine', async () => {
    const { port, console } = await opened();
    port.push('00:00:00.500 WIF: Conn');
    await settle();
    await console.close();
    expect(port.closes).toBe(1);
    expect(port.isOpen).toBe(false);
    expect(console.state).toBe('closed');
    expect(console.lines.slice(-2).map((l) => l.text)).toEqual(['00:00:00.500 WIF: Conn', 'closed']);
    await console.close();
    expect(port.closes).toBe(1);
    // The port is free again: another console (or the flasher) can open it.
    const again = new SerialConsole(port);
    await again.open();
    expect(port.opens).toEqual([115200, 115200]);
  });
});

describe('unlessTimeout', () => {
  it('gives the value, undefined for a timeout, and throws every other failure', async () => {
    const { unlessTimeout, ConsoleError } = await import('./errors.ts');
    expect(await unlessTimeout(Promise.resolve(3))).toBe(3);
    expect(await unlessTimeout(Promise.reject(new ConsoleError('timeout')))).toBeUndefined();
    await expect(unlessTimeout(Promise.reject(new ConsoleError('port-lost')))).rejects.toMatchObject({ code: 'port-lost' });
  });
});
