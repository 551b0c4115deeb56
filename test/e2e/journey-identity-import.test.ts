// Journey: a tsh-classic onboarding whose client identity already exists (an OpenSSL key, encrypted,
// and its self-signed certificate). The person chooses the two files (main's open dialog), gets a
// wrong passphrase and a certificate made for another key said at their fields, then imports the
// right pair: the key goes into the vault and the step shows the certificate OpenSSL made.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

const PASSPHRASE = 'correct horse battery staple';

function opensslIdentity(dir: string, cn: string): { key: string; cert: string } {
  const key = join(dir, `${cn}.key`);
  const cert = join(dir, `${cn}.pem`);
  opensslOk([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '365',
    '-subj',
    `/CN=${cn}`,
    '-nodes',
    '-sha256',
    '-addext',
    'basicConstraints=critical,CA:FALSE',
    '-addext',
    'keyUsage=critical,digitalSignature',
    '-addext',
    'extendedKeyUsage=clientAuth',
  ]);
  return { key, cert };
}

it(
  'tsh-classic: an existing key and certificate imported in the identity step',
  { timeout: 90_000 },
  async () => {
    const files = tempDir();
    const mine = opensslIdentity(files, 'CUST02-PREPROD');
    const other = opensslIdentity(files, 'SOMEONE-ELSE');
    const encrypted = join(files, 'client-enc.key');
    opensslOk([
      'pkcs8',
      '-topk8',
      '-in',
      mine.key,
      '-out',
      encrypted,
      '-v2',
      'aes-256-cbc',
      '-passout',
      'pass:key file pass',
    ]);
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      openAnswers: [encrypted, other.cert, mine.cert],
    });

    await page.getByRole('heading', { name: 'Create the vault' }).waitFor();
    await page.getByLabel('Master passphrase').fill(PASSPHRASE);
    await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByText('No onboarding yet').waitFor();
    await page.getByRole('button', { name: 'New onboarding' }).click();
    await page.getByRole('radio', { name: /Classic Tokenization/ }).check();
    await page.getByLabel('Your customer identifier').fill('CUST02');
    await page.getByRole('radio', { name: 'Pre-Production' }).check();
    await page.getByRole('button', { name: 'Create onboarding' }).click();
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();

    const existing = page.locator('section.existing-identity');
    await existing
      .getByRole('heading', { name: 'Or use an existing key and certificate' })
      .waitFor();
    const importButton = existing.getByRole('button', { name: 'Import key and certificate' });
    assert.equal(await importButton.isDisabled(), true);
    await existing
      .getByText('Choose the private key file and its certificate file first.')
      .waitFor();
    await existing.getByRole('button', { name: 'Choose private key…' }).click();
    await existing.getByText('client-enc.key').waitFor();
    await existing.getByRole('button', { name: 'Choose certificate…' }).click();
    await existing.getByText('SOMEONE-ELSE.pem').waitFor();

    // A wrong passphrase: said at the passphrase field.
    const passphrase = existing.getByLabel('Key passphrase, if encrypted');
    await passphrase.fill('not the pass');
    await importButton.click();
    await existing.locator('[aria-invalid="true"]').first().waitFor();
    assert.equal(await passphrase.getAttribute('aria-invalid'), 'true');
    await screenshotSizes(page, 'identity-import-1-wrong-passphrase');

    // The right passphrase, a certificate of another key: said at the certificate.
    await passphrase.fill('key file pass');
    await importButton.click();
    await existing.getByText(/was not made from the private key in client-enc\.key/).waitFor();
    assert.equal(
      await existing
        .getByRole('button', { name: 'Choose certificate…' })
        .getAttribute('aria-invalid'),
      'true',
    );
    await screenshotSizes(page, 'identity-import-2-mismatch');
    assert.equal(desk.vault.keys().length, 0, 'nothing was stored');

    // The certificate made for the key: imported, the key into the vault.
    await existing.getByRole('button', { name: 'Choose certificate…' }).click();
    await existing.getByText('CUST02-PREPROD.pem').waitFor();
    await importButton.click();
    await page.getByTestId('final-cn').getByText('CUST02-PREPROD').waitFor();
    await page.getByText(/Key EC P-256 \(prime256v1\) imported and kept in the vault/).waitFor();
    await screenshotSizes(page, 'identity-import-3-done');
    const keys = desk.vault.keys();
    assert.equal(keys.length, 1);
    assert.equal(keys[0].origin, 'imported');
    const html = await page.content();
    assert.doesNotMatch(html, /PRIVATE KEY/, 'no key material in the window');
    assert.deepEqual(rendererErrors(page), []);
  },
);
