/**
 * Tasmota on the virtual Sonoff POW: what it prints on the serial console
 * at boot and in answer to the commands the guide uses, its settings kept
 * in flash across restarts, joining a simulated Wi-Fi network, and the
 * HLW8012 readings once the module is Sonoff Pow.
 *
 * "T" = Jason2866/Tasmota (the full history of arendst/Tasmota) at badb58b
 * (15.2.0.2); file paths under tasmota/. support_command.ino means
 * tasmota/tasmota_support/support_command.ino. What differs by version is
 * in versions.ts. Nothing here is Tasmota's code: it is a model written from
 * reading it, and only the commands listed in README "Tasmota console"
 * exist; any other answers as unknown.
 */
import { SECTOR_SIZE, type NorFlash } from '../flash.ts';
import { calibrationFor, DEFAULT_CALIBRATION, pulsePeriods, reading, type Calibration, type Hlw8012Parts, POW_PARTS } from './hlw8012.ts';
import { join, type Lease, type Surroundings } from './network.ts';
import type { RecognisedTasmota } from './recognise.ts';
import { consoleFormat, versionText, type ConsoleFormat, type TasmotaVersion } from './versions.ts';

/** What the chip gives the firmware it runs. */
export interface FirmwareHost {
  readonly mac: string;
  /** ESP.getChipId(): the last three MAC bytes on an ESP8266. */
  readonly chipId: number;
  readonly nor: NorFlash;
  readonly surroundings: Surroundings;
  /** timing 'instant': durations are zero, so periodic work (Wi-Fi retries) cannot be simulated. */
  readonly instant: boolean;
  now(): number;
  /** Runs `fn` at host time `t`, unless the chip stops first (power, reset). */
  at(t: number, fn: () => void): void;
  /** A modelled duration as the host's timeline spends it (0 under instant timing). */
  span(ms: number): number;
  /** Sends text on TX from time `t`; returns when its last byte has left. */
  print(text: string, t: number): number;
  /** ESP.restart() at time `t`: the ROM starts again (rst cause 2). */
  restart(t: number): void;
}

/** The sector Tasmota's settings live in on a 1 MB flash: SETTINGS_LOCATION 0xFD (T tasmota_support/settings.ino:169, 231-232). */
export const SETTINGS_SECTOR = 0xfd;
/** This model's own record (Tasmota writes its binary TSettings struct there, rotating over CFG_ROTATES sectors; not modelled). */
const RECORD_MAGIC = [0x56, 0x54, 0x53, 0x31]; // "VTS1"

/** Tasmota's module numbers as `Module` shows them (index + 1: T support_command.ino:1861-1862, 1880-1887; include/tasmota_template.h:1600, 1610-1611). */
export const MODULES = { 1: 'Sonoff Basic', 6: 'Sonoff Pow' } as const;
export type ModuleNumber = keyof typeof MODULES;

/** The templates' GPIO functions (T include/tasmota_template.h:1821-1839 Sonoff Basic, 1878-1893 Sonoff Pow). */
export const MODULE_GPIOS: Record<ModuleNumber, Readonly<Record<number, string>>> = {
  1: { 0: 'Button1', 1: 'User', 2: 'User', 3: 'User', 4: 'User', 12: 'Relay1', 13: 'Led1i', 14: 'User' },
  6: { 0: 'Button1', 5: 'HLW8012 SEL', 12: 'Relay1', 13: 'HLW8012 CF1', 14: 'HLW8012 CF', 15: 'Led1' },
};

interface Settings {
  count: number;
  ssid: [string, string];
  password: [string, string];
  staActive: 0 | 1;
  module: ModuleNumber;
  cal: Calibration;
  power: boolean;
  /** Saved after a connection for a quick reconnect (support_wifi.ino:1121-1124). */
  wifiChannel: number;
  bssid: string;
  /** Gateway, subnet, DNS 1 and 2 of the last connection (support_wifi.ino:1114-1118). */
  ipv4: [string, string, string, string];
}

function defaults(): Settings {
  return {
    count: 0,
    ssid: ['', ''], // STA_SSID1/2 "" (T my_user_config.h:74-78)
    password: ['', ''],
    staActive: 0,
    module: 1, // MODULE SONOFF_BASIC (my_user_config.h)
    cal: { ...DEFAULT_CALIBRATION },
    power: false,
    wifiChannel: 0,
    bssid: '',
    ipv4: ['0.0.0.0', '0.0.0.0', '0.0.0.0', '0.0.0.0'],
  };
}

