/**
 * From a chosen port to a connected session: open at 115200, wait for flash
 * mode, make sure it is an ESP8266, read what the panel shows, start the
 * stub, move to the command's baud, and read the flash id esptool.py's way.
 */
import { ESP8266ROM } from 'esptool-js/lib/targets/esp8266.js';
import { t } from '../i18n/index.ts';
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
  return new FlasherError('unsupported-command', t('flasher.unsupportedBaud.message', { baud, min: MIN_BAUD, max: MAX_BAUD }), t('flasher.unsupportedBaud.connectAction'));
}

/** Starts the stub; first reads the divider the ROM auto-bauded to, which every later baud is computed from. */
async function startStub(link: Link): Promise<void> {
  link.syncDivider = (await readCrystalMhz(link.loader, ROM_BAUD)).divider;
  link.emit({ type: 'phase', phase: 'uploading-stub', message: t('flasher.phase.startingStub') });
  try {
    await link.loader.runStub();
  } catch (error) {
    if (link.lost) throw error;
    // esptool-js: "Failed to start stub. Unexpected response", or no "OHAI" within 3 s.
    throw new FlasherError('stub-failed', t('flasher.stubFailed.message'), t('flasher.stubFailed.action'), { cause: error });
  }
}

/** Opens the port and waits for the ROM; when the adapter is unplugged meanwhile, waits for its port to come back and starts over. */
async function openAndSync(port: SerialPortLike, options: ConnectOptions, waitForFlashModeMs: number): Promise<Link> {
  const { autoReset, signal, onEvent } = options;
  let deadline = Date.now() + waitForFlashModeMs;
  for (let current = port; ; ) {
    const link = new Link(current, onEvent);
    onEvent({ type: 'phase', phase: 'opening-port', message: t('flasher.phase.opening') });
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
      onEvent({ type: 'phase', phase: 'port-lost', message: t('flasher.phase.portLost') });
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
    link.emit({ type: 'phase', phase: 'connecting', message: t('flasher.phase.answered') });

    const magic = (await link.loader.readReg(CHIP_DETECT_MAGIC_REG)) >>> 0;
    if (magic !== ESP8266_MAGIC) {
      const found = chipNameForMagic(magic);
      throw new FlasherError(
        'wrong-chip',
        found ? t('flasher.wrongChip.named', { chip: found }) : t('flasher.wrongChip.magic', { magic: magic.toString(16) }),
        t('flasher.wrongChip.action'),
      );
    }
    link.loader.chip = new ESP8266ROM();
    const chip = await readChipDescription(link.loader);
    const mac = await readMac(link.loader);
    if (mac === undefined) link.emit({ type: 'warning', code: 'mac-unknown', message: t('flasher.warning.macUnknown') });
    // The ROM auto-bauded to us at 115200: its divider tells the crystal.
    const crystal = await readCrystalMhz(link.loader, ROM_BAUD);
    if (Math.abs(crystal.mhz - crystal.estimatedMhz) > 1)
      link.emit({ type: 'log', line: t('flasher.log.crystalOdd', { estimatedMhz: crystal.estimatedMhz, mhz: crystal.mhz }) });
    link.emit({ type: 'log', line: t('flasher.log.chip', { chip, mac, mhz: crystal.mhz, divider: crystal.divider }) });

    await startStub(link);
    const restartStub = (): Promise<void> => startStub(link);
    const baudNow = await changeBaud(link, baud, { autoReset, restartStub, waitForFlashModeMs, signal });

    const flashId = await readFlashId(link.loader);
    const size = flashSizeFromId(flashId);
    const id = flashId.toString(16).padStart(6, '0');
    link.emit({ type: 'log', line: t('flasher.log.flashId', { id, size: size?.name }) });
    if (size === undefined) link.emit({ type: 'warning', code: 'flash-size', message: t('flasher.warning.flashSizeUnknown', { id }) });
    else if (size.sizeBytes !== EXPECTED_FLASH_BYTES) link.emit({ type: 'warning', code: 'flash-size', message: t('flasher.warning.flashSizeOther', { size: size.name }) });

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
