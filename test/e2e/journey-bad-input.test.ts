// Journey 4: bad input gets a clear message and nothing is saved. A wrong vault passphrase, a
// subject that breaks the program's rules (the same pure rules as the CLI, live in the form), and
// a foreign certificate pasted as a Thales asset.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, pemOf, type TestPki } from '../helpers/tls-pki.js';
import { invoke, launchChromium, openDeskApp, rendererErrors, screenshot } from './bridge.js';
import { screenshotSizes } from './screens.js';
import { saveAssetLabel } from '../../shared/asset-words.js';

let browser: Browser;
let pki: TestPki;
/** A real CSR, made with OpenSSL. */
const csrPem = execFileSync(
  'openssl',
  [
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    '/dev/null',
    '-subj',
    '/CN=CSR test',
  ],
  { encoding: 'utf8', timeout: 20_000 },
);
before(async () => {
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
});
after(() => browser?.close());

it(
  'wrong passphrase, non-compliant subject, foreign Thales asset: clear messages, nothing saved',
  { timeout: 90_000 },
  async () => {
    const dataDir = tempDir();
    const { page, desk } = await openDeskApp(browser, {
      dataDir,
      outDir: tempDir(),
      prepare: async (d) => {
        await d.vault.init('the right passphrase');
        d.onboardings.create({
          program: 'd1-ecom',
          identifier: 'MGW_000009',
          environment: 'preprod',
        });
        d.onboardings.create({
          program: 'tsh-classic',
          identifier: 'CUST9',
          environment: 'preprod',
        });
        d.vault.lock();
      },
    });
    const auditBefore = desk.audit.entries().length;

    // Wrong vault passphrase: the message says so, the vault stays locked.
    await page.getByRole('heading', { name: 'Unlock the vault' }).waitFor();
    await page.getByLabel('Master passphrase').fill('not the passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /wrong|passphrase/i);
    await screenshot(page, 'bad-0-wrong-passphrase');
    assert.equal(desk.vault.status().unlocked, false);
    assert.equal(desk.vault.keys().length, 0);
    await page.getByLabel('Master passphrase').fill('the right passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('2 of 2 onboardings').waitFor();

    // Non-compliant subject (D1): a country that is not an ISO code, an organization too long.
    await page.getByRole('button', { name: 'MGW_000009' }).click();
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    for (const [label, value] of [
      ['Country (C)', 'France'],
      ['State or province (ST)', 'IDF'],
      ['Locality (L)', 'Paris'],
      ['Organization (O)', 'A'.repeat(65)],
      ['Organizational unit (OU)', 'Ops'],
    ]) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    const checks = page.getByRole('list', { name: 'Subject checks' });
    await checks.getByText('the country "France" is not a two-letter ISO 3166 code').waitFor();
    await checks
      .getByText('What to do: write the country as two capital letters, e.g. C=FR or C=US.')
      .waitFor();
    await checks
      .getByText('the organization (O) is 65 characters; X.509 allows at most 64')
      .waitFor();
    assert.equal(
      await page.getByRole('button', { name: 'Generate key and CSR' }).isDisabled(),
      true,
    );
    // Forcing the request past the form: main refuses it with the same rule, and stores nothing.
    const forced = await invoke(page, 'identity.generate', {
      onboardingId: 'd1-ecom/MGW_000009/preprod',
      operationId: 'op-forced',
      algorithm: 'ec-p256',
      subject: { C: 'France', ST: 'IDF', L: 'Paris', O: 'Acme', OU: 'Ops' },
    });
    assert.equal(forced.ok, false);
    assert.match(forced.error.message, /two-letter ISO 3166 code/);
    await screenshot(page, 'bad-1-subject');
    assert.equal(desk.vault.keys().length, 0);
    assert.equal(
      desk.onboardings.list().every((o) => desk.onboardings.get(o.id).current === null),
      true,
    );

    // A server chain from another CA than the documented one (tsh-classic: DigiCert) is a
    // warning to confirm with Thales; given without its intermediate, it is refused.
    await page.getByRole('button', { name: 'Onboardings' }).click();
    await page.getByRole('button', { name: 'CUST9' }).click();
    await page.getByRole('button', { name: /2\. Thales assets/ }).click();
    await page
      .getByRole('textbox', { name: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN' })
      .fill(pemOf(pki.otherServer, pki.otherCa));
    const assetChecks = page.getByRole('list', {
      name: 'Checks of the Thales server certificate chain',
    });
    await assetChecks.getByText(/not from DigiCert SHA2 High Assurance Server CA/).waitFor();
    assert.equal(
      await page
        .getByRole('button', { name: saveAssetLabel('TSH_TLS_SERVER_CERTIFICATE_CHAIN') })
        .isDisabled(),
      false,
    );
    await page
      .getByRole('textbox', { name: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN' })
      .fill(pki.otherServer.certPem);
    await assetChecks.getByText(/an intermediate is missing/).waitFor();
    assert.equal(
      await page
        .getByRole('button', { name: saveAssetLabel('TSH_TLS_SERVER_CERTIFICATE_CHAIN') })
        .isDisabled(),
      true,
    );
    // A private key pasted where a certificate belongs is cleared from the box at once and
    // explained in one sentence tied to the box.
    const clientBox = page.getByRole('textbox', { name: 'TSH_TLS_CLIENT_CERTIFICATE' });
    const clientAsset = page.locator('[data-asset="TSH_TLS_CLIENT_CERTIFICATE"]');
    await clientBox.fill(pki.client.keyPem);
    await clientAsset
      .getByRole('alert')
      .getByText(/That was a private key/)
      .waitFor();
    assert.equal(await clientBox.inputValue(), '');
    assert.equal(await clientBox.getAttribute('aria-invalid'), 'true');
    const problemId = await clientBox.getAttribute('aria-describedby');
    assert.match((await page.locator(`[id="${problemId}"]`).textContent()) ?? '', /private key/);
    await screenshot(page, 'bad-2-foreign-asset');
    await screenshotSizes(page, 'bad-input-private-key-cleared');
    // A CSR is recognised the same way.
    await clientBox.fill(csrPem);
    await clientAsset
      .getByRole('alert')
      .getByText(/certificate signing request \(CSR\)/)
      .waitFor();
    assert.equal(await clientBox.inputValue(), '');
    // A DER .cer opened with "Open file…" is read as bytes and checked like its PEM.
    const chooser = page.waitForEvent('filechooser');
    await clientAsset.getByRole('button', { name: 'Open file…' }).click();
    await (
      await chooser
    ).setFiles({
      name: 'client.cer',
      mimeType: 'application/pkix-cert',
      buffer: Buffer.from(pki.client.cert.rawData),
    });
    await clientAsset.getByText('CN=CUST01-PREPROD').first().waitFor();
    assert.match(await clientBox.inputValue(), /^-----BEGIN CERTIFICATE-----/);
    assert.equal(await clientBox.getAttribute('aria-invalid'), null);
    await screenshotSizes(page, 'bad-input-der-opened');
    await clientBox.fill('');
    const forcedAsset = await invoke(page, 'asset.save', {
      onboardingId: 'tsh-classic/CUST9/preprod',
      asset: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
      text: pki.otherServer.certPem,
    });
    assert.equal(forcedAsset.ok, false);
    assert.match(forcedAsset.error.message, /was not saved: the chain ends at/);
    assert.deepEqual(desk.onboardings.get('tsh-classic/CUST9/preprod').record.assets, {});

    // The audit trail holds the failed unlock and the unlock, and nothing was made or imported.
    const actions = desk.audit
      .entries()
      .slice(auditBefore)
      .map((e) => e.action);
    assert.deepEqual(
      actions.filter((a) => !a.startsWith('vault.')),
      [],
    );
    assert.ok(actions.includes('vault.unlock-failed'));
    assert.deepEqual(
      rendererErrors(page).filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
    await page.close();
  },
);
