import { describe, expect, it } from 'vitest';
import { entryFor, staleCaches, storedHeaders } from './service-worker.ts';

describe('the service worker', () => {
  const urls = new Set(['', 'guides/', '404.html', '_astro/a.js']);

  it('serves a page by its folder, with or without index.html, and nothing it does not list', () => {
    expect(entryFor('', urls)).toBe('');
    expect(entryFor('index.html', urls)).toBe('');
    expect(entryFor('guides/', urls)).toBe('guides/');
    expect(entryFor('guides/index.html', urls)).toBe('guides/');
    expect(entryFor('_astro/a.js', urls)).toBe('_astro/a.js');
    expect(entryFor('_astro/b.js', urls)).toBeUndefined();
    expect(entryFor('guides', urls)).toBeUndefined();
    expect(entryFor('other/index.html', urls)).toBeUndefined();
  });

  it('keeps its own cache and the one before it, deletes older ones of its own, never another name', () => {
    const names = ['sonoff-pow-v1', 'other-app', 'sonoff-pow-v2', 'sonoff-pow-v3', 'sonoff-pow-v4'];
    expect(staleCaches(names, 'sonoff-pow-v4')).toEqual(['sonoff-pow-v1', 'sonoff-pow-v2']);
    expect(staleCaches(['sonoff-pow-v1', 'sonoff-pow-v2'], 'sonoff-pow-v2')).toEqual([]);
    expect(staleCaches(['sonoff-pow-v1'], 'sonoff-pow-v1')).toEqual([]);
  });

  it('stores a copy without the encoding and length of the bytes on the wire', () => {
    const kept = storedHeaders(new Headers({ 'Content-Type': 'text/html', 'Content-Encoding': 'br', 'Content-Length': '10', 'Content-Security-Policy': "default-src 'self'" }));
    expect([...kept.keys()].sort()).toEqual(['content-security-policy', 'content-type']);
  });
});
