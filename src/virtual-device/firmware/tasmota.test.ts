import { afterEach, describe, expect, it, vi } from 'vitest';
import { VirtualSonoff, type VirtualSonoffOptions } from '../index.ts';
import { RawHost } from '../test-host.ts';
import { PRACTICE_IMAGE_NAME, tasmotaPracticeImage } from './practice-image.ts';
import { NorFlash } from '../flash.ts';
import { recogniseFirmware } from './recognise.ts';
import { TasmotaFirmware, type FirmwareHost } from './tasmota.ts';
import { parseVersion } from './versions.ts';

const NETWORK = { ssid: 'Workbench', password: 'correct horse' };
const LOAD = { volts: 230, loadWatts: 60 };

/** The POW on a direct host at 115200, booted from flash without the button (the ROM's own lines come at 74880 and are noise here). */
function tasmota(options: Partial<VirtualSonoffOptions> & { version?: string } = {}): { sonoff: VirtualSonoff; host: RawHost; send: (line: string, end?: string) => void; lines: () => string[] } {
  const { version, ...rest } = options;
  const sonoff = new VirtualSonoff({
    seed: 21,
    usbPlugged: false,
    timing: 'instant',
    flash: tasmotaPracticeImage(version === undefined ? {} : { version: parseVersion(version)! }),
    surroundings: { networks: [NETWORK], mains: undefined },
    ...rest,
  });
  const host = new RawHost(sonoff, 115200);
  const send = (line: string, end = '\r\n'): void => host.sendRaw(new TextEncoder().encode(line + end));
  // Log lines only: a timestamp first (the ROM's 74880-baud text arrives as noise between them).
  const lines = (): string[] => host.text().split('\r\n').map((l) => l.replace(/^[^\d]*(?=\d\d:\d\d:\d\d)/, '')).filter((l) => /^\d\d:\d\d:\d\d(\.\d{3})? /.test(l));
  return { sonoff, host, send, lines };
}

const text = (lines: string[]): string[] => lines.map((l) => l.replace(/^\d\d:\d\d:\d\d(\.\d{3})? /, ''));
const json = (line: string | undefined): unknown => JSON.parse(line!.slice(line!.indexOf(' = ') + 3));
const energy = (line: string | undefined) => (json(line) as { StatusSNS: { ENERGY: { Power: number; Voltage: number; Current: number; Factor: number } } }).StatusSNS.ENERGY;

afterEach(() => {
  vi.useRealTimers();
});

describe('recognising Tasmota in flash', () => {
  it('recognises the practice image (named as one, with an Arduino image header at 0 and 0x1000, the version marker, the Status 2 key)', () => {
    const image = tasmotaPracticeImage();
    expect(PRACTICE_IMAGE_NAME).toBe('tasmota-practice.bin');
    expect(image.length).toBeLessThan(8192);
    expect([image[0], image[2], image[3], image[0x1000]]).toEqual([0xe9, 0x03, 0x20, 0xe9]);
    expect(new TextDecoder().decode(image)).toContain('PRACTICE image');
    expect(recogniseFirmware(image)).toMatchObject({ firmware: 'tasmota', practice: true, versionFrom: 'practice-tag', core: '2_7_8', version: { major: 15, minor: 2, patch: 0 } });
  });

  it('reads the version from the marker of an 8.1–9.2 image, and assumes the current version when the marker carries none', () => {
    const build = (middle: number, withTag = false): Uint8Array => {
      const flash = new Uint8Array(0x3000).fill(0xff);
      flash[0] = 0xe9;
      flash[0x1000] = 0xe9;
      const marker = [0xa5, 0x5a, 0xa5, 0x5a, middle & 0xff, (middle >>> 8) & 0xff, (middle >>> 16) & 0xff, middle >>> 24, 0x5a, 0xa5, 0x5a, 0xa5];
      flash.set(marker, 0x1800);
      flash.set(new TextEncoder().encode('{"StatusFWR":{"Version":"%s%s%s","Core":"2_6_1"'), 0x2000);
      if (withTag) flash.set(new TextEncoder().encode('PRACTICE-IMAGE tasmota-practice.bin version=9.1.0 '), 0x2800);
      return flash;
    };
    expect(recogniseFirmware(build(0x08010002))).toMatchObject({ versionFrom: 'marker', version: { major: 8, minor: 1, patch: 0, build: 2 }, core: '2_6_1', practice: false, markerAt: 0x1800 });
    expect(recogniseFirmware(build(0xffffffff))).toMatchObject({ versionFrom: 'assumed-current', version: { major: 15, minor: 2 } });
    expect(recogniseFirmware(build(0xffffffff, true))).toMatchObject({ versionFrom: 'practice-tag', version: { major: 9, minor: 1 } });
  });

  it('does not take other images for Tasmota: no second header, no marker, or no Status 2 (tasmota-minimal)', () => {
    const image = tasmotaPracticeImage();
    const noApp = image.slice();
    noApp[0x1000] = 0xff;
    const noMarker = image.slice();
    noMarker.set([0, 0, 0, 0], recogniseFirmware(image)!.markerAt);
    const minimal = image.slice();
    const fwr = new TextDecoder('latin1').decode(image).indexOf('"StatusFWR"');
    minimal[fwr + 1] = 0x73; // "statusFWR"
    for (const flash of [noApp, noMarker, minimal]) expect(recogniseFirmware(flash)).toBeUndefined();
  });

  it('an unrecognised image does not answer as Tasmota: the factory firmware prints its banner and ignores the console', () => {
    const { host, send, lines } = tasmota({ flash: undefined });
    expect(host.text()).toContain('POW virtual firmware');
    send('Status');
    expect(lines()).toEqual([]);
    expect(host.text()).not.toContain('RSL:');
  });
});

