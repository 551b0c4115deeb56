// Long operations and refusals in the wizard: a cancelled RSA 4096 generation stores nothing even
// when the native generation finishes afterwards; the outbound readiness check against a loopback
// server that requires client certificates shows every check with its pass / warn / fail and
// reason; a bundle refused for missing assets names the wizard steps, not CLI commands.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import type { ProgressEvent } from '../../shared/ipc-contract.js';
import type { OutboundReadinessResult } from '../../shared/diagnoses.js';
import { bundleRefusal } from '../../electron/main/app-wording.js';
import type { Desk } from '../../electron/services/desk.js';
import type { UserError } from '../../electron/services/errors.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, pemOf, type TestPki } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import { startNodeTlsServer } from '../helpers/tls-servers.js';
import { launchChromium, openDeskApp, rendererErrors, screenshot } from './bridge.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
let pki: TestPki;
before(async () => {
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
});
after(() => browser?.close());

const PASSPHRASE = 'cancel and check passphrase';

/** A tsh-classic onboarding with its client identity, made through the desk (the UI journeys make it through the screens). */
async function tshOnboarding(desk: Desk, identifier: string): Promise<string> {
  const { id } = desk.onboardings.create({
    program: 'tsh-classic',
    identifier,
    environment: 'preprod',
  });
  await desk.identity.generate({
    onboardingId: id,
    algorithm: 'ec-p256',
    commonName: `${identifier}-PREPROD`,
  });
  return id;
}

