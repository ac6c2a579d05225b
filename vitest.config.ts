import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // The flasher and the islands' code speak through the catalogue: English in Node.
    setupFiles: ['src/i18n/use-english.ts', 'src/flasher/node-ready.ts'],
    testTimeout: 30_000,
  },
});
