// The issue's finish line, in Japanese: an onboarding person on a Japanese system takes a TMG
// Sandbox onboarding from an empty vault to the portal bundle without meeting English: create the
// vault, a new onboarding, the client identity with Japanese subject values (OpenSSL prints them
// back unchanged), the Thales assets, your server, a passing inbound test against a loopback
// server that pins the generated certificate (its report in Japanese), and the bundle (its
// CHECKLIST.md in Japanese). Every screen is photographed in test-artifacts/ja/tmg-* and checked
// for English words left outside names, ids and data.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, pemOf, type TestPki } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import { startNodeTlsServer } from '../helpers/tls-servers.js';
import { launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import {
  WIZARD_STEP_TITLES,
  WIZARD_STEP_TITLES_JA,
  type WizardStepId,
} from '../../shared/wizard-steps.js';
import { englishLeft, say, sayKey, sayLike } from './japanese.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
let pki: TestPki;
before(async () => {
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
});
after(() => browser?.close());

const LANGUAGE = (process.env.JOURNEY_LANGUAGE ?? 'ja') as 'en' | 'ja' | 'raw';
/** The words on the screen for this English text. */
const T = (english: string, values: Record<string, string | number> = {}) =>
  LANGUAGE === 'raw' ? english : say(LANGUAGE, english, values);
const L = LANGUAGE === 'raw' ? 'en' : LANGUAGE;
const K = (key: string, values: Record<string, string | number> = {}) => sayKey(L, key, values);

/** A wizard step's title as its heading reads. */
const STEP = (id: WizardStepId) => (L === 'ja' ? WIZARD_STEP_TITLES_JA : WIZARD_STEP_TITLES)[id];

/** Saves an asset's value by the save button in its own section. */
async function saveAsset(page: Page, asset: string): Promise<void> {
  await page
    .locator(`[data-asset="${asset}"]`)
    .getByRole('button', { name: sayLike(L, 'wizard.asset.save') })
    .click();
  await page
    .locator(`[data-asset="${asset}"]`)
    .getByRole('button', { name: sayLike(L, 'wizard.asset.replace') })
    .waitFor();
}
const PASSPHRASE = 'japanese tmg journey passphrase';
const SUBJECT = { O: '株式会社テスト商店', OU: '決済部', L: '東京都', ST: '港区' };

/** A screen photographed at both sizes, and checked for English left. */
async function look(page: Page, name: string, problems: string[], data: string[] = []) {
  await screenshotSizes(page, `ja/tmg-${name}`);
  if (LANGUAGE === 'ja')
    for (const line of await englishLeft(page, 'body', data))
      problems.push(`${name}: "${line}" is English`);
}

it(
  'TMG Sandbox in Japanese: empty vault to the bundle, its checklist and the report in Japanese',
  { timeout: 180_000 },
  async () => {
    const problems: string[] = [];
    const dataDir = tempDir();
    const outDir = tempDir();
    const { page, desk, saved } = await openDeskApp(browser, {
      dataDir,
      outDir,
      dns: testDns,
      locale: LANGUAGE === 'ja' ? 'ja-JP' : 'en-GB',
    });

    // The vault, first use.
    await page.getByRole('heading', { name: T('Create the vault') }).waitFor();
    await look(page, '0-create-vault', problems);
    await page.getByLabel(T('Master passphrase')).fill(PASSPHRASE);
    await page.getByLabel(T('Repeat the passphrase')).fill(PASSPHRASE);
    await page.getByRole('button', { name: T('Create vault') }).click();
    await page.getByText(K('home.empty')).waitFor();
    await look(page, '1-home-empty', problems);

    // A new TMG Sandbox onboarding.
    await page.getByRole('button', { name: T('New onboarding') }).click();
    await page.getByRole('radio', { name: /TMG/ }).check();
    await look(page, '2-new-onboarding', problems);
    await page
      .getByLabel(
        K('home.new.identifierField', { label: L === 'ja' ? '顧客識別子' : 'customer identifier' }),
      )
      .fill('SHOP01');
    await page
      .getByRole('radio', { name: LANGUAGE === 'ja' ? 'サンドボックス環境' : 'Sandbox' })
      .check();
    await page.getByRole('button', { name: T('Create onboarding') }).click();

    // The client identity, with Japanese subject values.
    await page.getByRole('heading', { name: STEP('identity'), level: 2 }).waitFor();
    await look(page, '3-identity-form', problems);
    await page.getByLabel(/CN/).first().fill('SHOP01-SANDBOX');
    for (const [field, value] of Object.entries(SUBJECT))
      await page.getByLabel(new RegExp(`\\(${field}\\)`)).fill(value);
    await page.getByRole('button', { name: T('Generate key and self-signed certificate') }).click();
    const next = page.getByTestId('next-panel');
    await next.waitFor();
    await look(page, '4-identity-done', problems, ['[data-testid="identity-fingerprint"]']);
    const [onboarding] = desk.onboardings.list();
    const certificatePem = desk.onboardings.get(onboarding.id).current!.certificate!.pem;
    const certFile = join(outDir, 'generated.pem');
    writeFileSync(certFile, certificatePem);
    const subject = opensslOk(['x509', '-in', certFile, '-noout', '-subject', '-nameopt', 'utf8']);
    for (const value of Object.values(SUBJECT)) assert.ok(subject.includes(value), subject);

    // The Thales side: a loopback server that pins exactly the generated certificate.
    const server = await startNodeTlsServer({
      key: pki.server.keyPem,
      cert: pemOf(pki.server, pki.digicertCa),
      ca: [certificatePem],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      host: '127.0.0.1',
    });

    // The Thales assets.
    await page.getByRole('button', { name: T('Next step') }).click();
    await page.getByRole('heading', { name: STEP('thales'), level: 2 }).waitFor();
    await look(page, '5-thales-assets', problems);
    await page
      .getByRole('textbox', { name: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN' })
      .fill(pemOf(pki.server, pki.digicertCa, pki.root));
    await saveAsset(page, 'TSH_TLS_SERVER_CERTIFICATE_CHAIN');
    const clientField = page.getByRole('textbox', { name: 'TSH_TLS_CLIENT_CERTIFICATE' });
    await clientField.fill(pemOf(pki.client, pki.clientCa));
    await page.getByRole('button', { name: sayLike(L, 'wizard.asset.saveCa') }).click();
    await page.getByText(K('wizard.asset.caSaved')).waitFor();
    await clientField.fill(pki.client.certPem);
    await saveAsset(page, 'TSH_TLS_CLIENT_CERTIFICATE');
    const host = page.getByRole('textbox', { name: 'TSH_INBOUND_HOST' });
    await host.fill(`api.thales.test:${server.port}/1/sandbox-v2/`);
    await saveAsset(page, 'TSH_INBOUND_HOST');
    await page.getByText(`api.thales.test:${server.port}/1/sandbox-v2/`).last().waitFor();
    await look(page, '6-thales-assets-saved', problems);

    // Your server.
    await page.getByRole('button', { name: T('Next step') }).click();
    await page.getByRole('heading', { name: STEP('server'), level: 2 }).waitFor();
    await page
      .getByRole('textbox', { name: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN' })
      .fill(pemOf(pki.otherServer, pki.otherCa));
    await saveAsset(page, 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN');
    await page.getByRole('textbox', { name: 'ISSUER_HOST' }).fill('issuer.example.com/thales/');
    await saveAsset(page, 'ISSUER_HOST');
    await page.getByText('issuer.example.com/thales/').last().waitFor();
    await look(page, '7-your-server', problems);

    // The test passes; its report is in Japanese.
    await page.getByRole('button', { name: T('Next step') }).click();
    await page.getByRole('button', { name: T('Run inbound test (you → Thales)') }).click();
    const result = page.locator('[data-diagnosis="ok"]');
    await result.waitFor({ timeout: 30_000 });
    // Every step's sentence in Japanese too (main's summaryText, shared/i18n/probe-steps.ja.json).
    await look(page, '8-test-passed', problems);
    await page.getByRole('button', { name: T('Save report…') }).click();
    for (let i = 0; i < 100 && !saved.some((p) => p.endsWith('.html')); i++)
      await new Promise((r) => setTimeout(r, 50));
    const report = readFileSync(
      saved.find((p) => p.endsWith('.html'))!,
      'utf8',
    );
    if (LANGUAGE === 'ja') {
      assert.match(report, /<html lang="ja"/);
      assert.match(report, /[\u3040-\u30ff\u4e00-\u9fff]/, 'the report reads in Japanese');
      // The report's steps, what each found included, say no English either.
      const shown = await browser.newPage();
      await shown.setContent(report);
      for (const line of await englishLeft(shown, 'table:not([data-table])'))
        problems.push(`report: "${line}" is English`);
      await shown.close();
    }

    // The bundle, its checklist in Japanese.
    await page.getByRole('button', { name: T('Next step') }).click();
    await page.getByRole('heading', { name: STEP('export'), level: 2 }).waitFor();
    await page.getByRole('button', { name: T('Save portal bundle…') }).click();
    await page.getByTestId('completion').waitFor();
    await look(page, '9-bundle-saved', problems, ['[data-testid="completion"] .mono']);
    const files = unzipSync(new Uint8Array(readFileSync(saved.find((p) => p.endsWith('.zip'))!)));
    const checklist = Buffer.from(files['CHECKLIST.md']).toString('utf8');
    if (LANGUAGE === 'ja') {
      const prose = checklist
        .split('\n')
        .filter((line) =>
          /[A-Za-z]{4,}\s+[a-z]{2,}\s+[a-z]{2,}/.test(line.replace(/`[^`]*`/g, '')),
        );
      assert.deepEqual(prose, [], 'CHECKLIST.md reads in Japanese');
    }
    assert.ok(
      files['CUSTOMER_TLS_CLIENT_CERTIFICATE.pem'],
      'the client certificate is in the bundle',
    );

    await server.close();
    assert.deepEqual(problems, []);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
