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

export function flashSize(sizeBytes: number | undefined): string {
  if (sizeBytes === undefined) return 'flash size unknown';
  return sizeBytes >= 1024 * 1024 ? `${sizeBytes / 1024 / 1024}MB flash` : `${sizeBytes / 1024}KB flash`;
}
