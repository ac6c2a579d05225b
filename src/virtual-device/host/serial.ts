/**
 * `navigator.serial` for the virtual Sonoff's adapter: the chooser, the
 * ports the page may use, and the connect/disconnect events, with
 * Chromium's permission rules (chrome/browser/serial/serial_chooser_context.cc):
 * a port the person chose is remembered across unplugging only when the
 * adapter reports a serial number (CanStorePersistentEntry, Linux and macOS:
 * VID, PID and a non-empty serial number). Without one (a CH340) the grant
 * is ephemeral: it ends when the adapter is unplugged ('disconnect' still
 * fires, OnPortRemoved notifies first), a replugged adapter sends no
 * 'connect', getPorts() leaves it out, and only requestPort() gets it back.
 * On Windows every port has a device instance id and would be remembered;
 * this models Linux and macOS.
 */
import type { AdapterProfile } from '../adapter.ts';
import type { VirtualSerialPort } from './port.ts';

export type RequestPortBehaviour = 'grant' | 'cancel' | 'busy' | 'in-use-by-tab';

export interface PortFilter {
  usbVendorId?: number;
  usbProductId?: number;
}

const keyOf = (profile: AdapterProfile): string | undefined =>
  profile.serialNumber === undefined || profile.serialNumber === '' ? undefined : `${profile.usbVendorId}:${profile.usbProductId}:${profile.serialNumber}`;

export class VirtualSerial extends EventTarget {
  /** What the next requestPort() does: grant the port, reject as a cancelled chooser, or grant a port that is busy. */
  behaviour: RequestPortBehaviour = 'grant';
  /** The port present now (undefined while the adapter is unplugged). */
  #present: VirtualSerialPort | undefined;
  #presentProfile: AdapterProfile | undefined;
  readonly #ephemeral = new Set<VirtualSerialPort>();
  readonly #persistent = new Set<string>();

  onconnect: ((event: Event) => void) | null = null;
  ondisconnect: ((event: Event) => void) | null = null;

  #permitted(port: VirtualSerialPort, profile: AdapterProfile): boolean {
    const key = keyOf(profile);
    return this.#ephemeral.has(port) || (key !== undefined && this.#persistent.has(key));
  }

  async requestPort(options?: { filters?: PortFilter[] }): Promise<VirtualSerialPort> {
    const port = this.#present;
    const profile = this.#presentProfile;
    // The chooser lists nothing when no adapter is plugged in; the person can only close it.
    // Chooser closed, nothing to choose or no filter match: one rejection, serial.cc kNoPortSelected
    // ("No port selected by the user.", NotFoundError; WICG/serial requestPort: "If the user does not choose a port").
    if (this.behaviour === 'cancel' || port === undefined || profile === undefined) throw new DOMException('No port selected by the user.', 'NotFoundError');
    const filters = options?.filters ?? [];
    const matches = filters.length === 0 || filters.some((f) => (f.usbVendorId === undefined || f.usbVendorId === profile.usbVendorId) && (f.usbProductId === undefined || f.usbProductId === profile.usbProductId));
    if (!matches) throw new DOMException('No port selected by the user.', 'NotFoundError');
    port.busy = this.behaviour === 'busy' || this.behaviour === 'in-use-by-tab' ? 'NetworkError' : null;
    port.forget = async () => this.#forget(port, profile);
    // SerialChooserContext::GrantPortPermission: persistent when CanStorePersistentEntry, else ephemeral.
    const key = keyOf(profile);
    if (key !== undefined) this.#persistent.add(key);
    else this.#ephemeral.add(port);
    return port;
  }

  /** SerialService::FinishGetPorts: ports present now that this origin may use. */
  async getPorts(): Promise<VirtualSerialPort[]> {
    const port = this.#present;
    const profile = this.#presentProfile;
    return port !== undefined && profile !== undefined && this.#permitted(port, profile) ? [port] : [];
  }

  /** The adapter was plugged in: a new port object (a new token); 'connect' only where a remembered grant matches it. */
  plugged(port: VirtualSerialPort, profile: AdapterProfile): void {
    this.#present = port;
    this.#presentProfile = profile;
    port.addEventListener('disconnect', (event) => this.#bubble(port, profile, event));
    if (this.#permitted(port, profile)) this.#fire('connect', port);
  }

  /** The adapter was unplugged: 'disconnect' (while the grant exists), then an ephemeral grant ends. */
  unplugged(port: VirtualSerialPort): void {
    if (this.#present === port) {
      this.#present = undefined;
      this.#presentProfile = undefined;
    }
    port.unplugged();
    this.#ephemeral.delete(port);
  }

  /** SerialPort.forget() (WICG/serial): the permission goes, and the port closes. */
  async #forget(port: VirtualSerialPort, profile: AdapterProfile): Promise<void> {
    this.#ephemeral.delete(port);
    const key = keyOf(profile);
    if (key !== undefined) this.#persistent.delete(key);
    if (port.isOpen) await port.close().catch(() => undefined);
  }

  #bubble(port: VirtualSerialPort, profile: AdapterProfile, event: Event): void {
    if (event.type === 'disconnect' && this.#permitted(port, profile)) this.#fire('disconnect', port);
  }

  /** Events on a SerialPort bubble to navigator.serial with the port as their target (serial_port.cc DispatchEventInternal). */
  #fire(type: 'connect' | 'disconnect', port: VirtualSerialPort): void {
    const event = new Event(type);
    Object.defineProperty(event, 'target', { value: port });
    this.dispatchEvent(event);
    const handler = type === 'connect' ? this.onconnect : this.ondisconnect;
    handler?.(event);
  }
}
