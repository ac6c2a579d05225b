/**
 * The `_headers` file Cloudflare Pages reads from the build's output
 * (https://developers.cloudflare.com/pages/configuration/headers/): blocks of
 * a URL pattern on its own line, then indented `Name: value` lines, and
 * `# comments`. Its rules as that page states them: a request matching
 * several patterns gets the headers of all of them, a header set twice has
 * its values joined with a comma, `*` (a splat) matches anything, `:name`
 * one path segment; at most 100 rules and 2,000 characters a line. The page
 * also describes removing a header (an indented `! Name`); the build writes
 * none, the reader honours it.
 *
 * One module writes the file (the build) and reads it (the test server,
 * scripts/serve.ts), so what the browser tests get is what the host gets.
 */

export interface HeaderRule {
  /** A path pattern: `/*`, `/_astro/*`, `/guides/`. */
  pattern: string;
  headers: [name: string, value: string][];
  /** Names of headers an earlier rule set that this one removes (`! Name`). */
  detach?: string[];
}

export const MAX_RULES = 100;
export const MAX_LINE = 2000;

/** The file's text; throws when a rule breaks the host's limits, rather than have the host drop it. */
export function formatHeaders(rules: readonly HeaderRule[], comment?: string): string {
  if (rules.length > MAX_RULES) throw new Error(`_headers: ${rules.length} rules, the host reads at most ${MAX_RULES}`);
  const lines: string[] = comment ? comment.split('\n').map((line) => `# ${line}`.trimEnd()) : [];
  for (const rule of rules) {
    if (!rule.pattern.startsWith('/')) throw new Error(`_headers: the pattern "${rule.pattern}" must be a path starting with /`);
    lines.push(rule.pattern);
    for (const name of rule.detach ?? []) lines.push(`  ! ${name}`);
    for (const [name, value] of rule.headers) {
      if (!/^[A-Za-z0-9-]+$/.test(name) || /[\r\n]/.test(value)) throw new Error(`_headers: "${name}" is not a header line`);
      lines.push(`  ${name}: ${value}`);
    }
  }
  for (const line of lines) {
    if (line.length > MAX_LINE) throw new Error(`_headers: a line of ${line.length} characters (the host reads at most ${MAX_LINE}): ${line.slice(0, 80)}…`);
  }
  return `${lines.join('\n')}\n`;
}

/** Reads the file back into rules; throws on a line it cannot place. */
export function parseHeaders(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const indented = /^\s/.test(raw);
    if (!indented) {
      rules.push({ pattern: line, headers: [], detach: [] });
      return;
    }
    const rule = rules.at(-1);
    if (!rule) throw new Error(`_headers line ${index + 1}: a header before any path`);
    if (line.startsWith('!')) {
      rule.detach!.push(line.slice(1).trim());
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`_headers line ${index + 1}: expected "Name: value", got "${line}"`);
    rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  });
  return rules;
}

/** Whether a path pattern (`*` anything, `:name` one segment) matches a request path. */
export function matches(pattern: string, path: string): boolean {
  const source = pattern
    .split(/(\*|:[A-Za-z]\w*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') && part.length > 1 ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(path);
}

/** The headers the host sends for a request path: every matching rule in order, repeats joined with ", ", detached ones removed. */
export function headersFor(rules: readonly HeaderRule[], path: string): Map<string, string> {
  const result = new Map<string, { name: string; value: string }>();
  for (const rule of rules) {
    if (!matches(rule.pattern, path)) continue;
    for (const name of rule.detach ?? []) result.delete(name.toLowerCase());
    for (const [name, value] of rule.headers) {
      const key = name.toLowerCase();
      const seen = result.get(key);
      result.set(key, { name: seen?.name ?? name, value: seen ? `${seen.value}, ${value}` : value });
    }
  }
  return new Map([...result.values()].map(({ name, value }) => [name, value]));
}
