/**
 * "No device? Use a virtual Sonoff POW": the virtual device in the page, at
 * the real chain's speed, with what a person does at the bench as controls:
 * the button, the adapter's USB cable (which powers the board and makes the
 * browser see its port), and the 3.3 V wire. Loaded only when the reader
 * asks for it.
 */
import { signal, type Signal } from '@preact/signals';
import type { SerialLike } from '../../flasher/index.ts';
import { focusStripPrimary } from './focus.ts';
import { virtualDevice } from './features.tsx';
import { rehearsal } from './state.ts';

export interface RehearsalDevice {
  serial: SerialLike;
  usbPlugged: Signal<boolean>;
  powerWire: Signal<boolean>;
  buttonHeld: Signal<boolean>;
  /** The POW on the (virtual) mains with the rehearsal's bulb switched on. */
  onMains: Signal<boolean>;
  setUsb(plugged: boolean): void;
  setPowerWire(connected: boolean): void;
  setButton(held: boolean): void;
  setMains(on: boolean): void;
}

/** The Wi-Fi network around the virtual Sonoff: the reader types these into the Wi-Fi step. */
export const REHEARSAL_NETWORK = { ssid: 'VirtualHome', password: 'practice-wifi-1', ip: '192.168.1.50' } as const;
/** The rehearsal's mains and load: a 60 W incandescent bulb on 230 V, the guide's calibration example. */
export const REHEARSAL_MAINS = { volts: 230, loadWatts: 60 } as const;

/** The virtual Sonoff POW starts on the bench as a real one: adapter unplugged, button up, 3.3 V wire on. */
export async function createRehearsalDevice(): Promise<RehearsalDevice> {
  const { VirtualSonoff } = await virtualDevice.load();
  const device = new VirtualSonoff({
    seed: Date.now() % 100_000,
    usbPlugged: false,
    buttonHeld: false,
    adapter: 'ch340',
    surroundings: { networks: [{ ...REHEARSAL_NETWORK }], mains: undefined },
  });
  const usbPlugged = signal(false);
  const powerWire = signal(true);
  const buttonHeld = signal(false);
  const onMains = signal(false);
  return {
    serial: device.serial,
    usbPlugged,
    powerWire,
    buttonHeld,
    onMains,
    setMains(on) {
      device.surroundings.mains = on ? { ...REHEARSAL_MAINS } : undefined;
      onMains.value = on;
    },
    setUsb(plugged) {
      if (plugged) device.plugUsb();
      else device.unplugUsb();
      usbPlugged.value = plugged;
    },
    setPowerWire(connected) {
      if (connected) device.connectPower();
      else device.disconnectPower();
      powerWire.value = connected;
    },
    setButton(held) {
      if (held) device.pressButton();
      else device.releaseButton();
      buttonHeld.value = held;
    },
  };
}

/** "No device? Use a virtual Sonoff POW": the page's serial becomes the virtual device's. */
export async function startRehearsal(): Promise<void> {
  rehearsal.value ??= await createRehearsalDevice();
}

/** The strip's "No device?": the button goes away, so the focus moves to the strip's next move (Connect…). */
export async function startRehearsalFromStrip(): Promise<void> {
  await startRehearsal();
  focusStripPrimary();
}
