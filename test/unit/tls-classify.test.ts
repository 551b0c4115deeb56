// The TLS failure classification as a table: recorded error objects from OpenSSL (Node 20, taken
// from real failed handshakes) and BoringSSL (Electron's main process, in the shape its error
// queue gives: packed code 0x10000000 | SSL_R_*, "OPENSSL_internal", the SSL_R_ name as reason,
// from include/openssl/ssl.h), and the rules, one row per stack behaviour.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alertFromError,
  classifyTlsFailure,
  libraryReason,
  LIBRARY_REASONS,
  type TlsFailureEvidence,
} from '../../electron/services/probe/classify.js';
import type { DiagnosisId } from '../../shared/diagnoses.js';

/** Recorded from Node 20.20 / OpenSSL 3.0 against Node tls servers (see the test names). */
const OPENSSL = {
  noCertTls12: {
    message:
      '80BC8A3D117F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 40\n',
    library: 'SSL routines',
    reason: 'sslv3 alert handshake failure',
    code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  },
  noCertTls13: {
    message:
      '80BC8A3D117F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116\n',
    library: 'SSL routines',
    reason: 'tlsv13 alert certificate required',
    code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  },
  protocolVersion: {
    message:
      '80BC8A3D117F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 70\n',
    library: 'SSL routines',
    reason: 'tlsv1 alert protocol version',
    code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  },
  badCertificate: {
    message:
      '80AC702F807F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 42\n',
    library: 'SSL routines',
    reason: 'sslv3 alert bad certificate',
    code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  },
  certificateUnknown: {
    message:
      '80AC702F807F0000:error:0A000416:SSL routines:ssl3_read_bytes:sslv3 alert certificate unknown:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 46\n',
    library: 'SSL routines',
    reason: 'sslv3 alert certificate unknown',
    code: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  },
  wrongVersionNumber: {
    message:
      '80BC8A3D117F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n',
    library: 'SSL routines',
    reason: 'wrong version number',
    code: 'ERR_SSL_WRONG_VERSION_NUMBER',
  },
  keyMismatch: {
    message: 'error:05800074:x509 certificate routines::key values mismatch',
    library: 'x509 certificate routines',
    reason: 'key values mismatch',
    code: 'ERR_OSSL_X509_KEY_VALUES_MISMATCH',
  },
};

/** BoringSSL's shape, as Electron's Node reports it (reason = the SSL_R_ name). */
function boring(reason: string, packed: number, alert?: number) {
  return {
    message: `error:${packed.toString(16).padStart(8, '0')}:SSL routines:OPENSSL_internal:${reason}${alert !== undefined ? `:../../third_party/boringssl/src/ssl/tls_record.cc:592:SSL alert number ${alert}` : ''}`,
    library: 'SSL routines',
    reason,
    code: `ERR_SSL_${reason}`,
  };
}
const SSL = 0x10000000;
const BORINGSSL = {
  certificateRequired: boring('TLSV1_ALERT_CERTIFICATE_REQUIRED', SSL | 1116, 116),
  // The same without the "alert number" data: only the reason name says it.
  certificateRequiredBare: boring('TLSV1_ALERT_CERTIFICATE_REQUIRED', SSL | 1116),
  handshakeFailure: boring('SSLV3_ALERT_HANDSHAKE_FAILURE', SSL | 1040),
  badCertificate: boring('SSLV3_ALERT_BAD_CERTIFICATE', SSL | 1042),
  unknownCa: boring('TLSV1_ALERT_UNKNOWN_CA', SSL | 1048),
  protocolVersion: boring('TLSV1_ALERT_PROTOCOL_VERSION', SSL | 1070),
  unrecognizedName: boring('TLSV1_ALERT_UNRECOGNIZED_NAME', SSL | 1112),
  unsupportedProtocol: boring('UNSUPPORTED_PROTOCOL', SSL | 240),
  noSharedCipher: boring('NO_SHARED_CIPHER', SSL | 184),
  noCommonSignature: boring('NO_COMMON_SIGNATURE_ALGORITHMS', SSL | 253),
  wrongVersionNumber: boring('WRONG_VERSION_NUMBER', SSL | 247),
  keyMismatch: boring('CERTIFICATE_AND_PRIVATE_KEY_MISMATCH', SSL | 274),
  certificateVerifyFailed: boring('CERTIFICATE_VERIFY_FAILED', SSL | 125),
};

