import { describe, expect, it } from 'vitest';
import { logFileName, logFileText, logTimestamp, prettyJson } from './log-file.ts';
import type { ConsoleLine } from './serial-console.ts';

const at = Date.UTC(2026, 7, 19, 13, 47, 5, 42); // 2026-08-19 13:47:05.042 UTC

describe('the download', () => {
  it('one line per entry: date, time with ms, two spaces, the direction marker, the text', () => {
    const lines: ConsoleLine[] = [
      { at, text: 'opened 115200', direction: 'note', note: 'opened' },
      { at: at + 1, text: 'Status 2', direction: 'sent' },
      { at: at + 1001, text: '00:00:01.000 RSL: STATUS2 = {"StatusFWR":{"Version":"15.2.0(release-tasmota)"}}', direction: 'device' },
    ];
    expect(logFileText(lines, { utc: true })).toBe(
      '2026-08-19 13:47:05.042  # opened 115200\n' +
        '2026-08-19 13:47:05.043  > Status 2\n' +
        '2026-08-19 13:47:06.043  < 00:00:01.000 RSL: STATUS2 = {"StatusFWR":{"Version":"15.2.0(release-tasmota)"}}\n',
    );
    expect(logFileText(lines.slice(0, 1), { utc: true, noteText: (l) => `[${l.note}]` })).toBe('2026-08-19 13:47:05.042  # [opened]\n');
    expect(logFileText([])).toBe('');
    // ROM noise: control bytes become U+FFFD so the file stays text; a tab stays.
    expect(logFileText([{ at, text: 'a\u0000b\u0016c\td\u007f', direction: 'device' }], { utc: true })).toBe('2026-08-19 13:47:05.042  < a\uFFFDb\uFFFDc\td\uFFFD\n');
  });

  it('time stamps and the file name follow local time unless asked for UTC', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata'; // UTC+05:30, no daylight saving: local and UTC differ by a known amount
    try {
      expect(logTimestamp(at)).toBe('2026-08-19 19:17:05.042');
      expect(logFileName(at)).toBe('sonoff-console-20260819-1917.txt');
      expect(logTimestamp(at, true)).toBe('2026-08-19 13:47:05.042');
      expect(logFileName(at, true)).toBe('sonoff-console-20260819-1347.txt');
      expect(logFileName(Date.UTC(2027, 0, 2, 3, 4), true)).toBe('sonoff-console-20270102-0304.txt');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('pretty-printing a reply', () => {
  it('indents the JSON of an RSL or MQT line, or of a bare JSON line', () => {
    expect(prettyJson('00:00:00.815 RSL: RESULT = {"Module":{"6":"Sonoff Pow"}}')).toBe('{\n  "Module": {\n    "6": "Sonoff Pow"\n  }\n}');
    expect(prettyJson('MQT: stat/tasmota/STATUS5 = {"StatusNET":{"IPAddress":"192.168.1.50"}}')).toContain('\n    "IPAddress": "192.168.1.50"\n');
    expect(prettyJson('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
  });

  it('undefined for a plain line, a non-JSON payload, or JSON cut short', () => {
    for (const line of ['00:00:00.034 CFG: Use defaults', 'RSL: POWER = ON', 'RSL: RESULT = {"StatusSNS":{"Time" ...', 'x = 3', '']) expect(prettyJson(line)).toBeUndefined();
  });
});
