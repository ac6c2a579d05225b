/** The virtual Sonoff POW v1: the board, its adapter and USB cable, and the browser's serial ports. */
export { VirtualSonoff, FaultControls, type DirectHost, type VirtualSonoffOptions, type Wiring } from './sonoff.ts';
export { ADAPTERS, type AdapterKind, type AdapterProfile } from './adapter.ts';
export { FIRMWARE_BAUD, ROM_BOOT_BAUD, UART_CLOCK_HZ, type ChipMode } from './esp8266/chip.ts';
export { KNOWN_STUBS, type KnownStub, type StubFamily } from './esp8266/stub-images.ts';
export { DEFAULT_BUFFER_SIZE, VirtualSerialPort, type PortBusy, type SerialSignals } from './host/port.ts';
export { VirtualSerial, type RequestPortBehaviour } from './host/serial.ts';
export { FLASH_BYTES, FLASH_JEDEC_ID, esp8266Image, factoryFlash, parseImage } from './factory.ts';
export { NorFlash, SECTOR_SIZE } from './flash.ts';
export { W25Q80_TIMES, type FlashSpeed } from './flash-chip.ts';
export { WireCounters, type Direction, type WireCounterValues } from './wire.ts';
export type { Timing } from './timeline.ts';
export { recogniseFirmware, type RecognisedTasmota } from './firmware/recognise.ts';
export { PRACTICE_IMAGE_NAME, tasmotaPracticeImage, type PracticeImageOptions } from './firmware/practice-image.ts';
export { TasmotaFirmware, MODULES, MODULE_GPIOS } from './firmware/tasmota.ts';
export { CURRENT_TASMOTA, parseVersion, versionText, type TasmotaVersion } from './firmware/versions.ts';
export type { Mains } from './firmware/hlw8012.ts';
export type { SimulatedNetwork, Surroundings } from './firmware/network.ts';
