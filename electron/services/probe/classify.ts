// Turns what a failed TLS connection showed into a diagnosis id. Protocol facts first: how far the
// server got (its last handshake message), which version it chose or refused, whether it asked for
// a client certificate and whether ours went out (read from our own bytes), what a raw ClientHello
// at an older version got. Only then the alert number and the TLS library's reason, read through
// one table that knows OpenSSL's spellings (Node) and BoringSSL's (Electron's main process).
// The decision is one ordered table of rules: the first that matches gives the diagnosis.
import { LEGACY_TLS_VERSIONS } from '../../../shared/tls-versions.js';
import type { DiagnosisId } from '../../../shared/diagnoses.js';
import { probeText, type ProbeText } from '../../../shared/i18n/probe-steps.js';

/** RFC 8446 / 5246 alert descriptions. */
export const TLS_ALERTS: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  22: 'record_overflow',
  40: 'handshake_failure',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

/** What a library reason says, whichever library spelled it. */
export type ReasonFact =
  | { kind: 'alert'; alert: number }
  | { kind: 'not-tls' }
  | { kind: 'version-refused' }
  | { kind: 'no-common-cipher' }
  | { kind: 'key-mismatch' };

/**
 * TLS library reason names (ERR_SSL_<NAME> in Node's error codes, the name in the error message),
 * as OpenSSL 3 (Node) and BoringSSL (Electron) spell them (BoringSSL: include/openssl/ssl.h
 * SSL_R_*; OpenSSL: include/openssl/sslerr.h). Where the two differ both rows are here; a name
 * both use is marked 'both'.
 */
