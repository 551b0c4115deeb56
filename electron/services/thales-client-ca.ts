// The Thales Client CA: what the customer's server trusts to accept Thales's client certificate.
// Thales rotates that client certificate without notice, so the leaf is never a trust anchor:
// importing THALES_CLIENT_CA keeps only the CA certificates of what it is given (taking the CA from
// a chain that carries it), and importing TSH_TLS_CLIENT_CERTIFICATE says which CA to trust and
// offers to take it from the same file when the file carries it.
import { formatName, type CertificateFacts } from '../../shared/artifact-facts.js';
import type { Finding } from '../../shared/findings.js';

export interface ClientCaSelection {
  /** Index of the first certificate kept (the CA part of the chain), or -1 when none is a CA. */
  from: number;
  findings: Finding[];
}

const isCa = (c: CertificateFacts) => c.basicConstraints?.ca === true;

/** For THALES_CLIENT_CA: keep the CA part of the chain; a leaf alone is refused. */
export function selectClientCa(chain: CertificateFacts[], source: string): ClientCaSelection {
  const from = chain.findIndex(isCa);
  if (from === 0) return { from, findings: [] };
  const leaf = chain[0];
  if (from < 0)
    return {
      from,
      findings: [
        {
          id: 'client-ca-is-leaf',
          severity: 'error',
          message: `"${formatName(leaf.subject)}" is a client certificate, not a CA: a server that trusts it pins a certificate Thales rotates without notice`,
          fix: `import the CA that issued it ("${formatName(leaf.issuer)}"), from the portal or from a chain that carries it`,
          params: { subject: formatName(leaf.subject), issuer: formatName(leaf.issuer) },
          artifact: source,
        },
      ],
    };
  return {
    from,
    findings: [
      {
        id: 'client-ca-taken-from-chain',
        severity: 'info',
        message: `took the Thales Client CA "${formatName(chain[from].subject)}" from the chain; the client certificate "${formatName(leaf.subject)}" is left out, since trusting it would pin a certificate Thales rotates`,
        fix: 'nothing to do: your server trusts the CA only',
        params: { ca: formatName(chain[from].subject), leaf: formatName(leaf.subject) },
        artifact: source,
      },
    ],
  };
}

/** For TSH_TLS_CLIENT_CERTIFICATE: which CA the server must trust, and whether this file carries it. */
export function clientCertificateAdvice(
  chain: CertificateFacts[],
  source: string,
  onboardingId: string | null,
): { findings: Finding[]; caInChain: CertificateFacts | null } {
  const leaf = chain[0];
  const ca = chain.find(isCa) ?? null;
  const details = {
    need: 'import-asset' as const,
    asset: 'THALES_CLIENT_CA',
    ...(onboardingId ? { onboardingId } : {}),
  };
  return {
    caInChain: ca,
    findings: [
      {
        id: 'thales-client-ca-needed',
        severity: 'info',
        message: `your server must trust the CA that issued this certificate ("${formatName(leaf.issuer)}"), never the certificate itself: Thales rotates it without notice`,
        fix: ca
          ? `this file carries that CA ("${formatName(ca.subject)}"): import the same file as THALES_CLIENT_CA; only the CA is kept`
          : 'download the Thales Client CA from the portal and import it as THALES_CLIENT_CA',
        params: ca
          ? { variant: 'file', issuer: formatName(leaf.issuer), ca: formatName(ca.subject) }
          : { variant: 'portal', issuer: formatName(leaf.issuer) },
        artifact: source,
        details: ca ? { ...details, source } : details,
      },
    ],
  };
}
