// Inspect and lint read every form a person may hold: PEM, DER, PKCS#7, chains, keys of each kind.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { cli } from '../helpers/cli.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const p = (name: string) => join(dir, name);

describe('inspect and input formats', () => {
  before(() => {
    writeFileSync(
      p('ca.cnf'),
      '[req]\ndistinguished_name=dn\n[dn]\n[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\nsubjectKeyIdentifier=hash\n[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectAltName=DNS:client.example,IP:127.0.0.1\n',
    );
    opensslOk([
      'req',
      '-x509',
      '-new',
      '-config',
      p('ca.cnf'),
      '-extensions',
      'ca',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      p('root.key'),
      '-subj',
      '/CN=Test Root',
      '-days',
      '3650',
      '-out',
      p('root.pem'),
    ]);
    opensslOk([
      'req',
      '-new',
      '-config',
      p('ca.cnf'),
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      p('int.key'),
      '-subj',
      '/CN=Test Intermediate',
      '-out',
      p('int.csr'),
    ]);
    opensslOk([
      'x509',
      '-req',
      '-in',
      p('int.csr'),
      '-CA',
      p('root.pem'),
      '-CAkey',
      p('root.key'),
      '-CAcreateserial',
      '-days',
      '1000',
      '-extfile',
      p('ca.cnf'),
      '-extensions',
      'ca',
      '-out',
      p('int.pem'),
    ]);
    opensslOk([
      'req',
      '-new',
      '-config',
      p('ca.cnf'),
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      p('leaf.key'),
      '-subj',
      '/CN=leaf',
      '-out',
      p('leaf.csr'),
    ]);
    opensslOk([
      'x509',
      '-req',
      '-in',
      p('leaf.csr'),
      '-CA',
      p('int.pem'),
      '-CAkey',
      p('int.key'),
      '-CAcreateserial',
      '-days',
      '100',
      '-extfile',
      p('ca.cnf'),
      '-extensions',
      'leaf',
      '-out',
      p('leaf.pem'),
    ]);
    writeFileSync(
      p('chain.pem'),
      readFileSync(p('leaf.pem'), 'utf8') + readFileSync(p('int.pem'), 'utf8'),
    );
    writeFileSync(
      p('misordered.pem'),
      readFileSync(p('int.pem'), 'utf8') +
        readFileSync(p('root.pem'), 'utf8') +
        readFileSync(p('leaf.pem'), 'utf8'),
    );
    opensslOk(['crl2pkcs7', '-nocrl', '-certfile', p('chain.pem'), '-out', p('chain.p7b')]);
    opensslOk([
      'crl2pkcs7',
      '-nocrl',
      '-certfile',
      p('chain.pem'),
      '-outform',
      'DER',
      '-out',
      p('chain-der.p7b'),
    ]);
    opensslOk(['x509', '-in', p('leaf.pem'), '-outform', 'DER', '-out', p('leaf.der')]);
    opensslOk(['req', '-in', p('leaf.csr'), '-outform', 'DER', '-out', p('leaf-csr.der')]);
    opensslOk([
      'pkey',
      '-in',
      p('leaf.key'),
      '-traditional',
      '-out',
      p('leaf-rsa-traditional.key'),
    ]);
    opensslOk(['pkey', '-in', p('int.key'), '-traditional', '-out', p('int-ec-traditional.key')]);
    opensslOk(['pkey', '-in', p('leaf.key'), '-outform', 'DER', '-out', p('leaf-pkcs8.der')]);
    opensslOk([
      'pkcs8',
      '-topk8',
      '-in',
      p('leaf.key'),
      '-passout',
      'pass:pw',
      '-outform',
      'DER',
      '-out',
      p('leaf-enc.der'),
    ]);
  });

  it('summarizes a certificate: subject, issuer, validity and days left, key, signature, SANs, EKU, fingerprints', async () => {
    const result = await cli(['inspect', p('leaf.pem')]);
    assert.equal(result.code, 0, result.stderr);
    const der = readFileSync(p('leaf.der'));
    const sha256 = createHash('sha256')
      .update(der)
      .digest('hex')
      .toUpperCase()
      .match(/.{2}/g)!
      .join(':');
    const sha1 = createHash('sha1')
      .update(der)
      .digest('hex')
      .toUpperCase()
      .match(/.{2}/g)!
      .join(':');
    assert.match(result.stdout, /subject +CN=leaf/);
    assert.match(result.stdout, /issuer +CN=Test Intermediate\n/);
    assert.match(result.stdout, /\((99|100) days left\)/);
    assert.match(result.stdout, /key +RSA 2048/);
    assert.match(result.stdout, /signature +ecdsa-with-SHA256/);
    assert.match(result.stdout, /SANs +dns:client\.example, ip:127\.0\.0\.1/);
    assert.match(result.stdout, /EKU +clientAuth/);
    assert.ok(result.stdout.includes(`SHA-256      ${sha256}`));
    assert.ok(result.stdout.includes(`SHA-1        ${sha1}`));
  });

  it('reports chain order for PEM chains and PKCS#7 (PEM and DER)', async () => {
    for (const file of ['chain.pem', 'chain.p7b', 'chain-der.p7b']) {
      const result = await cli(['inspect', p(file), '--json']);
      assert.equal(result.code, 0, result.stderr);
      const [input] = JSON.parse(result.stdout).inputs;
      assert.equal(input.artifacts.length, 2, file);
      assert.deepEqual(input.chain, { count: 2, order: 'leaf-first', findings: [] }, file);
    }
    const bad = await cli(['inspect', p('misordered.pem')]);
    assert.match(bad.stdout, /3 certificates, NOT in order/);
    assert.match(
      bad.stdout,
      /it should start with CN=leaf, then each issuer in turn; reorder it: CN=leaf -> CN=Test Intermediate -> CN=Test Root/,
    );
  });

  it('reads DER certificates and CSRs, traditional and PKCS#8 keys, encrypted DER keys', async () => {
    const result = await cli([
      'inspect',
      p('leaf.der'),
      p('leaf-csr.der'),
      p('leaf-rsa-traditional.key'),
      p('int-ec-traditional.key'),
      p('leaf-pkcs8.der'),
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const kinds = JSON.parse(result.stdout).inputs.map(
      (i: { artifacts: Array<{ kind: string; key: unknown }> }) => [
        i.artifacts[0].kind,
        i.artifacts[0].key,
      ],
    );
    assert.deepEqual(kinds, [
      ['certificate', { type: 'rsa', bits: 2048 }],
      ['csr', { type: 'rsa', bits: 2048 }],
      ['key', { type: 'rsa', bits: 2048 }],
      ['key', { type: 'ec', curve: 'P-256' }],
      ['key', { type: 'rsa', bits: 2048 }],
    ]);
    const encrypted = await cli(['inspect', p('leaf-enc.der'), '--passphrase-env', 'PW'], {
      PW: 'pw',
    });
    assert.equal(encrypted.code, 0, encrypted.stderr);
    assert.match(encrypted.stdout, /private key +\S*leaf-enc\.der/);
  });

  it('lint checks a chain file: the leaf against the program, the signature against the next certificate', async () => {
    const result = await cli([
      'lint',
      '--program',
      'd1-ecom',
      '--env',
      'preprod',
      p('chain.p7b'),
      p('leaf.key'),
      '--json',
    ]);
    assert.equal(result.code, 1);
    const ids = JSON.parse(result.stdout).findings.map((f: { id: string }) => f.id);
    assert.ok(ids.includes('key-algorithm-refused'));
    assert.ok(!ids.includes('signature-invalid'));
    assert.ok(!ids.includes('key-cert-mismatch'));
    const misordered = await cli([
      'lint',
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      p('misordered.pem'),
      '--json',
    ]);
    assert.ok(
      JSON.parse(misordered.stdout).findings.some(
        (f: { id: string }) => f.id === 'chain-misordered',
      ),
    );
    writeFileSync(
      p('foreign.pem'),
      readFileSync(p('leaf.pem'), 'utf8') + readFileSync(p('root.pem'), 'utf8'),
    );
    const foreign = await cli(['inspect', p('foreign.pem'), '--json']);
    assert.deepEqual(
      JSON.parse(foreign.stdout).inputs[0].chain.findings.map((f: { id: string }) => f.id),
      ['chain-foreign-certificate'],
    );
  });
});
