// The connection tester with an identity from the vault (an onboarding's key and certificate,
// used in main, never sent to the page), found with the search-as-you-type picker (only
// onboardings with a client certificate, by mouse and by keyboard), against a loopback server that
// trusts exactly that certificate; and the audit trail viewer: verified with its count, then a failure once the log
// is altered on disk.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, pemOf, writePem, type TestPki } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import { startNodeTlsServer } from '../helpers/tls-servers.js';
import { launchChromium, openDeskApp, rendererErrors, screenshot } from './bridge.js';
import { auditActionWords } from '../../shared/audit-words.js';

let browser: Browser;
let pki: TestPki;
before(async () => {
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
});
after(() => browser?.close());

const PASSPHRASE = 'tester and audit passphrase';

it(
  "tester: an identity from the vault, searched for and picked, passes against a server that trusts it, and another onboarding's is refused",
  { timeout: 90_000 },
  async () => {
    const files = tempDir();
    const trusted: { pem: string | null } = { pem: null };
    const { page, desk, keys } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      dns: testDns,
      openAnswers: [writePem(files, 'root.pem', pki.root.certPem)],
      prepare: async (d) => {
        await d.vault.init(PASSPHRASE);
        for (const identifier of ['VAULT1', 'VAULT2']) {
          const { id } = d.onboardings.create({
            program: 'tsh-classic',
            identifier,
            environment: 'preprod',
          });
          await d.identity.generate({
            onboardingId: id,
            algorithm: 'ec-p256',
            commonName: `${identifier}-PREPROD`,
          });
          if (identifier === 'VAULT2')
            trusted.pem = d.onboardings.get(id).current!.certificate!.pem;
        }
        // No identity yet: nothing to test with, so the picker does not offer it.
        d.onboardings.create({
          program: 'tsh-classic',
          identifier: 'VAULT3',
          environment: 'preprod',
        });
      },
    });
    assert.equal(keys.keys, 2, 'the bridge watches both keys for leaks');
    // The server trusts only VAULT2's self-signed certificate.
    const server = await startNodeTlsServer({
      key: pki.server.keyPem,
      cert: pemOf(pki.server, pki.digicertCa),
      ca: [trusted.pem!],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      host: '127.0.0.1',
    });
    try {
      await page.getByRole('button', { name: 'Connection tester' }).click();
      await page.getByLabel('URL').fill(`https://localhost:${server.port}/api/`);
      await page.getByRole('button', { name: 'Trust a CA file…' }).click();
      await page.getByText('root.pem').waitFor();
      await page.getByRole('radio', { name: 'From the vault' }).check();
      const run = page.getByRole('button', { name: 'Run test' });
      assert.equal(await run.isDisabled(), true, 'no test until an onboarding is chosen');
      const onboarding = page.getByRole('combobox', { name: /^Onboarding/ });
      const matches = page.getByRole('listbox', { name: 'Onboardings with a client certificate' });
      const note = page.locator(`#${await onboarding.getAttribute('aria-describedby')}`);
      await onboarding.click();
      await note.getByText('2 onboardings with a client certificate.').waitFor();
      assert.equal(await onboarding.getAttribute('aria-expanded'), 'true');
      assert.deepEqual(await matches.getByRole('option').allTextContents(), [
        'tsh-classic / VAULT1 / preprod',
        'tsh-classic / VAULT2 / preprod',
      ]);
      // VAULT3 has no identity: searching for it says so instead of offering it.
      await onboarding.fill('vault3');
      await note
        .getByText('No onboarding with a client certificate has "vault3" in its identifier.')
        .waitFor();
      assert.equal(await matches.isHidden(), true);
      assert.equal(await onboarding.getAttribute('aria-expanded'), 'false');
      // Search as you type (any case), then pick with the mouse.
      await onboarding.fill('ault2');
      await note.getByText('1 onboarding with a client certificate.').waitFor();
      await matches.getByRole('option', { name: 'tsh-classic / VAULT2 / preprod' }).click();
      assert.equal(await onboarding.inputValue(), 'VAULT2');
      assert.equal(await matches.isHidden(), true, 'the list closes once one is chosen');
      await page
        .getByText('Using the client identity of tsh-classic / VAULT2 / preprod.')
        .waitFor();
      assert.equal(await run.isDisabled(), false);
      await screenshot(page, 'tester-vault-0-form');
      await run.click();
      const result = page.getByRole('region', { name: 'Inbound test result' });
      await result
        .getByText(`Inbound test of https://localhost:${server.port}/api/: passed`)
        .waitFor({ timeout: 30_000 });
      assert.equal(await result.locator('[data-diagnosis]').getAttribute('data-diagnosis'), 'ok');
      assert.equal(await result.locator('li[data-step="identity"] .status').textContent(), 'pass');
      assert.match(
        (await result.locator('li[data-step="identity"] .details').textContent())!,
        /VAULT2-PREPROD/,
      );
      assert.equal(await result.locator('li[data-step="http"] .status').textContent(), 'pass');
      await screenshot(page, 'tester-vault-1-passed');

      // The other onboarding's identity, picked with the keyboard only, is not the one the server
      // trusts: the same screen says so.
      await onboarding.focus();
      await onboarding.press('ControlOrMeta+a');
      await onboarding.pressSequentially('Vault');
      await note.getByText('2 onboardings with a client certificate.').waitFor();
      assert.equal(await run.isDisabled(), true, 'changing the search drops the choice');
      const activeOption = async () =>
        page.locator(`#${await onboarding.getAttribute('aria-activedescendant')}`).textContent();
      assert.equal(
        await activeOption(),
        'tsh-classic / VAULT1 / preprod',
        'the first match is ready for Enter',
      );
      await onboarding.press('ArrowDown');
      assert.equal(await activeOption(), 'tsh-classic / VAULT2 / preprod');
      await onboarding.press('Escape');
      assert.equal(await onboarding.getAttribute('aria-expanded'), 'false');
      await onboarding.press('ArrowDown');
      assert.equal(
        await onboarding.getAttribute('aria-expanded'),
        'true',
        'Down opens the list again',
      );
      await onboarding.press('ArrowUp');
      assert.equal(await activeOption(), 'tsh-classic / VAULT1 / preprod');
      await onboarding.press('Enter');
      assert.equal(await onboarding.inputValue(), 'VAULT1');
      await page
        .getByText('Using the client identity of tsh-classic / VAULT1 / preprod.')
        .waitFor();
      assert.equal(
        await result
          .getByText(`Inbound test of https://localhost:${server.port}/api/: passed`)
          .isVisible(),
        true,
        'Enter chose; it did not submit the form',
      );
      await onboarding.press('Enter');
      await result
        .getByText(`Inbound test of https://localhost:${server.port}/api/: failed`)
        .waitFor({ timeout: 30_000 });
      assert.equal(
        await result.locator('[data-diagnosis]').getAttribute('data-diagnosis'),
        'client-cert-not-trusted',
      );
      assert.match(
        (await result.locator('li[data-step="identity"] .details').textContent())!,
        /VAULT1-PREPROD/,
      );
      // Tester runs are support's own: no onboarding gets a test run from them.
      for (const o of desk.onboardings.list())
        assert.deepEqual(desk.onboardings.get(o.id).record.tests, []);
      assert.deepEqual(rendererErrors(page), []);
      await page.close();
    } finally {
      await server.close();
    }
  },
);

