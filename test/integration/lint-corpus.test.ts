// Deliberately bad certificates and CSRs, made by OpenSSL here, each flagged with the expected rule id;
// and a good one made by OpenSSL that passes (the rules are not merely strict about our own output).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { cli } from '../helpers/cli.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';

const CONFIG = `
[req]
distinguished_name = dn
[dn]
[ca]
default_ca = test_ca
[test_ca]
dir = ./ca
database = $dir/index.txt
new_certs_dir = $dir
serial = $dir/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
[no_eku]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
[key_agreement_only]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyAgreement
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
[no_key_usage]
basicConstraints = critical,CA:FALSE
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
[is_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature,keyCertSign
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
`;

const catalog = ProgramCatalog.load();
const dir = tempDir();
const config = join(dir, 'openssl.cnf');
let keyCount = 0;

function key(name: string, args: string[]): string {
  const path = join(dir, `${name}-${++keyCount}.key`);
  opensslOk(['genpkey', ...args, '-out', path]);
  return path;
}

function selfSigned(
  name: string,
  keyPath: string,
  options: { days?: number; md?: string; extensions?: string; cn?: string } = {},
): string {
  const path = join(dir, `${name}.pem`);
  opensslOk([
    'req',
    '-x509',
    '-new',
    '-config',
    config,
    '-key',
    keyPath,
    '-subj',
    `/CN=${options.cn ?? 'CUST01-PREPROD'}`,
    '-days',
    String(options.days ?? 365),
    `-${options.md ?? 'sha256'}`,
    '-extensions',
    options.extensions ?? 'client',
    '-out',
    path,
  ]);
  return path;
}

async function lintIds(program: string, files: string[], extra: string[] = []): Promise<string[]> {
  const firstEnvironment = catalog.get(program).environments[0].id;
  const result = await cli([
    'lint',
    '--program',
    program,
    '--env',
    firstEnvironment,
    ...extra,
    ...files,
    '--json',
  ]);
  assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as {
    ok: boolean;
    findings: Array<{ id: string; severity: string; message: string; fix: string }>;
  };
  for (const f of parsed.findings) {
    assert.ok(f.message.length > 10 && f.fix.length > 5, 'every finding says what and how to fix');
  }
  assert.equal(result.code === 0, parsed.ok);
  return parsed.findings.filter((f) => f.severity === 'error').map((f) => f.id);
}