export const LIBRARY_REASONS: ReadonlyArray<{
  name: string;
  library: 'openssl' | 'boringssl' | 'both';
  fact: ReasonFact;
}> = [
  // Alerts the peer sent. OpenSSL says TLSV13_ for the alerts TLS 1.3 added; BoringSSL says TLSV1_.
  ...Object.entries({
    SSLV3_ALERT_UNEXPECTED_MESSAGE: 10,
    SSLV3_ALERT_BAD_RECORD_MAC: 20,
    TLSV1_ALERT_RECORD_OVERFLOW: 22,
    SSLV3_ALERT_HANDSHAKE_FAILURE: 40,
    SSLV3_ALERT_BAD_CERTIFICATE: 42,
    SSLV3_ALERT_UNSUPPORTED_CERTIFICATE: 43,
    SSLV3_ALERT_CERTIFICATE_REVOKED: 44,
    SSLV3_ALERT_CERTIFICATE_EXPIRED: 45,
    SSLV3_ALERT_CERTIFICATE_UNKNOWN: 46,
    SSLV3_ALERT_ILLEGAL_PARAMETER: 47,
    TLSV1_ALERT_UNKNOWN_CA: 48,
    TLSV1_ALERT_ACCESS_DENIED: 49,
    TLSV1_ALERT_DECODE_ERROR: 50,
    TLSV1_ALERT_DECRYPT_ERROR: 51,
    TLSV1_ALERT_PROTOCOL_VERSION: 70,
    TLSV1_ALERT_INSUFFICIENT_SECURITY: 71,
    TLSV1_ALERT_INTERNAL_ERROR: 80,
    TLSV1_ALERT_INAPPROPRIATE_FALLBACK: 86,
    TLSV1_ALERT_USER_CANCELLED: 90,
    TLSV1_ALERT_UNSUPPORTED_EXTENSION: 110,
    TLSV1_ALERT_NO_APPLICATION_PROTOCOL: 120,
  }).map(([name, alert]) => ({ name, library: 'both' as const, fact: alertFact(alert) })),
  { name: 'TLSV13_ALERT_CERTIFICATE_REQUIRED', library: 'openssl', fact: alertFact(116) },
  { name: 'TLSV1_ALERT_CERTIFICATE_REQUIRED', library: 'boringssl', fact: alertFact(116) },
  { name: 'TLSV13_ALERT_MISSING_EXTENSION', library: 'openssl', fact: alertFact(109) },
  { name: 'TLSV1_UNRECOGNIZED_NAME', library: 'openssl', fact: alertFact(112) },
  { name: 'TLSV1_ALERT_UNRECOGNIZED_NAME', library: 'boringssl', fact: alertFact(112) },
  { name: 'TLSV1_BAD_CERTIFICATE_STATUS_RESPONSE', library: 'openssl', fact: alertFact(113) },
  {
    name: 'TLSV1_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE',
    library: 'boringssl',
    fact: alertFact(113),
  },
  { name: 'TLSV1_ALERT_UNKNOWN_PSK_IDENTITY', library: 'boringssl', fact: alertFact(115) },
  // Not TLS on the wire: plain HTTP, another protocol, a proxy's page.
  { name: 'WRONG_VERSION_NUMBER', library: 'both', fact: { kind: 'not-tls' } },
  { name: 'HTTP_REQUEST', library: 'both', fact: { kind: 'not-tls' } },
  { name: 'HTTPS_PROXY_REQUEST', library: 'both', fact: { kind: 'not-tls' } },
  { name: 'PACKET_LENGTH_TOO_LONG', library: 'openssl', fact: { kind: 'not-tls' } },
  { name: 'RECORD_LENGTH_MISMATCH', library: 'both', fact: { kind: 'not-tls' } },
  { name: 'RECORD_TOO_LARGE', library: 'boringssl', fact: { kind: 'not-tls' } },
  { name: 'INVALID_OUTER_RECORD_TYPE', library: 'boringssl', fact: { kind: 'not-tls' } },
  // The server chose a version we do not allow (it ignored our supported_versions).
  { name: 'UNSUPPORTED_PROTOCOL', library: 'both', fact: { kind: 'version-refused' } },
  { name: 'VERSION_TOO_LOW', library: 'openssl', fact: { kind: 'version-refused' } },
  { name: 'WRONG_SSL_VERSION', library: 'boringssl', fact: { kind: 'version-refused' } },
  // No suite, group or signature algorithm in common, found on our side.
  { name: 'NO_SHARED_CIPHER', library: 'both', fact: { kind: 'no-common-cipher' } },
  { name: 'NO_CIPHERS_AVAILABLE', library: 'both', fact: { kind: 'no-common-cipher' } },
  { name: 'WRONG_CIPHER_RETURNED', library: 'both', fact: { kind: 'no-common-cipher' } },
  {
    name: 'NO_SUITABLE_SIGNATURE_ALGORITHM',
    library: 'openssl',
    fact: { kind: 'no-common-cipher' },
  },
  {
    name: 'NO_COMMON_SIGNATURE_ALGORITHMS',
    library: 'boringssl',
    fact: { kind: 'no-common-cipher' },
  },
  { name: 'WRONG_CURVE', library: 'both', fact: { kind: 'no-common-cipher' } },
  { name: 'NO_SHARED_GROUP', library: 'boringssl', fact: { kind: 'no-common-cipher' } },
  // Our own key and certificate do not belong together (raised before any byte leaves).
  { name: 'KEY_VALUES_MISMATCH', library: 'both', fact: { kind: 'key-mismatch' } },
  {
    name: 'CERTIFICATE_AND_PRIVATE_KEY_MISMATCH',
    library: 'boringssl',
    fact: { kind: 'key-mismatch' },
  },
];

function alertFact(alert: number): ReasonFact {
  return { kind: 'alert', alert };
}

const REASONS = new Map(LIBRARY_REASONS.map((r) => [r.name, r]));

/**
 * The library reason an error carries, from its code (ERR_SSL_X, ERR_OSSL_X), its `reason`
 * (OpenSSL: "sslv3 alert bad certificate"; BoringSSL: "SSLV3_ALERT_BAD_CERTIFICATE") or its
 * message (OpenSSL: "SSL routines:func:reason text:", BoringSSL: "SSL routines:OPENSSL_internal:NAME:").
 */
export function libraryReason(
  error: unknown,
): { name: string; fact: ReasonFact | null; library: string | null } | null {
  const e = error as { code?: unknown; reason?: unknown; message?: unknown } | undefined;
  const candidates: string[] = [];
  const code = typeof e?.code === 'string' ? e.code : '';
  const prefixed = /^ERR_(?:SSL|OSSL(?:_X509)?)_([A-Z0-9_]+)$/.exec(code);
  if (prefixed) candidates.push(prefixed[1]);
  if (typeof e?.reason === 'string') candidates.push(e.reason);
  const message = typeof e?.message === 'string' ? e.message : '';
  for (const m of message.matchAll(/routines:[^:]*:([^:]+)/g)) candidates.push(m[1]);
  for (const raw of candidates) {
    const name = raw
      .trim()
      .toUpperCase()
      .replace(/[\s-]+/g, '_');
    const known = REASONS.get(name);
    if (known) return { name, fact: known.fact, library: known.library };
  }
  const first = candidates[0]
    ?.trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  return first ? { name: first, fact: null, library: null } : null;
}

