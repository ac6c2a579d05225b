import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { z } from 'astro/zod';

/**
 * The guides live in `content/guides/`, outside `src/`, so writers never
 * have to open the source tree. Starlight renders the `docs` collection;
 * we only point its loader elsewhere and add the original guide's fields.
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
};
