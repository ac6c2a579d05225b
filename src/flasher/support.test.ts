import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SerialLike } from './api.ts';
import { requestPort, webSerialSupport } from './support.ts';

describe('webSerialSupport', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('needs navigator.serial', () => {
    vi.stubGlobal('navigator', {});
    vi.stubGlobal('isSecureContext', true);
    expect(webSerialSupport()).toEqual({ supported: false, reason: 'This browser has no Web Serial. Use Chrome or Edge on a desktop computer.' });
  });

  it('needs a secure context', () => {
    vi.stubGlobal('navigator', { serial: {} });
    vi.stubGlobal('isSecureContext', false);
    expect(webSerialSupport().supported).toBe(false);
    expect(webSerialSupport().reason).toMatch(/https/);
  });

  it('is supported with both', () => {
    vi.stubGlobal('navigator', { serial: {} });
    vi.stubGlobal('isSecureContext', true);
    expect(webSerialSupport()).toEqual({ supported: true });
  });
});

describe('requestPort', () => {
  it('maps the chooser closed to port-cancelled', async () => {
    const serial: SerialLike = {
      requestPort: () => Promise.reject(new DOMException('No port selected by the user.', 'NotFoundError')),
      getPorts: () => Promise.resolve([]),
    };
    await expect(requestPort(serial)).rejects.toMatchObject({ name: 'FlasherError', code: 'port-cancelled' });
  });
});