/** The alert number an error reports: "alert number N", else its reason name. */
export function alertFromError(error: unknown): number | undefined {
  const message = String((error as { message?: unknown } | undefined)?.message ?? '');
  const numbered = /alert number (\d+)/i.exec(message);
  if (numbered) return Number(numbered[1]);
  const fact = libraryReason(error)?.fact;
  return fact?.kind === 'alert' ? fact.alert : undefined;
}

/** How far the server's side of the handshake got. */
export type ServerFlight =
  | 'nothing'
  | 'ServerHello'
  | 'EncryptedExtensions'
  | 'Certificate'
  | 'ServerKeyExchange'
  | 'CertificateRequest'
  | 'ServerHelloDone'
  | 'CertificateVerify'
  | 'Finished';

/** Everything a failed connection showed, gathered once (see TlsSession.failureEvidence). */
export interface TlsFailureEvidence {
  /** What the TLS library raised, if anything. */
  error?: unknown;
  /** The alert the server sent, read from the bytes; else taken from the error. */
  alert?: number;
  /** Bytes the server sent on this connection, and the first of them (0x16 handshake, 0x15 alert). */
  bytesReceived: number;
  firstByte?: number;
  /** The last server handshake message read ('nothing' before a ServerHello; null: bytes not read). */
  lastServerMessage: ServerFlight | null;
  /** The version the server chose (ServerHello), e.g. "TLSv1.2", null when none came. */
  serverVersion: string | null;
  /** The TLS handshake finished on our side before the failure (TLS 1.3 post-handshake rejection). */
  afterHandshake: boolean;
  timedOut: boolean;
  /** We had a client certificate to give. */
  clientCertificateGiven: boolean;
  /** Our bytes carried a non-empty Certificate message (true), an empty one or none (false), or unknown (null). */
  clientCertificateSent: boolean | null;
  /** Whether the server asked for a client certificate, when known. */
  certificateRequested: boolean | null;
  /** How many CA names the CertificateRequest listed, and whether our certificate's issuer is one (null: unknown or no list). */
  acceptableCaCount?: number | null;
  clientIssuerListed?: boolean | null;
  /** Our client certificate is outside its validity period. */
  clientCertificateExpired: boolean;
  /** Versions below TLS 1.2 a raw ClientHello got accepted with, when probed (undefined: not probed). */
  legacyVersionsAccepted?: string[];
}

export interface Classification {
  id: DiagnosisId;
  reason: string;
  /** The reason as data, said in the app's language. */
  reasonText: ProbeText;
  /** What was seen, in one line: last server message, alert, bytes, our certificate. */
  observed: string;
  /** The same, as data said in the app's language (one text a part). */
  observedText: ProbeText[];
}

/** Alerts a server sends about the client certificate it got (or did not get). */
const CERTIFICATE_ALERTS = new Set([42, 43, 44, 45, 46, 48, 49, 116]);

interface Facts extends TlsFailureEvidence {
  alertNumber: number | undefined;
  alertText: string;
  reason: ReturnType<typeof libraryReason>;
  /** Our certificate went out: seen on the wire, else assumed from having one and being asked. */
  sent: boolean;
  /** The server hung up (reset, close) without a TLS alert and without timing out. */
  hungUp: boolean;
  /** The server got past its ServerHello (or we cannot tell): only then can it judge a certificate. */
  pastHello: boolean;
  /** The server's answer started with bytes that are not a TLS record. */
  garbage: boolean;
}

interface Rule {
  when: (f: Facts) => boolean;
  id: DiagnosisId;
  reason: (f: Facts) => string;
  text: (f: Facts) => ProbeText;
}

/** The alert the server sent, as data: its number and name. */
function alertOf(f: Facts): ProbeText {
  return probeText('classify.alert', {
    number: f.alertNumber ?? 0,
    name: TLS_ALERTS[f.alertNumber ?? -1] ?? 'unknown',
  });
}

