/** English messages of one part of the page; `../en.ts` merges every part into one catalogue. */
export const diagnosis = {} as const;