/** Timings of the boot log from a real 14.4.1.2 ESP8266 log (arendst/Tasmota#22756) and a 9.5.0 one (tasmota/docs docs/DeepSleep.md:134-140). */
const AT = {
  hardware: 1,
  config: 34,
  energy: 45, // UNCONFIRMED: between CFG and Project (FUNC_PRE_INIT runs before WifiConnect, tasmota.ino:700-707)
  project: 53,
  wifiManager: 307,
  apWebServer: 815,
  connecting: 4454,
  connected: 5756,
  webServer: 6008,
  /** How long the SDK takes to report a wrong password or a missing network: UNCONFIRMED (5 s assumed). */
  failure: 5000,
  /** Between attempts after a failure: UNCONFIRMED (20 s assumed; WifiCheckIp's retry counter, support_wifi.ino:1130-1175). */
  retry: 20000,
  /** Backlog spacing: SetOption34 default 200 ms (MIN_BACKLOG_DELAY, include/tasmota.h:219; support_command.ino:470). */
  backlog: 200,
} as const;

const INPUT_BUFFER_SIZE = 800; // include/tasmota.h:199

type WifiState = { kind: 'off' } | { kind: 'manager' } | { kind: 'connecting' } | { kind: 'joined'; lease: Lease } | { kind: 'failed'; why: 'no-ssid' | 'wrong-password' };

/** The numbers of `Status n` this model answers; others are not modelled. */
const MODELLED_STATUS = new Set([-99, 2, 5, 8, 10]);

export class TasmotaFirmware {
  readonly version: TasmotaVersion;
  readonly format: ConsoleFormat;
  readonly image: RecognisedTasmota;
  readonly #host: FirmwareHost;
  readonly #parts: Hlw8012Parts;
  readonly #bootAt: number;
  #settings: Settings;
  #loaded: boolean;
  #modelNow = 0;
  #line: number[] = [];
  #overrun = false;
  #backlog: string[] = [];
  #backlogNoDelay = false;
  #backlogRunning = false;
  #nextBacklogAt = 0;
  #restartFlag = 0;
  #restartTicking = false;
  #wifi: WifiState = { kind: 'off' };
  #stopped = false;
  #events: { ms: number; seq: number; fn: () => void }[] = [];
  #seq = 0;
  #pumping = false;
  #armedFor: number | undefined;
  /** Every command line the console executed, in order (for tests and the page's transcript). */
  readonly executed: string[] = [];

  constructor(host: FirmwareHost, image: RecognisedTasmota, parts: Hlw8012Parts = POW_PARTS) {
    this.#host = host;
    this.image = image;
    this.version = image.version;
    this.format = consoleFormat(image.version);
    this.#parts = parts;
    this.#bootAt = host.now();
    const stored = readSettings(host.nor);
    this.#loaded = stored !== undefined;
    this.#settings = stored ?? defaults();
  }

  // ---- what a test may look at ------------------------------------------------------