describe('Tasmota 15.2 on the console', () => {
  it('boots a blank device: an empty line, HDW, CFG defaults, Project/Version, then the WifiManager access point at 192.168.4.1', () => {
    const { sonoff, host, lines } = tasmota();
    expect(sonoff.mode).toBe('firmware');
    expect(sonoff.consoleText).toContain('rst cause:1, boot mode:(3,6)');
    expect(host.text()).toContain('\r\n00:00:00.001 HDW: ESP8266EX\r\n');
    const hostname = sonoff.firmware!.hostname;
    const mac = sonoff.mac.replace(/:/g, '').toUpperCase().slice(-6);
    expect(hostname).toBe(`tasmota-${mac}-${String(sonoff.chipId & 0x1fff).padStart(4, '0')}`);
    expect(lines()).toEqual([
      '00:00:00.001 HDW: ESP8266EX',
      '00:00:00.034 CFG: Use defaults',
      '00:00:00.053 Project tasmota - Tasmota Version 15.2.0(release-tasmota)-2_7_8(2025-12-09T12:00:00)',
      '00:00:00.307 WIF: WifiManager active for 3 minutes',
      `00:00:00.815 HTP: Web server active on ${hostname} with IP address 192.168.4.1`,
    ]);
  });

  it('runs a line on LF (CRLF too) and never on CR alone; logs CMD: with the line as typed', () => {
    const { host, send, lines } = tasmota();
    host.clear();
    send('Module', '\r');
    expect(lines()).toEqual([]);
    send('', '\n'); // the LF completes the line the CR did not
    expect(text(lines())).toEqual(['CMD: Module', 'RSL: RESULT = {"Module":{"1":"Sonoff Basic"}}']);
    host.clear();
    send('ssid1');
    expect(text(lines())).toEqual(['CMD: ssid1', 'RSL: RESULT = {"SSId1":""}']);
  });

  it('Status 99 and Status 9 without an energy driver are errors; a Status number the model lacks prints nothing and leaves a note', () => {
    const { sonoff, host, send, lines } = tasmota();
    host.clear();
    send('Status 99');
    send('Status 9');
    send('Status 1');
    expect(text(lines())).toEqual([
      'CMD: Status 99',
      'RSL: RESULT = {"Command":"Error","Input":"STATUS 99"}',
      'CMD: Status 9',
      'RSL: RESULT = {"Command":"Error","Input":"STATUS 9"}',
      'CMD: Status 1',
    ]);
    expect(sonoff.firmware!.notes).toEqual(['Status 1 is not modelled']);
  });

  it('a byte above 127 throws away what was typed so far', () => {
    const { host, lines } = tasmota();
    host.clear();
    host.sendRaw([...new TextEncoder().encode('Mod'), 0xc3, ...new TextEncoder().encode('Module\n')]);
    expect(text(lines())).toEqual(['CMD: Module', 'RSL: RESULT = {"Module":{"1":"Sonoff Basic"}}']);
  });

  it('answers an unknown command with its upper-cased input, and is deaf at the wrong baud', () => {
    const { host, send, lines } = tasmota();
    host.clear();
    send('Frobnicate 3');
    expect(text(lines())).toEqual(['CMD: Frobnicate 3', 'RSL: RESULT = {"Command":"Unknown","Input":"FROBNICATE 3"}']);
    host.clear();
    host.baud = 9600;
    send('Status');
    host.baud = 115200;
    expect(lines()).toEqual([]);
  });

  it('a leading _ runs the command without its reply; "?" only asks; Backlog keeps a piece whose braces do not pair with the next', () => {
    const { host, send, lines } = tasmota();
    host.clear();
    send('_Module');
    expect(text(lines())).toEqual(['CMD: _Module']);
    send('_Frobnicate');
    expect(text(lines()).slice(-1)).toEqual(['RSL: RESULT = {"Command":"Unknown","Input":"FROBNICATE"}']);
    host.clear();
    send('SSID1 ?');
    expect(text(lines())).toEqual(['CMD: SSID1 ?', 'RSL: RESULT = {"SSId1":""}']);
    host.clear();
    send('SSID');
    expect(text(lines())).toEqual(['CMD: SSID', 'RSL: RESULT = {"SSId1":"","SSId2":""}']);
    host.clear();
    send('Backlog SSID1 a}b; Password1 c{d');
    // One command, SSID1 with "a}b; Password1 c{d" as its name.
    expect(text(lines())).toContain('RSL: RESULT = {"SSId1":"a}b; Password1 c{d"}');
    expect(text(lines()).some((line) => line.includes('Password1'))).toBe(true);
    expect(text(lines()).some((line) => line.startsWith('RSL: RESULT = {"Password1"'))).toBe(false);
  });

  it('Status, Status 2 and Status 5 reply as STATUS, STATUS2, STATUS5 lines', () => {
    const { sonoff, host, send, lines } = tasmota();
    host.clear();
    send('Status');
    send('Status 2');
    send('Status 5');
    const out = text(lines());
    expect(out.filter((l) => l.startsWith('RSL:')).map((l) => l.slice(0, l.indexOf(' = ')))).toEqual(['RSL: STATUS', 'RSL: STATUS2', 'RSL: STATUS5']);
    expect(json(out[1])).toMatchObject({ Status: { Module: 1, DeviceName: 'Tasmota', Topic: `tasmota_${sonoff.mac.replace(/:/g, '').toUpperCase().slice(-6)}`, Power: '0' } });
    expect(json(out[3])).toMatchObject({ StatusFWR: { Version: '15.2.0(release-tasmota)', Core: '2_7_8', CpuFrequency: 80, Hardware: 'ESP8266EX' } });
    expect(json(out[5])).toEqual({
      StatusNET: {
        Hostname: sonoff.firmware!.hostname,
        IPAddress: '0.0.0.0',
        Gateway: '0.0.0.0',
        Subnetmask: '0.0.0.0',
        DNSServer1: '0.0.0.0',
        DNSServer2: '0.0.0.0',
        Mac: sonoff.mac.toUpperCase(),
        Webserver: 2,
        HTTP_API: 1,
        WifiConfig: 4,
        WifiPower: 17,
      },
    });
  });

  it('Backlog SSID1 and Password1: one reply each 200 ms apart, the restart, then it joins the network (Status 5 with IP and hostname)', () => {
    const { sonoff, host, send, lines } = tasmota();
    host.clear();
    send(`Backlog SSID1 ${NETWORK.ssid}; Password1 ${NETWORK.password}`);
    const hostname = sonoff.firmware!.hostname;
    expect(lines()).toEqual([
      `00:00:00.815 CMD: Backlog SSID1 ${NETWORK.ssid}; Password1 ${NETWORK.password}`,
      `00:00:00.815 RSL: RESULT = {"SSId1":"${NETWORK.ssid}"}`,
      // Tasmota answers Password1 in clear (CmndPassword, support_command.ino:2429); Password3 masks it.
      `00:00:01.015 RSL: RESULT = {"Password1":"${NETWORK.password}"}`,
      '00:00:02.250 APP: Restarting',
      '00:00:00.001 HDW: ESP8266EX',
      '00:00:00.034 CFG: Loaded from flash at FD, Count 1',
      '00:00:00.053 Project tasmota - Tasmota Version 15.2.0(release-tasmota)-2_7_8(2025-12-09T12:00:00)',
      `00:00:04.454 WIF: Connecting to AP1 ${NETWORK.ssid} in mode 11n as ${hostname}...`,
      '00:00:05.756 WIF: Connected',
      `00:00:06.008 HTP: Web server active on ${hostname} with IP address 192.168.1.50`,
    ]);
    expect(sonoff.consoleText).toContain('rst cause:2, boot mode:(3,6)');
    host.clear();
    send('Status 5');
    expect(json(lines()[1])).toMatchObject({ StatusNET: { Hostname: hostname, IPAddress: '192.168.1.50', Gateway: '192.168.1.1', Subnetmask: '255.255.255.0' } });
  });

  it('Password3 stores password 1 and answers ****; a short Password1 changes nothing', () => {
    const { host, send, lines } = tasmota();
    host.clear();
    send('Password3 hunter22');
    send('Password1 abc');
    expect(text(lines()).filter((l) => l.startsWith('RSL:'))).toEqual(['RSL: RESULT = {"Password1":"****"}', 'RSL: RESULT = {"Password1":"****"}']);
    expect(host.text()).not.toContain('"hunter22"');
  });

  it('with a wrong password logs "WIF: Connect failed", never Connected, and Status 5 has no address', () => {
    const { sonoff, host, send, lines } = tasmota();
    send(`Backlog SSID1 ${NETWORK.ssid}; Password1 wrong-password`);
    const after = text(lines().slice(lines().findIndex((l) => l.includes('APP: Restarting'))));
    expect(after).toContain('WIF: Connect failed');
    expect(after.join('\n')).not.toContain('WIF: Connected');
    expect(sonoff.firmware!.wifi).toEqual({ kind: 'failed', why: 'wrong-password' });
    host.clear();
    send('Status 5');
    expect(json(lines()[1])).toMatchObject({ StatusNET: { IPAddress: '0.0.0.0' } });
  });

  it('a network that is not there: "Connect failed as AP cannot be reached"', () => {
    const { send, lines } = tasmota();
    send('Backlog SSID1 Elsewhere; Password1 whatever1');
    expect(text(lines())).toContain('WIF: Connect failed as AP cannot be reached');
  });

  it('on real timing keeps retrying a wrong password, with real timestamps', () => {
    vi.useFakeTimers();
    const { send, lines } = tasmota({ timing: 'real' });
    vi.advanceTimersByTime(1000);
    send(`Backlog SSID1 ${NETWORK.ssid}; Password1 wrong-password`);
    vi.advanceTimersByTime(60_000);
    const connecting = lines().filter((l) => l.includes('WIF: Connecting to AP1'));
    const failed = lines().filter((l) => l.endsWith('WIF: Connect failed'));
    expect(connecting.length).toBeGreaterThanOrEqual(2);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(connecting[0]).toMatch(/^00:00:04\.45\d WIF/);
  });

  it('on real timing the restart and the join take their time: nothing joined 5 s after the command, joined 9 s after', () => {
    vi.useFakeTimers();
    const { sonoff, send, lines } = tasmota({ timing: 'real' });
    vi.advanceTimersByTime(1000);
    send(`Backlog SSID1 ${NETWORK.ssid}; Password1 ${NETWORK.password}`);
    vi.advanceTimersByTime(500);
    expect(text(lines())).toContain(`RSL: RESULT = {"Password1":"${NETWORK.password}"}`);
    expect(text(lines())).not.toContain('APP: Restarting');
    vi.advanceTimersByTime(4500);
    expect(text(lines())).toContain('APP: Restarting');
    expect(sonoff.firmware!.wifi.kind).not.toBe('joined');
    vi.advanceTimersByTime(4000);
    expect(sonoff.firmware!.wifi.kind).toBe('joined');
    expect(lines().filter((l) => l.endsWith('WIF: Connected'))).toEqual(['00:00:05.756 WIF: Connected']);
  });

  it('Module 6: the reply, the restart, the Sonoff Pow pins (tasmota_template.h) and "NRG: Init driver 1"', () => {
    const { sonoff, host, send, lines } = tasmota();
    host.clear();
    send('Module 6');
    const out = text(lines());
    expect(out.slice(0, 3)).toEqual(['CMD: Module 6', 'RSL: RESULT = {"Module":{"6":"Sonoff Pow"}}', 'APP: Restarting']);
    expect(out).toContain('NRG: Init driver 1');
    expect(sonoff.firmware!.module).toBe(6);
    expect(sonoff.firmware!.gpios).toEqual({ 0: 'Button1', 5: 'HLW8012 SEL', 12: 'Relay1', 13: 'HLW8012 CF1', 14: 'HLW8012 CF', 15: 'Led1' });
    host.clear();
    send('Module');
    expect(text(lines())[1]).toBe('RSL: RESULT = {"Module":{"6":"Sonoff Pow"}}');
  });

  it('the settings survive a power cycle, and an erased settings sector gives the defaults again', () => {
    const { sonoff, send, lines } = tasmota();
    send('Module 6');
    sonoff.powerCycle({ buttonHeld: false });
    expect(sonoff.firmware!.module).toBe(6);
    expect(text(lines())).toContain('CFG: Loaded from flash at FD, Count 1');
    const flash = sonoff.readFlash();
    flash.fill(0xff, 0xfd000, 0xfe000);
    sonoff.loadFlash(flash);
    sonoff.powerCycle({ buttonHeld: false });
    expect(sonoff.firmware!.module).toBe(1);
  });
});

