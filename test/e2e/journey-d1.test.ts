// Journey 2: d1-ecom Pre-Production. The CSR (CN built from the template and shown before anything is
// made), then the certificate a test CA standing in for Thales signs from it, imported and matched
// to the key, then the OAuth signing key (JWK shown, Thales's confirmation recorded), then the export. OpenSSL checks the CSR, the signed certificate and the bundle.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, pemOf, writePem, type TestPki } from '../helpers/tls-pki.js';
import { launchChromium, openDeskApp, rendererErrors, screenshot } from './bridge.js';
import { screenshotSizes } from './screens.js';
import { saveAssetLabel } from '../../shared/asset-words.js';

let browser: Browser;
let pki: TestPki;
before(async () => {
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
});
after(() => browser?.close());

it(
  'd1-ecom Pre-Production: CSR, certificate signed by a test CA imported and matched, export',
  { timeout: 90_000 },
  async () => {
    const dataDir = tempDir();
    const outDir = tempDir();
    const work = tempDir();
    const { page, desk, saved } = await openDeskApp(browser, {
      dataDir,
      outDir,
      prepare: async (d) => {
        await d.vault.init('d1 vault passphrase');
      },
    });

    await page.getByRole('button', { name: 'New onboarding' }).click();
    await page.getByRole('radio', { name: /D1 eCom Enablement/ }).check();
    await page.getByLabel('Your merchantGatewayId').fill('MGW_123456');
    await page.getByRole('radio', { name: 'Pre-Production' }).check();
    await page.getByRole('button', { name: 'Create onboarding' }).click();

    // a. Client identity: RSA 2048 is not offered; the CN comes from the template.
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    assert.equal(await page.getByRole('radio', { name: 'RSA 2048' }).count(), 0);
    // The final CN comes first, big and read-only; the template waits under "Advanced".
    const finalCn = page.getByTestId('final-cn');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=final-cn]')?.textContent ===
        'TLSMA-ECDSA/MGW_123456-PPR',
    );
    assert.equal(await finalCn.evaluate((e) => e.tagName), 'OUTPUT', 'read-only');
    assert.match(
      (await page.getByTestId('cn-layout').textContent())!,
      /^Layout not confirmed: confirm it with your Thales representative/,
    );
    assert.equal(await page.getByLabel('Common Name template').isVisible(), false);
    await page.getByText('Advanced: the Common Name template').click();
    assert.equal(
      await page.getByLabel('Common Name template').inputValue(),
      'TLSMA-{keyType}/{identifier}-{envCode}',
    );
    await page.getByRole('radio', { name: 'RSA 4096' }).check();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=final-cn]')?.textContent ===
        'TLSMA-RSA/MGW_123456-PPR',
    );
    await page.getByRole('radio', { name: 'EC P-256 (prime256v1) (recommended)' }).check();
    for (const [label, value] of [
      ['Country (C)', 'FR'],
      ['State or province (ST)', 'Ile-de-France'],
      ['Locality (L)', 'Paris'],
      ['Organization (O)', 'Acme Payments'],
      ['Organizational unit (OU)', 'Gateway'],
    ]) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    await page
      .getByText(
        /final Common Name: TLSMA-ECDSA\/MGW_123456-PPR \(layout not confirmed with Thales\)\. Thales enforces/,
      )
      .waitFor();
    // The caution is said once on the screen (in the subject checks, not again beside the template).
    assert.equal(await page.getByText(/Thales enforces the Common Name/).count(), 1);
    await screenshotSizes(page, 'd1-1-identity-form');
    await page.getByRole('button', { name: 'Generate key and CSR' }).click();
    await page.getByText('Certificate signing request for').waitFor();
    await screenshot(page, 'd1-1-identity-done');

    const [onboarding] = desk.onboardings.list();
    const csrPem = desk.onboardings.get(onboarding.id).current!.csr!.pem;
    const csrFile = writePem(work, 'client.csr', csrPem);
    opensslOk(['req', '-in', csrFile, '-verify', '-noout']);
    assert.match(
      opensslOk(['req', '-in', csrFile, '-noout', '-subject', '-nameopt', 'RFC2253']),
      /CN=TLSMA-ECDSA\/MGW_123456-PPR,OU=Gateway,O=Acme Payments,L=Paris,ST=Ile-de-France,C=FR/,
    );

    // The next action at once: send the CSR to the Thales representative; Save…, the fingerprint.
    const next = page.getByTestId('next-panel');
    await next
      .getByRole('heading', { name: 'Next: send the CSR to your Thales representative' })
      .waitFor();
    await screenshotSizes(page, 'd1-1-next-panel');
    assert.deepEqual(await page.locator('.step button.primary').allTextContents(), [
      'Save the CSR…',
    ]);
    await next.getByRole('button', { name: 'Save the CSR…' }).click();
    await next.getByText(/^Saved to /).waitFor();
    const savedCsr = saved.at(-1)!;
    assert.match(savedCsr, /d1-ecom-MGW_123456-preprod-CUSTOMER_CSR\.pem$/);
    assert.equal(readFileSync(savedCsr, 'utf8').trim(), csrPem.trim());
    const csrDer = join(work, 'client.csr.der');
    opensslOk(['req', '-in', savedCsr, '-outform', 'DER', '-out', csrDer]);
    const digest = opensslOk(['dgst', '-sha256', '-r', csrDer]).split(' ')[0].toUpperCase();
    assert.equal(
      await next.getByTestId('identity-fingerprint').textContent(),
      digest.match(/.{2}/g)!.join(':'),
      'the SHA-256 OpenSSL computes over the CSR DER',
    );

    // The test CA standing in for the Thales CA signs the CSR for 5 years.
    const caFile = writePem(work, 'thales-ca.pem', pki.clientCa.certPem);
    const caKey = writePem(work, 'thales-ca.key', pki.clientCa.keyPem);
    const ext = writePem(
      work,
      'client.ext',
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
    );
    const signedFile = join(work, 'signed.pem');
    opensslOk([
      'x509',
      '-req',
      '-in',
      csrFile,
      '-CA',
      caFile,
      '-CAkey',
      caKey,
      '-set_serial',
      '0x5eed',
      '-days',
      '1825',
      '-sha256',
      '-extfile',
      ext,
      '-out',
      signedFile,
    ]);

    // b. Import what Thales signed: matched to the key and checked.
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('heading', { name: 'Thales-signed certificate', level: 2 }).waitFor();
    await page
      .getByLabel('Certificate signed by Thales (PEM or DER file)')
      .fill(readFileSync(signedFile, 'utf8'));
    await page.getByRole('button', { name: 'Import signed certificate' }).click();
    await page.getByText('Imported and matched to your key:').waitFor();
    await screenshot(page, 'd1-2-signed-imported');
    assert.equal(
      await page.getByRole('button', { name: /2\. Thales-signed certificate: done/ }).count(),
      1,
    );

    // b2. OAuth 2.0: the signing key made in the vault, its public JWK and kid shown to copy,
    // Thales's confirmation recorded.
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('heading', { name: 'OAuth', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Generate the OAuth signing key' }).click();
    const jwkBox = page.getByRole('textbox', { name: 'Public JWK' });
    await jwkBox.waitFor();
    const jwk = JSON.parse(await jwkBox.inputValue()) as Record<string, string>;
    assert.deepEqual(Object.keys(jwk).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    assert.equal(
      await page.getByRole('textbox', { name: 'kid', exact: true }).inputValue(),
      jwk.kid,
    );
    assert.equal(await page.getByRole('button', { name: 'Copy Public JWK' }).count(), 1);
    await page.getByRole('checkbox', { name: /Thales confirmed the key and kid/ }).check();
    await page.getByRole('button', { name: /3\. OAuth: done/ }).waitFor();
    await screenshot(page, 'd1-2b-oauth');

    // c. Thales assets (D1 shares them during onboarding).
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('textbox', { name: 'THALES_CLIENT_CA' }).fill(pki.clientCa.certPem);
    await page.getByRole('button', { name: saveAssetLabel('THALES_CLIENT_CA') }).click();
    await page.getByRole('textbox', { name: 'TSH_INBOUND_HOST' }).fill('d1.thales.test/api/v1/');
    await page.getByRole('button', { name: saveAssetLabel('TSH_INBOUND_HOST') }).click();
    await page.getByText('Saved: d1.thales.test/api/v1/').waitFor();
    await screenshot(page, 'd1-3-thales-assets');

    // d. Your server.
    await page.getByRole('button', { name: 'Next step' }).click();
    await page
      .getByRole('textbox', { name: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN' })
      .fill(pemOf(pki.otherServer, pki.otherCa));
    await page
      .getByRole('button', { name: saveAssetLabel('CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN') })
      .click();
    await page.getByText('Saved: 2 certificate(s) from pasted text').waitFor();
    await page.getByRole('textbox', { name: 'ISSUER_HOST' }).fill('gateway.example.com/d1/');
    await page.getByRole('button', { name: saveAssetLabel('ISSUER_HOST') }).click();
    await page.getByText('Saved: gateway.example.com/d1/').waitFor();
    // The server's configuration: the Thales Client CA only, TLS 1.2 and 1.3, the host saved above.
    const nginxConfig = page.getByRole('region', { name: "Your server's configuration" });
    const shown = await nginxConfig.getByLabel('nginx configuration').textContent();
    assert.match(shown!, /server_name gateway\.example\.com;/);
    assert.match(shown!, /ssl_protocols\s+TLSv1\.2 TLSv1\.3;/);
    assert.match(shown!, /ssl_verify_client\s+on;/);
    assert.match(shown!, /ssl_client_certificate .*THALES_CLIENT_CA\.pem;/);
    await nginxConfig.getByRole('radio', { name: 'HAProxy' }).check();
    assert.match(
      (await nginxConfig.getByLabel('HAProxy configuration').textContent())!,
      /verify required ssl-min-ver TLSv1\.2 ssl-max-ver TLSv1\.3/,
    );
    await screenshot(page, 'd1-4-your-server');

    // f. Export: the bundle (CSR, server chain, host; never a key) and the signed chain.
    await page.getByRole('button', { name: /7\. Export/ }).click();
    await page.getByRole('button', { name: 'Save portal bundle…' }).click();
    await page.getByText('Bundle saved to').waitFor();
    const files = unzipSync(new Uint8Array(readFileSync(saved.find((p) => p.endsWith('.zip'))!)));
    assert.deepEqual(Object.keys(files).sort(), [
      'CHECKLIST.md',
      'CUSTOMER_CSR.pem',
      'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN.pem',
      'ISSUER_HOST.txt',
      'OAUTH_SIGNING_PUBLIC_KEY.crt.pem',
      'OAUTH_SIGNING_PUBLIC_KEY.jwk.json',
      'OAUTH_SIGNING_PUBLIC_KEY.pem',
      'apache-thales-mtls.conf',
      'haproxy-thales-mtls.cfg',
      'manifest.json',
      'nginx-thales-mtls.conf',
    ]);
    assert.deepEqual(
      JSON.parse(Buffer.from(files['OAUTH_SIGNING_PUBLIC_KEY.jwk.json']).toString()),
      jwk,
    );
    assert.equal(Buffer.from(files['CUSTOMER_CSR.pem']).toString(), csrPem);
    const bundledCsr = writePem(
      work,
      'bundled.csr',
      Buffer.from(files['CUSTOMER_CSR.pem']).toString(),
    );
    opensslOk(['req', '-in', bundledCsr, '-verify', '-noout']);
    // The export step is done; the completion card says where the bundle goes (no portal for D1).
    const completion = page.getByTestId('completion');
    await completion
      .getByText('Once you have sent the bundle to your Thales representative.')
      .waitFor();
    assert.equal(
      await page.getByRole('button', { name: /^7\. Export/ }).getAttribute('aria-label'),
      '7. Export: done',
    );
    for (const [name, data] of Object.entries(files))
      assert.doesNotMatch(Buffer.from(data).toString('latin1'), /PRIVATE KEY/, name);

    await page.getByLabel('Format').selectOption('chain');
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByText(/Saved to .*chain\.pem/).waitFor();
    const chainFile = saved.find((p) => p.endsWith('chain.pem'))!;
    assert.match(
      opensslOk(['verify', '-CAfile', caFile, '-purpose', 'sslclient', chainFile]),
      /OK/,
    );
    writeFileSync(join(work, 'exported-leaf.pem'), readFileSync(chainFile));
    assert.equal(
      opensslOk(['x509', '-in', chainFile, '-noout', '-fingerprint', '-sha256']),
      opensslOk(['x509', '-in', signedFile, '-noout', '-fingerprint', '-sha256']),
    );
    await screenshot(page, 'd1-5-export');
    // The way back: Home, where the onboarding's export step shows done.
    await page.getByTestId('completion').getByRole('button', { name: 'Back to Home' }).click();
    await page.getByRole('button', { name: 'New onboarding' }).waitFor();
    assert.equal(desk.onboardings.list()[0].steps.export, 'done');
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
