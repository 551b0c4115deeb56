// Keyboard-only use and accessible names: the new-onboarding form and the client identity step
// completed with Tab, arrows, typing and Enter only (no clicks), and on every screen visited each
// interactive control has an accessible name, read from Chromium's own accessibility tree.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright';
import { tempDir } from '../helpers/tmp.js';
import { launchChromium, openDeskApp, rendererErrors, screenshot } from './bridge.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

/** Roles a person operates; each needs a name a screen reader can say. */
const INTERACTIVE = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'spinbutton',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'switch',
  'slider',
  'tab',
  'menuitem',
  'DisclosureTriangle',
]);

interface AxNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  backendDOMNodeId?: number;
}

/** Every interactive control on the page with its computed accessible name (Chromium's accessibility tree). */
async function controls(page: Page): Promise<Array<{ role: string; name: string }>> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    return nodes
      .filter((n) => !n.ignored && n.role && INTERACTIVE.has(n.role.value))
      .map((n) => ({ role: n.role!.value, name: (n.name?.value ?? '').trim() }));
  } finally {
    await cdp.detach();
  }
}

async function assertAllNamed(page: Page, screen: string, atLeast: number): Promise<void> {
  const found = await controls(page);
  assert.ok(
    found.length >= atLeast,
    `${screen}: expected at least ${atLeast} controls, found ${found.length}`,
  );
  const unnamed = found.filter((c) => c.name === '');
  assert.deepEqual(unnamed, [], `${screen}: controls without an accessible name`);
}

type Role = Parameters<Page['getByRole']>[0];

/** Tab (bounded) until the control with this role and name has the focus: proves it is reachable by keyboard. */
async function tabTo(
  page: Page,
  role: Role,
  name: string | RegExp,
  backwards = false,
): Promise<void> {
  await tabToControl(
    page,
    page.getByRole(role, { name, exact: typeof name === 'string' }),
    backwards,
  );
}

async function tabToControl(page: Page, target: Locator, backwards = false): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  assert.fail(`${target} is not reachable with ${backwards ? 'Shift+Tab' : 'Tab'}`);
}

it(
  'new onboarding and the client identity step by keyboard only, every control named',
  { timeout: 90_000 },
  async () => {
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: async (d) => {
        await d.vault.init('keyboard journey passphrase');
      },
    });
    await page.getByText('No onboarding yet').waitFor();
    await assertAllNamed(page, 'home', 8);

    // Home -> New onboarding.
    await tabTo(page, 'button', 'New onboarding');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New onboarding' }).waitFor();
    await assertAllNamed(page, 'new onboarding', 8);

    // Program: into the radio group (its checked radio takes the focus), arrows to Merchant Tokenization.
    const merchant = page.getByRole('radio', { name: /Merchant Tokenization/ });
    await tabToControl(
      page,
      page.getByRole('group', { name: 'Thales program' }).getByRole('radio', { checked: true }),
    );
    for (let i = 0; i < 4 && !(await merchant.isChecked()); i++)
      await page.keyboard.press('ArrowDown');
    assert.equal(await merchant.isChecked(), true);
    assert.equal(await merchant.evaluate((el) => el === document.activeElement), true);
    await tabTo(page, 'textbox', /^Your customer identifier/);
    await page.keyboard.type('MERCH7');
    // Environment: the first is checked; the arrow moves to the next one.
    await tabTo(page, 'radio', 'Sandbox');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByRole('radio', { name: 'Production' }).isChecked(), true);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getByRole('radio', { name: 'Sandbox' }).isChecked(), true);
    await tabTo(page, 'button', 'Create onboarding');
    await page.keyboard.press('Enter');

    // Client identity step: algorithm by arrows, the CN typed, generated with Enter.
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    await assertAllNamed(page, 'client identity form', 8);
    await screenshot(page, 'keyboard-1-identity-form');
    await tabTo(page, 'radio', 'EC P-256 (prime256v1) (recommended)');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByRole('radio', { name: 'EC P-384 (secp384r1)' }).isChecked(), true);
    await tabTo(page, 'textbox', /^Common Name \(CN\), exactly as/);
    await page.keyboard.type('MERCH7-SANDBOX');
    await tabTo(page, 'button', 'Generate key and self-signed certificate');
    await page.keyboard.press('Enter');
    await page.getByText(/Key EC P-384 \(secp384r1\) generated and kept in the vault/).waitFor();
    const [onboarding] = desk.onboardings.list();
    assert.equal(onboarding.id, 'tmg-merchant/MERCH7/sandbox');
    assert.equal(desk.onboardings.get(onboarding.id).current!.commonName, 'MERCH7-SANDBOX');
    await assertAllNamed(page, 'client identity done', 8);

    // The next step by keyboard too; and the other screens' controls are all named.
    await tabTo(page, 'button', 'Next step');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Thales assets', level: 2 }).waitFor();
    await assertAllNamed(page, 'Thales assets', 8);
    for (const screen of ['Vault', 'Settings', 'Connection tester', 'Audit trail', 'Onboardings']) {
      await tabTo(page, 'button', screen, true);
      await page.keyboard.press('Enter');
      await page
        .getByRole('heading', {
          name: screen === 'Connection tester' ? /tester/i : screen,
          level: 1,
        })
        .waitFor();
      await assertAllNamed(page, screen, 5);
    }
    await screenshot(page, 'keyboard-2-home');
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
