/**
 * The steps after the flash, each under its console command: the first boot
 * (the console opens and says which firmware started), Wi-Fi (a form that
 * sends the command; the password goes to the device and nowhere else),
 * Module 6, and the address. Each runs exactly the command the guide shows,
 * or, for Wi-Fi, the same command with what the reader typed.
 */
import { useSignal } from '@preact/signals';
import type { ConsoleLine, SerialConsole, WifiInputCode } from '../../../console/index.ts';
import { ct } from '../../../i18n/index.ts';
import { consoleCore } from '../features.tsx';
import { Log, Needs, Outcome, RunButton } from '../parts.tsx';
import { useRunRequest } from '../run-request.ts';
import type { StepRun } from '../step-run.ts';
import { ConsolePanel } from './ConsolePanel.tsx';
import { performConsole } from './console-run.ts';
import { consoleFirmware, consoleLines, consoleStatus, openConsole } from './owner.ts';
import { firmwareName } from './StatusLine.tsx';

/** How long a restarted Tasmota takes to print its first lines and join Wi-Fi, with room to spare. */
const RESTART_MS = 30_000;
const REPLY_MS = 5_000;
/** After its version line, Tasmota says within a second where its Wi-Fi stands (0.3 s and 0.8 s in the 14.4.1.2 log of arendst/Tasmota#22756). */
const WIFI_STATE_MS = 5_000;

/** When the flasher holds the port: the explicit switch, then the step runs. */
function TakePort({ run, then }: { run: StepRun; then: () => void }) {
  if (consoleStatus.value.kind !== 'flasher-holds' || run.needs.value === undefined) return null;
  return (
    <button type="button" onClick={() => void openConsole({ takeFromFlasher: true }).then((console) => console && then())}>
      {ct('console.takeFromFlasher')}
    </button>
  );
}

/** What the reader is told when the console refuses what they typed (nothing was sent). */
function wifiRefusal(code: WifiInputCode): string {
  switch (code) {
    case 'ssid-empty':
      return ct('console.wifi.refused.ssidEmpty');
    case 'ssid-too-long':
      return ct('console.wifi.refused.ssidTooLong');
    case 'password-too-short':
      return ct('console.wifi.refused.passwordTooShort');
    case 'password-too-long':
    case 'password-not-hex':
      return ct('console.wifi.refused.passwordTooLong');
    case 'not-printable-ascii':
      return ct('console.wifi.refused.notPrintable');
    case 'edge-space':
      return ct('console.wifi.refused.edgeSpace');
    case 'semicolon':
    case 'unbalanced-braces':
    case 'shortcut-value':
    case 'query-value':
      return ct('console.wifi.refused.useAccessPoint');
  }
}

/** The console's own lines (a waitFor predicate runs before the page's copy of them has the newest). */
function linesSince(console: SerialConsole, at: number): readonly ConsoleLine[] {
  return console.lines.filter((line) => line.at >= at);
}

