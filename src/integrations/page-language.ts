/**
 * Starlight words a heading link's hidden label ("Section titled “…”") in the
 * language it reads from the Markdown file's path under `src/content/docs/`
 * (absolutePathToLang, @astrojs/starlight dist/integrations/shared/
 * absolutePathToLang.js, which strips that folder and reads the locale from
 * what is left). Our guides live in `content/guides/`, so every page got the
 * root's English, the Spanish one too. After the build this puts each page's
 * labels in the page's own language (its `<html lang>`), with the words of
 * Starlight's `heading.anchorLabel` in our i18n collection
 * (src/content/i18n/<lang>.json). Starlight's asides and Expressive Code
 * read the language the same way: an untitled aside or a code block's
 * labels on a Spanish page would come out English too. The guides give
 * every aside a title and their code blocks no labels, so only the heading
 * links need this today.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

const LABEL_KEY = 'heading.anchorLabel';

/** A label template (`Section titled “{{title}}”`) as a pattern that finds it in a page's hidden spans, the title captured. */
function labelPattern(template: string): RegExp {
  const [before, after] = template.split('{{title}}');
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(<span class="sr-only"[^>]*>)${escape(before ?? '')}(.*?)${escape(after ?? '')}(</span>)`, 'g');
}

/** A page's heading labels in its language: `templates` by language, the root's (`fallback`) being what Starlight wrote. */
export function localizeAnchorLabels(html: string, templates: Readonly<Record<string, string>>, fallback: string): string {
  const lang = /<html[^>]*\slang="([^"]+)"/.exec(html)?.[1];
  const template = lang === undefined ? undefined : templates[lang];
  const written = templates[fallback];
  if (template === undefined || written === undefined || lang === fallback) return html;
  const [before, after] = template.split('{{title}}');
  return html.replace(labelPattern(written), (_whole, open: string, title: string, close: string) => `${open}${before ?? ''}${title}${after ?? ''}${close}`);
}

async function templatesOf(folder: string): Promise<Record<string, string>> {
  const templates: Record<string, string> = {};
  for (const file of await readdir(folder)) {
    if (!file.endsWith('.json')) continue;
    const words = JSON.parse(await readFile(join(folder, file), 'utf8')) as Record<string, unknown>;
    const label = words[LABEL_KEY];
    if (typeof label !== 'string' || !label.includes('{{title}}')) throw new Error(`page-language: ${file} has no "${LABEL_KEY}" with {{title}}`);
    templates[file.slice(0, -'.json'.length)] = label;
  }
  return templates;
}

export default function pageLanguage(): AstroIntegration {
  let i18nFolder = '';
  return {
    name: 'sonoff-pow:page-language',
    hooks: {
      'astro:config:done': ({ config }) => {
        i18nFolder = fileURLToPath(new URL('content/i18n/', config.srcDir));
      },
      'astro:build:done': async ({ dir, logger }) => {
        const templates = await templatesOf(i18nFolder);
        const root = fileURLToPath(dir);
        let changed = 0;
        for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
          if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
          const path = join(entry.parentPath, entry.name);
          const html = await readFile(path, 'utf8');
          const localized = localizeAnchorLabels(html, templates, 'en');
          if (localized !== html) {
            await writeFile(path, localized);
            changed += 1;
          }
        }
        logger.info(`heading labels put in their page's language on ${changed} page(s)`);
      },
    },
  };
}
