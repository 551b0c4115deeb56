// The wizard's client identity and D1 OAuth steps in the pseudo-locale and in Japanese. en-XA:
// every state of the identity step (the TSH self-signed form with a validity out of range, the D1
// CSR form with its subject findings and the Common Name layout, a generated identity with its
// renewal table, the import of an existing key and certificate into a D1 onboarding, the OAuth
// step before and after its key is made) shows only catalogue text besides data, and nothing
// overflows. The D1 import is shown as what it is: the key and the certificate the Thales CA
// signed, with its PEM (not an empty CSR). ja: the same states photographed at both sizes in
// test-artifacts/ja/identity-*, with no English sentence left; then a TMG Sandbox self-signed
// identity made with Japanese subject values, printed back unchanged by OpenSSL.
//
// Not this file's to convert, so left out of the text check as data: the wizard's frame (step
// title, rail, Back/Next, partial bundle), the findings' sentences and the certificate list
// (renderer/components/common.tsx), the panel after the identity is made (next-panel.tsx), and
// sentences main writes (data-from-main). Data: names (data-name), the program profile's own texts
// (data-program-text: Japanese from the profile's fields in ja), dates from Intl (data-intl), ids.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { Desk } from '../../electron/services/desk.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { ARTIFACTS, launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { pseudoChecker } from './pseudo.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  mkdirSync(join(ARTIFACTS, 'pseudo'), { recursive: true });
  mkdirSync(join(ARTIFACTS, 'ja'), { recursive: true });
});
after(() => browser?.close());

const PASSPHRASE = 'pseudo identity passphrase';
const STEP = '.step[data-step="identity"]';
const OAUTH = '.step[data-step="oauth"]';
/** What the identity and OAuth steps show that is data or another area's text (see above). */
const DATA = [
  '.step > h2',
  '.step-nav',
  '.partial-bundle',
  '.findings',
  '.certificates',
  '.next-panel',
  '.mono',
  '[data-from-main]',
  '[data-file-name]',
  '[data-name]',
  '[data-program-text]',
  '[data-intl]',
  'pre',
];

/**
 * A D1 client identity made outside the app: an EC P-256 key (PKCS#8 PEM) and its certificate
 * signed by a stand-in Thales CA, from a CSR with the D1 subject.
 */
