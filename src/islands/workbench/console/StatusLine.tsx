/** One line on the console's state: closed (and why), waiting for the reader, open, and the firmware it recognised. */
import type { RecognisedFirmware } from '../../../console/index.ts';
import { t } from '../../../i18n/index.ts';
import type { ConsoleStatus } from './owner.ts';

type Known = Exclude<RecognisedFirmware, { firmware: 'unknown' }>;

export function firmwareName(firmware: Known): string {
  switch (firmware.firmware) {
    case 'tasmota':
      return firmware.versionText ? t('console.firmware.tasmotaVersion', { version: firmware.versionText }) : t('console.firmware.tasmota');
    case 'espurna':
      return firmware.versionText ? t('console.firmware.espurnaVersion', { version: firmware.versionText }) : t('console.firmware.espurna');
    case 'espeasy':
      return t('console.firmware.espeasy');
  }
}

export function StatusLine({ status, firmware }: { status: ConsoleStatus; firmware: Known | undefined }) {
  let text: string;
  switch (status.kind) {
    case 'open':
      text = firmware ? t('console.status.openWith', { firmware: firmwareName(firmware) }) : t('console.status.open');
      break;
    case 'opening':
      text = t('console.status.opening');
      break;
    case 'flasher-holds':
      text = t('console.status.flasherHolds');
      break;
    case 'flasher-busy':
      text = t('console.status.flasherBusy');
      break;
    case 'failed':
      text =
        status.code === 'port-busy'
          ? t('console.status.portBusy')
          : status.code === 'no-web-serial'
            ? t('console.status.noWebSerial')
            : status.code === 'load-failed'
              ? t('console.status.loadFailed')
              : t('console.status.openFailed');
      break;
    case 'closed':
      text = status.reason === 'flasher' ? t('console.status.closedForFlasher') : status.reason === 'lost' ? t('console.status.lost') : t('console.status.closed');
      break;
  }
  return (
    <p class="console-status" role="status">
      {text}
    </p>
  );
}