describe('library reasons: OpenSSL and BoringSSL spellings', () => {
  it('reads the alert of every recorded error, with or without "alert number N"', () => {
    assert.equal(alertFromError(OPENSSL.noCertTls12), 40);
    assert.equal(alertFromError(OPENSSL.noCertTls13), 116);
    assert.equal(alertFromError(OPENSSL.protocolVersion), 70);
    assert.equal(alertFromError(OPENSSL.badCertificate), 42);
    assert.equal(alertFromError(OPENSSL.certificateUnknown), 46);
    assert.equal(alertFromError(BORINGSSL.certificateRequired), 116);
    assert.equal(alertFromError(BORINGSSL.certificateRequiredBare), 116);
    assert.equal(alertFromError(BORINGSSL.handshakeFailure), 40);
    assert.equal(alertFromError(BORINGSSL.badCertificate), 42);
    assert.equal(alertFromError(BORINGSSL.unknownCa), 48);
    assert.equal(alertFromError(BORINGSSL.protocolVersion), 70);
    assert.equal(alertFromError(BORINGSSL.unrecognizedName), 112);
    assert.equal(alertFromError({ code: 'ERR_SSL_TLSV1_UNRECOGNIZED_NAME' }), 112);
    assert.equal(alertFromError({ code: 'ECONNRESET', message: 'read ECONNRESET' }), undefined);
  });

  it('names the reason from the code, the reason text or the message, in both spellings', () => {
    assert.equal(libraryReason(OPENSSL.wrongVersionNumber)!.name, 'WRONG_VERSION_NUMBER');
    assert.equal(libraryReason(OPENSSL.keyMismatch)!.fact!.kind, 'key-mismatch');
    assert.equal(libraryReason(BORINGSSL.keyMismatch)!.fact!.kind, 'key-mismatch');
    assert.equal(libraryReason(BORINGSSL.noCommonSignature)!.fact!.kind, 'no-common-cipher');
    assert.equal(libraryReason(BORINGSSL.unsupportedProtocol)!.fact!.kind, 'version-refused');
    // The message alone (an error object whose code was lost on the way).
    assert.equal(
      libraryReason({ message: BORINGSSL.noSharedCipher.message })!.name,
      'NO_SHARED_CIPHER',
    );
    assert.equal(
      libraryReason({ message: OPENSSL.noCertTls13.message })!.name,
      'TLSV13_ALERT_CERTIFICATE_REQUIRED',
    );
    // A reason outside the table is still named, with no fact.
    assert.deepEqual(libraryReason(BORINGSSL.certificateVerifyFailed), {
      name: 'CERTIFICATE_VERIFY_FAILED',
      fact: null,
      library: null,
    });
  });

  it('covers both spellings of every alert the two libraries spell differently', () => {
    const byAlert = new Map<number, Set<string>>();
    for (const r of LIBRARY_REASONS)
      if (r.fact.kind === 'alert')
        byAlert.set(r.fact.alert, (byAlert.get(r.fact.alert) ?? new Set()).add(r.library));
    for (const alert of [116, 112, 113])
      assert.deepEqual([...byAlert.get(alert)!].sort(), ['boringssl', 'openssl'], `alert ${alert}`);
    for (const [alert, libraries] of byAlert)
      assert.ok(
        libraries.has('both') ||
          (libraries.has('openssl') && libraries.has('boringssl')) ||
          alert === 109 ||
          alert === 115,
        `alert ${alert}: ${[...libraries]}`,
      );
  });
});

