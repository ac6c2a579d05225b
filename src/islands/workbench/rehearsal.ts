/**
 * "No device? Use a virtual Sonoff POW": the virtual device in the page, at
 * the real link's speed, with its power and button as controls. Loaded only
 * when the reader asks for it.
 */
import { signal, type Signal } from '@preact/signals';
import type { SerialLike } from '../../flasher/index.ts';
import { rehearsal } from './state.ts';

export interface RehearsalDevice {
  serial: SerialLike;
  powered: Signal<boolean>;
  buttonHeld: Signal<boolean>;
  setPower(on: boolean): void;
  setButton(held: boolean): void;
}

/** The virtual Sonoff POW starts unpowered with the button up, as a device on the bench. */
export async function createRehearsalDevice(): Promise<RehearsalDevice> {
  const { VirtualSonoff, createVirtualSerial } = await import('../../virtual-device/index.ts');
  const device = new VirtualSonoff({ seed: Date.now() % 100_000, powered: false, buttonHeld: false, realTiming: true });
  const powered = signal(false);
  const buttonHeld = signal(false);
  return {
    serial: createVirtualSerial(device, device.port),
    powered,
    buttonHeld,
    setPower(on) {
      if (on) device.powerOn();
      else device.powerOff();
      powered.value = on;
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
