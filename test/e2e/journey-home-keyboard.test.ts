// Keyboard comforts of the shell: a skip link first in the tab order to the main content, Ctrl+N
// for "New onboarding" from any screen, and the focus on the heading of each screen opened.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import { tempDir } from '../helpers/tmp.js';
import { launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

const focused = (page: Page) =>
  page.evaluate(() => ({
    tag: document.activeElement?.tagName,
    id: document.activeElement?.id,
    text: document.activeElement?.textContent?.trim(),
  }));

it(
  'keyboard: a skip link to the main content, Ctrl+N opens New onboarding, the focus on each new screen’s heading',
  { timeout: 60_000 },
  async () => {
    const { page } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: async (desk) => {
        await desk.vault.init('keyboard shell passphrase');
      },
    });
    await page.getByRole('heading', { level: 1, name: 'Onboardings' }).waitFor();

    // The first Tab stop is the skip link, shown while it has the focus; Enter moves into main.
    await page.keyboard.press('Tab');
    assert.deepEqual(await focused(page), { tag: 'A', id: '', text: 'Skip to main content' });
    const link = page.getByRole('link', { name: 'Skip to main content' });
    const box = await link.boundingBox();
    assert.ok(box !== null && box.y >= 0, 'visible once focused');
    await screenshotSizes(page, 'keyboard-1-skip-link');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'main');
    // Tab from there reaches the screen's own controls before any navigation button.
    await page.keyboard.press('Tab');
    const next = await focused(page);
    assert.notEqual(next.text, 'Onboardings', 'not back in the navigation');
    assert.equal(
      await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement)),
      true,
    );

    // Ctrl+N from the home screen: the new-onboarding screen, its heading focused.
    await page.keyboard.press('Control+n');
    const newHeading = page.getByRole('heading', { level: 1, name: 'New onboarding' });
    await newHeading.waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    assert.equal((await focused(page)).text, 'New onboarding');
    await screenshotSizes(page, 'keyboard-2-ctrl-n');

    // Another screen by the navigation: its heading has the focus; Ctrl+N works from there too.
    await page.getByRole('button', { name: 'Audit trail' }).click();
    await page.waitForFunction(
      () =>
        document.activeElement?.tagName === 'H1' &&
        document.activeElement.textContent !== 'New onboarding',
    );
    const auditHeading = (await focused(page)).text;
    assert.equal(
      auditHeading,
      await page.getByRole('heading', { level: 1 }).textContent(),
      'the audit screen’s own heading',
    );
    await page.keyboard.press('Control+n');
    await newHeading.waitFor();
    await page.getByRole('button', { name: 'Onboardings' }).click();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Onboardings');
    assert.equal((await focused(page)).tag, 'H1');
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
