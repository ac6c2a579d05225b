import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SerialLike } from './api.ts';
import { shell } from '../i18n/en/shell.ts';
import { supportText } from '../i18n/shell.ts';
import { ANDROID_USB_NOTE, type SupportMessage } from './capability.ts';
import { requestPort, webSerialSupport } from './support.ts';

/** What the page says for a reason or note, in English. */
const said = (message: SupportMessage | undefined): string | undefined => (message === undefined ? undefined : supportText(shell, message));

describe('webSerialSupport', () => {
  afterEach(() => vi.unstubAllGlobals());

  const CHROME_DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36';
  const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15';
  const FIREFOX = (version: number, os = 'X11; Linux x86_64'): string => `Mozilla/5.0 (${os}; rv:${version}.0) Gecko/20100101 Firefox/${version}.0`;
  const CHROME_ANDROID = 'Mozilla/5.0 (Linux; Android 17; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/149.0.0.0 Mobile Safari/537.36';
  const on = (userAgent: string, serial: boolean): void => {
    vi.stubGlobal('navigator', serial ? { userAgent, serial: {} } : { userAgent });
    vi.stubGlobal('isSecureContext', true);
  };

  it('needs navigator.serial, and names the desktop browsers that have it, Firefox 151 among them', () => {
    on(SAFARI, false);
    expect(webSerialSupport().supported).toBe(false);
    expect(said(webSerialSupport().reason)).toBe('This browser has no Web Serial. Use Chrome, Edge, or Firefox 151 or newer, on a desktop computer.');
  });

  it('Firefox 151 on a desktop with Web Serial works, and is never told to switch', () => {
    on(FIREFOX(151), true);
    expect(webSerialSupport()).toEqual({ supported: true });
    on(FIREFOX(152, 'Windows NT 10.0; Win64; x64'), true);
    expect(webSerialSupport()).toEqual({ supported: true });
  });

  it('an older Firefox is told to update, not to switch; Firefox for Android that it has none', () => {
    on(FIREFOX(150), false);
    expect(said(webSerialSupport().reason)).toBe('This Firefox (version 150) has no Web Serial yet: Firefox has it from version 151 on desktop computers. Update Firefox, then reload this page.');
    on(FIREFOX(151, 'Android 15; Mobile'), false);
    expect(said(webSerialSupport().reason)).toMatch(/^Firefox for Android has no Web Serial \(Firefox 151 added it on desktop computers only\)\./);
  });

  it('Chrome on Android with Web Serial works, with a plain note that few USB adapters are listed there', () => {
    on(CHROME_ANDROID, true);
    expect(webSerialSupport()).toEqual({ supported: true, note: ANDROID_USB_NOTE });
    expect(said(ANDROID_USB_NOTE)).toMatch(/FTDI and PL2303 adapters are reported not to appear, and CH340 and CP2102 adapters are not confirmed to/);
    on(CHROME_DESKTOP, true);
    expect(webSerialSupport()).toEqual({ supported: true });
  });

  it('needs a secure context', () => {
    vi.stubGlobal('navigator', { serial: {} });
    vi.stubGlobal('isSecureContext', false);
    expect(webSerialSupport().supported).toBe(false);
    expect(said(webSerialSupport().reason)).toMatch(/https/);
  });

  it('is supported with both', () => {
    vi.stubGlobal('navigator', { serial: {}, userAgent: '' });
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

  it('a refused permission (Firefox’s site-permission prompt) says to allow it, not to switch browsers', async () => {
    const serial: SerialLike = {
      requestPort: () => Promise.reject(new DOMException('The operation is insecure.', 'SecurityError')),
      getPorts: () => Promise.resolve([]),
    };
    const error = await requestPort(serial).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'no-web-serial', action: expect.stringMatching(/allow it, then choose the port again/) });
    expect((error as Error & { action: string }).action).not.toMatch(/Chrome|Edge/);
  });
});
