/**
 * Nothing leaves the machine, nothing gets in: the whole guide (connect,
 * backup, erase, write, restore) runs without one request to another origin
 * and without sending anything anywhere, under a CSP that allows only the
 * site's own scripts and styles and that nothing on the page violates.
 */
import { expect, test } from '@playwright/test';
import { firmwareLike } from '../src/flasher/test-images.ts';
import { installVirtualSonoff, readFlashBytes } from './fixtures/virtual-serial.ts';
import { connectFromDialog, MB, pickFile, result, runButton, sameBytes, step, withHeader } from './support/workbench.ts';
import { runRestore } from './support/workbench.ts';

test('the built page carries a CSP that allows only its own scripts, styles and connections', async ({ page }) => {
  await page.goto('/');
  const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
  const directives = new Map((csp ?? '').split(';').map((part) => part.trim().split(/\s+/)).filter((tokens) => tokens[0]).map((tokens) => [tokens[0]!, tokens.slice(1)]));
  expect(directives.get('default-src')).toEqual(["'self'"]);
  expect(directives.get('connect-src')).toEqual(["'self'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  const scripts = directives.get('script-src') ?? [];
  expect(scripts[0]).toBe("'self'");
  // Inline scripts only by hash: no 'unsafe-inline', no 'unsafe-eval', no other host.
  expect(scripts.slice(1).every((token) => /^'sha256-[A-Za-z0-9+/=]+'$/.test(token))).toBe(true);
  expect(scripts.length).toBeGreaterThan(1);
  const styles = directives.get('style-src') ?? [];
  expect(styles[0]).toBe("'self'");
  expect(styles.slice(1).every((token) => /^'sha256-/.test(token))).toBe(true);
});

test('the whole guide runs without a request to another origin, a CSP violation, or an upload', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: { url: string; method: string; hasBody: boolean }[] = [];
  page.on('request', (request) => requests.push({ url: request.url(), method: request.method(), hasBody: request.postDataBuffer() !== null }));
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => void violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation(text: string): void }).reportViolation(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
    });
  });
  await installVirtualSonoff(page, { seed: 50 });
  await page.goto('/');

  await runButton(page, 'backup').click();
  await connectFromDialog(page);
  await expect(result(page, 'backup')).toContainText('flash MD5 verified', { timeout: 60_000 });
  const backup = await readFlashBytes(page);

  await runButton(page, 'erase-flash').click();
  await step(page, 'erase-flash').getByRole('button', { name: 'Erase the flash', exact: true }).click();
  await expect(result(page, 'erase-flash')).toContainText('verified blank', { timeout: 30_000 });

  await pickFile(page, 'write-firmware', 'sonoff.bin', firmwareLike(200 * 1024, 5));
  await runButton(page, 'write-firmware').click();
  await expect(result(page, 'write-firmware')).toContainText('flash MD5 verified', { timeout: 30_000 });

  await runRestore(page);
  await expect(result(page, 'restore')).toContainText('flash MD5 verified', { timeout: 60_000 });
  expect(sameBytes(await readFlashBytes(page), withHeader(backup, 0x02, 0x2))).toBe('identical');
  expect(backup.length).toBe(MB);

  const foreign = requests.filter((request) => !request.url.startsWith('data:') && !request.url.startsWith('blob:') && new URL(request.url).origin !== origin);
  expect(foreign, 'requests to another origin').toEqual([]);
  const sending = requests.filter((request) => request.method !== 'GET' || request.hasBody);
  expect(sending, 'requests that send data (the firmware or a backup)').toEqual([]);
  expect(requests.length).toBeGreaterThan(5);
  expect(violations, 'CSP violations').toEqual([]);
});
