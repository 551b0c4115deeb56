// Rules for the client identity: the certificate (self-signed or Thales-signed), the CSR and the
// key, checked against a program profile. The generators run these same functions before they
// return anything, so no generator can emit an artifact that lints with an error.
import { keyAlgorithmOf } from '../algorithms.js';
import {
  subjectOf,
  daysBetween,
  type CertificateFacts,
  type CsrFacts,
  type KeyFacts,
  type SignatureFacts,
} from '../artifact-facts.js';
import type { Finding } from '../findings.js';
import type { LintContext } from './context.js';
import { lintKeyAlgorithm } from './key.js';
import { lintSubject } from './subject.js';

function lintSignature(signature: SignatureFacts, ctx: LintContext, artifact: string): Finding[] {
  const findings: Finding[] = [];
  const wanted = ctx.profile.clientCertificate.signatureHash;
  if (signature.hash !== wanted) {
    findings.push({
      id: 'signature-hash',
      severity: 'error',
      message: `signed with ${signature.algorithm}${signature.hash ? ` (${signature.hash})` : ''}; ${ctx.profile.displayName} requires ${wanted}`,
      fix: `sign again with ${wanted}`,
      params: {
        signature: `${signature.algorithm}${signature.hash ? ` (${signature.hash})` : ''}`,
        program: ctx.profile.displayName,
        wanted,
      },
      artifact,
    });
  }
  if (signature.valid === false) {
    findings.push({
      id: 'signature-invalid',
      severity: 'error',
      message: 'the signature does not verify: the file was altered or signed with another key',
      fix: 'produce it again from the original key; do not edit the file',
      artifact,
    });
  }
  return findings;
}

export function lintKeyFacts(key: KeyFacts, ctx: LintContext): Finding[] {
  return lintKeyAlgorithm(key.key, ctx, key.label);
}

export function lintCsrFacts(csr: CsrFacts, ctx: LintContext): Finding[] {
  return [
    ...lintKeyAlgorithm(csr.key, ctx, csr.label),
    ...lintSignature(csr.signature, ctx, csr.label),
    ...lintSubject(subjectOf(csr.subject), ctx, keyAlgorithmOf(csr.key), csr.label),
  ];
}

export function lintValidity(
  cert: CertificateFacts,
  ctx: LintContext,
  maxDays: number | null,
): Finding[] {
  const findings: Finding[] = [];
  const artifact = cert.label;
  const notBefore = new Date(cert.notBefore);
  const notAfter = new Date(cert.notAfter);
  const lifetime = daysBetween(notBefore, notAfter);
  if (maxDays !== null && lifetime > maxDays + 1) {
    findings.push({
      id: 'validity-too-long',
      severity: 'error',
      message: `valid for ${Math.round(lifetime)} days; ${ctx.profile.displayName} allows at most ${maxDays} days`,
      fix: `issue it again with a validity of ${maxDays} days or less`,
      params: { days: Math.round(lifetime), program: ctx.profile.displayName, max: maxDays },
      artifact,
    });
  }
  if (ctx.now < notBefore) {
    findings.push({
      id: 'not-yet-valid',
      severity: 'error',
      message: `not valid until ${cert.notBefore}`,
      fix: 'check the clock of the machine that made it, or wait until it becomes valid',
      params: { date: cert.notBefore },
      artifact,
    });
  }
  const daysLeft = daysBetween(ctx.now, notAfter);
  if (daysLeft < 0) {
    findings.push({
      id: 'expired',
      severity: 'error',
      message: `expired on ${cert.notAfter} (${Math.ceil(-daysLeft)} days ago)`,
      fix: 'renew it: make a new key and certificate (or CSR) and register them with Thales',
      params: { date: cert.notAfter, days: Math.ceil(-daysLeft) },
      artifact,
    });
  } else if (daysLeft <= ctx.expiringSoonDays) {
    findings.push({
      id: 'expiring-soon',
      severity: 'warning',
      message: `expires on ${cert.notAfter}, in ${Math.floor(daysLeft)} days`,
      fix: 'start the renewal now: Thales must register the new certificate before the old one expires',
      params: { date: cert.notAfter, days: Math.floor(daysLeft) },
      artifact,
    });
  }
  return findings;
}