it(
  'a cancelled RSA 4096 generation leaves no key and no identity, even once the native generation ends',
  { timeout: 90_000 },
  async () => {
    const dataDir = tempDir();
    const events: ProgressEvent[] = [];
    const { page, desk } = await openDeskApp(browser, {
      dataDir,
      outDir: tempDir(),
      onProgress: (e) => events.push(e),
      prepare: async (d) => {
        await d.vault.init(PASSPHRASE);
        d.onboardings.create({
          program: 'd1-ecom',
          identifier: 'MGW_000009',
          environment: 'preprod',
        });
      },
    });
    await page.getByRole('button', { name: 'MGW_000009' }).click();
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    await page.getByRole('radio', { name: 'RSA 4096' }).check();
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
    await page
      .getByRole('status')
      .filter({ hasText: /generating the/ })
      .waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();

    // The screen is back on the step at once, saying so; the form is still there to try again.
    await page.getByText('Cancelled: nothing was saved, no key was added to the vault.').waitFor();
    // One style for a cancel everywhere: the neutral .cancelled-note the tester uses, not a warning.
    assert.equal(
      await page.locator('.cancelled-note', { hasText: 'Cancelled: nothing was saved' }).count(),
      1,
    );
    assert.equal(await page.locator('.lock-note').count(), 0);
    await screenshotSizes(page, 'cancel-1-identity-cancelled');
    assert.equal(
      await page.getByRole('button', { name: 'Generate key and CSR' }).isEnabled(),
      true,
    );

    // The native generation runs on; when it ends ("discarded": only an abandoned operation says so),
    // its commit point has refused to store anything.
    const operationId = events.find((e) => e.phase.startsWith('generating'))!.operationId;
    const discarded = () =>
      events.some((e) => e.operationId === operationId && e.phase === 'discarded');
    for (let i = 0; i < 600 && !discarded(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(discarded(), 'the abandoned generation ran to its end');
    assert.deepEqual(desk.vault.keys(true), [], 'no key in the vault');
    assert.deepEqual(
      readdirSync(join(dataDir, 'vault', 'keys')).filter((f) => !f.startsWith('.')),
      [],
      'no key file on disk',
    );
    const [onboarding] = desk.onboardings.list();
    assert.deepEqual(
      desk.onboardings.get(onboarding.id).record.identities,
      [],
      'no identity in the inventory',
    );
    assert.equal(
      desk.audit.entries().some((e) => e.action === 'key.generated' || e.action === 'csr.created'),
      false,
    );
    assert.equal(await page.getByText('Key generated').count(), 0);

    // Cancelling did not wedge anything: the same step still generates.
    await page.getByRole('radio', { name: 'EC P-256 (prime256v1) (recommended)' }).check();
    await page.getByRole('button', { name: 'Generate key and CSR' }).click();
    await page.getByText('Certificate signing request for').waitFor();
    assert.equal(desk.vault.keys().length, 1);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

it(
  'outbound readiness against a loopback server requiring client certificates: every check with pass, warn or fail and its reason',
  { timeout: 90_000 },
  async () => {
    // Your server as Thales would call it: requires a client certificate from the Thales Client CA.
    const server = await startNodeTlsServer({
      key: pki.server.keyPem,
      cert: pemOf(pki.server, pki.digicertCa),
      ca: [pki.clientCa.certPem],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      host: '127.0.0.1',
    });
    try {
      const { page, desk } = await openDeskApp(browser, {
        dataDir: tempDir(),
        outDir: tempDir(),
        dns: testDns,
        prepare: async (d) => {
          await d.vault.init(PASSPHRASE);
          const id = await tshOnboarding(d, 'OUT1');
          // Registered with Thales: another chain than the one the server sends (the server-chain check must fail).
          await d.assets.import({
            onboardingId: id,
            as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
            data: pemOf(pki.otherServer, pki.otherCa),
            source: 'test',
          });
          await d.assets.import({
            onboardingId: id,
            as: 'ISSUER_HOST',
            data: `api.thales.test:${server.port}/thales/`,
            source: 'test',
          });
          await d.assets.import({
            onboardingId: id,
            as: 'TSH_TLS_CLIENT_CERTIFICATE',
            data: pki.client.certPem,
            source: 'test',
          });
        },
      });
      await page.getByRole('button', { name: 'OUT1' }).click();
      await page.getByRole('button', { name: /^4\. Test:/ }).click();
      await page
        .getByRole('button', { name: 'Run outbound readiness check (Thales → you)' })
        .click();
      const view = page.getByRole('region', { name: 'Outbound readiness result' });
      await view
        .getByText(`Outbound readiness of api.thales.test:${server.port}: failed`)
        .waitFor({ timeout: 45_000 });
      await screenshot(page, 'outbound-1-readiness');

      const [onboarding] = desk.onboardings.list();
      const stored = desk.onboardings.get(onboarding.id).record.tests.at(-1)!;
      assert.equal(stored.direction, 'outbound');
      const result = stored.result as OutboundReadinessResult;
      const status = Object.fromEntries(result.checks.map((c) => [c.id, c.status]));
      assert.equal(status.port, 'warn', 'a port Thales does not call');
      assert.equal(status.reachable, 'pass');
      assert.equal(status['client-cert-required'], 'pass');
      assert.equal(status['foreign-client-rejected'], 'pass');
      assert.equal(
        status['server-chain'],
        'fail',
        'the server sends another chain than the one registered',
      );

      // Every check is on screen with its status and its reason; failing and warning ones with what to do.
      const rows = view.getByRole('list', { name: 'Steps and timings' }).getByRole('listitem');
      assert.equal(await rows.count(), result.checks.length);
      for (const check of result.checks) {
        const row = view.locator(`li[data-step="${check.id}"]`);
        assert.equal(await row.locator('.status').textContent(), check.status, check.id);
        assert.ok(
          (await row.locator('.details').textContent())!.includes(check.summary),
          `${check.id} shows its reason`,
        );
      }
      assert.match(
        (await view.locator('li[data-step="port"] .details').textContent())!,
        new RegExp(`port ${server.port}: Thales calls 443 or 8443`),
      );
      assert.match(
        (await view.locator('.diagnosis').textContent()) ?? '',
        new RegExp(result.diagnosis.title),
      );
      await view.getByText('What to do:').first().waitFor();
      assert.equal(
        await page.getByRole('button', { name: /^4\. Test: failing/ }).count(),
        1,
        'the rail shows the failing test',
      );
      assert.deepEqual(rendererErrors(page), []);
      await page.close();
    } finally {
      await server.close();
    }
  },
);

it(
  'a bundle refused for missing assets names the wizard steps to complete, not CLI commands',
  { timeout: 60_000 },
  async () => {
    const outDir = tempDir();
    const { page, desk, saved } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir,
      prepare: async (d) => {
        await d.vault.init(PASSPHRASE);
        await tshOnboarding(d, 'BND1');
      },
    });
    await page.getByRole('button', { name: 'BND1' }).click();
    await page.getByRole('button', { name: /^5\. Export:/ }).click();
    await page.getByRole('button', { name: 'Save portal bundle…' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('The portal bundle cannot be saved yet').waitFor();
    const text = (await alert.textContent())!;
    assert.match(
      text,
      /CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN \(step 3, “Your server”\) and ISSUER_HOST \(step 3, “Your server”\)/,
    );
    assert.match(text, /Complete those steps, then save the bundle again\./);
    assert.doesNotMatch(text, /mtls-desk|--onboarding|--as /);
    assert.deepEqual(saved, [], 'no save dialog before the bundle can be made');
    assert.deepEqual(readdirSync(outDir), []);
    await screenshot(page, 'bundle-1-missing-assets');

    // The bundle service's own refusal (words for any caller, structured findings) reads the same way in the app.
    const [onboarding] = desk.onboardings.list();
    const refusal = await desk.exports
      .bundle({ onboardingId: onboarding.id, out: join(outDir, 'b.zip') })
      .then(
        () => null,
        (e: unknown) => e,
      );
    assert.doesNotMatch(
      (refusal as Error).message,
      /mtls-desk|--[a-z]/,
      'the service names no command or option',
    );
    assert.deepEqual(
      (refusal as UserError).details.findings!.map((f) => f.details?.asset),
      ['CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN', 'ISSUER_HOST'],
    );
    const worded = bundleRefusal(refusal, desk.catalog.get('tsh-classic')) as Error;
    assert.equal(worded.message, text);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