/** The guide's restart command (Restart 1): the boot lines name the firmware and its version. */
async function firstBoot(run: StepRun, console: SerialConsole, line: string): Promise<void> {
  const core = await consoleCore.load();
  const sentAt = Date.now();
  const booted = (): boolean => {
    const heard = core.recogniseBoot(linesSince(console, sentAt));
    return heard.firmware !== 'unknown' && (heard.firmware !== 'tasmota' || heard.version !== undefined);
  };
  const waitForBoot = async (ms: number): Promise<void> => {
    if (!booted()) await core.unlessTimeout(console.waitFor(booted, ms));
  };
  // No answer: not Tasmota (another firmware ignores the command), or not started yet: its boot lines will tell.
  await core.unlessTimeout(console.command(line, { timeoutMs: REPLY_MS }));
  await waitForBoot(RESTART_MS);
  if (!booted()) {
    run.needs.value = ct('console.firstBoot.restart');
    await waitForBoot(60_000);
    run.needs.value = undefined;
  }
  let heard = core.recogniseBoot(linesSince(console, sentAt));
  // The version line missed (or nothing readable): Tasmota names its version in Status 2; another firmware ignores it.
  if (heard.firmware === 'unknown' || (heard.firmware === 'tasmota' && heard.version === undefined)) {
    const reply = await core.unlessTimeout(console.command('Status 2', { timeoutMs: REPLY_MS }));
    const version = reply?.kind === 'result' ? core.tasmotaVersionFromStatus2(reply.json) : undefined;
    if (version !== undefined) heard = { firmware: 'tasmota', version, versionText: core.formatVersion(version), line: reply!.line };
  }
  if (heard.firmware !== 'unknown') consoleFirmware.value = heard;
  // Tasmota goes on to say where its Wi-Fi stands: its own access point (a new plug) or your network.
  const wifi = (): ReturnType<typeof core.parseWifiOutcome> => core.parseWifiOutcome(linesSince(console, sentAt));
  if (heard.firmware === 'tasmota')
    await core.unlessTimeout(console.waitFor(() => ['ap-mode', 'joined'].includes(wifi().kind), WIFI_STATE_MS));
  const state = wifi();
  const notes = state.kind === 'ap-mode' ? [ct('console.firstBoot.accessPoint', { ssid: state.ssid, ip: state.ip })] : state.kind === 'joined' ? [ct('console.firstBoot.onWifi', { ip: state.ip })] : undefined;
  run.outcome.value =
    heard.firmware !== 'unknown'
      ? { ok: true, text: ct('console.firstBoot.found', { firmware: firmwareName(heard) }), notes }
      : heard.heard === 'nothing'
        ? { ok: false, text: ct('console.firstBoot.nothing'), action: ct('console.firstBoot.nothingAction') }
        : { ok: false, text: ct('console.firstBoot.unknown'), action: ct('console.firstBoot.unknownAction') };
}

export function FirstBootStep({ run, line }: { run: StepRun; line: string }) {
  const start = (): void => void performConsole(run, (console) => firstBoot(run, console, line));
  useRunRequest(run.stepId, start);
  // While the flasher holds the port, the step itself offers the switch (TakePort); the console shows once it has opened.
  const kind = consoleStatus.value.kind;
  const showConsole = (kind !== 'closed' && kind !== 'flasher-holds') || consoleLines.value.length > 0;
  return (
    <div class="run-step not-content" data-run-step={run.stepId}>
      <RunButton run={run} onRun={start} />
      <Needs run={run} />
      <TakePort run={run} then={start} />
      <Outcome run={run} />
      {showConsole && <ConsolePanel />}
    </div>
  );
}

export function WifiStep({ run }: { run: StepRun }) {
  const ssid = useSignal('');
  const password = useSignal('');
  const refusal = useSignal<string | undefined>(undefined);
  const start = (): void => {
    refusal.value = undefined;
    void consoleCore.load().then((core) => {
      const name = ssid.peek();
      const built = core.wifiCommand(name, password.peek());
      if (!built.ok) {
        // Nothing is sent: the reader fixes what they typed.
        refusal.value = wifiRefusal(built.code);
        return;
      }
      void performConsole(run, async (console) => {
        run.note(ct('console.wifi.sending', { ssid: name }));
        const attempt = await core.configureWifi(console, name, password.peek(), { timeoutMs: RESTART_MS });
        const outcome = attempt.sent ? attempt.outcome : undefined;
        switch (outcome?.kind) {
          case 'joined':
            run.outcome.value = { ok: true, text: ct('console.wifi.joined', { ssid: name, ip: outcome.ip }) };
            break;
          case 'wrong-password':
            run.outcome.value = { ok: false, text: ct('console.wifi.wrongPassword', { ssid: name }), action: ct('console.wifi.wrongPasswordAction') };
            break;
          case 'no-network':
            run.outcome.value = { ok: false, text: ct('console.wifi.noNetwork', { ssid: name }), action: ct('console.wifi.noNetworkAction') };
            break;
          case 'no-ip-address':
            run.outcome.value = { ok: false, text: ct('console.wifi.noAddress', { ssid: name }), action: ct('console.wifi.noAddressAction') };
            break;
          case 'ap-timeout':
            run.outcome.value = { ok: false, text: ct('console.wifi.apTimeout', { ssid: name }), action: ct('console.wifi.apTimeoutAction') };
            break;
          case 'ap-mode':
            run.outcome.value = { ok: false, text: ct('console.wifi.apMode', { ssid: outcome.ssid, ip: outcome.ip }), action: ct('console.wifi.apModeAction') };
            break;
          default:
            run.outcome.value = { ok: false, text: ct('console.wifi.noOutcome'), action: ct('console.error.action') };
        }
      });
    }, () => {
      refusal.value = ct('console.status.loadFailed');
    });
  };
  useRunRequest(run.stepId, start);
  // Enter in a field runs the step. No <form>: a submitted form with a password field makes the browser offer to save it.
  const enter = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    start();
  };
  return (
    <div class="run-step not-content" data-run-step={run.stepId}>
      <div
        role="group"
        aria-label={ct('console.wifi.group')}
        class="wifi-form"
      >
        <label>
          {ct('console.wifi.ssid')}
          <input type="text" name="ssid" autocomplete="off" spellcheck={false} value={ssid.value} onKeyDown={enter} onInput={(event) => (ssid.value = event.currentTarget.value)} />
        </label>
        <label>
          {ct('console.wifi.password')}
          <input type="password" name="wifi-password" autocomplete="off" value={password.value} onKeyDown={enter} onInput={(event) => (password.value = event.currentTarget.value)} />
        </label>
        <p class="run-step-note">{ct('console.wifi.privacy')}</p>
      </div>
      {refusal.value && (
        <p class="file-refused" role="alert">
          {refusal.value}
        </p>
      )}
      <RunButton run={run} onRun={start} />
      <Needs run={run} />
      <TakePort run={run} then={start} />
      <Outcome run={run} />
      <Log run={run} />
    </div>
  );
}