describe('HLW8012 readings and calibration (Sonoff Pow)', () => {
  function pow(mains = LOAD, version?: string) {
    const t = tasmota({ version, surroundings: { networks: [NETWORK], mains } });
    t.send('Module 6');
    t.host.clear();
    return t;
  }
  const status8 = (t: ReturnType<typeof pow>) => {
    t.host.clear();
    t.send('Status 8');
    return energy(t.lines().find((l) => l.includes('STATUS8')));
  };

  it('without Module 6 there is no energy: Status 8 has only the time, PowerSet is unknown', () => {
    const t = tasmota({ surroundings: { networks: [], mains: LOAD } });
    t.host.clear();
    t.send('Status 8');
    t.send('PowerSet 60');
    const out = text(t.lines());
    expect(json(out[1])).toEqual({ StatusSNS: { Time: expect.stringMatching(/^1970-01-01T00:00:0\d$/) } });
    expect(out[3]).toBe('RSL: RESULT = {"Command":"Unknown","Input":"POWERSET 60"}');
  });

  it('relay off: 0 W, 0 V, 0 A; relay on with the default calibration: readings off by a realistic factor (power about 21 % high)', () => {
    const t = pow();
    expect(status8(t)).toMatchObject({ Power: 0, Voltage: 0, Current: 0 });
    t.send('Power On');
    expect(text(t.lines()).slice(-2)).toEqual(['RSL: RESULT = {"POWER":"ON"}', 'RSL: POWER = ON']);
    const e = status8(t);
    expect(e.Power / 60).toBeGreaterThan(1.15);
    expect(e.Voltage / 230).toBeGreaterThan(1.03);
    expect(e.Current / (60 / 230)).toBeGreaterThan(1.05);
  });

  it('VoltageSet, PowerSet and CurrentSet (mA) bring all three within 1 %', () => {
    const t = pow();
    t.send('Power 1');
    t.host.clear();
    t.send('VoltageSet 230');
    t.send('PowerSet 60.0');
    t.send(`CurrentSet ${((60 / 230) * 1000).toFixed(1)}`);
    const replies = text(t.lines()).filter((l) => l.startsWith('RSL:'));
    expect(replies.map((l) => Object.keys(json(l) as object)[0])).toEqual(['VoltageSetCal', 'PowerSetCal', 'CurrentSetCal']);
    const e = status8(t);
    expect(Math.abs(e.Power / 60 - 1)).toBeLessThan(0.01);
    expect(Math.abs(e.Voltage / 230 - 1)).toBeLessThan(0.01);
    expect(Math.abs(e.Current / (60 / 230) - 1)).toBeLessThan(0.01);
    expect(e.Factor).toBe(1);
  });

  it('PowerSet 60,230 (14.2.0.1 and later) sets power and current from the measured voltage; 14.0 reads only the first number', () => {
    for (const [version, currentCalibrated] of [['15.2.0', true], ['14.0.0', false]] as const) {
      const t = pow(LOAD, version);
      t.send('Power 1');
      t.send('VoltageSet 230');
      t.send('PowerSet 60,230');
      const e = status8(t);
      expect(Math.abs(e.Power / 60 - 1)).toBeLessThan(0.01);
      expect(Math.abs(e.Current / (60 / 230) - 1) < 0.01).toBe(currentCalibrated);
    }
  });

  it('with the relay off (no pulses) PowerSet leaves the calibration alone', () => {
    const t = pow();
    t.send('PowerSet 60');
    expect(text(t.lines())[1]).toBe('RSL: RESULT = {"PowerSetCal":12530}');
  });
});

