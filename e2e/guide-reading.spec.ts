/**
 * What a first-time reader meets on the guide, with and without scripts: text
 * that is true either way, commands that wrap only between arguments and copy
 * byte for byte, one look for every command, copy answers on the button, a
 * table of contents that marks the section being read, a wiring diagram
 * readable on a phone, and every button in reach of the keyboard.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEFAULT_PORTS } from '../src/scripts/systems.ts';
import { step } from './support/workbench.ts';

const STEP_IDS = ['backup', 'erase-flash', 'write-firmware', 'restore'] as const;

/** The `--baud …` explanations under the steps' commands, in the guide's text. */
const baudExplanations = (page: Page) => page.getByRole('main').locator('li > code').filter({ hasText: /^--baud / });

/** Every argument (or option with its value) of every command on the page that is split over two lines. */
async function argumentsSplitOverLines(page: Page): Promise<string[]> {
  return page.locator('[data-command]').evaluateAll((codes) => {
    const split: string[] = [];
    for (const code of codes) {
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      const chars: { node: Text; offset: number }[] = [];
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        for (let offset = 0; offset < node.data.length; offset++) chars.push({ node, offset });
      }
      const text = code.textContent ?? '';
      // An argument, or an option with its value (`-fs detect`).
      for (const match of text.matchAll(/-\S+ (?!-)\S+|\S+/g)) {
        const start = chars[match.index];
        const end = chars[match.index + match[0].length - 1];
        if (!start || !end) continue;
        const range = document.createRange();
        range.setStart(start.node, start.offset);
        range.setEnd(end.node, end.offset + 1);
        const tops = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
    return split;
  });
}

/** True when the element's centre and top edge are not under anything else (a sticky header or strip). */
function uncovered(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return [box.top + 2, box.top + box.height / 2].every((y) => {
      const hit = document.elementFromPoint(box.left + box.width / 2, y);
      return hit !== null && (element === hit || element.contains(hit));
    });
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('says which port the commands name and how to use another, instead of a chooser that is not there', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByText('Pick your system, or type your port')).toBeHidden();
    // A <noscript>, whose text Playwright's getByText skips: found by its class.
    const note = page.locator('.without-script').filter({ has: page.locator('code', { hasText: DEFAULT_PORTS.windows }) });
    await expect(note).toBeVisible();
    await expect(note).toContainText(`The commands on this page name the port ${DEFAULT_PORTS.windows}`);
    await expect(note).toContainText(DEFAULT_PORTS.macos);
    await expect(note).toContainText(DEFAULT_PORTS.linux);
    for (const id of STEP_IDS) await expect(step(page, id).locator('[data-command]')).toContainText(`--port ${DEFAULT_PORTS.windows} `);
  });

  test('says that running a step from the page needs JavaScript and Web Serial, and shows no panel or Run button', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByText('connect to the adapter here')).toBeHidden();
    await expect(page.getByText("The panel's virtual Sonoff POW")).toBeHidden();
    const note = page.locator('.without-script').last();
    await expect(note).toBeVisible();
    await expect(note).toContainText('This page can also run each step for you');
    await expect(note).toContainText('JavaScript');
    await expect(note).toContainText('Web Serial');
    await expect(page.getByRole('region', { name: 'Device' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Run this step' })).toHaveCount(0);
  });

  test('explains the speed the commands use', async ({ page }) => {
    await page.goto('/');
    await expect(baudExplanations(page)).toHaveText(Array(4).fill('--baud 115200'));
  });
});