  get module(): ModuleNumber {
    return this.#settings.module;
  }
  get gpios(): Readonly<Record<number, string>> {
    return MODULE_GPIOS[this.#settings.module];
  }
  get relayOn(): boolean {
    return this.#settings.power;
  }
  get calibration(): Calibration {
    return { ...this.#settings.cal };
  }
  get wifi(): WifiState {
    return this.#wifi;
  }
  get hostname(): string {
    const raw = `${this.topic}-${String(this.#host.chipId & 0x1fff).padStart(4, '0')}`; // WIFI_DEFAULT_HOSTNAME "%s-%04d" (my_user_config.h:97; tasmota.ino:675-677)
    if (!this.format.hostnameDashes) return raw;
    return raw.replace(/[^A-Za-z0-9.]/g, '-').replace(/^-/, 'x'); // tasmota.ino:681-686
  }
  /** MQTT_TOPIC PROJECT "_%06X": the last six hex digits of the MAC (my_user_config.h:147; Format, support_tasmota.ino:27-66). */
  get topic(): string {
    return this.format.topicWithMac ? `tasmota_${this.#macHex().slice(-6)}` : 'tasmota';
  }

  // ---- boot -----------------------------------------------------------------------

  /** setup(): one empty line, then the boot log (tasmota.ino:548-549, 567, 709-710; settings.ino:837, 947). */
  start(): void {
    const f = this.format;
    this.#host.print('\r\n', this.#host.now()); // Serial.println() before any log line
    if (f.hardwareLine) this.#logAt(AT.hardware, 'HDW: ESP8266EX');
    this.#logAt(AT.config, this.#loaded ? `CFG: Loaded from flash at ${SETTINGS_SECTOR.toString(16).toUpperCase()}, Count ${this.#settings.count}` : 'CFG: Use defaults');
    if (this.#settings.module === 6 && f.energyInitLine) this.#logAt(AT.energy, 'NRG: Init driver 1');
    this.#logAt(AT.project, `Project tasmota${f.projectDash ? ' -' : ''} Tasmota Version ${this.#versionString()}-${this.#core()}(${this.#buildTime()})`);
    this.#startWifi();
  }

  /** The chip stopped (power, reset): nothing more happens. */
  stop(): void {
    this.#stopped = true;
  }

  // ---- the console ------------------------------------------------------------------

  /**
   * Bytes from the UART: printable ones (32-126) collect, anything above 127
   * empties the line, other control characters (CR included) are dropped; LF
   * runs the line (support_tasmota.ino:1851-1859, 1906-1913). No echo.
   */
  receive(bytes: Uint8Array): void {
    for (const byte of bytes) {
      if (this.#stopped) return;
      if (byte > 127) {
        this.#line = [];
        continue;
      }
      if (byte >= 32 && byte < 127) {
        if (this.#line.length < INPUT_BUFFER_SIZE - 1) this.#line.push(byte);
        else this.#overrun = true;
        continue;
      }
      if (byte !== 0x0a) continue;
      const line = String.fromCharCode(...this.#line);
      const overrun = this.#overrun;
      this.#line = [];
      this.#overrun = false;
      if (overrun) this.#log('CMD: Serial buffer overrun');
      else {
        this.#log(`CMD: ${line}`);
        this.#execute(line);
      }
    }
  }

  /** ExecuteCommand → CommandHandler (support_command.ino:333-366, 388-520). */
  #execute(commandLine: string): void {
    this.executed.push(commandLine);
    const parsed = parseCommand(commandLine);
    if (parsed === undefined) return;
    const { index, userIndex, data } = parsed;
    // A leading _ is skipped and the command's own reply is not published; Unknown and Error still are (support_command.ino:422-425, 496-499, 513-517).
    const quiet = parsed.type.length > 1 && parsed.type.startsWith('_');
    const type = quiet ? parsed.type.slice(1) : parsed.type;
    const payload = payloadOf(data);
    // Data "?" only asks: the command runs as without data (support_command.ino:454), the Input text keeps it.
    const reply = this.#command(type, index, userIndex, data === '?' ? '' : data, payload);
    if (reply === undefined || reply === 'error') {
      // No response from any command: {"Command":"Unknown"|"Error","Input":"<TYPE><idx> <data>"} (:497-510).
      const input = `${type}${index !== 1 ? index : ''}${data ? ' ' : ''}${jsonEscape(data)}`.slice(0, 63);
      this.#result('RESULT', `{"Command":"${reply === undefined ? 'Unknown' : 'Error'}","Input":"${input}"}`);
      return;
    }
    if (this.#stopped) return;
    if (reply !== null && !quiet) this.#result(reply.topic, reply.json);
    // The reply is published by the command itself; the restart it asked for comes from the loop later.
    if (this.#restartFlag > 0 && !this.#restartTicking) {
      this.#restartTicking = true;
      this.#tick(nextTick(this.#clock()));
    }
  }

  /** One command: its reply (topic and JSON), null for no reply, undefined for an unknown command. */
  #command(type: string, index: number, userIndex: boolean, data: string, payload: number): { topic: string; json: string } | 'error' | null | undefined {
    const result = (json: string) => ({ topic: 'RESULT', json });
    const s = this.#settings;
    switch (type) {
      case 'BACKLOG':
        return this.#commandBacklog(index, data);
      case 'STATUS':
        return this.#commandStatus(index, payload);
      case 'SSID': {
        // CmndSsid (support_command.ino:2399-2414): SSId without index lists both; with data it stores and restarts.
        if (index < 1 || index > 2) return undefined;
        if (!userIndex) return result(`{"SSId1":"${jsonEscape(s.ssid[0])}","SSId2":"${jsonEscape(s.ssid[1])}"}`);
        if (data.length > 0) {
          const shortcut = shortcutOf(data);
          s.ssid[index - 1] = shortcut === 'clear' || shortcut === 'default' ? '' : data;
          s.staActive = (index - 1) as 0 | 1;
          this.#setRestart();
        }
        return result(`{"SSId${index}":"${jsonEscape(s.ssid[index - 1]!)}"}`);
      }
      case 'PASSWORD': {
        // CmndPassword (:2416-2437): Password1/2 with more than 4 characters stores it and answers it in
        // clear; Password3/4 store 1/2 and answer "****"; no (or a short) argument answers "****".
        if (index < 1 || index > 4) return undefined;
        let asterisk = index > 2;
        const slot = asterisk ? index - 2 : index;
        const shortcut = shortcutOf(data);
        if (data.length > 4 || shortcut === 'clear' || shortcut === 'default') {
          s.password[slot - 1] = shortcut === 'clear' || shortcut === 'default' ? '' : data;
          s.staActive = (slot - 1) as 0 | 1;
          this.#setRestart();
          if (!asterisk) return result(`{"Password${slot}":"${jsonEscape(s.password[slot - 1]!)}"}`);
        } else asterisk = true;
        return result(`{"Password${slot}":"****"}`); // S_JSON_COMMAND_INDEX_ASTERISK (include/i18n.h:940, D_ASTERISK_PWD :909)
      }
      case 'MODULE': {
        // CmndModule (:1854-1888), {"Module":{"6":"Sonoff Pow"}} (S_JSON_COMMAND_NVALUE_SVALUE, i18n.h:928).
        if (index !== 1) return undefined; // Module2 (the fallback module) is not modelled
        if (payload in MODULES) {
          s.module = payload as ModuleNumber;
          this.#setRestart();
        } else if (payload !== -99) {
          this.#note(`Module ${payload} is not modelled`); // a real device would take any valid module
          return null;
        }
        return result(`{"Module":{"${s.module}":"${MODULES[s.module]}"}}`);
      }
      case 'RESTART':
        // CmndRestart (:1357-1399): 1 restarts, anything else (but 2/9/99/-n, not modelled) explains.
        if (payload === 1) {
          this.#setRestart();
          return result('{"Restart":"Restarting"}'); // D_JSON_RESTARTING (i18n.h:171)
        }
        return result('{"Restart":"1 to restart, 2 to halt"}'); // D_JSON_ONE_TO_RESTART (i18n.h:368)
      case 'POWER':
        return this.#commandPower(index, data, payload);
      case 'HOSTNAME':
        // CmndHostname (:2440-2450), reading it only.
        if (data === '') return result(`{"Hostname":"${this.hostname}"}`);
        this.#note('Setting the hostname is not modelled'); // a real device stores it and restarts
        return null;
      case 'POWERSET':
      case 'VOLTAGESET':
      case 'CURRENTSET':
      case 'POWERCAL':
      case 'VOLTAGECAL':
      case 'CURRENTCAL':
        return this.#commandCalibration(type, data, payload);
      default:
        return undefined;
    }
  }

  /** CmndBacklog (:524-573): queue the commands; no reply of its own; none: clear the queue. */
  #commandBacklog(index: number, data: string): { topic: string; json: string } | null {
    if (data === '') {
      const empty = this.#backlog.length === 0;
      this.#backlog = [];
      return { topic: 'RESULT', json: `{"Backlog":"${empty ? 'Empty' : 'Aborted'}"}` }; // D_JSON_EMPTY / D_JSON_ABORTED (i18n.h:76, 29)
    }
    this.#backlogNoDelay = (index & 1) === 0;
    for (let command of splitBacklog(data)) {
      while (/^backlog/i.test(command.trim())) command = command.trim().slice('backlog'.length);
      command = command.trim();
      if (command !== '' && !/^reset/i.test(command)) this.#backlog.push(command); // "Do not allow command Reset in backlog"
    }
    this.#nextBacklogAt = this.#clock();
    this.#runBacklog();
    return null;
  }

  /** BacklogLoop (tasmota.ino:729-760): one queued command each time the timer is reached. */
  #runBacklog(): void {
    if (this.#backlogRunning || this.#stopped) return;
    this.#backlogRunning = true;
    this.#after(Math.max(this.#nextBacklogAt, this.#clock()), () => {
      this.#backlogRunning = false;
      const command = this.#backlog.shift();
      if (command === undefined) return;
      this.#nextBacklogAt = this.#clock() + (this.#backlogNoDelay ? 0 : AT.backlog);
      this.#execute(command);
      if (this.#backlog.length > 0) this.#runBacklog();
      else this.#backlogNoDelay = false;
    });
  }

  /** CmndStatus (:898-1188). Each part is its own line, named STATUS<n> (CmndStatusResponse :875-895). */
  #commandStatus(index: number, payload: number): { topic: string; json: string } | 'error' | null {
    const n = index === 0 ? 0 : payload;
    // Above MAX_STATUS 13 (include/tasmota.h:225), 9 without an energy driver, 12 without a crash dump and 13
    // without shutters, CmndStatus returns before any response: {"Command":"Error"} (support_command.ino:902-908).
    if (n > 13 || (n === 9 && this.#settings.module !== 6) || n === 12 || n === 13) return 'error';
    if (!MODELLED_STATUS.has(n)) {
      this.#note(`Status ${n} is not modelled`);
      return null;
    }
    const s = this.#settings;
    if (n === -99) {
      const status =
        `{"Status":{"Module":${s.module},"DeviceName":"Tasmota","FriendlyName":["Tasmota"],"Topic":"${this.topic}","ButtonTopic":"0",` +
        `"Power":"${s.power ? 1 : 0}","PowerLock":"0","PowerOnState":3,"LedState":1,"LedMask":"FFFF","SaveData":1,"SaveState":1,"SwitchTopic":"0",` +
        `"SwitchMode":[${new Array(32).fill(0).join(',')}],"ButtonRetain":0,"SwitchRetain":0,"SensorRetain":0,"PowerRetain":0,"InfoRetain":0,"StateRetain":0,"StatusRetain":0}}`;
      return { topic: 'STATUS', json: status };
    }
    if (n === 2) {
      const cpu = this.format.cpuFrequency ? ',"CpuFrequency":80' : '';
      return {
        topic: 'STATUS2',
        json: `{"StatusFWR":{"Version":"${this.#versionString()}","BuildDateTime":"${this.#buildTime()}","Boot":31,"Core":"${this.#core()}","SDK":"2.2.2-dev(38a443e)"${cpu},"Hardware":"ESP8266EX","CR":"377/699"}}`,
      };
    }
    if (n === 5) {
      const joined = this.#wifi.kind === 'joined' ? this.#wifi.lease : undefined;
      const [gateway, subnet, dns1, dns2] = s.ipv4;
      return {
        topic: 'STATUS5',
        json:
          `{"StatusNET":{"Hostname":"${this.hostname}","IPAddress":"${joined?.ip ?? '0.0.0.0'}","Gateway":"${gateway}","Subnetmask":"${subnet}",` +
          `"DNSServer1":"${dns1}","DNSServer2":"${dns2}","Mac":"${this.#host.mac.toUpperCase()}","Webserver":2,"HTTP_API":1,"WifiConfig":4,"WifiPower":17.0}}`,
      };
    }
    return { topic: n === 8 ? 'STATUS8' : 'STATUS10', json: `{"StatusSNS":${this.#sensorJson()}}` };
  }

  /** MqttShowSensor: the time, then the energy driver's part (support_tasmota.ino:1048; xdrv_03_energy.ino:1229-1410). */
  #sensorJson(): string {
    const time = `{"Time":"${isoTime(this.#clock())}"`;
    if (this.#settings.module !== 6) return `${time}}`;
    const r = this.#reading();
    // EnergyShow: apparent = V·I; if below active (mis-calibrated) it is forced to active and the factor capped at 1 (:1242-1283).
    let apparent = r.volts * r.amps;
    let factor = r.power && apparent ? r.power / apparent : 0;
    if (apparent < r.power) {
      apparent = r.power;
      if (factor > 1) factor = 1;
    }
    let reactive = 0;
    const difference = Math.floor((Math.floor(apparent * 100) - Math.floor(r.power * 100)) / 10);
    if (r.amps > 0.005 && (difference > 15 || difference > Math.floor((apparent * 100) / 1000))) reactive = Math.round(Math.sqrt(apparent * apparent - r.power * r.power) * 10) / 10;
    // Resolutions: Total/Yesterday/Today 3 (ENERGY_RESOLUTION, my_user_config.h:313), W and V 0, A 3 (settings.ino:1204-1206).
    return (
      `${time},"ENERGY":{"TotalStartTime":"${isoTime(0)}","Total":0.000,"Yesterday":0.000,"Today":0.000,` +
      `"Power":${r.power.toFixed(0)},"ApparentPower":${apparent.toFixed(0)},"ReactivePower":${reactive.toFixed(0)},"Factor":${factor.toFixed(2)},` +
      `"Voltage":${r.volts.toFixed(0)},"Current":${r.amps.toFixed(3)}}}`
    );
  }

  /** The driver's reading now: the chip's periods for the mains and load, Tasmota's arithmetic on them. */
  #reading(): ReturnType<typeof reading> {
    const periods = pulsePeriods(this.#host.surroundings.mains, this.#settings.power, this.#parts);
    return reading(periods, this.#settings.cal, this.#settings.power);
  }

  /**
   * PowerSet / VoltageSet / CurrentSet and the *Cal commands (xdrv_03_energy.ino:951-1045;
   * xnrg_01_hlw8012.ino:285-313). They exist only with an energy driver, i.e. Module 6 (Xdrv03 :1514).
   */
  #commandCalibration(type: string, data: string, payload: number): { topic: string; json: string } | undefined {
    if (this.#settings.module !== 6) return undefined;
    const cal = this.#settings.cal;
    const kind = type.startsWith('POWER') ? 'power' : type.startsWith('VOLTAGE') ? 'voltage' : 'current';
    const name = { power: 'Power', voltage: 'Voltage', current: 'Current' }[kind];
    const store = (value: number): void => {
      if (value > 99) {
        cal[kind] = value; // EnergyCommandCalSetResponse stores only values over 99 (:951-954)
        this.#save();
      }
    };
    if (type.endsWith('CAL')) {
      store(payload);
      return { topic: 'RESULT', json: `{"${name}Cal":${cal[kind]}}` };
    }
    const periods = pulsePeriods(this.#host.surroundings.mains, this.#settings.power, this.#parts);
    const args = data.split(',').map((a) => a.trim());
    if (this.format.twoArgumentSet && kind !== 'voltage' && args.length > 1) {
      // PowerSet 60.0,230: R from the targets, then I and P at the *measured* voltage (:997-1031).
      const pGoal = parseFloat(args[0]!);
      const uGoal = parseFloat(args[1]!);
      const resistance = uGoal / (pGoal / uGoal);
      const uMeasured = this.#reading().volts;
      const iCal = (uMeasured / resistance) * 1000;
      const pCal = uMeasured * (uMeasured / resistance);
      const first = kind === 'power' ? { kind: 'current' as const, value: iCal } : { kind: 'power' as const, value: pCal };
      const second = kind === 'power' ? pCal : iCal;
      const c1 = calibrationFor(first.kind, first.value, periods);
      if (c1 !== undefined && c1 > 99) cal[first.kind] = c1;
      const c2 = calibrationFor(kind, second, periods);
      if (c2 !== undefined) store(c2);
      this.#save();
      return { topic: 'RESULT', json: `{"${name}SetCal":${cal[kind]}}` }; // the second Response_P replaces the first
    }
    const value = data === '' ? undefined : calibrationFor(kind, parseFloat(data), periods);
    store(value ?? (data === '' ? 0 : payload));
    return { topic: 'RESULT', json: `{"${name}SetCal":${cal[kind]}}` };
  }

  /** CmndPower → ExecuteCommandPower → MqttPublishPowerState: RESULT {"POWER":"ON"}, then POWER = ON (xdrv_02_9_mqtt.ino:916-944). */
  #commandPower(index: number, data: string, payload: number): { topic: string; json: string } | null | undefined {
    if (index !== 1) return undefined; // one relay
    if (data !== '') {
      if (payload === 0) this.#settings.power = false;
      else if (payload === 1) this.#settings.power = true;
      else if (payload === 2) this.#settings.power = !this.#settings.power;
      else return undefined;
      this.#save(); // SaveState (SetOption0) with SaveData 1 (my_user_config.h:63-64)
    }
    const state = this.#settings.power ? 'ON' : 'OFF';
    this.#result('RESULT', `{"POWER":"${state}"}`);
    this.#result('POWER', state);
    return null;
  }

  // ---- restart --------------------------------------------------------------------------

  /**
   * restart_flag = 2: checked once a second (Every250mSeconds, state 1) when the backlog is empty
   * (CommandsReady): first the settings are saved and the flag drops to 1, a second later
   * "APP: Restarting" and ESP.restart() (support_tasmota.ino:1320-1326, 1564-1637).
   */
  #setRestart(): void {
    this.#restartFlag = 2;
  }

  #tick(at: number): void {
    this.#after(at, () => {
      if (this.#backlog.length > 0 || this.#backlogRunning) return this.#tick(at + 1000);
      if (this.#restartFlag === 2) this.#save();
      this.#restartFlag--;
      if (this.#restartFlag > 0) return this.#tick(at + 1000);
      const end = this.#log('APP: Restarting');
      this.#stopped = true;
      this.#host.restart(end);
    });
  }

  #save(): void {
    this.#settings.count++;
    writeSettings(this.#host.nor, this.#settings);
  }

  // ---- Wi-Fi ------------------------------------------------------------------------------

  /**
   * No SSID: the WifiManager access point (support_wifi.ino:1168-1172; xdrv_01_9_webserver.ino:718 and
   * the HTP line of support_network.ino:131-136 at 192.168.4.1, the SDK's soft-AP address, as the real log
   * of arendst/Tasmota#22756 shows). An SSID: "Connecting to AP1 <ssid>[ Channel c BSSId b] in mode 11n as
   * <host>..." (support_wifi.ino:358-368), then the outcome (:1100-1160).
   */
  #startWifi(): void {
    const s = this.#settings;
    if (s.ssid[0] === '' && s.ssid[1] === '') {
      this.#wifi = { kind: 'manager' };
      this.#logAt(AT.wifiManager, 'WIF: WifiManager active for 3 minutes');
      this.#logAt(AT.apWebServer, `HTP: Web server active on ${this.hostname} with IP address 192.168.4.1`);
      return;
    }
    this.#attempt(AT.connecting);
  }

  #attempt(at: number): void {
    const s = this.#settings;
    const slot = s.ssid[s.staActive] === '' ? ((1 - s.staActive) as 0 | 1) : s.staActive;
    const ssid = s.ssid[slot];
    this.#after(at, () => {
      const quick = s.wifiChannel ? ` Channel ${s.wifiChannel} BSSId ${s.bssid}` : '';
      this.#wifi = { kind: 'connecting' };
      this.#log(`WIF: Connecting to AP${slot + 1} ${ssid}${quick} in mode ${this.format.phyMode} as ${this.hostname}...`);
      const outcome = join(this.#host.surroundings.networks, ssid, s.password[slot]);
      if (outcome.kind === 'joined') {
        this.#after(at + (AT.connected - AT.connecting), () => {
          this.#wifi = outcome;
          s.wifiChannel = outcome.lease.channel;
          s.bssid = bssidFor(ssid);
          s.ipv4 = [outcome.lease.gateway, outcome.lease.subnet, outcome.lease.dns, '0.0.0.0'];
          this.#log('WIF: Connected');
        });
        this.#after(at + (AT.webServer - AT.connecting), () => this.#log(`HTP: Web server active on ${this.hostname} with IP address ${outcome.lease.ip}`));
        return;
      }
      this.#after(at + AT.failure, () => {
        this.#wifi = { kind: 'failed', why: outcome.kind };
        s.wifiChannel = 0; // "Disable stored AP"
        this.#log(`WIF: ${outcome.kind === 'wrong-password' ? this.format.wrongPassword : 'Connect failed as AP cannot be reached'}`);
        // Tasmota keeps trying (WifiConfig 4, Retry). Under instant timing there is no "later" to try in.
        if (!this.#host.instant) this.#attempt(at + AT.failure + AT.retry);
      });
    });
  }

  // ---- output -------------------------------------------------------------------------------

  /** "RSL: <last topic part> = <payload>", before 9.3.1.4 the full topic (xdrv_02_9_mqtt.ino:719-745). */
  #result(topic: string, payload: string): number {
    const name = this.format.resultFullTopic ? `stat/${this.topic}/${topic}` : topic;
    return this.#log(`RSL: ${name} = ${payload}`);
  }

  /** A log line at INFO: "HH:MM:SS.mmm " (or "HH:MM:SS " before 9.3.0) + text + CRLF (support.ino:2805). */
  #log(text: string): number {
    const ms = this.#clock();
    return this.#host.print(`${logTime(ms, this.format.milliseconds)} ${text}\r\n`, this.#host.now());
  }

  #logAt(at: number, text: string): void {
    this.#after(at, () => this.#log(text));
  }

  /** A note for a person reading the console capture; it never goes on the wire. */
  #note(text: string): void {
    this.notes.push(text);
  }
  readonly notes: string[] = [];

  /** Milliseconds since boot as the firmware counts them (see README: under instant timing, the last modelled event). */
  #clock(): number {
    if (this.#host.instant) return this.#modelNow;
    return Math.max(this.#modelNow, this.#host.now() - this.#bootAt);
  }

  /**
   * Runs `fn` at `ms` since boot (modelled time). Events run in time order from one queue: under
   * instant timing every wait is zero, so the order, not the clock, must keep them apart.
   */
  #after(ms: number, fn: () => void): void {
    const event = { ms: Math.max(ms, this.#modelNow), seq: this.#seq++, fn };
    let i = this.#events.length;
    while (i > 0 && (this.#events[i - 1]!.ms > event.ms || (this.#events[i - 1]!.ms === event.ms && this.#events[i - 1]!.seq > event.seq))) i--;
    this.#events.splice(i, 0, event);
    this.#pump();
  }

  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (!this.#stopped && this.#events.length > 0) {
        const head = this.#events[0]!;
        const due = this.#bootAt + this.#host.span(head.ms);
        if (!this.#host.instant && due > this.#host.now()) {
          if (this.#armedFor !== due) {
            // at() reads the clock again: when the time has come in between, it runs the callback at once,
            // inside this loop, where #pump() would return (#pumping): then the loop itself goes on.
            let ranAtOnce = false;
            this.#armedFor = due;
            this.#host.at(due, () => {
              if (this.#pumping) {
                ranAtOnce = true;
                return;
              }
              this.#armedFor = undefined;
              this.#pump();
            });
            if (ranAtOnce) {
              this.#armedFor = undefined;
              continue;
            }
          }
          break;
        }
        this.#events.shift();
        this.#modelNow = Math.max(this.#modelNow, head.ms);
        head.fn();
      }
    } finally {
      this.#pumping = false;
    }
  }

  #versionString(): string {
    return `${versionText(this.version)}(release-tasmota)`; // "(release-tasmota)" in GitHub release builds (tasmota.ino:670-672)
  }
  #core(): string {
    return this.image.core ?? '2_7_8';
  }
  /** GetBuildDateAndTime's ISO form (support_rtc.ino:80-100). The build time of a real image is not readable here: a fixed one (made up). */
  #buildTime(): string {
    return '2025-12-09T12:00:00';
  }
  #macHex(): string {
    return this.#host.mac.replace(/:/g, '').toUpperCase();
  }
}

