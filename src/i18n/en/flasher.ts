/**
 * English messages of the flasher (src/flasher/) and of the workbench's
 * words around them: each FlasherError's message and next action, the
 * phases, warnings and log lines a step shows, the result lines, and how
 * sizes, times and speeds read. `../en.ts` merges them into the catalogue.
 *
 * A number a person reads is passed as a number and written here, in the
 * language's own way (src/i18n/format.ts); what a person types (`--baud
 * 115200`, `read_flash 0x00000 0x100000`) and hex (addresses, MD5s, ids) is
 * written as esptool writes it.
 */
import { formatFixed, formatNumber } from '../format.ts';

/** A count without grouping, as the flasher has always written baud rates, seconds and sectors: 115200, 256. */
const plain = (n: number): string => formatNumber(n, { useGrouping: false });
/** A count of bytes as a person reads it: 1,048,576. */
const count = (n: number): string => formatNumber(n);
const MB = 1024 * 1024;
/** Bytes as the person reads them: "1.2 MB", "600 KB", "512 bytes". */
const size = (bytes: number): string => {
  if (bytes >= MB) return `${formatFixed(bytes / MB, 1, { minimumFractionDigits: 0 })} MB`;
  if (bytes >= 1024) return `${formatFixed(bytes / 1024, 1, { minimumFractionDigits: 0 })} KB`;
  return `${plain(bytes)} bytes`;
};
/** A time the flasher measured: "3.2 s". */
const secs = (ms: number): string => `${formatFixed(ms / 1000, 1)} s`;
const NOT_KEPT = 'Download it now: it is not kept in this browser.';
const NOT_STORED = 'It was not stored; run the backup step again.';
const STORED_ADVICE = 'Do not restore it: use a downloaded copy or take a new backup.';
const storedBackup = (mac: string, takenAt: string): string => `The stored backup of ${mac || 'an unknown device'} taken ${takenAt}`;
const PICK_BIN = 'Choose the firmware .bin file for the ESP8266 (for the Sonoff POW, a 1 MB build).';

