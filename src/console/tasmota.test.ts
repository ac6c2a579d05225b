import { describe, expect, it, vi } from 'vitest';
import { SerialConsole } from './serial-console.ts';
import { configureWifi, parseEnergy, parseModule, parseStatus5, parseWifiOutcome, wifiCommand, type WifiInputCode } from './tasmota.ts';
import { FakePort, settle } from './test-port.ts';

describe('the Wi-Fi command', () => {
  it('is one Backlog line with SSID1 and Password1, the password as its secret; spaces inside are kept', () => {
    expect(wifiCommand('Home Net 5G', 'correct horse battery')).toEqual({ ok: true, line: 'Backlog SSID1 Home Net 5G; Password1 correct horse battery', secrets: ['correct horse battery'] });
    expect(wifiCommand('x'.repeat(32), 'a'.repeat(63))).toMatchObject({ ok: true });
    expect(wifiCommand('Lab', 'aB3'.repeat(21) + 'f')).toMatchObject({ ok: true }); // 64 hex digits: the key itself
  });

  it('an open network clears the password with Password1 " (an empty argument would only read it)', () => {
    expect(wifiCommand('Cafe', '')).toEqual({ ok: true, line: 'Backlog SSID1 Cafe; Password1 "', secrets: [] });
  });

  it('refuses, with a code and the field, what Tasmota or the ESP8266 core would drop, split, trim, cut or read as a shortcut', () => {
    const cases: [string, string, WifiInputCode, 'ssid' | 'password'][] = [
      ['', 'password1', 'ssid-empty', 'ssid'],
      ['x'.repeat(33), 'password1', 'ssid-too-long', 'ssid'],
      ['Café', 'password1', 'not-printable-ascii', 'ssid'],
      ['Tab\tNet', 'password1', 'not-printable-ascii', 'ssid'],
      [' Home', 'password1', 'edge-space', 'ssid'],
      ['Home ', 'password1', 'edge-space', 'ssid'],
      ['A;B', 'password1', 'semicolon', 'ssid'],
      ['Net{1', 'password1', 'unbalanced-braces', 'ssid'],
      ['0', 'password1', 'shortcut-value', 'ssid'],
      ['1', 'password1', 'shortcut-value', 'ssid'],
      ['"', 'password1', 'shortcut-value', 'ssid'],
      ['?', 'password1', 'query-value', 'ssid'],
      ['Home', 'short12', 'password-too-short', 'password'],
      ['Home', 'p'.repeat(65), 'password-too-long', 'password'],
      ['Home', 'g'.repeat(64), 'password-not-hex', 'password'],
      ['Home', 'pässwort123', 'not-printable-ascii', 'password'],
      ['Home', 'password1 ', 'edge-space', 'password'],
      ['Home', 'pass;word1', 'semicolon', 'password'],
      ['Home', 'pass}word1', 'unbalanced-braces', 'password'],
    ];
    for (const [ssid, password, code, field] of cases) expect(wifiCommand(ssid, password), `${JSON.stringify(ssid)} / ${JSON.stringify(password)}`).toEqual({ ok: false, code, field });
    expect(wifiCommand('2', 'pass{wo}rd')).toMatchObject({ ok: true }); // a lone '2' is no shortcut, paired braces are kept together
  });

  it('after a refusal not a byte goes to the device', async () => {
    const port = new FakePort();
    const console = new SerialConsole(port);
    await console.open();
    expect(await configureWifi(console, 'Home;Net', 'whatever1')).toEqual({ sent: false, code: 'semicolon', field: 'ssid' });
    expect(await configureWifi(console, 'Home', 'short')).toEqual({ sent: false, code: 'password-too-short', field: 'password' });
    expect(port.written).toEqual([]);
    expect(console.lines.filter((l) => l.direction === 'sent')).toEqual([]);
  });

  it('configureWifi waits for the decisive line after the restart, and on timeout says what it saw so far', async () => {
    vi.useFakeTimers();
    try {
      const port = new FakePort();
      const console = new SerialConsole(port);
      await console.open();
      port.push('00:00:00.307 WIF: Connect failed\r\n'); // before the command: does not count
      await settle();
      port.reply = () =>
        // Tasmota echoes the command it took (support_tasmota.ino:1912), then restarts.
        port.push('00:00:01.095 CMD: Backlog SSID1 Home; Password1 password1\r\n00:00:02.250 APP: Restarting\r\n\r\n00:00:00.001 HDW: ESP8266EX\r\n00:00:04.454 WIF: Connecting to AP1 Home in mode 11n as tasmota-ABCDEF-1234...\r\n00:00:05.756 WIF: Connected\r\n');
      const attempt = configureWifi(console, 'Home', 'password1', { timeoutMs: 30_000 });
      await vi.advanceTimersByTimeAsync(10);
      port.push('00:00:06.008 HTP: Web server active on tasmota-ABCDEF-1234 with IP address 192.168.1.50\r\n');
      await vi.advanceTimersByTimeAsync(10);
      expect(await attempt).toEqual({ sent: true, outcome: { kind: 'joined', ip: '192.168.1.50', hostname: 'tasmota-ABCDEF-1234' } });
      expect(port.writtenText()).toBe('Backlog SSID1 Home; Password1 password1\n');

      port.reply = () => port.push('00:00:01.095 CMD: Backlog SSID1 Home; Password1 password2\r\n00:00:02.250 APP: Restarting\r\n00:00:04.454 WIF: Connecting to AP1 Home in mode 11n as h...\r\n');
      const slow = configureWifi(console, 'Home', 'password2', { timeoutMs: 30_000 });
      await vi.advanceTimersByTimeAsync(30_000);
      expect(await slow).toEqual({ sent: true, outcome: { kind: 'pending' } });
    } finally {
      vi.useRealTimers();
    }
  });
});

