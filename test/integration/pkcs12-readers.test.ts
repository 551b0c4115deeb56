// Our PKCS#12 files, both presets, EC and RSA, opened by the other readers people use: GnuTLS
// certtool, NSS pk12util (imported into a fresh NSS database, then listed) and Python's
// cryptography; each must find the one key and the certificate, with the right public key. OpenSSL,
// Node and keytool read them in export-formats.test.ts.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildPkcs12, type Pkcs12Preset } from '../../electron/services/export/pkcs12.js';
import { generateKey } from '../../electron/services/keys.js';
import type { KeyAlgorithmId } from '../../shared/algorithms.js';

const PASSWORD = 'p12 reader passphrase';
const dir = mkdtempSync(join(tmpdir(), 'mtls-desk-p12-readers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: string[], input?: string) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, input });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}: ${result.stdout}${result.stderr}`);
  return result.stdout + result.stderr;
}

async function fixture(algorithm: KeyAlgorithmId, preset: Pkcs12Preset) {
  const { privateKey } = await generateKey(algorithm);
  const keyFile = join(dir, `${algorithm}-${preset}.key`);
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, {
    mode: 0o600,
  });
  const certPem = execFileSync(
    'openssl',
    ['req', '-x509', '-new', '-key', keyFile, '-subj', `/CN=readers ${algorithm}`, '-days', '2'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const cert = new X509Certificate(certPem);
  const file = join(dir, `${algorithm}-${preset}.p12`);
  writeFileSync(
    file,
    await buildPkcs12({
      privateKey,
      certificates: [cert.raw],
      friendlyName: `readers ${algorithm}`,
      password: PASSWORD,
      preset,
    }),
  );
  return { file, cert, privateKey };
}

const spkiHex = (key: KeyObject) =>
  createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('hex');

describe('our PKCS#12 files in GnuTLS, NSS and Python cryptography', () => {
  for (const algorithm of ['ec-p256', 'rsa-2048'] as const) {
    for (const preset of ['modern', 'legacy'] as const) {
      it(`${algorithm} ${preset}`, async () => {
        const { file, cert, privateKey } = await fixture(algorithm, preset);

        // GnuTLS: decrypts every bag, checks the MAC, prints the certificate and the key.
        const gnutls = run('certtool', [
          '--p12-info',
          '--inder',
          '--infile',
          file,
          '--password',
          PASSWORD,
        ]);
        assert.match(gnutls, /BEGIN CERTIFICATE/);
        // It prints the key bag still encrypted: GnuTLS decrypts that PKCS#8 too.
        const shrouded =
          /-----BEGIN ENCRYPTED PRIVATE KEY-----[^-]+-----END ENCRYPTED PRIVATE KEY-----\n/.exec(
            gnutls,
          );
        assert.ok(shrouded, 'GnuTLS found the key bag');
        const keyFile = join(dir, `${algorithm}-${preset}.p8`);
        writeFileSync(keyFile, shrouded[0], { mode: 0o600 });
        const keyInfo = run('certtool', [
          '--key-info',
          '--pkcs8',
          '--password',
          PASSWORD,
          '--infile',
          keyFile,
        ]);
        assert.match(keyInfo, algorithm.startsWith('ec') ? /EC\/ECDSA|SECP256R1/ : /RSA/);
        assert.ok(gnutls.includes(`readers ${algorithm}`), 'the certificate GnuTLS read is ours');
        const wrong = spawnSync(
          'certtool',
          ['--p12-info', '--inder', '--infile', file, '--password', 'not it'],
          { encoding: 'utf8', timeout: 60_000 },
        );
        assert.notEqual(wrong.status, 0, 'GnuTLS refuses a wrong password');

        // NSS: import into a new database, then list the key and the certificate.
        const db = `sql:${mkdtempSync(join(dir, 'nss-'))}`;
        run('certutil', ['-N', '-d', db, '--empty-password']);
        run('pk12util', ['-i', file, '-d', db, '-W', PASSWORD]);
        assert.match(run('certutil', ['-L', '-d', db]), new RegExp(`readers ${algorithm}`));
        assert.match(run('certutil', ['-K', '-d', db]), algorithm.startsWith('ec') ? /ec/ : /rsa/);

        // Python cryptography: the key and certificate, compared with ours.
        // Debian's python3, whose cryptography the preflight installs (not whatever python3 is first on PATH).
        const python = run('/usr/bin/python3', [
          '-c',
          [
            'import sys',
            'from cryptography.hazmat.primitives.serialization import pkcs12, Encoding, PublicFormat',
            'key, cert, extra = pkcs12.load_key_and_certificates(open(sys.argv[1], "rb").read(), sys.argv[2].encode())',
            'print(key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo).hex())',
            'print(cert.public_bytes(Encoding.DER).hex())',
          ].join('\n'),
          file,
          PASSWORD,
        ]);
        const [spki, certDer] = python.trim().split('\n');
        assert.equal(spki, spkiHex(privateKey), 'Python read our key');
        assert.equal(certDer, cert.raw.toString('hex'), 'Python read our certificate');
      });
    }
  }
});