/** Evidence as the TLS library alone gives it (no bytes read): the BoringSSL-safe path. */
const libraryOnly: TlsFailureEvidence = {
  bytesReceived: 200,
  firstByte: 0x16,
  lastServerMessage: null,
  serverVersion: null,
  afterHandshake: false,
  timedOut: false,
  clientCertificateGiven: false,
  clientCertificateSent: null,
  certificateRequested: null,
  clientCertificateExpired: false,
};

/** Evidence with the handshake bytes read, as the probe has it by default. */
const wire: TlsFailureEvidence = {
  ...libraryOnly,
  lastServerMessage: 'ServerHelloDone',
  serverVersion: 'TLSv1.2',
  certificateRequested: true,
};

const ROWS: Array<[string, TlsFailureEvidence, DiagnosisId]> = [
  // From the library's reason alone, in each spelling.
  [
    'OpenSSL, TLS 1.3, certificate_required',
    { ...libraryOnly, error: OPENSSL.noCertTls13 },
    'client-cert-required',
  ],
  [
    'BoringSSL, TLS 1.3, certificate_required',
    { ...libraryOnly, error: BORINGSSL.certificateRequiredBare },
    'client-cert-required',
  ],
  [
    'OpenSSL, protocol_version',
    { ...libraryOnly, error: OPENSSL.protocolVersion },
    'tls-version-too-low',
  ],
  [
    'BoringSSL, protocol_version',
    { ...libraryOnly, error: BORINGSSL.protocolVersion },
    'tls-version-too-low',
  ],
  [
    'BoringSSL, server chose TLS 1.0 (UNSUPPORTED_PROTOCOL)',
    { ...libraryOnly, error: BORINGSSL.unsupportedProtocol },
    'tls-version-too-low',
  ],
  [
    'OpenSSL, plain HTTP',
    { ...libraryOnly, error: OPENSSL.wrongVersionNumber, lastServerMessage: 'nothing' },
    'not-tls',
  ],
  [
    'BoringSSL, plain HTTP',
    { ...libraryOnly, error: BORINGSSL.wrongVersionNumber, lastServerMessage: 'nothing' },
    'not-tls',
  ],
  [
    'OpenSSL, key mismatch',
    { ...libraryOnly, bytesReceived: 0, error: OPENSSL.keyMismatch },
    'key-cert-mismatch',
  ],
  [
    'BoringSSL, key mismatch',
    { ...libraryOnly, bytesReceived: 0, error: BORINGSSL.keyMismatch },
    'key-cert-mismatch',
  ],
  [
    'BoringSSL, no common signature algorithm',
    { ...libraryOnly, error: BORINGSSL.noCommonSignature },
    'tls-no-common-cipher',
  ],
  [
    'BoringSSL, unknown_ca for our certificate (asked, sent)',
    {
      ...libraryOnly,
      error: BORINGSSL.unknownCa,
      clientCertificateGiven: true,
      certificateRequested: true,
    },
    'client-cert-not-trusted',
  ],
  // Protocol facts first.
  [
    'Go / JSSE: bad_certificate, no certificate on the wire',
    { ...wire, error: OPENSSL.badCertificate, alert: 42, clientCertificateSent: false },
    'client-cert-required',
  ],
  [
    'Go: bad_certificate, our certificate sent, expired',
    {
      ...wire,
      alert: 42,
      clientCertificateGiven: true,
      clientCertificateSent: true,
      clientCertificateExpired: true,
    },
    'client-cert-expired',
  ],
  [
    'JSSE: certificate_unknown, our certificate sent',
    { ...wire, alert: 46, clientCertificateGiven: true, clientCertificateSent: true },
    'client-cert-not-trusted',
  ],
  [
    'OpenSSL 1.2: handshake_failure after CertificateRequest, nothing sent',
    { ...wire, alert: 40, clientCertificateSent: false },
    'client-cert-required',
  ],
  [
    'Schannel-like: handshake_failure after CertificateRequest, ours sent',
    { ...wire, alert: 40, clientCertificateGiven: true, clientCertificateSent: true },
    'client-cert-not-trusted',
  ],
  [
    'Node: reset after our certificate, no alert',
    {
      ...wire,
      error: { code: 'ECONNRESET', message: 'read ECONNRESET' },
      clientCertificateGiven: true,
      clientCertificateSent: true,
    },
    'client-cert-not-trusted',
  ],
  [
    'Node: close without a certificate, after the request',
    { ...wire, error: { code: 'ECONNRESET' }, clientCertificateSent: false },
    'client-cert-required',
  ],
  [
    'OpenSSL / Go / JSSE: handshake_failure before ServerHello (no shared cipher)',
    {
      ...wire,
      alert: 40,
      lastServerMessage: 'nothing',
      serverVersion: null,
      certificateRequested: null,
    },
    'tls-no-common-cipher',
  ],
  [
    'Schannel-like: handshake_failure to our hello, TLS 1.0 accepted by a raw hello',
    {
      ...wire,
      alert: 40,
      lastServerMessage: 'nothing',
      serverVersion: null,
      certificateRequested: null,
      legacyVersionsAccepted: ['TLSv1'],
    },
    'tls-version-too-low',
  ],
  [
    'load balancer: plain close to our hello, TLS 1.1 accepted by a raw hello',
    {
      ...wire,
      bytesReceived: 0,
      firstByte: undefined,
      lastServerMessage: 'nothing',
      serverVersion: null,
      certificateRequested: null,
      error: { code: 'ECONNRESET' },
      legacyVersionsAccepted: ['TLSv1.1'],
    },
    'tls-version-too-low',
  ],
  [
    'old server: ServerHello at TLS 1.0',
    {
      ...wire,
      serverVersion: 'TLSv1',
      lastServerMessage: 'ServerHello',
      certificateRequested: null,
    },
    'tls-version-too-low',
  ],
  [
    'certificate alert before any ServerHello is not about our certificate',
    {
      ...wire,
      alert: 42,
      lastServerMessage: 'nothing',
      serverVersion: null,
      certificateRequested: null,
    },
    'tls-handshake-failed',
  ],
  ['garbage bytes', { ...wire, firstByte: 0x48, lastServerMessage: 'nothing' }, 'not-tls'],
  [
    'silence until the timer',
    { ...wire, bytesReceived: 0, timedOut: true, lastServerMessage: 'nothing' },
    'tls-no-response',
  ],
];

