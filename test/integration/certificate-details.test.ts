// The certificate details main gives the "Details" disclosure equal what OpenSSL reads from the same
// certificate: for certificates OpenSSL itself made (RSA with every kind of SAN, a CA with a path
// length) and for the test PKI's (@peculiar/x509-made) root, intermediate and server leaf.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { CertificateDetails } from '../../shared/ipc-contract.js';
import { certificateDetails } from '../../electron/services/certificate-details.js';
import { certificateSummary } from '../../electron/main/onboarding-views.js';
import { opensslOk } from '../helpers/openssl.js';
import { canonicalSans, opensslDetails, type OpensslDetails } from '../helpers/openssl-details.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, type TestPki } from '../helpers/tls-pki.js';

/** The app's details in OpenSSL's terms. */
function asOpenssl(d: CertificateDetails): OpensslDetails {
  const bc = d.basicConstraints;
  return {
    sha256: d.sha256Fingerprint,
    sha1: d.sha1Fingerprint,
    serial: d.serialNumber.replace(/^(00)+(?=.)/, ''),
    san: d.subjectAltNames.length > 0 ? canonicalSans(d.subjectAltNames.join(', ')) : 'none',
    keyUsage: d.keyUsage?.join(', ') ?? 'none',
    extendedKeyUsage: d.extendedKeyUsage?.join(', ') ?? 'none',
    basicConstraints:
      bc === null
        ? 'none'
        : !bc.ca
          ? 'CA:FALSE'
          : bc.pathLength === null
            ? 'CA:TRUE'
            : `CA:TRUE, pathlen:${bc.pathLength}`,
    publicKey: d.publicKey,
  };
}

/** A certificate OpenSSL makes with `req -x509` and these -addext extensions. */
function opensslCertificate(keyArgs: string[], subject: string, extensions: string[]): string {
  const dir = tempDir();
  opensslOk([
    'req',
    '-x509',
    '-newkey',
    ...keyArgs,
    '-nodes',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
    '-days',
    '30',
    '-subj',
    subject,
    ...extensions.flatMap((e) => ['-addext', e]),
  ]);
  return readFileSync(join(dir, 'cert.pem'), 'utf8');
}

describe('certificate details', () => {
  let pki: TestPki;
  before(async () => {
    pki = await createTestPki();
  });

  it('an RSA certificate OpenSSL made, with DNS, IP (v4 and v6), e-mail and URI names', () => {
    const pem = opensslCertificate(['rsa:3072'], '/CN=partner.example/O=Partner', [
      'subjectAltName=DNS:partner.example,DNS:*.partner.example,IP:192.0.2.7,IP:2001:db8::1,email:ops@partner.example,URI:https://partner.example/id',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth,clientAuth',
      'basicConstraints=critical,CA:FALSE',
    ]);
    const details = certificateDetails(pem);
    const expected = opensslDetails(pem);
    assert.deepEqual(asOpenssl(details), expected);
    assert.equal(expected.publicKey, 'RSA 3072');
    assert.match(expected.san, /email:ops@partner\.example/);
    assert.match(expected.extendedKeyUsage, /TLS Web Client Authentication/);
    assert.equal(details.subject, 'CN=partner.example, O=Partner');
    assert.equal(details.subject, details.issuer);
  });

  it('a CA OpenSSL made, with a path length and no extended key usage', () => {
    const pem = opensslCertificate(
      ['ec', '-pkeyopt', 'ec_paramgen_curve:P-384'],
      '/CN=Partner Issuing CA',
      ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign,cRLSign'],
    );
    const details = certificateDetails(pem);
    assert.deepEqual(asOpenssl(details), opensslDetails(pem));
    assert.deepEqual(details.basicConstraints, { ca: true, pathLength: 0 });
    assert.equal(details.extendedKeyUsage, null);
    assert.equal(details.publicKey, 'EC P-384');
  });

  it('the test PKI: root, intermediate and the server leaf with its IPv6 name', () => {
    for (const cert of [pki.root, pki.digicertCa, pki.server])
      assert.deepEqual(asOpenssl(certificateDetails(cert.certPem)), opensslDetails(cert.certPem));
    assert.match(opensslDetails(pki.server.certPem).san, /IP Address:::1/);
  });

  it('a summary carries the details only when it has a readable PEM', () => {
    const base = {
      subject: 'CN=x',
      issuer: 'CN=x',
      notAfter: new Date(Date.now() + 86_400_000).toISOString(),
      sha256Fingerprint: 'AA',
    };
    const now = new Date();
    assert.equal(certificateSummary(base, now).details, undefined);
    assert.equal(
      certificateSummary(
        { ...base, pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' },
        now,
      ).details,
      undefined,
    );
    assert.equal(
      certificateSummary({ ...base, pem: pki.server.certPem }, now).details?.sha256Fingerprint,
      opensslDetails(pki.server.certPem).sha256,
    );
  });
});
