// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import preact from '@astrojs/preact';
import headingIds from './src/markdown/heading-ids.ts';
import cspInlineHashes from './src/integrations/csp-inline-hashes.ts';
import { esptoolEsp8266Only } from './src/integrations/esptool-esp8266-only.ts';
import publish from './src/integrations/publish.ts';
import pageLanguage from './src/integrations/page-language.ts';
import { normalizeBase } from './src/site/base.ts';
import { LANGUAGES } from './src/site/languages.ts';

export default defineConfig({
  // Where the site is published: SITE_URL (its origin, for the sitemap and
  // canonical links) and SITE_BASE (a sub-path such as /sonoff-pow/ for a
  // project site; the root when unset). See README, "Publish".
  site: process.env.SITE_URL || 'https://sonoff-pow.example.org',
  base: normalizeBase(process.env.SITE_BASE),
  // Every page carries a Content-Security-Policy: scripts and styles only from
  // this site (Astro adds the hashes of the inline ones it renders), nothing
  // from anywhere else, and no connection out: firmware and backups stay here.
  // Starlight highlights code with Expressive Code (classes, no inline
  // styles); Astro's own Shiki pass would add style attributes the CSP blocks.
  markdown: { syntaxHighlight: false },
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        // The offline service worker (src/site/service-worker.ts), from this site only.
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      // Starlight and Expressive Code set CSS variables in style attributes
      // (TOC depth, icon size, token colours). Attributes cannot run script;
      // <style> and <script> elements stay limited to 'self' and hashes.
      styleDirective: { resources: [{ resource: "'unsafe-inline'", kind: 'attribute' }] },
    },
  },
  integrations: [
    starlight({
      title: { en: 'Sonoff POW flasher', es: 'Grabador del Sonoff POW' },
      // English at the site's root, Spanish under /es/ (content/guides/es/; src/site/languages.ts).
      // Starlight adds the language picker, <html lang> and hreflang links.
      defaultLocale: 'root',
      locales: Object.fromEntries(LANGUAGES.map(({ locale, lang, label }) => [locale ?? 'root', { label, lang }])),
      description: 'Flash a Sonoff POW v1 with Tasmota, ESPurna or ESPEasy, from the command line or the browser.',
      // Starlight's Markdown transforms (asides, heading anchors) only touch
      // files in these folders; without it they silently skip `content/`.
      markdown: { processedDirs: ['./content'] },
      routeMiddleware: './src/route-data.ts',
      // The 404 page is the `404` entry of the guides, rendered like any page.
      disable404Route: true,
      // One guide and its table of contents need no search. Pagefind's button
      // fails axe (its visible "Ctrl K" is not in its name) and its scripts
      // count against the page's JavaScript budget.
      pagefind: false,
      customCss: ['./src/styles/guide.css'],
      components: {
        // The guide's one-line teaser (`bref`) sits under the title.
        PageTitle: './src/components/PageTitle.astro',
        // The table of contents marks the section read below the device strip.
        TableOfContents: './src/components/TableOfContents.astro',
        // Every page: the notice that a new version is ready (src/site/offline.ts).
        Banner: './src/site/Banner.astro',
        // Links to the same page in each language, keeping the step (not a select).
        LanguageSelect: './src/components/LanguageSelect.astro',
      },
    }),
    // After Starlight: it adds the MDX integration that shares the processor.
    headingIds(),
    preact(),
    // Heading links' hidden labels in each page's language (Starlight reads it from src/content/docs/ paths only).
    pageLanguage(),
    // Hashes the inline scripts and styles of the finished pages into their CSP.
    cspInlineHashes(),
    // Last, on the finished pages: checks links under the base, writes the
    // headers file (from the pages' CSP) and the offline service worker.
    publish(),
  ],
  vite: {
    // esptool-js's table of every chip stays out of the flasher's JavaScript (see the plugin).
    plugins: [esptoolEsp8266Only()],
    build: {
      rolldownOptions: {
        // Astro marks every MDX entry with "use astro:head-inject" and Rolldown
        // warns it may not keep the directive; Astro reads it before bundling,
        // so the warning is noise (withastro/astro#18087, open). Drop only it.
        onLog(level, log, handler) {
          if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('use astro:head-inject')) return;
          handler(level, log);
        },
      },
    },
  },
});
