// Errors at their fields: a refusal main makes (not only the page's own checks) is shown under the
// input it is about (aria-invalid, aria-describedby naming the sentence), with a short summary on
// top whose link moves the focus to that input; every disabled primary button says why. The
// forms: unlock, change passphrase, new onboarding, the wizard's subject, the tester (its URL and
// a PKCS#12 file's passphrase, decoded in main: the key never reaches the page).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import { it } from 'node:test';
import type { Locator, Page } from 'playwright';
import { tempDir } from '../helpers/tmp.js';
import { writePem } from '../helpers/tls-pki.js';
import { openDeskApp, rendererErrors, screenshot } from './bridge.js';
import { screenshotSizes } from './screens.js';
import { mtlsTestServer, openTester, testerFixtures } from './tester-setup.js';

const fixtures = testerFixtures();

/** The two checked sizes, and a 2560x1440 window (the layout uses the width, forms keep a measure). */
async function screenshotAllSizes(page: Page, name: string) {
  await screenshotSizes(page, name);
  const before = page.viewportSize();
  await page.setViewportSize({ width: 2560, height: 1440 });
  await screenshot(page, `${name}-2560x1440`);
  if (before) await page.setViewportSize(before);
}

/** The input is marked invalid, names the sentence under it, the summary links to it and the link focuses it. */
async function assertAtField(page: Page, input: Locator, sentence: RegExp, label: string) {
  await page.locator('.error-summary').waitFor();
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
  const messages = await Promise.all(
    describedBy
      .split(' ')
      .filter((id) => id !== '')
      .map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  assert.ok(
    messages.some((m) => sentence.test(m ?? '')),
    `${describedBy}: ${messages.join(' | ')}`,
  );
  const summary = page.locator('.error-summary');
  // The sentence is announced where it is shown: at the field.
  assert.equal(await page.getByRole('alert').filter({ hasText: sentence }).count(), 1);
  // The summary takes the focus as it appears, then its link moves it to the field.
  assert.equal(await summary.evaluate((el) => el === document.activeElement), true);
  await summary.getByRole('link', { name: label }).click();
  assert.equal(await input.evaluate((el) => el === document.activeElement), true);
}

it(
  'field errors: main’s refusals at their fields with a summary, on the vault, new onboarding and wizard forms',
  { timeout: 120_000 },
  async () => {
    const { page, desk } = await openDeskApp(fixtures.browser(), {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: async (d) => {
        await d.vault.init('the right passphrase');
        d.onboardings.create({ program: 'tsh-classic', identifier: 'CUST01', environment: 'prod' });
        d.onboardings.create({
          program: 'd1-ecom',
          identifier: 'MGW_000001',
          environment: 'preprod',
        });
        d.vault.lock();
      },
    });

    // Unlock: the reason beside the disabled button, then main's refusal at the field.
    await page.getByRole('heading', { name: 'Unlock the vault' }).waitFor();
    const unlock = page.getByRole('button', { name: 'Unlock' });
    assert.equal(await unlock.isDisabled(), true);
    const reasonId = await unlock.getAttribute('aria-describedby');
    assert.equal(
      await page.locator(`#${reasonId}`).textContent(),
      'Type the master passphrase first.',
    );
    const passphrase = page.getByLabel('Master passphrase');
    await passphrase.fill('not the passphrase');
    await unlock.click();
    await assertAtField(page, passphrase, /wrong master passphrase/, 'Master passphrase');
    await screenshotSizes(page, 'field-errors-unlock');
    assert.equal(desk.vault.status().unlocked, false);
    await passphrase.fill('the right passphrase');
    await unlock.click();
    await page.getByText('2 of 2 onboardings').waitFor();

    // New onboarding: one that already exists is refused by main, at the identifier.
    await page.getByRole('button', { name: 'New onboarding' }).click();
    await page.getByRole('radio', { name: /Classic Tokenization/ }).check();
    const create = page.getByRole('button', { name: 'Create onboarding' });
    assert.equal(await create.isDisabled(), true);
    await page.getByText('Type your customer identifier first.').waitFor();
    const identifier = page.getByLabel('Your customer identifier');
    await identifier.fill('CUST01');
    await page.getByRole('radio', { name: 'Production', exact: true }).check();
    await create.click();
    await assertAtField(page, identifier, /already exists/, 'Your customer identifier');
    await screenshotAllSizes(page, 'field-errors-new-onboarding');
    assert.equal(desk.onboardings.list().length, 2);
    await page.getByRole('button', { name: 'Cancel' }).click();

    // The wizard's subject: the page's check agrees with main's, so the request is changed on
    // its way (C=FR becomes "France"): main refuses it, and the page shows it at the country.
    await page.getByRole('button', { name: 'MGW_000001' }).click();
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    for (const [label, value] of [
      ['Country (C)', 'FR'],
      ['State or province (ST)', 'IDF'],
      ['Locality (L)', 'Paris'],
      ['Organization (O)', 'Acme'],
      ['Organizational unit (OU)', 'Ops'],
    ])
      await page.getByLabel(label, { exact: true }).fill(value);
    await page.route('**/ipc/identity.generate', (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}');
      body.subject.C = 'France';
      return route.continue({ postData: JSON.stringify(body) });
    });
    await page.getByRole('button', { name: 'Generate key and CSR' }).click();
    await assertAtField(
      page,
      page.getByLabel('Country (C)', { exact: true }),
      /two-letter ISO 3166 code/,
      'Country (C)',
    );
    await page.unroute('**/ipc/identity.generate');
    await screenshotAllSizes(page, 'field-errors-wizard-subject');
    assert.equal(desk.vault.keys().length, 0);

    // Change passphrase: a wrong current passphrase is refused at that field.
    await page.getByRole('button', { name: 'Vault', exact: true }).click();
    await page.getByLabel('Current master passphrase').fill('not it at all');
    await page.getByLabel('New master passphrase').fill('a brand new passphrase');
    await page.getByLabel('Repeat the new passphrase').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Change passphrase' }).click();
    await assertAtField(
      page,
      page.getByLabel('Current master passphrase'),
      /wrong current master passphrase/,
      'Current master passphrase',
    );
    await screenshotSizes(page, 'field-errors-change-passphrase');

    // Settings: the page checks the same ranges, so the value is changed on its way; main's schema
    // refuses it and the page shows it at the auto-lock field.
    await page.getByRole('button', { name: 'Settings' }).click();
    const autoLock = page.getByLabel('Lock the vault after this many idle minutes (0: never)');
    await autoLock.fill('15');
    await page.route('**/ipc/settings.update', (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}');
      body.autoLockMinutes = 100_000;
      return route.continue({ postData: JSON.stringify(body) });
    });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await assertAtField(
      page,
      autoLock,
      /^✕ the auto-lock time is at most \d+ minutes/,
      'Auto-lock',
    );
    await page.unroute('**/ipc/settings.update');
    await screenshotSizes(page, 'field-errors-settings');
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

it(
  'tester: a refused URL at its field; a PKCS#12 identity decoded in main, its wrong passphrase at the field',
  { timeout: 120_000 },
  async () => {
    const pki = fixtures.pki();
    const files = tempDir();
    const p12 = join(files, 'client.p12');
    execFileSync('openssl', [
      'pkcs12',
      '-export',
      '-in',
      writePem(files, 'client.pem', pki.client.certPem),
      '-inkey',
      writePem(files, 'client.key', pki.client.keyPem),
      '-passout',
      'pass:p12 secret',
      '-out',
      p12,
    ]);
    const server = await mtlsTestServer(pki);
    try {
      const { page, keys } = await openTester(fixtures.browser(), {
        passphrase: 'tester field passphrase',
        openAnswers: [p12, writePem(files, 'root.pem', pki.root.certPem)],
      });
      // The PKCS#12 key is watched like a vault key: it must never cross to the page.
      keys.watch('pkcs12', createPrivateKey(pki.client.keyPem));

      const url = page.getByLabel('URL');
      await url.fill('ftp://files.example.test/');
      await page.getByRole('button', { name: 'Run test' }).click();
      await assertAtField(page, url, /needs an https:\/\/ URL/, 'URL');
      await screenshotSizes(page, 'field-errors-tester-url');

      await url.fill(`https://localhost:${server.port}/`);
      await page.getByRole('radio', { name: 'From a PKCS#12 file' }).check();
      const run = page.getByRole('button', { name: 'Run test' });
      assert.equal(await run.isDisabled(), true);
      await page.getByText('Choose the PKCS#12 file.').waitFor();
      await page.getByRole('button', { name: 'Choose PKCS#12 file…' }).click();
      await page.getByText('client.p12').waitFor();
      await page.getByRole('button', { name: 'Trust a CA file…' }).click();
      await page.getByText('root.pem').waitFor();
      const p12Passphrase = page.getByLabel('PKCS#12 passphrase, if it has one');
      await p12Passphrase.fill('not the p12 secret');
      await run.click();
      await assertAtField(page, p12Passphrase, /passphrase|password/i, 'PKCS#12 passphrase');
      await screenshotSizes(page, 'field-errors-tester-pkcs12');

      await p12Passphrase.fill('p12 secret');
      await run.click();
      const result = page.getByRole('region', { name: 'Inbound test result' });
      await result.getByText(/Inbound test of .*: /).waitFor({ timeout: 30_000 });
      assert.equal(await result.locator('[data-diagnosis]').getAttribute('data-diagnosis'), 'ok');
      assert.equal(await page.locator('.error-summary').count(), 0);
      await screenshotAllSizes(page, 'tester-pkcs12-ok');
      assert.deepEqual(rendererErrors(page), []);
      await page.close();
    } finally {
      await server.close();
    }
  },
);
