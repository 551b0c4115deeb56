// The tester's evidence as tables (the same model the saved report renders), the raw data only
// behind its disclosure, and a refused client certificate explained with the issuers the server
// accepts and the issuer of the certificate sent; no CLI flag and no JSON block in the page text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { tempDir } from '../helpers/tmp.js';
import { pemOf, writePem } from '../helpers/tls-pki.js';
import { rendererErrors } from './bridge.js';
import { assertPlainPageText } from './page-text.js';
import { screenshotSizes } from './screens.js';
import { mtlsTestServer, openTester, testerFixtures } from './tester-setup.js';

const fixtures = testerFixtures();

it(
  'tester evidence: a refused client certificate names the issuers the server accepts and the issuer sent, in tables shared with the report',
  { timeout: 90_000 },
  async () => {
    const pki = fixtures.pki();
    const files = tempDir();
    const server = await mtlsTestServer(pki);
    try {
      const { page } = await openTester(fixtures.browser(), {
        passphrase: 'evidence passphrase',
        openAnswers: [
          writePem(files, 'foreign.pem', pemOf(pki.foreignClient)),
          writePem(files, 'foreign.key', pki.foreignClient.keyPem),
          writePem(files, 'root.pem', pki.root.certPem),
        ],
      });
      await page.getByLabel('URL').fill(`https://localhost:${server.port}/api/`);
      await page.getByRole('radio', { name: 'From files' }).check();
      await page.getByRole('button', { name: 'Choose certificate…' }).click();
      await page.getByText('foreign.pem').waitFor();
      await page.getByRole('button', { name: 'Choose private key…' }).click();
      await page.getByText('foreign.key').waitFor();
      await page.getByRole('button', { name: 'Trust a CA file…' }).click();
      await page.getByText('root.pem').waitFor();
      await page.getByRole('button', { name: 'Run test' }).click();

      const result = page.getByRole('region', { name: 'Inbound test result' });
      await result.getByText(/Inbound test of .*: failed/).waitFor({ timeout: 30_000 });
      assert.equal(
        await result.locator('[data-diagnosis]').getAttribute('data-diagnosis'),
        'client-cert-not-trusted',
      );
      // The facts that explain the refusal, above the tables.
      const why = result.getByRole('definition');
      assert.deepEqual(await why.allTextContents(), [
        'CN=Test Thales Client CA, O=Thales Tests',
        'CN=Foreign CA, O=Nobody',
      ]);
      await result.getByText('The server accepts client certificates issued by').waitFor();
      await result.getByText('The certificate we sent was issued by').waitFor();

      // Evidence as tables; raw data hidden until opened.
      await result.getByText('Evidence', { exact: true }).click();
      const chain = result.getByRole('table', { name: /Server chain as sent/ });
      await chain.waitFor();
      assert.equal(await chain.locator('tbody tr').count(), 2);
      await result
        .getByRole('table', { name: 'TLS connection' })
        .getByText('CN=Test Thales Client CA, O=Thales Tests')
        .waitFor();
      const raw = result.locator('[data-raw-data] pre');
      assert.equal(await raw.count(), 0);
      await assertPlainPageText(page);
      await screenshotSizes(page, 'tester-evidence-tables');
      await result.getByText('Raw data', { exact: true }).click();
      await raw.waitFor();
      assert.equal(
        (JSON.parse((await raw.textContent()) ?? '') as { diagnosis: { id: string } }).diagnosis.id,
        'client-cert-not-trusted',
      );
      await result.getByRole('button', { name: 'Copy raw data' }).click();
      await result
        .getByRole('status')
        .filter({ hasText: /Copied|Selected/ })
        .waitFor();
      await screenshotSizes(page, 'tester-evidence-raw');

      // The report renders the same tables, the same facts.
      await result.getByRole('button', { name: 'Save report…' }).click();
      const saved = await result
        .getByRole('status')
        .filter({ hasText: 'Report saved' })
        .textContent();
      const html = readFileSync(/Report saved to (.+)$/.exec(saved ?? '')![1], 'utf8');
      for (const id of ['tls', 'chain', 'client-certificate'])
        assert.match(html, new RegExp(`data-table="${id}"`));
      assert.match(
        html,
        /The server accepts client certificates issued by:<\/strong> CN=Test Thales Client CA, O=Thales Tests/,
      );
      assert.match(
        html,
        /The certificate we sent was issued by:<\/strong> CN=Foreign CA, O=Nobody/,
      );
      const beforeRaw = html.slice(0, html.indexOf('<summary>Raw data'));
      assert.doesNotMatch(beforeRaw, /\{&quot;|\{"/);
      assert.deepEqual(rendererErrors(page), []);
      await page.close();
    } finally {
      await server.close();
    }
  },
);
