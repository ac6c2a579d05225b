/**
 * write_flash of a firmware: each file the command names is picked here and
 * checked before a single byte is sent (empty, not an ESP8266 image, gzip,
 * too large for the flash from its address); the write is verified by MD5.
 */
import { useSignal, useSignalEffect } from '@preact/signals';
import { checkFirmwareImage, FlasherError, gunzip, isFlasherError, loadZlib, POW_FLASH_BYTES } from '../../../flasher/index.ts';
import type { Command, WriteFlash } from '../../../steps/operation.ts';
import { FilePicker, filePickerId, type PickedFile } from '../../FilePicker.tsx';
import { t } from '../../../i18n/index.ts';
import { Log, Needs, Outcome, Progress, RunButton } from '../parts.tsx';
import { useRunRequest } from '../run-request.ts';
import { virtualDevice } from '../features.tsx';
import { connected, handedOverFiles, rehearsal, takeHandedOverFile } from '../state.ts';
import type { StepRun } from '../step-run.ts';
import { WriteMode } from '../WriteMode.tsx';
import { runWrite } from './write-run.ts';

type Choice =
  | { state: 'ready'; file: PickedFile; warnings: string[] }
  | { state: 'gzip'; file: PickedFile }
  | { state: 'refused'; file: PickedFile; error: FlasherError };

function check(file: PickedFile, address: number): Choice {
  const flashSizeBytes = connected.value?.device.flashSizeBytes ?? POW_FLASH_BYTES;
  const result = checkFirmwareImage(file.bytes, { address, flashSizeBytes, fileName: file.name });
  if (result.ok) return { state: 'ready', file, warnings: result.warnings };
  if (result.kind === 'gzip') return { state: 'gzip', file };
  return { state: 'refused', file, error: result.error };
}

export function WriteStep({ run, command, operation }: { run: StepRun; command: Command; operation: WriteFlash }) {
  const choices = useSignal<ReadonlyMap<string, Choice>>(new Map());
  const choose = (fileName: string, choice: Choice): void => {
    const next = new Map(choices.value);
    next.set(fileName, choice);
    choices.value = next;
    // A new file makes the last run's result (a refusal, a missing file) stale.
    if (!run.running.peek()) run.reset();
  };

  const start = async (): Promise<void> => {
    run.reset();
    // A file handed over by a Run clicked before the page had loaded its flasher, if not taken yet.
    for (const file of operation.files) {
      const handed = takeHandedOverFile(run.stepId, file.fileName);
      if (handed) choose(file.fileName, check(handed, file.address));
    }
    const files = new Map<string, Uint8Array>();
    for (const file of operation.files) {
      const choice = choices.value.get(file.fileName);
      if (choice === undefined) {
        // Not a failure: nothing was tried. The step says what it needs and the focus goes to the file button.
        run.needs.value = t('write.needsFile', { fileName: file.fileName });
        document.getElementById(filePickerId(run.stepId, file.fileName))?.focus();
        return;
      }
      if (choice.state !== 'ready') {
        run.fail(choice.state === 'refused' ? choice.error : new FlasherError('bad-image', t('write.gzip', { name: choice.file.name }), t('write.decompress')));
        return;
      }
      files.set(file.fileName, choice.file.bytes);
    }
    const session = await run.session();
    if (!session) return;
    // The device's real flash size may refuse what the POW's 1 MB allowed.
    for (const file of operation.files) {
      const choice = check({ name: file.fileName, bytes: files.get(file.fileName)! }, file.address);
      if (choice.state === 'refused') {
        run.fail(choice.error);
        return;
      }
    }
    await runWrite(run, session, command, files, operation.files[0]?.fileName ?? '');
  };
  useRunRequest(run.stepId, () => void start());
  useSignalEffect(() => {
    void handedOverFiles.value;
    for (const file of operation.files) {
      const picked = takeHandedOverFile(run.stepId, file.fileName);
      if (picked) choose(file.fileName, check(picked, file.address));
    }
  });

  return (
    <div class="run-step not-content" data-run-step={run.stepId}>
      {operation.files.map((file) => {
        const choice = choices.value.get(file.fileName);
        return (
          <div class="step-file" key={file.fileName}>
            <FilePicker
              stepId={run.stepId}
              fileName={file.fileName}
              disabled={run.blocked.value}
              chosen={choice && { name: choice.file.name, size: choice.file.bytes.length }}
              onPick={(picked) => choose(file.fileName, check(picked, file.address))}
            />
            {rehearsal.value && (
              <button
                type="button"
                class="secondary practice-image"
                disabled={run.blocked.value}
                onClick={() =>
                  void virtualDevice.load().then((v) => choose(file.fileName, check({ name: v.PRACTICE_IMAGE_NAME, bytes: v.tasmotaPracticeImage() }, file.address)))
                }
              >
                {t('write.practiceImage')}
              </button>
            )}
            {choice?.state === 'ready' && (
              <p class="file-ready">
                {t('write.ready')}
                {choice.warnings.map((warning) => (
                  <span key={warning}> {warning}</span>
                ))}
              </p>
            )}
            {choice?.state === 'refused' && (
              <p class="file-refused" role="alert">
                {choice.error.message} {choice.error.action}
              </p>
            )}
            {choice?.state === 'gzip' && (
              <p class="file-gzip" role="alert">
                {t('write.gzip', { name: choice.file.name })}{' '}
                <button
                  type="button"
                  onClick={async () => {
                    try {
                      await loadZlib();
                      const plain = gunzip(choice.file.bytes, choice.file.name);
                      choose(file.fileName, check({ name: choice.file.name.replace(/\.gz$/i, ''), bytes: plain }, file.address));
                    } catch (error) {
                      const refusal = isFlasherError(error) ? error : new FlasherError('bad-image', String(error), t('write.downloadAgain'));
                      choose(file.fileName, { state: 'refused', file: choice.file, error: refusal });
                    }
                  }}
                >
                  {t('write.decompress')}
                </button>
              </p>
            )}
          </div>
        );
      })}
      <WriteMode run={run} />
      <RunButton run={run} onRun={() => void start()} />
      <Needs run={run} />
      <Progress run={run} label={t('write.progress')} />
      <Outcome run={run} next="boot" />
      <Log run={run} />
    </div>
  );
}
