/** The virtual Sonoff POW's bench: its button, the adapter's USB cable and the 3.3 V wire, labelled as virtual wherever they appear. */
import { t } from '../../i18n/index.ts';
import { REHEARSAL_MAINS, REHEARSAL_NETWORK, type RehearsalDevice } from './rehearsal.ts';

export function RehearsalControls({ device }: { device: RehearsalDevice }) {
  const usb = device.usbPlugged.value;
  const wire = device.powerWire.value;
  const held = device.buttonHeld.value;
  const mains = device.onMains.value;
  return (
    <div class="rehearsal-controls" role="group" aria-label={t('rehearsal.group')}>
      <span class="virtual-badge">{t('rehearsal.badge')}</span>
      <button type="button" aria-pressed={held} onClick={() => device.setButton(!held)}>
        {held ? t('rehearsal.release') : t('rehearsal.hold')}
      </button>
      <button type="button" aria-pressed={usb} onClick={() => device.setUsb(!usb)}>
        {usb ? t('rehearsal.unplug') : t('rehearsal.plug')}
      </button>
      <button type="button" class="secondary" aria-pressed={wire} onClick={() => device.setPowerWire(!wire)}>
        {wire ? t('rehearsal.wireOff') : t('rehearsal.wireOn')}
      </button>
      <button type="button" class="secondary" aria-pressed={mains} onClick={() => device.setMains(!mains)}>
        {mains ? t('rehearsal.mainsOff') : t('rehearsal.mainsOn', REHEARSAL_MAINS)}
      </button>
      <span class="rehearsal-state">{t('rehearsal.state', { usb, wire, button: held })}</span>
      <span class="rehearsal-network">{t('rehearsal.network', REHEARSAL_NETWORK)}</span>
      {mains && usb && <span class="rehearsal-danger">{t('rehearsal.mainsAndUsb')}</span>}
    </div>
  );
}
