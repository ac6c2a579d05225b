/** Placeholder: the device panel island (connection for the whole page). */
export default function DevicePanel() {
  return <aside aria-label="Device">Device panel</aside>;
}