it('configureWifi does not take the last boot’s access-point lines, still arriving when the command is sent, for its outcome', async () => {
  const port = new FakePort();
  const console = new SerialConsole(port);
  await console.open();
  port.reply = () =>
    port.push(
      '00:00:00.307 WIF: WifiManager active for 3 minutes\r\n00:00:00.815 HTP: Web server active on tasmota-ABCDEF-1234 with IP address 192.168.4.1\r\n' +
        '00:00:01.095 CMD: Backlog SSID1 Home; Password1 password1\r\n00:00:02.250 APP: Restarting\r\n00:00:04.454 WIF: Connecting to AP1 Home in mode 11n as tasmota-ABCDEF-1234...\r\n' +
        '00:00:05.756 WIF: Connected\r\n00:00:06.008 HTP: Web server active on tasmota-ABCDEF-1234 with IP address 192.168.1.50\r\n',
    );
  expect(await configureWifi(console, 'Home', 'password1', { timeoutMs: 1000 })).toEqual({ sent: true, outcome: { kind: 'joined', ip: '192.168.1.50', hostname: 'tasmota-ABCDEF-1234' } });
});

describe('the Wi-Fi outcome in the log, by version', () => {
  const hostname = 'tasmota-6E252E-1326';
  it('15.x / 10.x: joined with the address from the HTP line (mDNS ".local" taken off)', () => {
    expect(parseWifiOutcome(['00:00:04.454 WIF: Connecting to AP1 Home in mode 11n as x...', '00:00:05.756 WIF: Connected', `00:00:06.008 HTP: Web server active on ${hostname} with IP address 192.168.1.6`])).toEqual({ kind: 'joined', ip: '192.168.1.6', hostname });
    expect(parseWifiOutcome(['00:00:05.756 WIF: Connected', `00:00:06.008 HTP: Web server active on ${hostname}.local with IP address 10.0.0.7`])).toEqual({ kind: 'joined', ip: '10.0.0.7', hostname });
    expect(parseWifiOutcome(['00:00:05.756 WIF: Connected'])).toEqual({ kind: 'connected' });
  });

  it('8.2 (no milliseconds, the underscore hostname; real log arendst/Tasmota#8316) joined', () => {
    expect(parseWifiOutcome(['00:00:05 WIF: Connected', '00:00:05 HTP: Web server active on tasmota_6E252E-1326 with IP address 192.168.1.6'])).toEqual({ kind: 'joined', ip: '192.168.1.6', hostname: 'tasmota_6E252E-1326' });
  });

  it('a wrong password: "Connect failed" from 8.2.0.3 on, "Connect failed with AP incorrect password" before', () => {
    expect(parseWifiOutcome(['00:00:04.454 WIF: Connecting to AP1 Home in mode 11n as x...', '00:00:09.454 WIF: Connect failed'])).toEqual({ kind: 'wrong-password' });
    expect(parseWifiOutcome(['00:00:09 WIF: Connect failed with AP incorrect password'])).toEqual({ kind: 'wrong-password' });
    // Retrying keeps the verdict until something else happens.
    expect(parseWifiOutcome(['00:00:09.454 WIF: Connect failed', '00:00:29.454 WIF: Connecting to AP1 Home in mode 11n as x...'])).toEqual({ kind: 'wrong-password' });
  });

  it('the other failures each have their own kind', () => {
    expect(parseWifiOutcome(['00:00:09.454 WIF: Connect failed as AP cannot be reached'])).toEqual({ kind: 'no-network' });
    expect(parseWifiOutcome(['00:00:09.454 WIF: Connect failed as no IP address received'])).toEqual({ kind: 'no-ip-address' });
    expect(parseWifiOutcome(['00:00:09.454 WIF: Connect failed with AP timeout'])).toEqual({ kind: 'ap-timeout' });
  });

  it('a blank device opens its access point at 192.168.4.1, named like its hostname (14.4.1.2 log, arendst/Tasmota#22756; 6.3 log #4298)', () => {
    expect(parseWifiOutcome(['00:00:00.307 WIF: WifiManager active for 3 minutes', '00:00:00.815 HTP: Web server active on tasmota-ABCDEF-1234 with IP address 192.168.4.1'])).toEqual({ kind: 'ap-mode', ssid: 'tasmota-ABCDEF-1234', ip: '192.168.4.1' });
    expect(parseWifiOutcome(['00:00:01 WIF: WifiManager active for 3 minutes', '00:00:01 HTP: Web server active on sonoff-1287 with IP address 192.168.4.1'])).toEqual({ kind: 'ap-mode', ssid: 'sonoff-1287', ip: '192.168.4.1' });
  });

  it('a German build: its WIF texts are translated, the English HTP line still tells joined from the access point', () => {
    expect(parseWifiOutcome(['00:00:05.756 WIF: verbunden', '00:00:06.008 HTP: Web server active on tasmota-ABCDEF-1234 with IP address 192.168.1.50'])).toEqual({ kind: 'joined', ip: '192.168.1.50', hostname: 'tasmota-ABCDEF-1234' });
    expect(parseWifiOutcome(['00:00:00.307 WIF: WifiManager aktiv für 3 Minuten', '00:00:00.815 HTP: Web server active on tasmota-ABCDEF-1234 with IP address 192.168.4.1'])).toMatchObject({ kind: 'ap-mode' });
    expect(parseWifiOutcome(['00:00:09.454 WIF: Verbindung fehlgeschlagen'])).toEqual({ kind: 'pending' });
  });

  it('a restart starts over; sent lines and lines without a time stamp are ignored; nothing yet is pending', () => {
    expect(parseWifiOutcome(['00:00:09.454 WIF: Connect failed', '00:00:02.250 APP: Restarting', '00:00:04.454 WIF: Connecting to AP1 Home in mode 11n as x...'])).toEqual({ kind: 'pending' });
    expect(parseWifiOutcome(['00:00:09.454 WIF: Connect failed', '00:00:00.001 HDW: ESP8266EX'])).toEqual({ kind: 'pending' });
    expect(parseWifiOutcome([{ text: '00:00:09.454 WIF: Connect failed', direction: 'sent' }, 'WIF: Connect failed'])).toEqual({ kind: 'pending' });
    expect(parseWifiOutcome([])).toEqual({ kind: 'pending' });
  });
});

