import { describe, expect, it } from 'vitest';
import { joinBase, normalizeBase } from './base.ts';

describe('the site base', () => {
  it('is the root when unset, else one path with a slash at each end', () => {
    for (const unset of [undefined, '', '/', '//']) expect(normalizeBase(unset)).toBe('/');
    for (const written of ['sonoff-pow', '/sonoff-pow', '/sonoff-pow/', 'sonoff-pow/']) expect(normalizeBase(written)).toBe('/sonoff-pow/');
    expect(normalizeBase('/a/b.c/')).toBe('/a/b.c/');
  });

  it('refuses what is not a path, saying what to write', () => {
    for (const bad of ['/../etc/', '/a b/', 'https://host/x', '/x?y']) expect(() => normalizeBase(bad)).toThrow(/SITE_BASE ".*" is not a path/);
  });

  it('puts a site path under the base', () => {
    expect(joinBase('/', '/guides/')).toBe('/guides/');
    expect(joinBase('/sonoff-pow/', '/guides/')).toBe('/sonoff-pow/guides/');
    expect(joinBase('/sonoff-pow', '/')).toBe('/sonoff-pow/');
    expect(joinBase('/sonoff-pow/', 'sw.js')).toBe('/sonoff-pow/sw.js');
  });
});
