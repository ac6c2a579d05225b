/**
 * Can this browser flash at all? A plain value decided when called, with no
 * imports: the page's first paint runs it before any flasher code loads (so
 * its words live here, not in the catalogue, which would cost the first
 * paint its budget).
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
export interface WebSerialSupport {
  supported: boolean;
  reason?: string;
  /** Said beside the flasher even where Web Serial is there (Chrome on Android and its few USB adapters). */
  note?: string;
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

const DESKTOP_BROWSERS = `Chrome, Edge, or Firefox ${FIREFOX_WEB_SERIAL} or newer, on a desktop computer`;

export const ANDROID_USB_NOTE =
  'On Android, Chrome lists only some USB serial adapters: FTDI and PL2303 adapters are reported not to appear, and CH340 and CP2102 adapters are not confirmed to. If yours is not in the list, use a desktop computer.';

function noSerialReason(browser: Browser): string {
  if (browser.firefox !== undefined && browser.android) return `Firefox for Android has no Web Serial (Firefox ${FIREFOX_WEB_SERIAL} added it on desktop computers only). Use ${DESKTOP_BROWSERS}.`;
  if (browser.firefox !== undefined && browser.firefox < FIREFOX_WEB_SERIAL)
    return `This Firefox (version ${browser.firefox}) has no Web Serial yet: Firefox has it from version ${FIREFOX_WEB_SERIAL} on desktop computers. Update Firefox, then reload this page.`;
  if (browser.firefox !== undefined) return `This Firefox should have Web Serial (version ${FIREFOX_WEB_SERIAL} or newer), but it is turned off here. Check the browser’s settings, or use Chrome or Edge.`;
  if (browser.android) return `This browser has no Web Serial for USB adapters on Android. Use ${DESKTOP_BROWSERS}.`;
  return `This browser has no Web Serial. Use ${DESKTOP_BROWSERS}.`;
}

/** `'serial' in navigator` and `isSecureContext`, and what to say about this browser. */
export function webSerialSupport(): WebSerialSupport {
  const scope = globalThis as { navigator?: { userAgent?: string }; isSecureContext?: boolean };
  if (scope.isSecureContext === false)
    return { supported: false, reason: 'This page is not served over https (or localhost), so the browser hides Web Serial.' };
  const browser = browserOf(scope.navigator?.userAgent ?? '');
  if (scope.navigator === undefined || !('serial' in scope.navigator)) return { supported: false, reason: noSerialReason(browser) };
  if (browser.android && browser.firefox === undefined) return { supported: true, note: ANDROID_USB_NOTE };
  return { supported: true };
}
