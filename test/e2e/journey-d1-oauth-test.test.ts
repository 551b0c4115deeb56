// Journey: a D1 onboarding taken in the app from key to a passing live test that ends with an
// authorized API call. The CSR made in the app is signed by a test CA standing in for Thales and
// imported; the OAuth signing key is made in the app and its public JWK registered with a D1-like
// token server (test/helpers/oauth-server.ts, which verifies the assertion with its own JOSE code);
// the Thales assets point at that server; the Test step's waterfall shows the OAuth steps (access
// token, authorized API call) passing, and the server saw exactly that.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import { startTokenServer, type TokenServer } from '../helpers/oauth-server.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, pemOf, writePem, type TestPki } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import { launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { screenshotSizes } from './screens.js';
import { saveAssetLabel } from '../../shared/asset-words.js';

// Made at load time: the helper closes its server after the whole file.
const pki: TestPki = await createTestPki();
const server: TokenServer = await startTokenServer({
  cert: pemOf(pki.amazonServer, pki.amazonCa),
  key: pki.amazonServer.keyPem,
  ca: pki.clientCa.certPem,
});
let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

it(
  'd1-ecom: key, signed certificate, OAuth key, assets, and a passing test ending with an authorized API call',
  { timeout: 120_000 },
  async () => {
    const work = tempDir();
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      dns: testDns,
      prepare: async (d) => {
        await d.vault.init('d1 oauth journey passphrase');
      },
    });
    await page.getByRole('button', { name: 'New onboarding' }).click();
    await page.getByRole('radio', { name: /D1 eCom Enablement/ }).check();
    await page.getByLabel('Your merchantGatewayId').fill('MGW_123456');
    await page.getByRole('radio', { name: 'Pre-Production' }).check();
    await page.getByRole('button', { name: 'Create onboarding' }).click();

    // 1. The client key and CSR, made in the app.
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    for (const [label, value] of [
      ['Country (C)', 'FR'],
      ['State or province (ST)', 'Ile-de-France'],
      ['Locality (L)', 'Paris'],
      ['Organization (O)', 'Acme Payments'],
      ['Organizational unit (OU)', 'Gateway'],
    ]) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    await page.getByRole('button', { name: 'Generate key and CSR' }).click();
    await page.getByText('Certificate signing request for').waitFor();

    // 2. The test CA standing in for the Thales CA signs it; imported and matched.
    const id = 'd1-ecom/MGW_123456/preprod';
    const csrFile = writePem(work, 'client.csr', desk.onboardings.get(id).current!.csr!.pem);
    const signedFile = join(work, 'signed.pem');
    opensslOk([
      'x509',
      '-req',
      '-in',
      csrFile,
      '-CA',
      writePem(work, 'ca.pem', pki.clientCa.certPem),
      '-CAkey',
      writePem(work, 'ca.key', pki.clientCa.keyPem),
      '-set_serial',
      '0x0a17',
      '-days',
      '365',
      '-sha256',
      '-extfile',
      writePem(
        work,
        'client.ext',
        'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
      ),
      '-out',
      signedFile,
    ]);
    await page.getByRole('button', { name: 'Next step' }).click();
    await page
      .getByLabel('Certificate signed by Thales (PEM or DER file)')
      .fill(readFileSync(signedFile, 'utf8'));
    await page.getByRole('button', { name: 'Import signed certificate' }).click();
    await page.getByText('Imported and matched to your key:').waitFor();

    // 3. The OAuth signing key, made in the app; its public JWK is what Thales registers.
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('button', { name: 'Generate the OAuth signing key' }).click();
    const jwkBox = page.getByRole('textbox', { name: 'Public JWK' });
    await jwkBox.waitFor();
    const jwk = JSON.parse(await jwkBox.inputValue()) as Record<string, string>;
    server.rules.keys = new Map([[jwk.kid, jwk]]);
    await page.getByRole('checkbox', { name: /Thales confirmed the key and kid/ }).check();

    // 4. The Thales assets: its client CA, the endpoint (the test server), its server chain.
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('textbox', { name: 'THALES_CLIENT_CA' }).fill(pki.clientCa.certPem);
    await page.getByRole('button', { name: saveAssetLabel('THALES_CLIENT_CA') }).click();
    const endpoint = `api.thales.test:${server.port}/d1/api/ping`;
    await page.getByRole('textbox', { name: 'TSH_INBOUND_HOST' }).fill(endpoint);
    await page.getByRole('button', { name: saveAssetLabel('TSH_INBOUND_HOST') }).click();
    await page.getByText(`Saved: ${endpoint}`).waitFor();
    await page
      .getByRole('textbox', { name: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN' })
      // With its root: the test root is no system root, and the OAuth requests' TLS (Node's
      // OpenSSL) builds the path to a self-signed anchor only.
      .fill(pemOf(pki.amazonServer, pki.amazonCa, pki.root));
    await page
      .getByRole('button', { name: saveAssetLabel('TSH_TLS_SERVER_CERTIFICATE_CHAIN') })
      .click();
    await page.getByText('Saved: 3 certificate(s) from pasted text').first().waitFor();

    // 6. The live test: mTLS, then the token (client assertion) and one authorized API call.
    await page.getByRole('button', { name: /6\. Test/ }).click();
    await page.getByRole('button', { name: 'Run inbound test (you → Thales)' }).click();
    const result = page.getByRole('region', { name: 'Inbound test result' });
    await result.getByRole('heading').waitFor({ timeout: 30_000 });
    await screenshotSizes(page, 'd1-oauth-test-passed');
    assert.match((await result.getByRole('heading').textContent())!, /: passed$/);
    const waterfall = result.getByRole('list', { name: 'Steps and timings' });
    for (const [step, title] of [
      ['tls', 'TLS handshake'],
      ['http', 'Application round trip'],
      ['oauth-token', 'OAuth access token'],
      ['oauth-api', 'Authorized API call'],
    ]) {
      const row = waterfall.locator(`li[data-step="${step}"]`);
      assert.equal(await row.locator('.name').textContent(), title);
      assert.equal(await row.locator('.status').textContent(), 'pass', step);
    }
    // The server issued a token for the assertion it verified, and the API accepted it.
    assert.equal(server.assertions.length, 1);
    assert.equal(server.issued.length, 1);
    const html = await page.content();
    assert.ok(!html.includes(server.issued[0]), 'the access token is not shown');
    assert.ok(!html.includes(server.assertions[0]), 'the assertion is not shown');
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
