/**
 * From a chosen port to a connected session: open at 115200, wait for flash
 * mode, make sure it is an ESP8266, read what the panel shows, start the
 * stub, move to the command's baud, and read the flash id esptool.py's way.
 */
import { ESP8266ROM } from 'esptool-js/lib/targets/esp8266.js';
import { adapterInfo } from './adapters.ts';
import type { ConnectOptions, FlasherSession, SerialPortLike } from './api.ts';
import { changeBaud, MAX_BAUD, MIN_BAUD } from './baud.ts';
import { portBusyDiagnosis } from './diagnose.ts';
import { FlasherError, isFlasherError } from './errors.ts';
import { CHIP_DETECT_MAGIC_REG, ESP8266_MAGIC, chipNameForMagic, flashSizeFromId, readChipDescription, readCrystalMhz, readFlashId, readMac } from './esp8266.ts';
import type { DeviceInfo } from './events.ts';
import { Link, ROM_BAUD } from './link.ts';
import { toFlasherError } from './map-error.ts';
import { Session } from './session.ts';
import { waitForFlashMode } from './sync.ts';

export const DEFAULT_WAIT_FOR_FLASH_MODE_MS = 60_000;
/** The Sonoff POW v1's flash. */
export const EXPECTED_FLASH_BYTES = 1024 * 1024;

export function unsupportedBaud(baud: number): FlasherError {
  return new FlasherError('unsupported-command', `--baud ${baud} is not a speed the flasher uses (${MIN_BAUD} to ${MAX_BAUD}).`, 'Use --baud 115200, or 460800 / 921600 for a faster link.');
}

/** Starts the stub; first reads the divider the ROM auto-bauded to, which every later baud is computed from. */
async function startStub(link: Link): Promise<void> {
  link.syncDivider = (await readCrystalMhz(link.loader, ROM_BAUD)).divider;
  link.emit({ type: 'phase', phase: 'uploading-stub', message: 'Starting the flasher stub on the device…' });
  try {
    await link.loader.runStub();
  } catch (error) {
    if (link.lost) throw error;
    // esptool-js: "Failed to start stub. Unexpected response", or no "OHAI" within 3 s.
    throw new FlasherError(
      'stub-failed',
      'The device took the flasher program but did not start it.',
      'Put it in flash mode again (hold the button, reconnect the 3.3 V wire, release) and connect again; if it happens twice, run “Check this adapter and device” and report what it says.',
      { cause: error },
    );
  }
}

/** Opens the port and waits for the ROM; when the adapter is unplugged meanwhile, waits for its port to come back and starts over. */
async function openAndSync(port: SerialPortLike, options: ConnectOptions, waitForFlashModeMs: number): Promise<Link> {
  const { autoReset, signal, onEvent } = options;
  let deadline = Date.now() + waitForFlashModeMs;
  for (let current = port; ; ) {
    const link = new Link(current, onEvent);
    onEvent({ type: 'phase', phase: 'opening-port', message: 'Opening the serial port at 115200 baud…' });
    try {
      await link.open();
    } catch (error) {
      await link.release();
      const mapped = toFlasherError(error, { during: 'open' });
      if (mapped.code === 'port-busy') onEvent({ type: 'diagnosis', diagnosis: portBusyDiagnosis(adapterInfo(current.getInfo())) });
      throw mapped;
    }
    try {
      await waitForFlashMode(link, { autoReset, waitForFlashModeMs: Math.max(1000, deadline - Date.now()), signal, countdown: true });
      return link;
    } catch (error) {
      await link.release();
      if (!isFlasherError(error, 'port-lost') || options.portBack === undefined) throw error;
      onEvent({ type: 'phase', phase: 'port-lost', message: 'The adapter was unplugged. Plug it back in while holding the button; the page waits for it.' });
      current = await options.portBack(current);
      // Plugging it back in (with the button held) is the person's new try: the full wait again.
      deadline = Date.now() + waitForFlashModeMs;
    }
  }
}

