/**
 * A connected device with the stub running: erase, write and read exactly
 * as the shown esptool.py command would, verified, one operation at a time.
 */
import { deflate, Inflate, loadZlib } from './zlib.ts';
import { t } from '../i18n/index.ts';
import type { Command, FlashSize, ReadFlash, WriteFlash } from '../steps/operation.ts';
import { flashSizeBytes as bytesOfSize, flashSizeName } from '../steps/operation.ts';
import type { FileBytes, FlasherSession, RunOptions } from './api.ts';
import { diffSectors, mergeSectors, sectorSpan, type WriteMode } from './changed.ts';
import { changeBaud, MAX_BAUD, MIN_BAUD, tryBaud } from './baud.ts';
import { CHIP_DETECT_MAGIC_REG, readFlashId } from './esp8266.ts';
import { ROM_BAUD } from './link.ts';
import { SELF_TEST_BYTES, type SelfTestOptions, type SelfTestReport, type SpeedCheck } from './self-test.ts';
import { FlasherError } from './errors.ts';
import type { ChangedWrite, DeviceInfo, FlasherListener, ReadResult, StepResult } from './events.ts';
import { checkFirmwareImage, formatHexAddress, prepareImage } from './image.ts';
import type { Link } from './link.ts';
import { sleep } from './link.ts';
import { deviceLostError, portLostError, toFlasherError, type FailureStage } from './map-error.ts';
import { loadMd5, md5Hex } from './md5.ts';
import { SlipFramingError } from './transport.ts';
import { ProgressMeter } from './progress.ts';
import { le32 } from './words.ts';

export interface SessionOptions {
  autoReset: boolean;
  /** How long connect() took, for the self-test's report. */
  connectMs?: number;
  /** The --baud the session was connected for; a command with another baud changes it. */
  requestedBaud: number;
  restartStub: () => Promise<void>;
  waitForFlashModeMs: number;
}

/** esptool.py timeouts (loader.py): per-MB scaling with a 3 s floor. */
const DEFAULT_TIMEOUT_MS = 3000;
/** esptool.py ESP_SPI_SET_PARAMS. */
const SPI_SET_PARAMS = 0x0b;
const ERASE_WRITE_TIMEOUT_PER_MB_MS = 40_000;
const perMb = (msPerMb: number, sizeBytes: number): number => Math.max(DEFAULT_TIMEOUT_MS, (msPerMb * sizeBytes) / 1e6);

/** READ_FLASH packet size: one flash sector, as esptool.py asks. */
const READ_PACKET_BYTES = 0x1000;
/**
 * What READ_FLASH's fourth word asks for: one packet. esp-flasher-stub
 * ignores the word and keeps one packet in flight (command_handler.c
 * s_read_flash_post_process, max_unacked_packets = 1); the legacy stub
 * counts it in bytes (stub_commands.c handle_flash_read), where 4096 also
 * means one packet. Every packet therefore waits for its ack: a USB round
 * trip, plus an FTDI adapter's latency timer.
 */
const READ_IN_FLIGHT_BYTES = READ_PACKET_BYTES;
/**
 * The longest wait between two arrivals of a read: esptool.py's DEFAULT_TIMEOUT
 * (3 s). esptool.py's read_flash itself waits without a limit (its port has
 * pyserial's timeout=None, loader.py); esptool-js's waits 100 s. A silent
 * device is noticed in seconds.
 */
const READ_PACKET_TIMEOUT_MS = 3000;
/**
 * After a damaged frame the rest of its packet is noise: it ends when the line
 * goes quiet, since the stub sends the next packet only once this one is acked.
 * Longer than an FTDI adapter's 16 ms latency timer.
 */
const READ_QUIET_MS = 40;

const shortMd5 = (md5: string): string => `${md5.slice(0, 8)}…`;

export class Session implements FlasherSession {
  readonly device: DeviceInfo;
  readonly #link: Link;
  readonly #options: SessionOptions;
  #busy = false;
  #closed = false;
  #blankMd5: string | undefined;
  /** Only with DTR/RTS wired: reset the device to run its firmware, then release the port. */
  readonly hardReset?: () => Promise<void>;

