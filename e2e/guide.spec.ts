/**
 * The guide page as a reader meets it: the built site in real Chromium.
 */
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const STEPS = {
  backup: 'read_flash 0x00000 0x100000 sonoff-backup.bin',
  'erase-flash': 'erase_flash',
  'write-firmware': 'write_flash -fs detect -fm dout 0x00000 sonoff.bin',
  restore: 'write_flash -fs 1MB -fm dio 0x00000 sonoff-backup.bin',
} as const;
type StepId = keyof typeof STEPS;
const STEP_IDS = Object.keys(STEPS) as StepId[];

const commandText = (id: StepId, port: string) => `esptool.py --port ${port} --baud 115200 ${STEPS[id]}`;

/** The command block of a step, found from its heading's id. */
const commandOf = (page: Page, id: StepId) => page.locator(`[data-command-step="${id}"] [data-command]`);

async function shownCommands(page: Page): Promise<string[]> {
  return Promise.all(STEP_IDS.map((id) => commandOf(page, id).textContent().then((text) => text ?? '')));
}

async function expectAllCommandsUse(page: Page, port: string): Promise<void> {
  await expect.poll(() => shownCommands(page)).toEqual(STEP_IDS.map((id) => commandText(id, port)));
}

test.describe('with JavaScript', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('shows the wiring table exactly as the original guide', async ({ page }) => {
    await page.goto('/');
    const table = page.getByRole('table');
    const rows = await table.getByRole('row').evaluateAll((rows) =>
      rows.map((row) => Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent?.trim())),
    );
    expect(rows).toEqual([
      ['Programmer', 'Sonoff'],
      ['3.3/VCC', '3.3/VCC'],
      ['TX', 'RX'],
      ['RX', 'TX'],
      ['GND', 'GND'],
    ]);
    await expect(page.getByRole('img', { name: 'Wiring the USB-UART adapter to the Sonoff POW' })).toBeVisible();
  });

  test('warns about mains before the wiring and the first command', async ({ page }) => {
    await page.goto('/');
    const warning = page.getByRole('complementary', { name: 'Never connect mains power and the serial adapter at the same time' });
    await expect(warning).toBeVisible();
    await expect(warning).toContainText('there is no isolation');
    const warningFirst = await page.evaluate(() => {
      const aside = document.querySelector('.starlight-aside--danger');
      const firstCommand = document.querySelector('[data-command]');
      const wiringTable = document.querySelector('table');
      const before = (later: Element | null) => Boolean(aside && later && aside.compareDocumentPosition(later) & Node.DOCUMENT_POSITION_FOLLOWING);
      return before(firstCommand) && before(wiringTable);
    });
    expect(warningFirst).toBe(true);
  });

  test('shows the four commands with their flags, offsets and files, in the port of the reader', async ({ page }) => {
    await page.goto('/');
    const port = await page.getByRole('textbox', { name: 'Serial port' }).inputValue();
    expect(port).not.toBe('');
    await expectAllCommandsUse(page, port);
    for (const id of STEP_IDS) await expect(page.locator(`h3#${id}`)).toBeVisible();
  });

  test('steps keep their pinned ids in the table of contents and in the heading anchor links', async ({ page }) => {
    await page.goto('/');
    const toc = page.locator('starlight-toc').getByRole('link', { name: 'Step 2: Erase the flash' });
    await expect(toc).toHaveAttribute('href', '#erase-flash');
    for (const id of [...STEP_IDS, 'preparing-hardware', 'wiring', 'safety', 'flash-mode', 'get-esptool', 'find-port', 'backup-and-restore']) {
      await expect(page.locator(`#${id}`)).toHaveCount(1);
      await expect(page.locator(`a.sl-anchor-link[href="#${id}"]`)).toHaveCount(1);
    }
  });

  test('the teaser shows under the title', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Sonoff POW' })).toBeVisible();
    await expect(page.locator('h1 + .bref')).toHaveText(/^Flash your Sonoff POW v1 with a different firmware/);
  });

  test('copies a command exactly as shown', async ({ page }) => {
    await page.goto('/');
    const block = page.locator('[data-command-step="write-firmware"]');
    await block.getByRole('button', { name: 'Copy command' }).click();
    await expect(block.getByRole('status')).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await commandOf(page, 'write-firmware').textContent());
    expect(copied).toMatch(/^esptool\.py --port \S+ --baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff\.bin$/);
  });

  test('preselects the system from the platform', async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' });
      Object.defineProperty(Navigator.prototype, 'userAgentData', { get: () => undefined });
    });
    await page.goto('/');
    await expect(page.getByRole('radio', { name: /macOS/ })).toBeChecked();
    await expectAllCommandsUse(page, '/dev/cu.usbserial-0001');
  });

  test('switching the system changes the port in every command, and a reload keeps it', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('radio', { name: /Windows/ }).check();
    await expectAllCommandsUse(page, 'COM3');
    await page.getByRole('radio', { name: /Linux/ }).check();
    await expectAllCommandsUse(page, '/dev/ttyUSB0');
    await page.getByRole('radio', { name: /macOS/ }).check();
    await expectAllCommandsUse(page, '/dev/cu.usbserial-0001');
    await page.reload();
    await expect(page.getByRole('radio', { name: /macOS/ })).toBeChecked();
    await expectAllCommandsUse(page, '/dev/cu.usbserial-0001');
  });

  test('a port typed once shows in every command, also after a reload', async ({ page }) => {
    await page.goto('/');
    const field = page.getByRole('textbox', { name: 'Serial port' });
    await field.fill('/dev/ttyACM7');
    await expectAllCommandsUse(page, '/dev/ttyACM7');
    await page.reload();
    await expect(field).toHaveValue('/dev/ttyACM7');
    await expectAllCommandsUse(page, '/dev/ttyACM7');
  });

  for (const id of ['restore', 'erase-flash'] as const) {
    test(`a deep link to #${id} scrolls the step below the sticky header and marks it`, async ({ page }) => {
      await page.goto(`/#${id}`);
      const step = page.locator(`h3#${id}`);
      await expect(step).toBeInViewport();
      const headerBottom = await page.locator('header.header').evaluate((header) => header.getBoundingClientRect().bottom);
      const stepTop = await step.evaluate((heading) => heading.getBoundingClientRect().top);
      expect(stepTop).toBeGreaterThanOrEqual(headerBottom);
      // Nothing sticky (header, device panel) covers the heading's text.
      const uncovered = await step.evaluate((heading) => {
        const box = heading.getBoundingClientRect();
        return [box.top + 4, box.top + box.height / 2].every((y) => {
          const hit = document.elementFromPoint(box.left + 8, y);
          return hit !== null && heading.contains(hit);
        });
      });
      expect(uncovered).toBe(true);
      const outline = (stepId: string) => page.locator(`h3#${stepId}`).evaluate((heading) => getComputedStyle(heading).outlineStyle);
      expect(await outline(id)).toBe('solid');
      expect(await outline('backup')).toBe('none');
      const label = (stepId: string) =>
        page.locator(`.sl-heading-wrapper:has(> #${stepId})`).evaluate((wrapper) => getComputedStyle(wrapper, '::before').content);
      expect(await label(id)).toBe('"Linked step"');
      expect(await label('backup')).toBe('none');
    });
  }

  test('copy link copies a URL that lands on the step', async ({ page, baseURL }) => {
    await page.goto('/');
    const button = page.getByRole('button', { name: 'Copy link to step: Restore a backup' });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-command-step="restore"]').getByRole('status')).toHaveText('Link copied');
    const url = await page.evaluate(() => navigator.clipboard.readText());
    expect(url).toBe(`${baseURL}/#restore`);
    await page.goto('/guides/');
    await page.goto(url);
    await expect(page.locator('h3#restore')).toBeInViewport();
    expect(await page.locator('h3#restore').evaluate((heading) => heading.matches(':target'))).toBe(true);
  });

  test('loads without console errors', async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/', { waitUntil: 'networkidle' });
    await expect(page.getByRole('textbox', { name: 'Serial port' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`has no serious accessibility violations in the ${theme} theme`, async ({ page }) => {
      await page.addInitScript((value) => localStorage.setItem('starlight-theme', value), theme);
      await page.goto('/#restore');
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(page.getByRole('textbox', { name: 'Serial port' })).toBeVisible();
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
      expect(serious).toEqual([]);
    });
  }

  test('fits a 360 px wide screen without horizontal scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto('/');
    await expect(page.getByRole('textbox', { name: 'Serial port' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  test('lists the guides with their teasers', async ({ page }) => {
    await page.goto('/guides/');
    const item = page.getByRole('main').getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Sonoff POW' }) });
    await expect(item).toContainText('Flash your Sonoff POW v1 with a different firmware');
    await item.getByRole('link', { name: 'Sonoff POW' }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test('an unknown address gets the guide’s own 404 page', async ({ page }) => {
    const response = await page.goto('/no-such-page/');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to the guide' })).toHaveAttribute('href', '/');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('shows the commands as the guide writes them, and the wiring table', async ({ page }) => {
    await page.goto('/');
    await expectAllCommandsUse(page, 'COM3');
    await expect(page.getByRole('table').getByRole('row')).toHaveCount(5);
    await expect(page.getByRole('group', { name: 'Your computer' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Copy command' })).toHaveCount(0);
  });
});
