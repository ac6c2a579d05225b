import { describe, expect, it } from 'vitest';
import { recogniseBoot, tasmotaVersionFromStatus2 } from './recognise.ts';
import { compareVersions, formatVersion, parseVersion, version, versionAtLeast } from './version.ts';

describe('versions', () => {
  it('parses a.b.c and a.b.c.d, ignores what follows, refuses what is none', () => {
    expect(parseVersion('15.2.0')).toEqual({ major: 15, minor: 2, patch: 0, build: 0 });
    expect(parseVersion('9.3.1.4(tasmota)')).toEqual({ major: 9, minor: 3, patch: 1, build: 4 });
    expect(parseVersion('1.15.0-dev')).toEqual({ major: 1, minor: 15, patch: 0, build: 0 });
    for (const text of ['15.2', 'x15.2.0', '256.0.0', '1.2.3.4.5', '']) expect(parseVersion(text)).toBeUndefined();
    expect(() => version('14.2')).toThrow(RangeError);
  });

  it('compares field by field, the build last', () => {
    const sorted = ['9.10.0', '14.2.0.1', '9.2.0', '14.2.0', '8.2.0.3', '14.3.0'].map(version).sort(compareVersions).map(formatVersion);
    expect(sorted).toEqual(['8.2.0.3', '9.2.0', '9.10.0', '14.2.0', '14.2.0.1', '14.3.0']);
    expect(versionAtLeast(version('14.2.0.1'), '14.2.0.1')).toBe(true);
    expect(versionAtLeast(version('14.2.0'), '14.2.0.1')).toBe(false);
  });
});

