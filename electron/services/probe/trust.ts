// Path building over a chain as sent, natively (node:crypto X509Certificate): from the leaf,
// through the sent certificates, to a trust anchor. Used where the TLS library's own verdict is
// not enough: the outbound check (no handshake verifies the customer's chain against Mozilla's
// roots) and the inbound probe, whose imported chain may stop below a Mozilla root.
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { pemBlocksOf } from '../pem.js';

/** Certificates are never chained deeper than this in practice; the walk stops there. */
const MAX_PATH = 8;

/** The last few PEM texts parsed: a probe reads the same trusted chain several times. */
const parsedPem = new Map<string, X509Certificate[]>();
const PARSED_PEM_KEPT = 16;

/** The certificates of a PEM text (parsed once while it stays among the last few; read-only). */
export function certificatesOf(pem: string | undefined): X509Certificate[] {
  if (!pem) return [];
  let certificates = parsedPem.get(pem);
  if (!certificates) {
    certificates = pemBlocksOf(pem, 'CERTIFICATE').map((der) => new X509Certificate(der));
    if (parsedPem.size >= PARSED_PEM_KEPT) parsedPem.delete(parsedPem.keys().next().value!);
    parsedPem.set(pem, certificates);
  }
  return [...certificates];
}

const parsedRoots = new WeakMap<readonly string[], X509Certificate[]>();

/** The Mozilla-recognized roots (Node's bundled list unless another is given), parsed once per list. */
export function mozillaRoots(pems: readonly string[] = rootCertificates): X509Certificate[] {
  let roots = parsedRoots.get(pems);
  if (!roots) parsedRoots.set(pems, (roots = pems.map((pem) => new X509Certificate(pem))));
  return roots;
}

/**
 * Verdicts already reached, per certificate and issuer: both are immutable, and the probes meet the
 * same pairs again (trust anchors are parsed once, the servers' certificates kept while recent).
 */
const issuedVerdicts = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>();

export function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  let verdicts = issuedVerdicts.get(cert);
  if (!verdicts) issuedVerdicts.set(cert, (verdicts = new WeakMap()));
  let verdict = verdicts.get(issuer);
  if (verdict === undefined) {
    try {
      verdict = cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
    } catch {
      verdict = false;
    }
    verdicts.set(issuer, verdict);
  }
  return verdict;
}

export interface CertificatePath {
  trusted: boolean;
  stoppedAt: X509Certificate;
  /** From the leaf through the sent certificates, then the anchor when one was reached. */
  path: X509Certificate[];
}

/**
 * A name as printed, loosened so that every two names OpenSSL holds equal (its canonical form:
 * case and spaces folded, whatever the string type or escaping) give the same key; names that
 * merely share a key are told apart by the signature check after.
 */
function nameKey(printed: string): string {
  return printed.replace(/[\\\s]/g, '').toLowerCase();
}

/**
 * The first anchor, in list order, that is `cert` itself or issued it. An issuer's subject is the
 * certificate's issuer name, so only anchors of that name (or of its own, for itself) are checked,
 * not each of Mozilla's 144 roots by signature.
 */
function anchorOf(
  cert: X509Certificate,
  anchors: X509Certificate[],
  byName: Map<string, number[]>,
): X509Certificate | undefined {
  const candidates = [
    ...new Set([
      ...(byName.get(nameKey(cert.issuer)) ?? []),
      ...(byName.get(nameKey(cert.subject)) ?? []),
    ]),
  ].sort((x, y) => x - y);
  for (const i of candidates) {
    const a = anchors[i];
    if (a.fingerprint256 === cert.fingerprint256 || issuedBy(cert, a)) return a;
  }
  return undefined;
}

const subjectKeys = new WeakMap<X509Certificate, string>();

/** Follows issuers from the leaf through the sent chain to a trust anchor. */
export function buildPath(chain: X509Certificate[], anchors: X509Certificate[]): CertificatePath {
  const byName = new Map<string, number[]>();
  anchors.forEach((a, i) => {
    let key = subjectKeys.get(a);
    if (key === undefined) subjectKeys.set(a, (key = nameKey(a.subject)));
    const same = byName.get(key);
    if (same) same.push(i);
    else byName.set(key, [i]);
  });
  let current = chain[0];
  const path = [current];
  for (let depth = 0; depth < MAX_PATH; depth++) {
    const anchor = anchorOf(current, anchors, byName);
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
