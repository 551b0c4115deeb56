// The connection tester in the pseudo-locale (en-XA) and in Japanese, state by state: empty (both
// directions), an identity from the vault (the onboarding picker), a PKCS#12 file, a failed result
// against a closed loopback port and a passed one against a loopback mTLS server with a PKI made
// for the test. In en-XA, any visible text outside a catalogue fails (the data stays: names, URLs,
// main's findings, the diagnosis which is translated by id), and nothing may overflow its box. In
// Japanese, the same states are photographed at both sizes into test-artifacts/ja/tester-*, the
// words checked Japanese, and the saved report is Japanese (lang="ja").
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { Desk } from '../../electron/services/desk.js';
import { JAPANESE_TEXTS } from '../../shared/i18n/japanese.js';
import { opensslOk } from '../helpers/openssl.js';
import { createTestPki, pemOf, writePem, type TestPki } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import { startNodeTlsServer, type Running } from '../helpers/tls-servers.js';
import { tempDir } from '../helpers/tmp.js';
import { ARTIFACTS, launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { overflowing, pseudoChecker } from './pseudo.js';
import { screenshotSizes } from './screens.js';

const catalogue = (language: 'en' | 'ja'): Record<string, string> =>
  JSON.parse(readFileSync(`renderer/i18n/${language}/tester.json`, 'utf8'));
const enTester = catalogue('en');
const jaTester = catalogue('ja');
type Key = string;
type Locale = 'en-XA' | 'ja';

const PASSPHRASE = 'pseudo tester passphrase';
const P12_PASS = 'p12 pass phrase';

// Set up at the top level: a folder or server made inside `before` is removed as that hook ends.
const pki: TestPki = await createTestPki();
const dir = tempDir();
const files = {
  p12: join(dir, 'client.p12'),
  root: writePem(dir, 'root.pem', pki.root.certPem),
};
opensslOk([
  'pkcs12',
  '-export',
  '-in',
  writePem(dir, 'client.pem', pki.client.certPem),
  '-inkey',
  writePem(dir, 'client.key', pki.client.keyPem),
  '-out',
  files.p12,
  '-passout',
  `pass:${P12_PASS}`,
]);
const server: Running = await startNodeTlsServer({
  key: pki.server.keyPem,
  cert: pemOf(pki.server, pki.digicertCa),
  ca: [pki.clientCa.certPem],
  requestCert: true,
  rejectUnauthorized: true,
  host: '127.0.0.1',
});
/** A port nothing listens on: bound, then closed. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
const closedPort = await freePort();

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  mkdirSync(join(ARTIFACTS, 'ja'), { recursive: true });
  mkdirSync(join(ARTIFACTS, 'pseudo'), { recursive: true });
});
after(() => browser?.close());

async function prepare(desk: Desk): Promise<void> {
  await desk.vault.init(PASSPHRASE);
  const { id } = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'PSEUDOT1',
    environment: 'preprod',
  });
  await desk.identity.generate({
    onboardingId: id,
    algorithm: 'ec-p256',
    commonName: 'PSEUDOT1-CN',
  });
}

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How a catalogue message reads in this locale: wrapped in en-XA, the translation in ja. */
function words(locale: Locale) {
  return (id: Key): string | RegExp =>
    locale === 'ja' ? jaTester[id] : new RegExp(`^⟦${escapeRe(enTester[id])}·*⟧`);
}

/** Data on the tester: names of files and programs, the onboardings found, what main found. */
const DATA = [
  '.file-name',
  'select option:not([value=""])',
  '[role="listbox"]',
  '.picker-chosen strong',
  '.diagnosis',
  '[data-fix]',
  '.finding',
  '.evidence td',
  'table[data-table^="step-"] th[scope="row"]',
  '.highlights dd',
  'pre',
];

/** Walks the tester through every state, calling `state(name)` at each. */
async function walk(page: Page, locale: Locale, state: (name: string) => Promise<void>) {
  const w = words(locale);
  await page.getByRole('heading', { level: 1, name: w('tester.title') }).waitFor();
  await state('tester-empty');
  await page.getByRole('radio', { name: w('tester.direction.outbound') }).check();
  await page.getByRole('button', { name: w('tester.check') }).waitFor();
  await state('tester-outbound-empty');
  await page.getByRole('radio', { name: w('tester.direction.inbound') }).check();

  // An identity from the vault: the picker, its matches, the one chosen.
  await page.getByRole('radio', { name: w('tester.identity.onboarding') }).check();
  const combo = page.getByRole('combobox', { name: w('tester.picker.label') });
  await combo.click();
  const matches = page.getByRole('listbox').getByRole('option');
  await matches.first().waitFor();
  await state('tester-vault-search');
  await matches.first().click();
  await page.locator('.picker-chosen').waitFor();
  await state('tester-vault-chosen');

  // A PKCS#12 file, its passphrase, a CA to trust.
  await page.getByRole('radio', { name: w('tester.identity.pkcs12') }).check();
  await page.getByRole('button', { name: w('tester.choosePkcs12') }).click();
  await page.locator('.file-name', { hasText: 'client.p12' }).waitFor();
  await page.getByLabel(w('tester.pkcs12Passphrase')).fill(P12_PASS);
  await page.getByRole('button', { name: w('tester.trustCa') }).click();
  await page.locator('.file-name', { hasText: 'root.pem' }).waitFor();
  await page.getByLabel(w('tester.url')).fill(`https://127.0.0.1:${closedPort}/`);
  await state('tester-pkcs12');

  // Failed: nothing listens on the port.
  const result = page.getByRole('region', { name: w('tester.result.inbound') });
  await page.getByRole('button', { name: w('tester.run') }).click();
  await result.locator('[data-diagnosis]').waitFor({ timeout: 30_000 });
  assert.equal(await result.locator('li[data-step="tcp"]').getAttribute('class'), 'fail');
  await result.locator('details.evidence-tables > summary').click();
  await result.locator('details.raw-data > summary').click();
  await state('tester-failed');

  // Passed: the loopback mTLS server that trusts the test client CA.
  await page.getByLabel(w('tester.url')).fill(`https://localhost:${server.port}/`);
  await page.getByRole('button', { name: w('tester.run') }).click();
  await result.locator('[data-diagnosis="ok"]').waitFor({ timeout: 30_000 });
  await result.locator('details.evidence-tables > summary').click();
  await result.locator('.evidence[data-table="tls"]').waitFor();
  await state('tester-passed');
  return result;
}

it(
  'en-XA: every state of the tester shows only catalogue text, and nothing overflows',
  { timeout: 180_000 },
  async () => {
    const { page } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      dns: testDns,
      locale: 'en-XA',
      openAnswers: [files.p12, files.root],
      prepare,
    });
    await page.getByRole('button', { name: /^⟦Connection tester·+⟧$/ }).click();
    const { problems, check } = pseudoChecker(page);
    const result = await walk(page, 'en-XA', (name) => check(name, '#main', DATA));
    // The step names and statuses come wrapped from shared/i18n/probe-words.ts too.
    assert.match(
      (await result.locator('li[data-step="tls"] .name').textContent())!,
      /^⟦TLS handshake·+⟧$/,
    );
    assert.match(
      (await result.locator('li[data-step="tls"] .status').textContent())!,
      /^⟦pass·+⟧$/,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

it(
  'ja: every state of the tester in Japanese, photographed at both sizes; the report saved in Japanese',
  { timeout: 180_000 },
  async () => {
    const { page, saved } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      dns: testDns,
      locale: 'ja',
      openAnswers: [files.p12, files.root],
      prepare,
    });
    await page.getByRole('button', { name: '接続テスター' }).click();
    const problems: string[] = [];
    const result = await walk(page, 'ja', async (name) => {
      for (const text of await overflowing(page, '#main'))
        problems.push(`${name}: "${text}" overflows its box`);
      await screenshotSizes(page, `ja/${name}`);
    });
    assert.deepEqual(problems, []);
    const ja = JAPANESE_TEXTS.probeWords;
    assert.deepEqual(
      await result.locator('.waterfall .name').allTextContents(),
      ['identity', 'dns', 'tcp', 'tls', 'verify', 'http'].map((s) => ja.steps[s]),
    );
    assert.deepEqual(
      [...new Set(await result.locator('.waterfall .status').allTextContents())],
      [ja.status.pass],
    );
    assert.equal(
      await result.locator('.evidence[data-table="tls"] caption').textContent(),
      ja.tlsTitle,
    );
    assert.equal(
      await result.locator('h3').textContent(),
      `https://localhost:${server.port}/ のインバウンドテスト：合格`,
    );
    // The report is saved in the app's language.
    await result.getByRole('button', { name: jaTester['tester.saveReport'] }).click();
    await result.getByRole('status').filter({ hasText: 'レポートを保存しました' }).waitFor();
    const html = readFileSync(saved.at(-1)!, 'utf8');
    assert.match(html, /<html lang="ja">/);
    assert.ok(
      html.includes(`<h1>インバウンド相互TLSテスト：https://localhost:${server.port}/</h1>`),
    );
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
