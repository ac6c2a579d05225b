/**
 * Where the site lives on its host: at the root (`/`) or under a sub-path
 * such as a project site's `/sonoff-pow/`. One setting, the SITE_BASE
 * variable at build time, read by astro.config.mjs (`base`); every link the
 * site builds by hand goes through `withBase`, so it works under either.
 */

/** `sonoff-pow`, `/sonoff-pow`, `/sonoff-pow/` → `/sonoff-pow/`; empty or `/` → `/`. */
export function normalizeBase(value: string | undefined): string {
  const parts = (value ?? '').split('/').filter(Boolean);
  for (const part of parts) {
    if (part === '.' || part === '..' || !/^[\w.~-]+$/.test(part)) {
      throw new Error(`SITE_BASE "${value}" is not a path: use letters, digits, ".", "_", "~" or "-" between slashes, such as /sonoff-pow/`);
    }
  }
  return parts.length === 0 ? '/' : `/${parts.join('/')}/`;
}

/** A site path (`/guides/`, `/`) under a base (`/sonoff-pow/`): `/sonoff-pow/guides/`. */
export function joinBase(base: string, path: string): string {
  const root = normalizeBase(base);
  return root + path.replace(/^\/+/, '');
}

/** A site path under this build's base (Astro's BASE_URL, already normalized by astro.config.mjs). */
export function withBase(path: string): string {
  return import.meta.env.BASE_URL.replace(/\/?$/, '/') + path.replace(/^\/+/, '');
}
