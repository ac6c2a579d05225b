/**
 * English words of what the page shows before its first click (the device
 * strip's first state, the Run buttons, the file pickers, the notes, what this
 * browser can do). They are data, not code: the page carries its own
 * language's as JSON (ShellWords.astro), so no language costs the first
 * paint a byte of JavaScript. A value is text, or a template whose `{name}`
 * is filled in (src/i18n/shell.ts).
 */
export const shell = {
  'panel.region': 'Device',
  'panel.device': 'Device',
  'panel.notConnected': 'not connected',
  'panel.connect': 'Connect…',
  'panel.useVirtual': 'No device? Use a virtual Sonoff POW',
  'panel.unsupported': '{reason} The virtual Sonoff POW still works here, for practice.',
  'step.run': 'Run this step',
  'step.makeCommands': 'Work out my commands',
  'file.choose': 'Choose {fileName}…',
  'file.drop': 'or drop it here',
  'file.none': 'No file chosen yet.',
  'file.chosen': 'Chosen: {name} ({size} bytes).',
  'note.noWebSerial.terminal': 'You can still copy the command and run it in a terminal (see',
  'note.noWebSerial.getEsptool': 'Getting esptool',
  'note.noWebSerial.rehearse': '), or rehearse with the virtual Sonoff POW from the device strip.',
  'note.loadFailure': 'The flasher could not be loaded. Check your connection and reload the page; the commands above still work in a terminal.',
  'note.unfinished.lead':
    'The last write ({fileName}, started {when}) did not finish: the page was reloaded or closed, or the device was lost, while it ran. The device may not start. Connect it in flash mode and run',
  'note.unfinished.link': 'that step',
  'note.unfinished.tail': 'again.',
  'note.unfinished.earlier': 'earlier',
  'support.notSecure': 'This page is not served over https (or localhost), so the browser hides Web Serial.',
  'support.firefoxAndroid': 'Firefox for Android has no Web Serial (Firefox {firefox} added it on desktop computers only). Use {browsers}.',
  'support.firefoxOld': 'This Firefox (version {version}) has no Web Serial yet: Firefox has it from version {firefox} on desktop computers. Update Firefox, then reload this page.',
  'support.firefoxOff': 'This Firefox should have Web Serial (version {firefox} or newer), but it is turned off here. Check the browser’s settings, or use Chrome or Edge.',
  'support.android': 'This browser has no Web Serial for USB adapters on Android. Use {browsers}.',
  'support.none': 'This browser has no Web Serial. Use {browsers}.',
  'support.desktopBrowsers': 'Chrome, Edge, or Firefox {firefox} or newer, on a desktop computer',
  'support.androidUsb':
    'On Android, Chrome lists only some USB serial adapters: FTDI and PL2303 adapters are reported not to appear, and CH340 and CP2102 adapters are not confirmed to. If yours is not in the list, use a desktop computer.',
} as const;