describe('recognising the firmware from its boot text', () => {
  it('Tasmota 14.4.1.2 (a real log, arendst/Tasmota#22756): version from the Project line', () => {
    const boot = [
      '',
      '00:00:00.001 HDW: ESP8266EX',
      '00:00:00.034 CFG: Loaded from flash at F8, Count 4',
      '00:00:00.040 QPC: Count 1',
      '00:00:00.053 Project tasmota - Tasmota Version 14.4.1.2(ed7b582-tasmota)-2_7_8(2025-01-02T19:53:27)',
      '00:00:00.307 WIF: WifiManager active for 3 minutes',
      '00:00:00.815 HTP: Web server active on tasmota-1460 with IP address 192.168.4.1',
    ];
    expect(recogniseBoot(boot)).toEqual({ firmware: 'tasmota', version: { major: 14, minor: 4, patch: 1, build: 2 }, versionText: '14.4.1.2', line: boot[4] });
  });

  it('older and translated banners: 8.2 without " - ", 6.x "Project sonoff", a German build, a custom device name', () => {
    const v = (line: string) => recogniseBoot([line]);
    expect(v('00:00:00 Project tasmota Tasmota Version 8.2.0.6(tasmota)-2_7_0')).toMatchObject({ firmware: 'tasmota', versionText: '8.2.0.6' });
    expect(v('00:00:00 Project sonoff Sonoff (Topic sonoff, Fallback DVES_1A2B3C, GroupTopic sonoffs) Version 6.3.0.7(sonoff)-2_3_0')).toMatchObject({ versionText: '6.3.0.7' });
    expect(v('00:00:00.053 Projekt tasmota - Werkbank POW 2 Version 14.3.0(release-tasmota)-2_7_7(2024-10-30T10:00:00)')).toMatchObject({ versionText: '14.3.0' });
    expect(v('00:00:00.130 Project tasmota - Tasmota Version 13.1.0.2(tasmota-4M)-2_7_4_9(2023-09-01T20:20:26)')).toMatchObject({ version: { major: 13, minor: 1, patch: 0, build: 2 } });
  });

  it('only the log format (the Project line missed): Tasmota without a version; a Status 2 or INFO1 line gives it', () => {
    expect(recogniseBoot(['00:00:00.307 WIF: WifiManager active for 3 minutes'])).toMatchObject({ firmware: 'tasmota', version: undefined });
    expect(recogniseBoot(['00:00:02.000 RSL: STATUS2 = {"StatusFWR":{"Version":"15.2.0(release-tasmota)","Core":"2_7_8"}}'])).toMatchObject({ firmware: 'tasmota', versionText: '15.2.0' });
    expect(recogniseBoot(['00:00:06 RSL: tele/tasmota_6E252E/INFO1 = {"Module":"Generic","Version":"8.2.0.6(tasmota)","FallbackTopic":"x"}'])).toMatchObject({ versionText: '8.2.0.6' });
    // A line without a time stamp is not taken for Tasmota's.
    expect(recogniseBoot(['WIF: Connected'])).toEqual({ firmware: 'unknown', heard: 'text' });
  });

  it('ESPurna by its banner (with and without its time stamp), ESPEasy by its boot line', () => {
    expect(recogniseBoot(['[000042] [MAIN] ESPURNA 1.15.0-dev built 2024-02-08 22:27:41', '[000043] [MAIN] xose.perez@gmail.com'])).toEqual({
      firmware: 'espurna',
      versionText: '1.15.0-dev',
      version: { major: 1, minor: 15, patch: 0, build: 0 },
      line: '[000042] [MAIN] ESPURNA 1.15.0-dev built 2024-02-08 22:27:41',
    });
    expect(recogniseBoot(['[MAIN] ESPURNA 1.13.5 built x'])).toMatchObject({ firmware: 'espurna', versionText: '1.13.5' });
    expect(recogniseBoot(['00.123 : (12345) Info   : ', 'INIT : Booting version: ESP_Easy_mega_20241019_normal_ESP8266_1M, (GitHub Actions) mega-20241019 (ESP82xx Core 2_7_4)'])).toEqual({
      firmware: 'espeasy',
      build: 'ESP_Easy_mega_20241019_normal_ESP8266_1M',
      line: 'INIT : Booting version: ESP_Easy_mega_20241019_normal_ESP8266_1M, (GitHub Actions) mega-20241019 (ESP82xx Core 2_7_4)',
    });
  });

  it('the most recent boot counts: ESPurna flashed over Tasmota is ESPurna', () => {
    expect(recogniseBoot(['00:00:00.053 Project tasmota - Tasmota Version 15.2.0(release-tasmota)-2_7_8(x)', '00:00:01.000 APP: Restarting', '[000042] [MAIN] ESPURNA 1.15.0-dev built x'])).toMatchObject({ firmware: 'espurna' });
    expect(recogniseBoot(['[000042] [MAIN] ESPURNA 1.15.0-dev built x', '00:00:00.053 Project tasmota - Tasmota Version 15.2.0(release-tasmota)-2_7_8(x)', '00:00:00.307 WIF: WifiManager active for 3 minutes'])).toMatchObject({
      firmware: 'tasmota',
      versionText: '15.2.0',
    });
  });

  it('nothing, noise (the ROM at 74880 heard at 115200), or unrecognised text: unknown; sent lines do not count', () => {
    expect(recogniseBoot([])).toEqual({ firmware: 'unknown', heard: 'nothing' });
    expect(recogniseBoot(['', '  '])).toEqual({ firmware: 'unknown', heard: 'nothing' });
    expect(recogniseBoot(['\uFFFD\u0012\uFFFD\uFFFDl\uFFFD\u0000\uFFFD\uFFFD'])).toEqual({ firmware: 'unknown', heard: 'noise' });
    expect(recogniseBoot(['hello from the factory firmware'])).toEqual({ firmware: 'unknown', heard: 'text' });
    expect(recogniseBoot([{ text: '00:00:00.053 Project tasmota - Tasmota Version 15.2.0(x)', direction: 'sent' }])).toEqual({ firmware: 'unknown', heard: 'nothing' });
  });
});

describe('the version in Status 2', () => {
  it('reads StatusFWR.Version (a real 8.1.0.10 answer, arendst/Tasmota#7866), and nothing from anything else', () => {
    const status2 = { StatusFWR: { Version: '8.1.0.10(71d810a-tasmota)', BuildDateTime: '2020.03.02 17:04:08', Boot: 31, Core: '2_6_1', SDK: '2.2.2-dev(38a443e)', Hardware: 'ESP8266EX', CR: '430/699' } };
    expect(tasmotaVersionFromStatus2(status2)).toEqual({ major: 8, minor: 1, patch: 0, build: 10 });
    expect(tasmotaVersionFromStatus2({ StatusFWR: { Version: '15.2.0(release-tasmota)' } })).toEqual({ major: 15, minor: 2, patch: 0, build: 0 });
    for (const other of [undefined, null, 'x', {}, { StatusFWR: {} }, { StatusFWR: { Version: 15 } }, { StatusFWR: { Version: 'dev' } }]) expect(tasmotaVersionFromStatus2(other)).toBeUndefined();
  });
});