describe('older versions (formats that changed)', () => {
  it('9.2.0: no milliseconds, no HDW line, no " - ", the full topic in RSL lines, an underscore in the hostname', () => {
    const { sonoff, host, send, lines } = tasmota({ version: '9.2.0' });
    const topic = `tasmota_${sonoff.mac.replace(/:/g, '').toUpperCase().slice(-6)}`;
    const hostname = `${topic}-${String(sonoff.chipId & 0x1fff).padStart(4, '0')}`;
    expect(lines()).toEqual([
      '00:00:00 CFG: Use defaults',
      '00:00:00 Project tasmota Tasmota Version 9.2.0(release-tasmota)-2_7_8(2025-12-09T12:00:00)',
      '00:00:00 WIF: WifiManager active for 3 minutes',
      `00:00:00 HTP: Web server active on ${hostname} with IP address 192.168.4.1`,
    ]);
    host.clear();
    send('Module');
    expect(text(lines())).toEqual(['CMD: Module', `RSL: stat/${topic}/RESULT = {"Module":{"1":"Sonoff Basic"}}`]);
  });

  it('8.1.0: the wrong-password text "Connect failed with AP incorrect password" and the 11N mode', () => {
    const { send, lines } = tasmota({ version: '8.1.0' });
    send(`Backlog SSID1 ${NETWORK.ssid}; Password1 wrong-password`);
    const out = text(lines());
    expect(out).toContain('WIF: Connect failed with AP incorrect password');
    expect(out.find((l) => l.startsWith('WIF: Connecting'))).toMatch(/ in mode 11N as tasmota-\d{4}\.\.\.$/);
  });
});

