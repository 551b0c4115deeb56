// Turns what a TLS connection ended with into a diagnosis id. It reads the TLS alert number (from
// the bytes on the wire when we have them, else from the error) and the alert's reason name, never
// an exact OpenSSL error string: Electron's main process runs BoringSSL, whose messages differ.
import type { DiagnosisId } from '../../../shared/diagnoses.js';

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

const ALERT_BY_REASON = new Map(
  Object.entries(TLS_ALERTS).map(([n, name]) => [name.replace(/_/g, '').toUpperCase(), Number(n)]),
);

/** The alert number an error reports, from "alert number N" or from the reason name in its code/message. */
export function alertFromError(error: unknown): number | undefined {
  const e = error as { code?: string; message?: string } | undefined;
  const text = `${e?.code ?? ''} ${e?.message ?? ''}`;
  const numbered = /alert number (\d+)/i.exec(text);
  if (numbered) return Number(numbered[1]);
  // OpenSSL: ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED; BoringSSL: TLSV1_ALERT_UNKNOWN_CA, SSLV3_ALERT_...
  const reason = /ALERT_([A-Z_]+)/.exec(text.toUpperCase());
  if (reason) return ALERT_BY_REASON.get(reason[1].replace(/_/g, ''));
  return undefined;
}

export interface TlsFailureContext {
  alert?: number;
  error?: unknown;
  /** Bytes the server sent on this connection, and the first of them (0x16 handshake, 0x15 alert). */
  bytesReceived: number;
  firstByte?: number;
  /** The TLS handshake finished on our side before the failure (TLS 1.3 post-handshake rejection). */
  afterHandshake: boolean;
  timedOut: boolean;
  sentClientCertificate: boolean;
  /** Whether the server asked for a client certificate, when known. */
  certificateRequested: boolean | null;
  /** Our client certificate is outside its validity period. */
  clientCertificateExpired: boolean;
}

export interface Classification {
  id: DiagnosisId;
  reason: string;
}

const CERTIFICATE_REJECTIONS = new Set([42, 43, 44, 46, 48, 49]);

function errorCode(error: unknown): string {
  return String((error as { code?: string } | undefined)?.code ?? '');
}

function looksLikeTls(firstByte: number | undefined): boolean {
  return firstByte === undefined || (firstByte >= 0x14 && firstByte <= 0x17);
}

export function classifyTlsFailure(ctx: TlsFailureContext): Classification {
  const alert = ctx.alert ?? alertFromError(ctx.error);
  const code = errorCode(ctx.error);
  const message = String((ctx.error as Error | undefined)?.message ?? '');
  if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH' || /KEY_VALUES_MISMATCH/i.test(message)) {
    return {
      id: 'key-cert-mismatch',
      reason: 'the TLS library refused the key: it does not match the certificate',
    };
  }
  if (ctx.bytesReceived > 0 && !looksLikeTls(ctx.firstByte)) {
    return {
      id: 'not-tls',
      reason: `the server answered with bytes that are not TLS (first byte 0x${ctx.firstByte!.toString(16).padStart(2, '0')})`,
    };
  }
  if (
    /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|RECORD_LENGTH_MISMATCH/i.test(
      `${code} ${message}`,
    )
  ) {
    return { id: 'not-tls', reason: 'the answer is not a TLS record' };
  }
  if (alert !== undefined) {
    const name = `alert ${alert} (${TLS_ALERTS[alert] ?? 'unknown'})`;
    if (alert === 116) return { id: 'client-cert-required', reason: `the server sent ${name}` };
    if (alert === 45) return { id: 'client-cert-expired', reason: `the server sent ${name}` };
    if (alert === 70)
      return {
        id: 'tls-version-too-low',
        reason: `the server sent ${name}: no TLS version in common`,
      };
    if (CERTIFICATE_REJECTIONS.has(alert)) {
      if (!ctx.sentClientCertificate)
        return {
          id: 'client-cert-required',
          reason: `the server sent ${name} and no client certificate was sent`,
        };
      return ctx.clientCertificateExpired
        ? {
            id: 'client-cert-expired',
            reason: `the server sent ${name}; the client certificate is outside its validity period`,
          }
        : {
            id: 'client-cert-not-trusted',
            reason: `the server sent ${name} about the client certificate`,
          };
    }
    if (alert === 40 && ctx.certificateRequested && !ctx.sentClientCertificate) {
      return {
        id: 'client-cert-required',
        reason: `the server asked for a client certificate, none was sent, and it sent ${name}`,
      };
    }
    if (alert === 40 && ctx.certificateRequested && ctx.clientCertificateExpired) {
      return {
        id: 'client-cert-expired',
        reason: `the server sent ${name}; the client certificate is outside its validity period`,
      };
    }
    if (alert !== 0) return { id: 'tls-handshake-failed', reason: `the server sent ${name}` };
  }
  if (ctx.timedOut) {
    return {
      id: 'tls-no-response',
      reason:
        ctx.bytesReceived === 0
          ? 'the server sent nothing in answer to the TLS hello'
          : `the server sent only ${ctx.bytesReceived} bytes before the time ran out`,
    };
  }
  // A close or reset without an alert: some servers (Node's among them) just hang up on a client
  // certificate they refuse. Only blame the certificate when the server asked for one.
  if (ctx.certificateRequested) {
    if (!ctx.sentClientCertificate)
      return {
        id: 'client-cert-required',
        reason:
          'the server asked for a client certificate, none was sent, and it closed the connection',
      };
    if (ctx.clientCertificateExpired)
      return {
        id: 'client-cert-expired',
        reason: 'the server closed the connection after receiving an expired client certificate',
      };
    return {
      id: 'client-cert-not-trusted',
      reason: `the server closed the connection ${ctx.afterHandshake ? 'right after the handshake' : 'during the handshake'} after receiving the client certificate, without an alert`,
    };
  }
  if (ctx.bytesReceived === 0)
    return {
      id: 'tls-no-response',
      reason: `the server closed the connection without answering the TLS hello${code ? ` (${code})` : ''}`,
    };
  return {
    id: 'tls-handshake-failed',
    reason: `the TLS connection failed${code ? ` (${code})` : ''}${message ? `: ${message}` : ''}`,
  };
}

/** Node's verification error codes (OpenSSL's X509_V_ERR names; BoringSSL's are the same). */
export function classifyVerifyError(
  code: string,
  leafIssuerSent: boolean,
  leafSelfSigned: boolean,
): Classification {
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return { id: 'server-cert-expired', reason: `verification said ${code}` };
  if (code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' && !leafIssuerSent && !leafSelfSigned) {
    return {
      id: 'server-chain-incomplete',
      reason: `verification said ${code} and the server sent no certificate for the issuer of its own`,
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH')
    return { id: 'server-hostname-mismatch', reason: `verification said ${code}` };
  return { id: 'server-cert-untrusted', reason: `verification said ${code}` };
}
