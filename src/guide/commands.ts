/**
 * Every command the guide shows, written once for every language: the
 * English and the Spanish page name a command here (`<Command name="backup">`),
 * so both show, copy and run exactly the same text. Prose around a command is
 * translated; a command never is.
 *
 * `step` is the step the command belongs to (its heading's stable id, the
 * same in every language); a command without one is shown and copied only.
 * `console` marks a command typed into the firmware's console rather than a
 * terminal, and where (see ConsoleCommand.astro); `run` gives that block the
 * step's "Run this step" button (one block per step).
 */
export interface TerminalCommand {
  readonly text: string;
  readonly step?: string;
}

export interface ConsoleLine {
  readonly text: string;
  readonly step: string;
  readonly console: 'serial' | 'web-console';
  readonly run?: boolean;
}

export const terminalCommands = {
  'install-esptool': { text: 'pip install --upgrade esptool' },
  'esptool-version': { text: 'esptool.py version' },
  backup: { step: 'backup', text: 'esptool.py --port COM3 --baud 115200 read_flash 0x00000 0x100000 sonoff-backup.bin' },
  'erase-flash': { step: 'erase-flash', text: 'esptool.py --port COM3 --baud 115200 erase_flash' },
  'write-firmware': { step: 'write-firmware', text: 'esptool.py --port COM3 --baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin' },
  restore: { step: 'restore', text: 'esptool.py --port COM3 --baud 115200 write_flash -fs 1MB -fm dio 0x00000 sonoff-backup.bin' },
} as const satisfies Record<string, TerminalCommand>;

export const consoleLines = {
  'first-boot': { step: 'first-boot', console: 'serial', run: true, text: 'Restart 1' },
  wifi: { step: 'wifi', console: 'serial', run: true, text: 'Backlog SSID1 MyNetwork; Password1 MyPassword' },
  module: { step: 'module', console: 'serial', run: true, text: 'Module 6' },
  'find-ip': { step: 'find-ip', console: 'serial', run: true, text: 'Status 5' },
  'calibrate-voltage': { step: 'calibrate', console: 'web-console', text: 'VoltageSet 230' },
  'calibrate-power': { step: 'calibrate', console: 'web-console', text: 'PowerSet 60,230' },
  'calibrate-all': { step: 'calibrate', console: 'web-console', text: 'Backlog PowerSet 60; VoltageSet 230; CurrentSet 261' },
  protect: { step: 'protect', console: 'web-console', text: 'MaxPower 3500' },
} as const satisfies Record<string, ConsoleLine>;

export type TerminalCommandName = keyof typeof terminalCommands;
export type ConsoleLineName = keyof typeof consoleLines;
