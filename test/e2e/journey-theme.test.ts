// Light and dark: the page follows the system's colour scheme (prefers-color-scheme) until
// Settings chooses Light or Dark, which is kept in main with the other settings and applies from
// the next start, before the vault is unlocked. Every screen is photographed dark, at both design
// sizes, in test-artifacts/dark/ (the create-vault and unlock screens, home with its timeline, new
// onboarding, each wizard step with a failed connection test's waterfall, tester, vault, tokens,
// audit trail, settings).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { Desk } from '../../electron/services/desk.js';
import { tempDir } from '../helpers/tmp.js';
import { ARTIFACTS, invoke, launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  mkdirSync(join(ARTIFACTS, 'dark'), { recursive: true });
});
after(() => browser?.close());

const PASSPHRASE = 'theme journey passphrase';
const LIGHT_BG = 'rgb(246, 247, 249)';
const DARK_BG = 'rgb(18, 22, 29)';

const background = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

/** A port on 127.0.0.1 that nothing listens on (a refused connection, at once). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until main has kept this theme (the page saves it as it is chosen). */
async function kept(desk: Desk, theme: string): Promise<void> {
  for (let i = 0; i < 100 && desk.settings.get().theme !== theme; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(desk.settings.get().theme, theme);
}

async function fill(desk: Desk): Promise<void> {
  await desk.vault.init(PASSPHRASE);
  const fixture = [
    ['tsh-classic', 'DARK01', 'preprod', 20],
    ['tmg-merchant', 'DARK02', 'sandbox', 200],
    ['tsh-classic', 'DARK03', 'prod', 400],
  ] as const;
  for (const [program, identifier, environment, days] of fixture) {
    const { id } = desk.onboardings.create({ program, identifier, environment });
    await desk.identity.generate({
      onboardingId: id,
      algorithm: 'ec-p256',
      commonName: `${identifier}-CN`,
      days,
    });
  }
}

it(
  'follows the system, a choice in Settings overrides it and is kept; every screen photographed dark',
  { timeout: 150_000 },
  async () => {
    const dataDir = tempDir();
    const shot = (page: Page, name: string) => screenshotSizes(page, `dark/${name}`);

    // First start, empty folder, a dark system: the create-vault screen is dark.
    const first = await openDeskApp(browser, { dataDir, outDir: tempDir() });
    await first.page.emulateMedia({ colorScheme: 'light' });
    await first.page.getByRole('heading', { name: 'Create the vault' }).waitFor();
    assert.equal(await background(first.page), LIGHT_BG);
    await first.page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await background(first.page), DARK_BG, 'the page follows the system at once');
    await shot(first.page, 'create-vault');
    assert.deepEqual(rendererErrors(first.page), []);
    await first.page.close();

    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: fill,
    });
    await page.emulateMedia({ colorScheme: 'dark' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    // The unlock screen.
    await nav.getByRole('button', { name: 'Lock vault' }).click();
    await page.getByRole('heading', { name: 'Unlock the vault' }).waitFor();
    assert.equal(await background(page), DARK_BG);
    await shot(page, 'unlock');
    await page.getByLabel('Master passphrase').fill(PASSPHRASE);
    await page.getByLabel('Master passphrase').press('Enter');
    await page.getByRole('heading', { name: 'Onboardings', level: 1 }).waitFor();
    await page.getByRole('group', { name: 'Expiry timeline' }).waitFor();
    await shot(page, 'home');

    await page.keyboard.press('Control+n');
    await page.getByRole('heading', { level: 1 }).and(page.locator(':focus')).waitFor();
    await shot(page, 'new-onboarding');

    // A connection test that fails at once (nothing listens), so the test step has a waterfall.
    const dark01 = desk.onboardings.list().find((o) => o.identifier === 'DARK01')!;
    const refused = await invoke(page, 'test.inbound', {
      onboardingId: dark01.id,
      operationId: randomUUID(),
      url: `https://127.0.0.1:${await closedPort()}/`,
    });
    assert.equal(refused.ok, true, JSON.stringify(refused.error));
    await nav.getByRole('button', { name: 'Onboardings' }).click();
    await page.getByRole('button', { name: 'DARK01' }).click();
    const rail = page.getByRole('navigation', { name: 'Onboarding steps' });
    // The rail draws after the onboarding loads; count only once its first step is there.
    await rail.getByRole('button').first().waitFor();
    const steps = await rail.getByRole('button').count();
    assert.ok(steps >= 5, `the wizard has its steps (${steps})`);
    let waterfalls = 0;
    for (let i = 0; i < steps; i++) {
      await rail.getByRole('button').nth(i).click();
      await page.locator('.step h2').waitFor();
      waterfalls += await page.locator('.waterfall').count();
      await shot(page, `wizard-${i + 1}`);
    }
    assert.equal(waterfalls, 1, 'the test step shows the failed test with its waterfall');

    for (const [button, name] of [
      ['Connection tester', 'tester'],
      ['Vault', 'vault'],
      ['Tokens', 'tokens'],
      ['Audit trail', 'audit'],
      ['Settings', 'settings'],
    ] as const) {
      await nav.getByRole('button', { name: button, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: button }).waitFor();
      await shot(page, name);
    }

    // Settings: Light overrides the dark system at once, and is kept in main.
    await page.getByRole('radio', { name: 'Light', exact: true }).check();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    assert.equal(await background(page), LIGHT_BG);
    await kept(desk, 'light');
    const stored = await invoke(page, 'settings.get', {});
    assert.equal((stored.value as { theme: string }).theme, 'light');
    // Main refuses a theme it does not know.
    const bad = await invoke(page, 'settings.update', { theme: 'sepia' });
    assert.equal(bad.error.code, 'bad-request');
    assert.match(bad.error.message, /system, light or dark/);

    // The next start (same data folder) opens light on a dark system, before the vault is unlocked.
    await page.getByRole('radio', { name: 'Dark', exact: true }).check();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await kept(desk, 'dark');
    await page.getByRole('radio', { name: 'Light', exact: true }).check();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    await kept(desk, 'light');
    assert.deepEqual(rendererErrors(page), []);
    const dataDirOfDesk = desk.dataDir;
    await page.close();

    const again = await openDeskApp(browser, { dataDir: dataDirOfDesk, outDir: tempDir() });
    await again.page.emulateMedia({ colorScheme: 'dark' });
    await again.page.getByRole('heading', { name: 'Unlock the vault' }).waitFor();
    await again.page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    assert.equal(await background(again.page), LIGHT_BG);
    // Back to the system's: dark again.
    await again.page.getByLabel('Master passphrase').fill(PASSPHRASE);
    await again.page.getByLabel('Master passphrase').press('Enter');
    await again.page.getByRole('button', { name: 'Settings' }).click();
    await again.page.getByRole('radio', { name: 'System (as the computer is set)' }).check();
    await again.page.waitForFunction(() => document.documentElement.dataset.theme === undefined);
    assert.equal(await background(again.page), DARK_BG);
    await kept(again.desk, 'system');
    assert.deepEqual(rendererErrors(again.page), []);
    await again.page.close();
  },
);
