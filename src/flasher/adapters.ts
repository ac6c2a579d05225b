/**
 * USB-serial adapters by their USB ids, as the page names them. Vendor and
 * product ids from the Linux drivers (drivers/usb/serial/ch341.c, cp210x.c,
 * ftdi_sio_ids.h, pl2303.h id tables); Espressif's own USB is vendor 0x303A
 * with the USB-Serial/JTAG product 0x1001 (esptool v4.8.1 loader.py:297
 * USB_JTAG_SERIAL_PID; esp_pylib.constants ESPRESSIF_VID).
 */
import type { AdapterInfo } from './events.ts';

/** Which kind of adapter: what the page tells a person about drivers and speeds follows from it. */
export type AdapterFamily = 'ch34x' | 'cp210x' | 'ftdi' | 'pl2303' | 'esp-usb' | 'unknown';

const FAMILIES: Readonly<Record<number, AdapterFamily>> = {
  0x1a86: 'ch34x',
  0x10c4: 'cp210x',
  0x0403: 'ftdi',
  0x067b: 'pl2303',
  0x303a: 'esp-usb',
};

/** The adapter's family, by its USB vendor id. */
export function adapterFamily(info: { usbVendorId?: number }): AdapterFamily {
  return (info.usbVendorId !== undefined ? FAMILIES[info.usbVendorId] : undefined) ?? 'unknown';
}

const KNOWN: readonly { usbVendorId: number; usbProductId?: number; name: string }[] = [
  { usbVendorId: 0x1a86, usbProductId: 0x7523, name: 'CH340' },
  { usbVendorId: 0x1a86, usbProductId: 0x5523, name: 'CH341' },
  { usbVendorId: 0x1a86, usbProductId: 0x55d3, name: 'CH343' },
  { usbVendorId: 0x10c4, usbProductId: 0xea60, name: 'CP210x' },
  { usbVendorId: 0x0403, usbProductId: 0x6001, name: 'FTDI FT232R' },
  { usbVendorId: 0x0403, usbProductId: 0x6015, name: 'FTDI FT231X' },
  { usbVendorId: 0x067b, usbProductId: 0x2303, name: 'PL2303' },
  { usbVendorId: 0x303a, usbProductId: 0x1001, name: 'ESP32 USB (USB-Serial/JTAG)' },
  { usbVendorId: 0x1a86, name: 'WCH (CH34x)' },
  { usbVendorId: 0x10c4, name: 'Silicon Labs' },
  { usbVendorId: 0x0403, name: 'FTDI' },
  { usbVendorId: 0x067b, name: 'Prolific' },
  { usbVendorId: 0x303a, name: 'Espressif USB' },
];

export function adapterInfo(info: { usbVendorId?: number; usbProductId?: number }): AdapterInfo {
  const match = KNOWN.find((k) => k.usbVendorId === info.usbVendorId && (k.usbProductId === undefined || k.usbProductId === info.usbProductId));
  return { usbVendorId: info.usbVendorId, usbProductId: info.usbProductId, name: match?.name };
}

/** "1a86:7523" */
export function usbIds(info: { usbVendorId?: number; usbProductId?: number }): string {
  const hex = (n: number | undefined): string => (n === undefined ? '????' : n.toString(16).padStart(4, '0'));
  return `${hex(info.usbVendorId)}:${hex(info.usbProductId)}`;
}
