/**
 * Mistakes at the bench, as the computer's port sees them: the ROM's boot
 * line at 74880 baud, the firmware's console at 115200, and what swapped,
 * loose or missing wires and a missing 3.3 V make of them; the PL2303 rates.
 */
import { describe, expect, it } from 'vitest';
import { ADAPTERS, VirtualSonoff, type VirtualSonoffOptions } from './index.ts';
import { slipEncode } from './slip.ts';
import { SYNC_DATA } from './test-host.ts';

/** Opens the port at `baud`, restarts the board as `restart` says, and returns what arrived. */
async function heardAfterRestart(options: Partial<VirtualSonoffOptions>, baud: number, restart: (sonoff: VirtualSonoff) => void, send?: Uint8Array): Promise<{ bytes: Uint8Array; sonoff: VirtualSonoff }> {
  const sonoff = new VirtualSonoff({ seed: 3, timing: 'instant', ...options });
  const port = sonoff.port;
  await port.open({ baudRate: baud });
  const reader = port.readable!.getReader();
  const out: number[] = [];
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || !value) return;
      out.push(...value);
    }
  })();
  restart(sonoff);
  if (send) {
    const writer = port.writable!.getWriter();
    await writer.write(send);
    writer.releaseLock();
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  await reader.cancel();
  await reading;
  return { bytes: Uint8Array.from(out), sonoff };
}

const text = (bytes: Uint8Array): string => String.fromCharCode(...bytes);
const syncFrame = slipEncode(Uint8Array.from([0x00, 0x08, 36, 0, 0, 0, 0, 0, ...SYNC_DATA]));

describe('the boot line at 74880 baud', () => {
  it('says boot mode (1,7) with the button held and (3,6) without; at 115200 only the firmware’s console is readable', async () => {
    const held = await heardAfterRestart({}, 74880, (s) => s.powerCycle({ buttonHeld: true }));
    expect(text(held.bytes)).toContain('ets Jan  8 2013,rst cause:1, boot mode:(1,7)');
    const notHeld = await heardAfterRestart({}, 74880, (s) => s.powerCycle({ buttonHeld: false }));
    expect(text(notHeld.bytes)).toContain('ets Jan  8 2013,rst cause:1, boot mode:(3,6)');
    expect(notHeld.sonoff.mode).toBe('firmware');
    const at115200 = await heardAfterRestart({}, 115200, (s) => s.powerCycle({ buttonHeld: false }));
    expect(text(at115200.bytes)).not.toContain('boot mode');
    expect(text(at115200.bytes)).toContain('ready');
  });

  it('with an erased flash the ROM says boot mode (3,6), then stops', async () => {
    const { bytes, sonoff } = await heardAfterRestart({ flash: new Uint8Array(1024 * 1024).fill(0xff) }, 74880, (s) => s.powerCycle({ buttonHeld: false }));
    expect(text(bytes)).toContain('boot mode:(3,6)');
    expect(text(bytes)).toContain('ets_main.c');
    expect(sonoff.mode).toBe('halted');
  });
});

describe('wiring mistakes', () => {
  it('TX and RX swapped: the port hears nothing, and the chip hears nothing of a SYNC', async () => {
    const { bytes, sonoff } = await heardAfterRestart({ wiring: 'tx-rx-swapped' }, 74880, (s) => s.powerCycle({ buttonHeld: true }), syncFrame);
    expect(bytes.length).toBe(0);
    expect(sonoff.counters.bytesToDevice).toBe(0);
    expect(sonoff.mode).toBe('rom-loader');
  });

  it('no TX wire: the port hears the boot line, the chip hears nothing', async () => {
    const { bytes, sonoff } = await heardAfterRestart({ wiring: 'no-tx' }, 74880, (s) => s.powerCycle({ buttonHeld: true }), syncFrame);
    expect(text(bytes)).toContain('boot mode:(1,7)');
    expect(sonoff.counters.bytesToDevice).toBe(0);
  });

  it('GND loose: as many bytes arrive as were sent, but none of them readable', async () => {
    const { bytes } = await heardAfterRestart({ wiring: 'no-ground' }, 74880, (s) => s.powerCycle({ buttonHeld: true }));
    const line = '\r\n ets Jan  8 2013,rst cause:1, boot mode:(1,7)\r\n\r\n';
    expect(bytes.length).toBe(line.length);
    expect(text(bytes)).not.toContain('boot mode');
  });

  it('rewired while everything stays plugged in: the next restart is heard again', async () => {
    const { bytes } = await heardAfterRestart({ wiring: 'tx-rx-swapped' }, 74880, (s) => {
      s.setWiring('ok');
      s.powerCycle({ buttonHeld: true });
    });
    expect(text(bytes)).toContain('boot mode:(1,7)');
  });

  it('no 3.3 V wire: the board is off and silent until the wire goes on', async () => {
    const off = await heardAfterRestart({ powerWire: false }, 74880, () => undefined);
    expect(off.sonoff.powered).toBe(false);
    expect(off.bytes.length).toBe(0);
    const on = await heardAfterRestart({ powerWire: false }, 74880, (s) => s.connectPower({ buttonHeld: true }));
    expect(text(on.bytes)).toContain('boot mode:(1,7)');
  });
});

describe('the PL2303 adapter', () => {
  it('has the Prolific ids, no serial number, and runs 74880 through its divisor at 75000 (115200 and 921600 directly)', () => {
    const pl2303 = ADAPTERS.pl2303;
    expect([pl2303.usbVendorId, pl2303.usbProductId, pl2303.serialNumber]).toEqual([0x067b, 0x2303, undefined]);
    expect(pl2303.actualBaud(74880)).toBe(75000);
    expect(pl2303.actualBaud(115200)).toBe(115200);
    expect(pl2303.actualBaud(921600)).toBe(921600);
  });
});
