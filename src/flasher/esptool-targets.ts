/**
 * Stands in for esptool-js 0.7.0's `lib/targets/index.js` in the site's
 * build (see src/integrations/esptool-esp8266-only.ts). That module
 * instantiates all fifteen chip classes eagerly, for two ESPLoader methods
 * this flasher never calls (`romFromChipId`, `identifyChipByMagic`): the
 * flasher reads the chip magic itself and sets `loader.chip` to an
 * ESP8266ROM (connect.ts). A wrong chip is still named (chipNameForMagic),
 * and esptool-js's own `magic2Chip` keeps importing the others lazily.
 */
import { ESP8266ROM } from 'esptool-js/lib/targets/esp8266.js';

export const CHIP_DEFS = { esp8266: new ESP8266ROM() };
export const CHIP_LIST = Object.keys(CHIP_DEFS);
export const ROM_LIST = Object.values(CHIP_DEFS);
