import type { Finding } from '../findings.js';
import {
  buildCommonName,
  SUBJECT_FIELD_NAMES,
  SUBJECT_MAX_LENGTH,
  SUBJECT_ORDER,
  type Subject,
} from '../subject.js';
import { KEY_ALGORITHMS, type KeyAlgorithmId } from '../algorithms.js';
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
        details: { field: field === 'CN' ? 'cn' : field },
        params: { field, program: profile.displayName },
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
        details: { field: 'C' },
        params: { value },
        artifact,
      });
    } else if ([...value].length > SUBJECT_MAX_LENGTH[field]) {
      findings.push({
        id: field === 'CN' ? 'cn-too-long' : 'subject-field-too-long',
        severity: 'error',
        message: `the ${SUBJECT_FIELD_NAMES[field]} (${field}) is ${[...value].length} characters; X.509 allows at most ${SUBJECT_MAX_LENGTH[field]}`,
        fix: `shorten ${field} to ${SUBJECT_MAX_LENGTH[field]} characters or fewer`,
        details: { field: field === 'CN' ? 'cn' : field },
        params: { field, length: [...value].length, max: SUBJECT_MAX_LENGTH[field] },
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
          fix: 'give the CN from the portal to check it',
          details: { need: 'common-name', field: 'cn' },
          params: { cn, program: ctx.profile.displayName },
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
          params: { variant: 'portal', cn, expected: ctx.expectedCommonName },
          artifact,
        },
      ];
    }
    if (ctx.profile.unconfirmed.some((u) => u.rule === 'commonName'))
      return [
        {
          id: 'cn-confirm-with-thales',
          severity: 'info',
          message: `final Common Name: ${cn} (as you entered it; ${ctx.profile.displayName} does not publish the format: unconfirmed)`,
          fix: `make sure it is exactly ${rule.source}`,
          params: { variant: 'exact', cn, program: ctx.profile.displayName },
          artifact,
        },
      ];
    return [];
  }
  return lintTemplatedCommonName(cn, ctx, rule, keyAlgorithm, artifact);
}

const CN_PREFIX = 'TLSMA-';

/**
 * The D1 Common Name in three tiers. What the documentation says is checked as an error: the
 * `TLSMA-` prefix, the key-type word matching the key (RSA or ECDSA), the `/`, the identifier and
 * the environment code after it. The order and separators after the slash are not published: a CN
 * laid out otherwise than the default template is a warning to confirm with Thales, unless the
 * user saved a layout Thales confirmed, which is then the check.
 */
