// The checks on a server chain as sent that both probe directions make: validity, host name,
// length and order. Trust is judged by each direction (the inbound test verifies against the
// Thales chain you imported; the outbound check against the Mozilla roots Thales uses).
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { DiagnosisId, ProbeStepStatus } from '../../../shared/diagnoses.js';
import { lintChainOrder } from '../../../shared/rules/server-chain.js';
import { chainNames } from './tls-evidence.js';
import { probeText, quotedFinding, type ProbeText } from '../../../shared/i18n/probe-steps.js';

/** A chain longer than this is a misconfiguration, whatever else it is. */
export const LONGEST_REASONABLE_CHAIN = 6;

/** Whose server it is: Thales's (the inbound test) or yours (the outbound check Thales will make). */
export type ChainDirection = 'inbound' | 'outbound';

/**
 * How much a chain that is too long or misordered weighs, per direction. Inbound, the server is
 * Thales's: you cannot change it, and your TLS library got through it, so it is a warning to
 * pass on. Outbound, the server is yours and Thales's client may refuse such a chain, so it fails
 * until you fix it. Expired certificates and a host the certificate does not cover fail both ways.
 */
const SHAPE_SEVERITY: Record<ChainDirection, 'warn' | 'fail'> = {
  inbound: 'warn',
  outbound: 'fail',
};

export interface ChainProblem {
  status: Extract<ProbeStepStatus, 'warn' | 'fail'>;
  diagnosis: DiagnosisId;
  summary: string;
  summaryText: ProbeText;
}

export interface ChainShapeCheck {
  check: string;
  ok: boolean;
  detail: string;
  /** The detail as data, said in the app's language. */
  detailText: ProbeText;
}

export function oneLine(name: string): string {
  return name.split('\n').join(', ');
}

export function outsideValidity(notBefore: string, notAfter: string, now: Date): boolean {
  return now < new Date(notBefore) || now > new Date(notAfter);
}

export function coversHost(leaf: X509Certificate | undefined, host: string): boolean {
  if (!leaf) return false;
  return isIP(host) ? leaf.checkIP(host) !== undefined : leaf.checkHost(host) !== undefined;
}

/**
 * Validity, host name, length and order of `chain` (leaf first, as sent; `sentCount` may exceed
 * it when the reading was capped). `orderKnown` is false when the order is the TLS library's,
 * not the wire's, so a misorder cannot be told.
 */
export function serverChainShape(
  chain: readonly X509Certificate[],
  sentCount: number,
  host: string,
  now: Date,
  direction: ChainDirection,
  orderKnown = true,
): { checks: ChainShapeCheck[]; problems: ChainProblem[] } {
  const checks: ChainShapeCheck[] = [];
  const problems: ChainProblem[] = [];
  validityCheck(chain, now, checks, problems);

  const leaf = chain[0];
  const covered = coversHost(leaf, host);
  const hostDetail = covered
    ? `the certificate covers ${host}`
    : `the certificate does not cover ${host}: it names ${leaf?.subjectAltName ?? (leaf ? oneLine(leaf.subject) : 'nothing')}`;
  const hostText = covered
    ? probeText('check.host-covered', { host })
    : probeText('chain.host-not-covered', {
        host,
        names: leaf?.subjectAltName ?? (leaf ? oneLine(leaf.subject) : '-'),
      });
  checks.push({ check: 'host name', ok: covered, detail: hostDetail, detailText: hostText });
  if (!covered)
    problems.push({
      status: 'fail',
      diagnosis: 'server-hostname-mismatch',
      summary: hostDetail,
      summaryText: hostText,
    });

  const shape = SHAPE_SEVERITY[direction];
  if (sentCount > LONGEST_REASONABLE_CHAIN) {
    problems.push({
      status: shape,
      diagnosis: 'server-chain-too-long',
      summary: `the server sends ${sentCount} certificates`,
      summaryText: probeText('chain.too-long', { count: sentCount }),
    });
    return { checks, problems };
  }
  const order = lintChainOrder(chain.map(chainNames), 'server chain as sent');
  checks.push({
    check: 'chain order',
    ok: order.length === 0,
    detail: order[0]?.message ?? 'leaf first, each certificate issued by the next',
    detailText: order[0]
      ? probeText('chain.misordered', { finding: quotedFinding(order[0]) })
      : probeText('check.order-ok'),
  });
  if (order.length > 0 && orderKnown)
    problems.push({
      status: shape,
      diagnosis: 'server-chain-misordered',
      summary: order[0].message,
      summaryText: probeText('chain.misordered', {
        finding: quotedFinding(order[0]),
      }),
    });
  return { checks, problems };
}

/** Every certificate of the chain within its validity period (kept apart for length). */
function validityCheck(
  chain: readonly X509Certificate[],
  now: Date,
  checks: ChainShapeCheck[],
  problems: ChainProblem[],
): void {
  const expired = chain.filter((c) => outsideValidity(c.validFrom, c.validTo, now));
  checks.push({
    check: 'validity',
    ok: expired.length === 0,
    detail: expired[0]
      ? `${oneLine(expired[0].subject)}: ${expired[0].validFrom} to ${expired[0].validTo}`
      : 'every certificate is within its validity period',
    detailText: expired[0]
      ? probeText('check.validity-expired', {
          subject: oneLine(expired[0].subject),
          from: expired[0].validFrom,
          to: expired[0].validTo,
        })
      : probeText('check.validity-ok'),
  });
  for (const c of expired)
    problems.push({
      status: 'fail',
      diagnosis: 'server-cert-expired',
      summary: `${oneLine(c.subject)} is valid only from ${c.validFrom} to ${c.validTo}`,
      summaryText: probeText('chain.outside-validity', {
        subject: oneLine(c.subject),
        from: c.validFrom,
        to: c.validTo,
      }),
    });
}
