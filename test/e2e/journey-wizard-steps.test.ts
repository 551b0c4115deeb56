// Wizard steps in detail: the Thales assets of tmg-merchant (TSH_INBOUND_HOST prefilled from the
// profile's endpoint for the environment; a chain file dropped onto its field, checked and saved);
// the test step's timing waterfall and its evidence on demand; and a connection test that stalls
// in the TLS handshake, shown in progress and cancelled, leaving no test run in the inventory.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { InboundProbeResult } from '../../shared/diagnoses.js';
import { PROBE_STEP_TITLES } from '../../shared/ipc-channels.js';
import type { Desk } from '../../electron/services/desk.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, pemOf, type TestPki } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import { startNodeTlsServer, startRawServer, type Running } from '../helpers/tls-servers.js';
import { launchChromium, openDeskApp, rendererErrors, screenshot } from './bridge.js';
import { screenshotSizes } from './screens.js';
import { saveAssetLabel } from '../../shared/asset-words.js';

let browser: Browser;
let pki: TestPki;
before(async () => {
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
});
after(() => browser?.close());

const catalog = ProgramCatalog.load();
const PASSPHRASE = 'wizard steps passphrase';

async function onboardingWithIdentity(
  desk: Desk,
  program: string,
  identifier: string,
  environment: string,
): Promise<string> {
  const { id } = desk.onboardings.create({ program, identifier, environment });
  await desk.identity.generate({
    onboardingId: id,
    algorithm: 'ec-p256',
    commonName: `${identifier}-CN`,
  });
  return id;
}

async function openStep(
  page: Page,
  identifier: string,
  step: RegExp,
  heading: string,
): Promise<void> {
  await page.getByRole('button', { name: identifier, exact: true }).click();
  await page.getByRole('button', { name: step }).click();
  await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
}

