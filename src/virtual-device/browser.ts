/**
 * Browser entry (bundled by e2e/fixtures/virtual-serial.ts): installs
 * navigator.serial = the virtual Sonoff's serial, and window.__virtualSonoff
 * with what a browser test does at the bench and needs to check.
 */
import { VirtualSonoff, type Direction, type RequestPortBehaviour, type VirtualSonoffOptions, type WireCounterValues, type Wiring } from './index.ts';

/** JSON-friendly VirtualSonoffOptions: the flash travels as base64, and the chooser's behaviour comes along. */
export type BrowserDeviceOptions = Partial<Pick<VirtualSonoffOptions, 'seed' | 'buttonHeld' | 'usbPlugged' | 'adapter' | 'autoReset' | 'timing' | 'flashSpeed' | 'maxCleanBaud' | 'wiring' | 'powerWire' | 'testOnlyKnowsNoStub'>> & {
  flashBase64?: string;
  requestPort?: RequestPortBehaviour;
};

export interface VirtualSonoffState {
  mode: string;
  stubRunning: boolean;
  stub: string | undefined;
  powered: boolean;
  usbPlugged: boolean;
  buttonHeld: boolean;
  baud: number;
  uartDivider: number;
  norViolations: number;
  plugs: number;
  droppedBytes: number;
  portBufferSize: number;
  portOpens: number;
  /** The baud the page has the port open at (0 when closed). */
  portBaud: number;
  wiring: Wiring;
  powerWire: boolean;
}

export interface VirtualSonoffControls {
  readonly mac: string;
  readonly adapter: { usbVendorId: number; usbProductId: number; chip: string };
  flashMd5(): string;
  readFlashBase64(): string;
  loadFlashBase64(base64: string): void;
  pressButton(): void;
  releaseButton(): void;
  plugUsb(buttonHeld?: boolean): void;
  unplugUsb(): void;
  connectPower(buttonHeld?: boolean): void;
  disconnectPower(): void;
  powerCycle(buttonHeld?: boolean): void;
  setRequestPort(behaviour: RequestPortBehaviour): void;
  /** Rewire the jumper wires (TX/RX swapped, GND loose, …) while everything stays plugged in. */
  setWiring(wiring: Wiring): void;
  /** Another program opens the port (true) or lets it go (false): the page's next open() fails while it holds it. */
  holdPort(held: boolean): void;
  /** Calls `listener` with the baud each time the page opens the port from now on; returns the way to stop. */
  onPortOpen(listener: (baud: number) => void): () => void;
  readonly faults: {
    unplugAfterBytes(n: number): void;
    corruptByte(direction: Direction, offset: number): void;
    dropByte(direction: Direction, offset: number, value?: number): void;
    refuseSignals(): void;
    stopAnswering(afterBytes?: number): void;
    brownOutAfterBytes(n: number): void;
    brownOutDuringWrite(afterBytes?: number): void;
    stallReading(ms: number, afterBytes?: number): void;
    clear(): void;
  };
  counters(): WireCounterValues;
  resetCounters(): void;
  state(): VirtualSonoffState;
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
  usbPlugged: options.usbPlugged ?? true,
  adapter: options.adapter,
  autoReset: options.autoReset ?? false,
  timing: options.timing ?? 'real',
  flashSpeed: options.flashSpeed,
  maxCleanBaud: options.maxCleanBaud,
  wiring: options.wiring,
  powerWire: options.powerWire,
  testOnlyKnowsNoStub: options.testOnlyKnowsNoStub,
});
device.serial.behaviour = options.requestPort ?? 'grant';
Object.defineProperty(navigator, 'serial', { value: device.serial, configurable: true });

window.__virtualSonoff = {
  mac: device.mac,
  adapter: { usbVendorId: device.adapter.usbVendorId, usbProductId: device.adapter.usbProductId, chip: device.adapter.chip },
  flashMd5: () => device.flashMd5(),
  readFlashBase64: () => toBase64(device.readFlash()),
  loadFlashBase64: (base64) => device.loadFlash(fromBase64(base64)),
  pressButton: () => device.pressButton(),
  releaseButton: () => device.releaseButton(),
  plugUsb: (buttonHeld) => device.plugUsb({ buttonHeld }),
  unplugUsb: () => device.unplugUsb(),
  connectPower: (buttonHeld) => device.connectPower({ buttonHeld }),
  disconnectPower: () => device.disconnectPower(),
  powerCycle: (buttonHeld) => device.powerCycle({ buttonHeld }),
  setRequestPort: (behaviour) => {
    device.serial.behaviour = behaviour;
  },
  setWiring: (wiring) => device.setWiring(wiring),
  holdPort: (held) => {
    device.port.busy = held ? 'NetworkError' : null;
  },
  onPortOpen: (listener) => device.port.onOpen(listener),
  faults: {
    unplugAfterBytes: (n) => device.faults.unplugAfterBytes(n),
    corruptByte: (direction, offset) => device.faults.corruptByte({ direction, offset }),
    dropByte: (direction, offset, value) => device.faults.dropByte({ direction, offset, ...(value === undefined ? {} : { value }) }),
    refuseSignals: () => device.faults.refuseSignals(),
    stopAnswering: (afterBytes) => device.faults.stopAnswering({ afterBytes }),
    brownOutAfterBytes: (n) => device.faults.brownOutAfterBytes(n),
    brownOutDuringWrite: (afterBytes) => device.faults.brownOutDuringWrite({ afterBytes }),
    stallReading: (ms, afterBytes) => device.faults.stallReading(ms, { afterBytes }),
    clear: () => device.faults.clear(),
  },
  counters: () => device.counters.snapshot(),
  resetCounters: () => device.counters.reset(),
  state: () => ({
    mode: device.mode,
    stubRunning: device.stubRunning,
    stub: device.stub?.id,
    powered: device.powered,
    usbPlugged: device.usbPlugged,
    buttonHeld: device.buttonHeld,
    baud: device.baud,
    uartDivider: device.chip.uartDivider,
    norViolations: device.norViolations,
    plugs: device.plugs,
    droppedBytes: device.port.droppedBytes,
    portBufferSize: device.port.bufferSize,
    portOpens: device.port.opens,
    portBaud: device.port.isOpen ? device.port.baudRate : 0,
    wiring: device.wiring,
    powerWire: device.powerWire,
  }),
};
