/**
 * Astro's CSP hashes the scripts and styles it renders itself, but not the
 * `is:inline` scripts of Starlight's theme and sidebar, nor styles Vite
 * inlines. Rather than weaken the policy with 'unsafe-inline', this adds
 * the SHA-256 of every inline <script> and <style> of each built page to
 * that page's own policy, so exactly what was built runs and nothing else.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

const META = /<meta http-equiv="content-security-policy" content="([^"]*)"\s*\/?>/i;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function inlineBodies(html: string, tag: 'script' | 'style'): string[] {
  const open = tag === 'script' ? /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi : /<style[^>]*>([\s\S]*?)<\/style>/gi;
  return [...html.matchAll(open)].map((match) => match[1] ?? '').filter((body) => body.length > 0);
}

/** Adds the hash of every inline script and style element to the page's CSP meta; a page without one is returned as is. */
export function addInlineHashes(html: string): string {
  const meta = META.exec(html);
  if (!meta) return html;
  const directives = (meta[1] ?? '')
    .split(';')
    .map((directive) => directive.trim())
    .filter(Boolean);
  const extend = (name: string, bodies: string[]): void => {
    const index = directives.findIndex((directive) => directive.split(/\s+/)[0] === name);
    if (index < 0) return;
    const tokens = directives[index]!.split(/\s+/);
    for (const hash of bodies.map(sha256)) if (!tokens.includes(hash)) tokens.push(hash);
    directives[index] = tokens.join(' ');
  };
  extend('script-src', inlineBodies(html, 'script'));
  extend('style-src', inlineBodies(html, 'style'));
  return html.replace(META, `<meta http-equiv="content-security-policy" content="${directives.join('; ')};">`);
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.html')).map((entry) => join(entry.parentPath, entry.name));
}

export default function cspInlineHashes(): AstroIntegration {
  return {
    name: 'csp-inline-hashes',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const files = await htmlFiles(fileURLToPath(dir));
        for (const file of files) {
          const html = await readFile(file, 'utf8');
          const updated = addInlineHashes(html);
          if (updated !== html) await writeFile(file, updated);
        }
        logger.info(`hashed the inline scripts and styles of ${files.length} pages into their CSP`);
      },
    },
  };
}