/**
 * The decision, in order. Each row says which stacks behave that way (seen in the tests: Node tls,
 * openssl s_server, nginx, Java JSSE, Go crypto/tls; others from their documented behaviour).
 */
const RULES: Rule[] = [
  // Our key is not our certificate's: OpenSSL (X509 KEY_VALUES_MISMATCH from createSecureContext)
  // and BoringSSL (the same, or SSL CERTIFICATE_AND_PRIVATE_KEY_MISMATCH) refuse before connecting.
  {
    when: (f) => f.reason?.fact?.kind === 'key-mismatch',
    id: 'key-cert-mismatch',
    reason: () => 'the TLS library refused the key: it does not match the certificate',
    text: () => probeText('classify.key-mismatch'),
  },
  // The server's Certificate message is past the library's limit (about 100 KB in OpenSSL and
  // BoringSSL: EXCESSIVE_MESSAGE_SIZE): the chain is the problem, not the client certificate, even
  // when a CertificateRequest follows it in the captured bytes.
  {
    when: (f) => /EXCESSIVE_MESSAGE_SIZE/i.test(f.reason?.name ?? ''),
    id: 'server-chain-too-large',
    reason: () =>
      'the server sent a handshake message (its certificate chain) larger than the TLS library accepts',
    text: () => probeText('classify.chain-too-large'),
  },
  // The answer is not a TLS record at all (plain HTTP on the port, SSH, a proxy's banner).
  {
    when: (f) => f.garbage,
    id: 'not-tls',
    reason: (f) =>
      `the server answered with bytes that are not TLS (first byte 0x${f.firstByte!.toString(16).padStart(2, '0')})`,
    text: (f) =>
      probeText('classify.not-tls-bytes', {
        byte: `0x${f.firstByte!.toString(16).padStart(2, '0')}`,
      }),
  },
  {
    when: (f) => f.reason?.fact?.kind === 'not-tls' && f.lastServerMessage === 'nothing',
    id: 'not-tls',
    reason: (f) => `the answer is not a TLS record (${f.reason!.name})`,
    text: (f) => probeText('classify.not-tls-record', { name: f.reason!.name }),
  },
  // The server chose TLS 1.0/1.1 in its ServerHello (old OpenSSL, IIS/Schannel before 2020, old
  // load balancers): our library then says UNSUPPORTED_PROTOCOL (both libraries).
  {
    when: (f) => f.serverVersion !== null && LEGACY_TLS_VERSIONS.includes(f.serverVersion),
    id: 'tls-version-too-low',
    reason: (f) => `the server chose ${f.serverVersion}, below TLS 1.2`,
    text: (f) => probeText('classify.version-chosen-low', { version: f.serverVersion! }),
  },
  // No ServerHello, and a raw ClientHello at TLS 1.0/1.1 is accepted: the server speaks only old
  // versions, whatever it sent to our 1.2/1.3 hello (protocol_version from OpenSSL, Go and JSSE;
  // handshake_failure or a plain close from Schannel and some load balancers).
  {
    when: (f) => f.lastServerMessage === 'nothing' && (f.legacyVersionsAccepted?.length ?? 0) > 0,
    id: 'tls-version-too-low',
    reason: (f) =>
      `the server refused our TLS 1.2/1.3 hello${f.alertNumber !== undefined ? ` with ${f.alertText}` : ''} but accepts ${f.legacyVersionsAccepted!.join(' and ')}`,
    text: (f) =>
      f.alertNumber !== undefined
        ? probeText('classify.legacy-only-alert', {
            alert: alertOf(f),
            versions: f.legacyVersionsAccepted!.join(', '),
          })
        : probeText('classify.legacy-only', { versions: f.legacyVersionsAccepted!.join(', ') }),
  },
  // protocol_version: every stack's answer to a hello with no version it allows (OpenSSL, Go, JSSE).
  {
    when: (f) => f.alertNumber === 70 || f.reason?.fact?.kind === 'version-refused',
    id: 'tls-version-too-low',
    reason: (f) =>
      f.alertNumber === 70
        ? `the server sent ${f.alertText}: no TLS version in common`
        : `the TLS library said ${f.reason!.name}: no TLS version in common`,
    text: (f) =>
      f.alertNumber === 70
        ? probeText('classify.no-version-alert', { alert: alertOf(f) })
        : probeText('classify.no-version-library', { name: f.reason!.name }),
  },
  // certificate_required (116): OpenSSL 1.1.1+ on TLS 1.3. Unambiguous on any stack.
  {
    when: (f) => f.alertNumber === 116,
    id: 'client-cert-required',
    reason: (f) => `the server sent ${f.alertText}`,
    text: (f) => probeText('classify.alert-sent', { alert: alertOf(f) }),
  },
  // Asked for a certificate, none went out, and the server ended it: handshake_failure (OpenSSL
  // TLS 1.2), bad_certificate (Go, JSSE, both versions), another certificate alert, or a plain
  // close (Node's tls server, some load balancers).
  {
    when: (f) =>
      f.pastHello &&
      f.certificateRequested !== false &&
      !f.sent &&
      (f.alertNumber === 40 ||
        CERTIFICATE_ALERTS.has(f.alertNumber ?? -1) ||
        (f.hungUp && f.certificateRequested === true)),
    id: 'client-cert-required',
    reason: (f) =>
      `the server ${f.certificateRequested ? 'asked for a client certificate, none was sent, and it ' : ''}${f.alertNumber !== undefined ? `sent ${f.alertText}` : 'closed the connection'}${f.certificateRequested ? '' : ' with no client certificate sent'}`,
    text: (f) =>
      probeText(f.certificateRequested ? 'classify.none-sent-asked' : 'classify.none-sent', {
        ending: f.alertNumber !== undefined ? alertSent(f) : probeText('classify.closed'),
      }),
  },
  // certificate_expired (45): OpenSSL and nginx's OpenSSL say so outright.
  {
    when: (f) => f.alertNumber === 45,
    id: 'client-cert-expired',
    reason: (f) => `the server sent ${f.alertText}`,
    text: (f) => probeText('classify.alert-sent', { alert: alertOf(f) }),
  },
  // Our certificate went out and was refused, and it is out of its validity period: Go says
  // bad_certificate (42), JSSE certificate_unknown (46), Node closes; none says 45.
  {
    when: (f) =>
      f.pastHello &&
      f.sent &&
      f.clientCertificateExpired &&
      (CERTIFICATE_ALERTS.has(f.alertNumber ?? -1) ||
        (f.alertNumber === 40 && f.certificateRequested === true) ||
        (f.hungUp && f.certificateRequested === true)),
    id: 'client-cert-expired',
    reason: (f) =>
      `the server ${f.alertNumber !== undefined ? `sent ${f.alertText}` : 'closed the connection'} after receiving the client certificate, which is outside its validity period`,
    text: (f) =>
      probeText('classify.expired-refused', {
        ending: f.alertNumber !== undefined ? alertSent(f) : probeText('classify.closed'),
      }),
  },
  // Our certificate went out and was refused: unknown_ca (OpenSSL, nginx), bad_certificate (Go),
  // certificate_unknown (JSSE), access_denied (some gateways), handshake_failure after the
  // CertificateRequest (Schannel).
  {
    when: (f) =>
      f.pastHello &&
      f.sent &&
      (CERTIFICATE_ALERTS.has(f.alertNumber ?? -1) ||
        (f.alertNumber === 40 && f.certificateRequested === true)),
    id: 'client-cert-not-trusted',
    reason: (f) => `the server sent ${f.alertText} about the client certificate${issuerNote(f)}`,
    text: (f) =>
      f.clientIssuerListed === false
        ? probeText('classify.certificate-alert-unlisted', {
            alert: alertOf(f),
            count: f.acceptableCaCount ?? 0,
          })
        : probeText('classify.certificate-alert', { alert: alertOf(f) }),
  },
  // handshake_failure before any ServerHello: the server found nothing to agree on in our hello
  // (OpenSSL "no shared cipher", Go "no cipher suite supported by both client and server", JSSE
  // "no cipher suites in common" all send 40); insufficient_security (71) says the same; or our
  // own library found nothing acceptable in the server's answer.
  {
    when: (f) =>
      (f.lastServerMessage === 'nothing' && (f.alertNumber === 40 || f.alertNumber === 71)) ||
      f.reason?.fact?.kind === 'no-common-cipher',
    id: 'tls-no-common-cipher',
    reason: (f) =>
      f.reason?.fact?.kind === 'no-common-cipher'
        ? `the TLS library said ${f.reason.name}`
        : `the server answered our hello with ${f.alertText} before choosing a version and cipher suite`,
    text: (f) =>
      f.reason?.fact?.kind === 'no-common-cipher'
        ? probeText('classify.no-cipher-library', { name: f.reason.name })
        : probeText('classify.no-cipher-alert', { alert: alertOf(f) }),
  },
  // Nothing came back in time.
  {
    when: (f) => f.timedOut,
    id: 'tls-no-response',
    reason: (f) =>
      f.bytesReceived === 0
        ? 'the server sent nothing in answer to the TLS hello'
        : `the server sent only ${f.bytesReceived} bytes before the time ran out`,
    text: (f) =>
      f.bytesReceived === 0
        ? probeText('classify.silent')
        : probeText('classify.few-bytes', { bytes: f.bytesReceived }),
  },
  // Asked for a certificate, got ours, and hung up without an alert: Node's tls server (TLS 1.2
  // reset, TLS 1.3 close), Go on TLS 1.3 when the alert is lost under our write.
  {
    when: (f) => f.pastHello && f.hungUp && f.certificateRequested === true && f.sent,
    id: 'client-cert-not-trusted',
    reason: (f) =>
      `the server closed the connection ${f.afterHandshake ? 'right after the handshake' : 'during the handshake'} after receiving the client certificate, without an alert${issuerNote(f)}`,
    text: (f) =>
      f.clientIssuerListed === false
        ? probeText('classify.hung-up-unlisted', {
            when: f.afterHandshake ? 'after' : 'during',
            count: f.acceptableCaCount ?? 0,
          })
        : probeText('classify.hung-up', { when: f.afterHandshake ? 'after' : 'during' }),
  },
  // Closed before saying anything: a TLS terminator with no certificate for this name, a
  // firewall, a server that is not TLS but waits for the client.
  {
    when: (f) => f.bytesReceived === 0,
    id: 'tls-no-response',
    reason: (f) =>
      `the server closed the connection without answering the TLS hello${f.reason ? ` (${f.reason.name})` : ''}`,
    text: (f) =>
      f.reason
        ? probeText('classify.closed-before-hello-reason', { name: f.reason.name })
        : probeText('classify.closed-before-hello'),
  },
];

