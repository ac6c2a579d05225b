import { describe, expect, it } from 'vitest';
import { pathInLanguage } from './languages.ts';

describe('a page in another language', () => {
  it('swaps the language folder at the root', () => {
    expect(pathInLanguage('/', '/', 'es')).toBe('/es/');
    expect(pathInLanguage('/es/', '/', undefined)).toBe('/');
    expect(pathInLanguage('/guides/', '/', 'es')).toBe('/es/guides/');
    expect(pathInLanguage('/es/guides/', '/', undefined)).toBe('/guides/');
    expect(pathInLanguage('/es/guides/', '/', 'es')).toBe('/es/guides/');
  });

  it('keeps a sub-path base', () => {
    expect(pathInLanguage('/sonoff-pow/', '/sonoff-pow/', 'es')).toBe('/sonoff-pow/es/');
    expect(pathInLanguage('/sonoff-pow/es/404.html', '/sonoff-pow/', undefined)).toBe('/sonoff-pow/404.html');
    expect(pathInLanguage('/sonoff-pow/guides/', '/sonoff-pow', 'es')).toBe('/sonoff-pow/es/guides/');
  });

  it('does not take a page that only starts like a language folder for one', () => {
    expect(pathInLanguage('/escape/', '/', undefined)).toBe('/escape/');
    expect(pathInLanguage('/escape/', '/', 'es')).toBe('/es/escape/');
  });
});