it(
  'audit trail: "Verified" with the number of entries, then the failure once an entry is edited on disk',
  { timeout: 60_000 },
  async () => {
    const dataDir = tempDir();
    const { page, desk } = await openDeskApp(browser, {
      dataDir,
      outDir: tempDir(),
      prepare: async (d) => {
        await d.vault.init(PASSPHRASE);
        const { id } = d.onboardings.create({
          program: 'tsh-classic',
          identifier: 'AUDIT1',
          environment: 'preprod',
        });
        await d.identity.generate({
          onboardingId: id,
          algorithm: 'ec-p256',
          commonName: 'AUDIT1-PREPROD',
        });
      },
    });
    const entries = desk.audit.entries();
    assert.ok(entries.length >= 4, `${entries.length} entries`);
    await page.getByRole('button', { name: 'Audit trail' }).click();
    const status = page.getByRole('status').filter({ hasText: /^Verif/ });
    await status.waitFor();
    assert.equal(
      await status.textContent(),
      `Verified: all ${entries.length} entries are intact and in order, and their seals match.`,
    );
    assert.equal(await status.getAttribute('class'), 'ok-note');
    const rows = page.locator('table.audit tbody tr');
    assert.equal(await rows.count(), entries.length);
    assert.deepEqual(
      await rows.locator('td:nth-child(4)').allTextContents(),
      entries.map((e) => auditActionWords(e.action)),
    );
    await screenshot(page, 'audit-1-verified');

    // Someone edits an entry in the log (still valid JSON, its hash no longer matches).
    const logPath = join(dataDir, 'audit.log');
    const lines = readFileSync(logPath, 'utf8').split('\n');
    const edited = lines.findIndex((l) => l.includes('"onboarding.created"'));
    assert.ok(edited >= 0);
    const entry = JSON.parse(lines[edited]);
    entry.details = { ...entry.details, identifier: 'SOMEONE-ELSE' };
    lines[edited] = JSON.stringify(entry);
    writeFileSync(logPath, lines.join('\n'));
    await page.getByRole('button', { name: 'Onboardings' }).click();
    await page.getByRole('button', { name: 'Audit trail' }).click();
    await status.getByText(/^Verification failed/).waitFor();
    assert.equal(
      await status.textContent(),
      `Verification failed: entry ${edited + 1} (onboarding.created at ${entry.at}) was changed after it was written`,
    );
    assert.equal(await status.getAttribute('class'), 'error-note');
    await screenshot(page, 'audit-2-tampered');

    // Remove that entry instead: the next one no longer follows the one before it.
    writeFileSync(logPath, `${lines.filter((_, i) => i !== edited).join('\n')}`);
    await page.getByRole('button', { name: 'Onboardings' }).click();
    await page.getByRole('button', { name: 'Audit trail' }).click();
    await status.getByText(/^Verification failed/).waitFor();
    assert.match(
      (await status.textContent())!,
      /^Verification failed: entry \d+ \(.+\) does not follow the entry before it/,
    );
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