export const flasher = {
  // What the flasher was doing when something went wrong: "… while writing".
  'flasher.stage.requestPort': 'choosing the port',
  'flasher.stage.open': 'opening the port',
  'flasher.stage.connect': 'connecting',
  'flasher.stage.baud': 'changing the baud',
  'flasher.stage.erase': 'erasing',
  'flasher.stage.write': 'writing',
  'flasher.stage.read': 'reading',
  'flasher.stage.verify': 'verifying',

  'flasher.portLost.message': ({ stage }: { stage: string }) => `The adapter was unplugged (or its USB cable came loose) while ${stage}: the browser closed its port.`,
  'flasher.portLost.action': 'Plug the adapter back in while holding the button; then run the step again. The device is not bricked: its loader is in ROM.',
  'flasher.deviceLost.message': ({ stage }: { stage: string }) => `The device stopped answering while ${stage}.`,
  'flasher.deviceLost.action':
    'The device is not bricked: its loader is in ROM. Put it in flash mode again (hold the button, reconnect the 3.3 V wire, release) and run the step again.',

  'flasher.portBusy.message': 'The serial port could not be opened: another program or browser tab is probably using it.',
  'flasher.portBusy.action':
    'Close the serial monitor, Arduino IDE, or other tab using it, then try again. On Linux, if nothing else is using it, your user may not be allowed to open serial ports: add it to the dialout group (sudo usermod -aG dialout $USER), log out and back in, then try again.',
  'flasher.portStillOpen.message': 'This page still has the port open from an earlier connection.',
  'flasher.portStillOpen.action': 'Reload the page, then connect again.',
  'flasher.portOpenFailed.message': ({ reason }: { reason: string }) => `The serial port could not be opened: ${reason}`,
  'flasher.portOpenFailed.action': 'Close the serial monitor, Arduino IDE, or other tab using it, unplug and replug the adapter, then try again.',
  'flasher.portCancelled.message': 'No port was chosen.',
  'flasher.portCancelled.action': 'Choose the USB serial adapter in the list when you are ready.',
  'flasher.chooserRefused.message': ({ reason }: { reason: string }) => `The browser refused to open the port chooser: ${reason}`,
  'flasher.chooserRefused.action':
    'If the browser asked for permission to use serial ports (Firefox asks to add a site permission first), allow it, then choose the port again.',
  'flasher.autoResetFailed.message': 'The adapter did not let the page set its DTR and RTS lines, so it could not reset the Sonoff into flash mode.',
  'flasher.autoResetFailed.action':
    'Untick “My adapter has DTR/RTS”, then put the Sonoff in flash mode by hand (hold the button, reconnect the 3.3 V wire) and connect again.',

  'flasher.noAnswer.message': ({ seconds }: { seconds: number }) =>
    `Nothing answered in ${plain(seconds)} s. Usually it is not in flash mode (hold the button while it gets power), TX and RX are swapped, the adapter is set to 5 V instead of 3.3 V, or the baud is wrong.`,
  'flasher.noAnswer.action': 'Hold the button while you plug in the power, release it after a second, check TX→RX and RX→TX and the 3.3 V setting, then try again.',
  /** What the diagnosis of the wait says, in the final error's words (the page shows its own, fuller, text beside it). */
  'flasher.noAnswer.because': ({ seconds, why }: { seconds: number; why: string }) => `Nothing answered in ${plain(seconds)} s: ${why}.`,
  'flasher.noAnswer.why.firmwareStarted': 'the Sonoff started its normal firmware, because the button was not held when it got power',
  'flasher.noAnswer.why.noFirmware': 'the Sonoff started from its flash, found nothing to run there and stopped, because the button was not held when it got power',
  'flasher.noAnswer.why.txPathDown': 'the Sonoff is in flash mode but does not hear the computer',
  'flasher.noAnswer.why.otherBootMode': 'the Sonoff started, but not in flash mode',
  'flasher.noAnswer.why.garbled': 'what came from the Sonoff was garbled',
  'flasher.noAnswer.why.silent': 'nothing came from the Sonoff at any speed',
  'flasher.noAnswer.do.restart': 'Hold the button, disconnect and reconnect the 3.3 V wire, release the button after a second, then try again.',
  'flasher.noAnswer.do.txWire': 'Check the wire from the adapter’s TX to the Sonoff’s RX, then try again.',
  'flasher.noAnswer.do.gndWire': 'Check the GND wire between the adapter and the Sonoff, then try again.',
  'flasher.noAnswer.do.silent':
    'Hold the button and reconnect the 3.3 V wire (a Sonoff running its own firmware is quiet until it restarts); if it stays silent, check that the adapter’s TX goes to the Sonoff’s RX and RX to TX, that the 3.3 V wire is on, and that you chose the adapter’s port.',

  'flasher.wrongChip.library': ({ reason }: { reason: string }) => `The device answered, but it is not an ESP8266 (${reason})`,
  'flasher.wrongChip.action': 'Check that the adapter is connected to the Sonoff POW, not another board.',

  'flasher.rejected.message': ({ stage, what, status }: { stage: string; what: string; status: string }) =>
    `The device rejected the data while ${stage} (${what}, status 0x${status}): it arrived damaged, so nothing written is trusted.`,
  'flasher.rejected.action': 'Use a shorter USB cable or a lower --baud, then run the step again.',
  'flasher.md5Differs.message': 'The flash does not hold what was written (MD5 differs).',
  'flasher.md5Differs.action': 'Run the step again; if it fails twice, try a lower --baud.',
  // The flasher stub's status codes (esptool stub_flasher.h) and the ROM loader's, as the rejection names them.
  'flasher.stubStatus.c0': 'bad data length',
  'flasher.stubStatus.c1': 'bad checksum',
  'flasher.stubStatus.c2': 'bad block size',
  'flasher.stubStatus.c3': 'invalid command',
  'flasher.stubStatus.c4': 'SPI flash operation failed',
  'flasher.stubStatus.c5': 'SPI flash unlock failed',
  'flasher.stubStatus.c6': 'not in flash mode',
  'flasher.stubStatus.c7': 'decompression failed',
  'flasher.stubStatus.c8': 'not enough data',
  'flasher.stubStatus.c9': 'too much data',
  'flasher.stubStatus.ff': 'command not implemented',
  'flasher.stubStatus.other': ({ code }: { code: string }) => `stub error 0x${code}`,
  'flasher.romStatus.05': 'received message is invalid',
  'flasher.romStatus.06': 'failed to act on received message',
  'flasher.romStatus.07': 'invalid CRC in message',
  'flasher.romStatus.08': 'flash write error',
  'flasher.romStatus.09': 'flash read error',
  'flasher.romStatus.0a': 'flash read length error',
  'flasher.romStatus.0b': 'deflate error',
  'flasher.romStatus.other': ({ code }: { code: string }) => `ROM error 0x${code}`,

  // Connecting: from the chosen port to the stub running at the command's baud.
  'flasher.phase.opening': 'Opening the serial port at 115200 baud…',
  'flasher.phase.flashMode': 'Put the device in flash mode without unplugging the adapter: hold the button, disconnect and reconnect the 3.3 V wire, then release the button.',
  'flasher.phase.resetting': 'Resetting the device into flash mode…',
  'flasher.phase.portLost': 'The adapter was unplugged. Plug it back in while holding the button; the page waits for it.',
  'flasher.phase.answered': 'The device answered; reading what it is…',
  'flasher.phase.startingStub': 'Starting the flasher stub on the device…',
  'flasher.phase.changingBaud': ({ baud }: { baud: number }) => `Changing to ${plain(baud)} baud…`,
  'flasher.cancelled.message': 'Connecting was cancelled; the port is released.',
  'flasher.cancelled.action': 'Connect again when the device is ready.',
  'flasher.stubFailed.message': 'The device took the flasher program but did not start it.',
  'flasher.stubFailed.action':
    'Put it in flash mode again (hold the button, reconnect the 3.3 V wire, release) and connect again; if it happens twice, run “Check this adapter and device” and report what it says.',
  'flasher.wrongChip.named': ({ chip }: { chip: string }) => `The device is an ${chip}, not the ESP8266 of a Sonoff POW.`,
  'flasher.wrongChip.magic': ({ magic }: { magic: string }) => `The device answered, but it is not an ESP8266 (chip magic 0x${magic}).`,
  'flasher.warning.macUnknown': 'The MAC address has an unknown maker prefix (OUI); it is shown as unknown.',
  'flasher.warning.flashSizeUnknown': ({ id }: { id: string }) => `The flash size could not be detected (flash id 0x${id}); -fs detect will use 4MB, as esptool.py does.`,
  'flasher.warning.flashSizeOther': ({ size }: { size: string }) => `This device has ${size} of flash, not the 1MB of a Sonoff POW v1. Check the firmware build and backup sizes.`,
  'flasher.log.crystalOdd': ({ estimatedMhz, mhz }: { estimatedMhz: number; mhz: number }) =>
    `Detected crystal ${formatFixed(estimatedMhz, 2)} MHz is far from ${plain(mhz)} MHz; unusual crystal?`,
  'flasher.log.chip': ({ chip, mac, mhz, divider }: { chip: string; mac: string | undefined; mhz: number; divider: number }) =>
    `Chip is ${chip}, MAC ${mac ?? 'unknown'}, crystal ${plain(mhz)} MHz, UART divider ${plain(divider)}`,
  'flasher.log.flashId': ({ id, size }: { id: string; size: string | undefined }) => `Flash id 0x${id}: ${size ?? 'unknown size'}`,
  /** `baud` is the command's own text (--baud 123), shown as typed. */
  'flasher.unsupportedBaud.message': ({ baud, min, max }: { baud: number; min: number; max: number }) =>
    `--baud ${baud} is not a speed the flasher uses (${plain(min)} to ${plain(max)}).`,
  'flasher.unsupportedBaud.connectAction': 'Use --baud 115200, or 460800 / 921600 for a faster link.',

  // Changing the link's speed.
  'flasher.warning.baudFailed': ({ baud, fallback }: { baud: number; fallback: number }) => `The link failed at ${plain(baud)} baud; continuing at ${plain(fallback)}.`,
  'flasher.baudTooEarly.message': 'The link speed cannot be changed before the device has answered at 115200.',
  'flasher.baudTooEarly.action': 'Connect again.',
  'flasher.baudLost.message': ({ baud }: { baud: number }) => `The device went away while changing to ${plain(baud)} baud.`,
  'flasher.baudFailed.message': ({ baud, fallback }: { baud: number; fallback: number }) =>
    `The link failed at ${plain(baud)} baud and the device no longer answers at ${plain(fallback)}.`,
  'flasher.baudFailed.action': ({ fallback }: { fallback: number }) => `Reconnect the 3.3 V wire while holding the button, connect again, and use --baud ${fallback}.`,
  'flasher.log.dividerOk': ({ divider, baud }: { divider: number; baud: number }) => `UART divider ${plain(divider)}: the chip runs at ${plain(baud)} baud.`,
  'flasher.log.dividerOff': ({ divider, expected }: { divider: number; expected: number }) => `UART divider ${plain(divider)}, expected ${plain(expected)}.`,
  'flasher.action.reconnectAndRun': 'Reconnect and run the step again.',

  // Sizes as a person reads them.
  'flasher.unit.size': ({ bytes }: { bytes: number }) => size(bytes),

  // A firmware file refused before a byte is sent; `at` and `first` are hex, as esptool writes them.
  'flasher.image.pickBin': PICK_BIN,
  'flasher.image.empty.message': ({ fileName }: { fileName: string }) => `${fileName} is empty (0 bytes).`,
  'flasher.image.empty.action': `The download probably failed; download it again. ${PICK_BIN}`,
  'flasher.image.gzip.message': ({ fileName }: { fileName: string }) =>
    `${fileName} is gzip-compressed (a .bin.gz for over-the-air updates), not a raw image for the serial flasher.`,
  'flasher.image.gzip.action': 'Decompress it first (the flasher can do it for you), or download the plain .bin.',
  'flasher.image.text.message': ({ fileName, what }: { fileName: string; what: string }) => `${fileName} is ${what}; this is not firmware.`,
  'flasher.image.text.html': 'a web page (HTML), probably saved instead of the download',
  'flasher.image.text.intelHex': 'an Intel HEX text file, not a raw .bin',
  'flasher.image.text.json': 'a JSON text file',
  'flasher.image.text.plain': 'a text file',
  'flasher.image.blank.message': ({ fileName }: { fileName: string }) => `${fileName} is blank: every byte is 0xFF, as read from an erased flash.`,
  'flasher.image.blank.action': `There is nothing to write; choose the firmware or a backup taken before erasing. ${PICK_BIN}`,
  'flasher.image.esp32.message': ({ fileName, chip }: { fileName: string; chip: string }) => `${fileName} is firmware for an ${chip}, not for the ESP8266 in the Sonoff POW.`,
  'flasher.image.esp32.action': `Download the ESP8266 build instead. ${PICK_BIN}`,
  'flasher.image.v2.message': ({ fileName }: { fileName: string }) =>
    `${fileName} is an ESP8266 "V2" application image (first byte 0xEA): a bootloader loads it from 0x01000 or later; the ROM will not start it from 0x00000.`,
  'flasher.image.v2.action': 'Use the single-file firmware build that starts at 0x00000 (first byte 0xE9), or write the bootloader at 0x00000 first.',
  'flasher.image.broken.message': ({ fileName }: { fileName: string }) => `${fileName} starts like ESP8266 firmware (0xE9) but its segment table is cut short or broken.`,
  'flasher.image.broken.action': `The file is damaged or truncated; download it again. ${PICK_BIN}`,
  'flasher.image.notFirmware.message': ({ fileName, first }: { fileName: string; first: string }) =>
    `${fileName} does not start like ESP8266 firmware (first byte is 0x${first}, firmware starts with 0xE9).`,
  'flasher.image.tooBig.message': ({ fileName, sizeBytes, flashBytes }: { fileName: string; sizeBytes: number; flashBytes: number }) =>
    `${fileName} is ${size(sizeBytes)} but there is only ${size(flashBytes)} of flash from 0x00000.`,
  'flasher.image.tooBig.action': ({ flashBytes }: { flashBytes: number }) => `Use a build for ${size(flashBytes)} of flash (for the Sonoff POW: 1 MB).`,
  'flasher.image.pastEnd.message': ({ fileName, sizeBytes, flashBytes, at, leftBytes }: { fileName: string; sizeBytes: number; flashBytes: number; at: string; leftBytes: number }) =>
    `${fileName} (${size(sizeBytes)}) fits the ${size(flashBytes)} flash but not from ${at}: only ${size(leftBytes)} remain there.`,
  'flasher.image.pastEnd.action': 'Check the address in the command; whole-flash firmware and backups go at 0x00000.',
  'flasher.image.theFile': 'the file',
  'flasher.image.gunzipFailed.message': ({ fileName, reason }: { fileName: string; reason: string }) => `${fileName} could not be decompressed: ${reason}.`,
  'flasher.image.gunzipFailed.action': 'Download the file again, or the plain .bin.',
  'flasher.image.gunzipNotFirmware.message': ({ fileName }: { fileName: string }) =>
    `${fileName} decompressed, but what is inside is not ESP8266 firmware (it does not start with 0xE9).`,

  // A backup checked before it is restored.
  'flasher.backup.pickOther': 'Choose another backup file; this one cannot be restored safely.',
  'flasher.backup.empty': 'The backup file is empty (0 bytes): the backup did not complete.',
  'flasher.backup.truncated': ({ bytes, recordedBytes }: { bytes: number; recordedBytes: number }) =>
    `The backup is truncated: ${count(bytes)} bytes of the ${count(recordedBytes)} recorded when it was taken.`,
  'flasher.backup.partSector': ({ bytes }: { bytes: number }) => `The backup is truncated: ${count(bytes)} bytes is not a whole number of 4 KB flash sectors.`,
  'flasher.backup.sizeDiffers': ({ sizeBytes, recordedBytes }: { sizeBytes: number; recordedBytes: number }) =>
    `The backup is ${size(sizeBytes)} but ${size(recordedBytes)} was recorded when it was taken.`,
  'flasher.backup.changed': 'The backup file has changed since it was taken (its MD5 differs from the one recorded).',
  'flasher.backup.tooBig.message': ({ sizeBytes, flashBytes }: { sizeBytes: number; flashBytes: number }) =>
    `The backup is ${size(sizeBytes)} but this device has only ${size(flashBytes)} of flash.`,
  'flasher.backup.tooBig.action': 'Restore it onto the device it came from.',
  'flasher.backup.warnSize': ({ sizeBytes, flashBytes }: { sizeBytes: number; flashBytes: number }) =>
    `The backup is ${size(sizeBytes)} but this device has ${size(flashBytes)} of flash; the rest of the flash keeps what it holds now.`,
  'flasher.backup.warnMac': ({ backupMac, deviceMac }: { backupMac: string; deviceMac: string }) =>
    `This backup was taken from another device (${backupMac}); the connected one is ${deviceMac}. Its Wi-Fi calibration and settings belong to the other device.`,

  // A step on the connected device: erase, write, read, one at a time. `md5` is its first 8 hex digits and "…";
  // addresses are hex as esptool writes them.
  'flasher.busy.message': 'Another step is still running on this device.',
  'flasher.busy.action': 'Wait for it to finish, then run this step.',
  'flasher.closed.message': 'This connection is closed.',
  'flasher.closed.action': 'Connect to the device again.',
  'flasher.unsupportedBaud.runAction': 'Use --baud 115200, or 460800 / 921600.',
  'flasher.phase.erasing': 'Erasing the whole flash…',
  'flasher.phase.checkingBlank': 'Checking the flash is blank…',
  'flasher.erase.done': ({ ms }: { ms: number }) => `Erased the whole flash in ${secs(ms)}`,
  'flasher.erase.verified': ({ sizeBytes, ms }: { sizeBytes: number; ms: number }) => `Erased ${size(sizeBytes)} of flash in ${secs(ms)}; verified blank`,
  'flasher.erase.notBlank.message': ({ md5, blank }: { md5: string; blank: string }) => `The flash is not blank after erasing (MD5 ${md5}, blank is ${blank}).`,
  'flasher.erase.notBlank.action': 'Run the erase step again; if it fails twice, the flash chip may be worn out.',
  'flasher.warning.fsDetect': 'The flash size could not be detected; writing 4MB into the header, as esptool.py does.',
  /** `flashSize` is the command's -fs, as typed. */
  'flasher.warning.fsLarger': ({ flashSize, flashBytes }: { flashSize: string; flashBytes: number }) => `-fs ${flashSize} is larger than the ${size(flashBytes)} flash this device has.`,
  'flasher.fileMissing.message': ({ fileName }: { fileName: string }) => `${fileName} has not been chosen.`,
  'flasher.fileMissing.action': ({ fileName }: { fileName: string }) => `Choose the file ${fileName} for this step.`,
  'flasher.phase.writing': ({ fileName, sizeBytes, address }: { fileName: string; sizeBytes: number; address: string }) => `Writing ${fileName} (${size(sizeBytes)}) at ${address}…`,
  'flasher.phase.comparing': ({ fileName }: { fileName: string }) => `Comparing ${fileName} with what the flash holds…`,
  'flasher.phase.writingChanged': ({ sectors, fileName, bytes }: { sectors: number; fileName: string; bytes: number }) =>
    `Writing ${plain(sectors)} changed sector${sectors === 1 ? '' : 's'} of ${fileName} (${size(bytes)})…`,
  'flasher.phase.checkingWrite': ({ fileName }: { fileName: string }) => `Checking the flash MD5 of ${fileName}…`,
  'flasher.log.sectorsDiffer': ({ changed, sectors, requests, runs }: { changed: number; sectors: number; requests: number; runs: number }) =>
    `${plain(changed)} of ${plain(sectors)} sectors differ (${plain(requests)} SPI_FLASH_MD5 requests); ${plain(runs)} run${runs === 1 ? '' : 's'} to write.`,
  'flasher.log.writingRun': ({ from, to, bytes }: { from: string; to: string; bytes: number }) => `Writing ${from}–${to} (${size(bytes)}).`,
  'flasher.log.spiParams': ({ reason }: { reason: string }) => `The device did not accept SPI_SET_PARAMS (${reason}); continuing.`,
  'flasher.write.wrote': ({ bytes, address }: { bytes: number; address: string }) => `Wrote ${count(bytes)} bytes at ${address}`,
  'flasher.write.wroteChanged': ({ changed, sectors, fileName, bytes, address }: { changed: number; sectors: number; fileName: string; bytes: number; address: string }) =>
    `${plain(changed)} of ${plain(sectors)} sectors of ${fileName} differed; wrote ${count(bytes)} bytes at ${address}`,
  /** One file's result line: `what` is flasher.write.wrote or flasher.write.wroteChanged. */
  'flasher.write.summary': ({ what, ms, md5 }: { what: string; ms: number; md5: string }) => `${what} in ${secs(ms)}; flash MD5 verified (${md5})`,
  'flasher.write.differs.message': ({ address, flash, sent }: { address: string; flash: string; sent: string }) =>
    `The flash does not hold what was written at ${address}: its MD5 is ${flash}, the data sent was ${sent}.`,
  'flasher.write.differs.action': 'Run the step again; if it fails twice, use a shorter cable or a lower --baud.',
  /** `address` and `length` are the command's own hex. */
  'flasher.read.pastEnd.message': ({ address, length, flashBytes }: { address: string; length: string; flashBytes: number }) =>
    `read_flash ${address} ${length} reaches past the end of the ${size(flashBytes)} flash.`,
  'flasher.read.pastEnd.action': 'Check the address and size in the command; a whole backup of the Sonoff POW is 0x00000 0x100000.',
  'flasher.phase.reading': ({ sizeBytes, address }: { sizeBytes: number; address: string }) => `Reading ${size(sizeBytes)} from ${address}…`,
  'flasher.phase.checkingRead': 'Checking the MD5 of what arrived…',
  'flasher.read.done': ({ bytes, address, ms, md5 }: { bytes: number; address: string; ms: number; md5: string }) =>
    `Read ${count(bytes)} bytes from ${address} in ${secs(ms)}; flash MD5 verified (${md5})`,
  'flasher.read.short': ({ bytes, expected }: { bytes: number; expected: number }) => `Only ${count(bytes)} of ${count(expected)} bytes arrived.`,
  'flasher.action.runAgain': 'Run the step again.',
  'flasher.read.digestDiffers': ({ device, arrived }: { device: string; arrived: string }) => `The data arrived damaged: the device's digest is ${device}, what arrived is ${arrived}.`,
  'flasher.read.flashDiffers': ({ flash, arrived }: { flash: string; arrived: string }) => `The backup arrived damaged: the flash MD5 is ${flash}, what arrived is ${arrived}.`,
  'flasher.read.againAction': 'Run the backup again; if it fails twice, use a lower --baud.',
  'flasher.read.lost.message': ({ at, bytes }: { at: number; bytes: number }) => `The data arrived damaged: bytes were lost on the way after ${count(at)} of ${count(bytes)}.`,
  'flasher.read.lost.action': 'Run the step again; if it fails twice, use a lower --baud or a shorter cable.',
  'flasher.log.noDigest': 'The stub sent no digest after the data; checking with SPI_FLASH_MD5 only.',

  // "Check this adapter and device": what the check says while it runs, and why a speed failed. Ids are hex.
  'flasher.phase.identifying': 'Reading the chip and flash ids again…',
  'flasher.phase.checkingSpeed': ({ kilobytes, baud, read }: { kilobytes: number; baud: number; read: number }) =>
    `Reading ${plain(kilobytes)} KB at ${plain(baud)} baud (${plain(read)} of 2)…`,
  'flasher.check.flashIdChanged': ({ now, before }: { now: string; before: string }) => `The flash id read ${now} now, ${before} at connect.`,
  'flasher.check.silentAfterChange': 'the device stopped answering after the change',
  'flasher.check.backAt': ({ baud }: { baud: number }) => `the link did not work there; back at ${plain(baud)} baud`,
  'flasher.check.lostAt': ({ baud }: { baud: number }) => `The device no longer answers after trying ${plain(baud)} baud: reconnect the 3.3 V wire holding the button to use it again.`,
  'flasher.check.notBack': 'The speed could not be brought back down to 115200.',
  'flasher.check.readsDiffer': 'the two reads differ',
  'flasher.check.allWork': 'The adapter and the device work at every speed checked.',
  'flasher.check.problems': ({ failed }: { failed: readonly number[] }) => `Problems at ${failed.map(plain).join(', ') || 'the end'} baud.`,

  /** A line esptool-js's transport traced (its own English), as the step's log shows it. */
  'flasher.log.serial': ({ message }: { message: string }) => `serial: ${message}`,

  // The workbench's words around the flasher: a step's log, the connection, the backups kept in this browser.
  'flasher.log.warning': ({ message }: { message: string }) => `Warning: ${message}`,
  'flasher.log.error': ({ message, action }: { message: string; action: string }) => `Error: ${message} ${action}`,
  'flasher.action.tryAgain': 'Try again.',
  'flasher.action.choosePortAgain': 'Choose the port again.',
  'flasher.connectCancelled.message': 'Connecting was cancelled.',
  'flasher.connectCancelled.action': 'Run the step again when the device is ready.',
  'flasher.noSerial.message': 'This browser has no Web Serial.',
  'flasher.noSerial.action': 'Use Chrome or Edge on a desktop computer, or the virtual Sonoff POW.',
  'flasher.backups.named': ({ label, when }: { label: string; when: string }) => `“${label}” (${when})`,
  /** `md5` is its first 8 hex digits and "…". */
  'flasher.backups.described': ({ mac, when, bytes, md5 }: { mac: string; when: string; bytes: number; md5: string }) => `${mac} · ${when} · ${count(bytes)} bytes · MD5 ${md5}`,
  'flasher.backups.labelled': ({ label, described }: { label: string; described: string }) => `“${label}” · ${described}`,

  // Times, speeds and sizes in the step's progress and the device strip.
  'flasher.unit.duration': ({ ms }: { ms: number }) => {
    const s = ms / 1000;
    return s < 60 ? `${formatFixed(s, 1)} s` : `${plain(Math.floor(s / 60))} min ${plain(Math.round(s % 60))} s`;
  },
  'flasher.unit.speed': ({ bytesPerSecond }: { bytesPerSecond: number }) =>
    bytesPerSecond >= MB ? `${formatFixed(bytesPerSecond / MB, 1)} MB/s` : `${formatFixed(bytesPerSecond / 1024, 1)} KB/s`,
  /** A size as a person says it, never broken across lines: 1 MB, 300 KB, 512 bytes. */
  'flasher.unit.sizeUnbroken': ({ bytes }: { bytes: number }) => {
    if (bytes >= MB && bytes % MB === 0) return `${plain(bytes / MB)}\u00a0MB`;
    if (bytes >= 1024) return `${formatNumber(bytes / 1024, { maximumFractionDigits: 1 })}\u00a0KB`;
    return `${plain(bytes)}\u00a0bytes`;
  },
  /** The device's flash, as one unit never wrapped between the number and "flash". */
  'flasher.unit.flash': ({ bytes }: { bytes: number }) => (bytes >= MB ? `${plain(bytes / MB)}MB\u00a0flash` : `${plain(bytes / 1024)}KB\u00a0flash`),
  'flasher.unit.flashUnknown': 'flash size unknown',

  // Backups kept in this browser (src/backups/store.ts); `name` is the browser's name for the failure (QuotaExceededError).
  'flasher.store.quota': `The browser refused to store the backup (storage full). ${NOT_KEPT}`,
  'flasher.store.full': 'The browser storage is full.',
  'flasher.store.unavailable': ({ name }: { name: string }) =>
    `This browser cannot keep backups (its storage is unavailable, for example in a private window: ${name}). Download each backup: it is not kept in this browser.`,
  'flasher.store.saveFailed': ({ name }: { name: string }) => `The browser could not store the backup (${name}). ${NOT_KEPT}`,
  'flasher.store.readFailed': ({ name }: { name: string }) => `The stored backups could not be read (${name}). Reload the page and try again.`,
  'flasher.store.deleteFailed': ({ name }: { name: string }) => `The stored backup could not be deleted (${name}). Reload the page and try again.`,
  'flasher.store.unknownError': 'unknown error',
  'flasher.store.labelTooLong': ({ max, length }: { max: number; length: number }) => `A label can have at most ${plain(max)} characters; this one has ${plain(length)}.`,
  'flasher.store.empty': `The backup is empty (0 bytes): the read did not complete. ${NOT_STORED}`,
  'flasher.store.sizeDiffers': ({ bytes, expected }: { bytes: number; expected: number }) =>
    `The backup is ${count(bytes)} bytes but ${count(expected)} were asked for: the read was incomplete. ${NOT_STORED}`,
  'flasher.store.notMd5': ({ md5 }: { md5: string }) => `"${md5}" is not an MD5 (32 hexadecimal digits); the backup cannot be verified. ${NOT_STORED}`,
  'flasher.store.md5Differs': `The backup does not match the MD5 the device reported: the read was incomplete or corrupted. ${NOT_STORED}`,
  'flasher.store.badDate': 'The backup has an invalid date.',
  'flasher.store.badRecord': 'A stored backup is damaged (its record is unreadable). Delete it and take a new backup.',
  /** `takenAt` is the record's ISO date, as stored. */
  'flasher.store.lostData': ({ mac, takenAt }: { mac: string; takenAt: string }) => `${storedBackup(mac, takenAt)} has lost its data. ${STORED_ADVICE}`,
  'flasher.store.damaged': ({ mac, takenAt }: { mac: string; takenAt: string }) =>
    `${storedBackup(mac, takenAt)} is damaged: it no longer matches the MD5 recorded when it was taken. ${STORED_ADVICE}`,
  'flasher.pageCode.message': 'A part of this page could not be loaded, so the step did not start; nothing was sent to the Sonoff.',
  'flasher.pageCode.action': 'Check the internet connection and reload the page, then run the step again.',
  // esptool-js's own log lines (src/flasher/esptool-lines.ts), as it writes them.
  'flasher.esptool.stubAlreadyRunning': 'Stub is already running. No upload is necessary.',
  'flasher.esptool.uploadingStub': 'Uploading stub...',
  'flasher.esptool.runningStub': 'Running stub...',
  'flasher.esptool.stubRunning': 'Stub running...',
  'flasher.esptool.erasing': 'Erasing flash (this may take a while)...',
  /** `written`: the seconds as esptool-js wrote them; `seconds`: the number. */
  'flasher.esptool.erased': ({ written }: { written: string; seconds: number }) => `Chip erase completed successfully in ${written}s`,
  'flasher.esptool.compressed': ({ bytes, sizeBytes }: { bytes: number; sizeBytes: number }) => `Compressed ${bytes} bytes to ${sizeBytes}...`,
  'flasher.esptool.erasedBlock': ({ written }: { written: string; seconds: number }) => `Took ${written}s to erase flash block`,
  'flasher.esptool.changingBaud': ({ baud }: { baud: number }) => `Changing baudrate to ${baud}`,
  'flasher.esptool.changed': 'Changed',
  'flasher.esptool.lowerBaudHint': 'If the chip does not respond to any further commands, consider using a lower baud rate.',
  'flasher.esptool.baudUnusable': ({ baud, fallback }: { baud: number; fallback: number }) => `Unable to use ${baud} baud. Continuing at ${fallback} baud.`,
  'flasher.esptool.resetOnReopen': ({ fallback }: { fallback: number }) => `The board reset while the serial port was reopened. Continuing at ${fallback} baud.`,
  'flasher.esptool.silentAfterBaud': ({ fallback }: { fallback: number }) => `The board stopped responding after changing baud rate. Continuing at ${fallback} baud.`,
} as const;

/** A flasher message that takes no values: what a table of keys (a stage, a status code) may name. */
export type FlasherTextKey = { [K in keyof typeof flasher]: (typeof flasher)[K] extends string ? K : never }[keyof typeof flasher];
