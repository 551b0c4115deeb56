// D1 OAuth 2.0 end to end on loopback: the signing key made in the vault, ES256 assertions checked
// by a token server with its own JOSE code (Node's crypto.verify, not the jose library), and every
// OAuth diagnosis the probe gives reached through a real mTLS connection: wrong kid, key not
// registered, wrong iss, wrong aud, expired assertion, clock skew, an algorithm refused, a token
// the API refuses, the token endpoint not found, and the passing path ending in an authorized call.
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, type JsonWebKey } from 'node:crypto';
import { describe, it } from 'node:test';
import type { InboundProbeResult } from '../../shared/diagnoses.js';
import { oauthProbeOf } from '../../electron/services/probe/onboarding.js';
import { renderReport } from '../../electron/services/probe/report.js';
import { keyViews } from '../../electron/main/onboarding-views.js';
import { classifyTokenRefusal } from '../../electron/services/oauth/probe-steps.js';
import { signAssertion } from '../../electron/services/oauth/assertion.js';
import { UserError } from '../../electron/services/errors.js';
import type { ClientIdentity } from '../../electron/services/probe/client-identity.js';
import { createTestPki, pemOf, type TestPki } from '../helpers/tls-pki.js';
import { startTokenServer, type TokenServer } from '../helpers/oauth-server.js';
import { assertDiagnosis, identityOf, probe } from '../helpers/tls-probe.js';
import { tempDir } from '../helpers/tmp.js';
import { catalog, unlockedDesk } from './desk-fixtures.js';
import type { Desk } from '../../electron/services/desk.js';

const ID = 'MGW_123456';
const ONBOARDING = `d1-ecom/${ID}/preprod`;
const dir = tempDir('oauth-probe-');
// Made at load time: temporary folders and servers are cleaned up after the whole file.
const pki: TestPki = await createTestPki();
const client: ClientIdentity = await identityOf(dir, pki.client);
const desk: Desk = (await unlockedDesk()).desk;
desk.onboardings.create({ program: 'd1-ecom', identifier: ID, environment: 'preprod' });
const oauthKey = await desk.oauth.generate({ onboardingId: ONBOARDING });
const jwk: JsonWebKey = { ...oauthKey.jwk };
const privateD = await desk.vault.withPrivateKey(
  oauthKey.keyId,
  (k) => (k.export({ format: 'jwk' }) as { d: string }).d,
);
const server: TokenServer = await startTokenServer({
  cert: pemOf(pki.amazonServer, pki.amazonCa),
  key: pki.amazonServer.keyPem,
  ca: pki.clientCa.certPem,
});

/** Registers our key under its kid, as Thales would, and resets every other rule. */
function provisioned(): void {
  const r = server.rules;
  r.keys = new Map([[String(jwk.kid), jwk]]);
  r.issuer = ID;
  r.audience = null;
  r.algorithms = ['ES256'];
  r.validationOffsetMs = 0;
  r.dateOffsetMs = 0;
  r.apiRefusesTokens = false;
  r.unavailable = false;
}

function url(path = '/d1/api/ping') {
  return `https://localhost:${server.port}${path}`;
}

async function run(tokenPath = '/authz/v1/oauth2/token'): Promise<InboundProbeResult> {
  const oauth = oauthProbeOf(desk, ONBOARDING, url(), {
    tokenUrl: `https://localhost:${server.port}${tokenPath}`,
  });
  assert.ok(oauth, 'the onboarding has an OAuth key, so the probe runs the OAuth steps');
  const result = await probe(url(), {
    identity: client,
    trustPem: [pki.root.certPem],
    profile: catalog.get('d1-ecom'),
    oauth,
  });
  // Nothing secret in any result: no private key byte, no access token, no assertion.
  const text = JSON.stringify(result);
  assert.doesNotMatch(text, /PRIVATE KEY/);
  assert.ok(!text.includes(privateD), 'the private key value is not in the result');
  for (const token of server.issued)
    assert.ok(!text.includes(token), 'no access token in the result');
  for (const jwt of server.assertions) assert.ok(!text.includes(jwt), 'no assertion in the result');
  return result;
}

function stepOf(result: InboundProbeResult, name: string) {
  const step = result.steps.find((s) => s.name === name);
  assert.ok(step, `no ${name} step: ${JSON.stringify(result.steps.map((s) => s.name))}`);
  return step;
}

