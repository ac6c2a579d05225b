/**
 * Which Chromium the tooling drives: `CHROMIUM_PATH` if set, else Debian's
 * /usr/bin/chromium if present, else undefined (Playwright's own browser).
 */
import { existsSync } from 'node:fs';

export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}
