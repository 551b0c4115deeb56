// A certificate box reads files as bytes: PEM as is, a DER certificate and a DER PKCS#7 bundle
// (made by OpenSSL) as PEM that OpenSSL reads back to the same certificate; a PKCS#12 file is
// refused in one sentence; a pasted private key or CSR is recognised.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import {
  certificateFileText,
  misplacedInput,
  misplacedInputText,
} from '../../shared/cert-input.js';
import { tempDir } from '../helpers/tmp.js';

const run = (args: string[], input?: string) =>
  execFileSync('openssl', args, { encoding: 'utf8', input, timeout: 20_000 });

it('reads PEM, DER and PKCS#7 files as certificates, refuses PKCS#12, spots keys and CSRs', () => {
  const dir = tempDir();
  const key = join(dir, 'k.pem');
  const cert = join(dir, 'c.pem');
  run([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-subj',
    '/CN=box test',
    '-days',
    '2',
  ]);
  const fingerprint = (pem: string) => run(['x509', '-noout', '-fingerprint', '-sha256'], pem);
  const pem = readFileSync(cert, 'utf8');
  const expected = fingerprint(pem);

  const asPem = certificateFileText(new Uint8Array(readFileSync(cert)), 'c.pem');
  assert.deepEqual(asPem, { text: pem });

  run(['x509', '-in', cert, '-outform', 'DER', '-out', join(dir, 'c.cer')]);
  const der = certificateFileText(new Uint8Array(readFileSync(join(dir, 'c.cer'))), 'c.cer');
  assert.ok('text' in der);
  assert.match(der.text, /^-----BEGIN CERTIFICATE-----\n/);
  assert.equal(fingerprint(der.text), expected);

  run(['crl2pkcs7', '-nocrl', '-certfile', cert, '-outform', 'DER', '-out', join(dir, 'c.p7b')]);
  const p7 = certificateFileText(new Uint8Array(readFileSync(join(dir, 'c.p7b'))), 'c.p7b');
  assert.ok('text' in p7);
  assert.match(p7.text, /^-----BEGIN PKCS7-----\n/);
  assert.equal(fingerprint(run(['pkcs7', '-print_certs'], p7.text)), expected);

  run([
    'pkcs12',
    '-export',
    '-inkey',
    key,
    '-in',
    cert,
    '-passout',
    'pass:x',
    '-out',
    join(dir, 'c.p12'),
  ]);
  const p12 = certificateFileText(new Uint8Array(readFileSync(join(dir, 'c.p12'))), 'c.p12');
  assert.ok('refused' in p12);
  assert.match(p12.refused, /^c\.p12 is a PKCS#12 file/);
  assert.deepEqual(p12.refusedText, { id: 'cert-box.pkcs12-file', params: { file: 'c.p12' } });

  assert.match(misplacedInput(readFileSync(key, 'utf8'))!, /private key/);
  const csr = run(['req', '-new', '-key', key, '-subj', '/CN=csr']);
  assert.match(misplacedInput(csr)!, /CSR/);
  assert.equal(misplacedInput(pem), null);
  assert.equal(misplacedInputText(readFileSync(key, 'utf8'))?.id, 'cert-box.private-key');
  assert.equal(misplacedInputText(csr)?.id, 'cert-box.csr');
  assert.equal(misplacedInputText(pem), null);
});
