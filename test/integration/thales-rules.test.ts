// Thales rules, round 2, through the CLI and OpenSSL: D1 identifiers of exactly 10 characters, the
// D1 Common Name in three tiers (known wrong refused, another layout warned, a confirmed layout
// then the check), and the xPay Enablement CSR.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { cli } from '../helpers/cli.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('thales-rules-');
const SUBJECT = 'C=FR,ST=Ile-de-France,L=Paris,O=Acme Payments,OU=Gateway';
let ecKey: string;

before(() => {
  ecKey = join(dir, 'ec.key');
  opensslOk(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', ecKey]);
});

function csr(id: string, out: string, subject = SUBJECT, extra: string[] = [], env = {}) {
  return cli(
    [
      'csr',
      '--program',
      'd1-ecom',
      '--env',
      'preprod',
      '--id',
      id,
      '--subject',
      subject,
      '--key',
      ecKey,
      '--out',
      join(dir, out),
      '--json',
      ...extra,
    ],
    env,
  );
}

describe('D1 identifiers: exactly 10 characters', () => {
  it('csr and lint refuse a 9- or 11-character id and accept MGW_123456', async () => {
    for (const id of ['MGW_12345', 'MGW_1234567']) {
      const made = await csr(id, `${id}.csr`);
      assert.equal(made.code, 2);
      assert.match(
        made.stderr,
        new RegExp(
          `the merchantGatewayId "${id}" \\(${id.length} characters\\) is not valid: use exactly 10`,
        ),
      );
      const lint = await cli([
        'lint',
        '--program',
        'd1-ecom',
        '--env',
        'preprod',
        '--id',
        id,
        ecKey,
      ]);
      assert.equal(lint.code, 2);
      assert.match(lint.stderr, /is not valid: use exactly 10 letters, digits, "_" or "-"/);
    }
    const ok = await csr('MGW_123456', 'ok.csr');
    assert.equal(ok.code, 0, ok.stderr);
    const json = JSON.parse(ok.stdout);
    assert.equal(json.commonName, 'TLSMA-ECDSA/MGW_123456-PPR');
    assert.equal(json.commonNameLayout, 'unconfirmed');
    opensslOk(['req', '-in', join(dir, 'ok.csr'), '-verify', '-noout']);
    const lint = await cli([
      'lint',
      '--program',
      'd1-ecom',
      '--env',
      'preprod',
      '--id',
      'MGW_123456',
      join(dir, 'ok.csr'),
    ]);
    assert.equal(lint.code, 0, lint.stdout);
    assert.match(
      lint.stdout,
      /final Common Name: TLSMA-ECDSA\/MGW_123456-PPR \(layout not confirmed/,
    );
  });
});

describe('D1 Common Name: refuse only what is known to be wrong', () => {
  it('another layout is made with a warning; the wrong key type or a missing PPR is refused', async () => {
    const other = await csr('MGW_123456', 'other.csr', `${SUBJECT},CN=TLSMA-ECDSA/MGW_123456_PPR`);
    assert.equal(other.code, 0, other.stderr);
    const json = JSON.parse(other.stdout);
    assert.equal(json.commonName, 'TLSMA-ECDSA/MGW_123456_PPR');
    assert.equal(json.commonNameLayout, 'unconfirmed');
    assert.deepEqual(
      json.findings.map((f: { id: string; severity: string }) => [f.id, f.severity]),
      [
        ['cn-layout-unconfirmed', 'warning'],
        ['cn-confirm-with-thales', 'info'],
      ],
    );
    const subj = opensslOk(['req', '-in', join(dir, 'other.csr'), '-noout', '-subject']);
    assert.match(subj, /CN = TLSMA-ECDSA\/MGW_123456_PPR/);
    const text = await cli([
      'csr',
      '--program',
      'd1-ecom',
      '--env',
      'preprod',
      '--id',
      'MGW_123456',
      '--subject',
      `${SUBJECT},CN=TLSMA-ECDSA/MGW_123456_PPR`,
      '--key',
      ecKey,
      '--out',
      join(dir, 'other-text.csr'),
    ]);
    assert.match(
      text.stdout,
      /Common Name {2}TLSMA-ECDSA\/MGW_123456_PPR {2}\(layout NOT confirmed: confirm it with your Thales representative\)/,
    );

    const rsaWord = await csr('MGW_123456', 'rsa.csr', `${SUBJECT},CN=TLSMA-RSA/MGW_123456-PPR`);
    assert.equal(rsaWord.code, 2);
    assert.match(rsaWord.stderr, /starts with "TLSMA-RSA\/" but the key is ECDSA/);
    const noEnv = await csr('MGW_123456', 'noenv.csr', `${SUBJECT},CN=TLSMA-ECDSA/MGW_123456`);
    assert.equal(noEnv.code, 2);
    assert.match(noEnv.stderr, /does not contain the environment code PPR/);
  });

  it('a layout saved as confirmed is the check: it passes, and the default layout is then refused', async () => {
    const env = { MTLS_DESK_DATA_DIR: join(dir, 'data') };
    const bad = await cli(
      [
        'programs',
        'confirm-cn-layout',
        '--program',
        'd1-ecom',
        '--layout',
        'TLSMA-{keyType}/{identifier}',
      ],
      env,
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /must contain \{envCode\} after the "\/"/);
    const saved = await cli(
      [
        'programs',
        'confirm-cn-layout',
        '--program',
        'd1-ecom',
        '--layout',
        'TLSMA-{keyType}/{identifier}_{envCode}',
      ],
      env,
    );
    assert.equal(saved.code, 0, saved.stderr);
    const made = await csr('MGW_123456', 'confirmed.csr', SUBJECT, [], env);
    assert.equal(made.code, 0, made.stderr);
    const json = JSON.parse(made.stdout);
    assert.equal(json.commonName, 'TLSMA-ECDSA/MGW_123456_PPR');
    assert.equal(json.commonNameLayout, 'confirmed');
    const old = await csr(
      'MGW_123456',
      'old.csr',
      `${SUBJECT},CN=TLSMA-ECDSA/MGW_123456-PPR`,
      [],
      env,
    );
    assert.equal(old.code, 2);
    assert.match(
      old.stderr,
      /the layout confirmed with Thales \(TLSMA-\{keyType\}\/\{identifier\}_\{envCode\}\)/,
    );
  });
});

describe('xPay Enablement', () => {
  it('is listed, and its CSR (exact CN from the Thales representative) verifies with OpenSSL', async () => {
    const programs = JSON.parse((await cli(['programs', '--json'])).stdout);
    assert.ok(programs.programs.some((p: { id: string }) => p.id === 'xpay-enablement'));
    const noCn = await cli([
      'csr',
      '--program',
      'xpay-enablement',
      '--env',
      'preprod',
      '--id',
      'CUST01',
      '--subject',
      'O=Acme',
      '--key',
      ecKey,
      '--out',
      join(dir, 'xpay-nocn.csr'),
    ]);
    assert.equal(noCn.code, 2);
    assert.match(
      noCn.stderr,
      /needs the exact Common Name: the Common Name your Thales representative gives/,
    );
    const made = await cli([
      'csr',
      '--program',
      'xpay-enablement',
      '--env',
      'preprod',
      '--id',
      'CUST01',
      '--subject',
      'O=Acme,C=FR,CN=CUST01-XPAY-PREPROD',
      '--key',
      ecKey,
      '--out',
      join(dir, 'xpay.csr'),
      '--json',
    ]);
    assert.equal(made.code, 0, made.stderr);
    const json = JSON.parse(made.stdout);
    assert.equal(json.commonNameLayout, 'unconfirmed');
    assert.match(json.findings[0].message, /does not publish the format: unconfirmed/);
    opensslOk(['req', '-in', join(dir, 'xpay.csr'), '-verify', '-noout']);
    const text = opensslOk(['req', '-in', join(dir, 'xpay.csr'), '-noout', '-text']);
    assert.match(text, /Signature Algorithm: ecdsa-with-SHA256/);
    assert.match(text, /CN ?= ?CUST01-XPAY-PREPROD/);
  });
});
