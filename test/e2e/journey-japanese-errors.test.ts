// Errors and findings in Japanese: in the `ja` locale, a wrong unlock passphrase (main's refusal),
// a bad identifier in a new onboarding (the shared check the page runs), a Common Name finding in
// the identity step (a rule's finding, from its id and params) and a non-compliant import (main's
// refusal quoting its finding) each read in Japanese; screenshots in test-artifacts/ja/errors-*.
// Elements are found by what does not depend on the wording (roles of data, ids, attributes,
// the Ctrl+N shortcut), so the journey holds while the screens' own words are translated.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { ARTIFACTS, launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  mkdirSync(join(ARTIFACTS, 'ja'), { recursive: true });
});
after(() => browser?.close());

const PASSPHRASE = 'japanese errors passphrase';
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const shot = (page: Page, name: string) => screenshotSizes(page, `ja/errors-${name}`);

/** The text of an element once it says something in Japanese matching `pattern`. */
async function saysInJapanese(element: Locator, pattern: RegExp): Promise<string> {
  await element.filter({ hasText: pattern }).first().waitFor();
  const text = (await element.filter({ hasText: pattern }).first().textContent()) ?? '';
  assert.match(text, JAPANESE, text);
  return text;
}

/** An RSA 3072 key and its self-signed certificate: a key size tsh-classic does not accept. */
function rsa3072Identity(dir: string): { key: string; cert: string } {
  const key = join(dir, 'rsa3072.key');
  const cert = join(dir, 'rsa3072.pem');
  opensslOk([
    'req',
    '-x509',
    '-newkey',
    'rsa:3072',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '365',
    '-subj',
    '/CN=CUST03-PROD',
    '-nodes',
    '-sha256',
    '-addext',
    'extendedKeyUsage=clientAuth',
  ]);
  return { key, cert };
}

it(
  'errors and findings read in Japanese: unlock, new onboarding, the identity step, an import',
  { timeout: 120_000 },
  async () => {
    const files = tempDir();
    const rsa = rsa3072Identity(files);
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      locale: 'ja-JP',
      openAnswers: [rsa.key, rsa.cert],
      prepare: async (d) => {
        await d.vault.init(PASSPHRASE);
        d.onboardings.create({ program: 'tsh-classic', identifier: 'CUST03', environment: 'prod' });
        d.vault.lock();
      },
    });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');

    // A wrong master passphrase: main's refusal, said in Japanese at the field.
    const passphrase = page.locator('input[type="password"]').first();
    await passphrase.fill('not the passphrase');
    await passphrase.press('Enter');
    const unlockError = await saysInJapanese(page.locator('.field-error'), /マスターパスフレーズ/);
    assert.doesNotMatch(unlockError, /wrong master passphrase/);
    await shot(page, 'unlock');
    assert.equal(desk.vault.status().unlocked, false);
    await passphrase.fill(PASSPHRASE);
    await passphrase.press('Enter');
    await page.getByRole('button', { name: 'CUST03' }).waitFor();

    // A bad identifier in a new onboarding: the shared check, in Japanese under the field.
    await page.keyboard.press('Control+n');
    await page.locator('input[name="program"][value="tsh-classic"]').check();
    const identifier = page.locator('input[aria-describedby~="identifier-hint"]');
    await identifier.fill('bad id!');
    const hint = await saysInJapanese(page.locator('#identifier-hint'), /bad id!/);
    assert.doesNotMatch(hint, /is not valid/);
    await shot(page, 'new-onboarding');
    await page.locator('form .actions button[type="button"]').first().click();

    // The identity step: a Common Name longer than X.509 allows is a finding, said in Japanese
    // from its id and params (the lengths are its values).
    await page.getByRole('button', { name: 'CUST03' }).click();
    const cn = page.locator('input[id$="-cn"]');
    await cn.fill('C'.repeat(70));
    const finding = page.locator('[data-finding="cn-too-long"]');
    const said = await saysInJapanese(finding, /70/);
    assert.match(said, /64/);
    assert.doesNotMatch(said, /characters; X\.509 allows/);
    await shot(page, 'identity-cn');

    // A non-compliant import: an RSA 3072 key, refused by main with its finding, in Japanese.
    const existing = page.locator('section.existing-identity');
    const buttons = existing.locator('button');
    await buttons.nth(0).click();
    await existing.getByText('rsa3072.key').waitFor();
    await buttons.nth(1).click();
    await existing.getByText('rsa3072.pem').waitFor();
    await existing.locator('button[type="submit"]').click();
    const refused = await saysInJapanese(existing.locator('.field-error, .error-summary'), /3072/);
    assert.match(refused, /インポートされていません/);
    assert.doesNotMatch(refused, /Nothing was imported/);
    await shot(page, 'import');
    assert.equal(desk.vault.keys().length, 0, 'nothing was imported');
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
