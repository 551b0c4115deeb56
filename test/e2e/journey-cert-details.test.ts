// A certificate's "Details" disclosure, in the identity step (the client certificate the app made)
// and the Thales assets step (the server chain imported): what it shows equals what OpenSSL reads
// from the same certificate, taken from the inventory (fingerprints, SANs, key usage, extended key
// usage, serial, basic constraints, key), and the fingerprint's copy button copies it.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Locator } from 'playwright';
import { canonicalSans, opensslDetails, type OpensslDetails } from '../helpers/openssl-details.js';
import { tempDir } from '../helpers/tmp.js';
import { D1_SUBJECT, makeCa, signCsr } from '../integration/desk-fixtures.js';
import { createTestPki, pemOf, type TestPki } from '../helpers/tls-pki.js';
import { launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
let pki: TestPki;
before(async () => {
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
});
after(() => browser?.close());

/** The detail view's rows as shown, in OpenSSL's terms (the serial without leading zero bytes, "not a CA" as CA:FALSE). */
async function shownDetails(details: Locator): Promise<OpensslDetails> {
  const row = async (key: string) =>
    ((await details.locator(`[data-detail="${key}"] dd`).textContent()) ?? '').trim();
  const fingerprint = async (key: string) =>
    (await details.locator(`[data-detail="${key}"] dd .mono`).textContent())!.trim();
  const constraints = await row('basic-constraints');
  return {
    sha256: await fingerprint('sha256'),
    sha1: await fingerprint('sha1'),
    serial: (await row('serial')).replace(/^(00)+(?=.)/, ''),
    san: canonicalSans(await row('san')),
    keyUsage: await row('key-usage'),
    extendedKeyUsage: await row('extended-key-usage'),
    basicConstraints: constraints === 'not a CA' ? 'CA:FALSE' : constraints,
    publicKey: await row('public-key'),
  };
}

it(
  'certificate details: the client certificate and the imported server certificate read as OpenSSL reads them',
  { timeout: 60_000 },
  async () => {
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: async (d) => {
        await d.vault.init('certificate details passphrase');
        const { id } = d.onboardings.create({
          program: 'tsh-classic',
          identifier: 'DETAILS1',
          environment: 'preprod',
        });
        await d.identity.generate({
          onboardingId: id,
          algorithm: 'ec-p256',
          commonName: 'DETAILS1-CN',
        });
        await d.assets.import({
          onboardingId: id,
          as: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
          data: pemOf(pki.server, pki.digicertCa, pki.root),
          source: 'test',
        });
      },
    });
    await page.setViewportSize({ width: 1024, height: 700 });
    const [row] = desk.onboardings.list();
    const record = desk.onboardings.get(row.id).record;
    const clientPem = record.identities.at(-1)!.certificate!.pem;
    const serverPem = record.assets.TSH_TLS_SERVER_CERTIFICATE_CHAIN!.certificates[0].pem;

    await page.getByRole('button', { name: 'DETAILS1', exact: true }).click();
    await page.getByRole('button', { name: /^1\. Client identity/ }).click();
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    const clientDetails = page.locator('.certificates .certificate-details').first();
    await clientDetails.getByText('Details', { exact: true }).click();
    const client = await shownDetails(clientDetails);
    const clientOpenssl = opensslDetails(clientPem);
    assert.deepEqual(client, clientOpenssl);
    assert.match(clientOpenssl.extendedKeyUsage, /TLS Web Client Authentication/);
    // Validity: human dates, the exact time on hover.
    const validity = clientDetails.locator('[data-detail="validity"] time');
    assert.equal(await validity.count(), 2);
    assert.match((await validity.nth(1).getAttribute('title')) ?? '', /\d{2}:\d{2}:\d{2}/);
    // The fingerprint's copy button copies it.
    await clientDetails.getByRole('button', { name: 'Copy SHA-256 fingerprint' }).click();
    await clientDetails.getByText('Copied.').waitFor();
    await screenshotSizes(page, 'cert-details-1-client');

    await page.getByRole('button', { name: /^2\. Thales assets/ }).click();
    await page.getByRole('heading', { name: 'Thales assets', level: 2 }).waitFor();
    const asset = page.locator('[data-asset="TSH_TLS_SERVER_CERTIFICATE_CHAIN"]');
    const serverDetails = asset.locator('.certificates .certificate-details').first();
    await serverDetails.getByText('Details', { exact: true }).click();
    const server = await shownDetails(serverDetails);
    const serverOpenssl = opensslDetails(serverPem);
    assert.deepEqual(server, serverOpenssl);
    assert.match(serverOpenssl.san, /DNS:api\.thales\.test/);
    assert.match(serverOpenssl.san, /IP Address:/);
    // The CA certificates of the chain have their details too.
    assert.equal(await asset.locator('.certificates .certificate-details').count(), 3);
    await screenshotSizes(page, 'cert-details-2-server');
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

it(
  'certificate details: the D1 certificate Thales signed reads as OpenSSL reads it',
  { timeout: 60_000 },
  async () => {
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: async (d) => {
        await d.vault.init('certificate details passphrase');
        const { id } = d.onboardings.create({
          program: 'd1-ecom',
          identifier: 'MGW_123456',
          environment: 'preprod',
        });
        const generated = await d.identity.generate({
          onboardingId: id,
          algorithm: 'ec-p256',
          subject: D1_SUBJECT,
        });
        const ca = await makeCa('CN=Thales Test Business CA,O=Thales');
        const signed = await signCsr(generated.identity.csr!.pem, ca);
        await d.assets.import({
          onboardingId: id,
          as: 'signed-certificate',
          data: signed.toString('pem') + '\n' + ca.pem,
          source: 'signed.pem',
        });
      },
    });
    await page.setViewportSize({ width: 1024, height: 700 });
    const [row] = desk.onboardings.list();
    const signedPem = desk.onboardings.get(row.id).record.identities.at(-1)!.certificate!.pem;

    await page.getByRole('button', { name: 'MGW_123456', exact: true }).click();
    await page.getByRole('button', { name: /^2\. Thales-signed certificate/ }).click();
    await page.getByRole('heading', { name: 'Thales-signed certificate', level: 2 }).waitFor();
    const details = page.locator('.certificates .certificate-details').first();
    await details.getByText('Details', { exact: true }).click();
    const expected = opensslDetails(signedPem);
    assert.deepEqual(await shownDetails(details), expected);
    assert.equal(
      ((await details.locator('[data-detail="issuer"] dd').textContent()) ?? '').trim(),
      'CN=Thales Test Business CA, O=Thales',
    );
    await screenshotSizes(page, 'cert-details-3-d1-signed');
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
