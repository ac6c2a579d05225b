import { describe, expect, it } from 'vitest';
import { localizeAnchorLabels } from './page-language.ts';

const templates = { en: 'Section titled “{{title}}”', es: 'Sección titulada «{{title}}»' };
const page = (lang: string): string =>
  `<html lang="${lang}"><h3 id="backup">Paso 1</h3><a class="sl-anchor-link" href="#backup"><span class="sr-only" data-pagefind-ignore>Section titled “Paso 1: copia”</span></a></html>`;

describe("heading labels in the page's language", () => {
  it('rewrites the English label Starlight wrote on a Spanish page', () => {
    expect(localizeAnchorLabels(page('es'), templates, 'en')).toContain('<span class="sr-only" data-pagefind-ignore>Sección titulada «Paso 1: copia»</span>');
    expect(localizeAnchorLabels(page('es'), templates, 'en')).not.toContain('Section titled');
  });

  it('leaves an English page, and a language it has no words for, as they are', () => {
    expect(localizeAnchorLabels(page('en'), templates, 'en')).toBe(page('en'));
    expect(localizeAnchorLabels(page('fr'), templates, 'en')).toBe(page('fr'));
  });
});
