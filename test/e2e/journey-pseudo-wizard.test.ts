// The onboarding wizard in the pseudo-locale (en-XA) and in Japanese. The same walk runs twice over
// a TSH onboarding (Thales assets missing, then one pasted, checked and saved; the next panel of the
// client certificate; the server step's configuration; a connection test that fails and an
// outbound check that is cancelled; the partial bundle, then the complete one, marked submitted)
// and a D1 onboarding (the CSR's next panel, the Thales-signed certificate before and after its
// import, the Thales assets with their published endpoint, the server step waiting for its chain,
// the test step's token endpoint check, a partial bundle with what it still needs).
// In en-XA every state shows only catalogue text (the wizard's, or the shared words and profile
// texts, which pass through the same wrapping) besides the data listed with it, and nothing
// overflows its box; in ja each state is photographed at both sizes into test-artifacts/ja/,
// with nothing overflowing either. Components of other areas inside a step (the certificate box,
// the live check, the certificate list and findings, the probe result, the busy line, copy buttons)
// are listed as data here: their own journeys check them.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { Desk } from '../../electron/services/desk.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import {
  assetNameIn,
  stepTitleIn,
  whereToFindIn,
  stepLabelIn,
} from '../../shared/i18n/wizard-words.js';
import { JAPANESE_TEXTS } from '../../shared/i18n/japanese.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, pemOf, writePem, type TestPki } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import { startRawServer, type Running } from '../helpers/tls-servers.js';
import { ARTIFACTS, launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { overflowing, pseudoChecker } from './pseudo.js';
import { screenshotSizes } from './screens.js';
import { ja } from '../../renderer/i18n/catalogues.js';

let browser: Browser;
let pki: TestPki;
before(async () => {
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
  for (const dir of ['pseudo', 'ja']) mkdirSync(join(ARTIFACTS, dir), { recursive: true });
});
after(() => browser?.close());

const PASSPHRASE = 'pseudo wizard passphrase';
const catalog = ProgramCatalog.load();
const D1_ID = 'd1-ecom/MGW_WIZD01/preprod';
const TSH_ID = 'tsh-classic/WIZTSH1/preprod';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Ports: one that accepts and never answers (the inbound test waits until cancelled), one closed. */
async function ports(): Promise<{ stalled: Running; refused: number }> {
  const stalled = await startRawServer((socket) => socket.on('error', () => undefined));
  return { stalled, refused: await closedPort() };
}

async function prepare(
  desk: Desk,
  { stalled, refused }: { stalled: Running; refused: number },
): Promise<void> {
  await desk.vault.init(PASSPHRASE);
  const tsh = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'WIZTSH1',
    environment: 'preprod',
  }).id;
  await desk.identity.generate({
    onboardingId: tsh,
    algorithm: 'ec-p256',
    commonName: 'WIZTSH1-PREPROD',
  });
  for (const [as, data] of [
    ['TSH_TLS_SERVER_CERTIFICATE_CHAIN', pemOf(pki.server, pki.digicertCa, pki.root)],
    ['THALES_CLIENT_CA', pki.clientCa.certPem],
    // Never answers: the inbound test waits in the TLS handshake until cancelled.
    ['TSH_INBOUND_HOST', `api.thales.test:${stalled.port}/api/`],
    ['CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN', pemOf(pki.server, pki.digicertCa)],
    // Nothing listens there: the outbound readiness check fails.
    ['ISSUER_HOST', `api.thales.test:${refused}/issuer/`],
  ] as const)
    await desk.assets.import({ onboardingId: tsh, as, data, source: 'test' });

  const d1 = desk.onboardings.create({
    program: 'd1-ecom',
    identifier: 'MGW_WIZD01',
    environment: 'preprod',
  }).id;
  await desk.identity.generate({
    onboardingId: d1,
    algorithm: 'ec-p256',
    subject: { C: 'FR', ST: 'Ile-de-France', L: 'Paris', O: 'Acme Payments', OU: 'Gateway' },
  });
}

/** What the walk does at each state: the pseudo-locale's check, or the Japanese screenshots. */
type Visit = (name: string, selector: string, data?: readonly string[]) => Promise<void>;

/** Data in every step: portal asset names (tags), values and paths (.mono), and other areas' parts. */
const STEP_DATA = [
  '.tag',
  '.mono',
  '.certificate-box',
  '.certificates',
  '.findings',
  // The live check's "Checking…" (the identity area's).
  '.asset > p.hint[role="status"]',
  '.ok-note',
  '.field-problem',
  '.probe',
  '.busy',
  'button[aria-label^="Copy"]',
] as const;

async function openWizard(page: Page, identifier: string, step: string): Promise<void> {
  await page.getByRole('button', { name: identifier, exact: true }).click();
  await page.locator(`.step[data-step="${step}"]`).waitFor();
}

