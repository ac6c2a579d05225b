/** Small notes the islands show before (or instead of) the workbench. */

export function NoWebSerial({ reason }: { reason: string | undefined }) {
  return (
    <p class="run-step-note">
      {reason} You can still copy the command and run it in a terminal (see <a href="#get-esptool">Getting esptool</a>), or rehearse with the virtual
      Sonoff POW from the device panel.
    </p>
  );
}

export function LoadFailure({ error }: { error: Error }) {
  return (
    <p class="run-step-note" role="alert">
      The flasher could not be loaded ({error.message}). Check your connection and reload the page; the commands above still work in a terminal.
    </p>
  );
}
