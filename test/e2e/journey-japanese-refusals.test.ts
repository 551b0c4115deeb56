// Refusals of bad input in Japanese: in the `ja` locale, a damaged PKCS#12 file imported with a
// wrong passphrase (main's refusal from the PKCS#12 reader), and in a certificate box a private key
// (the box's own refusal), text that is no certificate and 1,001 BEGIN lines (main's live check,
// from the decoder and the input limits) each read in Japanese, the English sentence nowhere;
// screenshots at both sizes in test-artifacts/ja/refusals-*. Elements are found by what does not
// depend on the wording (ids, data attributes, roles, the Japanese catalogue).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { ARTIFACTS, launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { englishLeft, sayKey } from './japanese.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  mkdirSync(join(ARTIFACTS, 'ja'), { recursive: true });
});
after(() => browser?.close());

const PASSPHRASE = 'japanese refusals passphrase';
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const shot = (page: Page, name: string) => screenshotSizes(page, `ja/refusals-${name}`);

/** The text of an element once it says something matching `pattern`: Japanese, no English left. */
async function saysInJapanese(page: Page, element: Locator, pattern: RegExp): Promise<string> {
  const match = element.filter({ hasText: pattern }).first();
  await match.waitFor();
  const text = (await match.textContent()) ?? '';
  assert.match(text, JAPANESE, text);
  const id = await match.evaluate((e) => {
    e.id ||= `said-${Math.random().toString(36).slice(2)}`;
    return e.id;
  });
  assert.deepEqual(await englishLeft(page, `[id="${id}"]`), [], text);
  return text;
}

/** An EC key, its certificate, and a PKCS#12 file of the two whose inner length is broken. */
function identityFiles(dir: string): { keyPem: string; damagedP12: string } {
  const key = join(dir, 'client.key');
  const cert = join(dir, 'client.pem');
  const p12 = join(dir, 'client.p12');
  opensslOk([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-subj',
    '/CN=CUST04-PREPROD',
    '-days',
    '30',
  ]);
  opensslOk([
    'pkcs12',
    '-export',
    '-inkey',
    key,
    '-in',
    cert,
    '-passout',
    'pass:right',
    '-out',
    p12,
  ]);
  // The AuthenticatedSafe's length (offset 32 in what OpenSSL writes) made 256 bytes too long.
  const bytes = readFileSync(p12);
  assert.deepEqual([...bytes.subarray(30, 32)], [0x30, 0x82]);
  bytes[32] += 1;
  const damagedP12 = join(dir, 'damaged.p12');
  writeFileSync(damagedP12, bytes);
  return { keyPem: readFileSync(key, 'utf8'), damagedP12 };
}

it(
  'bad input refused in Japanese: a damaged PKCS#12 import, a key, junk and 1,001 BEGIN lines in a certificate box',
  { timeout: 120_000 },
  async () => {
    const files = identityFiles(tempDir());
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      locale: 'ja-JP',
      openAnswers: [files.damagedP12],
      prepare: async (d) => {
        await d.vault.init(PASSPHRASE);
        d.onboardings.create({
          program: 'tsh-classic',
          identifier: 'CUST04',
          environment: 'preprod',
        });
        d.vault.lock();
      },
    });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
    const passphrase = page.locator('input[type="password"]').first();
    await passphrase.fill(PASSPHRASE);
    await passphrase.press('Enter');
    await page.getByRole('button', { name: 'CUST04' }).click();

    // A damaged PKCS#12 file with a wrong passphrase: the PKCS#12 reader's refusal, in Japanese,
    // naming the file; nothing is imported.
    const existing = page.locator('section.existing-identity');
    await existing.locator('input[name="existing-kind"]').nth(1).check();
    await existing
      .getByRole('button', { name: sayKey('ja', 'identity.import.choosePkcs12') })
      .click();
    await existing.getByText('damaged.p12').waitFor();
    await existing.locator('input[type="password"]').fill('not the password');
    await existing.locator('button[type="submit"]').click();
    const damaged = await saysInJapanese(
      page,
      existing.locator('.field-error, .error-summary-general'),
      /damaged\.p12/,
    );
    assert.match(damaged, /破損しているか、途中で切れています/);
    assert.doesNotMatch(damaged, /is damaged or truncated/);
    await shot(page, 'pkcs12-damaged');
    assert.equal(desk.vault.keys().length, 0, 'nothing was imported');

    // The Thales assets step: its certificate boxes.
    await page.locator('nav ol.rail li').nth(1).getByRole('button').click();
    const asset = page.locator('[data-asset="TSH_TLS_CLIENT_CERTIFICATE"]');
    const box = asset.locator('textarea');
    const problem = asset.locator('.certificate-box [role="alert"]');

    // A private key pasted: cleared at once, the box's own refusal in Japanese.
    await box.fill(files.keyPem);
    const key = await saysInJapanese(page, problem, /秘密鍵/);
    assert.doesNotMatch(key, /That was a private key/);
    assert.equal(await box.inputValue(), '');
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    await shot(page, 'box-private-key');

    // Text that is no certificate: the decoder's refusal from main's live check, the paste named
    // in Japanese.
    await box.fill('this is not a certificate');
    const junk = await saysInJapanese(page, problem, /貼り付けたテキスト/);
    assert.match(junk, /PEM、DER、PKCS#7/);
    assert.doesNotMatch(junk, /pasted text/);
    await shot(page, 'box-not-pem');

    // 1,001 BEGIN lines: refused by count before any block is read, the numbers formatted.
    await box.fill('-----BEGIN CERTIFICATE-----\n'.repeat(1001));
    const many = await saysInJapanese(page, problem, /1,001/);
    assert.match(many, /1,000 行/);
    assert.doesNotMatch(many, /mTLS Desk reads from one input/);
    await shot(page, 'box-too-many');

    assert.deepEqual(desk.onboardings.get('tsh-classic/CUST04/preprod').record.assets, {});
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
