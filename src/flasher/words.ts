/** Command payloads of the serial protocol: 32-bit little-endian words, as esptool packs them ('<I…'). */
export function le32(...words: number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  words.forEach((word, i) => view.setUint32(i * 4, word >>> 0, true));
  return out;
}
