/** One line on the console's state: closed (and why), waiting for the reader, open, and the firmware it recognised. */
import type { RecognisedFirmware } from '../../../console/index.ts';
import { ct } from '../../../i18n/index.ts';
import type { ConsoleStatus } from './owner.ts';

type Known = Exclude<RecognisedFirmware, { firmware: 'unknown' }>;

export function firmwareName(firmware: Known): string {
  switch (firmware.firmware) {
    case 'tasmota':
      return firmware.versionText ? ct('console.firmware.tasmotaVersion', { version: firmware.versionText }) : ct('console.firmware.tasmota');
    case 'espurna':
      return firmware.versionText ? ct('console.firmware.espurnaVersion', { version: firmware.versionText }) : ct('console.firmware.espurna');
    case 'espeasy':
      return ct('console.firmware.espeasy');
  }
}

export function StatusLine({ status, firmware }: { status: ConsoleStatus; firmware: Known | undefined }) {
  let text: string;
  switch (status.kind) {
    case 'open':
      text = firmware ? ct('console.status.openWith', { firmware: firmwareName(firmware) }) : ct('console.status.open');
      break;
    case 'opening':
      text = ct('console.status.opening');
      break;
    case 'flasher-holds':
      text = ct('console.status.flasherHolds');
      break;
    case 'flasher-busy':
      text = ct('console.status.flasherBusy');
      break;
    case 'failed':
      text =
        status.code === 'port-busy'
          ? ct('console.status.portBusy')
          : status.code === 'no-web-serial'
            ? ct('console.status.noWebSerial')
            : status.code === 'load-failed'
              ? ct('console.status.loadFailed')
              : ct('console.status.openFailed');
      break;
    case 'closed':
      text = status.reason === 'flasher' ? ct('console.status.closedForFlasher') : status.reason === 'lost' ? ct('console.status.lost') : ct('console.status.closed');
      break;
  }
  return (
    <p class="console-status" role="status">
      {text}
    </p>
  );
}