/** The client certificate: self-signed (TSH, TMG) or signed by the Thales CA (D1). */
export function lintClientCertificateFacts(cert: CertificateFacts, ctx: LintContext): Finding[] {
  const artifact = cert.label;
  const { profile } = ctx;
  const findings: Finding[] = [
    ...lintKeyAlgorithm(cert.key, ctx, artifact),
    ...lintSignature(cert.signature, ctx, artifact),
    ...lintValidity(cert, ctx, profile.clientCertificate.maxValidityDays),
    ...lintSubject(subjectOf(cert.subject), ctx, keyAlgorithmOf(cert.key), artifact),
  ];
  if (profile.clientCertificate.mode === 'self-signed' && !cert.selfSigned) {
    findings.push({
      id: 'not-self-signed',
      severity: 'error',
      message: `issued by "${cert.issuer.map((a) => `${a.type}=${a.value}`).join(', ')}"; ${profile.displayName} expects a self-signed client certificate that Thales pins`,
      fix: 'make a self-signed certificate for your key',
      details: { need: 'make-self-signed' },
      params: {
        issuer: cert.issuer.map((a) => `${a.type}=${a.value}`).join(', '),
        program: profile.displayName,
      },
      artifact,
    });
  }
  if (profile.clientCertificate.mode === 'csr' && cert.selfSigned) {
    findings.push({
      id: 'self-signed-not-accepted',
      severity: 'error',
      message: `self-signed; ${profile.displayName} needs a client certificate signed by ${profile.clientCertificate.issuer}`,
      fix: 'send a CSR to Thales and import the certificate they sign',
      details: { need: 'make-csr' },
      params: { program: profile.displayName },
      artifact,
    });
  }
  if (cert.basicConstraints?.ca) {
    findings.push({
      id: 'basic-constraints-ca',
      severity: 'error',
      message: 'marked as a CA (basicConstraints CA:TRUE); a client certificate must not be one',
      fix: 'issue it again with basicConstraints CA:FALSE',
      artifact,
    });
  }
  if (cert.extendedKeyUsage === null || !cert.extendedKeyUsage.includes('clientAuth')) {
    // A certificate the Thales CA signed is what Thales issues: say it, do not refuse it.
    const thalesSigned = profile.clientCertificate.mode === 'csr' && !cert.selfSigned;
    findings.push({
      id: 'eku-client-auth-missing',
      severity: thalesSigned ? 'warning' : 'error',
      message:
        cert.extendedKeyUsage === null
          ? `has no extendedKeyUsage; ${thalesSigned ? 'some TLS servers refuse a client certificate not marked' : 'Thales needs it marked'} for TLS client authentication`
          : `its extendedKeyUsage (${cert.extendedKeyUsage.join(', ')}) does not include clientAuth`,
      fix: thalesSigned
        ? 'Thales issued it this way; if a connection test fails on it, ask your Thales representative for a certificate with extendedKeyUsage clientAuth'
        : 'issue it again with extendedKeyUsage clientAuth',
      params:
        cert.extendedKeyUsage === null
          ? { variant: 'missing', thales: thalesSigned ? 'yes' : 'no' }
          : {
              variant: 'other',
              thales: thalesSigned ? 'yes' : 'no',
              usages: cert.extendedKeyUsage.join(', '),
            },
      artifact,
    });
  }
  if (cert.keyUsage !== null && !cert.keyUsage.includes('digitalSignature')) {
    findings.push({
      id: 'key-usage',
      severity: 'error',
      message: `its keyUsage (${cert.keyUsage.join(', ') || 'empty'}) lacks digitalSignature, which a TLS client key needs`,
      fix: 'issue it again with keyUsage digitalSignature',
      params: { usages: cert.keyUsage.join(', ') },
      artifact,
    });
  } else if (cert.keyUsage === null) {
    findings.push({
      id: 'key-usage-missing',
      severity: 'warning',
      message:
        'has no keyUsage extension; some TLS stacks then refuse it for client authentication',
      fix: 'issue it again with keyUsage digitalSignature',
      artifact,
    });
  }
  if (cert.subjectKeyIdentifier === null) {
    findings.push({
      id: 'subject-key-identifier-missing',
      severity: 'info',
      message: 'has no subject key identifier',
      fix: 'not required; mTLS Desk adds one to certificates it makes',
      artifact,
    });
  }
  return findings;
}

/** A private key and a certificate or CSR that must belong together. */
export function lintKeyMatch(key: KeyFacts, other: CertificateFacts | CsrFacts): Finding[] {
  if (key.publicKeySha256 === other.publicKeySha256) return [];
  return [
    {
      id: 'key-cert-mismatch',
      severity: 'error',
      message: `the key ${key.label} does not match the ${other.kind === 'csr' ? 'CSR' : 'certificate'} ${other.label}`,
      fix: 'use the key the certificate or CSR was made from, or make a new one from this key',
      params: {
        key: key.label,
        kind: other.kind === 'csr' ? 'csr' : 'certificate',
        other: other.label,
      },
      artifact: other.label,
    },
  ];
}