function lintTemplatedCommonName(
  cn: string,
  ctx: LintContext,
  rule: Extract<LintContext['profile']['commonName'], { kind: 'template' }>,
  keyAlgorithm: KeyAlgorithmId | null,
  artifact?: string,
): Finding[] {
  const { profile } = ctx;
  const keyWord = keyAlgorithm ? KEY_ALGORITHMS[keyAlgorithm].cnKeyType : null;
  const env = profile.environments.find((e) => e.id === ctx.environmentId);
  const envCode = env?.code ?? ctx.environmentId.toUpperCase();
  const startWith = `${CN_PREFIX}${keyWord ?? 'RSA or ECDSA'}/`;
  const error = (finding: Pick<Finding, 'id' | 'message' | 'fix' | 'params'>): Finding[] => [
    { ...finding, severity: 'error', artifact },
  ];
  if (!cn.startsWith(CN_PREFIX))
    return error({
      id: 'cn-pattern',
      message: `the Common Name "${cn}" does not start with ${CN_PREFIX}, which ${profile.displayName} requires (${CN_PREFIX}RSA/ or ${CN_PREFIX}ECDSA/ by key type)`,
      fix: `start the CN with ${startWith}`,
      params: { variant: 'prefix', cn, program: profile.displayName, start: startWith },
    });
  const slash = cn.indexOf('/');
  if (slash < 0)
    return error({
      id: 'cn-pattern',
      message: `the Common Name "${cn}" has no "/" after ${CN_PREFIX}RSA or ${CN_PREFIX}ECDSA`,
      fix: `write it as ${startWith} followed by the identifier and the environment code`,
      params: { variant: 'slash', cn, start: startWith },
    });
  const word = cn.slice(CN_PREFIX.length, slash);
  if (word !== 'RSA' && word !== 'ECDSA')
    return error({
      id: 'cn-key-type',
      message: `the Common Name says "${CN_PREFIX}${word}/": the key-type word must be RSA or ECDSA`,
      fix: `start the CN with ${startWith}`,
      params: { variant: 'word', word, start: startWith },
    });
  if (keyWord && word !== keyWord)
    return error({
      id: 'cn-key-type',
      message: `the Common Name starts with "${CN_PREFIX}${word}/" but the key is ${keyWord}`,
      fix: `start the CN with ${CN_PREFIX}${keyWord}/`,
      params: { variant: 'key', word, key: keyWord, start: `${CN_PREFIX}${keyWord}/` },
    });
  const rest = cn.slice(slash + 1);
  const findings: Finding[] = [];
  if (ctx.identifier && !rest.includes(ctx.identifier))
    findings.push(
      ...error({
        id: 'cn-identifier-missing',
        message: `the Common Name "${cn}" does not contain the ${profile.identifier.label} ${ctx.identifier} after the "/"`,
        fix: `put ${ctx.identifier} after ${CN_PREFIX}${word}/`,
        params: {
          cn,
          label: profile.identifier.labelJa,
          identifier: ctx.identifier,
          start: `${CN_PREFIX}${word}/`,
        },
      }),
    );
  if (!rest.includes(envCode))
    findings.push(
      ...error({
        id: 'cn-env-code-missing',
        message: `the Common Name "${cn}" does not contain the environment code ${envCode} (${env?.displayName ?? ctx.environmentId}) after the "/"`,
        fix: `put ${envCode} after ${CN_PREFIX}${word}/ (${profile.environments.map((e) => `${e.code} for ${e.displayName}`).join(', ')})`,
        params: {
          cn,
          code: envCode,
          environment: env?.displayNameJa ?? ctx.environmentId,
          start: `${CN_PREFIX}${word}/`,
          codes: profile.environments.map((e) => `${e.code}: ${e.displayNameJa}`).join('、'),
        },
      }),
    );
  if (!new RegExp(rule.pattern).test(cn))
    findings.push(
      ...error({
        id: 'cn-pattern',
        message: `the Common Name "${cn}" does not follow the ${profile.displayName} pattern ${rule.pattern}`,
        fix: `build the CN from the template ${rule.template}`,
        params: {
          variant: 'pattern',
          cn,
          program: profile.displayName,
          pattern: rule.pattern,
          template: rule.template,
        },
      }),
    );
  if (findings.length > 0) return findings;

  const confirmed = ctx.confirmedCommonNameTemplate;
  const layout = confirmed ?? rule.template;
  if (ctx.expectedCommonName !== undefined && ctx.expectedCommonName !== cn)
    return error({
      id: 'cn-mismatch',
      message: `the Common Name is "${cn}" but "${ctx.expectedCommonName}" is expected`,
      fix: `use "${ctx.expectedCommonName}"`,
      params: { variant: 'expected', cn, expected: ctx.expectedCommonName },
    });
  const laidOut = ctx.identifier
    ? buildCommonName({
        profile,
        environmentId: ctx.environmentId,
        identifier: ctx.identifier,
        keyAlgorithm: keyAlgorithm ?? (word === 'RSA' ? 'rsa-4096' : 'ec-p256'),
        template: layout,
      })
    : null;
  if (laidOut !== null && laidOut !== cn) {
    if (confirmed !== undefined)
      return error({
        id: 'cn-mismatch',
        message: `the Common Name is "${cn}" but the layout confirmed with Thales (${confirmed}) gives "${laidOut}"`,
        fix: `use "${laidOut}", or save the new layout as confirmed once Thales confirms it`,
        params: { variant: 'layout', cn, layout: confirmed, expected: laidOut },
      });
    findings.push({
      id: 'cn-layout-unconfirmed',
      severity: 'warning',
      message: `the Common Name "${cn}" has the required parts but not the default layout ${rule.template} ("${laidOut}")`,
      fix: 'confirm this layout with your Thales representative, then save it as the confirmed layout for the program',
      params: { cn, template: rule.template, laidOut },
      artifact,
    });
  }
  findings.push(
    confirmed !== undefined
      ? {
          id: 'cn-layout-confirmed',
          severity: 'info',
          message: `final Common Name: ${cn} (layout confirmed with Thales: ${confirmed})`,
          fix: 'nothing to do',
          params: { cn, layout: confirmed },
          artifact,
        }
      : {
          id: 'cn-confirm-with-thales',
          severity: 'info',
          message: `final Common Name: ${cn} (layout not confirmed with Thales). ${rule.caution}`,
          fix: 'confirm the Common Name with your Thales representative, then save its layout as confirmed',
          params: { variant: 'template', cn },
          artifact,
        },
  );
  return findings;
}

/** Whether the findings say the Common Name layout is confirmed with Thales, unconfirmed, or neither (an exact CN from the portal). */
export function commonNameLayoutStatus(
  findings: readonly Finding[],
): 'confirmed' | 'unconfirmed' | null {
  if (findings.some((f) => f.id === 'cn-layout-confirmed')) return 'confirmed';
  if (findings.some((f) => f.id === 'cn-confirm-with-thales' || f.id === 'cn-layout-unconfirmed'))
    return 'unconfirmed';
  return null;
}
