/**
 * Pinned heading ids: `### Erase the flash {#erase-flash}` renders
 * `<h3 id="erase-flash">Erase the flash</h3>`. Without it Astro derives ids
 * from the heading text, so rewording a heading would break every link to a
 * step (and the Run buttons' step ids).
 *
 * Astro 7's default Markdown processor (Sätteri) parses this syntax itself,
 * in `.md` and `.mdx` alike, when its `headingAttributes` feature is on; the
 * MDX integration shares the same processor object, so switching the feature
 * on here covers both. The remark-plugin route is closed: Sätteri runs no
 * remark plugins.
 */
import type { AstroIntegration } from 'astro';

interface ProcessorLike {
  name: string;
  options?: { features?: Record<string, unknown> };
}

/** Turn on heading attributes, or fail loudly: silently losing the ids would break links. */
export function enableHeadingAttributes(processor: ProcessorLike | undefined): void {
  const features = processor?.options?.features;
  if (processor?.name !== 'satteri' || features === undefined) {
    throw new Error(
      `headingIds: the Markdown processor "${processor?.name ?? 'none'}" cannot pin heading ids ({#id}); use Astro's default satteri() processor`,
    );
  }
  features['headingAttributes'] = true;
}

export default function headingIds(): AstroIntegration {
  return {
    name: 'sonoff-pow:heading-ids',
    hooks: {
      'astro:config:setup': ({ config }) => {
        enableHeadingAttributes(config.markdown.processor as ProcessorLike);
      },
    },
  };
}
