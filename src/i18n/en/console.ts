/**
 * English messages of the serial console and the steps after the flash. They
 * load with the console's part of the page (not with the first Connect):
 * src/i18n/load.ts fetches them, `ct()` looks them up.
 */
interface Readings {
  watts: number;
  volts: number;
  amps: number;
}

const reading = ({ watts, volts, amps }: Readings): string => `${watts} W, ${volts} V, ${amps} A`;

export const consoleText = {
  'console.label': 'Serial console',
  'console.viewLabel': 'What the Sonoff printed',
  'console.empty': 'Nothing yet. What the Sonoff prints appears here.',
  'console.sentMarker': 'sent:',
  'console.open': 'Open the console',
  'console.note.opened': ({ baud }: { baud: string }) => `The console opened the port at ${baud} baud.`,
  'console.note.closed': 'The console closed the port.',
  'console.note.portLost': 'The adapter went away.',
  'console.note.readError': 'Some bytes arrived damaged (a loose wire, or another speed); the console goes on listening.',
  'console.close': 'Close the console',
  'console.takeFromFlasher': 'Disconnect the flasher and open the console',
  'console.pause': 'Pause',
  'console.resume': 'Resume',
  'console.pausedNote': ({ waiting }: { waiting: number }) => `Paused: ${waiting} new line${waiting === 1 ? '' : 's'} waiting. The console keeps listening.`,
  'console.clear': 'Clear',
  'console.download': 'Download the console log',
  'console.inputLabel': 'Send a command',
  'console.send': 'Send',
  'console.sendEmpty': 'Type a command first, for example Status 2.',
  'console.sendFailed': 'The command could not be sent. Check the adapter is plugged in, then open the console again.',
  'console.sendTooLong': 'That command is too long for Tasmota’s console (at most 799 characters). Nothing was sent.',
  'console.sendNotPrintable': 'That command has a character the console cannot send (an accent, an emoji, a tab). Nothing was sent.',
  'console.passwordNote': 'Passwords you send are replaced by **** here and in the downloaded log. The page does not store them.',

  'console.firmware.tasmota': 'Tasmota',
  'console.firmware.tasmotaVersion': ({ version }: { version: string }) => `Tasmota ${version}`,
  'console.firmware.espurna': 'ESPurna',
  'console.firmware.espurnaVersion': ({ version }: { version: string }) => `ESPurna ${version}`,
  'console.firmware.espeasy': 'ESPEasy',

  'console.status.open': 'The console is open at 115200 baud.',
  'console.status.openWith': ({ firmware }: { firmware: string }) => `The console is open at 115200 baud. The Sonoff runs ${firmware}.`,
  'console.status.opening': 'Opening the console…',
  'console.status.flasherHolds': 'The flasher is connected to the Sonoff. The console needs the port: disconnect the flasher first.',
  'console.status.closed': 'The console is closed.',
  'console.status.flasherBusy': 'The flasher is busy with the Sonoff. Open the console when its step has finished.',
  'console.status.loadFailed': 'The console’s part of the page did not load. Check the internet connection, then open the console again.',
  'console.status.closedForFlasher': 'The console was closed because the flasher needed the port. Open it again when you have finished flashing.',
  'console.status.lost': 'The adapter went away, so the console closed. Plug the adapter back in and open the console again.',
  'console.status.portBusy': 'Another program has the port open (a serial monitor or a terminal?). Close it, then open the console again.',
  'console.status.noWebSerial': 'This browser cannot open serial ports. Use Chrome or Edge on a computer, or the virtual Sonoff POW.',
  'console.status.openFailed': 'The port did not open. Unplug the adapter, plug it back in, and open the console again.',

  'console.error.timeout': 'The Sonoff did not answer in time.',
  'console.error.lost': 'The connection to the Sonoff was lost.',
  'console.error.closed': 'The console was closed before the Sonoff answered.',
  'console.error.action': 'Check that the Sonoff runs its firmware (restarted without the button held), then run the step again.',

  'console.firstBoot.restart':
    'Now restart the Sonoff without holding the button: disconnect the 3.3 V wire and connect it again. Keep the USB cable plugged in, so the console keeps listening.',
  'console.firstBoot.found': ({ firmware }: { firmware: string }) => `The Sonoff started ${firmware}.`,
  'console.firstBoot.accessPoint': ({ ssid, ip }: { ssid: string; ip: string }) => `It opened its own Wi-Fi network, “${ssid}”, with its setup page at ${ip}. Step 6 gives it your network instead.`,
  'console.firstBoot.onWifi': ({ ip }: { ip: string }) => `It is already on a Wi-Fi network, at ${ip}.`,
  'console.firstBoot.nothing': 'The Sonoff printed nothing at 115200 baud.',
  'console.firstBoot.nothingAction': 'Check it was restarted without the button held, and that the adapter’s TX and RX wires go to the Sonoff’s RX and TX.',
  'console.firstBoot.unknown': 'The Sonoff printed something, but not what Tasmota, ESPurna or ESPEasy print: perhaps it still runs its original firmware, or another one.',
  'console.firstBoot.unknownAction': 'Read the console below. If it shows nothing readable, write the firmware again (step 3).',

  'console.wifi.group': 'Your Wi-Fi network',
  'console.wifi.ssid': 'Network name (SSID)',
  'console.wifi.password': 'Wi-Fi password',
  'console.wifi.privacy': 'The password goes to the Sonoff only: the page does not store it, show it in the console, or put it in a link.',
  'console.wifi.sending': ({ ssid }: { ssid: string }) => `Sending the Wi-Fi details for “${ssid}”; the Sonoff restarts and tries to join.`,
  'console.wifi.apMode': ({ ssid, ip }: { ssid: string; ip: string }) => `The Sonoff has no Wi-Fi details: it opened its own network “${ssid}” (address ${ip}).`,
  'console.wifi.apModeAction': 'Run the step again with your network’s name and password, or join its network and open its address.',
  'console.wifi.joined': ({ ssid, ip }: { ssid: string; ip: string }) => `The Sonoff joined “${ssid}”. Its address is ${ip}.`,
  'console.wifi.wrongPassword': ({ ssid }: { ssid: string }) => `The Sonoff found “${ssid}” but could not join: the password is wrong.`,
  'console.wifi.wrongPasswordAction': 'Type the password again (it is case-sensitive) and run the step again.',
  'console.wifi.noNetwork': ({ ssid }: { ssid: string }) => `The Sonoff cannot find a network called “${ssid}”.`,
  'console.wifi.noNetworkAction': 'Check the name (it is case-sensitive) and that the network is a 2.4 GHz one: the Sonoff cannot use 5 GHz.',
  'console.wifi.noOutcome': 'The Sonoff did not say whether it joined.',
  'console.wifi.noAddress': ({ ssid }: { ssid: string }) => `The Sonoff joined “${ssid}” but got no address from it.`,
  'console.wifi.noAddressAction': 'Check that the router hands out addresses (DHCP) and has room for one more device, then run the step again.',
  'console.wifi.apTimeout': ({ ssid }: { ssid: string }) => `The Sonoff found “${ssid}” but it did not answer in time.`,
  'console.wifi.apTimeoutAction': 'Move the Sonoff closer to the router, or check the router accepts 2.4 GHz devices, then run the step again.',
  'console.wifi.refused.ssidEmpty': 'Type the network name first. Nothing was sent.',
  'console.wifi.refused.ssidTooLong': 'That network name is too long: a Wi-Fi name has at most 32 characters. Nothing was sent.',
  'console.wifi.refused.passwordTooShort': 'A Wi-Fi (WPA2) password has at least 8 characters. Leave it empty only for an open network. Nothing was sent.',
  'console.wifi.refused.passwordTooLong': 'That password is too long: a Wi-Fi password has at most 63 characters. Nothing was sent.',
  'console.wifi.refused.notPrintable': 'The name or the password has a character the serial console cannot send (an accent, an emoji). Use the access point instead. Nothing was sent.',
  'console.wifi.refused.edgeSpace': 'The name or the password starts or ends with a space, which the console would drop. Check what you typed. Nothing was sent.',
  'console.wifi.refused.useAccessPoint': 'The name or the password has a character the console command would misread (“;”, a brace, or a lone 0, 1 or ?). Use the access point instead. Nothing was sent.',

  'console.module.restarting': 'The Sonoff took Module 6 and restarts with the POW’s pins.',
  'console.module.done': ({ name }: { name: string }) => `It is set up as a ${name} now: the relay, the LED and the power meter work.`,
  'console.module.notSet': ({ reply }: { reply: string }) => `The Sonoff did not confirm Module 6. It answered: ${reply}`,

  'console.address.found': ({ ip, hostname }: { ip: string; hostname: string }) => `Its address is ${ip} and its name ${hostname}. Open http://${ip}/ in a browser on the same network.`,
  'console.address.waiting': 'No address yet: waiting for the Sonoff to join the Wi-Fi after its restart.',
  'console.address.none': 'The Sonoff has no address yet: it is not on your Wi-Fi.',
  'console.address.noneAction': 'Run the Wi-Fi step first, then this one.',

  'console.calibration.watts': 'Your bulb’s power (W)',
  'console.calibration.volts': 'Your mains voltage (V)',
  'console.calibration.version': 'Tasmota version (from the first step, or its web page’s footer)',
  'console.calibration.make': 'Work out the commands',
  'console.calibration.planLead': ({ range }: { range: string }) =>
    `For ${range}: with the bulb plugged into the Sonoff, type these in the Sonoff’s web page, under Tools, Console, one at a time. The first switches the bulb on. After each, wait a few seconds, until the main page shows the new readings.`,
  'console.calibration.expect': ({ watts, volts, milliamps }: { watts: number; volts: number; milliamps: number }) =>
    `Afterwards its main page should show about ${watts} W, ${volts} V and ${(milliamps / 1000).toFixed(3)} A. If the power is far off, check the bulb is an incandescent or halogen one, not LED.`,
  'console.calibration.range.wholeNumbers': 'Tasmota 5.12 to 6.2 (whole numbers only)',
  'console.calibration.range.decimals': 'Tasmota 6.3 to 14.2',
  'console.calibration.range.powerAndVoltage': 'Tasmota 14.3 and later',
  'console.calibration.refused.version': 'Type the Tasmota version as the first step showed it, for example 15.2.0.',
  'console.calibration.refused.versionTooOld': 'This Tasmota is older than 5.12, whose calibration commands this page does not know. Update Tasmota first.',
  'console.calibration.refused.notANumber': 'Type the power and the voltage as numbers, for example 60 and 230.',
  'console.calibration.refused.load': 'Use a load between 10 W and 3500 W: below 10 W the meter is too coarse to calibrate, above 3500 W is more than the POW is made for.',
  'console.calibration.refused.mains': 'Type your mains voltage between 90 V and 264 V (for example 230 or 120).',
  'console.calibration.refused.current': 'That load draws more than the POW’s 16 A at this voltage. Use a smaller one.',
  'console.calibration.refused.notResistive': 'The current does not match the power and voltage of a bulb or a heater. Use an incandescent bulb, a kettle or a heater.',
  'console.calibration.virtualNote': 'On the virtual Sonoff you can practise: the page sends these through its console and reads the meter before and after.',
  'console.calibration.noReading': 'The Sonoff gave no energy reading.',
  'console.calibration.noReadingAction': 'Make it a POW first (Module 6), switch it on, and check the bulb is plugged in.',
  'console.calibration.readings': ({ before, after }: { before: Readings; after: Readings }) => `Before: ${reading(before)}. After: ${reading(after)}.`,
} as const;
