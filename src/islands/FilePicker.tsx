/**
 * A file input and drop zone, labelled with the file name the command uses.
 * Plain hooks, no signals: it is on the page before the first click.
 */
import { useState } from 'preact/hooks';

export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

async function read(file: File): Promise<PickedFile> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

export function FilePicker({ fileName, onPick, disabled = false }: { fileName: string; onPick: (file: PickedFile) => void; disabled?: boolean }) {
  const [dragging, setDragging] = useState(false);
  const accept = (file: File | undefined | null): void => {
    if (file) void read(file).then(onPick);
  };
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
      <label>
        Choose <code>{fileName}</code>{' '}
        <input
          type="file"
          disabled={disabled}
          accept=".bin,.gz,application/octet-stream,application/gzip"
          onChange={(event) => {
            const input = event.currentTarget;
            accept(input.files?.[0]);
            input.value = '';
          }}
        />
      </label>
      <span class="drop-hint">or drop it here</span>
    </div>
  );
}
