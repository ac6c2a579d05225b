/**
 * The error for code the page fetches on first use (fflate, spark-md5) that
 * did not come. Apart from map-error.ts on purpose: zlib.ts is what
 * esptool-js imports as "pako", so whatever zlib.ts imports is evaluated
 * while esptool-js is; map-error.ts brings transport.ts, whose class extends
 * esptool-js's Transport, which does not exist yet at that point (the
 * flasher's chunk then failed with "Class extends value undefined").
 */
import { t } from '../i18n/index.ts';
import { FlasherError } from './errors.ts';

/** Code the page fetches on first use did not come (offline without the kept copy, a deploy since the page opened): nothing reached the device. */
export function pageCodeError(cause: unknown): FlasherError {
  return new FlasherError('page-code', t('flasher.pageCode.message'), t('flasher.pageCode.action'), { cause });
}
