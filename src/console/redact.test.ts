import { describe, expect, it } from 'vitest';
import { MASK, redact, secretsInCommand } from './redact.ts';

describe('redacting lines', () => {
  it('hides a given secret everywhere, raw and JSON-escaped', () => {
    const secret = 'my "pass\\word"';
    expect(redact(`CMD: Password3 ${secret}`, [secret])).toBe(`CMD: Password3 ${MASK}`);
    expect(redact(`RSL: RESULT = {"Password1":${JSON.stringify(secret)}}`, [secret])).toBe(`RSL: RESULT = {"Password1":"${MASK}"}`);
    expect(redact(`xx ${secret} yy ${secret}`, [secret])).toBe(`xx ${MASK} yy ${MASK}`);
  });

  it('hides a secret cut short at the end of a string (Input is cut at 63 characters) or of a line', () => {
    const secret = 'correct-horse-battery';
    const input = `PASWORD1 ${'x'.repeat(40)} ${secret}`.slice(0, 63);
    expect(input.endsWith(' correct-horse')).toBe(true);
    expect(redact(`RSL: RESULT = {"Command":"Unknown","Input":"${input}"}`, [secret])).not.toContain('correct-horse');
    expect(redact('truncated correct-ho', [secret])).toBe(`truncated ${MASK}`);
    // Not a cut: the prefix is followed by more text.
    expect(redact('correct horses', [secret])).toBe('correct horses');
  });

  it('hides what follows Password<n> without being told the secret: sent line, CMD echo, JSON reply', () => {
    expect(redact('Password1 hunter22')).toBe(`Password1 ${MASK}`);
    expect(redact('CMD: Backlog SSID1 Home Net; Password1 hunter 22 ; Module 6')).toBe(`CMD: Backlog SSID1 Home Net; Password1 ${MASK} ; Module 6`);
    expect(redact('00:00:01.015 RSL: RESULT = {"Password1":"hunter22"}')).toBe(`00:00:01.015 RSL: RESULT = {"Password1":"${MASK}"}`);
    expect(redact('RSL: RESULT = {"Command":"Error","Input":"PASSWORD5 hunter22"}')).toBe(`RSL: RESULT = {"Command":"Error","Input":"PASSWORD5 ${MASK}"}`);
    expect(redact('cmnd/tasmota/password2=abc;def')).toBe(`cmnd/tasmota/password2=${MASK}`); // not a Backlog: the rest of the line is the value
    expect(redact('MqttPassword s3cr3t and WebPassword p4ss')).toBe(`MqttPassword ${MASK}`);
    expect(redact('_Password1 quiet-one')).toBe(`_Password1 ${MASK}`);
  });

  it('ESPEasy and ESPurna password commands and echoes', () => {
    expect(redact('>WifiKey hunter22')).toBe(`>WifiKey ${MASK}`);
    expect(redact('WifiKey2 hunter22')).toBe(`WifiKey2 ${MASK}`);
    // ESPEasy separates a command's arguments with commas: the guide's `WifiKey,MyPassword`.
    expect(redact('WifiKey,hunter22')).toBe(`WifiKey,${MASK}`);
    expect(redact('>WifiKey,hunter22')).toBe(`>WifiKey,${MASK}`);
    expect(redact('set wifiApPass hunter22')).toBe(`set wifiApPass ${MASK}`);
  });

  it('leaves lines without secrets alone, and an empty or masked value as it is', () => {
    for (const line of ['00:00:00.815 RSL: RESULT = {"SSId1":"Workbench"}', 'Password1', 'RSL: RESULT = {"Password1":"****"}', 'RSL: RESULT = {"Password1":""}', 'Passwords are echoed', 'CMD: SSID1 MyPasswordNet']) {
      expect(redact(line)).toBe(line);
    }
  });

  it('finds the values a line sets, to remember them as secrets', () => {
    expect(secretsInCommand('Backlog SSID1 x; Password1 hunter 22; Password2 other-one')).toEqual(['hunter 22', 'other-one']);
    expect(secretsInCommand('Status 5')).toEqual([]);
    expect(secretsInCommand('WifiKey,hunter22')).toEqual(['hunter22']);
  });
});
