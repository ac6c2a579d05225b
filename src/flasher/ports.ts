/**
 * Getting the adapter's port back after it was unplugged. Chromium makes a
 * new SerialPort object for every plug-in (Serial::GetOrCreatePort; a new
 * token per udev/IOKit/Windows arrival). If the adapter has a serial number
 * the page keeps its permission: the new port fires 'connect' on
 * navigator.serial and getPorts() lists it. Without one (a CH340 on Linux or
 * macOS) the permission ended with the unplug, and only requestPort() — the
 * person choosing it again — brings it back (chrome/browser/serial/
 * serial_chooser_context.cc CanStorePersistentEntry, OnPortRemoved).
 */
import type { PortFilter, SerialLike, SerialPortLike } from './api.ts';

/** How often getPorts() is asked, in case a 'connect' event was missed. */
const POLL_MS = 500;

export interface PortWatch {
  /** Resolves with a port for the same adapter that is not the lost one. */
  readonly port: Promise<SerialPortLike>;
  cancel(): void;
}

export function filterFor(port: SerialPortLike): PortFilter {
  const { usbVendorId, usbProductId } = port.getInfo();
  return usbVendorId === undefined ? {} : { usbVendorId, usbProductId };
}

function matches(port: SerialPortLike, filter: PortFilter): boolean {
  const info = port.getInfo();
  return (filter.usbVendorId === undefined || info.usbVendorId === filter.usbVendorId) && (filter.usbProductId === undefined || info.usbProductId === filter.usbProductId);
}

/** Watches for the adapter to come back by itself (a remembered permission). */
export function watchForPort(serial: SerialLike, lost: SerialPortLike): PortWatch {
  const filter = filterFor(lost);
  let stop = (): void => undefined;
  const port = new Promise<SerialPortLike>((resolve) => {
    let done = false;
    const found = (candidate: SerialPortLike): void => {
      if (done || candidate === lost || candidate.connected === false || !matches(candidate, filter)) return;
      done = true;
      stop();
      resolve(candidate);
    };
    const onConnect = (event: Event): void => {
      const target = event.target as unknown;
      if (target !== null && typeof target === 'object' && 'getInfo' in target) found(target as SerialPortLike);
    };
    const poll = (): void => {
      void serial.getPorts().then((ports) => ports.forEach(found), () => undefined);
    };
    serial.addEventListener?.('connect', onConnect);
    const timer = setInterval(poll, POLL_MS);
    poll();
    stop = () => {
      done = true;
      clearInterval(timer);
      serial.removeEventListener?.('connect', onConnect);
    };
  });
  return { port, cancel: () => stop() };
}
