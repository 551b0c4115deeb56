// Rules for a server chain: the Thales server chain you trust when calling Thales, and your own
// server chain that Thales calls.
import { formatName, type CertificateFacts, type NameAttribute } from '../artifact-facts.js';
import type { Finding } from '../findings.js';
import type { ProgramProfile } from '../programs/schema.js';
import type { LintContext } from './context.js';
import { lintValidity } from './client-identity.js';

/** The rules on chain order and CA only read names: callers may pass just these. */
export type ChainNames = Pick<CertificateFacts, 'subject' | 'issuer'>;

function matchesAnyOf(names: NameAttribute[], profile: ProgramProfile): boolean {
  if (!profile.thalesServerCa) return false;
  return profile.thalesServerCa.anyOf.some((m) =>
    names.some((n) => n.type === m.field && n.value.includes(m.equals)),
  );
}

/** Whether any certificate in the chain is, or is issued by, the CA the program names (always true when the program names none). */
export function chainReachesExpectedCa(
  chain: readonly ChainNames[],
  profile: ProgramProfile,
): boolean {
  if (!profile.thalesServerCa) return true;
  return chain.some((c) => matchesAnyOf(c.subject, profile) || matchesAnyOf(c.issuer, profile));
}

/** The CA names a chain shows (its issuers), top first, for "what was found". */
function issuersOf(chain: readonly ChainNames[]): string {
  const names = [...new Set(chain.map((c) => formatName(c.issuer)))];
  return names.reverse().join(' <- ') || 'no issuer';
}

/**
 * A chain that does not name the program's documented server CA: what was found, what was
 * documented, what to confirm. Its severity is the profile's (a warning: Thales may change CA).
 * For a program whose server CA is not published, an info note that the chain is taken as given.
 */
export function unexpectedServerCaFinding(
  chain: readonly ChainNames[],
  profile: ProgramProfile,
  label: string,
): Finding | null {
  const documented = profile.thalesServerCa;
  if (!documented) {
    return {
      id: 'server-ca-unconfirmed',
      severity: 'info',
      message: `${profile.displayName} does not publish its server CA: this chain (issued by ${issuersOf(chain)}) is trusted as given`,
      fix: 'confirm the server chain with your Thales representative',
      params: { program: profile.displayName, issuers: issuersOf(chain) },
      artifact: label,
    };
  }
  if (chain.length === 0 || chainReachesExpectedCa(chain, profile)) return null;
  return {
    id: 'unexpected-server-ca',
    severity: documented.severity,
    message: `this chain comes from ${issuersOf(chain)}, not from ${documented.description}, the CA documented for ${profile.displayName} (${documented.source})`,
    fix: 'confirm with your Thales representative that this is the current server chain for this program and environment (Thales may change its CA), or take the right one from the portal',
    params: { issuers: issuersOf(chain), ca: documented.description, program: profile.displayName },
    artifact: label,
  };
}

function sameName(a: NameAttribute[], b: NameAttribute[]): boolean {
  return formatName(a) === formatName(b);
}

function isSelfIssued(cert: ChainNames): boolean {
  return sameName(cert.issuer, cert.subject);
}

/** From a certificate, follow issuer names through the set as far as they go. */
function issuerPath(start: ChainNames, chain: readonly ChainNames[]): ChainNames[] {
  const path = [start];
  for (let current = start; !isSelfIssued(current);) {
    const issuer = chain.find((c) => !path.includes(c) && sameName(current.issuer, c.subject));
    if (!issuer) break;
    path.push(issuer);
    current = issuer;
  }
  return path;
}

/** Order and completeness of a chain that should be given leaf first, each certificate followed by its issuer. */
export function lintChainOrder(chain: readonly ChainNames[], label: string): Finding[] {
  const inOrder = chain.every(
    (cert, i) => i + 1 === chain.length || sameName(cert.issuer, chain[i + 1].subject),
  );
  if (inOrder) return [];
  // The leaf is the certificate no other one names as its issuer.
  const leaves = chain.filter(
    (c) => !chain.some((o) => o !== c && !isSelfIssued(o) && sameName(o.issuer, c.subject)),
  );
  const fullPath = leaves
    .map((leaf) => issuerPath(leaf, chain))
    .find((path) => path.length === chain.length);
  if (fullPath) {
    return [
      {
        id: 'chain-misordered',
        severity: 'error',
        message: `the chain is not in order: it should start with ${formatName(fullPath[0].subject)}, then each issuer in turn`,
        fix: `reorder it: ${fullPath.map((c) => formatName(c.subject)).join(' -> ')}`,
        params: {
          first: formatName(fullPath[0].subject),
          order: fullPath.map((c) => formatName(c.subject)).join(' -> '),
        },
        artifact: label,
      },
    ];
  }
  const path = issuerPath(leaves[0] ?? chain[0], chain);
  const foreign = chain.filter((c) => !path.includes(c));
  return [
    {
      id: 'chain-foreign-certificate',
      severity: 'error',
      message: `${foreign.map((c) => formatName(c.subject)).join('; ')} does not belong to the chain of ${formatName(path[0].subject)}`,
      fix: 'remove the certificates that do not belong, and add any missing intermediate',
      params: {
        variant: 'lint',
        foreign: foreign.map((c) => formatName(c.subject)).join('; '),
        leaf: formatName(path[0].subject),
      },
      artifact: label,
    },
  ];
}

export function lintThalesServerChain(
  chain: readonly CertificateFacts[],
  ctx: LintContext,
  label: string,
): Finding[] {
  if (chain.length === 0) {
    return [
      {
        id: 'chain-empty',
        severity: 'error',
        message: 'no certificate found',
        fix: 'paste the PEM chain Thales gave you',
        artifact: label,
      },
    ];
  }
  const findings: Finding[] = [...lintChainOrder(chain, label)];
  for (const cert of chain) findings.push(...lintValidity(cert, ctx, null));
  const ca = unexpectedServerCaFinding(chain, ctx.profile, label);
  if (ca) findings.push(ca);
  if (chain[0].basicConstraints?.ca) {
    findings.push({
      id: 'chain-leaf-is-ca',
      severity: 'warning',
      message: 'the first certificate is a CA, not the server certificate',
      fix: 'put the server (leaf) certificate first',
      artifact: label,
    });
  }
  return findings;
}
