export * from './operation.ts';
export * from './command-text.ts';
export * from './command-parts.ts';
