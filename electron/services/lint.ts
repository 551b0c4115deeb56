// Lints whatever a person hands in (certificates, chains, CSRs, keys) against a program profile.
import type {
  ArtifactFacts,
  CertificateFacts,
  CsrFacts,
  KeyFacts,
} from '../../shared/artifact-facts.js';
import { hasErrors, sortFindings, type Finding } from '../../shared/findings.js';
import type { EnvironmentId, ProgramProfile } from '../../shared/programs/schema.js';
import {
  lintClientCertificateFacts,
  lintCsrFacts,
  lintKeyFacts,
  lintKeyMatch,
} from '../../shared/rules/client-identity.js';
import { DEFAULT_EXPIRING_SOON_DAYS } from '../../shared/rules/context.js';
import { lintChainOrder } from '../../shared/rules/server-chain.js';
import { decodeArtifacts, type DecodedArtifact, type PassphraseSource } from './decode.js';
import { certificateFacts, csrFacts, keyFacts } from './facts.js';

export interface InputFile {
  source: string;
  data: Buffer | string;
}

export interface LintRequest {
  profile: ProgramProfile;
  environmentId: EnvironmentId;
  inputs: InputFile[];
  passphrase?: PassphraseSource;
  expectedCommonName?: string;
  identifier?: string;
  commonNameTemplate?: string;
  confirmedCommonNameTemplate?: string;
  expiringSoonDays?: number;
  now?: Date;
}

export interface LintReport {
  ok: boolean;
  findings: Finding[];
  artifacts: ArtifactFacts[];
}

/** Facts for every artifact in one input; a certificate's signature is checked against the next one in its chain. */
export async function factsOfInput(decoded: DecodedArtifact[]): Promise<ArtifactFacts[]> {
  const facts: ArtifactFacts[] = [];
  const certificates = decoded.filter((d) => d.kind === 'certificate');
  for (const item of decoded) {
    if (item.kind === 'certificate') {
      const next = certificates[certificates.indexOf(item) + 1];
      facts.push(certificateFacts(item.certificate, item.label, { issuer: next?.certificate }));
    } else if (item.kind === 'csr') {
      facts.push(await csrFacts(item.csr, item.label));
    } else {
      facts.push(keyFacts(item.key, item.label));
    }
  }
  return facts;
}

export async function lintInputs(request: LintRequest): Promise<LintReport> {
  const ctx = {
    profile: request.profile,
    environmentId: request.environmentId,
    now: request.now ?? new Date(),
    expectedCommonName: request.expectedCommonName,
    identifier: request.identifier,
    commonNameTemplate: request.commonNameTemplate,
    confirmedCommonNameTemplate: request.confirmedCommonNameTemplate,
    expiringSoonDays: request.expiringSoonDays ?? DEFAULT_EXPIRING_SOON_DAYS,
  };
  const findings: Finding[] = [];
  const artifacts: ArtifactFacts[] = [];
  const leaves: Array<CertificateFacts | CsrFacts> = [];
  const keys: KeyFacts[] = [];
  for (const input of request.inputs) {
    const facts = await factsOfInput(
      await decodeArtifacts(input.data, input.source, request.passphrase),
    );
    artifacts.push(...facts);
    const certificates = facts.filter((f): f is CertificateFacts => f.kind === 'certificate');
    if (certificates.length > 0) {
      findings.push(...lintClientCertificateFacts(certificates[0], ctx));
      if (certificates.length > 1) findings.push(...lintChainOrder(certificates, input.source));
      leaves.push(certificates[0]);
    }
    for (const f of facts) {
      if (f.kind === 'csr') {
        findings.push(...lintCsrFacts(f, ctx));
        leaves.push(f);
      } else if (f.kind === 'key' && f.private) {
        findings.push(...lintKeyFacts(f, ctx));
        keys.push(f);
      }
    }
  }
  if (keys.length > 0) {
    for (const leaf of leaves) {
      const matching = keys.find((k) => k.publicKeySha256 === leaf.publicKeySha256);
      if (!matching) findings.push(...lintKeyMatch(keys[0], leaf));
    }
  }
  const sorted = sortFindings(findings);
  return { ok: !hasErrors(sorted), findings: sorted, artifacts };
}
