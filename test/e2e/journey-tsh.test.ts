// Journey 1: tsh-classic Pre-Production, from an empty vault to an exported portal bundle and a
// passing inbound test against a loopback server that pins the certificate the app generated.
// Real renderer in Debian's Chromium, real main handlers, real vault, real TLS; OpenSSL checks
// every file produced.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, pemOf, type TestPki } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import { startNodeTlsServer } from '../helpers/tls-servers.js';
import { launchChromium, openDeskApp, rendererErrors, screenshot } from './bridge.js';
import { screenshotSizes } from './screens.js';
import { saveAssetLabel } from '../../shared/asset-words.js';

let browser: Browser;
let pki: TestPki;
before(async () => {
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
});
after(() => browser?.close());

const PASSPHRASE = 'correct horse battery staple';

it(
  'tsh-classic Pre-Production: empty vault to bundle and a passing inbound test',
  { timeout: 90_000 },
  async () => {
    const dataDir = tempDir();
    const outDir = tempDir();
    const { page, desk, saved } = await openDeskApp(browser, { dataDir, outDir, dns: testDns });

    // Vault: first use.
    await page.getByRole('heading', { name: 'Create the vault' }).waitFor();
    await page.getByLabel('Master passphrase').fill(PASSPHRASE);
    await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByText('No onboarding yet').waitFor();
    await screenshot(page, 'tsh-0-home-empty');

    // New onboarding, by keyboard where it matters.
    await page.getByRole('button', { name: 'New onboarding' }).click();
    await page.getByRole('radio', { name: /Classic Tokenization/ }).check();
    await page.getByLabel('Your customer identifier').fill('CUST01');
    await page.getByRole('radio', { name: 'Pre-Production' }).check();
    await page.getByRole('button', { name: 'Create onboarding' }).press('Enter');

    // a. Client identity: EC P-256 preselected, the exact CN from the portal, live lint.
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    assert.equal(
      await page.getByRole('radio', { name: 'EC P-256 (prime256v1) (recommended)' }).isChecked(),
      true,
    );
    assert.equal(
      await page.getByRole('radio', { name: 'RSA 4096' }).count(),
      0,
      'only what the program allows',
    );
    await page.getByText('the subject has no Common Name (CN)').waitFor();
    assert.equal(
      await page
        .getByRole('button', { name: 'Generate key and self-signed certificate' })
        .isDisabled(),
      true,
    );
    await page.getByLabel(/Common Name \(CN\), exactly as/).fill('CUST01-PREPROD');
    await page.getByText('Final Common Name: CUST01-PREPROD').waitFor();
    await screenshot(page, 'tsh-1-identity-form');
    await page.getByRole('button', { name: 'Generate key and self-signed certificate' }).click();
    await page.getByText(/Key EC P-256 \(prime256v1\) generated and kept in the vault/).waitFor();
    await screenshot(page, 'tsh-1-identity-done');

    // The next action at once: register it with Thales; Save…, Copy, the fingerprint with its copy.
    const next = page.getByTestId('next-panel');
    await next.getByRole('heading', { name: 'Next: register it with Thales' }).waitFor();
    await next.getByText('CUSTOMER_TLS_CLIENT_CERTIFICATE', { exact: true }).waitFor();
    await screenshotSizes(page, 'tsh-1-next-panel');
    // The most prominent button after the first key is Save, not Renew.
    assert.deepEqual(await page.locator('.step button.primary').allTextContents(), [
      'Save the certificate…',
    ]);
    await next.getByRole('button', { name: 'Save the certificate…' }).click();
    await next.getByText(/^Saved to /).waitFor();
    const savedCert = saved.at(-1)!;
    assert.match(savedCert, /tsh-classic-CUST01-preprod-CUSTOMER_TLS_CLIENT_CERTIFICATE\.pem$/);
    assert.match(
      opensslOk(['x509', '-in', savedCert, '-noout', '-subject']),
      /CN ?= ?CUST01-PREPROD/,
    );
    const fingerprint = (await next.getByTestId('identity-fingerprint').textContent())!;
    const opensslFingerprint = opensslOk([
      'x509',
      '-in',
      savedCert,
      '-noout',
      '-fingerprint',
      '-sha256',
    ])
      .split('=')[1]
      .trim();
    assert.equal(fingerprint, opensslFingerprint, 'the fingerprint OpenSSL computes');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await next.getByRole('button', { name: 'Copy the certificate (PEM)' }).click();
    await next.getByText('Copied.').first().waitFor();
    assert.equal(
      (await page.evaluate(() => navigator.clipboard.readText())).trim(),
      readFileSync(savedCert, 'utf8').trim(),
    );
    await next.getByRole('button', { name: 'Copy the SHA-256 fingerprint' }).click();
    await page.waitForFunction(
      (f) => navigator.clipboard.readText().then((t) => t === f),
      fingerprint,
    );

    const [onboarding] = desk.onboardings.list();
    const identity = desk.onboardings.get(onboarding.id);
    const certificatePem = identity.current!.certificate!.pem;
    const certFile = join(outDir, 'generated.pem');
    writeFileSync(certFile, certificatePem);
    assert.match(
      opensslOk(['x509', '-in', certFile, '-noout', '-subject']),
      /CN ?= ?CUST01-PREPROD/,
    );
    assert.match(
      opensslOk(['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', certFile, certFile]),
      /OK/,
    );

    // The Thales side for this test: a loopback server that pins exactly the generated certificate.
    const server = await startNodeTlsServer({
      key: pki.server.keyPem,
      cert: pemOf(pki.server, pki.digicertCa),
      ca: [certificatePem],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      host: '127.0.0.1',
    });

    // c. Thales assets, each checked on entry.
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('heading', { name: 'Thales assets', level: 2 }).waitFor();
    await page
      .getByText('https://portal.dbp.thalescloud.io/app-tsh-onboarding/index.html#/', {
        exact: true,
      })
      .waitFor();
    // Plain-language headings, the portal name as a small tag beside each.
    await page
      .getByRole('heading', {
        name: 'Thales server certificate chain TSH_TLS_SERVER_CERTIFICATE_CHAIN',
      })
      .waitFor();
    assert.equal(
      await page.locator('[data-asset=TSH_TLS_CLIENT_CERTIFICATE] h3 .tag').textContent(),
      'TSH_TLS_CLIENT_CERTIFICATE',
    );
    await screenshotSizes(page, 'tsh-2-thales-assets');
    const chain = page.getByRole('textbox', { name: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN' });
    await chain.fill(pemOf(pki.server, pki.digicertCa, pki.root));
    await page
      .getByRole('button', { name: saveAssetLabel('TSH_TLS_SERVER_CERTIFICATE_CHAIN') })
      .click();
    await page.getByText('Saved: 3 certificate(s) from pasted text').waitFor();
    // The Thales client certificate with its chain: the app offers to keep its issuing CA as
    // THALES_CLIENT_CA (what your server trusts), never the leaf.
    const clientField = page.getByRole('textbox', { name: 'TSH_TLS_CLIENT_CERTIFICATE' });
    await clientField.fill(pemOf(pki.client, pki.clientCa));
    await page
      .locator('[data-asset="TSH_TLS_CLIENT_CERTIFICATE"]')
      .getByText(/your server must trust the CA that issued this certificate/)
      .waitFor();
    await page.getByRole('button', { name: 'Save its issuing CA as the Thales Client CA' }).click();
    await page.getByText(/Saved the issuing CA as the Thales Client CA/).waitFor();
    await page
      .locator('[data-asset="THALES_CLIENT_CA"]')
      .getByText('Saved: 1 certificate(s) from pasted text')
      .waitFor();
    assert.deepEqual(
      desk.onboardings
        .get('tsh-classic/CUST01/preprod')
        .record.assets.THALES_CLIENT_CA!.certificates.map((c) => c.subject),
      ['CN=Test Thales Client CA, O=Thales Tests'],
    );
    await clientField.fill(pki.client.certPem);
    await page.getByRole('button', { name: saveAssetLabel('TSH_TLS_CLIENT_CERTIFICATE') }).click();
    await page
      .locator('[data-asset="TSH_TLS_CLIENT_CERTIFICATE"]')
      .getByText('Saved: 1 certificate(s) from pasted text')
      .waitFor();
    await page
      .getByRole('textbox', { name: 'TSH_INBOUND_HOST' })
      .fill(`api.thales.test:${server.port}/api/`);
    await page.getByRole('button', { name: saveAssetLabel('TSH_INBOUND_HOST') }).click();
    await page.getByText(`Saved: api.thales.test:${server.port}/api/`).waitFor();
    await screenshot(page, 'tsh-2-thales-assets');

    // d. Your server.
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('heading', { name: 'Your server', level: 2 }).waitFor();
    await page
      .getByRole('textbox', { name: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN' })
      .fill(pemOf(pki.otherServer, pki.otherCa));
    await page
      .getByRole('button', { name: saveAssetLabel('CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN') })
      .click();
    await page.getByText('Saved: 2 certificate(s) from pasted text').waitFor();
    await page.getByRole('textbox', { name: 'ISSUER_HOST' }).fill('issuer.example.com/thales/');
    await page.getByRole('button', { name: saveAssetLabel('ISSUER_HOST') }).click();
    await page.getByText('Saved: issuer.example.com/thales/').waitFor();
    await screenshot(page, 'tsh-3-your-server');

    // e. Test: the inbound test passes against the pinning server.
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('button', { name: 'Run inbound test (you → Thales)' }).click();
    const result = page.getByRole('region', { name: 'Inbound test result' });
    await result
      .getByText(`Inbound test of https://api.thales.test:${server.port}/api/: passed`)
      .waitFor({ timeout: 30_000 });
    assert.equal(await result.locator('[data-diagnosis]').getAttribute('data-diagnosis'), 'ok');
    await result.getByText('Evidence', { exact: true }).click();
    await screenshot(page, 'tsh-4-test');
    assert.equal(
      await page.getByRole('button', { name: /4\. Test: done/ }).count(),
      1,
      'the rail shows the test done',
    );
    // The report of an onboarding's test is read back from its history.
    await result.getByRole('button', { name: 'Save report…' }).click();
    await result.getByText('Report saved to').waitFor();
    const report = readFileSync(
      saved.find((p) => p.endsWith('.html'))!,
      'utf8',
    );
    assert.match(report, new RegExp(`api\\.thales\\.test:${server.port}`));

    // f. Export: the portal bundle, then a PKCS#12 for deployment. "Next step" moves the focus to
    // the new step's heading; the last step has no "Next step", the export status says missing.
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('heading', { name: 'Export', level: 2 }).waitFor();
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent),
      'Export',
      'the focus is on the new step heading',
    );
    assert.equal(await page.getByRole('button', { name: 'Next step' }).count(), 0);
    assert.match(
      (await page.getByRole('button', { name: /^5\. Export/ }).getAttribute('aria-label'))!,
      /missing$/,
    );
    // Alt+← / Alt+→ move between steps.
    await page.keyboard.press('Alt+ArrowLeft');
    await page.getByRole('heading', { name: 'Test', level: 2 }).waitFor();
    await page.keyboard.press('Alt+ArrowRight');
    await page.getByRole('heading', { name: 'Export', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Save portal bundle…' }).click();
    await page.getByText('Bundle saved to').waitFor();
    const zipPath = saved.find((p) => p.endsWith('.zip'))!;
    // The step is done: the completion card with when, the SHA-256 of the file, what was exported.
    const completion = page.getByTestId('completion');
    await completion.getByRole('heading', { name: 'Onboarding exported' }).waitFor();
    assert.equal(
      await page.getByRole('button', { name: /^5\. Export/ }).getAttribute('aria-label'),
      '5. Export: done',
    );
    const zipSha = opensslOk(['dgst', '-sha256', '-r', zipPath]).split(' ')[0];
    await completion.getByText(zipSha, { exact: true }).waitFor();
    await completion.getByText(zipPath, { exact: true }).waitFor();
    await completion
      .getByRole('list', { name: 'What was exported' })
      .getByText('manifest.json')
      .waitFor();
    // Show in folder: the browser shell cannot open a file manager, so it says the path.
    await completion.getByRole('button', { name: 'Show in folder' }).click();
    await completion.getByText(`The bundle is at ${zipPath}: use Copy path to open it.`).waitFor();
    await completion.getByRole('button', { name: "Copy the bundle's path" }).click();
    await page.waitForFunction((p) => navigator.clipboard.readText().then((t) => t === p), zipPath);
    await completion.getByRole('button', { name: 'Mark as submitted to Thales' }).click();
    await completion.getByText(/^✓ Submitted to Thales on/).waitFor();
    const kept = desk.onboardings.get(onboarding.id).record.exported!;
    assert.ok(kept.submittedAt && kept.bundle?.sha256 === zipSha, 'kept in the inventory');
    assert.equal(desk.onboardings.get(onboarding.id).steps.export, 'done');
    await screenshotSizes(page, 'tsh-6-export-complete');
    const files = unzipSync(new Uint8Array(readFileSync(zipPath)));
    assert.ok(
      files['CUSTOMER_TLS_CLIENT_CERTIFICATE.pem'] &&
        files['manifest.json'] &&
        files['CHECKLIST.md'],
    );
    await page
      .getByRole('list', { name: 'Files in the bundle' })
      .getByText('CUSTOMER_TLS_CLIENT_CERTIFICATE.pem')
      .waitFor();
    const exported = join(outDir, 'exported-client.pem');
    writeFileSync(exported, files['CUSTOMER_TLS_CLIENT_CERTIFICATE.pem']);
    assert.equal(
      opensslOk(['x509', '-in', exported, '-noout', '-fingerprint', '-sha256']),
      opensslOk(['x509', '-in', certFile, '-noout', '-fingerprint', '-sha256']),
    );
    for (const [name, data] of Object.entries(files))
      assert.doesNotMatch(Buffer.from(data).toString('latin1'), /PRIVATE KEY/, name);
    assert.equal(
      JSON.parse(Buffer.from(files['manifest.json']).toString()).commonName,
      'CUST01-PREPROD',
    );

    await page.getByLabel('Passphrase to protect the exported key').fill('export passphrase 1');
    // The private key leaves the vault only after the master passphrase is typed again: a wrong
    // one is refused (and counted), the right one exports.
    const exportButton = page.getByRole('button', { name: 'Export…' });
    assert.equal(await exportButton.isDisabled(), true, 'no export without the master passphrase');
    await page.getByLabel('Master passphrase of the vault').fill('not the passphrase');
    await exportButton.click();
    await page.getByText(/wrong master passphrase: nothing was exported/).waitFor();
    assert.equal(saved.filter((p) => p.endsWith('.p12')).length, 0, 'nothing saved');
    await page.getByLabel('Master passphrase of the vault').fill(PASSPHRASE);
    await exportButton.click();
    await page.getByText(/Saved to .*\.p12/).waitFor();
    const p12 = saved.find((p) => p.endsWith('.p12'))!;
    const keyOut = execFileSync(
      'openssl',
      ['pkcs12', '-in', p12, '-passin', 'pass:export passphrase 1', '-nodes', '-nocerts'],
      { timeout: 30_000 },
    );
    assert.match(
      execFileSync('openssl', ['pkey', '-noout', '-check'], {
        input: keyOut,
        timeout: 30_000,
      }).toString(),
      /valid/i,
    );
    await screenshot(page, 'tsh-5-export');

    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
