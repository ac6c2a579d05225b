/**
 * A file button and drop zone, labelled with the file name the command
 * uses, that says which file is chosen (the browser's own "No file chosen"
 * is hidden: it forgets a file once it is read). Plain hooks, no signals:
 * it is on the page before the first click.
 */
import { useState } from 'preact/hooks';
import { pageLocale, useShellText } from '../i18n/shell.ts';

/** The file button's id: the same on the server and in the browser, so the page starts without a change; a step focuses it to ask for its file. */
export function filePickerId(stepId: string, fileName: string): string {
  return `file-${stepId}-${fileName.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

async function read(file: File): Promise<PickedFile> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * `chosen` is the step's own idea of its file (a decompressed image is
 * renamed); without it, the picker shows the last file picked in it.
 */
export function FilePicker({
  stepId,
  fileName,
  onPick,
  disabled = false,
  chosen,
}: {
  stepId: string;
  fileName: string;
  onPick: (file: PickedFile) => void;
  disabled?: boolean;
  chosen?: { name: string; size: number };
}) {
  const shellText = useShellText();
  const [dragging, setDragging] = useState(false);
  const [picked, setPicked] = useState<{ name: string; size: number } | undefined>(undefined);
  const id = filePickerId(stepId, fileName);
  const accept = (file: File | undefined | null): void => {
    if (!file) return;
    void read(file).then((result) => {
      setPicked({ name: result.name, size: result.bytes.length });
      onPick(result);
    });
  };
  const shown = chosen ?? picked;
  return (
    <div
      class={dragging ? 'drop-zone dragging' : 'drop-zone'}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        if (!disabled) accept(event.dataTransfer?.files[0]);
      }}
    >
      <input
        id={id}
        class="file-input"
        type="file"
        disabled={disabled}
        aria-describedby={`${id}-chosen`}
        accept=".bin,.gz,application/octet-stream,application/gzip"
        onChange={(event) => {
          const input = event.currentTarget;
          accept(input.files?.[0]);
          input.value = '';
        }}
      />
      <label for={id} class={disabled ? 'file-button disabled' : 'file-button'}>
        {shellText('file.choose', { fileName })}
      </label>
      <span class="drop-hint">{shellText('file.drop')}</span>
      <span id={`${id}-chosen`} class="file-chosen" aria-live="polite">
        {shown ? shellText('file.chosen', { name: shown.name, size: shown.size.toLocaleString(pageLocale()) }) : shellText('file.none')}
      </span>
    </div>
  );
}
