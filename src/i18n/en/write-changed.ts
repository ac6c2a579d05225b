/** English messages of one part of the page; `../en.ts` merges every part into one catalogue. */
export const writeChanged = {
  'writeChanged.legend': 'How to write',
  'writeChanged.changed': 'Only the sectors that differ',
  'writeChanged.changedHint':
    'The page first asks the Sonoff for a checksum of each part of its flash and sends only the parts that differ from the file. The flash ends up the same as with a full write; a device that already holds most of the file is done in seconds.',
  'writeChanged.full': 'Everything, as the command above does',
  'writeChanged.fullHint': 'Erases and writes the whole file, exactly as esptool.py does, whatever the flash holds now.',
  'writeChanged.none': ({ sectors, md5 }: { sectors: number; md5: string }) =>
    `0 of ${sectors} sectors differed: the device already holds this file, so nothing was written; flash MD5 verified (${md5}).`,
  'writeChanged.some': ({ changed, sectors, written, seconds, md5 }: { changed: number; sectors: number; written: string; seconds: string; md5: string }) =>
    `${changed} of ${sectors} sectors differed; ${written} written in ${seconds}; flash MD5 verified (${md5}).`,
} as const;