function d1IdentityFiles(dir: string, identifier: string): { key: string; cert: string } {
  const ca = join(dir, 'ca');
  opensslOk([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${ca}.key`,
    '-out',
    `${ca}.pem`,
    '-days',
    '3650',
    '-subj',
    '/O=Thales/CN=Thales Test Business CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const key = join(dir, `${identifier}.key`);
  const csr = join(dir, `${identifier}.csr`);
  const cert = join(dir, `${identifier}.pem`);
  opensslOk([
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-sha256',
    '-subj',
    `/C=FR/ST=IDF/L=Paris/O=Acme Payments/OU=Gateway/CN=TLSMA-ECDSA\\/${identifier}-PPR`,
  ]);
  const ext = join(dir, 'client.ext');
  writeFileSync(
    ext,
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
  );
  opensslOk([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    '1825',
    '-sha256',
    '-extfile',
    ext,
  ]);
  return { key, cert };
}

/** Onboardings in every state the steps have; returns nothing the page needs. */
async function fill(desk: Desk): Promise<void> {
  await desk.vault.init(PASSPHRASE);
  desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'TSHFORM',
    environment: 'preprod',
  });
  desk.onboardings.create({ program: 'd1-ecom', identifier: 'MGW_000001', environment: 'preprod' });
  desk.onboardings.create({ program: 'd1-ecom', identifier: 'MGW_000002', environment: 'preprod' });
  const made = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'TSHMADE',
    environment: 'preprod',
  });
  await desk.identity.generate({
    onboardingId: made.id,
    algorithm: 'ec-p256',
    commonName: 'TSHMADE-PREPROD',
    days: 400,
  });
  await desk.identity.renew({ onboardingId: made.id, days: 400 });
}

async function openOnboarding(page: Page, home: RegExp | string, identifier: string) {
  await page
    .getByRole('navigation', { name: /Main|メイン/ })
    .getByRole('button', { name: home })
    .click();
  await page.getByRole('button', { name: identifier, exact: true }).click();
  // The wizard opens on the first step not done: the identity step is the rail's first.
  await page.locator('.rail li:first-child button').click();
  await page.locator(STEP).waitFor();
}

/** The states, in the order both languages go through them; `at(name)` checks or photographs one. */
async function walkStates(
  page: Page,
  at: (name: string, selector: string) => Promise<void>,
  words: {
    home: RegExp | string;
    advanced: RegExp | string;
    validity: RegExp | string;
    chooseKey: RegExp | string;
    chooseCertificate: RegExp | string;
    importButton: RegExp | string;
    signed: RegExp | string;
    generateOAuth: RegExp | string;
    country: RegExp | string;
  },
): Promise<void> {
  // TSH: the self-signed form, a validity out of range said at its field.
  await openOnboarding(page, words.home, 'TSHFORM');
  await page.locator(`${STEP} form.step-body`).waitFor();
  await page.getByLabel(words.validity).fill('9999');
  await page.locator('#validity-problem').waitFor();
  await at('identity-tsh-form', STEP);

  // D1: the CSR form, the subject findings live, the Common Name layout under Advanced.
  await openOnboarding(page, words.home, 'MGW_000001');
  await page.locator(`${STEP} [data-testid="final-cn"]`).waitFor();
  await page.getByLabel(words.country).fill('France');
  await page.locator(`${STEP} .findings li`).first().waitFor();
  await page.locator(`${STEP} details.advanced summary`).click();
  await page.locator('[data-testid="confirmed-layout"]').waitFor();
  assert.ok(await page.getByText(words.advanced).first().isVisible());
  await at('identity-d1-form', STEP);

  // D1: the OAuth step, before and after its signing key is made.
  await page.locator('.rail button').filter({ hasText: /OAuth/ }).click();
  await page.locator(OAUTH).waitFor();
  await page.getByRole('button', { name: words.generateOAuth }).waitFor();
  await at('identity-oauth-empty', OAUTH);
  await page.getByRole('button', { name: words.generateOAuth }).click();
  await page.locator(`${OAUTH} textarea`).waitFor();
  await at('identity-oauth-key', OAUTH);

  // A generated identity, renewed once: the identity in use and the renewal table.
  await openOnboarding(page, words.home, 'TSHMADE');
  await page.locator(STEP).waitFor();
  await page.locator(`${STEP} table tbody tr`).nth(1).waitFor();
  await at('identity-generated', STEP);

  // D1: an existing key and the certificate the Thales CA signed, chosen, then imported.
  await openOnboarding(page, words.home, 'MGW_000002');
  const existing = page.locator('section.existing-identity');
  await existing.getByRole('button', { name: words.chooseKey }).click();
  await existing.locator('[data-file-name]').first().waitFor();
  await existing.getByRole('button', { name: words.chooseCertificate }).click();
  await existing.locator('[data-file-name]').nth(1).waitFor();
  await at('identity-import', STEP);
  await existing.getByRole('button', { name: words.importButton }).click();
  await page.getByText(words.signed).waitFor();
  // Shown as what it is: the key with its Thales-signed certificate, the PEM a certificate's.
  assert.equal(
    await page.locator(`${STEP} [data-testid="final-cn"]`).textContent(),
    'TLSMA-ECDSA/MGW_000002-PPR',
  );
  const pem = (await page.locator(`${STEP} details pre`).textContent()) ?? '';
  assert.match(pem, /^-----BEGIN CERTIFICATE-----/);
  assert.equal(await page.locator(`${STEP} .certificates li`).count(), 1);
  assert.equal(await page.locator(`${STEP} .next-panel`).count(), 0, 'no CSR to hand over');
  // The step is done (no CSR is needed), and so is the signed-certificate step.
  await page.locator('.rail li:first-child.done').waitFor();
  await page.locator('.rail li:nth-child(2).done').waitFor();
  await at('identity-d1-imported', STEP);
}

it(
  'pseudo-locale: every state of the identity and OAuth steps shows only catalogue text, nothing overflows',
  { timeout: 240_000 },
  async () => {
    const files = d1IdentityFiles(tempDir(), 'MGW_000002');
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      locale: 'en-XA',
      prepare: fill,
      openAnswers: [files.key, files.cert],
    });
    await page.getByRole('navigation', { name: /Main/ }).waitFor();
    const { problems, check } = pseudoChecker(page);
    await walkStates(page, (name, selector) => check(name, selector, DATA), {
      home: /^⟦Onboardings·+⟧$/,
      advanced: /⟦Advanced: the Common Name template·+⟧/,
      validity: /⟦Certificate validity in days/,
      chooseKey: /^⟦Choose private key…·+⟧$/,
      chooseCertificate: /^⟦Choose certificate…·+⟧$/,
      importButton: /^⟦Import key and certificate·+⟧$/,
      signed: /⟦Client certificate signed by the Thales CA for/,
      generateOAuth: /^⟦Generate the OAuth signing key·+⟧$/,
      country: /⟦Country \(C\)/,
    });
    assert.deepEqual(problems, []);
    assert.equal(desk.vault.keys().filter((k) => k.origin === 'imported').length, 1);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

/** Latin words of a screen's text that are not names kept as they are (programs, assets, algorithms). */
async function englishLeft(page: Page, selector: string): Promise<string[]> {
  const text = await page.evaluate(
    ([sel, data]) => {
      const clone = document.querySelector(sel)!.cloneNode(true) as HTMLElement;
      for (const e of data.flatMap((d) => [...clone.querySelectorAll(d)])) e.remove();
      clone.style.position = 'absolute';
      clone.style.left = '-99999px';
      document.body.append(clone);
      const visible = clone.innerText;
      clone.remove();
      return visible;
    },
    [selector, DATA] as const,
  );
  const kept =
    /^(Thales|D1|eCom|Enablement|Classic|Tokenization|TSH|TMG|CSR|CA|PEM|DER|PKCS|OAuth|JWK|kid|ES256|iss|sub|RFC|URL|API|PIN|ID|EC|P|SHA|ECDSA|RSA|TLSMA|keyType|identifier|envCode|prime256v1|secp384r1|OAUTH_SIGNING_PUBLIC_KEY|jwk|json|Ctrl|mTLS|TLS|Desk|pfx|p12|C|ST|L|O|OU|CN)$/;
  return [...text.matchAll(/[A-Za-z][A-Za-z0-9_]*/g)].map((m) => m[0]).filter((w) => !kept.test(w));
}

it(
  'Japanese: the identity and OAuth steps photographed at both sizes, no English left',
  { timeout: 240_000 },
  async () => {
    const files = d1IdentityFiles(tempDir(), 'MGW_000002');
    const { page } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      locale: 'ja-JP',
      prepare: fill,
      openAnswers: [files.key, files.cert],
    });
    await page.getByRole('navigation', { name: 'メイン' }).waitFor();
    const left: string[] = [];
    await walkStates(
      page,
      async (name, selector) => {
        for (const word of await englishLeft(page, selector)) left.push(`${name}: ${word}`);
        await screenshotSizes(page, `ja/${name}`);
      },
      {
        home: 'オンボーディング',
        advanced: '詳細設定：コモンネームのテンプレート',
        validity: /証明書の有効期間/,
        chooseKey: '秘密鍵を選択…',
        chooseCertificate: '証明書を選択…',
        importButton: '鍵と証明書をインポート',
        signed: /Thales CA が署名した/,
        generateOAuth: 'OAuth 署名鍵を生成',
        country: '国 (C)',
      },
    );
    assert.deepEqual(left, []);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

it(
  'Japanese: a TMG Sandbox self-signed identity with Japanese subject values, printed back unchanged by OpenSSL',
  { timeout: 120_000 },
  async () => {
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      locale: 'ja-JP',
      prepare: async (d) => {
        await d.vault.init(PASSPHRASE);
        d.onboardings.create({
          program: 'tmg-merchant',
          identifier: 'JACUST01',
          environment: 'sandbox',
        });
      },
    });
    await page.getByRole('navigation', { name: 'メイン' }).waitFor();
    await openOnboarding(page, 'オンボーディング', 'JACUST01');
    const subject = {
      C: 'JP',
      ST: '東京都',
      L: '千代田区',
      O: '株式会社テスト決済',
      OU: 'トークン化推進部',
    };
    await page.getByLabel(/^コモンネーム \(CN\)：/).fill('JACUST01-SANDBOX');
    await page.getByLabel('国 (C)（任意）').fill(subject.C);
    await page.getByLabel('都道府県・州 (ST)（任意）').fill(subject.ST);
    await page.getByLabel('市区町村 (L)（任意）').fill(subject.L);
    await page.getByLabel('組織名 (O)（任意）').fill(subject.O);
    await page.getByLabel('部署名 (OU)（任意）').fill(subject.OU);
    await page.getByText('最終的なコモンネーム：JACUST01-SANDBOX').waitFor();
    await screenshotSizes(page, 'ja/identity-tmg-japanese-subject');
    await page.getByRole('button', { name: '鍵と自己署名証明書を生成' }).click();
    await page.getByText(/の鍵を生成し、保管庫に保管しました/).waitFor();
    await page.getByText('JACUST01-SANDBOX の自己署名クライアント証明書').waitFor();
    await screenshotSizes(page, 'ja/identity-tmg-generated');

    const o = desk.onboardings.list().find((x) => x.identifier === 'JACUST01')!;
    const pem = desk.onboardings.get(o.id).record.identities[0].certificate!.pem;
    // The page shows the same certificate it made.
    assert.equal(
      ((await page.locator(`${STEP} details pre`).textContent()) ?? '').trim(),
      pem.trim(),
    );
    const file = join(tempDir(), 'ja.pem');
    writeFileSync(file, pem);
    const printed = opensslOk(['x509', '-in', file, '-noout', '-subject', '-nameopt', 'utf8']);
    assert.equal(
      printed.trim(),
      `subject=C=${subject.C}, ST=${subject.ST}, L=${subject.L}, O=${subject.O}, OU=${subject.OU}, CN=JACUST01-SANDBOX`,
    );
    opensslOk(['verify', '-CAfile', file, '-partial_chain', file]);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
