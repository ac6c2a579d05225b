import { defineConfig, devices } from '@playwright/test';
import { chromiumPath } from './scripts/chromium-path.ts';

/**
 * Browser tests run against the built site, served by scripts/serve.ts as a
 * static host serves it (the build's own `_headers` applied, the 404 page for
 * unknown addresses), in Debian's Chromium when present (CHROMIUM_PATH, else
 * /usr/bin/chromium), else in Playwright's own browser.
 *
 * Two builds: `dist` at the site's root (every spec), and `dist-subpath`,
 * built with SITE_BASE=/sonoff-pow/ as on a project site (the specs that
 * cover publishing: links, deep links, the 404 page, headers, offline use).
 */
const executablePath = chromiumPath();
/** E2E_PORT / E2E_OUT_DIR let a second build be tested beside the usual one; the sub-path build uses the next port. */
const PORT = Number(process.env.E2E_PORT ?? 4321);
const outDir = process.env.E2E_OUT_DIR ?? 'dist';
const SUBPATH_PORT = PORT + 1;
const subpathOutDir = process.env.E2E_SUBPATH_OUT_DIR ?? 'dist-subpath';
export const SUBPATH_BASE = '/sonoff-pow/';

/** What a spec needs to start its own server on a build (see e2e/support/site.ts). */
export interface SiteMetadata {
  outDir: string;
  base: string;
}

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
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], baseURL: `http://localhost:${PORT}` },
      metadata: { outDir, base: '/' } satisfies SiteMetadata,
    },
    {
      name: 'sub-path',
      testMatch: ['publish.spec.ts', 'offline.spec.ts'],
      use: { ...devices['Desktop Chrome'], baseURL: `http://localhost:${SUBPATH_PORT}${SUBPATH_BASE}` },
      metadata: { outDir: subpathOutDir, base: SUBPATH_BASE } satisfies SiteMetadata,
    },
  ],
  webServer: [
    {
      command: `node scripts/serve.ts --dir ${outDir} --port ${PORT}`,
      url: `http://localhost:${PORT}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `node scripts/serve.ts --dir ${subpathOutDir} --port ${SUBPATH_PORT} --base ${SUBPATH_BASE}`,
      url: `http://localhost:${SUBPATH_PORT}${SUBPATH_BASE}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
