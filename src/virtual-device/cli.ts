/**
 * One virtual Sonoff POW on a TCP port, for esptool.py without hardware:
 *
 *   npm run virtual-device -- --port 5555 --save flash.bin
 *   esptool.py --port socket://127.0.0.1:5555 --before no_reset flash_id
 *
 * Each new connection is the person power-cycling the device with the
 * button held (fresh ROM loader, no stub), unless --no-button. A socket has
 * no baud, so the link always matches and CHANGE_BAUDRATE just acks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { VirtualSonoff, type DirectHost } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'button-held': { type: 'boolean', default: true },
    'no-button': { type: 'boolean', default: false },
    flash: { type: 'string' },
    seed: { type: 'string', default: '1' },
    save: { type: 'string' },
    instant: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('usage: npm run virtual-device -- [--port N] [--no-button] [--flash FILE] [--seed N] [--save FILE] [--instant] [--quiet]');
  process.exit(0);
}

const buttonHeld = values['button-held'] && !values['no-button'];
const flash = values.flash === undefined ? undefined : new Uint8Array(readFileSync(values.flash));
// No USB adapter: the socket is wired straight to the UART, and each connection powers the board.
const device = new VirtualSonoff({ seed: Number(values.seed), flash, buttonHeld, usbPlugged: false, timing: values.instant ? 'instant' : 'real' });
const log = (line: string): void => {
  if (!values.quiet) console.error(`[virtual-sonoff] ${line}`);
};

function save(): void {
  if (values.save === undefined) return;
  writeFileSync(values.save, device.readFlash());
  log(`flash saved to ${values.save} (md5 ${device.flashMd5()})`);
}

let current: Socket | undefined;

const server = createServer((socket) => {
  if (current !== undefined) {
    socket.end('another client is connected\r\n');
    return;
  }
  current = socket;
  socket.setNoDelay(true);
  const link: DirectHost = {
    baud: null,
    deliver: (bytes) => void socket.write(bytes),
  };
  device.counters.reset();
  // Attaching powers the board: the person plugging it in, holding the button or not.
  if (buttonHeld) device.pressButton();
  else device.releaseButton();
  const detach = device.attach(link);
  log(`connection from ${socket.remoteAddress}:${socket.remotePort}; device ${device.mode}`);
  socket.on('data', (chunk: Buffer) => device.receive(link, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  socket.on('error', () => undefined);
  socket.on('close', () => {
    const stub = device.stub?.id ?? 'not started';
    detach();
    current = undefined;
    const c = device.counters;
    log(`closed: ${c.bytesToDevice} bytes in, ${c.bytesFromDevice} out, ${c.roundTrips} round trips, ${c.framesDroppedByChip} frames the chip had no room for; stub ${stub}; NOR violations ${device.norViolations}`);
    save();
  });
});

server.listen(Number(values.port), values.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : Number(values.port);
  console.log(`virtual Sonoff POW (ESP8266EX, 1MB flash, MAC ${device.mac}) listening on ${values.host}:${port}`);
  console.log(`PORT=${port}`);
  console.log(`try: esptool.py --port socket://${values.host}:${port} --before no_reset flash_id`);
});

function stop(): void {
  save();
  server.close();
  current?.destroy();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