async function railTo(page: Page, index: number, step: string): Promise<void> {
  await page.locator(`.rail li:nth-child(${index}) button`).click();
  await page.locator(`.step[data-step="${step}"]`).waitFor();
}

async function home(page: Page): Promise<void> {
  await page.locator('header nav button').first().click();
  await page.locator('.timeline').waitFor();
}

async function walkTsh(page: Page, visit: Visit, desk: Desk): Promise<void> {
  // Opens on the first step not done: the Thales assets, the client certificate still missing.
  await openWizard(page, 'WIZTSH1', 'thales');
  await page.locator('[data-asset="TSH_TLS_CLIENT_CERTIFICATE"] .disabled-reason').waitFor();
  await visit('wizard-tsh-1-rail', '.wizard > nav');
  await visit('wizard-tsh-2-assets-missing', '.step', STEP_DATA);

  // Pasted, checked live and saved: the asset shows as imported.
  const clientAsset = page.locator('[data-asset="TSH_TLS_CLIENT_CERTIFICATE"]');
  await clientAsset.locator('textarea').fill(pki.client.certPem);
  await clientAsset.locator('.actions button:enabled').first().click();
  await clientAsset.locator('.saved').waitFor();
  await visit('wizard-tsh-3-assets-imported', '.step', STEP_DATA);

  // The client identity step's next panel: save, copy, the fingerprint, where it goes.
  await railTo(page, 1, 'identity');
  await page.getByTestId('next-panel').waitFor();
  await visit('wizard-tsh-4-next-panel', '[data-testid="next-panel"]', STEP_DATA);

  // Your server: its assets and the configuration for nginx, Apache httpd or HAProxy.
  await railTo(page, 3, 'server');
  await page.locator('#server-config-title').waitFor();
  await visit('wizard-tsh-5-server-config', '.step', [
    ...STEP_DATA,
    // Program names, the same in every language.
    'fieldset label.choice',
  ]);

  // Test: the outbound readiness check fails (nothing listens); the inbound test is cancelled.
  await railTo(page, 4, 'test');
  await page.locator('.step .step-body > .actions button:not(.primary)').click();
  await page.locator('.probe.fail').waitFor({ timeout: 45_000 });
  await visit('wizard-tsh-6-test-failed', '.step', STEP_DATA);
  await page.locator('.step .step-body > .actions button.primary').click();
  await page.locator('.busy button').click();
  await page.locator('.cancelled-note[role="status"]').waitFor();
  await visit('wizard-tsh-7-test-cancelled', '.step', STEP_DATA);

  // Export: not done yet; a partial bundle; then the complete one, marked submitted to Thales.
  await railTo(page, 5, 'export');
  await page.locator('.partial-bundle button').click();
  await page.getByTestId('partial-bundle-saved').waitFor();
  await visit('wizard-tsh-8-export-partial', '.step', STEP_DATA);
  // The server's address on its default port: nothing is left failing, the bundle is complete.
  await desk.assets.import({
    onboardingId: TSH_ID,
    as: 'ISSUER_HOST',
    data: 'api.thales.test/issuer/',
    source: 'test',
  });
  await home(page);
  await openWizard(page, 'WIZTSH1', 'thales');
  await railTo(page, 5, 'export');
  await page.locator('.step .step-body > .actions button.primary').first().click();
  await page.getByTestId('completion').waitFor();
  await page.locator('.completion .actions button.primary').click();
  await page.locator('.completion .done-note').waitFor();
  await visit('wizard-tsh-9-export-done', '.step', [...STEP_DATA, 'time']);
  await home(page);
}