it(
  'tmg-merchant Thales assets: TSH_INBOUND_HOST prefilled per environment, a dropped chain file checked and saved',
  { timeout: 60_000 },
  async () => {
    const profile = catalog.get('tmg-merchant');
    const endpoint = (env: string) =>
      profile.environments.find((e) => e.id === env)!.inboundEndpoint!;
    assert.notEqual(endpoint('sandbox'), endpoint('prod'));
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: async (d) => {
        await d.vault.init(PASSPHRASE);
        await onboardingWithIdentity(d, 'tmg-merchant', 'SHOP1', 'sandbox');
        await onboardingWithIdentity(d, 'tmg-merchant', 'SHOP2', 'prod');
      },
    });
    const host = page.getByRole('textbox', { name: 'TSH_INBOUND_HOST' });
    await openStep(page, 'SHOP2', /^2\. Thales assets/, 'Thales assets');
    assert.equal(await host.inputValue(), endpoint('prod').replace('https://', ''));
    await page.getByRole('button', { name: 'Onboardings' }).click();
    await openStep(page, 'SHOP1', /^2\. Thales assets/, 'Thales assets');
    assert.equal(await host.inputValue(), 'tmg.dbp-stg.thalescloud.io:443/1/sandbox-v2/');
    assert.equal(await host.inputValue(), endpoint('sandbox').replace('https://', ''));
    // The prefilled value passes its check and is saved as it stands.
    await page.locator('button:enabled', { hasText: saveAssetLabel('TSH_INBOUND_HOST') }).click();
    // Saved as the host Thales publishes, the default port 443 left implicit.
    await page.getByText('Saved: tmg.dbp-stg.thalescloud.io/1/sandbox-v2/').waitFor();

    // Empty, its Save says why it cannot be pressed yet, beside it.
    const chainSave = page.getByRole('button', {
      name: saveAssetLabel('TSH_TLS_SERVER_CERTIFICATE_CHAIN'),
    });
    assert.equal(await chainSave.isDisabled(), true);
    const why = await chainSave.getAttribute('aria-describedby');
    assert.ok(why, 'the disabled Save names its reason');
    assert.match(
      (await page.locator(`#${why}`).textContent())!,
      /^Paste, drop or open the .+ first\.$/,
    );

    // A chain file dropped onto the field: read, checked (the certificates and "Looks right" show), saved.
    const field = page.getByRole('textbox', { name: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN' });
    const chainPem = pemOf(pki.server, pki.digicertCa, pki.root);
    const dataTransfer = await page.evaluateHandle((pem) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([pem], 'thales-chain.pem', { type: 'application/x-pem-file' }));
      return transfer;
    }, chainPem);
    await field.dispatchEvent('drop', { dataTransfer });
    await page.waitForFunction(() =>
      (
        document.querySelector(
          '[data-asset="TSH_TLS_SERVER_CERTIFICATE_CHAIN"] textarea',
        ) as HTMLTextAreaElement
      ).value.includes('BEGIN CERTIFICATE'),
    );
    assert.equal(await field.inputValue(), chainPem);
    const asset = page.locator('[data-asset="TSH_TLS_SERVER_CERTIFICATE_CHAIN"]');
    // Checked on entry: the three certificates, leaf first; only warnings (the test PKI expires within 90 days), so it can be saved.
    await asset.locator('.certificates li').nth(2).waitFor();
    assert.deepEqual(
      (await asset.locator('.certificates li').allTextContents()).map(
        (t) => /^subject (CN=[^,]+?)(,|issuer)/.exec(t)?.[1],
      ),
      ['CN=api.thales.test', 'CN=DigiCert SHA2 High Assurance Server CA', 'CN=mTLS Desk Test Root'],
    );
    assert.equal(await asset.locator('.finding.error').count(), 0);
    assert.ok((await asset.locator('.finding.warning').count()) > 0);
    await screenshot(page, 'assets-1-dropped-chain');
    await page
      .getByRole('button', { name: saveAssetLabel('TSH_TLS_SERVER_CERTIFICATE_CHAIN') })
      .click();
    await page.getByText('Saved: 3 certificate(s) from pasted text').waitFor();
    assert.equal(await field.inputValue(), '', 'the field is cleared once saved');

    const [shop1] = desk.onboardings.list().filter((o) => o.identifier === 'SHOP1');
    const record = desk.onboardings.get(shop1.id).record;
    assert.deepEqual(record.assets.TSH_INBOUND_HOST!.host, {
      host: 'tmg.dbp-stg.thalescloud.io',
      port: null,
      basePath: '/1/sandbox-v2/',
    });
    const stored = record.assets.TSH_TLS_SERVER_CERTIFICATE_CHAIN!.certificates;
    assert.deepEqual(
      stored.map((c) => c.sha256Fingerprint),
      [pki.server, pki.digicertCa, pki.root].map(
        (c) => new X509Certificate(c.certPem).fingerprint256,
      ),
    );
    const dir = tempDir();
    writeFileSync(join(dir, 'leaf.pem'), stored[0].pem);
    writeFileSync(join(dir, 'intermediate.pem'), stored[1].pem);
    writeFileSync(join(dir, 'root.pem'), stored[2].pem);
    assert.match(
      opensslOk([
        'verify',
        '-CAfile',
        join(dir, 'root.pem'),
        '-untrusted',
        join(dir, 'intermediate.pem'),
        join(dir, 'leaf.pem'),
      ]),
      /OK/,
    );
    assert.equal(
      desk.onboardings.get(desk.onboardings.list().find((o) => o.identifier === 'SHOP2')!.id).record
        .assets.TSH_TLS_SERVER_CERTIFICATE_CHAIN,
      undefined,
      'the other onboarding is untouched',
    );
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

/** A tsh-classic onboarding whose Thales side is a loopback `server` (through the test DNS name api.thales.test). */
async function pointedAt(desk: Desk, identifier: string, port: number): Promise<string> {
  const id = await onboardingWithIdentity(desk, 'tsh-classic', identifier, 'preprod');
  await desk.assets.import({
    onboardingId: id,
    as: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
    data: pemOf(pki.server, pki.digicertCa, pki.root),
    source: 'test',
  });
  await desk.assets.import({
    onboardingId: id,
    as: 'TSH_INBOUND_HOST',
    data: `api.thales.test:${port}/api/`,
    source: 'test',
  });
  return id;
}

const percent = (style: string, property: string) =>
  Number(new RegExp(`${property}: ([0-9.e-]+)%`).exec(style)?.[1]);

