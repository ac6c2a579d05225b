/**
 * The English message catalogue: every string the connection dialog, the
 * device panel, the rehearsal controls and the adapter check show. A
 * message is text, or a function of its values; a second language is a file
 * with the same keys (typed by `Catalogue`, so a missing key fails the
 * type check).
 *
 * Parts that grow on their own (the connection diagnosis, writing only what
 * changed, the site's offline and update notices) keep their messages in
 * `en/`, merged here.
 */
import { diagnosis } from './en/diagnosis.ts';
import { site } from './en/site.ts';
import { writeChanged } from './en/write-changed.ts';

export const en = {
  'connect.title': 'Connect to the Sonoff POW',
  'connect.titleVirtual': 'Connect to the virtual Sonoff POW',
  'connect.safety.strong': 'Never connect AC mains and the serial adapter at the same time.',
  'connect.safety.why': 'On the POW the low-voltage side is tied to mains: with both connected, your computer and you are exposed.',
  'connect.safety.confirm': 'The Sonoff is unplugged from AC mains; only the adapter powers it.',
  'connect.prepare.lead': 'First put the Sonoff in flash mode. The adapter powers it, so flash mode starts when you plug the adapter in:',
  'connect.prepare.hold': 'Hold down the Sonoff’s button.',
  'connect.prepare.plug': 'While you hold it, plug the adapter into the computer’s USB port.',
  'connect.prepare.release': 'Release the button after a second.',
  'connect.prepare.autoReset': 'Plug the adapter into the computer. The page resets the Sonoff into flash mode through DTR/RTS.',
  'connect.prepare.next': 'Then choose the adapter in the browser’s list.',
  'connect.prepare.nextVirtual': 'Then choose the virtual adapter in the list.',
  'connect.autoReset': 'My adapter has DTR/RTS wired to GPIO0/EN (auto-reset): reset it into flash mode for me',
  'connect.choose': 'Choose the port',
  'connect.cancel': 'Cancel',
  'connect.close': 'Close',
  'connect.tryAgain': 'Try again',
  'connect.choosing': 'Choose the adapter in the browser’s list.',
  'connect.choosingVirtual': 'Choose the virtual Sonoff POW’s adapter in the list.',
  'connect.nothingChosen': 'No port was chosen. If the list was empty, the computer does not see the adapter: check its USB cable, and on Windows that its driver is installed.',
  'connect.noAdapterVirtual': 'The list was empty: the virtual adapter is not plugged in. Plug it in (holding the button), then choose the port.',
  'connect.waiting.lead': 'The Sonoff is not in flash mode yet. Keep the adapter plugged in (unplugging it closes the port):',
  'connect.waiting.hold': 'Hold down the button.',
  'connect.waiting.power': 'Disconnect the 3.3 V wire from the Sonoff and connect it again.',
  'connect.waiting.release': 'Release the button.',
  'connect.waiting.autoReset': 'Resetting the Sonoff into flash mode through DTR/RTS…',
  'connect.waiting.listening': 'Listening…',
  'connect.waiting.left': ({ seconds }: { seconds: number }) => `Still listening: ${seconds} s left.`,
  'connect.portLost.title': 'The adapter was unplugged',
  'connect.portLost.connect': 'The browser closed its port. Plug the adapter back in while holding the Sonoff’s button, and release the button after a second.',
  'connect.portLost.step': ({ step }: { step: string }) =>
    `The browser closed its port during “${step}”. Plug the adapter back in while holding the Sonoff’s button, and release the button after a second. The step then runs again from the start.`,
  'connect.portLost.auto': 'The page finds the adapter by itself when it comes back. If it does not, choose it again:',
  'connect.portLost.choose': 'Choose the port again',
  'connect.connected': 'Connected. You can release the button.',
  'connect.details': 'What happened',
  'panel.region': 'Device',
  'panel.device': 'Device',
  'panel.deviceVirtual': 'Device (virtual Sonoff POW)',
  'panel.notConnected': 'not connected',
  'panel.connecting': 'connecting…',
  'panel.connect': 'Connect…',
  'panel.boot.lead': 'Last step:',
  'panel.boot.text': 'disconnect, then power-cycle the Sonoff without holding the button. It then starts the new firmware.',
  'panel.boot.reset': 'Reset and boot it now',
  'panel.disconnect': 'Disconnect',
  'panel.useVirtual': 'No device? Use a virtual Sonoff POW',
  'panel.speed': 'Speed',
  'panel.speed.guide': ({ baud }: { baud: number }) => `${baud} baud (as in the guide)`,
  'panel.speed.faster': ({ baud }: { baud: number }) => `${baud} baud (faster)`,
  'panel.autoReset': 'My adapter has DTR/RTS (auto-reset)',
  'panel.check': 'Check this adapter and device',
  'check.running': 'Checking the adapter and the device (nothing is written)…',
  'check.result.ok': ({ speeds }: { speeds: string }) => `The adapter and the device work at ${speeds} baud. Nothing was written.`,
  'check.result.failed': ({ failed }: { failed: string }) => `The link did not work at ${failed} baud. Use a lower speed, or a shorter cable. Nothing was written.`,
  'check.result.stopped': ({ reason }: { reason: string }) => `The check stopped early: ${reason}`,
  'check.download': 'Download the report',
  'check.region': 'Adapter and device check',
  'rehearsal.group': 'Virtual Sonoff POW controls',
  'rehearsal.badge': 'Virtual Sonoff POW',
  'rehearsal.hold': 'Hold the button (GPIO0)',
  'rehearsal.release': 'Release the button (GPIO0)',
  'rehearsal.plug': 'Plug the adapter into USB',
  'rehearsal.unplug': 'Unplug the adapter from USB',
  'rehearsal.wireOn': 'Connect the 3.3 V wire',
  'rehearsal.wireOff': 'Disconnect the 3.3 V wire',
  'rehearsal.state': ({ usb, wire, button }: { usb: boolean; wire: boolean; button: boolean }) =>
    `USB ${usb ? 'plugged in' : 'unplugged'}, 3.3 V wire ${wire ? 'connected' : 'disconnected'}, button ${button ? 'held' : 'up'}`,
  'step.keepInFront': 'Keep this tab open and in front until the step ends: Chrome may close a background tab to free memory, and an open serial port does not stop it.',
  'step.runAgain': 'Connected again: running the step again from the start.',
  'step.portLost': 'The adapter was unplugged during the step; waiting for it to come back.',
  ...diagnosis,
  ...writeChanged,
  ...site,
} as const;

export type Catalogue = { readonly [K in keyof typeof en]: (typeof en)[K] extends string ? string : (typeof en)[K] };
export type MessageKey = keyof typeof en;