async function setModule(run: StepRun, console: SerialConsole, line: string): Promise<void> {
  const core = await consoleCore.load();
  const sentAt = Date.now();
  const reply = await console.command(line, { timeoutMs: REPLY_MS });
  const module = reply.kind === 'result' ? core.parseModule(reply.json) : undefined;
  if (module?.number !== core.SONOFF_POW_MODULE) {
    run.outcome.value = { ok: false, text: ct('console.module.notSet', { reply: reply.line }), action: ct('console.error.action') };
    return;
  }
  run.note(ct('console.module.restarting'));
  // It restarts with the new pins; once its boot has printed the version line, it takes commands again.
  await console.waitFor(() => {
    const booted = core.recogniseBoot(linesSince(console, sentAt));
    return booted.firmware === 'tasmota' && booted.version !== undefined;
  }, RESTART_MS);
  const again = await console.command('Module', { timeoutMs: REPLY_MS });
  const after = again.kind === 'result' ? core.parseModule(again.json) : undefined;
  run.outcome.value =
    after?.number === core.SONOFF_POW_MODULE
      ? { ok: true, text: ct('console.module.done', { name: after.name }) }
      : { ok: false, text: ct('console.module.notSet', { reply: again.line }), action: ct('console.error.action') };
}

async function findAddress(run: StepRun, console: SerialConsole, line: string): Promise<void> {
  const core = await consoleCore.load();
  const askedAt = Date.now();
  const ask = async (): Promise<ReturnType<typeof core.parseStatus5>> => {
    const reply = await console.command(line, { timeoutMs: REPLY_MS });
    return reply.kind === 'result' ? core.parseStatus5(reply.json) : undefined;
  };
  let net = await ask();
  if (net !== undefined && net.ip === undefined) {
    // Just restarted (Module 6 restarts it): it may still be joining. Wait for it to say so, then ask again.
    run.note(ct('console.address.waiting'));
    const joined = (): boolean => core.parseWifiOutcome(linesSince(console, askedAt)).kind === 'joined';
    await core.unlessTimeout(console.waitFor(joined, RESTART_MS));
    if (joined()) net = await ask();
  }
  if (net?.ip === undefined) {
    run.outcome.value = { ok: false, text: ct('console.address.none'), action: ct('console.address.noneAction') };
    return;
  }
  run.outcome.value = { ok: true, text: ct('console.address.found', { ip: net.ip, hostname: net.hostname }) };
}

/** A step that sends its command as shown and reads the reply: Module 6, Status 5. */
export function CommandStep({ run, line, kind }: { run: StepRun; line: string; kind: 'module' | 'address' }) {
  const start = (): void => void performConsole(run, (console) => (kind === 'module' ? setModule(run, console, line) : findAddress(run, console, line)));
  useRunRequest(run.stepId, start);
  return (
    <div class="run-step not-content" data-run-step={run.stepId}>
      <RunButton run={run} onRun={start} />
      <Needs run={run} />
      <TakePort run={run} then={start} />
      <Outcome run={run} />
      <Log run={run} />
    </div>
  );
}
