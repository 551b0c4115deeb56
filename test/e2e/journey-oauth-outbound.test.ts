// Journey: D1 Push Provisioning from the app. The Test step checks the customer's OAuth token
// endpoint (/authz/d1/v1/oauth2/token on ISSUER_HOST) over mTLS, as `check-server
// --token-endpoint` does: a good endpoint passes, a wrong secret is refused with its diagnosis.
// The client secret typed in the app is sent once to main and used once: no answer or event the
// page receives, no line main logs and no file in the data or output folders holds it (as typed,
// or base64 in the Basic header), and the field is cleared once sent.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, pemOf, writePem, type TestPki } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import { launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { screenshotSizes } from './screens.js';

const PATH = '/authz/d1/v1/oauth2/token';
const CLIENT_ID = 'd1-push-client';
const SECRET = 'Tr0ub4dor-secret-typed-in-the-app';

let browser: Browser;
let pki: TestPki;
let port: number;
const sockets = new Set<Socket>();
let server: ReturnType<typeof createServer>;
before(async () => {
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
  // A good token endpoint: mTLS with the test Thales Client CA, 401 without or with wrong Basic
  // credentials, a Bearer token with an expiry for the right ones.
  server = createServer(
    {
      cert: pemOf(pki.server, pki.digicertCa),
      key: pki.server.keyPem,
      ca: pki.clientCa.certPem,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      req.resume();
      req.on('end', () => {
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.url !== PATH || req.method !== 'POST') return send(404, { error: 'not_found' });
        const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const [id, secret] = auth
          ? Buffer.from(auth, 'base64').toString('utf8').split(':').map(decodeURIComponent)
          : [];
        if (id !== CLIENT_ID || secret !== SECRET) return send(401, { error: 'invalid_client' });
        send(200, { access_token: 'issued-token', token_type: 'Bearer', expires_in: 900 });
      });
    },
  );
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  await browser?.close();
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Every form of the secret that could leak: as typed, and base64 inside a Basic header. */
const needles = [
  SECRET,
  Buffer.from(SECRET).toString('base64'),
  Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64'),
  Buffer.from(SECRET).toString('hex'),
];
const leakIn = (text: string) => needles.find((n) => text.includes(n)) ?? null;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

it(
  'd1-ecom: the Test step checks your OAuth token endpoint; the secret is used once and found nowhere',
  { timeout: 120_000 },
  async () => {
    const dataDir = tempDir();
    const outDir = tempDir();
    const work = tempDir();
    // Everything main logs while the journey runs (main runs in this process).
    const logged: string[] = [];
    const originals = {
      log: console.log,
      error: console.error,
      warn: console.warn,
      info: console.info,
    };
    for (const level of ['log', 'error', 'warn', 'info'] as const)
      console[level] = (...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
        originals[level](...args);
      };
    try {
      const { page, desk, keys } = await openDeskApp(browser, {
        dataDir,
        outDir,
        dns: testDns,
        openAnswers: [
          writePem(work, 'thales-like-client.pem', pki.client.certPem),
          writePem(work, 'thales-like-client.key', pki.client.keyPem),
        ],
        prepare: async (d) => {
          await d.vault.init('push provisioning passphrase');
          const created = d.onboardings.create({
            program: 'd1-ecom',
            identifier: 'MGW_123456',
            environment: 'preprod',
          });
          await d.assets.import({
            onboardingId: created.id,
            as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
            data: pemOf(pki.server, pki.digicertCa, pki.root),
            source: 'chain.pem',
          });
          await d.assets.import({
            onboardingId: created.id,
            as: 'ISSUER_HOST',
            data: `api.thales.test:${port}/`,
            source: '--value',
          });
          await d.assets.import({
            onboardingId: created.id,
            as: 'THALES_CLIENT_CA',
            data: pki.clientCa.certPem,
            source: 'thales-client-ca.pem',
          });
        },
      });
      // Every answer and event the page receives is searched for the secret too.
      const keyLeak = keys.leakIn.bind(keys);
      keys.leakIn = (text: string) => {
        const found = leakIn(text);
        return found !== null ? 'the OAuth client secret' : keyLeak(text);
      };

      await page.getByRole('button', { name: 'MGW_123456' }).click();
      await page.getByRole('button', { name: /6\. Test/ }).click();
      const section = page.getByRole('region', {
        name: 'Your OAuth token endpoint (Push Provisioning)',
      });
      assert.equal(await section.getByLabel('Token endpoint path').inputValue(), PATH);
      await section.getByLabel('Client id').fill(CLIENT_ID);
      await section.getByLabel('Client secret').fill('a-wrong-secret');
      await section.getByRole('button', { name: 'Choose a client certificate…' }).click();
      await section
        .getByRole('button', { name: 'Client certificate: thales-like-client.pem' })
        .waitFor();
      await section.getByRole('button', { name: 'Choose its key…' }).click();
      await section.getByRole('button', { name: 'Client key: thales-like-client.key' }).waitFor();

      // A wrong secret: refused by the endpoint, said with its diagnosis.
      await section.getByRole('button', { name: 'Check your token endpoint' }).click();
      await section
        .getByText(/the client credentials given were refused \(HTTP 401\)/)
        .first()
        .waitFor();
      assert.equal(await section.getByLabel('Client secret').inputValue(), '');

      // The right one: every part of the token endpoint check passes.
      await section.getByLabel('Client secret').fill(SECRET);
      await section.getByRole('button', { name: 'Check your token endpoint' }).click();
      await section
        .getByText(
          `${PATH} requires the client certificate, refuses missing and wrong credentials with 401, and issues a Bearer token with an expiry`,
        )
        .first()
        .waitFor();
      assert.equal(await section.getByLabel('Client secret').inputValue(), '');
      await screenshotSizes(page, 'oauth-outbound-token-endpoint');

      // Recorded in the onboarding's history, without the secret.
      const view = desk.onboardings.get('d1-ecom/MGW_123456/preprod');
      const history = JSON.stringify(view.record);
      assert.match(history, /token-endpoint/);
      assert.equal(leakIn(history), null);

      assert.deepEqual(rendererErrors(page), []);
      assert.equal(leakIn(await page.content()), null);
      await page.close();
    } finally {
      Object.assign(console, originals);
    }
    assert.equal(leakIn(logged.join('\n')), null, 'no log line holds the secret');
    for (const file of [...filesUnder(dataDir), ...filesUnder(outDir)])
      assert.equal(leakIn(readFileSync(file).toString('latin1')), null, file);
  },
);
