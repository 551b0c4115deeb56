// What the tester journeys share: Chromium and a test PKI for the file, an mTLS server on loopback
// that requires a client certificate from the test client CA, and the app opened on the
// Connection tester with an initialized vault and the files its "Choose…" dialogs answer.
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { Desk } from '../../electron/services/desk.js';
import { createTestPki, pemOf, type TestPki } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import { startNodeTlsServer, type Running } from '../helpers/tls-servers.js';
import { tempDir } from '../helpers/tmp.js';
import { launchChromium, openDeskApp, type KeyMaterialWatch } from './bridge.js';

export interface TesterFixtures {
  browser(): Browser;
  pki(): TestPki;
}

/** Launches Chromium and makes the test PKI before the file's tests; closes Chromium after. */
export function testerFixtures(): TesterFixtures {
  let browser: Browser | undefined;
  let pki: TestPki | undefined;
  before(async () => {
    [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
  });
  after(() => browser?.close());
  return { browser: () => browser!, pki: () => pki! };
}

/** An mTLS server on 127.0.0.1: the test server chain, a client certificate from the test client CA required. */
export function mtlsTestServer(pki: TestPki): Promise<Running> {
  return startNodeTlsServer({
    key: pki.server.keyPem,
    cert: pemOf(pki.server, pki.digicertCa),
    ca: [pki.clientCa.certPem],
    requestCert: true,
    rejectUnauthorized: true,
    host: '127.0.0.1',
  });
}

/** The app on the Connection tester: a vault made with `passphrase`, `openAnswers` for its file dialogs. */
export async function openTester(
  browser: Browser,
  options: { passphrase: string; openAnswers?: string[] },
): Promise<{ page: Page; desk: Desk; keys: KeyMaterialWatch }> {
  const opened = await openDeskApp(browser, {
    dataDir: tempDir(),
    outDir: tempDir(),
    dns: testDns,
    openAnswers: options.openAnswers ?? [],
    prepare: async (desk) => {
      await desk.vault.init(options.passphrase);
    },
  });
  await opened.page.getByRole('button', { name: 'Connection tester' }).click();
  return opened;
}
