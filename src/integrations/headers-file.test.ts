import { describe, expect, it } from 'vitest';
import { formatHeaders, headersFor, matches, parseHeaders, type HeaderRule } from './headers-file.ts';

describe('the _headers file', () => {
  it('reads what it writes', () => {
    const rules: HeaderRule[] = [
      { pattern: '/*', headers: [['X-Content-Type-Options', 'nosniff']] },
      { pattern: '/_astro/*', headers: [['Cache-Control', 'public, max-age=31536000, immutable']] },
    ];
    const text = formatHeaders(rules, 'a comment');
    expect(text).toBe('# a comment\n/*\n  X-Content-Type-Options: nosniff\n/_astro/*\n  Cache-Control: public, max-age=31536000, immutable\n');
    expect(parseHeaders(text)).toEqual(rules.map((rule) => ({ ...rule, detach: [] })));
  });

  // The example of https://developers.cloudflare.com/pages/configuration/headers/ ("Attach a header"), path rules only.
  const example = parseHeaders(`# This is a comment
/secure/page
  X-Frame-Options: DENY
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer

/static/*
  Access-Control-Allow-Origin: *
  X-Robots-Tag: nosnippet

/*
  X-Robots-Tag: noindex
`);

  it('applies every matching rule, joining a header set twice with a comma, as the host documents', () => {
    expect(Object.fromEntries(headersFor(example, '/secure/page'))).toEqual({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex',
    });
    expect(Object.fromEntries(headersFor(example, '/static/styles.css'))).toEqual({ 'Access-Control-Allow-Origin': '*', 'X-Robots-Tag': 'nosnippet, noindex' });
    expect(Object.fromEntries(headersFor(example, '/home'))).toEqual({ 'X-Robots-Tag': 'noindex' });
  });

  it('removes a header an earlier rule set with "! Name"', () => {
    const rules = parseHeaders('/*\n  X-Robots-Tag: noindex\n/public/*\n  ! X-Robots-Tag\n');
    expect(headersFor(rules, '/public/a').has('X-Robots-Tag')).toBe(false);
    expect(headersFor(rules, '/private/a').get('X-Robots-Tag')).toBe('noindex');
  });

  it('matches a splat anywhere and a placeholder as one segment, nothing else', () => {
    expect(matches('/_astro/*', '/_astro/a.js')).toBe(true);
    expect(matches('/_astro/*', '/_astrox/a.js')).toBe(false);
    expect(matches('/sonoff-pow/*', '/sonoff-pow/')).toBe(true);
    expect(matches('/movies/:title', '/movies/jaws')).toBe(true);
    expect(matches('/movies/:title', '/movies/jaws/2')).toBe(false);
    expect(matches('/a.b', '/axb')).toBe(false);
    expect(matches('/', '/index.html')).toBe(false);
  });

  it("refuses what the host would drop: over 100 rules, a line over 2,000 characters, a pattern that is not a path", () => {
    const rule = (pattern: string): HeaderRule => ({ pattern, headers: [['X-A', 'b']] });
    expect(() => formatHeaders(Array.from({ length: 101 }, (_, index) => rule(`/${index}`)))).toThrow(/101 rules/);
    expect(() => formatHeaders([{ pattern: '/*', headers: [['Content-Security-Policy', 'x'.repeat(2000)]] }])).toThrow(/a line of 2027 characters/);
    expect(() => formatHeaders([rule('*.js')])).toThrow(/must be a path/);
    expect(() => formatHeaders([{ pattern: '/', headers: [['X-A', 'b\nX-Evil: c']] }])).toThrow(/not a header line/);
  });

  it('says which line it cannot read', () => {
    expect(() => parseHeaders('  X-A: b\n')).toThrow(/line 1: a header before any path/);
    expect(() => parseHeaders('/\n  no colon here\n')).toThrow(/line 2: expected "Name: value"/);
  });
});
