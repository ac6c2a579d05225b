import { defineConfig, devices } from '@playwright/test';
import { chromiumPath } from './scripts/chromium-path.ts';

/**
 * Browser tests run against the built site (`astro preview`), in Debian's
 * Chromium when present (CHROMIUM_PATH, else /usr/bin/chromium), else in
 * Playwright's own browser.
 */
const executablePath = chromiumPath();
/** E2E_PORT / E2E_OUT_DIR let a second build be tested beside the usual one. */
const PORT = Number(process.env.E2E_PORT ?? 4321);
const outDir = process.env.E2E_OUT_DIR;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: process.env.CI
    ? [['list'], ['./e2e/support/matrix-reporter.ts']]
    : [['list'], ['html', { open: 'never' }], ['./e2e/support/matrix-reporter.ts']],
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: outDir ? `npx astro preview --port ${PORT} --outDir ${outDir}` : `npm run preview`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