/** The CertificateRequest's CA list, when it says why our certificate was refused. */
function issuerNote(f: TlsFailureEvidence): string {
  return f.clientIssuerListed === false
    ? `; its issuer is not among the ${f.acceptableCaCount} CA name(s) the server accepts`
    : '';
}

/** "sent alert N (name)", as data. */
function alertSent(f: Facts): ProbeText {
  return probeText('classify.sent-alert', { alert: alertOf(f) });
}

function flightText(f: TlsFailureEvidence): string {
  if (f.lastServerMessage === null) return 'server handshake not read';
  return f.lastServerMessage === 'nothing'
    ? 'no server handshake message'
    : `last server message ${f.lastServerMessage}${f.serverVersion ? ` (${f.serverVersion})` : ''}`;
}

function observation(f: Facts): string {
  const parts = [
    flightText(f),
    f.alertNumber !== undefined ? f.alertText : 'no alert',
    `${f.bytesReceived} bytes received`,
    f.certificateRequested === null
      ? 'certificate request unknown'
      : f.certificateRequested
        ? 'client certificate requested'
        : 'no client certificate requested',
    f.clientCertificateSent === null
      ? f.clientCertificateGiven
        ? 'our certificate: not known to have been sent'
        : 'no client certificate given'
      : f.clientCertificateSent
        ? 'our certificate sent'
        : 'no certificate sent',
  ];
  if (f.reason) parts.push(`library reason ${f.reason.name}`);
  else {
    const code = (f.error as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string') parts.push(code);
  }
  return parts.join('; ');
}

/** The observation as data: each part said in the app's language. */
function observationText(f: Facts): ProbeText[] {
  const parts: ProbeText[] = [
    f.lastServerMessage === null
      ? probeText('observed.flight-unread')
      : f.lastServerMessage === 'nothing'
        ? probeText('observed.flight-none')
        : f.serverVersion
          ? probeText('observed.flight-version', {
              message: f.lastServerMessage,
              version: f.serverVersion,
            })
          : probeText('observed.flight', { message: f.lastServerMessage }),
    f.alertNumber !== undefined ? alertOf(f) : probeText('observed.no-alert'),
    probeText('observed.bytes', { bytes: f.bytesReceived }),
    f.certificateRequested === null
      ? probeText('observed.request-unknown')
      : f.certificateRequested
        ? probeText('observed.requested')
        : probeText('observed.not-requested'),
    f.clientCertificateSent === null
      ? f.clientCertificateGiven
        ? probeText('observed.sent-unknown')
        : probeText('observed.none-given')
      : f.clientCertificateSent
        ? probeText('observed.sent')
        : probeText('observed.not-sent'),
  ];
  const code = (f.error as { code?: unknown } | undefined)?.code;
  if (f.reason) parts.push(probeText('observed.library-reason', { name: f.reason.name }));
  else if (typeof code === 'string') parts.push(probeText('observed.code', { code }));
  return parts;
}

/** One failed TLS connection to a diagnosis: the first rule that matches, else the observation. */
export function classifyTlsFailure(evidence: TlsFailureEvidence): Classification {
  const alertNumber =
    evidence.alert !== undefined && evidence.alert !== 0
      ? evidence.alert
      : alertFromError(evidence.error);
  const code = String((evidence.error as { code?: unknown } | undefined)?.code ?? '');
  const facts: Facts = {
    ...evidence,
    alertNumber,
    alertText:
      alertNumber !== undefined
        ? `alert ${alertNumber} (${TLS_ALERTS[alertNumber] ?? 'unknown'})`
        : '',
    reason: libraryReason(evidence.error),
    sent:
      evidence.clientCertificateSent ??
      (evidence.clientCertificateGiven && evidence.certificateRequested !== false),
    hungUp:
      !evidence.timedOut &&
      alertNumber === undefined &&
      (evidence.error === undefined ||
        /^(ECONNRESET|ECONNCLOSED|EPIPE|ERR_SSL_UNEXPECTED_EOF_WHILE_READING)$/.test(code) ||
        /socket disconnected|UNEXPECTED_EOF/i.test(
          String((evidence.error as Error).message ?? ''),
        )),
    pastHello: evidence.lastServerMessage !== 'nothing' || evidence.afterHandshake,
    garbage:
      evidence.bytesReceived > 0 &&
      evidence.firstByte !== undefined &&
      (evidence.firstByte < 0x14 || evidence.firstByte > 0x17),
  };
  const observed = observation(facts);
  const observedText = observationText(facts);
  for (const rule of RULES) {
    if (rule.when(facts))
      return {
        id: rule.id,
        reason: rule.reason(facts),
        reasonText: rule.text(facts),
        observed,
        observedText,
      };
  }
  return {
    id: 'tls-handshake-failed',
    reason: `the TLS handshake failed and nothing it showed names a cause: ${observed}`,
    reasonText: probeText('classify.unexplained', { observed: observedText }),
    observed,
    observedText,
  };
}

/**
 * Node's verification error codes (OpenSSL's X509_V_ERR names; BoringSSL's are the same).
 * `rootSent`: the server sent its whole chain, each certificate issued by the next, ending in a
 * self-signed CA that is not trusted here (a private root), not a chain with a gap.
 */
export function classifyVerifyError(
  code: string,
  leafIssuerSent: boolean,
  leafSelfSigned: boolean,
  rootSent = false,
): Omit<Classification, 'observed' | 'observedText'> {
  const said = probeText('classify.verify-said', { code });
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return { id: 'server-cert-expired', reason: `verification said ${code}`, reasonText: said };
  if (rootSent && (code === 'SELF_SIGNED_CERT_IN_CHAIN' || code === 'UNABLE_TO_GET_ISSUER_CERT'))
    return {
      id: 'server-root-untrusted',
      reason: `verification said ${code}: the server sent its whole chain up to a root that is not trusted here`,
      reasonText: probeText('classify.verify-root-untrusted', { code }),
    };
  if (code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' && !leafIssuerSent && !leafSelfSigned) {
    return {
      id: 'server-chain-incomplete',
      reason: `verification said ${code} and the server sent no certificate for the issuer of its own`,
      reasonText: probeText('classify.verify-no-issuer', { code }),
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH')
    return {
      id: 'server-hostname-mismatch',
      reason: `verification said ${code}`,
      reasonText: said,
    };
  return { id: 'server-cert-untrusted', reason: `verification said ${code}`, reasonText: said };
}
