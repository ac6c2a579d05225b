import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../virtual-device/index.ts';
import { adapterFamily, adapterInfo, usbIds } from './adapters.ts';

describe('adapters by their USB ids', () => {
  it('names every adapter the virtual bench models, from its real ids, and gives each its family', () => {
    const named = Object.values(ADAPTERS).map((a) => ({ ...adapterInfo(a), family: adapterFamily(a), ids: usbIds(a) }));
    expect(named).toEqual([
      { usbVendorId: 0x1a86, usbProductId: 0x7523, name: 'CH340', family: 'ch34x', ids: '1a86:7523' },
      { usbVendorId: 0x10c4, usbProductId: 0xea60, name: 'CP210x', family: 'cp210x', ids: '10c4:ea60' },
      { usbVendorId: 0x0403, usbProductId: 0x6001, name: 'FTDI FT232R', family: 'ftdi', ids: '0403:6001' },
      { usbVendorId: 0x067b, usbProductId: 0x2303, name: 'PL2303', family: 'pl2303', ids: '067b:2303' },
    ]);
  });

  it('knows an ESP32’s own USB, a maker by its vendor id alone, and says unknown otherwise', () => {
    expect(adapterInfo({ usbVendorId: 0x303a, usbProductId: 0x1001 }).name).toBe('ESP32 USB (USB-Serial/JTAG)');
    expect(adapterFamily({ usbVendorId: 0x303a })).toBe('esp-usb');
    expect(adapterInfo({ usbVendorId: 0x067b, usbProductId: 0x23a3 }).name).toBe('Prolific');
    expect(adapterInfo({ usbVendorId: 0x1234, usbProductId: 0x5678 })).toEqual({ usbVendorId: 0x1234, usbProductId: 0x5678, name: undefined });
    expect(adapterFamily({})).toBe('unknown');
  });
});
