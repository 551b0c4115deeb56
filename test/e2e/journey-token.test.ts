// Journey: keys on a PKCS#11 token in the app (SoftHSM2 token made by the test). The Tokens screen
// configures the module and lists the token and its keys; the client identity step generates a
// tsh-classic key + certificate and a d1-ecom key + CSR on the token; the app's tester says in one
// sentence why it cannot use a token key (Electron's BoringSSL) and names the command line, and
// that command passes against a loopback server that trusts the certificate made in the app.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import { cli } from '../helpers/cli.js';
import { run } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, writePem, type TestPki } from '../helpers/tls-pki.js';
import { startOpensslServer } from '../helpers/tls-servers.js';
import { testDns } from '../helpers/tls-probe.js';
import { launchChromium, openDeskApp, screenshot } from './bridge.js';
import { screenshotSizes } from './screens.js';
import { saveAssetLabel } from '../../shared/asset-words.js';

const MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const PIN = `pin-${randomBytes(6).toString('hex')}`;
const dir = tempDir('journey-token-');
const conf = join(dir, 'softhsm2.conf');

let browser: Browser;
let pki: TestPki;
before(async () => {
  mkdirSync(join(dir, 'tokens'));
  writeFileSync(
    conf,
    `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\n`,
  );
  process.env.SOFTHSM2_CONF = conf;
  const init = run('softhsm2-util', [
    '--init-token',
    '--free',
    '--label',
    'desk-hsm',
    '--pin',
    PIN,
    '--so-pin',
    'so-pin-1',
  ]);
  assert.equal(init.status, 0, init.stderr);
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
});
after(async () => {
  await browser?.close();
  delete process.env.SOFTHSM2_CONF;
});

