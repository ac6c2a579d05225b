/**
 * English messages of what the page shows before its first click (the device
 * strip's first state, the Run buttons, the file pickers, the notes): kept
 * apart so that code stays within the page's JavaScript budget; `../en.ts`
 * merges them into the whole catalogue for the workbench.
 */
import { lookup, type ParamsOf } from '../lookup.ts';

export const shell = {
  'panel.region': 'Device',
  'panel.device': 'Device',
  'panel.notConnected': 'not connected',
  'panel.connect': 'Connect…',
  'panel.useVirtual': 'No device? Use a virtual Sonoff POW',
  'panel.unsupported': ({ reason }: { reason: string }) => `${reason} The virtual Sonoff POW still works here, for practice.`,
  'step.run': 'Run this step',
  'step.makeCommands': 'Work out my commands',
  'file.choose': ({ fileName }: { fileName: string }) => `Choose ${fileName}…`,
  'file.drop': 'or drop it here',
  'file.none': 'No file chosen yet.',
  'file.chosen': ({ name, size }: { name: string; size: string }) => `Chosen: ${name} (${size} bytes).`,
  'note.noWebSerial.terminal': 'You can still copy the command and run it in a terminal (see',
  'note.noWebSerial.getEsptool': 'Getting esptool',
  'note.noWebSerial.rehearse': '), or rehearse with the virtual Sonoff POW from the device strip.',
  'note.loadFailure': ({ reason }: { reason: string }) =>
    `The flasher could not be loaded (${reason}). Check your connection and reload the page; the commands above still work in a terminal.`,
  'note.unfinished.lead': ({ fileName, when }: { fileName: string; when: string }) =>
    `The last write (${fileName}, started ${when}) did not finish: the page was reloaded or closed, or the device was lost, while it ran. The device may not start. Connect it in flash mode and run`,
  'note.unfinished.link': 'that step',
  'note.unfinished.tail': 'again.',
  'note.unfinished.earlier': 'earlier',
} as const;

/** A message of the shell, for code that runs before the workbench loads (the workbench uses `t()`). */
export function shellText<K extends keyof typeof shell>(key: K, ...params: ParamsOf<typeof shell, K>): string {
  return lookup(shell, key, params);
}
