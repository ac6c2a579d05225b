/**
 * English messages of the connection diagnosis, kept out of the main
 * catalogue: they load with the diagnosis view (src/islands/workbench/
 * Diagnosis.tsx), only when the page has something to diagnose.
 *
 * The connection diagnosis (src/flasher/diagnose.ts): why the Sonoff does
 * not answer, from what the page heard, and what to do; the adapter, named
 * from its USB ids (src/flasher/adapters.ts), with what people commonly need
 * for it. Sources of the adapter notes:
 * - CH34x: on OS X 10.9–10.11 it needed WCH's own driver, CH341SER
 *   (ichbinzustaendig.de, 2016-05-03, pointing at wch.cn CH341SER_MAC);
 *   the CH340 runs up to 2 Mbaud (CH340 datasheet §5, src/virtual-device/adapter.ts).
 * - CP210x: Silicon Labs' "CP210x USB to UART Bridge VCP Drivers"; the CP2102
 *   runs "300 bps to 1 Mbps" (CP2102 datasheet), the older CP2101 to 921600
 *   (research sheet physical-chain.md §6, CherryUSB usbh_cp210x; UNCONFIRMED in mainline Linux).
 * - FTDI: FTDI's Windows driver of 2014 disabled counterfeit chips, a later one
 *   sent "NON GENUINE DEVICE FOUND!" instead of the data (ichbinzustaendig.de, citing Hackaday);
 *   the FT232R runs up to 3 Mbaud (DS_US232R-10 §2.1.9).
 * - PL2303: Prolific's Windows drivers from v3.3 refuse the end-of-life or
 *   counterfeit PL2303HXA/XA chips with "Code 10" (ke4rg.blogspot.com 2015-04,
 *   goughlui.com 2017-11); the PL2303HX runs up to 6 Mbaud (Linux pl2303.c pl2303_type_data).
 * - Espressif's own USB (vendor 303A): an ESP32-S2/S3/C3 board's USB, not an
 *   adapter; the ESP8266 has none.
 */

export const diagnosis = {
  'diagnosis.region': 'Why it does not connect',
  'diagnosis.firmware-started.title': 'The Sonoff started its normal firmware: the button was not held when it got power.',
  'diagnosis.firmware-started.do':
    'Hold the button down, disconnect the 3.3 V wire from the Sonoff and connect it again, then release the button after a second. The page is still listening.',
  'diagnosis.no-firmware.title': 'The Sonoff started from its flash, found nothing to run there (the flash is erased) and stopped: the button was not held when it got power.',
  'diagnosis.other-boot-mode.title': ({ mode }: { mode: string }) => `The Sonoff started, but not in flash mode (it reported boot mode ${mode}).`,
  'diagnosis.flash-mode.title': 'The Sonoff started in flash mode. Connecting…',
  'diagnosis.tx-path-down.title': 'The Sonoff is in flash mode, but it does not hear the computer.',
  'diagnosis.tx-path-down.do': 'Check the wire from the adapter’s TX pin to the Sonoff’s RX pin: it is loose, or on another pin. Then reconnect the 3.3 V wire while holding the button.',
  'diagnosis.garbled.title': 'Something comes from the Sonoff, but garbled.',
  'diagnosis.garbled.do':
    'Check the GND wire: it must join the adapter’s GND pin to the Sonoff’s GND pin firmly. Then reconnect the 3.3 V wire while holding the button.',
  'diagnosis.silent.title': 'Nothing comes from the Sonoff, at any speed.',
  'diagnosis.silent.lead': 'Check these, in this order:',
  'diagnosis.silent.restart':
    'Flash mode: hold the button, disconnect the 3.3 V wire from the Sonoff and connect it again. A Sonoff running its normal firmware is quiet until it restarts; when it restarts, this page hears it.',
  'diagnosis.silent.swap': 'TX and RX: the adapter’s TX goes to the Sonoff’s RX, and the adapter’s RX to the Sonoff’s TX. If they go TX to TX, swap the two wires.',
  'diagnosis.silent.power': 'Power: the 3.3 V wire goes from the adapter’s 3.3 V pin to the Sonoff’s 3.3 V pin, and the adapter’s jumper is on 3.3 V.',
  'diagnosis.silent.port': 'The port: unplug the adapter and choose the port again. The right one is the one that is missing from the list while the adapter is unplugged.',
  'diagnosis.port-busy.title': 'Another program is using the adapter’s port.',
  'diagnosis.port-busy.do': 'Close the serial monitor, the Arduino IDE, esptool or another browser tab that has the port open, then choose the port again.',
  // Chromium gives the same "Failed to open serial port." when Linux refuses the user the device (esptool.py v4.12.0 loader.py:362-368 gives this hint too).
  'diagnosis.port-busy.linux':
    'On Linux, if nothing else has it open, your user may not be allowed to use serial ports: add it to the dialout group (sudo usermod -aG dialout $USER), log out and back in, then try again.',
  'diagnosis.bootLine': 'The Sonoff said:',
  'diagnosis.heard.lead': 'What the page heard:',
  'diagnosis.heard.nothing': ({ baud }: { baud: number }) => `at ${baud} baud, nothing`,
  'diagnosis.heard.readable': ({ baud, bytes }: { baud: number; bytes: number }) => `at ${baud} baud, ${bytes} bytes of text`,
  'diagnosis.heard.garbled': ({ baud, bytes }: { baud: number; bytes: number }) => `at ${baud} baud, ${bytes} garbled bytes`,
  'diagnosis.adapter.named': ({ name, ids }: { name: string; ids: string }) => `Your adapter: ${name} (USB ${ids}).`,
  'diagnosis.adapter.unknown': ({ ids }: { ids: string }) => `Your adapter: USB ${ids}, not one this page knows.`,
  'diagnosis.adapter.ch34x':
    'CH340 adapters work at every speed this guide uses (up to 921600 baud). On Windows and on older macOS, if no port appears for it, install WCH’s CH341SER driver.',
  'diagnosis.adapter.cp210x':
    'If no port appears for it on Windows or older macOS, install Silicon Labs’ CP210x driver. A CP2102 goes up to 1,000,000 baud, an older CP2101 only to 921600: if a fast speed fails, use 115200.',
  'diagnosis.adapter.ftdi':
    'FTDI adapters work at every speed this guide uses. Many cheap ones carry a copied chip that FTDI’s own Windows driver can refuse; if it stopped working after a driver update, use another adapter.',
  'diagnosis.adapter.pl2303':
    'PL2303 adapters: Prolific’s Windows drivers from version 3.3 refuse the old PL2303HXA/XA chips and most copies (Windows shows “Code 10” and no port). If that happens, use a CH340 or CP2102 adapter instead.',
  'diagnosis.adapter.esp-usb': 'This is the USB of an ESP32 board itself, not a USB-serial adapter. The Sonoff POW has no USB: connect it through a USB-serial adapter.',
  'diagnosis.adapter.unknown.note': 'If it is a USB-serial adapter, check that it is set to 3.3 V.',
} as const;
