/** The virtual Sonoff POW's power and button, labelled as virtual wherever they appear. */
import type { RehearsalDevice } from './rehearsal.ts';

export function RehearsalControls({ device }: { device: RehearsalDevice }) {
  const powered = device.powered.value;
  const held = device.buttonHeld.value;
  return (
    <div class="rehearsal-controls" role="group" aria-label="Virtual Sonoff POW controls">
      <span class="virtual-badge">Virtual Sonoff POW</span>
      <button type="button" aria-pressed={held} onClick={() => device.setButton(!held)}>
        {held ? 'Release the button (GPIO0)' : 'Hold the button (GPIO0)'}
      </button>
      <button type="button" aria-pressed={powered} onClick={() => device.setPower(!powered)}>
        {powered ? 'Power off (3.3 V)' : 'Power on (3.3 V)'}
      </button>
      <span class="rehearsal-state">
        {powered ? 'powered' : 'unpowered'}, button {held ? 'held' : 'up'}
      </span>
    </div>
  );
}
