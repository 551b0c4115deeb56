// Path building over a chain as sent, natively (node:crypto X509Certificate): from the leaf,
// through the sent certificates, to a trust anchor. Used where the TLS library's own verdict is
// not enough: the outbound check (no handshake verifies the customer's chain against Mozilla's
// roots) and the inbound probe, whose imported chain may stop below a Mozilla root.
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { pemBlocksOf } from '../pem.js';

/** Certificates are never chained deeper than this in practice; the walk stops there. */
const MAX_PATH = 8;

export function certificatesOf(pem: string | undefined): X509Certificate[] {
  if (!pem) return [];
  return pemBlocksOf(pem, 'CERTIFICATE').map((der) => new X509Certificate(der));
}

const parsedRoots = new WeakMap<readonly string[], X509Certificate[]>();

/** The Mozilla-recognized roots (Node's bundled list unless another is given), parsed once per list. */
export function mozillaRoots(pems: readonly string[] = rootCertificates): X509Certificate[] {
  let roots = parsedRoots.get(pems);
  if (!roots) parsedRoots.set(pems, (roots = pems.map((pem) => new X509Certificate(pem))));
  return roots;
}

export function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export interface CertificatePath {
  trusted: boolean;
  stoppedAt: X509Certificate;
  /** From the leaf through the sent certificates, then the anchor when one was reached. */
  path: X509Certificate[];
}

/** Follows issuers from the leaf through the sent chain to a trust anchor. */
export function buildPath(chain: X509Certificate[], anchors: X509Certificate[]): CertificatePath {
  let current = chain[0];
  const path = [current];
  for (let depth = 0; depth < MAX_PATH; depth++) {
    const anchor = anchors.find(
      (a) => a.fingerprint256 === current.fingerprint256 || issuedBy(current, a),
    );
    if (anchor)
      return {
        trusted: true,
        stoppedAt: current,
        path: anchor.fingerprint256 === current.fingerprint256 ? path : [...path, anchor],
      };
    const next = chain.find(
      (c) => c !== current && c.fingerprint256 !== current.fingerprint256 && issuedBy(current, c),
    );
    if (!next) return { trusted: false, stoppedAt: current, path };
    path.push((current = next));
  }
  return { trusted: false, stoppedAt: current, path };
}
