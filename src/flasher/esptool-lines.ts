/**
 * The lines esptool-js 0.7.0 writes to its terminal during our flows, in the
 * page's language: the loader's `info()` calls in node_modules/esptool-js/
 * lib/esploader.js that our calls reach (runStub 1270–1307, eraseFlash
 * 1193–1199, flashDeflBegin 943 and 957, changeBaud 1335–1366). The log
 * otherwise shows what esptool-js wrote, so a line this table does not know
 * (a newer esptool-js, a debug line) still reaches the log as written.
 */
import { t } from '../i18n/index.ts';

type Rewrite = [pattern: RegExp, words: (match: RegExpExecArray) => string];

const LINES: readonly Rewrite[] = [
  [/^Stub is already running\. No upload is necessary\.$/, () => t('flasher.esptool.stubAlreadyRunning')],
  [/^Uploading stub\.\.\.$/, () => t('flasher.esptool.uploadingStub')],
  [/^Running stub\.\.\.$/, () => t('flasher.esptool.runningStub')],
  [/^Stub running\.\.\.$/, () => t('flasher.esptool.stubRunning')],
  [/^Erasing flash \(this may take a while\)\.\.\.$/, () => t('flasher.esptool.erasing')],
  [/^Chip erase completed successfully in (\S+)s$/, (m) => t('flasher.esptool.erased', { written: m[1] ?? '', seconds: Number(m[1]) })],
  [/^Compressed (\d+) bytes to (\d+)\.\.\.$/, (m) => t('flasher.esptool.compressed', { bytes: Number(m[1]), sizeBytes: Number(m[2]) })],
  // esptool-js prints the time as `${ms / 1000}.${ms % 1000}` (1.234 s reads "1.234.234s"): English keeps what it
  // wrote; the seconds are the part before its own last ".".
  [/^Took (\S+)s to erase flash block$/, (m) => t('flasher.esptool.erasedBlock', { written: m[1] ?? '', seconds: Number((m[1] ?? '').replace(/\.\d+$/, '')) })],
  [/^Changing baudrate to (\d+)$/, (m) => t('flasher.esptool.changingBaud', { baud: Number(m[1]) })],
  [/^Changed$/, () => t('flasher.esptool.changed')],
  [/^If the chip does not respond to any further commands, consider using a lower baud rate\.$/, () => t('flasher.esptool.lowerBaudHint')],
  [/^Unable to use (\d+) baud\. Continuing at (\d+) baud\.$/, (m) => t('flasher.esptool.baudUnusable', { baud: Number(m[1]), fallback: Number(m[2]) })],
  [/^The board reset while the serial port was reopened\. Continuing at (\d+) baud\.$/, (m) => t('flasher.esptool.resetOnReopen', { fallback: Number(m[1]) })],
  [/^The board stopped responding after changing baud rate\. Continuing at (\d+) baud\.$/, (m) => t('flasher.esptool.silentAfterBaud', { fallback: Number(m[1]) })],
];

/** One line esptool-js wrote, in the page's words where we know it. */
export function esptoolLine(line: string): string {
  for (const [pattern, words] of LINES) {
    const match = pattern.exec(line.trim());
    if (match) return words(match);
  }
  return line;
}
