/** Numbers as the person at the bench reads them. */

export const count = (n: number): string => n.toLocaleString('en-US');

export function seconds(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function speed(bytesPerSecond: number): string {
  if (bytesPerSecond >= 1024 * 1024) return `${(bytesPerSecond / 1024 / 1024).toFixed(1)} MB/s`;
  return `${(bytesPerSecond / 1024).toFixed(1)} KB/s`;
}

export function clock(date: Date): string {
  return date.toISOString().slice(11, 23);
}

/** A size as a person says it: 1 MB, 300 KB, 512 bytes. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024}\u00a0MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })}\u00a0KB`;
  return `${bytes}\u00a0bytes`;
}

export function flashSize(sizeBytes: number | undefined): string {
  if (sizeBytes === undefined) return 'flash size unknown';
  // One unit: never wrapped between the number and "flash".
  return sizeBytes >= 1024 * 1024 ? `${sizeBytes / 1024 / 1024}MB\u00a0flash` : `${sizeBytes / 1024}KB\u00a0flash`;
}
