/**
 * The table of contents marks the section being read, below the device strip.
 *
 * Starlight's table of contents marks the section of whatever crosses a band
 * that starts 32 px under the header and ends 53 px later: `getRootMargin()`
 * in withastro/starlight packages/starlight/components-internals/
 * TableOfContents/starlight-toc.ts (lines 114-124), given to an
 * IntersectionObserver built once and again after every window resize
 * (lines 94-111). The device strip pinned under the header covers most of
 * that band, so it marked the end of the section above the one being read,
 * and a link to a step (landing below the strip, guide.css's scroll padding)
 * marked the step before. Here the band moves down by the strip's height,
 * the same height guide.css adds to the scroll padding.
 *
 * If a Starlight release renames what this relies on, nothing breaks: the
 * band stays where Starlight puts it (e2e/guide-reading.spec.ts then fails).
 */
type RootMargin = (this: HTMLElement) => string;

/** `--device-strip-height` is registered as a <length> (guide.css), so it computes to pixels. */
function stripHeight(): number {
  return parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--device-strip-height')) || 0;
}

const MARGIN = /^-(\d+(?:\.\d+)?)px 0% (-?\d+(?:\.\d+)?)px$/;

void customElements.whenDefined('starlight-toc').then((toc) => {
  const prototype = toc.prototype as { getRootMargin?: RootMargin };
  const starlightMargin = prototype.getRootMargin;
  if (typeof starlightMargin !== 'function') return;
  prototype.getRootMargin = function (this: HTMLElement): string {
    const margin = starlightMargin.call(this);
    const match = MARGIN.exec(margin);
    if (!match) return margin;
    const strip = stripHeight();
    return `-${Number(match[1]) + strip}px 0% ${Number(match[2]) + strip}px`;
  };
  // The strip's height changes when it pins, unpins or wraps; Starlight
  // rebuilds its observer (with the band above) on a window resize.
  let height = stripHeight();
  new MutationObserver(() => {
    const now = stripHeight();
    if (now === height) return;
    height = now;
    window.dispatchEvent(new Event('resize'));
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
});
