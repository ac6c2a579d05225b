import { describe, expect, it } from 'vitest';
import { enableHeadingAttributes } from './heading-ids.ts';

describe('pinned heading ids', () => {
  it('switches on the Sätteri heading-attributes feature, keeping the others', () => {
    const processor = { name: 'satteri', options: { features: { directive: true } as Record<string, unknown> } };
    enableHeadingAttributes(processor);
    expect(processor.options.features).toEqual({ directive: true, headingAttributes: true });
  });

  it('refuses a processor that would silently drop {#id}', () => {
    expect(() => enableHeadingAttributes({ name: 'unified', options: {} })).toThrow(/cannot pin heading ids/);
    expect(() => enableHeadingAttributes(undefined)).toThrow(/"none"/);
  });
});
