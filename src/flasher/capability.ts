/**
 * Can this browser flash at all? A plain value decided when called, with no
 * imports: the page's first paint runs it before any flasher code loads. It
 * names what to say by the key of the words shown before the first click
 * (src/i18n/en/shell.ts), which the page carries as data in its language.
 *
 * What browsers offer (checked 2026-12):
 * - Chrome and Edge on a desktop: Web Serial since Chrome 89 (chromestatus 6577673212002304).
 * - Firefox 151 (May 19, 2026) on the desktop: Web Serial, after the person
 *   allows a site-permission add-on that Firefox offers the first time
 *   (mdn/content files/en-us/mozilla/firefox/releases/151/index.md, "APIs";
 *   Firefox bug 2029625). Firefox for Android: none. Where `navigator.serial`
 *   is there, the page never tells a Firefox user to switch.
 * - Chrome on Android: from Chrome 138 only Bluetooth serial ports
 *   (mdn/browser-compat-data#28818: "Only Bluetooth RFCOMM"); from Chrome 148
 *   USB serial too (chromestatus 6043992171085824, GoogleChrome/modern-web-guidance-src#1157),
 *   through Android's own serial service (Chromium ChromeSerialManager over
 *   android.hardware.serial.SerialManager), which drives a limited set of
 *   devices: "not the FTDI/PL2303-class USB-UART chips" (jasiek/webchirp#8,
 *   2026-07, tested on Chrome 148+); on Chrome 126 a CP2102N, a CH340 and an
 *   FTDI adapter were not listed at all (mdn/browser-compat-data#23802).
 *   Whether CH340 and CP2102 appear on 148+: UNCONFIRMED.
 */
/** What to say, as a key of the shell's words and the values of its template. */
export interface SupportMessage {
  key: 'support.notSecure' | 'support.firefoxAndroid' | 'support.firefoxOld' | 'support.firefoxOff' | 'support.android' | 'support.none' | 'support.androidUsb';
  values?: { firefox: number; version?: number };
}

export interface WebSerialSupport {
  supported: boolean;
  reason?: SupportMessage;
  /** Said beside the flasher even where Web Serial is there (Chrome on Android and its few USB adapters). */
  note?: SupportMessage;
}

interface Browser {
  firefox: number | undefined;
  android: boolean;
}

function browserOf(userAgent: string): Browser {
  const firefox = /\bFirefox\/(\d+)/.exec(userAgent);
  return { firefox: firefox ? Number(firefox[1]) : undefined, android: /\bAndroid\b/.test(userAgent) };
}

/** First Firefox with Web Serial on the desktop. */
export const FIREFOX_WEB_SERIAL = 151;

export const ANDROID_USB_NOTE: SupportMessage = { key: 'support.androidUsb' };

function noSerialReason(browser: Browser): SupportMessage {
  const firefox = FIREFOX_WEB_SERIAL;
  if (browser.firefox !== undefined && browser.android) return { key: 'support.firefoxAndroid', values: { firefox } };
  if (browser.firefox !== undefined && browser.firefox < FIREFOX_WEB_SERIAL) return { key: 'support.firefoxOld', values: { firefox, version: browser.firefox } };
  if (browser.firefox !== undefined) return { key: 'support.firefoxOff', values: { firefox } };
  if (browser.android) return { key: 'support.android', values: { firefox } };
  return { key: 'support.none', values: { firefox } };
}

/** `'serial' in navigator` and `isSecureContext`, and what to say about this browser. */
export function webSerialSupport(): WebSerialSupport {
  const scope = globalThis as { navigator?: { userAgent?: string }; isSecureContext?: boolean };
  if (scope.isSecureContext === false)
    return { supported: false, reason: { key: 'support.notSecure' } };
  const browser = browserOf(scope.navigator?.userAgent ?? '');
  if (scope.navigator === undefined || !('serial' in scope.navigator)) return { supported: false, reason: noSerialReason(browser) };
  if (browser.android && browser.firefox === undefined) return { supported: true, note: ANDROID_USB_NOTE };
  return { supported: true };
}
