import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { z } from 'astro/zod';

/**
 * The guides live in `content/guides/`, outside `src/`, so writers never
 * have to open the source tree. Starlight renders the `docs` collection;
 * we only point its loader elsewhere and add the original guide's fields.
 * (`draft` is Starlight's own: shown by `astro dev`, left out of the build.)
 */
export const collections = {
  docs: defineCollection({
    loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './content/guides' }),
    schema: docsSchema({
      extend: z.object({
        /** One-line teaser shown under the title and in the guide list. */
        bref: z.string().min(1),
        /** Ordering of guides: lower comes first. */
        weight: z.number().int().default(100),
        /** Table of contents on the right-hand side. */
        toc: z.boolean().default(true),
      }),
    }),
  }),
  /**
   * The page's own interface words (command block, port chooser, wiring diagram), beside
   * Starlight's, so a translation touches one file. Starlight reads this
   * collection from `src/content/i18n/` only: its loader has no other base.
   */
  i18n: defineCollection({
    loader: i18nLoader(),
    schema: i18nSchema({
      extend: z
        .object({
          'command.copy': z.string(),
          'command.copyLabel': z.string(),
          'command.copied': z.string(),
          'command.copyFailed': z.string(),
          'step.copyLink': z.string(),
          'step.copyLinkLabel': z.string(),
          'step.linkCopied': z.string(),
          'ports.legend': z.string(),
          'ports.system': z.string(),
          'ports.custom': z.string(),
          'ports.hint': z.string(),
          'consoleCommand.where.serial': z.string(),
          'consoleCommand.where.webConsole': z.string(),
          'guides.all': z.string(),
          'guides.draft': z.string(),
          'wiring.title': z.string(),
          'wiring.desc': z.string(),
          'wiring.adapter': z.string(),
          'wiring.header': z.string(),
          'wiring.wire': z.string(),
          'wiring.caption': z.string(),
        })
        .partial(),
    }),
  }),
};
