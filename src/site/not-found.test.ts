import { describe, expect, it } from 'vitest';
import { notFoundCandidates, notFoundPagePath } from './not-found.ts';

describe('the 404 page an address gets', () => {
  it('is the nearest one up its folders, the site root last', () => {
    expect(notFoundCandidates('es/no/such/page')).toEqual(['es/no/such/404.html', 'es/no/404.html', 'es/404.html', '404.html']);
    expect(notFoundCandidates('es/nothing')).toEqual(['es/404.html', '404.html']);
    expect(notFoundCandidates('es/nothing/')).toEqual(['es/nothing/404.html', 'es/404.html', '404.html']);
    expect(notFoundCandidates('nothing')).toEqual(['404.html']);
    expect(notFoundCandidates('')).toEqual(['404.html']);
  });

  it("moves a language's rendered 404 page to where hosts look, and leaves the root's and others alone", () => {
    expect(notFoundPagePath('es/404/index.html')).toBe('es/404.html');
    expect(notFoundPagePath('404.html')).toBeUndefined();
    expect(notFoundPagePath('es/index.html')).toBeUndefined();
    expect(notFoundPagePath('es/guides/index.html')).toBeUndefined();
  });
});
