// Path building over a chain as sent, natively (node:crypto X509Certificate): from the leaf,
// through the sent certificates, to a trust anchor. Used where the TLS library's own verdict is
// not enough: the outbound check (no handshake verifies the customer's chain against Mozilla's
// roots) and the inbound probe, whose imported chain may stop below a Mozilla root.
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';

/** Certificates are never chained deeper than this in practice; the walk stops there. */
const MAX_PATH = 8;

export function certificatesOf(pem: string | undefined): X509Certificate[] {
  if (!pem) return [];
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m) => new X509Certificate(m[0]));
}

let mozilla: X509Certificate[] | undefined;

/** Node's bundled Mozilla roots, parsed once per process. */
export function mozillaRoots(): X509Certificate[] {
  return (mozilla ??= rootCertificates.map((pem) => new X509Certificate(pem)));
}

export function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** Follows issuers from the leaf through the sent chain to a trust anchor. */
export function buildPath(chain: X509Certificate[], anchors: X509Certificate[]): { trusted: boolean; stoppedAt: X509Certificate } {
  let current = chain[0];
  for (let depth = 0; depth < MAX_PATH; depth++) {
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256 || issuedBy(current, a))) return { trusted: true, stoppedAt: current };
    const next = chain.find((c) => c !== current && c.fingerprint256 !== current.fingerprint256 && issuedBy(current, c));
    if (!next) return { trusted: false, stoppedAt: current };
    current = next;
  }
  return { trusted: false, stoppedAt: current };
}
