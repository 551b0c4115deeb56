// Import in every format a person brings (PEM, DER, PKCS#7, PKCS#12 with its password, encrypted
// and plain PKCS#8, traditional PEM keys, pasted text), chains put leaf first, keys matched to
// certificates, Thales assets linted; and every bad input refused with nothing stored.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../shared/findings.js';
import { cli } from '../helpers/cli.js';
import { openssl, opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import {
  D1_SUBJECT,
  makeCa,
  serverChain,
  signCsr,
  unlockedDesk,
  VAULT_PASSPHRASE,
} from './desk-fixtures.js';

const DIGICERT = 'CN=DigiCert SHA2 High Assurance Server CA,O=DigiCert Inc,C=US';

/** A client key and self-signed certificate made by OpenSSL itself, as another tool would. */
function opensslIdentity(
  dir: string,
  name: string,
  keyArgs: string[],
  cn: string,
): { key: string; cert: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  opensslOk([
    'req',
    '-x509',
    ...keyArgs,
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '365',
    '-subj',
    `/CN=${cn}`,
    '-nodes',
    '-sha256',
    '-addext',
    'basicConstraints=critical,CA:FALSE',
    '-addext',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    '-addext',
    'extendedKeyUsage=clientAuth',
  ]);
  return { key, cert };
}

describe('import', () => {
  it('takes a Thales server chain in any order and format, stores it leaf first and lints it for the program', async () => {
    const { desk } = await unlockedDesk();
    const dir = tempDir();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'I1',
      environment: 'preprod',
    });
    const chain = await serverChain('tsh.thales.example', DIGICERT);
    // Reversed order, as PEM text pasted in.
    const pasted = await desk.assets.import({
      onboardingId: o.id,
      as: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
      data: chain.intermediate.pem + chain.leaf.pem,
      source: 'pasted text',
    });
    assert.deepEqual(
      pasted.certificates.map((c) => c.subject),
      ['CN=tsh.thales.example', 'CN=DigiCert SHA2 High Assurance Server CA, O=DigiCert Inc, C=US'],
    );
    assert.deepEqual(
      pasted.findings.filter((f) => f.severity === 'error'),
      [],
    );
    assert.ok(
      pasted.findings.some((f) => f.id === 'chain-without-root'),
      'says the root is not included',
    );
    // The same chain as a DER PKCS#7 (.p7b) with the root, made by OpenSSL.
    writeFileSync(join(dir, 'chain.pem'), chain.root.pem + chain.leaf.pem + chain.intermediate.pem);
    opensslOk([
      'crl2pkcs7',
      '-nocrl',
      '-certfile',
      join(dir, 'chain.pem'),
      '-outform',
      'DER',
      '-out',
      join(dir, 'chain.p7b'),
    ]);
    const p7b = await desk.assets.import({
      onboardingId: o.id,
      as: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
      data: readFileSync(join(dir, 'chain.p7b')),
      source: 'chain.p7b',
    });
    assert.equal(p7b.certificates.length, 3);
    assert.equal(p7b.certificates[0].subject, 'CN=tsh.thales.example');
    assert.match(p7b.certificates[2].subject, /Test Root/);
    assert.ok(!p7b.findings.some((f) => f.id === 'chain-without-root'));
    // One certificate as DER.
    opensslOk([
      'x509',
      '-in',
      join(dir, 'chain.pem'),
      '-outform',
      'DER',
      '-out',
      join(dir, 'root.der'),
    ]);
    const der = await desk.assets.import({
      onboardingId: o.id,
      as: 'TSH_TLS_CLIENT_CERTIFICATE',
      data: readFileSync(join(dir, 'root.der')),
      source: 'root.der',
    });
    assert.equal(der.certificates.length, 1);
    const stored = desk.onboardings.get(o.id).record.assets.TSH_TLS_SERVER_CERTIFICATE_CHAIN!;
    assert.equal(stored.certificates.length, 3);
    assert.ok(stored.certificates[0].pem.startsWith('-----BEGIN CERTIFICATE-----'));
  });

  it('tells a chain missing its intermediate (error for server chains, warning for a client certificate) from one that only omits the root (info)', async () => {
    const { desk } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'INC',
      environment: 'preprod',
    });
    const chain = await serverChain('api.bank.example', 'CN=Bank Issuing CA,O=Bank');
    const incomplete = (findings: Finding[]) => findings.filter((f) => f.id === 'chain-incomplete');
    // Leaf only: its issuer, an intermediate, is not there.
    for (const asset of [
      'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
      'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
    ] as const) {
      const data =
        asset === 'TSH_TLS_SERVER_CERTIFICATE_CHAIN'
          ? (await serverChain('tsh.thales.example', DIGICERT)).leaf.pem
          : chain.leaf.pem;
      const leafOnly = await desk.assets.import({
        onboardingId: o.id,
        as: asset,
        data,
        source: 'leaf.pem',
      });
      const [finding, ...more] = incomplete(leafOnly.findings);
      assert.equal(more.length, 0, asset);
      assert.equal(finding?.severity, 'error', `${asset}: ${JSON.stringify(leafOnly.findings)}`);
      assert.match(
        finding.message,
        asset === 'TSH_TLS_SERVER_CERTIFICATE_CHAIN'
          ? /ends at "CN=DigiCert SHA2 High Assurance Server CA, O=DigiCert Inc, C=US", which is not included/
          : /ends at "CN=Bank Issuing CA, O=Bank", which is not included/,
      );
      assert.match(finding.fix, /add the intermediate/);
      assert.ok(!leafOnly.findings.some((f) => f.id === 'chain-without-root'), asset);
      assert.equal(
        desk.onboardings.get(o.id).checks.find((c) => c.item === asset)!.status,
        'failing',
        asset,
      );
    }
    // Leaf and intermediate, root left out as usual: an info note only, and the check passes.
    const withIntermediate = await desk.assets.import({
      onboardingId: o.id,
      as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
      data: chain.leaf.pem + chain.intermediate.pem,
      source: 'server.pem',
    });
    assert.deepEqual(incomplete(withIntermediate.findings), []);
    assert.deepEqual(
      withIntermediate.findings.filter((f) => f.id === 'chain-without-root').map((f) => f.severity),
      ['info'],
    );
    assert.equal(
      desk.onboardings
        .get(o.id)
        .checks.find((c) => c.item === 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN')!.status,
      'done',
    );
    // With the root too: nothing to say.
    const whole = await desk.assets.import({
      onboardingId: o.id,
      as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
      data: chain.pem + chain.root.pem,
      source: 'full.pem',
    });
    assert.ok(
      !whole.findings.some((f) => f.id === 'chain-incomplete' || f.id === 'chain-without-root'),
    );
    // A client certificate signed by an intermediate, given alone: a warning (the exported chain would lack it).
    const d1 = desk.onboardings.create({
      program: 'd1-ecom',
      identifier: 'INC_000001',
      environment: 'preprod',
    });
    const { pem: csr } = await desk.identity.generate({
      onboardingId: d1.id,
      algorithm: 'ec-p256',
      subject: D1_SUBJECT,
    });
    const thalesRoot = await makeCa('CN=Thales Test Root,O=Thales');
    const thalesIssuing = await makeCa('CN=Thales Test Issuing CA,O=Thales', thalesRoot);
    const signed = await signCsr(csr, thalesIssuing);
    const alone = await desk.assets.import({
      onboardingId: d1.id,
      as: 'signed-certificate',
      data: signed.toString('pem'),
      source: 'signed.pem',
    });
    assert.deepEqual(
      incomplete(alone.findings).map((f) => f.severity),
      ['warning'],
    );
    assert.match(
      incomplete(alone.findings)[0].message,
      /ends at "CN=Thales Test Issuing CA, O=Thales", which is not included/,
    );
    const withIssuer = await desk.assets.import({
      onboardingId: d1.id,
      as: 'signed-certificate',
      data: signed.toString('pem') + '\n' + thalesIssuing.pem,
      source: 'signed-chain.pem',
    });
    assert.deepEqual(incomplete(withIssuer.findings), []);
    assert.ok(
      withIssuer.findings.some((f) => f.id === 'chain-without-root' && f.severity === 'info'),
    );
  });

  it('CLI: "import ... -" reads pasted text from standard input of the real process', async () => {
    const { desk, dataDir } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'STDIN',
      environment: 'preprod',
    });
    const chain = await serverChain('api.bank.example', 'CN=Bank Issuing CA,O=Bank');
    const entry = fileURLToPath(new URL('../../electron/cli/index.ts', import.meta.url));
    const importFromStdin = (as: string, input: string) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', entry, 'import', '--onboarding', o.id, '--as', as, '-', '--json'],
        {
          env: { ...process.env, MTLS_DESK_DATA_DIR: dataDir },
          input,
          encoding: 'utf8',
          timeout: 60_000,
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
    // Pasted in reverse order, with the text around it a mail client adds.
    const chainRun = importFromStdin(
      'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
      `Here is our chain:\n${chain.intermediate.pem}\n${chain.leaf.pem}\nRegards\n`,
    );
    assert.equal(chainRun.status, 0, chainRun.stderr);
    const result = JSON.parse(chainRun.stdout);
    assert.deepEqual(
      result.certificates.map((c: { subject: string }) => c.subject),
      ['CN=api.bank.example', 'CN=Bank Issuing CA, O=Bank'],
    );
    const hostRun = importFromStdin('ISSUER_HOST', 'api.bank.example/thales/v1\n');
    assert.equal(hostRun.status, 0, hostRun.stderr);
    const { assets } = desk.onboardings.get(o.id).record;
    assert.equal(assets.CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN?.source, 'pasted text');
    assert.equal(
      assets.CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN?.certificates[0].sha256Fingerprint,
      result.certificates[0].sha256Fingerprint,
    );
    assert.deepEqual(assets.ISSUER_HOST?.host, {
      host: 'api.bank.example',
      port: null,
      basePath: '/thales/v1',
    });
    // Nothing pasted: refused in one sentence, nothing changed.
    const empty = importFromStdin('CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN', '');
    assert.equal(empty.status, 2, empty.stdout + empty.stderr);
    assert.match(empty.stdout + empty.stderr, /pasted text/);
    assert.equal(
      desk.onboardings.get(o.id).record.assets.CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN?.certificates
        .length,
      2,
    );
  });

  it('warns about a Thales chain from another CA than the documented one, and flags an expired one (the CLI exits 1)', async () => {
    const { desk, dataDir } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'd1-ecom',
      identifier: 'ISS_000002',
      environment: 'preprod',
    });
    const digicert = await serverChain('d1.thales.example', DIGICERT);
    const result = await desk.assets.import({
      onboardingId: o.id,
      as: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
      data: digicert.pem,
      source: 'chain.pem',
    });
    // Thales may change its server CA: what was found, what was documented, what to confirm.
    const ca = result.findings.find((f) => f.id === 'unexpected-server-ca');
    assert.equal(ca?.severity, 'warning', 'D1 servers chain to Amazon, not DigiCert');
    assert.match(
      ca!.message,
      /comes from .*DigiCert.*, not from an Amazon CA .*, the CA documented for D1 eCom Enablement/,
    );
    assert.match(ca!.fix, /confirm with your Thales representative/);
    assert.notEqual(
      desk.onboardings.get(o.id).checks.find((c) => c.item === 'TSH_TLS_SERVER_CERTIFICATE_CHAIN')!
        .status,
      'failing',
    );
    const expired = await serverChain('d1.thales.example', 'CN=Amazon RSA 2048 M02,O=Amazon,C=US', {
      leafNotAfter: new Date(Date.now() - 86_400_000),
    });
    const file = join(dataDir, 'expired.pem');
    writeFileSync(file, expired.pem);
    const run = await cli(
      ['import', '--onboarding', o.id, '--as', 'TSH_TLS_SERVER_CERTIFICATE_CHAIN', file, '--json'],
      { MTLS_DESK_DATA_DIR: dataDir },
    );
    assert.equal(run.code, 1, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.equal(json.ok, false);
    assert.ok(json.findings.some((f: { id: string }) => f.id === 'expired'));
    assert.ok(!json.findings.some((f: { id: string }) => f.id === 'unexpected-server-ca'));
  });

  it('refuses a chain with a foreign certificate, a CSR given as a certificate, a key given as an asset: nothing stored', async () => {
    const { desk } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'I3',
      environment: 'preprod',
    });
    const chain = await serverChain('tsh.thales.example', DIGICERT);
    const stranger = await makeCa('CN=Some Other CA,O=Elsewhere');
    await assert.rejects(
      desk.assets.import({
        onboardingId: o.id,
        as: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
        data: chain.pem + stranger.pem,
        source: 'mixed.pem',
      }),
      (e: Error & { code: string }) =>
        e.code === 'bad-input' &&
        /"CN=Some Other CA, O=Elsewhere" does not belong to the chain/.test(e.message) &&
        /Nothing was imported/.test(e.message),
    );
    const dir = tempDir();
    const id = opensslIdentity(
      dir,
      'x',
      ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
      'X',
    );
    await assert.rejects(
      desk.assets.import({
        onboardingId: o.id,
        as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
        data: readFileSync(id.key),
        source: 'x.key',
      }),
      /holds a private key/,
    );
    opensslOk(['req', '-new', '-key', id.key, '-subj', '/CN=X', '-out', join(dir, 'x.csr')]);
    await assert.rejects(
      desk.assets.import({
        onboardingId: o.id,
        as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
        data: readFileSync(join(dir, 'x.csr')),
        source: 'x.csr',
      }),
      /holds no certificate/,
    );
    // THALES_CLIENT_CA exists for every program now; a server leaf is never a trust anchor there.
    await assert.rejects(
      desk.assets.import({
        onboardingId: o.id,
        as: 'THALES_CLIENT_CA',
        data: chain.leaf.pem,
        source: 'c.pem',
      }),
      /is a client certificate, not a CA/,
    );
    await assert.rejects(
      desk.assets.import({
        onboardingId: o.id,
        as: 'ISSUER_HOST',
        data: '192.0.2.10/api',
        source: '--value',
      }),
      /not the IP address/,
    );
    await assert.rejects(
      desk.assets.import({
        onboardingId: o.id,
        as: 'ISSUER_HOST',
        data: 'http://api.bank.example/x',
        source: '--value',
      }),
      /https/,
    );
    assert.deepEqual(desk.onboardings.get(o.id).record.assets, {}, 'nothing stored');
    const host = await desk.assets.import({
      onboardingId: o.id,
      as: 'ISSUER_HOST',
      data: 'https://API.bank.example:8443/thales/v1',
      source: '--value',
    });
    assert.equal(host.stored, 'ISSUER_HOST api.bank.example:8443/thales/v1');
    const badPort = await desk.assets.import({
      onboardingId: o.id,
      as: 'ISSUER_HOST',
      data: 'api.bank.example:9443/x',
      source: '--value',
    });
    assert.ok(badPort.findings.some((f) => f.id === 'port-not-allowed'));
  });

  it('imports an identity from OpenSSL files: PKCS#12, encrypted PKCS#8, traditional RSA PEM; the key goes into the vault', async () => {
    const { desk } = await unlockedDesk();
    const dir = tempDir();
    const cases: Array<{ name: string; data: () => Buffer; passphrase?: string }> = [];
    const ec = opensslIdentity(
      dir,
      'ec',
      ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
      'EC12',
    );
    opensslOk([
      'pkcs12',
      '-export',
      '-inkey',
      ec.key,
      '-in',
      ec.cert,
      '-passout',
      'pass:p12 pass',
      '-out',
      join(dir, 'ec.p12'),
    ]);
    cases.push({
      name: 'PKCS#12 (OpenSSL 3 default, AES-256)',
      data: () => readFileSync(join(dir, 'ec.p12')),
      passphrase: 'p12 pass',
    });
    const enc = opensslIdentity(
      dir,
      'enc',
      ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'],
      'ENC8',
    );
    opensslOk([
      'pkcs8',
      '-topk8',
      '-in',
      enc.key,
      '-out',
      join(dir, 'enc8.key'),
      '-v2',
      'aes-256-cbc',
      '-passout',
      'pass:pk8 pass',
    ]);
    cases.push({
      name: 'encrypted PKCS#8 + certificate',
      data: () => Buffer.concat([readFileSync(join(dir, 'enc8.key')), readFileSync(enc.cert)]),
      passphrase: 'pk8 pass',
    });
    const rsa = opensslIdentity(dir, 'rsa', ['-newkey', 'rsa:2048'], 'RSA1');
    opensslOk(['rsa', '-in', rsa.key, '-traditional', '-out', join(dir, 'rsa-trad.key')]);
    cases.push({
      name: 'traditional RSA PEM + certificate',
      data: () => Buffer.concat([readFileSync(join(dir, 'rsa-trad.key')), readFileSync(rsa.cert)]),
    });
    const plain = opensslIdentity(
      dir,
      'plain',
      ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
      'PLAIN',
    );
    cases.push({
      name: 'plain PKCS#8 pasted with its certificate',
      data: () => Buffer.from(readFileSync(plain.key, 'utf8') + readFileSync(plain.cert, 'utf8')),
    });
    for (const [i, c] of cases.entries()) {
      const o = desk.onboardings.create({
        program: 'tsh-classic',
        identifier: `ID${i}`,
        environment: 'preprod',
      });
      const result = await desk.assets.import({
        onboardingId: o.id,
        as: 'identity',
        data: c.data(),
        source: c.name,
        passphrase: c.passphrase,
      });
      assert.ok(result.keyId, c.name);
      assert.deepEqual(
        result.findings.filter((f) => f.severity === 'error'),
        [],
        c.name,
      );
      const view = desk.onboardings.get(o.id);
      assert.equal(view.current?.keyId, result.keyId);
      assert.equal(
        view.checks.find((x) => x.item === 'CUSTOMER_TLS_CLIENT_CERTIFICATE')!.status,
        'done',
        c.name,
      );
      assert.ok(desk.vault.keys().some((k) => k.id === result.keyId && k.origin === 'imported'));
    }
  });

  it('refuses a wrong PKCS#12 password, a PKCS#12 without a key, and a certificate that matches no key: nothing stored', async () => {
    const { desk } = await unlockedDesk();
    const dir = tempDir();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'BAD',
      environment: 'preprod',
    });
    const ec = opensslIdentity(
      dir,
      'ec',
      ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
      'BAD',
    );
    opensslOk([
      'pkcs12',
      '-export',
      '-inkey',
      ec.key,
      '-in',
      ec.cert,
      '-passout',
      'pass:right one',
      '-out',
      join(dir, 'ec.p12'),
    ]);
    opensslOk([
      'pkcs12',
      '-export',
      '-nokeys',
      '-in',
      ec.cert,
      '-passout',
      'pass:right one',
      '-out',
      join(dir, 'nokey.p12'),
    ]);
    const keysBefore = desk.vault.keys().length;
    await assert.rejects(
      desk.assets.import({
        onboardingId: o.id,
        as: 'identity',
        data: readFileSync(join(dir, 'ec.p12')),
        source: 'ec.p12',
        passphrase: () => 'wrong one',
      }),
      (e: Error & { code: string }) =>
        e.code === 'wrong-passphrase' && /wrong password for ec\.p12/.test(e.message),
    );
    await assert.rejects(
      desk.assets.import({
        onboardingId: o.id,
        as: 'identity',
        data: readFileSync(join(dir, 'ec.p12')),
        source: 'ec.p12',
      }),
      { code: 'passphrase-required' },
    );
    await assert.rejects(
      desk.assets.import({
        onboardingId: o.id,
        as: 'identity',
        data: readFileSync(join(dir, 'nokey.p12')),
        source: 'nokey.p12',
        passphrase: () => 'right one',
      }),
      /holds no private key/,
    );
    // A certificate for a key this onboarding does not have.
    await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', commonName: 'BAD' });
    await assert.rejects(
      desk.assets.import({
        onboardingId: o.id,
        as: 'signed-certificate',
        data: readFileSync(ec.cert),
        source: 'other.pem',
      }),
      /matches no key of onboarding tsh-classic\/BAD\/preprod/,
    );
    const other = opensslIdentity(
      dir,
      'other',
      ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
      'OTHER',
    );
    await assert.rejects(
      desk.assets.import({
        onboardingId: o.id,
        as: 'identity',
        data: Buffer.concat([readFileSync(ec.key), readFileSync(other.cert)]),
        source: 'mismatch.pem',
      }),
      /does not match the private key/,
    );
    assert.equal(desk.vault.keys().length, keysBefore + 1, 'only the generated key');
    assert.equal(desk.onboardings.get(o.id).record.identities.length, 1);
    // An OpenSSL -legacy file (RC2-40 for the certificates): read, or refused with a clear reason.
    const legacy = openssl([
      'pkcs12',
      '-export',
      '-legacy',
      '-inkey',
      other.key,
      '-in',
      other.cert,
      '-passout',
      'pass:legacy pass',
      '-out',
      join(dir, 'legacy.p12'),
    ]);
    if (legacy.status === 0) {
      const o2 = desk.onboardings.create({
        program: 'tsh-classic',
        identifier: 'LEG',
        environment: 'preprod',
      });
      await desk.assets
        .import({
          onboardingId: o2.id,
          as: 'identity',
          data: readFileSync(join(dir, 'legacy.p12')),
          source: 'legacy.p12',
          passphrase: () => 'legacy pass',
        })
        .then(
          (r) => assert.ok(r.keyId),
          (e: Error) => assert.match(e.message, /RC2.*re-export it with AES/),
        );
    }
  });

  it('a private key pasted as a host name never appears in the refusal: only its length is told', async () => {
    const { desk, dataDir } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'PASTE',
      environment: 'preprod',
    });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const base64 = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    const pasted = [
      base64,
      `https://${base64}`,
      `${base64.slice(0, 30)}.example/${base64}`,
      base64.slice(0, 60),
      `api.bank.example:${base64}`,
    ];
    const leaks = (text: string) => {
      for (let i = 0; i + 16 <= base64.length; i += 8)
        if (text.includes(base64.slice(i, i + 16))) return true;
      return false;
    };
    for (const value of pasted) {
      const refusal = await desk.assets
        .import({ onboardingId: o.id, as: 'ISSUER_HOST', data: value, source: 'pasted text' })
        .then(
          () => null,
          (e: Error) => e,
        );
      assert.ok(refusal, `accepted ${value.length} characters as a host`);
      assert.equal(leaks(refusal.message), false, refusal.message);
      assert.match(refusal.message, /ISSUER_HOST/);
      const viaCli = await cli(
        ['import', '--onboarding', o.id, '--as', 'ISSUER_HOST', '--value', value, '--json'],
        { MTLS_DESK_DATA_DIR: dataDir },
      );
      assert.equal(viaCli.code, 2, viaCli.stderr);
      assert.equal(leaks(viaCli.stdout + viaCli.stderr), false, viaCli.stdout + viaCli.stderr);
    }
    const long = await desk.assets
      .import({ onboardingId: o.id, as: 'ISSUER_HOST', data: base64, source: 'pasted text' })
      .catch((e: Error) => e);
    assert.match(
      (long as Error).message,
      new RegExp(`a ${base64.length.toLocaleString('en-US')}-character value`),
    );
    // A short ordinary mistake is still quoted, so the user sees what was wrong.
    await assert.rejects(
      desk.assets.import({
        onboardingId: o.id,
        as: 'ISSUER_HOST',
        data: 'api_bank.example',
        source: 'pasted text',
      }),
      /"api_bank\.example"/,
    );
  });

  it('refuses a D1 key the program refuses (RSA 2048)', async () => {
    const { desk } = await unlockedDesk();
    const dir = tempDir();
    const o = desk.onboardings.create({
      program: 'd1-ecom',
      identifier: 'RSA2K_0001',
      environment: 'preprod',
    });
    const rsa = opensslIdentity(dir, 'rsa', ['-newkey', 'rsa:2048'], 'TLSMA-RSA\\/RSA2K_0001-PPR');
    await assert.rejects(
      desk.assets.import({
        onboardingId: o.id,
        as: 'identity',
        data: Buffer.concat([readFileSync(rsa.key), readFileSync(rsa.cert)]),
        source: 'rsa.pem',
      }),
      (e: Error & { code: string }) => e.code === 'not-compliant' && /RSA 2048/.test(e.message),
    );
    assert.equal(desk.vault.keys().length, 0);
  });

  it('D1 through the CLI: identity generate, import the Thales-signed certificate as .p7b, show', async () => {
    const { dataDir } = await unlockedDesk();
    const env = { MTLS_DESK_DATA_DIR: dataDir, VP: VAULT_PASSPHRASE };
    const created = await cli([
      'onboarding',
      'create',
      '--program',
      'd1-issuer',
      '--id',
      'ISS_000009',
      '--env',
      'prod',
    ]);
    assert.equal(created.code, 2, 'no MTLS_DESK_DATA_DIR: exit 2');
    const made = await cli(
      ['onboarding', 'create', '--program', 'd1-issuer', '--id', 'ISS_000009', '--env', 'prod'],
      env,
    );
    assert.equal(made.stdout, 'd1-issuer/ISS_000009/prod\n');
    const gen = await cli(
      [
        'identity',
        'generate',
        '--onboarding',
        'd1-issuer/ISS_000009/prod',
        '--algorithm',
        'ec-p256',
        '--subject',
        'C=FR,ST=IDF,L=Paris,O=Acme,OU=Issuing',
        '--passphrase-env',
        'VP',
        '--json',
      ],
      env,
    );
    assert.equal(gen.code, 0, gen.stderr);
    const { identity, pem } = JSON.parse(gen.stdout);
    assert.equal(identity.commonName, 'TLSMA-ECDSA/ISS_000009-PRD');
    assert.ok(!gen.stdout.includes('PRIVATE KEY'));
    const thalesCa = await makeCa('CN=Thales Test Business CA,O=Thales');
    const signed = await signCsr(pem, thalesCa);
    const dir = tempDir();
    writeFileSync(join(dir, 'signed.pem'), signed.toString('pem') + '\n' + thalesCa.pem);
    opensslOk([
      'crl2pkcs7',
      '-nocrl',
      '-certfile',
      join(dir, 'signed.pem'),
      '-out',
      join(dir, 'signed.p7b'),
    ]);
    const imported = await cli(
      [
        'import',
        '--onboarding',
        'd1-issuer/ISS_000009/prod',
        '--as',
        'signed-certificate',
        join(dir, 'signed.p7b'),
      ],
      env,
    );
    assert.equal(imported.code, 0, imported.stderr + imported.stdout);
    const show = await cli(['onboarding', 'show', 'd1-issuer/ISS_000009/prod', '--json'], env);
    const view = JSON.parse(show.stdout);
    assert.equal(
      view.checks.find((c: { item: string }) => c.item === 'THALES_SIGNED_CLIENT_CERTIFICATE')
        .status,
      'done',
    );
    assert.equal(view.steps.signed, 'done');
  });
});
