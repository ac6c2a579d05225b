import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addInlineHashes } from './csp-inline-hashes.ts';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const page = (csp: string, body: string) => `<html><head><meta http-equiv="content-security-policy" content="${csp}"></head><body>${body}</body></html>`;

describe('addInlineHashes', () => {
  it('adds the hash of each inline script and style to script-src and style-src', () => {
    const html = page("default-src 'self'; script-src 'self' 'sha256-known='; style-src 'self';", '<script>theme()</script><script type="module">go()</script><style>a{b:c}</style>');
    const csp = /content="([^"]*)"/.exec(addInlineHashes(html))![1]!;
    expect(csp).toBe(`default-src 'self'; script-src 'self' 'sha256-known=' ${hash('theme()')} ${hash('go()')}; style-src 'self' ${hash('a{b:c}')};`);
  });

  it('leaves scripts loaded from files out, and does not repeat a hash already there', () => {
    const html = page(`script-src 'self' ${hash('once()')};`, `<script src="/a.js"></script><script>once()</script><script>once()</script>`);
    const csp = /content="([^"]*)"/.exec(addInlineHashes(html))![1]!;
    expect(csp).toBe(`script-src 'self' ${hash('once()')};`);
  });

  it('returns a page without a policy unchanged', () => {
    const html = '<html><script>x()</script></html>';
    expect(addInlineHashes(html)).toBe(html);
  });
});
