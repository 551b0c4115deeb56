// Every artifact we produce, for every allowed algorithm of every program, checked by OpenSSL.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KEY_ALGORITHMS } from '../../shared/algorithms.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { cli } from '../helpers/cli.js';
import { openssl, opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';

const catalog = ProgramCatalog.load();
const env = { KEY_PASS: 'correct horse battery staple' };
const PASSIN = `pass:${env.KEY_PASS}`;
const D1_SUBJECT = 'C=FR,ST=Ile-de-France,L=Paris,O=Acme Payments,OU=Cards';

for (const profile of catalog.list()) {
  describe(`${profile.id}: every allowed algorithm`, () => {
    for (const algorithm of profile.keyAlgorithms.allowed) {
      it(`${algorithm}: encrypted key, ${profile.clientCertificate.mode}, verified by OpenSSL`, async () => {
        const dir = tempDir();
        const key = join(dir, 'client.key');
        const keygen = await cli(
          [
            'keygen',
            '--algorithm',
            algorithm,
            '--out',
            key,
            '--passphrase-env',
            'KEY_PASS',
            '--json',
          ],
          env,
        );
        assert.equal(keygen.code, 0, keygen.stderr);
        assert.equal(statSync(key).mode & 0o777, 0o600);
        const keyPem = readFileSync(key, 'utf8');
        assert.match(keyPem, /^-{5}BEGIN ENCRYPTED PRIVATE KEY-{5}/);
        // OpenSSL reads it with the passphrase, and the PBKDF2 count is ours, not Node's 2048.
        const parsed = opensslOk(['asn1parse', '-in', key]);
        assert.match(
          parsed,
          /PBES2[\s\S]*PBKDF2[\s\S]*INTEGER\s+:0927C0[\s\S]*hmacWithSHA256[\s\S]*aes-256-cbc/,
        );
        assert.notEqual(openssl(['pkey', '-in', key, '-passin', 'pass:wrong', '-noout']).status, 0);
        const spec = KEY_ALGORITHMS[algorithm].key;
        const text = opensslOk(['pkey', '-in', key, '-passin', PASSIN, '-noout', '-text']);
        if (spec.type === 'ec')
          assert.match(text, spec.curve === 'P-256' ? /prime256v1/ : /secp384r1/);
        else assert.match(text, new RegExp(`\\(${spec.type === 'rsa' ? spec.bits : 0} bit`));

        const envId = profile.environments[0].id;
        if (profile.clientCertificate.mode === 'self-signed') {
          const cert = join(dir, 'client.pem');
          const cn = `${profile.id.toUpperCase()}-CUST01-${envId}`;
          const made = await cli(
            [
              'selfsign',
              '--program',
              profile.id,
              '--env',
              envId,
              '--cn',
              cn,
              '--key',
              key,
              '--passphrase-env',
              'KEY_PASS',
              '--out',
              cert,
            ],
            env,
          );
          assert.equal(made.code, 0, made.stderr);
          const verify = openssl([
            'verify',
            '-x509_strict',
            '-purpose',
            'sslclient',
            '-CAfile',
            cert,
            cert,
          ]);
          assert.equal(verify.status, 0, verify.stdout + verify.stderr);
          const x = opensslOk(['x509', '-in', cert, '-noout', '-text', '-serial', '-dates']);
          assert.match(x, /Signature Algorithm: (ecdsa-with-SHA256|sha256WithRSAEncryption)/);
          assert.match(x, /CA:FALSE/);
          assert.match(x, /TLS Web Client Authentication/);
          assert.match(x, /Subject Key Identifier/);
          assert.match(
            x,
            spec.type === 'rsa'
              ? /Digital Signature, Key Encipherment/
              : /X509v3 Key Usage: critical\s+Digital Signature\s/,
          );
          const serial = /serial=([0-9A-F]+)/.exec(x)![1];
          assert.equal(serial.length, 32, 'a 128-bit serial');
          assert.ok(parseInt(serial[0], 16) < 8, 'positive serial');
          const notBefore = new Date(/notBefore=(.*)/.exec(x)![1]);
          const notAfter = new Date(/notAfter=(.*)/.exec(x)![1]);
          assert.equal(
            Math.round((notAfter.getTime() - notBefore.getTime()) / 86_400_000),
            profile.clientCertificate.maxValidityDays,
          );
          // The certificate belongs to the key.
          const certKey = opensslOk(['x509', '-in', cert, '-noout', '-pubkey']);
          const keyPub = opensslOk(['pkey', '-in', key, '-passin', PASSIN, '-pubout']);
          assert.equal(certKey, keyPub);
          const lint = await cli(
            [
              'lint',
              '--program',
              profile.id,
              '--env',
              envId,
              '--cn',
              cn,
              cert,
              key,
              '--passphrase-env',
              'KEY_PASS',
              '--json',
            ],
            env,
          );
          assert.equal(lint.code, 0, lint.stdout);
          assert.deepEqual(JSON.parse(lint.stdout), { ok: true, findings: [] });
        } else {
          const csr = join(dir, 'client.csr');
          // xPay: the exact CN the Thales representative gives; D1: the CN from the template.
          const exactCn = profile.commonName.kind === 'exact' ? 'XPAY-CUST01-PPR' : null;
          const made = await cli(
            [
              'csr',
              '--program',
              profile.id,
              '--env',
              envId,
              '--id',
              'MGW_000042',
              '--subject',
              exactCn ? `${D1_SUBJECT},CN=${exactCn}` : D1_SUBJECT,
              '--key',
              key,
              '--passphrase-env',
              'KEY_PASS',
              '--out',
              csr,
              '--json',
            ],
            env,
          );
          assert.equal(made.code, 0, made.stderr);
          const expectedCn =
            exactCn ??
            `TLSMA-${spec.type === 'rsa' ? 'RSA' : 'ECDSA'}/MGW_000042-${profile.environments[0].code}`;
          assert.equal(JSON.parse(made.stdout).commonName, expectedCn);
          const verify = openssl(['req', '-in', csr, '-verify', '-noout', '-subject']);
          assert.equal(verify.status, 0, verify.stderr);
          assert.match(verify.stderr + verify.stdout, /verify OK/);
          assert.match(
            verify.stdout,
            new RegExp(
              `C = FR, ST = Ile-de-France, L = Paris, O = Acme Payments, OU = Cards, CN = ${expectedCn.replace('/', '\\/')}`,
            ),
          );
          assert.match(
            opensslOk(['req', '-in', csr, '-noout', '-text']),
            /Signature Algorithm: (ecdsa-with-SHA256|sha256WithRSAEncryption)/,
          );
          const lint = await cli(
            [
              'lint',
              '--program',
              profile.id,
              '--env',
              envId,
              ...(exactCn ? ['--cn', exactCn] : ['--id', 'MGW_000042']),
              csr,
              key,
              '--passphrase-env',
              'KEY_PASS',
              '--json',
            ],
            env,
          );
          assert.equal(lint.code, 0, lint.stdout);
          assert.deepEqual(
            JSON.parse(lint.stdout).findings.map((f: { id: string }) => f.id),
            ['cn-confirm-with-thales'],
          );
        }
      });
    }
  });
}

describe('plaintext keys only when asked', () => {
  it('--no-encrypt writes a plain PKCS#8 that OpenSSL reads; without it and without a passphrase, nothing is written', async () => {
    const dir = tempDir();
    const plain = join(dir, 'plain.key');
    assert.equal(
      (await cli(['keygen', '--algorithm', 'ec-p384', '--out', plain, '--no-encrypt'])).code,
      0,
    );
    assert.match(readFileSync(plain, 'utf8'), /^-{5}BEGIN PRIVATE KEY-{5}/);
    opensslOk(['pkey', '-in', plain, '-noout', '-check']);
    const none = join(dir, 'none.key');
    const refused = await cli(['keygen', '--algorithm', 'ec-p256', '--out', none]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /a passphrase is needed/);
    assert.throws(() => statSync(none));
    writeFileSync(join(dir, 'pass.txt'), 'from a file\n', { mode: 0o600 });
    const fromFile = join(dir, 'file.key');
    assert.equal(
      (
        await cli([
          'keygen',
          '--algorithm',
          'ec-p256',
          '--out',
          fromFile,
          '--passphrase-file',
          join(dir, 'pass.txt'),
        ])
      ).code,
      0,
    );
    opensslOk(['pkey', '-in', fromFile, '-passin', 'pass:from a file', '-noout']);
  });
});
