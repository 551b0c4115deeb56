import type { Finding } from '../findings.js';
import {
  buildCommonName,
  SUBJECT_FIELD_NAMES,
  SUBJECT_MAX_LENGTH,
  SUBJECT_ORDER,
  type Subject,
} from '../subject.js';
import type { KeyAlgorithmId } from '../algorithms.js';
import type { LintContext } from './context.js';

const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * Subject rules: required fields, lengths, country code and the program's Common Name rule.
 * `keyAlgorithm` lets a templated CN be checked against the key type (RSA vs ECDSA).
 */
export function lintSubject(
  subject: Subject,
  ctx: LintContext,
  keyAlgorithm: KeyAlgorithmId | null,
  artifact?: string,
): Finding[] {
  const findings: Finding[] = [];
  const { profile } = ctx;
  for (const field of profile.subject.required) {
    if (!subject[field] || subject[field]!.trim() === '') {
      findings.push({
        id: field === 'CN' ? 'cn-missing' : 'subject-field-missing',
        severity: 'error',
        message: `the subject has no ${SUBJECT_FIELD_NAMES[field]} (${field}), which ${profile.displayName} requires`,
        fix: `add ${field}=<${SUBJECT_FIELD_NAMES[field]}> to the subject`,
        artifact,
      });
    }
  }
  for (const field of SUBJECT_ORDER) {
    const value = subject[field];
    if (value === undefined) continue;
    if (field === 'C' && !COUNTRY_CODE.test(value)) {
      findings.push({
        id: 'country-code-invalid',
        severity: 'error',
        message: `the country "${value}" is not a two-letter ISO 3166 code`,
        fix: 'write the country as two capital letters, e.g. C=FR or C=US',
        artifact,
      });
    } else if ([...value].length > SUBJECT_MAX_LENGTH[field]) {
      findings.push({
        id: field === 'CN' ? 'cn-too-long' : 'subject-field-too-long',
        severity: 'error',
        message: `the ${SUBJECT_FIELD_NAMES[field]} (${field}) is ${[...value].length} characters; X.509 allows at most ${SUBJECT_MAX_LENGTH[field]}`,
        fix: `shorten ${field} to ${SUBJECT_MAX_LENGTH[field]} characters or fewer`,
        artifact,
      });
    }
  }
  const cn = subject.CN;
  if (cn) findings.push(...lintCommonName(cn, ctx, keyAlgorithm, artifact));
  return findings;
}

function lintCommonName(
  cn: string,
  ctx: LintContext,
  keyAlgorithm: KeyAlgorithmId | null,
  artifact?: string,
): Finding[] {
  const rule = ctx.profile.commonName;
  if (rule.kind === 'exact') {
    if (ctx.expectedCommonName === undefined) {
      return [
        {
          id: 'cn-unverified',
          severity: 'info',
          message: `the Common Name "${cn}" could not be compared: ${ctx.profile.displayName} wants exactly ${rule.source}`,
          fix: 'pass the CN from the portal (--cn) to check it',
          artifact,
        },
      ];
    }
    if (cn !== ctx.expectedCommonName) {
      return [
        {
          id: 'cn-mismatch',
          severity: 'error',
          message: `the Common Name is "${cn}" but the portal expects "${ctx.expectedCommonName}"`,
          fix: 'make a new certificate with the Common Name exactly as the portal shows it',
          artifact,
        },
      ];
    }
    return [];
  }
  if (!new RegExp(rule.pattern).test(cn)) {
    return [
      {
        id: 'cn-pattern',
        severity: 'error',
        message: `the Common Name "${cn}" does not follow the ${ctx.profile.displayName} pattern (it must start with TLSMA-RSA/ or TLSMA-ECDSA/)`,
        fix: `build the CN from the template ${rule.template}`,
        artifact,
      },
    ];
  }
  const findings: Finding[] = [];
  if (keyAlgorithm) {
    const expectedPrefix = `TLSMA-${keyAlgorithm.startsWith('rsa') ? 'RSA' : 'ECDSA'}/`;
    if (!cn.startsWith(expectedPrefix)) {
      findings.push({
        id: 'cn-key-type',
        severity: 'error',
        message: `the Common Name starts with "${cn.slice(0, cn.indexOf('/') + 1)}" but the key is ${keyAlgorithm.startsWith('rsa') ? 'RSA' : 'ECDSA'}`,
        fix: `start the CN with ${expectedPrefix}`,
        artifact,
      });
    }
  }
  const expected =
    ctx.expectedCommonName ??
    (ctx.identifier && keyAlgorithm
      ? buildCommonName({
          profile: ctx.profile,
          environmentId: ctx.environmentId,
          identifier: ctx.identifier,
          keyAlgorithm,
          template: ctx.commonNameTemplate,
        })
      : null);
  if (expected && expected !== cn && findings.length === 0) {
    findings.push({
      id: 'cn-mismatch',
      severity: 'error',
      message: `the Common Name is "${cn}" but the template gives "${expected}" for this identifier and environment`,
      fix: `use "${expected}", or edit the template if Thales confirmed another layout`,
      artifact,
    });
  }
  findings.push({
    id: 'cn-confirm-with-thales',
    severity: 'info',
    message: `final Common Name: ${cn}. ${rule.caution}`,
    fix: 'confirm the Common Name with your Thales representative',
    artifact,
  });
  return findings;
}
