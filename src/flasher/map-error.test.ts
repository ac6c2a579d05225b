import { ESPError, TimeoutError, UnexpectedChipMagicError } from 'esptool-js';
import { describe, expect, it } from 'vitest';
import { t } from '../i18n/index.ts';
import { FlasherError } from './errors.ts';
import { toFlasherError } from './map-error.ts';

const PORT_BACK_ACTION = t('flasher.portLost.action');
const RECONNECT_ACTION = t('flasher.deviceLost.action');

describe('toFlasherError', () => {
  it('maps the chooser closed to port-cancelled', () => {
    const error = toFlasherError(new DOMException('No port selected by the user.', 'NotFoundError'), { during: 'request-port' });
    expect(error.code).toBe('port-cancelled');
  });

  it('maps a port held by another program (or refused by Linux) to port-busy, with what to close and the dialout hint', () => {
    const cause = new DOMException('Failed to open serial port.', 'NetworkError');
    const error = toFlasherError(cause, { during: 'open' });
    expect(error.code).toBe('port-busy');
    expect(error.action).toMatch(/^Close the serial monitor, Arduino IDE, or other tab using it, then try again\. On Linux, .* dialout group \(sudo usermod -aG dialout \$USER\)/);
    expect(error.cause).toBe(cause);
  });

  it('maps this page’s own port left open to port-busy with a reload, not to another program', () => {
    const error = toFlasherError(new DOMException('The port is already open.', 'InvalidStateError'), { during: 'open' });
    expect(error.code).toBe('port-busy');
    expect(error.message).toBe('This page still has the port open from an earlier connection.');
    expect(error.action).toBe('Reload the page, then connect again.');
  });

  it('maps refused DTR/RTS (the port still open) to auto-reset-failed, not to an unplugged adapter', () => {
    const error = toFlasherError(new DOMException('Failed to set control signals.', 'NetworkError'), { during: 'connect' });
    expect(error.code).toBe('auto-reset-failed');
  });

  it('maps an unplugged adapter mid-step (the port lost) to port-lost, saying how to get it back and that it is not bricked', () => {
    const error = toFlasherError(new DOMException('The device has been lost.', 'NetworkError'), { during: 'write' });
    expect(error.code).toBe('port-lost');
    expect(error.message).toBe('The adapter was unplugged (or its USB cable came loose) while writing: the browser closed its port.');
    expect(error.action).toBe(PORT_BACK_ACTION);
    expect(error.action).toMatch(/Plug the adapter back in while holding the button.*not bricked/);
  });

  it('maps a device that stopped answering with the port still there to device-lost, with flash mode on the 3.3 V wire', () => {
    const error = toFlasherError(new Error('No serial data received.'), { during: 'write' });
    expect(error.code).toBe('device-lost');
    expect(error.action).toBe(RECONNECT_ACTION);
    expect(error.action).toBe('The device is not bricked: its loader is in ROM. Put it in flash mode again (hold the button, reconnect the 3.3 V wire, release) and run the step again.');
  });

  it('maps esptool-js timeouts and torn packets mid-step to device-lost', () => {
    for (const cause of [new ESPError('No serial data received.'), new ESPError('Serial data stream stopped: Possible serial noise or corruption.'), new TimeoutError('timeout'), new TypeError('Cannot write to a CLOSED writable stream')]) {
      expect(toFlasherError(cause, { during: 'read' }).code).toBe('device-lost');
    }
  });

  it('maps a block the stub rejected as damaged to verify-failed, naming the status', () => {
    // The stub's status bytes are [error, 0]: 0xC1 is a bad checksum.
    const error = toFlasherError(new ESPError('Failed to write compressed data to flash after seq 3 failed with status 193,0'), { during: 'write' });
    expect(error.code).toBe('verify-failed');
    expect(error.message).toBe('The device rejected the data while writing (bad checksum, status 0xC1): it arrived damaged, so nothing written is trusted.');
  });

  it('names a ROM loader error from its second status byte', () => {
    // The ROM answers [1, error]: 0x07 is an invalid CRC.
    const error = toFlasherError(new ESPError('Failed to write to target Flash after seq 0 failed with status 1,7'), { during: 'write' });
    expect(error.message).toContain('invalid CRC in message, status 0x7');
  });

  it('maps a status error to device-lost when the port is already gone', () => {
    expect(toFlasherError(new ESPError('Failed to x failed with status 1,194'), { during: 'write', deviceLost: true }).code).toBe('device-lost');
  });

  it('maps another chip to wrong-chip', () => {
    const error = toFlasherError(new UnexpectedChipMagicError(0x12345678), { during: 'connect' });
    expect(error.code).toBe('wrong-chip');
    expect(error.message).toMatch(/not an ESP8266/);
  });

  it('passes a FlasherError through unchanged', () => {
    const original = new FlasherError('busy', 'b', 'a');
    expect(toFlasherError(original, { during: 'write' })).toBe(original);
  });
});