export async function connect(port: SerialPortLike, options: ConnectOptions): Promise<FlasherSession> {
  const { baud, autoReset, signal, onEvent } = options;
  const waitForFlashModeMs = options.waitForFlashModeMs ?? DEFAULT_WAIT_FOR_FLASH_MODE_MS;
  const fail = (error: FlasherError): FlasherError => {
    onEvent({ type: 'error', error });
    return error;
  };
  if (!Number.isInteger(baud) || baud < MIN_BAUD || baud > MAX_BAUD) throw fail(unsupportedBaud(baud));

  const started = Date.now();
  let link: Link;
  try {
    link = await openAndSync(port, options, waitForFlashModeMs);
  } catch (error) {
    throw fail(toFlasherError(error, { during: 'connect' }));
  }
  try {
    link.emit({ type: 'phase', phase: 'connecting', message: 'The device answered; reading what it is…' });

    const magic = (await link.loader.readReg(CHIP_DETECT_MAGIC_REG)) >>> 0;
    if (magic !== ESP8266_MAGIC) {
      const found = chipNameForMagic(magic);
      throw new FlasherError(
        'wrong-chip',
        found ? `The device is an ${found}, not the ESP8266 of a Sonoff POW.` : `The device answered, but it is not an ESP8266 (chip magic 0x${magic.toString(16)}).`,
        'Check that the adapter is connected to the Sonoff POW, not another board.',
      );
    }
    link.loader.chip = new ESP8266ROM();
    const chip = await readChipDescription(link.loader);
    const mac = await readMac(link.loader);
    if (mac === undefined) link.emit({ type: 'warning', code: 'mac-unknown', message: 'The MAC address has an unknown maker prefix (OUI); it is shown as unknown.' });
    // The ROM auto-bauded to us at 115200: its divider tells the crystal.
    const crystal = await readCrystalMhz(link.loader, ROM_BAUD);
    if (Math.abs(crystal.mhz - crystal.estimatedMhz) > 1)
      link.emit({ type: 'log', line: `Detected crystal ${crystal.estimatedMhz.toFixed(2)} MHz is far from ${crystal.mhz} MHz; unusual crystal?` });
    link.emit({ type: 'log', line: `Chip is ${chip}, MAC ${mac ?? 'unknown'}, crystal ${crystal.mhz} MHz, UART divider ${crystal.divider}` });

    await startStub(link);
    const restartStub = (): Promise<void> => startStub(link);
    const baudNow = await changeBaud(link, baud, { autoReset, restartStub, waitForFlashModeMs, signal });

    const flashId = await readFlashId(link.loader);
    const size = flashSizeFromId(flashId);
    link.emit({ type: 'log', line: `Flash id 0x${flashId.toString(16).padStart(6, '0')}: ${size?.name ?? 'unknown size'}` });
    if (size === undefined)
      link.emit({ type: 'warning', code: 'flash-size', message: `The flash size could not be detected (flash id 0x${flashId.toString(16).padStart(6, '0')}); -fs detect will use 4MB, as esptool.py does.` });
    else if (size.sizeBytes !== EXPECTED_FLASH_BYTES)
      link.emit({ type: 'warning', code: 'flash-size', message: `This device has ${size.name} of flash, not the 1MB of a Sonoff POW v1. Check the firmware build and backup sizes.` });

    const device: DeviceInfo = {
      chip,
      mac: mac ?? 'unknown',
      flashId,
      flashSizeBytes: size?.sizeBytes,
      crystalMhz: crystal.mhz,
      baud: baudNow,
      adapter: adapterInfo(link.port.getInfo()),
    };
    return new Session(link, device, { autoReset, requestedBaud: baud, restartStub, waitForFlashModeMs, connectMs: Date.now() - started });
  } catch (error) {
    await link.release();
    const mapped = toFlasherError(error, { during: 'connect', deviceLost: link.lost, portLost: link.portLost });
    throw fail(mapped);
  }
}
