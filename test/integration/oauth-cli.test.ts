// A D1 onboarding taken through the command line from OAuth key to a passing probe that ends with an
// authorized API call: `oauth keygen`, `oauth jwk` (kid = the RFC 7638 thumbprint, computed here
// independently), `oauth assertion` (verified here with Node's crypto.verify, not the jose library),
// `oauth confirm`, the bundle with the public key asset (checked with OpenSSL), `probe --token-url
// --api-path --json`, renewal and retirement. No private key byte is in any output or file.
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { cli } from '../helpers/cli.js';
import { opensslOk } from '../helpers/openssl.js';
import { startTokenServer } from '../helpers/oauth-server.js';
import { createTestPki, pemOf, writePem } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import {
  D1_SUBJECT,
  makeCa,
  newDesk,
  serverChain,
  signCsr,
  unlockedDesk,
  VAULT_PASSPHRASE,
} from './desk-fixtures.js';

const ID = 'MGW_123456';
const ONBOARDING = `d1-ecom/${ID}/preprod`;
const pki = await createTestPki();
const thalesCa = await makeCa('CN=Test Thales Business PKI CA,O=Thales Tests');
const { desk, dataDir } = await unlockedDesk();
desk.onboardings.create({ program: 'd1-ecom', identifier: ID, environment: 'preprod' });
const identity = await desk.identity.generate({
  onboardingId: ONBOARDING,
  algorithm: 'ec-p256',
  subject: D1_SUBJECT,
});
const signed = await signCsr(identity.pem, thalesCa);
await desk.assets.import({
  onboardingId: ONBOARDING,
  as: 'signed-certificate',
  data: signed.toString('pem') + '\n' + thalesCa.pem,
  source: 'signed.pem',
});
const chain = await serverChain('gw.merchant.example', 'CN=Merchant CA,O=Merchant');
await desk.assets.import({
  onboardingId: ONBOARDING,
  as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
  data: chain.pem,
  source: 'server.pem',
});
await desk.assets.import({
  onboardingId: ONBOARDING,
  as: 'ISSUER_HOST',
  data: 'gw.merchant.example/d1',
  source: '--value',
});
desk.close();

const server = await startTokenServer({
  cert: pemOf(pki.amazonServer, pki.amazonCa),
  key: pki.amazonServer.keyPem,
  ca: thalesCa.pem,
});
const root = writePem(dataDir, 'root.pem', pki.root.certPem);
const env = { MTLS_DESK_DATA_DIR: dataDir, P: VAULT_PASSPHRASE };
const outputs: string[] = [];

async function run(args: string[]) {
  const result = await cli(args, env);
  outputs.push(result.stdout, result.stderr);
  return result;
}

function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

async function probe(extra: string[] = []) {
  return run([
    'probe',
    `https://localhost:${server.port}/d1/api/ping`,
    '--onboarding',
    ONBOARDING,
    '--passphrase-env',
    'P',
    '--ca',
    root,
    '--dns-server',
    testDns.server,
    '--token-url',
    `https://localhost:${server.port}/authz/v1/oauth2/token`,
    '--api-path',
    '/d1/api/accounts',
    '--timeout',
    '20000',
    '--json',
    ...extra,
  ]);
}