it(
  'Tokens screen, identities generated on the token, and the live test offered on the command line',
  { timeout: 120_000 },
  async () => {
    const dataDir = tempDir();
    const { page, desk } = await openDeskApp(browser, {
      dataDir,
      outDir: tempDir(),
      dns: testDns,
      prepare: async (d) => {
        await d.vault.init('token journey passphrase');
      },
    });

    // Tokens: add the module once, see the token and (so far) no key.
    await page.getByRole('button', { name: 'Tokens' }).click();
    await page.getByRole('heading', { name: 'Tokens', level: 1 }).waitFor();
    await page
      .getByText(/cannot use a key held on a token/)
      .first()
      .waitFor();
    await page.getByLabel('Module library path').fill(MODULE);
    await page.getByRole('button', { name: 'Add module' }).click();
    await page.getByRole('button', { name: `Show tokens in ${MODULE}` }).click();
    await page.getByRole('cell', { name: 'desk-hsm' }).waitFor();
    await page.getByRole('cell', { name: 'SoftHSM v2' }).waitFor();
    await page.getByLabel('User PIN').fill('wrong-pin');
    await page.getByRole('button', { name: 'Show the keys on desk-hsm' }).click();
    await page.getByText(/the PIN for token "desk-hsm" is wrong: the token reports/).waitFor();
    await page.getByLabel('User PIN').fill(PIN);
    await page.getByRole('button', { name: 'Show the keys on desk-hsm' }).click();
    await page.getByText('This token holds no private key.').waitFor();
    await screenshot(page, 'token-0-tokens');

    // tsh-classic: key and self-signed certificate made on the token.
    await page.getByRole('button', { name: 'Onboardings' }).click();
    await page.getByRole('button', { name: 'New onboarding' }).click();
    await page.getByRole('radio', { name: /Classic Tokenization/ }).check();
    await page.getByLabel('Your customer identifier').fill('CUST01');
    await page.getByRole('radio', { name: 'Pre-Production' }).check();
    await page.getByRole('button', { name: 'Create onboarding' }).click();
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    await page.getByRole('radio', { name: 'Generate on a token' }).check();
    assert.equal(await page.getByLabel('PKCS#11 module').inputValue(), MODULE);
    await page.getByLabel('Token label').fill('desk-hsm');
    await page.getByLabel('User PIN').fill(PIN);
    await page.getByLabel(/Common Name \(CN\), exactly as/).fill('CUST01');
    await screenshot(page, 'token-1-identity-form');
    // A token that cannot make the algorithm (its module now offers RSA mechanisms only): one
    // sentence with the token's reason; nothing is made, the form stays to choose again.
    const rsaOnly = join(dir, 'softhsm2-rsa-only.conf');
    writeFileSync(
      rsaOnly,
      `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nslots.mechanisms = CKM_RSA_PKCS_KEY_PAIR_GEN,CKM_RSA_PKCS,CKM_SHA256_RSA_PKCS,CKM_SHA256\n`,
    );
    process.env.SOFTHSM2_CONF = rsaOnly;
    try {
      await page.getByRole('button', { name: 'Generate key and self-signed certificate' }).click();
      await page
        .getByRole('alert')
        .getByText(
          'token "desk-hsm" cannot make EC P-256 (prime256v1) keys: it does not list CKM_EC_KEY_PAIR_GEN among its mechanisms; choose another key algorithm the program allows, or generate the key on another token (or in the vault); nothing was made',
          { exact: false },
        )
        .waitFor();
      await screenshotSizes(page, 'token-1b-algorithm-refused');
    } finally {
      process.env.SOFTHSM2_CONF = conf;
    }
    assert.equal(desk.onboardings.get('tsh-classic/CUST01/preprod').current, null);
    await page.getByLabel('User PIN').fill(PIN);
    await page.getByRole('button', { name: 'Generate key and self-signed certificate' }).click();
    await page.getByText(/generated on the token, sensitive and never extractable/).waitFor();
    const uri = (await page.locator('.done-note .mono').first().textContent())!;
    assert.match(uri, /^pkcs11:token=desk-hsm;object=/);

    // A server that trusts the certificate made in the app, registered as the Thales endpoint.
    const view = (
      await cli(['onboarding', 'show', 'tsh-classic/CUST01/preprod', '--json'], {
        MTLS_DESK_DATA_DIR: dataDir,
      })
    ).stdout;
    const certPem = JSON.stringify(JSON.parse(view)).match(
      /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/,
    )?.[0];
    assert.ok(certPem, view.slice(0, 400));
    const server = await startOpensslServer([
      '-cert',
      writePem(dir, 'server.pem', pki.server.certPem),
      '-cert_chain',
      writePem(dir, 'ca.pem', pki.digicertCa.certPem),
      '-key',
      writePem(dir, 'server.key', pki.server.keyPem),
      '-Verify',
      '1',
      '-verify_return_error',
      '-CAfile',
      writePem(dir, 'client.pem', certPem.replace(/\\n/g, '\n')),
    ]);
    await page.getByRole('button', { name: 'Next step' }).click();
    await page
      .getByRole('textbox', { name: 'TSH_INBOUND_HOST' })
      .fill(`api.thales.test:${server.port}/api/`);
    await page.getByRole('button', { name: saveAssetLabel('TSH_INBOUND_HOST') }).click();
    await page.getByText(`Saved: api.thales.test:${server.port}/api/`).waitFor();

    // The app's tester cannot present the token key: it says why and what to run.
    for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('button', { name: 'Run inbound test (you → Thales)' }).click();
    await page
      .getByRole('alert')
      .getByText(
        /Electron's BoringSSL\) cannot use a key held on a token.*mtls-desk probe --onboarding tsh-classic\/CUST01\/preprod --pin-env PKCS11_PIN/,
      )
      .waitFor();
    // The same test as command lines: mtls-desk, curl and openssl s_client, with the endpoint and
    // the key's URI, and no PIN.
    const url = `https://api.thales.test:${server.port}/api/`;
    const commands = page.getByRole('region', {
      name: 'Test with the token key from the command line',
    });
    assert.equal(
      await commands.getByLabel('curl command').textContent(),
      `curl --cert client.pem --key '${uri}' --key-type ENG --engine pkcs11 ${url}`,
    );
    assert.equal(
      await commands.getByLabel('OpenSSL s_client command').textContent(),
      `openssl s_client -connect api.thales.test:${server.port} -engine pkcs11 -keyform engine -key '${uri}' -cert client.pem`,
    );
    assert.match(
      (await commands
        .getByLabel('mtls-desk (the full test, steps and diagnosis) command')
        .textContent())!,
      /^mtls-desk probe --onboarding tsh-classic\/CUST01\/preprod --pin-env PKCS11_PIN$/,
    );
    // The error sentence names curl and the URL too.
    await page
      .getByText(
        new RegExp(
          `or, with the client certificate exported as client\\.pem: curl .*${url.replace(/[.]/g, '\\.')}`,
        ),
      )
      .waitFor();
    assert.ok(!(await commands.textContent())!.includes(PIN));
    await screenshot(page, 'token-2-test-in-app');
    await screenshotSizes(page, 'token-2-test-commands');

    // The command the app offers passes.
    const probe = await cli(
      [
        'probe',
        '--onboarding',
        'tsh-classic/CUST01/preprod',
        '--pin-env',
        'PKCS11_PIN',
        '--ca',
        writePem(dir, 'root.pem', pki.root.certPem),
        '--dns-server',
        testDns.server,
        '--json',
      ],
      { MTLS_DESK_DATA_DIR: dataDir, PKCS11_PIN: PIN, SOFTHSM2_CONF: conf },
    );
    assert.equal(probe.code, 0, probe.stdout + probe.stderr);
    assert.equal(JSON.parse(probe.stdout).ok, true);
    assert.ok(!(probe.stdout + probe.stderr).includes(PIN));
    await server.close();

    // d1-ecom: key and CSR made on the token.
    await page.getByRole('button', { name: 'Onboardings' }).click();
    await page.getByRole('button', { name: 'New onboarding' }).click();
    await page.getByRole('radio', { name: /D1 eCom Enablement/ }).check();
    await page.getByLabel('Your merchantGatewayId').fill('MGW_123456');
    await page.getByRole('radio', { name: 'Pre-Production' }).check();
    await page.getByRole('button', { name: 'Create onboarding' }).click();
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    await page.getByRole('radio', { name: 'Generate on a token' }).check();
    await page.getByLabel('Token label').fill('desk-hsm');
    await page.getByLabel('User PIN').fill(PIN);
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
    await page.getByText(/generated on the token, sensitive and never extractable/).waitFor();
    await page.getByText('Certificate signing request for').waitFor();

    // Back on the Tokens screen, both keys with the onboardings that use them.
    await page.getByRole('button', { name: 'Tokens' }).click();
    await page.getByRole('button', { name: `Show tokens in ${MODULE}` }).click();
    await page.getByLabel('User PIN').fill(PIN);
    await page.getByRole('button', { name: 'Show the keys on desk-hsm' }).click();
    await page.getByRole('cell', { name: 'tsh-classic/CUST01/preprod' }).waitFor();
    await page.getByRole('cell', { name: 'd1-ecom/MGW_123456/preprod' }).waitFor();
    assert.equal(await page.getByRole('cell', { name: 'sensitive, never extractable' }).count(), 2);
    await screenshot(page, 'token-3-keys');
    assert.ok(!(await page.content()).includes(PIN), 'the PIN is not left on the page');

    // d1-ecom: the certificate the Thales CA (a test CA here) signs from the token's CSR, imported
    // with the PIN, is stored on the token beside its key (OpenSC's pkcs11-tool reads it back).
    const d1 = desk.onboardings.get('d1-ecom/MGW_123456/preprod');
    const csrFile = writePem(dir, 'd1.csr', d1.current!.csr!.pem);
    const signedFile = join(dir, 'd1-signed.pem');
    const signed = run('openssl', [
      'x509',
      '-req',
      '-in',
      csrFile,
      '-CA',
      writePem(dir, 'thales-ca.pem', pki.clientCa.certPem),
      '-CAkey',
      writePem(dir, 'thales-ca.key', pki.clientCa.keyPem),
      '-set_serial',
      '0xd1d1',
      '-days',
      '365',
      '-sha256',
      '-extfile',
      writePem(
        dir,
        'd1.ext',
        'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
      ),
      '-out',
      signedFile,
    ]);
    assert.equal(signed.status, 0, signed.stderr);
    await page.getByRole('button', { name: 'Onboardings' }).click();
    await page
      .getByRole('button', { name: /MGW_123456/ })
      .first()
      .click();
    await page.getByRole('button', { name: /2\. Thales-signed certificate/ }).click();
    await page
      .getByLabel('Certificate signed by Thales (PEM or DER file)')
      .fill(readFileSync(signedFile, 'utf8'));
    await page
      .getByLabel('User PIN of the token (the certificate is stored there, beside its key)')
      .fill(PIN);
    await screenshotSizes(page, 'token-4-signed-import');
    await page.getByRole('button', { name: 'Import signed certificate' }).click();
    await page.getByText('Imported and matched to your key:').waitFor();
    const d1Uri = desk.onboardings.get(d1.id).current!.keyId;
    const d1Id = /id=((?:%[0-9A-F]{2})+)/i.exec(d1Uri)![1].replace(/%/g, '').toLowerCase();
    const onToken = run('pkcs11-tool', [
      '--module',
      MODULE,
      '--token-label',
      'desk-hsm',
      '--login',
      '--pin',
      PIN,
      '-O',
      '--type',
      'cert',
    ]);
    assert.equal(onToken.status, 0, onToken.stderr);
    const certBlock = onToken.stdout
      .split(/\n(?=\S)/)
      .find((b) => b.includes(`ID:         ${d1Id}`));
    assert.ok(certBlock, onToken.stdout);
    assert.match(certBlock, /CN=TLSMA-ECDSA\\?\/MGW_123456-PPR/);
    assert.match(certBlock, /serial:\s+D1D1/i);

    // Renewal in the app: the new key is made on the same token (the PIN asked for it), the old
    // identity kept until retired.
    await page.getByRole('button', { name: /1\. Client identity/ }).click();
    await page.getByLabel('User PIN of the token (the new key is made there too)').fill(PIN);
    await page.getByRole('button', { name: 'Renew: new key and CSR' }).click();
    const identities = page.getByRole('table', { name: 'Client identities' });
    await identities.waitFor();
    assert.equal(await identities.locator('tr[data-state="kept"]').count(), 1);
    assert.equal(await identities.locator('tr[data-state="current"]').count(), 1);
    const renewed = desk.onboardings.get(d1.id).current!;
    assert.match(renewed.keyId, /^pkcs11:token=desk-hsm;object=/);
    assert.notEqual(renewed.keyId, d1Uri);
    await page
      .getByText(/generated on the token, sensitive and never extractable/)
      .first()
      .waitFor();
    const renewedCsr = writePem(dir, 'renewed.csr', renewed.csr!.pem);
    assert.match(
      run('openssl', ['req', '-in', renewedCsr, '-verify', '-noout']).stderr,
      /verify OK/,
    );
    assert.match(
      run('openssl', ['req', '-in', renewedCsr, '-noout', '-subject']).stdout,
      /CN ?= ?TLSMA-ECDSA\/MGW_123456-PPR/,
    );
    await screenshotSizes(page, 'token-5-renewed');
    const keys = run('pkcs11-tool', [
      '--module',
      MODULE,
      '--token-label',
      'desk-hsm',
      '--login',
      '--pin',
      PIN,
      '-O',
      '--type',
      'privkey',
    ]);
    assert.equal(keys.stdout.match(/never extractable/g)?.length, 3, keys.stdout);
    assert.ok(!(await page.content()).includes(PIN), 'the PIN is not left on the page');
  },
);