async function walkD1(page: Page, visit: Visit, desk: Desk): Promise<void> {
  const work = tempDir();
  // Opens on the Thales-signed certificate, not imported yet.
  await openWizard(page, 'MGW_WIZD01', 'signed');
  await visit('wizard-d1-1-signed-waiting', '.step', STEP_DATA);

  // The CSR's next panel: it goes to the Thales representative.
  await railTo(page, 1, 'identity');
  await page.getByTestId('next-panel').waitFor();
  await visit('wizard-d1-2-next-panel', '[data-testid="next-panel"]', STEP_DATA);

  // The Thales CA (a test CA standing in) signs the CSR; pasted, checked and imported.
  await railTo(page, 2, 'signed');
  const csr = writePem(work, 'd1.csr', desk.onboardings.get(D1_ID).current!.csr!.pem);
  const signed = join(work, 'signed.pem');
  opensslOk([
    'x509', '-req', '-in', csr, '-CA', writePem(work, 'ca.pem', pki.clientCa.certPem),
    '-CAkey', writePem(work, 'ca.key', pki.clientCa.keyPem), '-set_serial', '0x78',
    '-days', '700', '-sha256', '-extfile',
    writePem(work, 'client.ext', 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n'),
    '-out', signed,
  ]); // prettier-ignore
  await page.locator('.step textarea').fill(opensslOk(['x509', '-in', signed]));
  await page.locator('.step .actions button.primary:enabled').click();
  await page.locator('.step .done-note').waitFor();
  await visit('wizard-d1-3-signed-imported', '.step', STEP_DATA);

  // The Thales assets: the Client CA and the published endpoint (its source beside it).
  await railTo(page, 4, 'thales');
  await visit('wizard-d1-4-assets', '.step', STEP_DATA);

  // Your server: nothing saved yet, so the configuration waits.
  await railTo(page, 5, 'server');
  await visit('wizard-d1-5-server-waiting', '.step', STEP_DATA);

  // Test: with the token endpoint check of D1 Push Provisioning.
  await railTo(page, 6, 'test');
  await page.locator('#token-endpoint-title').waitFor();
  await visit('wizard-d1-6-test', '.step', STEP_DATA);

  // Export: a partial bundle and what the complete one still needs.
  await railTo(page, 7, 'export');
  await page.locator('.partial-bundle button').click();
  await page.getByTestId('partial-bundle-saved').locator('li').first().waitFor();
  await visit('wizard-d1-7-export-partial', '.step', STEP_DATA);
  await home(page);
}

it(
  'pseudo-locale: every wizard state of a TSH and a D1 onboarding shows only catalogue text, and nothing overflows',
  { timeout: 240_000 },
  async () => {
    const network = await ports();
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      dns: testDns,
      locale: 'en-XA',
      prepare: (d) => prepare(d, network),
    });
    await page.locator('.timeline').waitFor();
    const { problems, check } = pseudoChecker(page);
    let states = 0;
    const visit: Visit = async (name, selector, data) => {
      states++;
      await check(name, selector, data);
    };
    await walkTsh(
      page,
      async (name, selector, data) => {
        await visit(name, selector, data);
        // The shared words come through the pseudo wrapping too: a step title, a where line.
        if (name === 'wizard-tsh-2-assets-missing') {
          assert.match((await page.locator('.step h2').textContent())!, /^⟦Thales assets·+⟧$/);
          assert.match(
            (await page.getByTestId('where-TSH_TLS_CLIENT_CERTIFICATE').textContent())!,
            /^⟦Where to find it:·+⟧ ⟦In the TSH portal: .*·+⟧$/,
          );
        }
      },
      desk,
    );
    await walkD1(page, visit, desk);
    assert.equal(states, 16);
    assert.deepEqual(problems, []);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
    await network.stalled.close();
  },
);

it(
  'Japanese: every wizard state of a TSH and a D1 onboarding, photographed at both sizes, nothing overflowing',
  { timeout: 240_000 },
  async () => {
    const network = await ports();
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      dns: testDns,
      locale: 'ja',
      prepare: (d) => prepare(d, network),
    });
    await page.locator('.timeline').waitFor();
    const problems: string[] = [];
    const seen: string[] = [];
    const visit: Visit = async (name, selector) => {
      seen.push(name);
      for (const text of await overflowing(page, selector))
        problems.push(`${name}: "${text}" overflows its box`);
      await screenshotSizes(page, `ja/${name}`);
      // What the step says in Japanese: its title from the shared words, the rail's status words.
      const step = await page.locator('.step').getAttribute('data-step');
      assert.equal(
        await page.locator('.step h2').textContent(),
        stepTitleIn('ja', step as Parameters<typeof stepTitleIn>[1]),
      );
    };
    await walkTsh(
      page,
      async (name, selector, data) => {
        await visit(name, selector, data);
        if (name === 'wizard-tsh-1-rail') {
          const rail = await page.locator('.rail .state').allTextContents();
          assert.ok(
            rail.includes(ja['wizard.status.done']) && rail.includes(ja['wizard.status.missing']),
          );
        }
        if (name === 'wizard-tsh-2-assets-missing')
          assert.equal(
            await page.getByTestId('where-TSH_TLS_CLIENT_CERTIFICATE').textContent(),
            `${ja['wizard.asset.where']} ${whereToFindIn(JAPANESE_TEXTS, 'TSH_TLS_CLIENT_CERTIFICATE', catalog.get('tsh-classic'))}`,
          );
      },
      desk,
    );
    await walkD1(
      page,
      async (name, selector, data) => {
        await visit(name, selector, data);
        if (name === 'wizard-d1-7-export-partial')
          assert.deepEqual(
            await page.getByTestId('partial-bundle-saved').locator('li').allTextContents(),
            ['CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN', 'ISSUER_HOST'].map(
              (a) =>
                `${assetNameIn(JAPANESE_TEXTS, a as 'ISSUER_HOST')}（${stepLabelIn('ja', catalog.get('d1-ecom'), 'server')}）`,
            ),
          );
      },
      desk,
    );
    assert.equal(seen.length, 16);
    assert.deepEqual(problems, []);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
    await network.stalled.close();
  },
);