describe('the probe ends with a real API call when the onboarding has OAuth', () => {
  it('passes: token from an ES256 assertion over mTLS, then the API answers the bearer token', async () => {
    provisioned();
    const result = await run();
    assertDiagnosis(result, 'ok');
    assert.deepEqual(
      result.steps.map((s) => s.name),
      ['identity', 'dns', 'tcp', 'tls', 'verify', 'http', 'oauth-token', 'oauth-api'],
    );
    const token = stepOf(result, 'oauth-token');
    assert.equal(token.status, 'pass');
    const sent = token.details.sent as {
      header: { alg: string; kid: string };
      claims: Record<string, unknown>;
    };
    assert.equal(sent.header.alg, 'ES256');
    assert.equal(sent.header.kid, jwk.kid);
    assert.equal(sent.claims.iss, ID);
    assert.equal(sent.claims.sub, ID);
    assert.equal(sent.claims.aud, `https://localhost:${server.port}/authz/v1/oauth2/token`);
    assert.ok(Number(sent.claims.exp) - Number(sent.claims.iat) <= 900);
    assert.equal((token.details.received as { expiresIn: number }).expiresIn, 900);
    const api = stepOf(result, 'oauth-api');
    assert.equal(api.status, 'pass');
    assert.equal(api.details.status, 200);
    assert.equal(server.issued.length > 0, true);
    // The HTML report shows the OAuth steps in its waterfall, in the app's words.
    const html = renderReport(result);
    assert.match(html, /<td>OAuth access token<\/td>/);
    assert.match(html, /<td>Authorized API call<\/td>/);
    // The vault's key list says where the OAuth key is used.
    const views = keyViews(desk);
    assert.deepEqual(
      views.filter((v) => v.id === oauthKey.keyId).map((v) => [v.onboardingId, v.use]),
      [[ONBOARDING, 'current']],
    );
  });

  it('wrong kid: the key is registered under another kid -> invalid_client', async () => {
    provisioned();
    server.rules.keys = new Map([['thales-assigned-kid-1', jwk]]);
    const result = await run();
    assertDiagnosis(result, 'oauth-invalid-client');
    assert.match(stepOf(result, 'oauth-token').summary, /no key registered with kid/);
    assert.equal(
      result.steps.some((s) => s.name === 'oauth-api'),
      false,
    );
    // Once the kid Thales assigned is recorded, the same key passes.
    desk.oauth.setKid({ onboardingId: ONBOARDING, kid: 'thales-assigned-kid-1' });
    try {
      assertDiagnosis(await run(), 'ok');
    } finally {
      desk.oauth.setKid({ onboardingId: ONBOARDING, kid: null });
    }
  });

  it('key not registered: another key sits under our kid -> invalid_client', async () => {
    provisioned();
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    server.rules.keys = new Map([
      [
        String(jwk.kid),
        {
          ...(other.publicKey.export({ format: 'jwk' }) as JsonWebKey),
          kid: jwk.kid,
        },
      ],
    ]);
    const result = await run();
    assertDiagnosis(result, 'oauth-invalid-client');
    assert.match(stepOf(result, 'oauth-token').summary, /signature does not verify/);
  });

  it('wrong iss: the key is registered for another identifier -> invalid_grant', async () => {
    provisioned();
    server.rules.issuer = 'MGW_999999';
    const result = await run();
    assertDiagnosis(result, 'oauth-invalid-grant');
    assert.match(stepOf(result, 'oauth-token').summary, /iss and sub must be MGW_999999/);
  });

  it('wrong aud: the server expects its published token URL -> invalid_grant', async () => {
    provisioned();
    server.rules.audience = 'https://api.d1-stg.thalescloud.io/authz/v1/oauth2/token';
    const result = await run();
    assertDiagnosis(result, 'oauth-invalid-grant');
    assert.match(stepOf(result, 'oauth-token').summary, /aud must be https:\/\/api\.d1-stg/);
  });

  it('expired assertion while the clocks agree -> oauth-assertion-expired', async () => {
    provisioned();
    server.rules.validationOffsetMs = 20 * 60_000;
    const result = await run();
    assertDiagnosis(result, 'oauth-assertion-expired');
    const received = stepOf(result, 'oauth-token').details.received as { skewSeconds: number };
    assert.ok(Math.abs(received.skewSeconds) <= 30, `clocks agree (${received.skewSeconds} s)`);
  });

  it("clock skew: the server's clock is 20 minutes behind -> oauth-clock-skew with both dates", async () => {
    provisioned();
    server.rules.validationOffsetMs = -20 * 60_000;
    server.rules.dateOffsetMs = -20 * 60_000;
    const result = await run();
    assertDiagnosis(result, 'oauth-clock-skew');
    const step = stepOf(result, 'oauth-token');
    const received = step.details.received as {
      serverDate: string;
      ourDate: string;
      skewSeconds: number;
    };
    assert.ok(
      received.skewSeconds < -1100 && received.skewSeconds > -1300,
      String(received.skewSeconds),
    );
    assert.ok(received.serverDate && received.ourDate);
    assert.match(step.summary, /server's Date is .* ours/);
  });

  it('an endpoint that refuses the algorithm -> oauth-unsupported-algorithm; and RS256 is refused by the D1-like server', async () => {
    provisioned();
    server.rules.algorithms = ['RS256'];
    assertDiagnosis(await run(), 'oauth-unsupported-algorithm');
    // The D1 rule the other way round: an RS256 assertion, made here without our signer, is refused.
    provisioned();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const input = `${b64({ alg: 'RS256', kid: jwk.kid })}.${b64({ iss: ID, sub: ID })}`;
    const jwt = `${input}.${sign('sha256', Buffer.from(input), rsa.privateKey).toString('base64url')}`;
    const { request } = await import('node:https');
    const answer = await new Promise<{ status: number; body: string; date: string }>(
      (resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: '/authz/v1/oauth2/token',
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            cert: pki.client.certPem,
            key: pki.client.keyPem,
            ca: pki.root.certPem,
            servername: 'localhost',
            timeout: 5000,
          },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () =>
              resolve({ status: res.statusCode!, body, date: String(res.headers.date) }),
            );
          },
        );
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', reject);
        req.end(
          new URLSearchParams({
            grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
            assertion: jwt,
          }).toString(),
        );
      },
    );
    const body = JSON.parse(answer.body) as { error: string; error_description: string };
    const c = classifyTokenRefusal({
      status: answer.status,
      error: body.error,
      errorDescription: body.error_description,
      ourDate: new Date().toISOString(),
      serverDate: answer.date,
      skewSeconds: 0,
    });
    assert.equal(c.id, 'oauth-unsupported-algorithm');
    // And our signer never makes anything but ES256.
    await assert.rejects(
      signAssertion(rsa.privateKey, {
        kid: 'k',
        subject: ID,
        audience: 'https://x.test/t',
        now: new Date(),
      }),
      (e) => e instanceof UserError && /ES256 only/.test(e.message),
    );
  });

  it('a token the API refuses (403 with a valid token) -> oauth-token-refused', async () => {
    provisioned();
    server.rules.apiRefusesTokens = true;
    const result = await run();
    assertDiagnosis(result, 'oauth-token-refused');
    assert.equal(stepOf(result, 'oauth-token').status, 'pass');
    assert.equal(stepOf(result, 'oauth-api').details.status, 403);
  });

  it('a token endpoint path that does not exist -> oauth-token-endpoint-not-found', async () => {
    provisioned();
    assertDiagnosis(await run('/authz/v2/oauth/token'), 'oauth-token-endpoint-not-found');
  });

  it('a token endpoint that answers with an error no rule names -> oauth-token-error, quoting it', async () => {
    provisioned();
    server.rules.unavailable = true;
    const result = await run();
    assertDiagnosis(result, 'oauth-token-error');
    assert.match(stepOf(result, 'oauth-token').summary, /503|temporarily_unavailable/);
    server.rules.unavailable = false;
  });

  it('without OAuth set up, a 401 stays an mTLS pass that says the API still needs OAuth', async () => {
    provisioned();
    const result = await probe(url(), {
      identity: client,
      trustPem: [pki.root.certPem],
      profile: catalog.get('d1-ecom'),
    });
    assertDiagnosis(result, 'ok');
    assert.equal(
      result.steps.some((s) => s.name.startsWith('oauth')),
      false,
    );
    assert.match(
      stepOf(result, 'http').summary,
      /HTTP 401.*requires an OAuth 2\.0 access token.*no API call is proven/,
    );
  });
});