describe('the classification table', () => {
  for (const [name, evidence, id] of ROWS)
    it(`${name} -> ${id}`, () => {
      assert.equal(classifyTlsFailure(evidence).id, id, classifyTlsFailure(evidence).reason);
    });

  it("names the CertificateRequest's CA list when it leaves our issuer out", () => {
    const c = classifyTlsFailure({
      ...wire,
      alert: 46,
      clientCertificateGiven: true,
      clientCertificateSent: true,
      acceptableCaCount: 2,
      clientIssuerListed: false,
    });
    assert.equal(c.id, 'client-cert-not-trusted');
    assert.match(c.reason, /its issuer is not among the 2 CA name\(s\) the server accepts/);
    const listed = classifyTlsFailure({
      ...wire,
      alert: 46,
      clientCertificateGiven: true,
      clientCertificateSent: true,
      acceptableCaCount: 2,
      clientIssuerListed: true,
    });
    assert.doesNotMatch(listed.reason, /not among/);
  });

  it('says what was observed when nothing names a cause', () => {
    const c = classifyTlsFailure({
      ...wire,
      alert: 80,
      bytesReceived: 7,
      lastServerMessage: 'nothing',
      serverVersion: null,
      certificateRequested: null,
    });
    assert.equal(c.id, 'tls-handshake-failed');
    assert.match(
      c.reason,
      /no server handshake message; alert 80 \(internal_error\); 7 bytes received/,
    );
    const later = classifyTlsFailure({ ...wire, alert: 80, lastServerMessage: 'Certificate' });
    assert.match(later.observed, /last server message Certificate \(TLSv1\.2\)/);
  });
});
