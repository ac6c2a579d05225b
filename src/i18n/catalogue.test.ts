/**
 * The catalogue holds what the page says and nothing else: every message is
 * used somewhere in the code, so a stale sentence (one the page no longer
 * shows) cannot linger for translators to translate.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { consoleText } from './en/console.ts';
import { diagnosis } from './en/diagnosis.ts';
import { flasher } from './en/flasher.ts';
import { selfTestReport } from './en/self-test-report.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path.endsWith(join('src', 'i18n')) ? [] : sources(path);
    return /\.(ts|tsx|astro)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('message catalogue', () => {
  it('has no message the code never shows', () => {
    const code = sources(join(import.meta.dirname, '..')).join('\n');
    const unused = [...Object.keys(en), ...Object.keys(flasher), ...Object.keys(selfTestReport), ...Object.keys(diagnosis), ...Object.keys(consoleText)].filter((key) => !code.includes(`'${key}'`));
    expect(unused).toEqual([]);
  });
});
