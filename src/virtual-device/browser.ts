/**
 * Browser entry (bundled by e2e/fixtures/virtual-serial.ts): installs
 * navigator.serial = a virtual serial offering one virtual Sonoff POW, and
 * window.__virtualSonoff with the controls a browser test needs.
 */
import { createVirtualSerial, VirtualSonoff, type Direction, type RequestPortBehaviour, type WireCounterValues } from './index.ts';

/** JSON-friendly options: the flash travels as base64. */
export interface BrowserDeviceOptions {
  seed?: number;
  flashBase64?: string;
  buttonHeld?: boolean;
  powered?: boolean;
  autoReset?: boolean;
  realTiming?: boolean;
  maxCleanBaud?: number;
  requestPort?: RequestPortBehaviour;
}

export interface VirtualSonoffControls {
  readonly mac: string;
  flashMd5(): string;
  readFlashBase64(): string;
  loadFlashBase64(base64: string): void;
  pressButton(): void;
  releaseButton(): void;
  powerCycle(buttonHeld?: boolean): void;
  powerOn(): void;
  powerOff(): void;
  /** After an unplug fault: the adapter is back (the device stays off until powered). */
  replug(): void;
  setRequestPort(behaviour: RequestPortBehaviour): void;
  readonly faults: {
    unplugAfterBytes(n: number): void;
    corruptByte(direction: Direction, offset: number): void;
    dropByte(direction: Direction, offset: number): void;
    stopAnswering(afterBytes?: number): void;
    brownOutAfterBytes(n: number): void;
    brownOutDuringWrite(afterBytes?: number): void;
    clear(): void;
  };
  counters(): WireCounterValues;
  resetCounters(): void;
  state(): { mode: string; stubRunning: boolean; powered: boolean; buttonHeld: boolean; baud: number; norViolations: number };
}

declare global {
  interface Window {
    __virtualSonoffOptions?: BrowserDeviceOptions;
    __virtualSonoff?: VirtualSonoffControls;
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

const options = window.__virtualSonoffOptions ?? {};
const device = new VirtualSonoff({
  seed: options.seed ?? 1,
  flash: options.flashBase64 === undefined ? undefined : fromBase64(options.flashBase64),
  buttonHeld: options.buttonHeld ?? true,
  powered: options.powered ?? true,
  autoReset: options.autoReset ?? false,
  realTiming: options.realTiming ?? false,
  maxCleanBaud: options.maxCleanBaud,
});
const serial = createVirtualSerial(device, device.port);
serial.behaviour = options.requestPort ?? 'grant';
Object.defineProperty(navigator, 'serial', { value: serial, configurable: true });

window.__virtualSonoff = {
  mac: device.mac,
  flashMd5: () => device.flashMd5(),
  readFlashBase64: () => toBase64(device.readFlash()),
  loadFlashBase64: (base64) => device.loadFlash(fromBase64(base64)),
  pressButton: () => device.pressButton(),
  releaseButton: () => device.releaseButton(),
  powerCycle: (buttonHeld) => device.powerCycle({ buttonHeld }),
  powerOn: () => device.powerOn(),
  powerOff: () => device.powerOff(),
  replug: () => device.replug(),
  setRequestPort: (behaviour) => {
    serial.behaviour = behaviour;
  },
  faults: {
    unplugAfterBytes: (n) => device.faults.unplugAfterBytes(n),
    corruptByte: (direction, offset) => device.faults.corruptByte({ direction, offset }),
    dropByte: (direction, offset) => device.faults.dropByte({ direction, offset }),
    stopAnswering: (afterBytes) => device.faults.stopAnswering({ afterBytes }),
    brownOutAfterBytes: (n) => device.faults.brownOutAfterBytes(n),
    brownOutDuringWrite: (afterBytes) => device.faults.brownOutDuringWrite({ afterBytes }),
    clear: () => device.faults.clear(),
  },
  counters: () => device.counters.snapshot(),
  resetCounters: () => device.counters.reset(),
  state: () => ({ mode: device.mode, stubRunning: device.stubRunning, powered: device.powered, buttonHeld: device.buttonHeld, baud: device.baud, norViolations: device.norViolations }),
};

