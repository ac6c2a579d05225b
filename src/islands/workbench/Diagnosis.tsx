/**
 * Why the Sonoff does not connect, in the connect dialog: what the page
 * heard while it waited (src/flasher/diagnose.ts), what that means and what
 * to do, and the adapter by its USB ids with what people commonly need for
 * it. It only renders a ConnectDiagnosis; every word is in
 * src/i18n/en/diagnosis.ts. Fetched only when the page has a diagnosis to
 * show (features.tsx): a Sonoff that answers never needs it.
 */
import { adapterFamily, usbIds, type ConnectDiagnosis, type HeardAt } from '../../flasher/index.ts';
import { dt as t } from '../../i18n/index.ts';

function Advice({ diagnosis }: { diagnosis: ConnectDiagnosis }) {
  switch (diagnosis.kind) {
    case 'firmware-started':
      return (
        <>
          <p>
            <strong>{t('diagnosis.firmware-started.title')}</strong>
          </p>
          <p>{t('diagnosis.firmware-started.do')}</p>
        </>
      );
    case 'no-firmware':
      return (
        <>
          <p>
            <strong>{t('diagnosis.no-firmware.title')}</strong>
          </p>
          <p>{t('diagnosis.firmware-started.do')}</p>
        </>
      );
    case 'other-boot-mode':
      return (
        <>
          <p>
            <strong>{t('diagnosis.other-boot-mode.title', { mode: `(${diagnosis.bootLog?.bootMode ?? '?'},${diagnosis.bootLog?.bootSub ?? '?'})` })}</strong>
          </p>
          <p>{t('diagnosis.firmware-started.do')}</p>
        </>
      );
    case 'flash-mode':
      return (
        <p>
          <strong>{t('diagnosis.flash-mode.title')}</strong>
        </p>
      );
    case 'tx-path-down':
      return (
        <>
          <p>
            <strong>{t('diagnosis.tx-path-down.title')}</strong>
          </p>
          <p>{t('diagnosis.tx-path-down.do')}</p>
        </>
      );
    case 'garbled':
      return (
        <>
          <p>
            <strong>{t('diagnosis.garbled.title')}</strong>
          </p>
          <p>{t('diagnosis.garbled.do')}</p>
        </>
      );
    case 'silent':
      return (
        <>
          <p>
            <strong>{t('diagnosis.silent.title')}</strong> {t('diagnosis.silent.lead')}
          </p>
          <ol>
            <li>{t('diagnosis.silent.restart')}</li>
            <li>{t('diagnosis.silent.swap')}</li>
            <li>{t('diagnosis.silent.power')}</li>
            <li>{t('diagnosis.silent.port')}</li>
          </ol>
        </>
      );
    case 'port-busy':
      return (
        <>
          <p>
            <strong>{t('diagnosis.port-busy.title')}</strong>
          </p>
          <p>{t('diagnosis.port-busy.do')}</p>
          <p>{t('diagnosis.port-busy.linux')}</p>
        </>
      );
  }
}

function heardWords(heard: HeardAt): string {
  if (heard.bytes === 0) return t('diagnosis.heard.nothing', { baud: heard.baud });
  return heard.readable ? t('diagnosis.heard.readable', { baud: heard.baud, bytes: heard.bytes }) : t('diagnosis.heard.garbled', { baud: heard.baud, bytes: heard.bytes });
}

const ADAPTER_NOTE = {
  ch34x: 'diagnosis.adapter.ch34x',
  cp210x: 'diagnosis.adapter.cp210x',
  ftdi: 'diagnosis.adapter.ftdi',
  pl2303: 'diagnosis.adapter.pl2303',
  'esp-usb': 'diagnosis.adapter.esp-usb',
  unknown: 'diagnosis.adapter.unknown.note',
} as const;

function Adapter({ diagnosis }: { diagnosis: ConnectDiagnosis }) {
  const { adapter } = diagnosis;
  const ids = usbIds(adapter);
  return (
    <p class="connect-diagnosis-adapter">
      {adapter.name === undefined ? t('diagnosis.adapter.unknown', { ids }) : t('diagnosis.adapter.named', { name: adapter.name, ids })} {t(ADAPTER_NOTE[adapterFamily(adapter)])}
    </p>
  );
}

export function Diagnosis({ diagnosis }: { diagnosis: ConnectDiagnosis }) {
  return (
    <section class="connect-diagnosis" aria-label={t('diagnosis.region')} data-diagnosis={diagnosis.kind}>
      <Advice diagnosis={diagnosis} />
      {diagnosis.bootLog && (
        <p>
          {t('diagnosis.bootLine')} <code>{diagnosis.bootLog.line}</code>
        </p>
      )}
      {diagnosis.heard.length > 0 && (
        <p>
          {t('diagnosis.heard.lead')} {diagnosis.heard.map(heardWords).join('; ')}.
        </p>
      )}
      {diagnosis.kind !== 'flash-mode' && <Adapter diagnosis={diagnosis} />}
    </section>
  );
}
