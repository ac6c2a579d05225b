/**
 * The two values in every command that depend on the reader's machine: the
 * serial port and the baud rate. They are remembered across visits and
 * written into every `[data-port]` / `[data-baud]` span of the page; the
 * islands read and change them through these functions.
 */
import { DEFAULT_PORTS, detectSystem, isSystem, parseBaud, type System } from './systems.ts';

export interface CommandVars {
  port: string;
  baud: number;
}

type Listener = (vars: CommandVars) => void;

const KEY = { system: 'sonoff-pow.system', port: 'sonoff-pow.port', baud: 'sonoff-pow.baud' } as const;
/** The guide's speed, what every command shows until the reader picks another. */
export const DEFAULT_BAUD = 115200;
const listeners = new Set<Listener>();

// Private browsing or a blocked storage must not break the page: values then
// last until the page closes.
const memory = new Map<string, string>();
function load(key: string): string | null {
  try {
    return localStorage.getItem(key) ?? memory.get(key) ?? null;
  } catch {
    return memory.get(key) ?? null;
  }
}
function save(key: string, value: string): void {
  memory.set(key, value);
  try {
    localStorage.setItem(key, value);
  } catch {
    // kept in memory only
  }
}

function platformName(): string | undefined {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return nav.userAgentData?.platform || nav.platform;
}

export function getSystem(): System {
  const stored = load(KEY.system);
  return isSystem(stored) ? stored : detectSystem(platformName());
}

export function getPort(): string {
  return load(KEY.port) || DEFAULT_PORTS[getSystem()];
}

export function getBaud(): number {
  return parseBaud(load(KEY.baud)) ?? DEFAULT_BAUD;
}

function changed(): void {
  renderCommandVars();
  const vars = { port: getPort(), baud: getBaud() };
  for (const listener of listeners) listener(vars);
}

/** The reader's own port; blank input is ignored (a command needs a port). */
export function setPort(port: string): void {
  const value = port.trim();
  if (value === '' || value === getPort()) return;
  save(KEY.port, value);
  changed();
}

export function setBaud(baud: number): void {
  if (!Number.isSafeInteger(baud) || baud <= 0) throw new RangeError(`not a baud rate: ${baud}`);
  if (baud === getBaud()) return;
  save(KEY.baud, String(baud));
  changed();
}

/** Choosing a system also picks its usual port name. */
export function setSystem(system: System): void {
  save(KEY.system, system);
  save(KEY.port, DEFAULT_PORTS[system]);
  changed();
}

/** Call `listener` after every change of port or baud; returns the unsubscribe. */
export function onCommandVarsChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Write the current values into every command on the page. */
export function renderCommandVars(root: ParentNode = document): void {
  const port = getPort();
  const baud = String(getBaud());
  for (const span of root.querySelectorAll('[data-port]')) if (span.textContent !== port) span.textContent = port;
  for (const span of root.querySelectorAll('[data-baud]')) if (span.textContent !== baud) span.textContent = baud;
}
