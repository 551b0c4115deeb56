// The plain facts the services read out of a certificate, CSR or key. Rules look only at these,
// so they stay pure and run the same in main, the CLI and the renderer.
import type { KeyDescription } from './algorithms.js';
import type { Subject } from './subject.js';

export interface NameAttribute {
  /** Short name (C, ST, L, O, OU, CN, ...) or the dotted OID when it has none. */
  type: string;
  value: string;
}

export interface SignatureFacts {
  /** e.g. "ecdsa-with-SHA256", "sha1WithRSAEncryption", or the OID when unknown. */
  algorithm: string;
  /** "SHA-256", "SHA-1", ..., or null when the algorithm names none we know. */
  hash: string | null;
  /** Whether the signature verifies (with the issuer's key when known, else with its own). null: not checked. */
  valid: boolean | null;
}

interface CommonFacts {
  /** How the artifact is named to the user. */
  label: string;
  key: KeyDescription;
  /** SHA-256 of the DER SubjectPublicKeyInfo, hex: how keys, CSRs and certificates are matched. */
  publicKeySha256: string;
}

export interface CertificateFacts extends CommonFacts {
  kind: 'certificate';
  subject: NameAttribute[];
  issuer: NameAttribute[];
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  signature: SignatureFacts;
  /** Issuer name equals subject name and the certificate verifies with its own key. */
  selfSigned: boolean;
  basicConstraints: { ca: boolean; pathLength: number | null } | null;
  /** Key usage bit names (digitalSignature, keyEncipherment, ...), or null when the extension is absent. */
  keyUsage: string[] | null;
  /** Extended key usage names (clientAuth, serverAuth, ...) or OIDs, or null when absent. */
  extendedKeyUsage: string[] | null;
  subjectKeyIdentifier: string | null;
  authorityKeyIdentifier: string | null;
  subjectAltNames: string[];
  sha256Fingerprint: string;
  sha1Fingerprint: string;
}

export interface CsrFacts extends CommonFacts {
  kind: 'csr';
  subject: NameAttribute[];
  signature: SignatureFacts;
}

export interface KeyFacts extends CommonFacts {
  kind: 'key';
  private: boolean;
}

export type ArtifactFacts = CertificateFacts | CsrFacts | KeyFacts;

/** The first value of each supported subject field, for rules that reason per field. */
export function subjectOf(attributes: readonly NameAttribute[]): Subject {
  const subject: Subject = {};
  for (const attr of attributes) {
    if (['C', 'ST', 'L', 'O', 'OU', 'CN'].includes(attr.type)) {
      const field = attr.type as keyof Subject;
      subject[field] ??= attr.value;
    }
  }
  return subject;
}

export function formatName(attributes: readonly NameAttribute[]): string {
  return attributes.map((a) => `${a.type}=${a.value}`).join(', ');
}

export const DAY_MS = 86_400_000;

export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}