// ---- helpers ------------------------------------------------------------------------------------

/** The first Every250mSeconds state-1 pass after `ms` (passes at 250 ms past each second: state_250mS counts 0-3). */
function nextTick(ms: number): number {
  return Math.floor((ms - 250) / 1000) * 1000 + 1250;
}

function logTime(ms: number, withMs: boolean): string {
  const t = Math.floor(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const hms = `${two(Math.floor(t / 3_600_000) % 24)}:${two(Math.floor(t / 60_000) % 60)}:${two(Math.floor(t / 1000) % 60)}`;
  return withMs ? `${hms}.${String(t % 1000).padStart(3, '0')}` : hms;
}

/** Without a time server the clock counts from 1970-01-01 at boot (UNCONFIRMED: the simulated network has no NTP). */
function isoTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
}

function jsonEscape(text: string): string {
  return text.replace(/["\\]/g, (c) => `\\${c}`);
}

/** A stable made-up BSSID for a network name (the simulated access point's MAC). */
function bssidFor(ssid: string): string {
  let h = 0x811c9dc5;
  for (const c of ssid) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const bytes = [0x02, 0x00, (h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
  return bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

export interface ParsedCommand {
  /** Upper case, without the index digits. */
  type: string;
  index: number;
  userIndex: boolean;
  /** After leading spaces. */
  data: string;
}

/**
 * ExecuteCommand splits "SSId1 my net" into the command (letters, digits, '_'; a '/' starts it
 * again) and its data; CommandHandler upper-cases it, takes trailing digits as the index (1 when
 * none) and skips the data's leading spaces (support_command.ino:333-366, 400-435).
 */
export function parseCommand(line: string): ParsedCommand | undefined {
  let pos = 0;
  while (pos < line.length && /\s/.test(line[pos]!)) pos++;
  let start = pos;
  while (pos < line.length && /[A-Za-z0-9_/]/.test(line[pos]!)) {
    if (line[pos] === '/') start = pos + 1;
    pos++;
  }
  if (pos <= start) return undefined;
  let type = line.slice(start, pos).toUpperCase();
  let index = 1;
  let userIndex = false;
  const digits = /\d+$/.exec(type);
  if (digits !== null && digits.index > 0) {
    index = parseInt(digits[0], 10);
    userIndex = true;
    type = type.slice(0, digits.index);
  }
  const data = line.slice(pos).replace(/^\s+/, '');
  return { type, index, userIndex, data };
}

/** strtol(data, 0) or -99; ON/OFF/TOGGLE words as GetStateNumber reads them (support_command.ino:437-445; support.ino kOptions). */
function payloadOf(data: string): number {
  const word = data.trim().toUpperCase();
  if (['OFF', 'FALSE', 'STOP'].includes(word)) return 0;
  if (['ON', 'TRUE', 'START'].includes(word)) return 1;
  if (word === 'TOGGLE') return 2;
  const match = /^\s*([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)/i.exec(data);
  if (match === null) return -99;
  const body = match[2]!;
  const value = body.toLowerCase().startsWith('0x') ? parseInt(body, 16) : body.length > 1 && body.startsWith('0') ? parseInt(body, 8) : parseInt(body, 10);
  return match[1] === '-' ? -value : value;
}

/** Shortcut(): a single '"' or '0' clears, a single '1' means the default (support.ino:742-757). */
function shortcutOf(data: string): 'clear' | 'default' | undefined {
  if (data.length !== 1) return undefined;
  if (data === '"' || data === '0') return 'clear';
  return data === '1' ? 'default' : undefined;
}

/** Backlog's split on ';', keeping a ';' inside {…} (support_command.ino:532-541). */
/**
 * Backlog's commands: strtok on ';' (empty pieces skipped), and a piece whose
 * '{' and '}' do not pair up takes the next one, ';' restored, until they do
 * (support_command.ino:534-542).
 */
function splitBacklog(data: string): string[] {
  const count = (text: string, c: string): number => text.split(c).length - 1;
  const pieces = data.split(';').filter((piece) => piece !== '');
  const out: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    let command = pieces[i]!;
    while (i + 1 < pieces.length && count(command, '{') !== count(command, '}')) command += `;${pieces[++i]!}`;
    out.push(command);
  }
  return out;
}

function readSettings(nor: NorFlash): Settings | undefined {
  const base = SETTINGS_SECTOR * SECTOR_SIZE;
  const head = nor.read(base, 6);
  if (!RECORD_MAGIC.every((b, i) => head[i] === b)) return undefined;
  const length = head[4]! | (head[5]! << 8);
  if (length === 0 || length > SECTOR_SIZE - 6) return undefined;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(nor.read(base + 6, length)));
    return isSettings(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isSettings(value: unknown): value is Settings {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Settings>;
  return typeof v.count === 'number' && Array.isArray(v.ssid) && Array.isArray(v.password) && (v.module === 1 || v.module === 6) && typeof v.cal === 'object' && Array.isArray(v.ipv4);
}

function writeSettings(nor: NorFlash, settings: Settings): void {
  const body = new TextEncoder().encode(JSON.stringify(settings));
  const record = new Uint8Array(6 + body.length);
  record.set(RECORD_MAGIC, 0);
  record[4] = body.length & 0xff;
  record[5] = body.length >> 8;
  record.set(body, 6);
  nor.eraseSector(SETTINGS_SECTOR);
  nor.program(SETTINGS_SECTOR * SECTOR_SIZE, record);
}
