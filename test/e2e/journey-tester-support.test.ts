// The tester as support uses it: the primary button says why it cannot run yet; a program's
// environment is picked (not always the first) and fills its published endpoint; a trusted CA file
// can be cleared; and the outbound direction (Thales calls your server) runs from the same screen.
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { it } from 'node:test';
import { tempDir } from '../helpers/tmp.js';
import { writePem } from '../helpers/tls-pki.js';
import { rendererErrors } from './bridge.js';
import { assertPlainPageText } from './page-text.js';
import { screenshotSizes } from './screens.js';
import { mtlsTestServer, openTester, testerFixtures } from './tester-setup.js';

const fixtures = testerFixtures();

it(
  'tester for support: reasons beside the button, environment picked, CA file cleared, outbound readiness in the same place',
  { timeout: 90_000 },
  async () => {
    const pki = fixtures.pki();
    const files = tempDir();
    const server = await mtlsTestServer(pki);
    // Accepts TCP and never answers: the test waits in the TLS step until cancelled.
    const sockets = new Set<Socket>();
    const silentServer = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    const silent = { port: (silentServer.address() as AddressInfo).port };
    try {
      const root = writePem(files, 'root.pem', pki.root.certPem);
      const { page } = await openTester(fixtures.browser(), {
        passphrase: 'support passphrase',
        openAnswers: [root, root],
      });

      // Disabled, with the reason beside it (and tied to it for screen readers).
      const runTest = page.getByRole('button', { name: 'Run test' });
      assert.equal(await runTest.isDisabled(), true);
      const reasonId = await runTest.getAttribute('aria-describedby');
      assert.equal(await page.locator(`#${reasonId}`).textContent(), 'Give the URL to test first.');

      // The program's environment is a choice; each fills its published endpoint.
      await page.getByLabel('Rules of program (optional)').selectOption('d1-issuer');
      assert.equal(await page.getByLabel('URL').inputValue(), 'https://api.d1-stg.thalescloud.io');
      await page.getByLabel('Environment').selectOption({ label: 'Production' });
      assert.equal(await page.getByLabel('URL').inputValue(), 'https://api.d1.thalescloud.io');
      assert.equal(await runTest.isDisabled(), false);
      await screenshotSizes(page, 'tester-support-environment');

      // Outbound, from the same screen: no client identity asked, a trust file that can be cleared.
      await page.getByLabel('Rules of program (optional)').selectOption('');
      await page.getByRole('radio', { name: /Thales calls your server/ }).check();
      assert.equal(await page.getByRole('group', { name: 'Client identity' }).count(), 0);
      const target = page.getByLabel('Your server (host:port or URL)');
      await target.fill('');
      const check = page.getByRole('button', { name: 'Check readiness' });
      assert.equal(await check.isDisabled(), true);
      await page.getByText('Give your server as host:port first.').waitFor();
      await target.fill(`localhost:${server.port}`);
      await page.getByRole('button', { name: 'Trust a CA file…' }).click();
      await page.getByText('root.pem').waitFor();
      await page.getByRole('button', { name: 'Stop trusting root.pem' }).click();
      assert.equal(await page.getByText('root.pem').count(), 0);
      await page.getByText('Mozilla-recognized roots only').waitFor();
      await page.getByRole('button', { name: 'Trust a CA file…' }).click();
      await page.getByText('root.pem').waitFor();
      await check.click();

      const result = page.getByRole('region', { name: 'Outbound readiness result' });
      await result
        .getByText(`Outbound readiness of localhost:${server.port}:`, { exact: false })
        .waitFor({ timeout: 45_000 });
      assert.ok((await result.locator('[data-step]').count()) >= 5);
      assert.equal(
        await result.locator('[data-step="client-cert-required"]').getAttribute('class'),
        'pass',
      );
      await assertPlainPageText(page);
      await screenshotSizes(page, 'tester-support-outbound');

      // Cancelled is news, not an error: a neutral note, never the red error style.
      await page.getByRole('radio', { name: /You call a server/ }).check();
      await page.getByLabel('URL').fill(`https://localhost:${silent.port}/`);
      await page.getByRole('radio', { name: /None \(see what the server asks for\)/ }).check();
      await page.getByRole('button', { name: 'Run test' }).click();
      await page.getByRole('button', { name: 'Cancel' }).click();
      const note = page.locator('.cancelled-note');
      await note.first().waitFor({ timeout: 30_000 });
      assert.match((await note.first().textContent()) ?? '', /cancel/i);
      assert.equal(await page.locator('.error-note').count(), 0);
      assert.equal(await page.locator('.probe.fail').count(), 0);
      await screenshotSizes(page, 'tester-support-cancelled');
      assert.deepEqual(rendererErrors(page), []);
      await page.close();
    } finally {
      for (const socket of sockets) socket.destroy();
      silentServer.close();
      await server.close();
    }
  },
);
