import { describe, expect, it } from 'vitest';
import { logText, parseResultLine, replyOf } from './reply.ts';

describe('log lines', () => {
  it('takes off the time stamp in each form Tasmota prints (with ms since 9.3.0, without before, with the heap of SetOption130)', () => {
    expect(logText('00:00:00.053 Project tasmota - Tasmota Version 15.2.0')).toEqual({ time: '00:00:00.053', body: 'Project tasmota - Tasmota Version 15.2.0' });
    expect(logText('00:00:00 CFG: Use defaults')).toEqual({ time: '00:00:00', body: 'CFG: Use defaults' });
    expect(logText('12:34:56.789-021 WIF: Connected')).toEqual({ time: '12:34:56.789-021', body: 'WIF: Connected' });
    expect(logText('WIF: Connected')).toEqual({ time: undefined, body: 'WIF: Connected' });
  });

  it('finds the time stamp after ROM noise heard at the wrong baud, but not inside text', () => {
    expect(logText('\uFFFD\u0003\uFFFD00:00:00.001 HDW: ESP8266EX')).toEqual({ time: '00:00:00.001', body: 'HDW: ESP8266EX' });
    expect(logText('RSL: STATUS = {"Time":"x 10:00:00 y"}').time).toBeUndefined();
  });

  it('reads RSL lines in both topic forms and MQT lines, without "(retained)"', () => {
    expect(parseResultLine('00:00:00.815 RSL: RESULT = {"SSId1":"x"}')).toEqual({ source: 'RSL', topic: 'RESULT', name: 'RESULT', payload: '{"SSId1":"x"}' });
    expect(parseResultLine('00:00:00 RSL: stat/tasmota_6E252E/STATUS5 = {}')).toMatchObject({ topic: 'stat/tasmota_6E252E/STATUS5', name: 'STATUS5' });
    expect(parseResultLine('MQT: tele/tasmota/LWT = Online (retained)')).toEqual({ source: 'MQT', topic: 'tele/tasmota/LWT', name: 'LWT', payload: 'Online' });
    expect(parseResultLine('00:00:00.815 CMD: Status')).toBeUndefined();
  });
});

describe('replies', () => {
  it('RESULT and STATUS, STATUS0-13 are replies; POWER, STATE, SENSOR, INFO1 are not', () => {
    for (const name of ['RESULT', 'STATUS', 'STATUS0', 'STATUS2', 'STATUS13']) expect(replyOf(`RSL: ${name} = {"a":1}`)?.kind).toBe('result');
    for (const name of ['POWER', 'STATE', 'SENSOR', 'INFO1', 'STATUSX']) expect(replyOf(`RSL: ${name} = {"a":1}`)).toBeUndefined();
  });

  it('Unknown and Error with their input; a payload cut short is unparsed', () => {
    expect(replyOf('RSL: RESULT = {"Command":"Unknown","Input":"FROBNICATE 3"}')).toMatchObject({ kind: 'unknown', input: 'FROBNICATE 3' });
    expect(replyOf('RSL: RESULT = {"Command":"Error","Input":"STATUS 9"}')).toMatchObject({ kind: 'error', input: 'STATUS 9' });
    expect(replyOf('RSL: stat/sonoff/RESULT = {"StatusSNS":{"Time":"1970 ...')).toMatchObject({ kind: 'unparsed', payload: '{"StatusSNS":{"Time":"1970 ...' });
    expect(replyOf('RSL: RESULT = {"Command":"Done"}')).toMatchObject({ kind: 'result', json: { Command: 'Done' } });
  });
});