describe('lint flags each deliberately bad artifact made by OpenSSL', () => {
  const p256 = () => key('p256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);

  before(() => {
    writeFileSync(config, CONFIG);
    mkdirSync(join(dir, 'ca'));
    writeFileSync(join(dir, 'ca', 'index.txt'), '');
    writeFileSync(join(dir, 'ca', 'serial'), '1000\n');
  });

  it('a well-formed OpenSSL certificate passes', async () => {
    assert.deepEqual(
      await lintIds('tsh-classic', [selfSigned('good', p256())], ['--cn', 'CUST01-PREPROD']),
      [],
    );
  });

  it('P-521 key', async () => {
    const k = key('p521', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521']);
    assert.deepEqual(await lintIds('tsh-classic', [selfSigned('p521', k)]), [
      'key-curve-not-allowed',
    ]);
  });

  it('RSA 1024 key', async () => {
    const k = key('rsa1024', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024']);
    assert.deepEqual(await lintIds('tmg-merchant', [selfSigned('rsa1024', k)]), [
      'key-size-not-allowed',
    ]);
  });

  it('RSA 2048 CSR for D1 is refused, while tsh-classic accepts RSA 2048', async () => {
    const k = key('rsa2048', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
    const csr = join(dir, 'rsa2048.csr');
    opensslOk([
      'req',
      '-new',
      '-config',
      config,
      '-key',
      k,
      '-utf8',
      '-subj',
      '/C=FR/ST=IDF/L=Paris/O=Acme/OU=Cards/CN=TLSMA-RSA\\/MGW_000001-PPR',
      '-out',
      csr,
    ]);
    assert.deepEqual(await lintIds('d1-ecom', [csr], ['--id', 'MGW_000001']), [
      'key-algorithm-refused',
    ]);
    assert.deepEqual(await lintIds('tsh-classic', [selfSigned('rsa2048', k)]), []);
  });

  it('SHA-1 signature', async () => {
    assert.deepEqual(await lintIds('tsh-classic', [selfSigned('sha1', p256(), { md: 'sha1' })]), [
      'signature-hash',
    ]);
  });

  it('three-year validity', async () => {
    assert.deepEqual(await lintIds('tsh-classic', [selfSigned('3y', p256(), { days: 1095 })]), [
      'validity-too-long',
    ]);
  });

  /** A self-signed client certificate with exact dates, through `openssl ca -selfsign`. */
  function dated(name: string, start: Date, end: Date): string {
    const k = p256();
    const csr = join(dir, `${name}.csr`);
    opensslOk([
      'req',
      '-new',
      '-config',
      config,
      '-key',
      k,
      '-subj',
      '/CN=CUST01-PREPROD',
      '-out',
      csr,
    ]);
    const cert = join(dir, `${name}.pem`);
    const asn1Time = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
    opensslOk(
      [
        'ca',
        '-batch',
        '-config',
        config,
        '-selfsign',
        '-keyfile',
        k,
        '-in',
        csr,
        '-startdate',
        asn1Time(start),
        '-enddate',
        asn1Time(end),
        '-extensions',
        'client',
        '-notext',
        '-out',
        cert,
      ],
      { cwd: dir },
    );
    return cert;
  }
  const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000);

  it('expired', async () => {
    assert.deepEqual(
      await lintIds('tsh-classic', [
        dated('expired', new Date('2023-01-01'), new Date('2024-01-01')),
      ]),
      ['expired'],
    );
  });

  it('not yet valid', async () => {
    assert.deepEqual(
      await lintIds('tsh-classic', [dated('future', daysFromNow(3), daysFromNow(300))]),
      ['not-yet-valid'],
    );
  });

  it('expiring soon is a warning, within the configurable window', async () => {
    const cert = dated('soon', daysFromNow(-300), daysFromNow(20));
    const result = await cli([
      'lint',
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      '--cn',
      'CUST01-PREPROD',
      cert,
      '--json',
    ]);
    assert.equal(result.code, 0);
    assert.deepEqual(
      JSON.parse(result.stdout).findings.map((f: { id: string; severity: string }) => [
        f.id,
        f.severity,
      ]),
      [['expiring-soon', 'warning']],
    );
    const narrower = await cli([
      'lint',
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      '--cn',
      'CUST01-PREPROD',
      '--expiring-within',
      '7',
      cert,
      '--json',
    ]);
    assert.deepEqual(JSON.parse(narrower.stdout).findings, []);
  });

  it('missing clientAuth', async () => {
    assert.deepEqual(
      await lintIds('tsh-classic', [selfSigned('noeku', p256(), { extensions: 'no_eku' })]),
      ['eku-client-auth-missing'],
    );
  });

  it('wrong CN', async () => {
    const ids = await lintIds(
      'tsh-classic',
      [selfSigned('wrongcn', p256(), { cn: 'SOMEONE-ELSE' })],
      ['--cn', 'CUST01-PREPROD'],
    );
    assert.deepEqual(ids, ['cn-mismatch']);
  });

  it('keyUsage without digitalSignature is an error; no keyUsage at all a warning', async () => {
    assert.deepEqual(
      await lintIds('tsh-classic', [
        selfSigned('ka', p256(), { extensions: 'key_agreement_only' }),
      ]),
      ['key-usage'],
    );
    const noUsage = await cli([
      'lint',
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      '--cn',
      'CUST01-PREPROD',
      selfSigned('noku', p256(), { extensions: 'no_key_usage' }),
      '--json',
    ]);
    assert.equal(noUsage.code, 0);
    assert.deepEqual(
      JSON.parse(noUsage.stdout).findings.map((f: { id: string; severity: string }) => [
        f.id,
        f.severity,
      ]),
      [['key-usage-missing', 'warning']],
    );
  });

  it('an Ed25519 key', async () => {
    const k = key('ed25519', ['-algorithm', 'ED25519']);
    const cert = join(dir, 'ed25519.pem');
    opensslOk([
      'req',
      '-x509',
      '-new',
      '-config',
      config,
      '-key',
      k,
      '-subj',
      '/CN=CUST01-PREPROD',
      '-days',
      '365',
      '-extensions',
      'client',
      '-out',
      cert,
    ]);
    assert.deepEqual(await lintIds('tsh-classic', [cert]), [
      'key-type-not-allowed',
      'signature-hash',
    ]);
  });

  it('CA:TRUE', async () => {
    assert.deepEqual(
      await lintIds('tsh-classic', [selfSigned('ca', p256(), { extensions: 'is_ca' })]),
      ['basic-constraints-ca'],
    );
  });

  it('a D1 CSR whose CN names the wrong key type or no TLSMA prefix', async () => {
    const k = p256();
    const wrongType = join(dir, 'wrongtype.csr');
    opensslOk([
      'req',
      '-new',
      '-config',
      config,
      '-key',
      k,
      '-subj',
      '/C=FR/ST=IDF/L=Paris/O=Acme/OU=Cards/CN=TLSMA-RSA\\/MGW_000001-PPR',
      '-out',
      wrongType,
    ]);
    assert.deepEqual(await lintIds('d1-ecom', [wrongType], ['--id', 'MGW_000001']), [
      'cn-key-type',
    ]);
    const noPrefix = join(dir, 'noprefix.csr');
    opensslOk([
      'req',
      '-new',
      '-config',
      config,
      '-key',
      k,
      '-subj',
      '/C=FR/ST=IDF/L=Paris/O=Acme/CN=MGW_000001',
      '-out',
      noPrefix,
    ]);
    assert.deepEqual(await lintIds('d1-ecom', [noPrefix]), ['subject-field-missing', 'cn-pattern']);
  });

  it('a self-signed certificate for D1, and a CA-issued one for TSH', async () => {
    const caKey = p256();
    const caCert = selfSigned('issuer-ca', caKey, { extensions: 'is_ca', cn: 'Some CA' });
    const leafKey = p256();
    const csr = join(dir, 'leaf.csr');
    opensslOk([
      'req',
      '-new',
      '-config',
      config,
      '-key',
      leafKey,
      '-subj',
      '/CN=CUST01-PREPROD',
      '-out',
      csr,
    ]);
    const leaf = join(dir, 'leaf.pem');
    opensslOk([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      caCert,
      '-CAkey',
      caKey,
      '-CAcreateserial',
      '-days',
      '365',
      '-sha256',
      '-extfile',
      config,
      '-extensions',
      'client',
      '-out',
      leaf,
    ]);
    assert.deepEqual(await lintIds('tsh-classic', [leaf]), ['not-self-signed']);
    assert.ok(
      (await lintIds('d1-ecom', [selfSigned('d1-self', p256())])).includes(
        'self-signed-not-accepted',
      ),
    );
  });

  it('a key that does not match the certificate', async () => {
    const result = await cli([
      'lint',
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      selfSigned('pair', p256()),
      p256(),
      '--json',
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /does not match the certificate/);
    assert.deepEqual(
      JSON.parse(result.stdout).findings.map((f: { id: string }) => f.id),
      ['key-cert-mismatch', 'cn-unverified'],
    );
  });

  it('a tampered signature', async () => {
    const der = join(dir, 'tamper.der');
    opensslOk(['x509', '-in', selfSigned('tamper', p256()), '-outform', 'DER', '-out', der]);
    const bytes = readFileSync(der);
    bytes[bytes.length - 1] ^= 0x01;
    writeFileSync(der, bytes);
    assert.deepEqual(await lintIds('tsh-classic', [der]), ['signature-invalid', 'not-self-signed']);
  });
});
