// Subject names: parsing the "C=FR,ST=...,CN=..." form, checking each field, and building the
// Common Name a program asks for. Pure, so the renderer can run it on every keystroke.
import { SUBJECT_FIELDS, type SubjectField } from './programs/names.js';
import type { ProgramProfile, EnvironmentId } from './programs/schema.js';
import type { KeyAlgorithmId } from './algorithms.js';
import { KEY_ALGORITHMS } from './algorithms.js';

export type Subject = Partial<Record<SubjectField, string>>;

/** RFC 5280 upper bounds (ub-common-name and friends). */
export const SUBJECT_MAX_LENGTH: Record<SubjectField, number> = {
  C: 2,
  ST: 128,
  L: 128,
  O: 64,
  OU: 64,
  CN: 64,
};

export const SUBJECT_FIELD_NAMES: Record<SubjectField, string> = {
  C: 'country',
  ST: 'state or province',
  L: 'locality',
  O: 'organization',
  OU: 'organizational unit',
  CN: 'Common Name',
};

/** The order OpenSSL's `-subj /C=../ST=../L=../O=../OU=../CN=..` writes, which the DER must follow. */
export const SUBJECT_ORDER: readonly SubjectField[] = SUBJECT_FIELDS;

export class SubjectSyntaxError extends Error {}

/**
 * Parses "C=FR,ST=Ile-de-France,O=Acme\, Inc,CN=x". A comma inside a value is written "\,".
 * Throws SubjectSyntaxError with a sentence a person can act on.
 */
export function parseSubject(text: string): Subject {
  const subject: Subject = {};
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      current += text[++i];
    } else if (ch === ',') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  for (const part of parts) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0)
      throw new SubjectSyntaxError(
        `subject part "${part.trim()}" has no "=": write it as FIELD=value, e.g. O=Acme`,
      );
    const field = part.slice(0, eq).trim().toUpperCase();
    const value = part.slice(eq + 1).trim();
    if (!(SUBJECT_FIELDS as readonly string[]).includes(field)) {
      throw new SubjectSyntaxError(
        `subject field "${field}" is not supported: use ${SUBJECT_FIELDS.join(', ')}`,
      );
    }
    if (subject[field as SubjectField] !== undefined) {
      throw new SubjectSyntaxError(`subject field ${field} is given twice: keep one`);
    }
    subject[field as SubjectField] = value;
  }
  return subject;
}

export function formatSubject(subject: Subject): string {
  return SUBJECT_ORDER.filter((f) => subject[f] !== undefined)
    .map((f) => `${f}=${subject[f]!.replace(/,/g, '\\,')}`)
    .join(', ');
}

/** The `-subj` argument OpenSSL needs for the same name ("/" inside a value escaped). */
export function toOpensslSubj(subject: Subject): string {
  return SUBJECT_ORDER.filter((f) => subject[f] !== undefined)
    .map((f) => `/${f}=${subject[f]!.replace(/\\/g, '\\\\').replace(/\//g, '\\/')}`)
    .join('');
}

export interface CommonNameInputs {
  profile: ProgramProfile;
  environmentId: EnvironmentId;
  identifier: string;
  keyAlgorithm: KeyAlgorithmId;
  /** An edited template replacing the profile's (the D1 layout is not fully published). */
  template?: string;
}

/** Builds the D1-style Common Name from a template, or null when the program wants an exact CN from its portal. */
export function buildCommonName(inputs: CommonNameInputs): string | null {
  const rule = inputs.profile.commonName;
  if (rule.kind !== 'template') return null;
  const env = inputs.profile.environments.find((e) => e.id === inputs.environmentId);
  const template = inputs.template ?? rule.template;
  return template
    .replaceAll('{keyType}', KEY_ALGORITHMS[inputs.keyAlgorithm].cnKeyType)
    .replaceAll('{identifier}', inputs.identifier)
    .replaceAll('{envCode}', env?.code ?? inputs.environmentId.toUpperCase());
}

/**
 * What is wrong with a Common Name template for a program whose CN is templated, or null. A layout
 * the user saves as confirmed must keep what the documentation fixes: TLSMA-{keyType}/ first, then
 * the identifier and the environment code somewhere after the slash.
 */
export function commonNameTemplateProblem(template: string): string | null {
  if (!template.startsWith('TLSMA-{keyType}/'))
    return `the layout "${template}" must start with TLSMA-{keyType}/ (TLSMA-RSA/ or TLSMA-ECDSA/ by key type)`;
  const rest = template.slice('TLSMA-{keyType}/'.length);
  const missing = ['{identifier}', '{envCode}'].filter((p) => !rest.includes(p));
  if (missing.length > 0)
    return `the layout "${template}" must contain ${missing.join(' and ')} after the "/"`;
  const unknown = [...template.matchAll(/\{[^}]*\}/g)]
    .map((m) => m[0])
    .filter((p) => !['{keyType}', '{identifier}', '{envCode}'].includes(p));
  if (unknown.length > 0)
    return `the layout "${template}" uses ${unknown.join(', ')}: only {keyType}, {identifier} and {envCode} are filled in`;
  if ([...template].length > 64)
    return `the layout "${template}" is longer than a Common Name may be`;
  return null;
}
