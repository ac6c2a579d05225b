export * from './operation.ts';
export * from './command-text.ts';
