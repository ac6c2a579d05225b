/**
 * `npm run audit`: Lighthouse on the built guide page, with the same Chromium
 * the browser tests use. Prints the four category scores and, for any below
 * 100, the audits that cost points.
 *
 * Expects `dist/` (the npm script builds first). Serves it with `astro
 * preview` on a private port so the page is audited exactly as deployed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath } from './chromium-path.ts';

const port = 4329;
const url = `http://localhost:${port}/`;

interface LighthouseAudit {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
}
interface LighthouseReport {
  categories: Record<string, { title: string; score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, LighthouseAudit>;
}

function waitForServer(server: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('astro preview did not start in 30 s')), 30_000);
    server.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(`localhost:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.on('exit', (code) => reject(new Error(`astro preview exited with ${code}`)));
  });
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

if (!existsSync('dist/index.html')) {
  console.error('audit: no dist/index.html; run `npm run build` first');
  process.exit(1);
}

const server = spawn('npx', ['astro', 'preview', '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
try {
  await waitForServer(server);
  const outDir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
  const reportPath = join(outDir, 'report.json');
  const browser = chromiumPath();
  const flags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  const code = await run('npx', [
    'lighthouse',
    url,
    '--quiet',
    '--output=json',
    `--output-path=${reportPath}`,
    '--only-categories=performance,accessibility,best-practices,seo',
    `--chrome-flags=${flags.join(' ')}`,
    ...(browser ? [`--chrome-path=${browser}`] : []),
  ]);
  if (code !== 0) throw new Error(`lighthouse exited with ${code}`);
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as LighthouseReport;
  console.log(`Lighthouse on ${url} (Lighthouse defaults: mobile emulation, simulated throttling)`);
  for (const category of Object.values(report.categories)) {
    const score = category.score === null ? 'n/a' : String(Math.round(category.score * 100));
    console.log(`${category.title.padEnd(16)} ${score}`);
    for (const ref of category.auditRefs) {
      const audit = report.audits[ref.id];
      if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
      if (audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'notApplicable') continue;
      console.log(`  - ${audit.title} (${Math.round(audit.score * 100)})`);
    }
  }
  console.log(`full report: ${reportPath}`);
} finally {
  if (server.pid) process.kill(-server.pid, 'SIGTERM');
}