describe('mtls-desk oauth, from the key to an authorized API call', () => {
  let jwk: JsonWebKey;

  it('keygen makes the key in the vault; jwk gives the public JWK whose kid is the RFC 7638 thumbprint', async () => {
    const made = await run([
      'oauth',
      'keygen',
      '--onboarding',
      ONBOARDING,
      '--passphrase-env',
      'P',
      '--json',
    ]);
    assert.equal(made.code, 0, made.stderr);
    const again = await run([
      'oauth',
      'keygen',
      '--onboarding',
      ONBOARDING,
      '--passphrase-env',
      'P',
    ]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already has the OAuth signing key.*oauth renew/);
    const out = join(dataDir, 'oauth.jwk.json');
    const written = await run(['oauth', 'jwk', '--onboarding', ONBOARDING, '--out', out]);
    assert.equal(written.code, 0, written.stderr);
    jwk = JSON.parse(readFileSync(out, 'utf8')) as JsonWebKey;
    assert.deepEqual(Object.keys(jwk).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    assert.equal(jwk.alg, 'ES256');
    assert.equal(jwk.kid, thumbprint(jwk));
    server.rules.keys = new Map([[String(jwk.kid), jwk]]);
  });

  it('assertion prints a compact ES256 JWT that verifies with the JWK; exp is capped at 15 minutes', async () => {
    const aud = 'https://api.d1-stg.thalescloud.io/authz/v1/oauth2/token';
    const printed = await run([
      'oauth',
      'assertion',
      '--onboarding',
      ONBOARDING,
      '--aud',
      aud,
      '--ttl',
      '600',
      '--passphrase-env',
      'P',
    ]);
    assert.equal(printed.code, 0, printed.stderr);
    const jwt = printed.stdout.trim();
    const [h, p, s] = jwt.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    assert.deepEqual(header, { alg: 'ES256', kid: jwk.kid, typ: 'JWT' });
    assert.equal(claims.iss, ID);
    assert.equal(claims.sub, ID);
    assert.equal(claims.aud, aud);
    assert.equal(claims.exp - claims.iat, 600);
    assert.match(claims.jti, /^[0-9a-f-]{36}$/);
    assert.equal(
      verify(
        'sha256',
        Buffer.from(`${h}.${p}`),
        { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
        Buffer.from(s, 'base64url'),
      ),
      true,
    );
    const tooLong = await run([
      'oauth',
      'assertion',
      '--onboarding',
      ONBOARDING,
      '--aud',
      aud,
      '--ttl',
      '901',
      '--passphrase-env',
      'P',
    ]);
    assert.equal(tooLong.code, 2);
    assert.match(tooLong.stderr, /1 to 900/);
  });

  it('probe --token-url --api-path ends with the authorized call; step names and diagnosis ids in --json', async () => {
    const passed = await probe();
    assert.equal(passed.code, 0, passed.stdout + passed.stderr);
    const result = JSON.parse(passed.stdout) as {
      diagnosis: { id: string };
      steps: Array<{ name: string; status: string; details: Record<string, unknown> }>;
    };
    assert.equal(result.diagnosis.id, 'ok');
    assert.deepEqual(
      result.steps.slice(-2).map((s) => [s.name, s.status]),
      [
        ['oauth-token', 'pass'],
        ['oauth-api', 'pass'],
      ],
    );
    assert.equal(
      result.steps.at(-1)!.details.url,
      `https://localhost:${server.port}/d1/api/accounts`,
    );
    // Thales has not provisioned the key: invalid_client, exit 1.
    server.rules.keys = new Map();
    const refused = await probe();
    assert.equal(refused.code, 1);
    const r = JSON.parse(refused.stdout) as {
      diagnosis: { id: string; fix: string };
      steps: Array<{ name: string; diagnosis?: string }>;
    };
    assert.equal(r.diagnosis.id, 'oauth-invalid-client');
    assert.equal(r.steps.find((s) => s.name === 'oauth-token')!.diagnosis, 'oauth-invalid-client');
    assert.match(r.diagnosis.fix, /kid/);
    server.rules.keys = new Map([[String(jwk.kid), jwk]]);
  });

  it('confirm records the exchange; the bundle carries the JWK, PEM and a certificate over the same key, and the checklist says what to send', async () => {
    assert.equal(
      (await run(['oauth', 'confirm', '--onboarding', ONBOARDING, '--passphrase-env', 'P'])).code,
      0,
    );
    const shown = await run(['onboarding', 'show', ONBOARDING, '--json']);
    assert.equal(
      (JSON.parse(shown.stdout) as { steps: Record<string, string> }).steps.oauth,
      'done',
    );
    const zip = join(dataDir, 'bundle.zip');
    const bundled = await run(['bundle', '--onboarding', ONBOARDING, '--out', zip]);
    assert.equal(bundled.code, 0, bundled.stderr);
    const files = unzipSync(new Uint8Array(readFileSync(zip)));
    for (const name of Object.keys(files))
      outputs.push(Buffer.from(files[name]).toString('latin1'));
    const text = (name: string) => Buffer.from(files[name]).toString('utf8');
    assert.deepEqual(JSON.parse(text('OAUTH_SIGNING_PUBLIC_KEY.jwk.json')), jwk);
    const manifest = JSON.parse(text('manifest.json')) as {
      files: Array<{ name: string; asset: string; oauth?: { kid: string } }>;
    };
    const oauthFiles = manifest.files.filter((f) => f.asset === 'OAUTH_SIGNING_PUBLIC_KEY');
    assert.deepEqual(oauthFiles.map((f) => f.name).sort(), [
      'OAUTH_SIGNING_PUBLIC_KEY.crt.pem',
      'OAUTH_SIGNING_PUBLIC_KEY.jwk.json',
      'OAUTH_SIGNING_PUBLIC_KEY.pem',
    ]);
    assert.ok(oauthFiles.every((f) => f.oauth?.kid === jwk.kid));
    const crt = writePem(dataDir, 'oauth.crt.pem', text('OAUTH_SIGNING_PUBLIC_KEY.crt.pem'));
    const pub = opensslOk(['x509', '-in', crt, '-noout', '-pubkey']);
    assert.equal(pub.trim(), text('OAUTH_SIGNING_PUBLIC_KEY.pem').trim());
    opensslOk(['verify', '-CAfile', crt, crt]);
    assert.equal(
      createPublicKey(text('OAUTH_SIGNING_PUBLIC_KEY.pem')).export({ format: 'jwk' }).x,
      jwk.x,
    );
    assert.match(
      text('CHECKLIST.md'),
      /OAUTH_SIGNING_PUBLIC_KEY\.jwk\.json.*Thales representative/,
    );
    assert.match(text('CHECKLIST.md'), /Thales confirmed the exchange/);
  });

  it('kid, renew and retire work like identities; a new kid needs a new confirmation', async () => {
    const kid = await run([
      'oauth',
      'kid',
      '--onboarding',
      ONBOARDING,
      '--kid',
      'thales-kid-7',
      '--passphrase-env',
      'P',
      '--json',
    ]);
    const key = (
      JSON.parse(kid.stdout) as {
        key: { kid: string; thalesConfirmedAt: string | null; jwk: { kid: string } };
      }
    ).key;
    assert.equal(key.kid, 'thales-kid-7');
    assert.equal(key.jwk.kid, 'thales-kid-7');
    assert.equal(key.thalesConfirmedAt, null);
    const bad = await run([
      'oauth',
      'kid',
      '--onboarding',
      ONBOARDING,
      '--kid',
      'has space',
      '--passphrase-env',
      'P',
    ]);
    assert.equal(bad.code, 2);
    const renewed = await run([
      'oauth',
      'renew',
      '--onboarding',
      ONBOARDING,
      '--passphrase-env',
      'P',
      '--json',
    ]);
    const next = (
      JSON.parse(renewed.stdout) as { key: { id: string; kid: string; predecessorId: string } }
    ).key;
    assert.notEqual(next.kid, 'thales-kid-7');
    const state = JSON.parse(
      (await run(['oauth', 'show', '--onboarding', ONBOARDING, '--json'])).stdout,
    ) as {
      keys: Array<{ id: string; retiredAt: string | null }>;
      current: { id: string };
    };
    assert.equal(state.keys.length, 2);
    assert.equal(state.current.id, next.id);
    const retired = await run([
      'oauth',
      'retire',
      '--onboarding',
      ONBOARDING,
      '--key',
      next.predecessorId,
      '--passphrase-env',
      'P',
    ]);
    assert.equal(retired.code, 0, retired.stderr);
    const last = await run([
      'oauth',
      'retire',
      '--onboarding',
      ONBOARDING,
      '--key',
      next.id,
      '--passphrase-env',
      'P',
    ]);
    assert.equal(last.code, 2);
    assert.match(last.stderr, /only one in use/);
  });

  it('no private key byte in any output or bundle file', async () => {
    const check = newDesk(dataDir).desk;
    await check.vault.unlock(VAULT_PASSPHRASE);
    const secrets: string[] = [];
    for (const key of check.vault.keys())
      await check.vault.withPrivateKey(key.id, (k) => {
        secrets.push((k.export({ format: 'jwk' }) as { d: string }).d);
        secrets.push(
          (k.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64').slice(-40),
        );
      });
    check.close();
    assert.ok(secrets.length >= 6);
    const all = outputs.join('\n');
    assert.doesNotMatch(all, /PRIVATE KEY/);
    for (const secret of secrets) assert.ok(!all.includes(secret), 'a private key value leaked');
    for (const token of server.issued) assert.ok(!all.includes(token), 'an access token leaked');
  });
});
