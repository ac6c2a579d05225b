/**
 * Stands in for esptool-js 0.7.0's `lib/image/index.js` in the site's build
 * (see src/integrations/esptool-esp8266-only.ts). The loader reads firmware
 * images only in `_updateImageFlashParams`, which only its `writeFlash`
 * calls; this flasher writes with its own loop (session.ts) and patches the
 * header as esptool.py v4.12 does (image.ts patchImageHeader), so the
 * parsers of every chip's image format stay out of the page.
 */
export async function loadFirmwareImage(): Promise<never> {
  throw new Error("esptool-js's image parsers are not in this build: the flasher patches image headers itself (src/flasher/image.ts).");
}