test.describe('with JavaScript', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('shows the port chooser and its sentence, and none of the no-script notes', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByText('Pick your system, or type your port')).toBeVisible();
    await expect(page.getByRole('group', { name: 'Your computer' })).toBeVisible();
    // With scripts, a <noscript>'s content is text, not elements.
    await expect(page.locator('.without-script')).toHaveCount(0);
  });

  test('the explanations under the commands name the speed the commands use', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('sonoff-pow.baud', '921600'));
    await page.goto('/');
    for (const id of STEP_IDS) await expect(step(page, id).locator('[data-command]')).toContainText('--baud 921600');
    await expect(baudExplanations(page)).toHaveText(Array(4).fill('--baud 921600'));
  });

  test('the explanations follow the speed chosen in the device panel', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'No device? Use a virtual Sonoff POW' }).click();
    // The one-line strip keeps the speed under its Options button; the panel before it showed it at once.
    const options = page.getByRole('region', { name: 'Device' }).getByRole('button', { name: 'Options' });
    await expect(page.getByRole('combobox', { name: 'Speed' }).or(options)).toBeVisible();
    if (await options.isVisible()) await options.click();
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('460800');
    await expect(baudExplanations(page)).toHaveText(Array(4).fill('--baud 460800'));
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('115200');
    await expect(baudExplanations(page)).toHaveText(Array(4).fill('--baud 115200'));
  });

  test('commands wrap between arguments only, at every width from a phone to a desktop, and copy byte for byte', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('sonoff-pow.system', 'macos'));
    await page.goto('/');
    // The longest port the chooser offers.
    await expect(step(page, 'write-firmware').locator('[data-command]')).toContainText(DEFAULT_PORTS.macos);
    const wrapped = new Set<number>();
    for (let width = 320; width <= 1280; width += width < 480 ? 4 : 40) {
      await page.setViewportSize({ width, height: 800 });
      expect(await argumentsSplitOverLines(page), `at ${width} px`).toEqual([]);
      const lines = await step(page, 'write-firmware').locator('[data-command]').evaluate((code) => {
        const range = document.createRange();
        range.selectNodeContents(code);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      });
      wrapped.add(lines);
    }
    expect(Math.max(...wrapped)).toBeGreaterThan(2); // it does wrap, so the check above means something
    await step(page, 'write-firmware').getByRole('button', { name: 'Copy command' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      `esptool.py --port ${DEFAULT_PORTS.macos} --baud 115200 write_flash -fs detect -fm dout 0x00000 sonoff.bin`,
    );
    const install = page.locator('.command').filter({ hasText: 'pip install' });
    await install.getByRole('button', { name: 'Copy command' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('pip install --upgrade esptool');
  });

  test('the install commands and the step commands look the same', async ({ page }) => {
    await page.goto('/');
    const look = (locator: Locator) =>
      locator.locator('pre').evaluate((pre) => {
        const style = getComputedStyle(pre);
        const code = getComputedStyle(pre.querySelector('code')!);
        return [style.backgroundColor, style.borderTopWidth, style.borderTopColor, style.borderRadius, style.padding, code.fontFamily, code.fontSize, code.color];
      });
    const install = page.locator('.command').filter({ hasText: 'pip install --upgrade esptool' });
    const version = page.locator('.command').filter({ hasText: 'esptool.py version' });
    await expect(install).toBeVisible();
    await expect(version).toBeVisible();
    const stepLook = await look(step(page, 'backup'));
    expect(await look(install)).toEqual(stepLook);
    expect(await look(version)).toEqual(stepLook);
    await expect(install.getByRole('button', { name: 'Copy command' })).toBeVisible();
    await expect(version.getByRole('button', { name: 'Copy command' })).toBeVisible();
  });

  test('copying answers on the button itself, tells a screen reader, and turns back', async ({ page }) => {
    await page.goto('/');
    const block = step(page, 'erase-flash');
    const button = block.getByRole('button', { name: 'Copy command' });
    await button.focus();
    const before = await button.boundingBox();
    await page.keyboard.press('Enter');
    await expect(button).toHaveText('Copied', { useInnerText: true });
    await expect(block.getByRole('status')).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await block.locator('[data-command]').textContent());
    // The visible answer is on the button, which keeps its size, so nothing moves.
    // (the status region is announced, not shown: a 1 px box)
    expect(await block.getByRole('status').evaluate((status) => status.getBoundingClientRect().height)).toBeLessThanOrEqual(1);
    expect(await button.boundingBox()).toEqual(before);
    await expect(button).toHaveText('Copy', { useInnerText: true, timeout: 5000 });
    await expect(block.getByRole('status')).toHaveText('');

    const link = block.getByRole('button', { name: 'Copy link to step: Erase the flash' });
    await link.click();
    await expect(link).toHaveText('Link copied', { useInnerText: true });
    await expect(block.getByRole('status')).toHaveText('Link copied');
  });

  test('when the clipboard is refused, the command is selected and what to do shows beside the buttons', async ({ page, context }) => {
    await context.clearPermissions();
    await page.goto('/');
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('refused', 'NotAllowedError'));
    });
    const block = step(page, 'backup');
    const button = block.getByRole('button', { name: 'Copy command' });
    await button.click();
    const status = block.getByRole('status');
    await expect(status).toHaveText('Copying failed: select the command and copy it yourself');
    await expect(status).toBeVisible();
    const [statusBox, buttonBox] = [await status.boundingBox(), await button.boundingBox()];
    expect(Math.abs(statusBox!.y + statusBox!.height / 2 - (buttonBox!.y + buttonBox!.height / 2))).toBeLessThan(buttonBox!.height);
    expect(await page.evaluate(() => getSelection()?.toString())).toBe(await block.locator('[data-command]').textContent());
  });

  test('every copy and copy-link button is reached with Tab, shows its focus and is not under the header', async ({ page }) => {
    await page.goto('/');
    const names = await page.locator('.command-button').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
    // Copy (and Copy link) on the two install commands, the four esptool steps and every console command after the flash.
    const consoleCommands = await page.locator('[data-console-step]').count();
    expect(consoleCommands).toBeGreaterThan(0);
    expect(names.length).toBe(2 + 2 * STEP_IDS.length + 2 * consoleCommands);
    // Forwards from the top, and backwards from the end: Shift+Tab brings buttons in from above, under the sticky header.
    for (const key of ['Tab', 'Shift+Tab'] as const) {
      await page.goto('/');
      if (key === 'Shift+Tab') await page.getByRole('link', { name: 'all guides', exact: true }).focus();
      const reached: string[] = [];
      for (let presses = 0; presses < 300 && reached.length < names.length; presses++) {
        await page.keyboard.press(key);
        const focused = page.locator('.command-button:focus');
        if ((await focused.count()) === 0) continue;
        reached.push((await focused.getAttribute('aria-label')) ?? '');
        const outline = await focused.evaluate((button) => {
          const style = getComputedStyle(button);
          return { visible: button.matches(':focus-visible'), style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
        });
        expect(outline).toEqual({ visible: true, style: 'solid', width: 2 });
        await expect(focused).toBeInViewport();
        expect(await uncovered(focused)).toBe(true);
      }
      expect(reached).toEqual(key === 'Tab' ? names : [...names].reverse());
    }
  });

  test('a link from the table of contents marks that section, below the pinned device strip', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/');
    const toc = page.locator('starlight-toc');
    for (const [id, name] of [
      ['write-firmware', 'Step 3: Write the new firmware'],
      ['backup', 'Step 1: Back up the flash'],
      ['restore', 'Step 4: Restore a backup'],
    ] as const) {
      await toc.getByRole('link', { name }).click();
      await expect(page.locator(`h3#${id}`)).toBeInViewport();
      expect(await uncovered(page.locator(`h3#${id}`))).toBe(true);
      await expect(toc.locator('a[aria-current="true"]')).toHaveText(name);
    }
  });

  test('the table of contents follows a taller strip, and scrolling to a heading marks its section', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/');
    const toc = page.locator('starlight-toc');
    // As the device panel's island does when its strip wraps to a second line.
    await page.evaluate(() => document.documentElement.style.setProperty('--device-strip-height', '200px'));
    const header = await page.locator('header.header').evaluate((element) => element.getBoundingClientRect().bottom);
    // Starlight rebuilds its observer a moment after a resize (200 ms, then once idle): go back up and follow the link until it has.
    await expect
      .poll(async () => {
        await page.evaluate(() => window.scrollTo(0, 0));
        await toc.getByRole('link', { name: 'Step 2: Erase the flash' }).click();
        return toc.locator('a[aria-current="true"]').textContent();
      })
      .toBe('Step 2: Erase the flash');
    const top = await page.locator('h3#erase-flash').evaluate((heading) => heading.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(header + 200);
    // Reading on: the next heading rises to just below the strip.
    const next = await page.locator('h3#write-firmware').evaluate((heading) => heading.getBoundingClientRect().top);
    await page.mouse.wheel(0, next - top);
    await expect(toc.locator('a[aria-current="true"]')).toHaveText('Step 3: Write the new firmware');
  });

  test('the wiring diagram’s labels are at least 12 px tall on a 360 px wide phone', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto('/');
    const diagram = page.getByRole('img', { name: 'Wiring the USB-UART adapter to the Sonoff POW' });
    await diagram.scrollIntoViewIfNeeded();
    const sizes = await diagram.evaluate((svg) =>
      [...svg.querySelectorAll('text')].map((text) => parseFloat(getComputedStyle(text).fontSize) * (text.getScreenCTM()?.a ?? 0)),
    );
    expect(sizes.length).toBe(16);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
