// The connection tester's results in Japanese, with nothing left in English: an inbound test that
// passes (a loopback mTLS server trusting the test client CA, the client certificate and key from
// files), one that fails (no client certificate: the server requires one), and an outbound
// readiness check of that server. In each, the steps' sentences (main's summaryText said from
// shared/i18n/probe-steps.ja.json), the evidence tables' headings and detail keys are Japanese;
// only names, hosts, protocol and cipher names, ids and data stay as they are (the evidence
// values, the raw data). Each result is photographed at both sizes in test-artifacts/ja/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { ProgressEvent } from '../../shared/ipc-contract.js';
import { JAPANESE_TEXTS } from '../../shared/i18n/japanese.js';
import { createTestPki, writePem, type TestPki } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import type { Running } from '../helpers/tls-servers.js';
import { tempDir } from '../helpers/tmp.js';
import { ARTIFACTS, launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { englishLeft } from './japanese.js';
import { screenshotSizes } from './screens.js';
import { mtlsTestServer } from './tester-setup.js';

const ja: Record<string, string> = JSON.parse(readFileSync('renderer/i18n/ja/tester.json', 'utf8'));
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

// Set up at the top level: a folder or server made inside `before` is removed as that hook ends.
const pki: TestPki = await createTestPki();
const dir = tempDir();
const files = {
  cert: writePem(dir, 'client.pem', pki.client.certPem),
  key: writePem(dir, 'client.key', pki.client.keyPem),
  root: writePem(dir, 'root.pem', pki.root.certPem),
};
const server: Running = await mtlsTestServer(pki);
/** A server that accepts TCP and never answers the TLS hello: the test waits on its TLS step. */
const held: Socket[] = [];
const silent = createServer((socket) => {
  held.push(socket);
  socket.on('error', () => socket.destroy());
});
await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
const silentPort = (silent.address() as { port: number }).port;

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  mkdirSync(join(ARTIFACTS, 'ja'), { recursive: true });
});
after(async () => {
  await browser?.close();
  await server.close();
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

/**
 * What is data in a result: the raw result, the evidence tables' cells of names, addresses,
 * fingerprints and algorithm lists, and the values that quote a peer or library as it answered
 * (its error text, the HTTP body and reason). Everything else, every detail the probes write in
 * words included, must read in Japanese.
 */
const DATA = [
  'pre',
  '.evidence thead ~ tbody td',
  'table[data-table="tls"] td',
  'table[data-table="client-certificate"] td',
  '.highlights dd',
  'tr[data-key$="error"] td',
  'tr[data-key$="bodyStart"] td',
  'tr[data-key$="reason"] td',
];

/** A result with its evidence open: English left in it, and its photographs. */
async function look(page: Page, result: ReturnType<Page['locator']>, name: string) {
  await result.locator('details.evidence-tables > summary').click();
  await result.locator('table.evidence').first().waitFor();
  const left = await englishLeft(page, '.probe', DATA);
  await screenshotSizes(page, `ja/${name}`);
  return left.map((line) => `${name}: "${line}" is English`);
}

it(
  'ja: the tester results (inbound pass and fail, outbound) say every step in Japanese',
  { timeout: 180_000 },
  async () => {
    const progress: ProgressEvent[] = [];
    const { page } = await openDeskApp(browser, {
      onProgress: (event) => progress.push(event),
      dataDir: tempDir(),
      outDir: tempDir(),
      dns: testDns,
      locale: 'ja',
      openAnswers: [files.cert, files.key, files.root],
      prepare: async (desk) => {
        await desk.vault.init('japanese tester results');
      },
    });
    await page.getByRole('button', { name: '接続テスター' }).click();
    await page.getByRole('heading', { level: 1, name: ja['tester.title'] }).waitFor();
    const problems: string[] = [];

    // Inbound, passed: the certificate and key from files, the test root trusted.
    await page.getByRole('radio', { name: ja['tester.identity.files'], exact: true }).check();
    await page.getByRole('button', { name: ja['tester.chooseCertificate'] }).click();
    await page.locator('.file-name', { hasText: 'client.pem' }).waitFor();
    await page.getByRole('button', { name: ja['tester.chooseKey'] }).click();
    await page.locator('.file-name', { hasText: 'client.key' }).waitFor();
    await page.getByRole('button', { name: ja['tester.trustCa'] }).click();
    await page.locator('.file-name', { hasText: 'root.pem' }).waitFor();
    await page.getByLabel(ja['tester.url']).fill(`https://localhost:${server.port}/`);
    await page.getByRole('button', { name: ja['tester.run'] }).click();
    const inbound = page.getByRole('region', { name: ja['tester.result.inbound'] });
    await inbound.locator('[data-diagnosis="ok"]').waitFor({ timeout: 30_000 });
    const passed = await inbound.locator('.finding').allTextContents();
    assert.equal(passed.length, 6);
    for (const sentence of passed) assert.match(sentence, JAPANESE, sentence);
    assert.match(
      (await inbound.locator('li[data-step="tcp"] .finding').textContent())!,
      new RegExp(`^127\\.0\\.0\\.1 のポート ${server.port} に接続しました$`),
    );
    // The detail keys are Japanese too (the values are data).
    assert.ok(
      (await inbound.locator('table[data-table="step-tcp"] th[scope="row"]').allTextContents())
        .length > 0,
    );
    for (const key of await inbound
      .locator('table[data-table^="step-"] th[scope="row"]')
      .allTextContents())
      assert.match(key, /[\u3040-\u30ff\u4e00-\u9fff]|^(kid|TTL|URL)|^\d/, key);
    problems.push(...(await look(page, inbound, 'tester-result-inbound-pass')));

    // Inbound, failed: no client certificate, which the server requires.
    await page.getByRole('radio', { name: ja['tester.identity.none'], exact: true }).check();
    await page.getByRole('button', { name: ja['tester.run'] }).click();
    await inbound.locator('[data-diagnosis="client-cert-required"]').waitFor({ timeout: 30_000 });
    const failed = await inbound.locator('li.fail .finding').allTextContents();
    assert.equal(failed.length, 1);
    assert.match(failed[0], JAPANESE);
    problems.push(...(await look(page, inbound, 'tester-result-inbound-fail')));

    // While a test runs, its progress line names the step in Japanese (main sends the step's id).
    await page.getByLabel(ja['tester.url']).fill(`https://localhost:${silentPort}/`);
    await page.getByRole('button', { name: ja['tester.run'] }).click();
    const busy = page.locator('.busy span');
    await busy
      .filter({ hasText: `${JAPANESE_TEXTS.probeWords.steps.tls}…` })
      .waitFor({ timeout: 30_000 });
    assert.ok(
      progress.some((e) => e.probe?.step === 'tls' && e.probe.status === 'running'),
      JSON.stringify(progress.slice(-3)),
    );
    assert.ok(
      progress.some((e) => e.phase === 'TLS handshake'),
      'main still says it in English',
    );
    await page.locator('.busy button').click();
    await page.locator('.cancelled-note').first().waitFor();
    await page.getByLabel(ja['tester.url']).fill(`https://localhost:${server.port}/`);

    // Outbound readiness of the same server: every check said in Japanese.
    await page.getByRole('radio', { name: ja['tester.direction.outbound'] }).check();
    await page.getByLabel(ja['tester.server']).fill(`localhost:${server.port}`);
    await page.getByRole('button', { name: ja['tester.check'] }).click();
    const outbound = page.getByRole('region', { name: ja['tester.result.outbound'] });
    await outbound.locator('[data-diagnosis]').waitFor({ timeout: 60_000 });
    const checks = await outbound.locator('.finding').allTextContents();
    assert.ok(checks.length >= 6, JSON.stringify(checks));
    for (const sentence of checks) assert.match(sentence, JAPANESE, sentence);
    problems.push(...(await look(page, outbound, 'tester-result-outbound')));

    assert.deepEqual(problems, []);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