it(
  'test step: the waterfall rows with their times and bars, and the evidence with protocol and chain on demand',
  { timeout: 60_000 },
  async () => {
    let server: Running | null = null;
    const { page, desk, saved } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      dns: testDns,
      prepare: async (d) => {
        await d.vault.init(PASSPHRASE);
        // The server pins the client certificate the app just generated.
        const { id } = d.onboardings.create({
          program: 'tsh-classic',
          identifier: 'WATER1',
          environment: 'preprod',
        });
        await d.identity.generate({
          onboardingId: id,
          algorithm: 'ec-p256',
          commonName: 'WATER1-PREPROD',
        });
        server = await startNodeTlsServer({
          key: pki.server.keyPem,
          cert: pemOf(pki.server, pki.digicertCa),
          ca: [d.onboardings.get(id).current!.certificate!.pem],
          requestCert: true,
          rejectUnauthorized: true,
          host: '127.0.0.1',
        });
        await d.assets.import({
          onboardingId: id,
          as: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
          data: pemOf(pki.server, pki.digicertCa, pki.root),
          source: 'test',
        });
        await d.assets.import({
          onboardingId: id,
          as: 'TSH_INBOUND_HOST',
          data: `api.thales.test:${server.port}/api/`,
          source: 'test',
        });
      },
    });
    await openStep(page, 'WATER1', /^4\. Test/, 'Test');
    await page.getByRole('button', { name: 'Run inbound test (you → Thales)' }).click();
    const view = page.getByRole('region', { name: 'Inbound test result' });
    await view.getByText(/: passed$/).waitFor({ timeout: 30_000 });

    const [onboarding] = desk.onboardings.list();
    const result = desk.onboardings.get(onboarding.id).record.tests.at(-1)!
      .result as InboundProbeResult;
    assert.equal(result.ok, true);
    const rows = view.getByRole('list', { name: 'Steps and timings' }).getByRole('listitem');
    assert.deepEqual(
      await rows.evaluateAll((items) => items.map((li) => li.getAttribute('data-step'))),
      result.steps.map((s) => s.name),
    );
    assert.deepEqual(
      result.steps.map((s) => s.name),
      ['identity', 'dns', 'tcp', 'tls', 'verify', 'http'],
    );
    const total = Math.max(...result.steps.map((s) => s.startMs + s.ms));
    let previousStart = -1;
    for (const step of result.steps) {
      const row = view.locator(`li[data-step="${step.name}"]`);
      assert.equal(await row.locator('.name').textContent(), PROBE_STEP_TITLES[step.name]);
      assert.equal(await row.locator('.status').textContent(), step.status);
      assert.equal(await row.locator('.ms').textContent(), `${step.ms.toFixed(1)} ms`);
      assert.match((await row.locator('.ms').textContent())!, /^\d+\.\d ms$/);
      const style = (await row.locator('.bar').getAttribute('style'))!;
      const [left, width] = [percent(style, 'margin-left'), percent(style, 'width')];
      assert.ok(
        Math.abs(left - (step.startMs / total) * 100) < 1e-3,
        `${step.name} starts at ${left}%`,
      );
      assert.ok(
        Math.abs(width - Math.max(0.5, (step.ms / total) * 100)) < 1e-3,
        `${step.name} is ${width}% wide`,
      );
      assert.ok(
        left >= previousStart && left + width <= 100.5,
        `${step.name}: a waterfall, inside the track`,
      );
      previousStart = left;
      const box = await row.locator('.bar').boundingBox();
      assert.ok(box && box.width > 0 && box.height > 0, `${step.name}'s bar is drawn`);
    }
    assert.ok(result.steps.find((s) => s.name === 'tls')!.ms > 0);

    // Evidence: tables folded until asked for, with the protocol and the chain as sent; the raw
    // JSON only under "Raw data".
    const tables = view.locator('table.evidence').first();
    assert.equal(await tables.isVisible(), false);
    await view.getByText('Evidence', { exact: true }).click();
    await tables.waitFor({ state: 'visible' });
    const shown = (await view.locator('details.evidence-tables').textContent())!;
    const evidence = view.locator('pre.evidence');
    assert.equal(await evidence.count(), 0, 'no raw JSON until Raw data is opened');
    await view.getByText('Raw data', { exact: true }).click();
    await evidence.waitFor({ state: 'visible' });
    const text = (await evidence.textContent())!;
    assert.ok(shown.includes(result.evidence.tls!.protocol!), 'the protocol in the tables');
    const tls = result.evidence.tls!;
    assert.match(tls.protocol ?? '', /^TLSv1\.[23]$/);
    assert.ok(text.includes(`"protocol": "${tls.protocol}"`), 'the protocol');
    assert.equal(tls.chainAsSent.length, 2);
    for (const entry of tls.chainAsSent)
      assert.ok(text.includes(`"subject": ${JSON.stringify(entry.subject)}`), entry.subject);
    assert.match(text, /DigiCert SHA2 High Assurance Server CA/);
    assert.match(text, /api\.thales\.test/);
    await screenshot(page, 'test-1-waterfall-evidence');

    // The saved HTML report names each step with the app's words, in the same order, never its id.
    await view.getByRole('button', { name: 'Save report…' }).click();
    await view.getByText(/^Report saved to /).waitFor();
    const reportHtml = readFileSync(saved.at(-1)!, 'utf8');
    const reportRows = [
      ...(reportHtml.split('<h2>')[1] ?? '').matchAll(/<tr>\s*<td>([^<]*)<\/td>/g),
    ].map((m) => m[1]);
    assert.deepEqual(
      reportRows,
      result.steps.map((s) => PROBE_STEP_TITLES[s.name]),
    );
    const report = await browser.newPage();
    await report.setContent(reportHtml);
    await screenshotSizes(report, 'test-4-saved-report');
    await report.close();
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
    await server!.close();
  },
);

