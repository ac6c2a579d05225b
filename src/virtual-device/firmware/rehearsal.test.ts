/**
 * The rehearsal path end to end, as the page will drive it: esptool-js 0.7.0
 * writes tasmota-practice.bin through the virtual CH340, the board is
 * power-cycled without the button, and the console is read and written
 * through the browser's port at 115200.
 */
import { ESPLoader, Transport, type IEspLoaderTerminal } from 'esptool-js';
import SparkMD5 from 'spark-md5';
import { describe, expect, it } from 'vitest';
import { checkFirmwareImage } from '../../flasher/image.ts';
import { VirtualSonoff } from '../index.ts';
import { tasmotaPracticeImage } from './practice-image.ts';

describe('rehearsal with tasmota-practice.bin', () => {
  it("passes the flasher's own firmware check at 0x00000 for a 1 MB flash, as an ESP8266 V1 image", () => {
    const check = checkFirmwareImage(tasmotaPracticeImage(), { address: 0, flashSizeBytes: 1024 * 1024, fileName: 'tasmota-practice.bin' });
    expect(check).toEqual({ ok: true, format: 'esp8266-v1', warnings: [] });
  });

  it('flashed by esptool-js, it boots as Tasmota and answers on the port at 115200', { timeout: 60_000 }, async () => {
    const sonoff = new VirtualSonoff({ seed: 31, buttonHeld: true, timing: 'instant', surroundings: { networks: [{ ssid: 'Workbench', password: 'correct horse' }], mains: undefined } });
    const terminal: IEspLoaderTerminal = { clean: () => undefined, write: () => undefined, writeLine: () => undefined };
    const transport = new Transport(sonoff.port as unknown as ConstructorParameters<typeof Transport>[0], false);
    transport.trace = () => undefined;
    const loader = new ESPLoader({ transport, baudrate: 115200, romBaudrate: 115200, terminal, debugLogging: false });
    await loader.main('no_reset');
    const image = tasmotaPracticeImage();
    const md5 = (bytes: Uint8Array): string => SparkMD5.ArrayBuffer.hash(bytes.slice().buffer as ArrayBuffer);
    await loader.writeFlash({ fileArray: [{ data: image, address: 0 }], flashSize: 'keep', flashMode: 'keep', flashFreq: 'keep', eraseAll: false, compress: true, calculateMD5Hash: md5 });
    await transport.disconnect();
    expect(sonoff.firmware).toBeUndefined();

    sonoff.releaseButton();
    await sonoff.port.open({ baudRate: 115200 });
    const reader = sonoff.port.readable!.getReader();
    const writer = sonoff.port.writable!.getWriter();
    sonoff.powerCycle({ buttonHeld: false });
    expect(sonoff.firmware?.version).toMatchObject({ major: 15, minor: 2 });
    await writer.write(new TextEncoder().encode('Backlog SSID1 Workbench; Password1 correct horse\r\n'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writer.write(new TextEncoder().encode('Status 5\r\n'));
    let received = '';
    const deadline = Date.now() + 5000;
    while (!received.includes('RSL: STATUS5 = ') || !received.slice(received.indexOf('RSL: STATUS5 = ')).includes('\r\n')) {
      if (Date.now() > deadline) break;
      const { value } = await reader.read();
      received += new TextDecoder('latin1').decode(value);
    }
    expect(received).toContain('WIF: Connected');
    const status = received.slice(received.indexOf('RSL: STATUS5 = ') + 'RSL: STATUS5 = '.length).split('\r\n')[0]!;
    expect(JSON.parse(status)).toMatchObject({ StatusNET: { IPAddress: '192.168.1.50', Hostname: sonoff.firmware!.hostname } });
    reader.releaseLock();
    writer.releaseLock();
    await sonoff.port.close();
  });
});
