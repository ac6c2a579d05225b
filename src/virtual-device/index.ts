/** The virtual Sonoff POW v1: device, Web Serial port and navigator.serial stand-in. */
import { VirtualSonoff as Device, type VirtualSonoffOptions } from './device.ts';
import { VirtualSerialPort, type VirtualPortOptions } from './port.ts';

export { FaultControls, FIRMWARE_BAUD, ROM_BOOT_BAUD, type DeviceMode, type HostLink } from './device.ts';
export { CH340_INFO, createVirtualSerial, VirtualSerialPort, type PortBusy, type RequestPortBehaviour, type SerialSignals, type VirtualSerial } from './port.ts';
export { FLASH_BYTES, FLASH_JEDEC_ID, esp8266Image, factoryFlash, parseImage } from './factory.ts';
export { NorFlash, SECTOR_SIZE } from './flash.ts';
export { WireCounters, type Direction, type WireCounterValues } from './wire.ts';

export interface VirtualSonoffInit extends VirtualSonoffOptions, VirtualPortOptions {}

/** The device with its USB serial adapter attached: `port` is what Web Serial code talks to. */
export class VirtualSonoff extends Device {
  readonly port: VirtualSerialPort;

  constructor(options: VirtualSonoffInit) {
    super(options);
    this.port = new VirtualSerialPort(this, { inPlaceBaudChange: options.inPlaceBaudChange ?? false });
  }
}
export type { VirtualSonoffOptions };
