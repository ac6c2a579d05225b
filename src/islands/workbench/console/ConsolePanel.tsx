/**
 * The serial console: what the device prints (with the time each line came),
 * scrollback, pause, clear, download, and a line to send. A reply in JSON
 * (Tasmota's) is shown indented under the command that asked for it. The
 * lines come from the console with secrets already taken out.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { ConsoleLine } from '../../../console/index.ts';
import { downloadBytes } from '../../../backups/download.ts';
import { ct } from '../../../i18n/index.ts';
import { consoleCore } from '../features.tsx';
import { clearConsole, closeConsole, consoleFirmware, consoleLines, consoleStatus, openConsole, openedConsole } from './owner.ts';
import { StatusLine } from './StatusLine.tsx';
import './console.css';

function time(at: number): string {
  const d = new Date(at);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** A note of the console's own (its code and detail, "opened 115200"), in the reader's words. */
function noteText(line: ConsoleLine): string {
  const detail = line.text.split(' ').slice(1).join(' ');
  switch (line.note) {
    case 'opened':
      return ct('console.note.opened', { baud: detail });
    case 'closed':
      return ct('console.note.closed');
    case 'port-lost':
      return ct('console.note.portLost');
    case 'read-error':
      return ct('console.note.readError');
    default:
      return line.text;
  }
}

function Line({ line }: { line: ConsoleLine }) {
  const core = consoleCore.useLoaded().part;
  const json = line.direction === 'device' ? core?.prettyJson(line.text) : undefined;
  return (
    <div class={`console-line ${line.direction}`}>
      <span class="console-time">{time(line.at)}</span> {line.direction === 'sent' ? <span class="console-marker">{ct('console.sentMarker')} </span> : null}
      <span class="console-text">{line.direction === 'note' ? noteText(line) : line.text}</span>
      {json !== undefined && <pre class="console-json">{json}</pre>}
    </div>
  );
}

export function ConsolePanel() {
  const status = consoleStatus.value;
  const lines = consoleLines.value;
  const paused = useSignal(false);
  /** Lines frozen while paused: the console keeps collecting, the view waits. */
  const frozen = useSignal<readonly ConsoleLine[]>([]);
  const pausedAt = useSignal(0);
  const input = useSignal('');
  const sendError = useSignal<string | undefined>(undefined);
  const view = useRef<HTMLDivElement>(null);
  const shown = paused.value ? frozen.value : lines;

  useEffect(() => {
    const element = view.current;
    if (element && !paused.value) element.scrollTop = element.scrollHeight;
  }, [shown.length, paused.value]);

  const send = async (event: Event): Promise<void> => {
    event.preventDefault();
    const line = input.value.trim();
    sendError.value = undefined;
    if (line === '') {
      sendError.value = ct('console.sendEmpty');
      return;
    }
    const console = openedConsole();
    if (!console) return;
    try {
      await console.send(line);
      input.value = '';
    } catch (error) {
      const core = await consoleCore.load();
      sendError.value = core.isConsoleError(error, 'line-too-long')
        ? ct('console.sendTooLong')
        : core.isConsoleError(error, 'not-printable-ascii')
          ? ct('console.sendNotPrintable')
          : ct('console.sendFailed');
    }
  };

  const download = async (): Promise<void> => {
    const core = await consoleCore.load();
    const console = openedConsole();
    // The console's own scrollback (redacted as it came in); after a close, what the page still shows.
    const lines = console ? console.lines : consoleLines.peek();
    downloadBytes(new TextEncoder().encode(core.logFileText(lines)), core.logFileName(Date.now()));
  };

  const open = status.kind === 'open';
  const firmware = consoleFirmware.value;
  return (
    <section class="console-panel" aria-label={ct('console.label')}>
      <div class="console-head">
        <StatusLine status={status} firmware={firmware} />
        <div class="step-buttons">
          {open ? (
            <button type="button" class="secondary" onClick={() => void closeConsole()}>
              {ct('console.close')}
            </button>
          ) : status.kind === 'flasher-holds' ? (
            <button type="button" onClick={() => void openConsole({ takeFromFlasher: true })}>
              {ct('console.takeFromFlasher')}
            </button>
          ) : (
            <button type="button" disabled={status.kind === 'opening'} onClick={() => void openConsole()}>
              {ct('console.open')}
            </button>
          )}
          <button
            type="button"
            class="secondary"
            aria-pressed={paused.value}
            onClick={() => {
              frozen.value = consoleLines.peek();
              pausedAt.value = Date.now();
              paused.value = !paused.value;
            }}
          >
            {paused.value ? ct('console.resume') : ct('console.pause')}
          </button>
          <button type="button" class="secondary" disabled={lines.length === 0} onClick={clearConsole}>
            {ct('console.clear')}
          </button>
          <button type="button" class="secondary" disabled={lines.length === 0} onClick={() => void download()}>
            {ct('console.download')}
          </button>
        </div>
      </div>
      {paused.value && <p class="run-step-note">{ct('console.pausedNote', { waiting: lines.filter((line) => line.at > pausedAt.value).length })}</p>}
      <div class="console-view" ref={view} role="log" aria-label={ct('console.viewLabel')} tabIndex={0}>
        {shown.length === 0 ? <p class="console-empty">{ct('console.empty')}</p> : shown.map((line, i) => <Line key={`${line.at}-${i}`} line={line} />)}
      </div>
      <form class="console-send" onSubmit={(event) => void send(event)}>
        <label for="console-input">{ct('console.inputLabel')}</label>
        <input
          id="console-input"
          type="text"
          autocomplete="off"
          spellcheck={false}
          disabled={!open}
          value={input.value}
          onInput={(event) => {
            input.value = event.currentTarget.value;
          }}
        />
        <button type="submit" disabled={!open}>
          {ct('console.send')}
        </button>
      </form>
      {sendError.value && (
        <p class="file-refused" role="alert">
          {sendError.value}
        </p>
      )}
      <p class="run-step-note">{ct('console.passwordNote')}</p>
    </section>
  );
}