describe('the firmware on a busy machine', () => {
  it('goes on when its timer, asked for at a time that has just come, runs at once (the clock turned between two readings)', async () => {
    // Every reading of the clock is later than the last, and up to 50 ms can pass between the firmware's reading and
    // its `at`: an `at` whose time has come by then runs at once, as the Timeline does.
    let clock = 0;
    const printed: string[] = [];
    const host: FirmwareHost = {
      mac: '18:fe:34:01:02:03',
      chipId: 0x010203,
      nor: new NorFlash(1024 * 1024),
      surroundings: { networks: [], mains: undefined },
      instant: false,
      now: () => clock++,
      at: (t, fn) => {
        if (t <= clock + 50) fn();
        else
          setTimeout(() => {
            clock = Math.max(clock, t);
            fn();
          }, 0);
      },
      span: (ms) => ms,
      print: (text, t) => {
        printed.push(text);
        return t;
      },
      restart: () => undefined,
    };
    const firmware = new TasmotaFirmware(host, recogniseFirmware(tasmotaPracticeImage())!);
    firmware.start();
    for (let i = 0; i < 200 && !printed.join('').includes('HTP: Web server active'); i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(printed.join('')).toContain('Project tasmota');
    expect(printed.join('')).toContain('HTP: Web server active');
  });
});