it(
  'a connection test stalled in the TLS handshake shows its progress, is cancelled, and stores no test run',
  { timeout: 60_000 },
  async () => {
    // Accepts the TCP connection, then never says a word: the probe waits in the TLS step.
    const connections: number[] = [];
    const stalled = await startRawServer((socket) => {
      connections.push(Date.now());
      socket.on('error', () => undefined);
    });
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      dns: testDns,
      prepare: async (d) => {
        await d.vault.init(PASSPHRASE);
        await pointedAt(d, 'STALL1', stalled.port);
      },
    });
    await openStep(page, 'STALL1', /^4\. Test/, 'Test');
    await page.getByRole('button', { name: 'Run inbound test (you → Thales)' }).click();
    const busy = page.locator('.busy[role="status"]');
    await busy.getByText('TLS handshake…', { exact: true }).waitFor({ timeout: 10_000 });
    assert.equal(await busy.getByRole('progressbar', { name: 'TLS handshake' }).count(), 1);
    assert.equal(connections.length, 1, 'the server got the connection');
    assert.equal(
      await page.getByRole('button', { name: 'Run inbound test (you → Thales)' }).isDisabled(),
      true,
      'one test at a time',
    );
    await screenshot(page, 'test-2-stalled-progress');
    await busy.getByRole('button', { name: 'Cancel' }).click();
    // Cancelled, not the TLS step's own timeout: the outcome says so.
    // One style for a cancel everywhere: the neutral status note, not a red alert.
    await page
      .locator('.cancelled-note[role="status"]')
      .getByText('cancelled: nothing was saved')
      .waitFor();
    assert.equal(await page.getByRole('alert').count(), 0);
    assert.equal(await busy.count(), 0);
    assert.equal(await page.getByRole('region', { name: 'Inbound test result' }).count(), 0);
    await screenshotSizes(page, 'test-3-cancelled');

    const [onboarding] = desk.onboardings.list();
    assert.deepEqual(desk.onboardings.get(onboarding.id).record.tests, [], 'no test run stored');
    assert.equal(
      desk.audit.entries().some((e) => e.action === 'connection-test.run'),
      false,
    );
    assert.equal(
      await page.getByRole('button', { name: /^4\. Test: missing/ }).count(),
      1,
      'the rail still shows the test to do',
    );
    // Nothing wedged: the button works again.
    assert.equal(
      await page.getByRole('button', { name: 'Run inbound test (you → Thales)' }).isEnabled(),
      true,
    );
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
    await stalled.close();
  },
);
