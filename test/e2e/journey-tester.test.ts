// Journey 3: support runs the connection tester, outside any onboarding, against a misconfigured
// loopback server (it sends its leaf without the intermediate): the screen names the right
// diagnosis with its fix, and the saved report says the same.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import { DIAGNOSES, fixFor } from '../../shared/diagnoses.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, pemOf, writePem, type TestPki } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import { startNodeTlsServer } from '../helpers/tls-servers.js';
import { launchChromium, openDeskApp, rendererErrors, screenshot } from './bridge.js';
import { assertPlainPageText } from './page-text.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
let pki: TestPki;
before(async () => {
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
});
after(() => browser?.close());

it(
  'support tester: a server that omits its intermediate gets server-chain-incomplete, on screen and in the report',
  { timeout: 60_000 },
  async () => {
    const dataDir = tempDir();
    const outDir = tempDir();
    const files = tempDir();
    const server = await startNodeTlsServer({
      key: pki.server.keyPem,
      cert: pki.server.certPem,
      ca: [pki.clientCa.certPem],
      requestCert: true,
      rejectUnauthorized: true,
      host: '127.0.0.1',
    });
    const openAnswers = [
      writePem(files, 'client.pem', pemOf(pki.client)),
      writePem(files, 'client.key', pki.client.keyPem),
      writePem(files, 'root.pem', pki.root.certPem),
    ];
    const { page } = await openDeskApp(browser, {
      dataDir,
      outDir,
      dns: testDns,
      openAnswers,
      prepare: async (desk) => {
        await desk.vault.init('support passphrase');
        desk.vault.lock();
      },
    });

    await page.getByRole('heading', { name: 'Unlock the vault' }).waitFor();
    await page.getByLabel('Master passphrase').fill('support passphrase');
    await page.getByLabel('Master passphrase').press('Enter');
    await page.getByRole('button', { name: 'Connection tester' }).click();

    await page.getByLabel('URL').fill(`https://localhost:${server.port}/api/`);
    await page.getByLabel('Rules of program (optional)').selectOption('tsh-classic');
    await page.getByRole('radio', { name: 'From files' }).check();
    await page.getByRole('button', { name: 'Choose certificate…' }).click();
    await page.getByText('client.pem').waitFor();
    await page.getByRole('button', { name: 'Choose private key…' }).click();
    await page.getByText('client.key').waitFor();
    await page.getByRole('button', { name: 'Trust a CA file…' }).click();
    await page.getByText('root.pem').waitFor();
    await screenshot(page, 'tester-0-form');
    await page.getByRole('button', { name: 'Run test' }).click();

    const result = page.getByRole('region', { name: 'Inbound test result' });
    await result
      .getByText(`Inbound test of https://localhost:${server.port}/api/: failed`)
      .waitFor({ timeout: 30_000 });
    assert.equal(
      await result.locator('[data-diagnosis]').getAttribute('data-diagnosis'),
      'server-chain-incomplete',
    );
    await result.getByText(DIAGNOSES['server-chain-incomplete'].title).waitFor();
    // The fix in the tester's words: its own control for a private root, never "the probe".
    const fix = fixFor('server-chain-incomplete', 'tester', 'inbound');
    assert.match(fix, /Trust a CA file…/);
    await result.getByText(fix).waitFor();
    assert.doesNotMatch((await result.textContent()) ?? '', /the probe|PKCS#12/);
    await assertPlainPageText(page);
    await screenshot(page, 'tester-1-diagnosis');
    await screenshotSizes(page, 'tester-diagnosis');

    await result.getByRole('button', { name: 'Save report…' }).click();
    const saved = await result.getByRole('status').textContent();
    const reportPath = /Report saved to (.+)$/.exec(saved ?? '')![1];
    const html = readFileSync(reportPath, 'utf8');
    assert.match(html, /server-chain-incomplete/);
    assert.match(html, new RegExp(DIAGNOSES['server-chain-incomplete'].title));
    assert.ok(html.includes(fix), 'the report gives the tester fix');
    assert.doesNotMatch(html, /PRIVATE KEY/);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
