// A human summary of any certificate, chain, CSR or key: what a security officer checks by eye.
import { describeKey } from '../../shared/algorithms.js';
import {
  daysBetween,
  formatName,
  type ArtifactFacts,
  type CertificateFacts,
} from '../../shared/artifact-facts.js';
import type { Finding } from '../../shared/findings.js';
import { lintChainOrder } from '../../shared/rules/server-chain.js';
import { decodeArtifacts, type PassphraseSource } from './decode.js';
import { factsOfInput, type InputFile } from './lint.js';

export interface InspectedInput {
  source: string;
  artifacts: Array<ArtifactFacts & { daysLeft?: number }>;
  /** For a file with several certificates: whether it is ordered leaf first and complete. */
  chain?: { count: number; order: 'leaf-first' | 'broken'; findings: Finding[] };
}

export async function inspectInputs(
  inputs: InputFile[],
  passphrase?: PassphraseSource,
  now = new Date(),
): Promise<InspectedInput[]> {
  const result: InspectedInput[] = [];
  for (const input of inputs) {
    const facts = await factsOfInput(await decodeArtifacts(input.data, input.source, passphrase));
    const artifacts = facts.map((f) =>
      f.kind === 'certificate'
        ? { ...f, daysLeft: Math.floor(daysBetween(now, new Date(f.notAfter))) }
        : f,
    );
    const certificates = facts.filter((f): f is CertificateFacts => f.kind === 'certificate');
    const entry: InspectedInput = { source: input.source, artifacts };
    if (certificates.length > 1) {
      const findings = lintChainOrder(certificates, input.source);
      entry.chain = {
        count: certificates.length,
        order: findings.length === 0 ? 'leaf-first' : 'broken',
        findings,
      };
    }
    result.push(entry);
  }
  return result;
}

function row(label: string, value: string): string {
  return `  ${label.padEnd(13)}${value}\n`;
}

export function formatInspection(inspected: InspectedInput[]): string {
  let out = '';
  for (const input of inspected) {
    for (const a of input.artifacts) {
      if (a.kind === 'certificate') {
        out += `certificate  ${a.label}\n`;
        out += row('subject', formatName(a.subject));
        out += row(
          'issuer',
          a.selfSigned ? `${formatName(a.issuer)} (self-signed)` : formatName(a.issuer),
        );
        out += row('serial', a.serialNumber);
        const left = a.daysLeft ?? 0;
        out += row(
          'validity',
          `${a.notBefore} to ${a.notAfter} (${left >= 0 ? `${left} days left` : `expired ${-left} days ago`})`,
        );
        out += row('key', describeKey(a.key));
        out += row(
          'signature',
          `${a.signature.algorithm}${a.signature.valid === false ? ' (DOES NOT VERIFY)' : ''}`,
        );
        out += row(
          'CA',
          a.basicConstraints ? (a.basicConstraints.ca ? 'yes' : 'no') : 'not stated',
        );
        out += row('key usage', a.keyUsage?.join(', ') ?? 'not stated');
        out += row('EKU', a.extendedKeyUsage?.join(', ') ?? 'not stated');
        out += row('SANs', a.subjectAltNames.join(', ') || 'none');
        out += row('SHA-256', a.sha256Fingerprint);
        out += row('SHA-1', a.sha1Fingerprint);
      } else if (a.kind === 'csr') {
        out += `CSR          ${a.label}\n`;
        out += row('subject', formatName(a.subject));
        out += row('key', describeKey(a.key));
        out += row(
          'signature',
          `${a.signature.algorithm}${a.signature.valid === false ? ' (DOES NOT VERIFY)' : ''}`,
        );
      } else {
        out += `${a.private ? 'private key' : 'public key '}  ${a.label}\n`;
        out += row('key', describeKey(a.key));
        out += row('public key', `SHA-256 ${a.publicKeySha256}`);
      }
    }
    if (input.chain) {
      out += `chain        ${input.source}: ${input.chain.count} certificates, ${input.chain.order === 'leaf-first' ? 'ordered leaf first' : 'NOT in order'}\n`;
      for (const f of input.chain.findings) out += `  ${f.message}; ${f.fix}\n`;
    }
  }
  return out;
}
