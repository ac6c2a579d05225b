/**
 * A password the page sends, or a person types, never reaches the
 * scrollback, a listener, a command's reply, or the download – even though
 * Tasmota echoes it twice (CMD: and the Password1 reply).
 */
import { describe, expect, it } from 'vitest';
import { logFileText } from './log-file.ts';
import { SerialConsole, type ConsoleLine } from './serial-console.ts';
import { FakePort, settle } from './test-port.ts';

/** The device as Tasmota 15.2 answers these lines: the CMD: echo, then each Backlog command's RESULT. */
function tasmotaEcho(port: FakePort): void {
  port.reply = (text) => {
    const line = text.replace(/\n$/, '');
    let out = `00:00:00.815 CMD: ${line}\r\n`;
    for (const part of line.replace(/^Backlog\s+/i, '').split(';').map((p) => p.trim())) {
      const ssid = /^SSID1 (.*)$/i.exec(part);
      const password = /^Password1 (.*)$/i.exec(part);
      if (ssid) out += `00:00:00.815 RSL: RESULT = {"SSId1":${JSON.stringify(ssid[1])}}\r\n`;
      if (password) out += `00:00:01.015 RSL: RESULT = {"Password1":${JSON.stringify(password[1])}}\r\n`;
      if (/^Pasword1 /i.test(part)) out += `00:00:01.100 RSL: RESULT = {"Command":"Unknown","Input":${JSON.stringify(part.toUpperCase().slice(0, 8) + part.slice(8))}}\r\n`;
    }
    port.push(out);
  };
}

async function setUp(): Promise<{ port: FakePort; console: SerialConsole; heard: ConsoleLine[] }> {
  const port = new FakePort();
  const console = new SerialConsole(port);
  const heard: ConsoleLine[] = [];
  console.onLine((l) => heard.push(l));
  await console.open();
  tasmotaEcho(port);
  return { port, console, heard };
}

/** Everything the UI can read: the scrollback, what listeners got, the download text. */
function visible(console: SerialConsole, heard: readonly ConsoleLine[], extra: unknown[] = []): string {
  return [JSON.stringify(console.lines), JSON.stringify(heard), logFileText(console.lines), JSON.stringify(extra)].join('\n');
}

describe('secrets in the console', () => {
  it('a secret given to send: the sent line is stored masked, its echoes in CMD: and RESULT are masked; the bytes on the wire are not', async () => {
    const { port, console, heard } = await setUp();
    const password = 'correct "horse" battery';
    await console.send(`Backlog SSID1 Workbench; Password1 ${password}`, { secrets: [password] });
    await settle();
    expect(port.writtenText()).toBe(`Backlog SSID1 Workbench; Password1 ${password}\n`);
    expect(console.lines.map((l) => l.text)).toEqual([
      'opened 115200',
      'Backlog SSID1 Workbench; Password1 ****',
      '00:00:00.815 CMD: Backlog SSID1 Workbench; Password1 ****',
      '00:00:00.815 RSL: RESULT = {"SSId1":"Workbench"}',
      '00:00:01.015 RSL: RESULT = {"Password1":"****"}',
    ]);
    const shown = visible(console, heard);
    expect(shown).not.toContain('horse');
    expect(shown).not.toContain('battery');
    expect(heard).toHaveLength(5);
  });

  it('the reply a command resolves with is masked too', async () => {
    const { console, heard } = await setUp();
    const reply = await console.command('Password1 s3cret-passphrase', { secrets: ['s3cret-passphrase'] });
    expect(reply).toMatchObject({ kind: 'result', json: { Password1: '****' } });
    expect(visible(console, heard, [reply])).not.toContain('s3cret');
  });

  it('a password typed in a free line, without secrets given, is masked in the line and in its echoes', async () => {
    const { console, heard } = await setUp();
    await console.send('Password1 typed-by-hand');
    await settle();
    expect(console.lines.slice(1).map((l) => l.text)).toEqual(['Password1 ****', '00:00:00.815 CMD: Password1 ****', '00:00:01.015 RSL: RESULT = {"Password1":"****"}']);
    expect(visible(console, heard)).not.toContain('typed-by-hand');
  });

  it('once known, a secret stays hidden in later lines: a typo repeats it in "Input", cut short or not', async () => {
    const { port, console, heard } = await setUp();
    await console.send('Password1 learned-secret');
    await console.send('Pasword1 learned-secret'); // not a password command: only the learned secret hides it
    port.push(`00:00:02.000 RSL: RESULT = {"Command":"Unknown","Input":"SSID1 ${'x'.repeat(44)} learned-sec"}\r\n`);
    await settle();
    expect(visible(console, heard)).not.toContain('learned-sec');
    expect(console.lines.at(-2)!.text).toBe('00:00:01.100 RSL: RESULT = {"Command":"Unknown","Input":"PASWORD1 ****"}');
  });

  it('a secret that arrives split across reads is still masked (lines are redacted whole)', async () => {
    const { port, console, heard } = await setUp();
    await console.send('Status', { secrets: ['splitsecret'] });
    port.push('00:00:03.000 RSL: RESULT = {"Password1":"split');
    await settle();
    port.push('secret"}\r\n');
    await settle();
    expect(visible(console, heard)).not.toContain('splitsecret');
    expect(console.lines.at(-1)!.text).toBe('00:00:03.000 RSL: RESULT = {"Password1":"****"}');
  });
});
