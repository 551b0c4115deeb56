// The classification works from alert numbers and reason names, so it reads OpenSSL's (Node) and
// BoringSSL's (Electron) error shapes alike; and the record parser survives hostile bytes.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { it } from 'node:test';
import {
  alertFromError,
  classifyTlsFailure,
  type TlsFailureEvidence,
} from '../../electron/services/probe/classify.js';
import {
  distinguishedName,
  readServerHandshake,
  subjectNameDer,
} from '../../electron/services/probe/tls-evidence.js';
import { issue } from '../helpers/tls-pki.js';
import { parseHostPort, parseProbeUrl } from '../../electron/services/probe/target.js';

const base: TlsFailureEvidence = {
  bytesReceived: 100,
  firstByte: 0x16,
  lastServerMessage: 'ServerHelloDone',
  serverVersion: 'TLSv1.2',
  afterHandshake: false,
  timedOut: false,
  clientCertificateGiven: true,
  clientCertificateSent: true,
  certificateRequested: true,
  clientCertificateExpired: false,
};

it('reads the alert from OpenSSL codes, BoringSSL reasons and "alert number N"', () => {
  assert.equal(
    alertFromError({ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', message: 'x' }),
    116,
  );
  assert.equal(
    alertFromError({
      message:
        'error:1000045c:SSL routines:OPENSSL_internal:TLSV1_ALERT_CERTIFICATE_REQUIRED:../../third_party/boringssl/src/ssl/tls_record.cc:592:',
    }),
    116,
  );
  assert.equal(
    alertFromError({
      message: 'error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA',
    }),
    48,
  );
  assert.equal(alertFromError({ code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE' }), 42);
  assert.equal(alertFromError({ message: 'something:SSL alert number 45' }), 45);
  assert.equal(alertFromError({ code: 'ECONNRESET', message: 'read ECONNRESET' }), undefined);
});

it('maps alerts to diagnoses by number', () => {
  const id = (alert: number, extra = {}) => classifyTlsFailure({ ...base, alert, ...extra }).id;
  assert.equal(id(116), 'client-cert-required');
  assert.equal(id(48), 'client-cert-not-trusted');
  assert.equal(id(42), 'client-cert-not-trusted');
  assert.equal(id(42, { clientCertificateExpired: true }), 'client-cert-expired');
  assert.equal(id(45), 'client-cert-expired');
  assert.equal(id(70), 'tls-version-too-low');
  assert.equal(
    id(40, { clientCertificateGiven: false, clientCertificateSent: false }),
    'client-cert-required',
  );
  assert.equal(id(40, { certificateRequested: false }), 'tls-handshake-failed');
  assert.equal(classifyTlsFailure({ ...base, bytesReceived: 9, firstByte: 0x48 }).id, 'not-tls');
  assert.equal(
    classifyTlsFailure({ ...base, error: { code: 'ERR_OSSL_X509_KEY_VALUES_MISMATCH' } }).id,
    'key-cert-mismatch',
  );
  assert.equal(
    classifyTlsFailure({
      ...base,
      error: { message: 'X509 routines:OPENSSL_internal:KEY_VALUES_MISMATCH' },
    }).id,
    'key-cert-mismatch',
  );
  assert.equal(
    classifyTlsFailure({ ...base, certificateRequested: null, bytesReceived: 0, timedOut: true })
      .id,
    'tls-no-response',
  );
});

it('parses hostile and truncated bytes without throwing', () => {
  for (let i = 0; i < 300; i++) {
    const bytes = randomBytes(1 + ((i * 37) % 3000));
    if (i % 2) bytes[0] = 0x16;
    if (i % 3) bytes.writeUInt16BE(Math.min(bytes.length, 0x4000), 3 % bytes.length);
    assert.doesNotThrow(() =>
      readServerHandshake(bytes, new Map([['SERVER_HANDSHAKE_TRAFFIC_SECRET', randomBytes(32)]])),
    );
  }
});

it('reads targets with one-sentence errors', () => {
  assert.deepEqual(parseProbeUrl('tmg.dbp-stg.thalescloud.io/1/sandbox-v2/'), {
    url: 'https://tmg.dbp-stg.thalescloud.io/1/sandbox-v2/',
    host: 'tmg.dbp-stg.thalescloud.io',
    port: 443,
    path: '/1/sandbox-v2/',
  });
  assert.equal(parseProbeUrl('https://[::1]:8443/x?y=1').host, '::1');
  assert.equal(parseProbeUrl('https://[::1]:8443/x?y=1').path, '/x?y=1');
  assert.deepEqual(parseHostPort('issuer.example.com'), { host: 'issuer.example.com', port: 443 });
  assert.deepEqual(parseHostPort('[::1]:8443'), { host: '::1', port: 8443 });
  for (const bad of [
    'https://h:0/',
    'https://h:70000/',
    'https://h:-1/',
    'https://h:abc/',
    'ftp://h/',
    'https://user:pw@h/',
  ]) {
    assert.throws(
      () => parseProbeUrl(bad),
      (e: Error) => !e.message.includes('\n') && e.message.length < 200,
      bad,
    );
  }
  for (const bad of ['h:0', 'h:70000', ':443', 'a b:1', '[zz]:1'])
    assert.throws(() => parseHostPort(bad), bad);
});

it('never echoes a pasted key in a target error, only its length', () => {
  const base64 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'der' })
    .toString('base64');
  // Without "/", so no part of it can pass for a path.
  const unbroken = base64.replace(/[/+=]/g, '');
  const leaks = (text: string) =>
    [0, 20, 40, 60, 80].some(
      (i) => text.includes(base64.slice(i, i + 16)) || text.includes(unbroken.slice(i, i + 16)),
    );
  for (const pasted of [
    `https://h:${base64}/`,
    `ftp://${base64}/`,
    `https://${unbroken}@h/`,
    `https://${unbroken}/`,
    `${unbroken}:443`,
    `h:${base64}`,
    `[${base64}]:1`,
  ]) {
    const refusal = (() => {
      try {
        return pasted.startsWith('https') || pasted.startsWith('ftp')
          ? parseProbeUrl(pasted)
          : parseHostPort(pasted);
      } catch (error) {
        return error as Error;
      }
    })();
    assert.ok(refusal instanceof Error, `${pasted.length} characters accepted`);
    assert.equal(leaks(refusal.message), false, refusal.message);
    assert.match(refusal.message, /-character value/);
  }
  assert.throws(() => parseHostPort('h:0'), /"h:0" has port 0,/);
});

it('reads DER names byte for byte as Node prints them', async () => {
  const cert = await issue({
    subject: 'C=FR, ST=Île-de-France, O=Thales DIS, OU=Test, CN=Thales Client CA',
    ca: true,
  });
  const der = Buffer.from(cert.cert.rawData);
  assert.equal(
    distinguishedName(subjectNameDer(der)),
    new X509Certificate(der).subject.split('\n').join(', '),
  );
  assert.match(distinguishedName(Buffer.from([0x30, 0x05, 0x31])), /unreadable name/);
});