describe('Status 5 and Module answers', () => {
  it('Status 5 gives hostname, address, MAC; 0.0.0.0 means no address', () => {
    const joined = { StatusNET: { Hostname: 'tasmota-ABCDEF-1234', IPAddress: '192.168.1.50', Gateway: '192.168.1.1', Subnetmask: '255.255.255.0', DNSServer1: '192.168.1.1', DNSServer2: '0.0.0.0', Mac: '5C:CF:7F:AB:CD:EF', Webserver: 2, HTTP_API: 1, WifiConfig: 4, WifiPower: 17 } };
    expect(parseStatus5(joined)).toEqual({ hostname: 'tasmota-ABCDEF-1234', ip: '192.168.1.50', mac: '5C:CF:7F:AB:CD:EF', gateway: '192.168.1.1', subnetMask: '255.255.255.0' });
    expect(parseStatus5({ StatusNET: { ...joined.StatusNET, IPAddress: '0.0.0.0', Gateway: '0.0.0.0' } })).toMatchObject({ ip: undefined, gateway: undefined });
    for (const other of [undefined, {}, { StatusNET: 'x' }, { StatusNET: { IPAddress: '1.2.3.4' } }, { StatusFWR: {} }]) expect(parseStatus5(other)).toBeUndefined();
  });

  it('Module gives the number people use and the name', () => {
    expect(parseModule({ Module: { 6: 'Sonoff Pow' } })).toEqual({ number: 6, name: 'Sonoff Pow' });
    expect(parseModule({ Module: { 1: 'Sonoff Basic' } })).toEqual({ number: 1, name: 'Sonoff Basic' });
    for (const other of [{ Module: 6 }, { Module: {} }, { Module: { x: 'y' } }, { Module: { 1: 2 } }, { Module2: { 1: 'Sonoff Basic' } }, null]) expect(parseModule(other)).toBeUndefined();
  });

  it('Status 8 gives the ENERGY readings; without an energy driver there are none', () => {
    const sns = { StatusSNS: { Time: '1970-01-01T00:01:04', ENERGY: { TotalStartTime: '1970-01-01T00:00:00', Total: 0, Power: 60, ApparentPower: 60, ReactivePower: 0, Factor: 1, Voltage: 230, Current: 0.261 } } };
    expect(parseEnergy(sns)).toEqual({ watts: 60, volts: 230, amps: 0.261 });
    for (const other of [{ StatusSNS: { Time: 'x' } }, { StatusSNS: { ENERGY: { Power: [60, 0], Voltage: 230, Current: 0.2 } } }, { StatusNET: {} }, undefined]) expect(parseEnergy(other)).toBeUndefined();
  });
});