  constructor(link: Link, device: DeviceInfo, options: SessionOptions) {
    this.#link = link;
    this.device = device;
    this.#options = options;
    if (options.autoReset) this.hardReset = () => this.#hardReset();
  }

  get busy(): boolean {
    return this.#busy;
  }

  /** The port itself went away (an unplugged adapter), or only the device stopped answering. */
  #lostError(stage: FailureStage): FlasherError {
    return this.#link.portLost ? portLostError(stage) : deviceLostError(stage);
  }

  /** Runs `body` alone on the link, with `onEvent` receiving its events and logs; maps every failure once. */
  async #exclusive<T>(onEvent: FlasherListener, stage: FailureStage, body: (setStage: (next: FailureStage) => void) => Promise<T>): Promise<T> {
    const fail = (error: FlasherError): FlasherError => {
      try {
        onEvent({ type: 'error', error });
      } catch {
        // the listener's problem
      }
      return error;
    };
    if (this.#busy) throw fail(new FlasherError('busy', t('flasher.busy.message'), t('flasher.busy.action')));
    if (this.#closed) throw fail(new FlasherError('device-lost', t('flasher.closed.message'), t('flasher.closed.action')));
    if (this.#link.lost) throw fail(this.#lostError(stage));
    this.#busy = true;
    this.#link.listener = onEvent;
    let current = stage;
    try {
      // Every operation checks MD5s; the first one fetches the code for them (after taking its turn).
      await loadMd5();
      return await body((next) => {
        current = next;
      });
    } catch (error) {
      throw fail(toFlasherError(error, { during: current, deviceLost: this.#link.lost, portLost: this.#link.portLost }));
    } finally {
      this.#busy = false;
    }
  }

  async run(command: Command, files: FileBytes, onEvent: FlasherListener, options: RunOptions = {}): Promise<StepResult | ReadResult> {
    if (!Number.isInteger(command.baud) || command.baud < MIN_BAUD || command.baud > MAX_BAUD) {
      const error = new FlasherError('unsupported-command', t('flasher.unsupportedBaud.message', { baud: command.baud, min: MIN_BAUD, max: MAX_BAUD }), t('flasher.unsupportedBaud.runAction'));
      onEvent({ type: 'error', error });
      throw error;
    }
    const operation = command.operation;
    const stage: FailureStage = operation.kind === 'erase_flash' ? 'erase' : operation.kind === 'write_flash' ? 'write' : 'read';
    // One exclusive run: the baud change and the operation, so nothing slips in between.
    return this.#exclusive(onEvent, stage, async (setStage) => {
      if (command.baud !== this.#options.requestedBaud) {
        setStage('baud');
        this.#options.requestedBaud = command.baud;
        this.device.baud = await changeBaud(this.#link, command.baud, this.#options);
        setStage(stage);
      }
      switch (operation.kind) {
        case 'erase_flash':
          return this.#erase(onEvent, setStage);
        case 'write_flash':
          return this.#write(operation, files, onEvent, setStage, options);
        case 'read_flash':
          return this.#read(operation, onEvent, setStage);
      }
    });
  }

  eraseFlash(onEvent: FlasherListener): Promise<StepResult> {
    return this.#exclusive(onEvent, 'erase', (stage) => this.#erase(onEvent, stage));
  }

  async #erase(onEvent: FlasherListener, stage: (next: FailureStage) => void): Promise<StepResult> {
    const { loader } = this.#link;
    onEvent({ type: 'phase', phase: 'erasing', message: t('flasher.phase.erasing') });
    const started = Date.now();
    await loader.eraseFlash();
    const erasedMs = Date.now() - started;
    const size = this.device.flashSizeBytes;
    let verified = false;
    let summary = t('flasher.erase.done', { ms: erasedMs });
    if (size !== undefined) {
      stage('verify');
      onEvent({ type: 'phase', phase: 'verifying', message: t('flasher.phase.checkingBlank') });
      const md5 = await loader.flashMd5sum(0, size);
      this.#blankMd5 ??= md5Hex(new Uint8Array(size).fill(0xff));
      if (md5 !== this.#blankMd5)
        throw new FlasherError('verify-failed', t('flasher.erase.notBlank.message', { md5: shortMd5(md5), blank: shortMd5(this.#blankMd5) }), t('flasher.erase.notBlank.action'));
      verified = true;
      summary = t('flasher.erase.verified', { sizeBytes: size, ms: erasedMs });
    }
    onEvent({ type: 'phase', phase: 'finished', message: summary });
    return { summary, durationMs: Date.now() - started, verified };
  }

  writeFlash(operation: WriteFlash, files: FileBytes, onEvent: FlasherListener, options: RunOptions = {}): Promise<StepResult> {
    return this.#exclusive(onEvent, 'write', (stage) => this.#write(operation, files, onEvent, stage, options));
  }

  async #write(operation: WriteFlash, files: FileBytes, onEvent: FlasherListener, stage: (next: FailureStage) => void, options: RunOptions): Promise<StepResult> {
    const mode: WriteMode = options.write ?? 'full';
    const started = Date.now();
    const detected = this.device.flashSizeBytes;
    // -fs detect: the detected size, or 4MB with a warning when unknown (esptool.py detect_flash_size).
    let flashSize: FlashSize | 'keep';
    if (operation.flashSize === 'detect') {
      const name = detected === undefined ? undefined : flashSizeName(detected);
      if (name === undefined) onEvent({ type: 'warning', message: t('flasher.warning.fsDetect') });
      flashSize = name ?? '4MB';
    } else flashSize = operation.flashSize;
    // esptool.py checks the files against the smaller of -fs and the real flash.
    const setBytes = flashSize === 'keep' ? undefined : bytesOfSize(flashSize);
    const limit = setBytes !== undefined && detected !== undefined ? Math.min(setBytes, detected) : (setBytes ?? detected);
    if (setBytes !== undefined && detected !== undefined && setBytes > detected)
      onEvent({ type: 'warning', message: t('flasher.warning.fsLarger', { flashSize, flashBytes: detected }) });

    // Every file is checked before a single byte is sent.
    const images = operation.files.map((file) => {
      const bytes = files.get(file.fileName);
      if (bytes === undefined) throw new FlasherError('bad-image', t('flasher.fileMissing.message', { fileName: file.fileName }), t('flasher.fileMissing.action', { fileName: file.fileName }));
      const check = checkFirmwareImage(bytes, { address: file.address, flashSizeBytes: limit, fileName: file.fileName });
      if (!check.ok) throw check.error;
      for (const message of check.warnings) onEvent({ type: 'warning', message });
      const prepared = prepareImage(bytes, file.address, { flashSize, flashMode: operation.flashMode, flashFreq: operation.flashFreq });
      return { ...file, prepared, md5: md5Hex(prepared) };
    });

    // esptool.py main() tells the stub the flash size before write_flash (flash_set_parameters).
    const paramsBytes = flashSize === 'keep' ? detected : bytesOfSize(flashSize);
    if (paramsBytes !== undefined) await this.#setFlashParameters(paramsBytes, onEvent);

    const summaries: string[] = [];
    let lastMd5 = '';
    const changed: ChangedWrite = { sectors: 0, changedSectors: 0, writtenBytes: 0 };
    for (const image of images) {
      stage('write');
      const imageStarted = Date.now();
      let verifiedByRegions = false;
      let what: string;
      if (mode === 'full') {
        onEvent({ type: 'phase', phase: 'writing', message: t('flasher.phase.writing', { fileName: image.fileName, sizeBytes: image.prepared.length, address: formatHexAddress(image.address) }) });
        const meter = new ProgressMeter(image.prepared.length, onEvent);
        await this.#writeOne(image.prepared, image.address, (done) => meter.update(done));
        meter.update(image.prepared.length, true);
        what = t('flasher.write.wrote', { bytes: image.prepared.length, address: formatHexAddress(image.address) });
      } else {
        const result = await this.#writeChanged(image.prepared, image.address, image.fileName, onEvent, options.regionBytes);
        changed.sectors += result.sectors;
        changed.changedSectors += result.changedSectors;
        changed.writtenBytes += result.writtenBytes;
        // Every sector's MD5 matched the file's: that is the whole range verified.
        verifiedByRegions = result.changedSectors === 0;
        what = t('flasher.write.wroteChanged', {
          changed: result.changedSectors,
          sectors: result.sectors,
          fileName: image.fileName,
          bytes: result.writtenBytes,
          address: formatHexAddress(image.address),
        });
      }
      const elapsedMs = Date.now() - imageStarted;
      if (!verifiedByRegions) {
        stage('verify');
        onEvent({ type: 'phase', phase: 'verifying', message: t('flasher.phase.checkingWrite', { fileName: image.fileName }) });
        const flashMd5 = await this.#link.loader.flashMd5sum(image.address, image.prepared.length);
        if (flashMd5 !== image.md5)
          throw new FlasherError(
            'verify-failed',
            t('flasher.write.differs.message', { address: formatHexAddress(image.address), flash: shortMd5(flashMd5), sent: shortMd5(image.md5) }),
            t('flasher.write.differs.action'),
          );
      }
      lastMd5 = image.md5;
      summaries.push(t('flasher.write.summary', { what, ms: elapsedMs, md5: shortMd5(image.md5) }));
    }
    const summary = summaries.join('; ');
    onEvent({ type: 'phase', phase: 'finished', message: summary });
    return { summary, durationMs: Date.now() - started, verified: true, md5: lastMd5, ...(mode === 'changed' ? { changed } : {}) };
  }

  /**
   * Only the sectors whose flash MD5 differs from what a full write would
   * leave there (changed.ts), each contiguous run in one FLASH_DEFL_BEGIN..END,
   * which erases only that run's sectors.
   */
  async #writeChanged(image: Uint8Array, address: number, fileName: string, onEvent: FlasherListener, regionBytes: number | undefined): Promise<ChangedWrite> {
    const span = sectorSpan(image, address);
    onEvent({ type: 'phase', phase: 'comparing', message: t('flasher.phase.comparing', { fileName }) });
    const compare = new ProgressMeter(span.bytes.length, onEvent);
    const diff = await diffSectors(span, (at, length) => this.#link.loader.flashMd5sum(at, length), regionBytes, (done) => compare.update(done));
    compare.update(span.bytes.length, true);
    const runs = mergeSectors(diff.changed);
    const writtenBytes = runs.reduce((total, run) => total + run.length, 0);
    onEvent({ type: 'log', line: t('flasher.log.sectorsDiffer', { changed: diff.changed.length, sectors: diff.sectors, requests: diff.requests, runs: runs.length }) });
    if (runs.length === 0) return { sectors: diff.sectors, changedSectors: 0, writtenBytes: 0 };
    onEvent({ type: 'phase', phase: 'writing', message: t('flasher.phase.writingChanged', { sectors: diff.changed.length, fileName, bytes: writtenBytes }) });
    const meter = new ProgressMeter(writtenBytes, onEvent);
    let before = 0;
    for (const run of runs) {
      const from = formatHexAddress(span.start + run.offset);
      onEvent({ type: 'log', line: t('flasher.log.writingRun', { from, to: formatHexAddress(span.start + run.offset + run.length - 1), bytes: run.length }) });
      await this.#writeOne(span.bytes.subarray(run.offset, run.offset + run.length), span.start + run.offset, (done) => meter.update(before + done));
      before += run.length;
    }
    meter.update(writtenBytes, true);
    return { sectors: diff.sectors, changedSectors: diff.changed.length, writtenBytes };
  }

  /** SPI_SET_PARAMS (0x0B): fl_id, total size, 64 KB block, 4 KB sector, 256 B page, status mask 0xFFFF. */
  async #setFlashParameters(totalBytes: number, onEvent: FlasherListener): Promise<void> {
    const payload = le32(0, totalBytes, 64 * 1024, 4 * 1024, 256, 0xffff);
    try {
      await this.#link.loader.checkCommand('set SPI params', SPI_SET_PARAMS, payload);
    } catch (error) {
      if (this.#link.lost) throw error;
      onEvent({ type: 'log', line: t('flasher.log.spiParams', { reason: error instanceof Error ? error.message : String(error) }) });
    }
  }

  /** esptool.py write_flash with the stub: FLASH_DEFL_BEGIN, deflate blocks, FLASH_DEFL_END(stay). Reports the bytes written so far. */
  async #writeOne(image: Uint8Array, address: number, progress: (doneBytes: number) => void): Promise<void> {
    const { loader } = this.#link;
    await loadZlib();
    const compressed = deflate(image, { level: 9 });
    const blockSize = loader.FLASH_WRITE_SIZE;
    await loader.flashDeflBegin(image.length, compressed.length, address);
    // Feeding each compressed block to an inflater tells how much flash it covers.
    let written = 0;
    const inflater = new Inflate({ chunkSize: 16 * 1024 });
    inflater.onData = (chunk: Uint8Array) => {
      written += chunk.length;
    };
    progress(0);
    let timeout = DEFAULT_TIMEOUT_MS;
    for (let seq = 0, offset = 0; offset < compressed.length; seq++, offset += blockSize) {
      const block = compressed.subarray(offset, offset + blockSize);
      const before = written;
      inflater.push(block, offset + blockSize >= compressed.length);
      // The stub acks a block on receipt and writes it while the next arrives.
      await loader.flashDeflBlock(block, seq, timeout);
      timeout = perMb(ERASE_WRITE_TIMEOUT_PER_MB_MS, written - before);
      progress(Math.min(written, image.length));
      if (this.#link.lost) throw this.#lostError('write');
    }
    // Answered only once the last block is in flash.
    await loader.flashDeflFinish(false, timeout);
  }

  readFlash(operation: ReadFlash, onEvent: FlasherListener): Promise<ReadResult> {
    return this.#exclusive(onEvent, 'read', (stage) => this.#read(operation, onEvent, stage));
  }

  async #read(operation: ReadFlash, onEvent: FlasherListener, stage: (next: FailureStage) => void): Promise<ReadResult> {
    const { address, sizeBytes } = operation;
    const flash = this.device.flashSizeBytes;
    if (flash !== undefined && address + sizeBytes > flash)
      throw new FlasherError(
        'unsupported-command',
        t('flasher.read.pastEnd.message', { address: formatHexAddress(address), length: formatHexAddress(sizeBytes), flashBytes: flash }),
        t('flasher.read.pastEnd.action'),
      );
    onEvent({ type: 'phase', phase: 'reading', message: t('flasher.phase.reading', { sizeBytes, address: formatHexAddress(address) }) });
    const started = Date.now();
    const meter = new ProgressMeter(sizeBytes, onEvent);
    meter.update(0);
    const { data, md5, readMs } = await this.#readVerified(address, sizeBytes, onEvent, stage, meter);
    meter.update(sizeBytes, true);
    const summary = t('flasher.read.done', { bytes: sizeBytes, address: formatHexAddress(address), ms: readMs, md5: shortMd5(md5) });
    onEvent({ type: 'phase', phase: 'finished', message: summary });
    return { summary, durationMs: Date.now() - started, verified: true, md5, data };
  }

  /**
   * Reads a range and proves it arrived whole: the stub's digest after the
   * data (esptool.py read_flash checks it; esptool-js leaves it unread) and
   * SPI_FLASH_MD5 of the range must both equal the MD5 of what arrived.
   */
  async #readVerified(address: number, sizeBytes: number, onEvent: FlasherListener, stage: (next: FailureStage) => void, meter?: ProgressMeter): Promise<{ data: Uint8Array; md5: string; readMs: number }> {
    const { loader, transport } = this.#link;
    const started = Date.now();
    const data = await this.#readPackets(address, sizeBytes, meter);
    if (data.length !== sizeBytes) throw new FlasherError('verify-failed', t('flasher.read.short', { bytes: data.length, expected: sizeBytes }), t('flasher.action.runAgain'));
    const readMs = Date.now() - started;
    const md5 = md5Hex(data);
    stage('verify');
    onEvent({ type: 'phase', phase: 'verifying', message: t('flasher.phase.checkingRead') });
    let streamDigestChecked = false;
    try {
      const digest = await transport.read(500);
      if (digest.length === 16) {
        const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
        if (hex !== md5) throw new FlasherError('verify-failed', t('flasher.read.digestDiffers', { device: shortMd5(hex), arrived: shortMd5(md5) }), t('flasher.read.againAction'));
        streamDigestChecked = true;
      }
    } catch (error) {
      if (error instanceof FlasherError) throw error;
    }
    if (!streamDigestChecked) onEvent({ type: 'log', line: t('flasher.log.noDigest') });
    const flashMd5 = await loader.flashMd5sum(address, sizeBytes);
    if (flashMd5 !== md5)
      throw new FlasherError('verify-failed', t('flasher.read.flashDiffers', { flash: shortMd5(flashMd5), arrived: shortMd5(md5) }), t('flasher.read.againAction'));
    return { data, md5, readMs };
  }

  /** "Check this adapter and device": nothing is written; see self-test.ts. */
  selfTest(options: SelfTestOptions, onEvent: FlasherListener): Promise<SelfTestReport> {
    return this.#exclusive(onEvent, 'read', async (stage) => {
      const startedAt = new Date().toISOString();
      const report: SelfTestReport = {
        startedAt,
        finishedAt: startedAt,
        device: { ...this.device },
        connectMs: this.#options.connectMs,
        identifyMs: undefined,
        speeds: [],
        endBaud: this.#link.baud,
        error: undefined,
        userAgent: globalThis.navigator?.userAgent,
      };
      const { loader } = this.#link;
      onEvent({ type: 'phase', phase: 'self-test', message: t('flasher.phase.identifying') });
      const identifyStarted = Date.now();
      await loader.readReg(CHIP_DETECT_MAGIC_REG);
      const flashId = await readFlashId(loader);
      report.identifyMs = Date.now() - identifyStarted;
      if (flashId !== this.device.flashId) report.error = t('flasher.check.flashIdChanged', { now: flashId.toString(16), before: this.device.flashId.toString(16) });
      const bauds = [ROM_BAUD, ...options.fasterBauds.filter((b) => b !== ROM_BAUD)];
      for (const baud of bauds) {
        stage('baud');
        const now = await tryBaud(this.#link, baud);
        this.#setBaud(this.#link.baud);
        if (now !== baud) {
          const problem = now === undefined ? t('flasher.check.silentAfterChange') : t('flasher.check.backAt', { baud: now });
          report.speeds.push({ baud, ok: false, readMs: [], bytesPerSecond: undefined, problem });
          if (now === undefined) {
            report.error = t('flasher.check.lostAt', { baud });
            break;
          }
          continue;
        }
        report.speeds.push(await this.#checkSpeed(baud, onEvent, stage));
      }
      if (report.error === undefined && this.#link.baud !== ROM_BAUD) {
        stage('baud');
        const now = await tryBaud(this.#link, ROM_BAUD);
        this.#setBaud(this.#link.baud);
        if (now !== ROM_BAUD) report.error = t('flasher.check.notBack');
      }
      report.endBaud = this.#link.baud;
      report.finishedAt = new Date().toISOString();
      const failed = report.speeds.filter((s) => !s.ok).map((s) => s.baud);
      onEvent({ type: 'phase', phase: 'finished', message: failed.length === 0 && report.error === undefined ? t('flasher.check.allWork') : t('flasher.check.problems', { failed }) });
      return report;
    });
  }

  /** Two reads of the same range at this speed, each checked against the chip's MD5, and against each other. */
  async #checkSpeed(baud: number, onEvent: FlasherListener, stage: (next: FailureStage) => void): Promise<SpeedCheck> {
    const readMs: number[] = [];
    const digests: string[] = [];
    for (let i = 0; i < 2; i++) {
      onEvent({ type: 'phase', phase: 'self-test', message: t('flasher.phase.checkingSpeed', { kilobytes: SELF_TEST_BYTES / 1024, baud, read: i + 1 }) });
      try {
        stage('read');
        const { md5, readMs: ms } = await this.#readVerified(0, SELF_TEST_BYTES, onEvent, stage);
        readMs.push(ms);
        digests.push(md5);
      } catch (error) {
        if (this.#link.lost) throw error;
        const message = error instanceof Error ? error.message : String(error);
        this.#link.transport.flushInput();
        return { baud, ok: false, readMs, bytesPerSecond: undefined, problem: message };
      }
    }
    if (digests[0] !== digests[1]) return { baud, ok: false, readMs, bytesPerSecond: undefined, problem: t('flasher.check.readsDiffer') };
    return { baud, ok: true, readMs, bytesPerSecond: (SELF_TEST_BYTES * 1000) / Math.max(1, Math.min(...readMs)), problem: undefined };
  }

  /** The link's baud is now the session's, as if the command had asked for it. */
  #setBaud(baud: number): void {
    this.device.baud = baud;
    this.#options.requestedBaud = baud;
  }

  /**
   * The stub's READ_FLASH (0xD2): packets of one sector, each acked with the
   * total so far. A frame of another length lost bytes on the way (or the
   * 0xC0 between two packets): the acks then follow the packets the stub
   * sent, not the bytes that arrived, so it finishes and sends its digest,
   * the link stays usable, and the step says the data arrived damaged.
   */
  async #readPackets(address: number, sizeBytes: number, meter?: ProgressMeter): Promise<Uint8Array> {
    const { loader, transport } = this.#link;
    await loader.checkCommand('read flash', loader.ESP_READ_FLASH, le32(address, sizeBytes, READ_PACKET_BYTES, READ_IN_FLIGHT_BYTES));
    const data = new Uint8Array(sizeBytes);
    let sent = 0;
    let damagedAt: number | undefined;
    while (sent < sizeBytes) {
      if (this.#link.lost) throw this.#lostError('read');
      const expected = Math.min(READ_PACKET_BYTES, sizeBytes - sent);
      let packet: Uint8Array;
      try {
        packet = await transport.read(READ_PACKET_TIMEOUT_MS);
      } catch (error) {
        // A lost, extra or damaged 0xC0 or escape: not a frame. What is left of the packet is
        // dropped once it has all come; it counts as one damaged packet, and is acked as such.
        if (!(error instanceof SlipFramingError)) throw error;
        await transport.drainInput(READ_QUIET_MS, 1000 + (READ_PACKET_BYTES * 2 * 10 * 1000) / this.#link.baud); // a packet's line time, twice, and a second
        packet = new Uint8Array(0);
      }
      let packets = 1;
      if (packet.length !== expected) {
        damagedAt ??= sent;
        packets = Math.max(1, Math.round(packet.length / READ_PACKET_BYTES));
      }
      if (damagedAt === undefined) data.set(packet, sent);
      for (let i = 0; i < packets && sent < sizeBytes; i++) {
        sent += Math.min(READ_PACKET_BYTES, sizeBytes - sent);
        await transport.write(le32(sent));
      }
      meter?.update(sent);
    }
    if (damagedAt !== undefined) {
      await transport.read(500).catch(() => undefined); // the stub's digest
      transport.flushInput();
      throw new FlasherError('verify-failed', t('flasher.read.lost.message', { at: damagedAt, bytes: sizeBytes }), t('flasher.read.lost.action'));
    }
    return data;
  }

  /**
   * esptool.py's HardReset: GPIO0 released (DTR off), EN pulled low through
   * RTS for 100 ms, then released, so the chip boots its firmware. esptool-js
   * 0.7.0's HardReset only releases RTS, which resets nothing unless RTS was
   * already asserted.
   */
  async #hardReset(): Promise<void> {
    const { transport } = this.#link;
    try {
      await transport.setDTR(false);
      await transport.setRTS(true);
      await sleep(100);
      await transport.setRTS(false);
    } catch {
      // A reset that errors after a verified write is still success (ESPHome's lesson).
    }
    await this.disconnect();
  }

  async disconnect(): Promise<void> {
    this.#closed = true;
    await this.#link.release();
    await sleep(0);
  }
}
