// Checks one pasted asset on entry, before anything is saved: a certificate or chain against the
// program's rules, or a host + base path. The wizard shows the findings as the user pastes.
import { isIP } from 'node:net';
import { daysBetween, formatName, type CertificateFacts } from '../../shared/artifact-facts.js';
import { hasErrors, sortFindings, type Finding } from '../../shared/findings.js';
import type { AssetCheck, CertificateSummary } from '../../shared/ipc-contract.js';
import type { AssetName, EnvironmentId, ProgramProfile } from '../../shared/programs/schema.js';
import type { LintContext } from '../../shared/rules/context.js';
import { lintValidity } from '../../shared/rules/client-identity.js';
import { lintChainOrder, lintThalesServerChain } from '../../shared/rules/server-chain.js';
import { decodeArtifacts } from '../services/decode.js';
import { UserError } from '../services/errors.js';
import { factsOfInput } from '../services/lint.js';

export function certificateSummary(facts: CertificateFacts, now: Date): CertificateSummary {
  return {
    subject: formatName(facts.subject),
    issuer: formatName(facts.issuer),
    notAfter: facts.notAfter,
    daysLeft: Math.floor(daysBetween(now, new Date(facts.notAfter))),
    sha256Fingerprint: facts.sha256Fingerprint,
    selfSigned: facts.selfSigned,
  };
}

/** "host/base/path", "host:8443/base" or "https://host/base", as the portal and users write it. */
export function parseHostAsset(text: string): { host: string; port: number | null; basePath: string } | null {
  const trimmed = text.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return null;
  try {
    const url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
    if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash) return null;
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : null, basePath: url.pathname };
  } catch {
    return null;
  }
}

function checkHost(asset: AssetName, text: string, profile: ProgramProfile): Finding[] {
  const parsed = parseHostAsset(text);
  if (parsed === null) {
    return [{ id: 'host-invalid', severity: 'error', message: `"${text.trim()}" is not a host name with an optional base path`, fix: 'write it as host.example.com/base/path (https is implied)', artifact: asset }];
  }
  const findings: Finding[] = [];
  if (isIP(parsed.host) !== 0) {
    findings.push({ id: 'ip-literal', severity: 'error', message: `${parsed.host} is an IP address; Thales and its partners use DNS names, never fixed IPs`, fix: 'enter the DNS host name', artifact: asset });
  } else if (!parsed.host.includes('.')) {
    findings.push({ id: 'host-not-qualified', severity: 'warning', message: `${parsed.host} is not a fully qualified DNS name`, fix: 'enter the full host name, e.g. api.example.com', artifact: asset });
  }
  if (asset === 'ISSUER_HOST' && parsed.port !== null && !profile.outbound.ports.includes(parsed.port)) {
    findings.push({ id: 'port-not-allowed', severity: 'warning', message: `Thales calls port ${profile.outbound.ports.join(' or ')}, not ${parsed.port}`, fix: `serve the API on port ${profile.outbound.ports.join(' or ')}`, artifact: asset });
  }
  return findings;
}

function checkCustomerServerChain(chain: CertificateFacts[], ctx: LintContext, label: string): Finding[] {
  const findings = [...lintChainOrder(chain, label)];
  for (const cert of chain) findings.push(...lintValidity(cert, ctx, null));
  const leaf = chain[0];
  if (leaf.basicConstraints?.ca) {
    findings.push({ id: 'chain-leaf-is-ca', severity: 'error', message: 'the first certificate is a CA, not your server certificate', fix: 'put your server (leaf) certificate first, then its issuers', artifact: label });
  }
  if (leaf.extendedKeyUsage !== null && !leaf.extendedKeyUsage.includes('serverAuth')) {
    findings.push({ id: 'eku-server-auth-missing', severity: 'error', message: `the server certificate is not marked for TLS server use (extendedKeyUsage ${leaf.extendedKeyUsage.join(', ')})`, fix: 'use a certificate issued for TLS servers', artifact: label });
  }
  return findings;
}

export async function checkAsset(profile: ProgramProfile, environmentId: EnvironmentId, asset: AssetName, text: string, ctxExtra: { now: Date; expiringSoonDays: number }): Promise<AssetCheck> {
  const spec = profile.assets.find((a) => a.name === asset);
  if (!spec) throw new UserError('bad-input', `${asset} is not an asset of ${profile.displayName}`);
  if (spec.kind === 'host') {
    const findings = checkHost(asset, text, profile);
    return { ok: !hasErrors(findings), findings, certificates: [] };
  }
  const artifacts = await factsOfInput(await decodeArtifacts(text, asset));
  if (artifacts.some((a) => a.kind === 'key')) {
    throw new UserError('bad-input', `${asset}: this text holds a key, not only certificates; never paste a private key here: paste the certificate${spec.kind === 'certificate-chain' ? ' chain' : ''} alone`);
  }
  const chain = artifacts.filter((a): a is CertificateFacts => a.kind === 'certificate');
  if (chain.length === 0) throw new UserError('bad-input', `${asset}: no certificate found; paste the PEM text from BEGIN CERTIFICATE to END CERTIFICATE`);
  const ctx: LintContext = { profile, environmentId, ...ctxExtra };
  let findings: Finding[];
  if (asset === 'TSH_TLS_SERVER_CERTIFICATE_CHAIN') findings = lintThalesServerChain(chain, ctx, asset);
  else if (asset === 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN') findings = checkCustomerServerChain(chain, ctx, asset);
  else {
    findings = chain.length > 1 ? lintChainOrder(chain, asset) : [];
    for (const cert of chain) findings.push(...lintValidity(cert, ctx, null));
  }
  const sorted = sortFindings(findings);
  return { ok: !hasErrors(sorted), findings: sorted, certificates: chain.map((c) => certificateSummary(c, ctxExtra.now)) };
}
