// Rules for a server chain: the Thales server chain you trust when calling Thales, and your own
// server chain that Thales calls.
import { formatName, type CertificateFacts, type NameAttribute } from '../artifact-facts.js';
import type { Finding } from '../findings.js';
import type { ProgramProfile } from '../programs/schema.js';
import type { LintContext } from './context.js';
import { lintValidity } from './client-identity.js';

function matchesAnyOf(names: NameAttribute[], profile: ProgramProfile): boolean {
  return profile.thalesServerCa.anyOf.some((m) => names.some((n) => n.type === m.field && n.value.includes(m.equals)));
}

/** Whether any certificate in the chain is, or is issued by, the CA the program names. */
export function chainReachesExpectedCa(chain: readonly CertificateFacts[], profile: ProgramProfile): boolean {
  return chain.some((c) => matchesAnyOf(c.subject, profile) || matchesAnyOf(c.issuer, profile));
}

function sameName(a: NameAttribute[], b: NameAttribute[]): boolean {
  return formatName(a) === formatName(b);
}

/** Order and completeness of a chain given leaf first: each certificate issued by the next. */
export function lintChainOrder(chain: readonly CertificateFacts[], label: string): Finding[] {
  const findings: Finding[] = [];
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!sameName(chain[i].issuer, chain[i + 1].subject)) {
      const later = chain.findIndex((c, j) => j > i + 1 && sameName(chain[i].issuer, c.subject));
      findings.push(later > 0
        ? { id: 'chain-misordered', severity: 'error', message: `certificate ${i + 1} is issued by certificate ${later + 1}, not by the next one`, fix: 'order the chain leaf first, then each issuer in turn', artifact: label }
        : { id: 'chain-foreign-certificate', severity: 'error', message: `certificate ${i + 2} (${formatName(chain[i + 1].subject)}) did not issue certificate ${i + 1}`, fix: 'remove the certificate that does not belong to this chain', artifact: label });
      break;
    }
  }
  return findings;
}

export function lintThalesServerChain(chain: readonly CertificateFacts[], ctx: LintContext, label: string): Finding[] {
  if (chain.length === 0) {
    return [{ id: 'chain-empty', severity: 'error', message: 'no certificate found', fix: 'paste the PEM chain Thales gave you', artifact: label }];
  }
  const findings: Finding[] = [...lintChainOrder(chain, label)];
  for (const cert of chain) findings.push(...lintValidity(cert, ctx, null));
  if (!chainReachesExpectedCa(chain, ctx.profile)) {
    findings.push({
      id: 'unexpected-server-ca',
      severity: 'error',
      message: `this chain does not come from ${ctx.profile.thalesServerCa.description}, the CA ${ctx.profile.displayName} servers use`,
      fix: 'check that you took the server chain for this program and environment from the Thales portal',
      artifact: label,
    });
  }
  if (chain[0].basicConstraints?.ca) {
    findings.push({ id: 'chain-leaf-is-ca', severity: 'warning', message: 'the first certificate is a CA, not the server certificate', fix: 'put the server (leaf) certificate first', artifact: label });
  }
  return findings;
}
