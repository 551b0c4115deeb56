// The extensions the facts read (basic constraints, key usage, extended key usage, the key
// identifiers) straight from the DER, without @peculiar/x509's serialize-then-parse of every
// extension, which cost more than the certificate's own signature. Strict: anything but the plain
// DER forms of these five extensions returns null, and the caller reads the certificate with the
// library as before, so what the facts say (and what throws) never depends on which path read it.
import { children, oidOf, readNode, type Node } from './export/der-reader.js';

export interface ExtensionFacts {
  basicConstraints: { ca: boolean; pathLength: number | null } | null;
  /** The KeyUsage bits as a number (bit 0 = digitalSignature), as @peculiar/x509 gives them. */
  keyUsage: number | null;
  extendedKeyUsage: string[] | null;
  /** Lower-case hex, as @peculiar/x509 gives it. */
  subjectKeyIdentifier: string | null;
  authorityKeyIdentifier: string | null;
}

const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';
const EXTENDED_KEY_USAGE = '2.5.29.37';
const SUBJECT_KEY_IDENTIFIER = '2.5.29.14';
const AUTHORITY_KEY_IDENTIFIER = '2.5.29.35';

/** The extended key usages read on this path; any other OID goes the library's way. */
const KNOWN_USAGES = new Set([
  '1.3.6.1.5.5.7.3.1',
  '1.3.6.1.5.5.7.3.2',
  '1.3.6.1.5.5.7.3.3',
  '1.3.6.1.5.5.7.3.4',
  '1.3.6.1.5.5.7.3.8',
  '1.3.6.1.5.5.7.3.9',
  '2.5.29.37.0',
]);

class NotPlain extends Error {}

function expect(condition: boolean): void {
  if (!condition) throw new NotPlain();
}

function basicConstraints(value: Node): ExtensionFacts['basicConstraints'] {
  expect(value.tag === 0x30);
  const fields = children(value);
  let at = 0;
  let ca = false;
  if (fields[at]?.tag === 0x01) {
    const byte = fields[at].content;
    expect(byte.length === 1 && (byte[0] === 0xff || byte[0] === 0));
    ca = byte[0] === 0xff;
    at++;
  }
  let pathLength: number | null = null;
  if (fields[at]?.tag === 0x02) {
    const bytes = fields[at].content;
    expect(bytes.length >= 1 && bytes.length <= 2 && bytes[0] < 0x80);
    pathLength = bytes.reduce((n, b) => n * 256 + b, 0);
    at++;
  }
  expect(at === fields.length);
  return { ca, pathLength };
}

function keyUsage(value: Node): number {
  const bytes = value.content;
  expect(value.tag === 0x03 && bytes.length >= 2 && bytes.length <= 3 && bytes[0] <= 7);
  let usages = 0;
  const bits = (bytes.length - 1) * 8 - bytes[0];
  for (let bit = 0; bit < bits; bit++)
    if (bytes[1 + (bit >> 3)] & (0x80 >> (bit & 7))) usages |= 1 << bit;
  return usages;
}

function extendedKeyUsage(value: Node): string[] {
  expect(value.tag === 0x30);
  return children(value).map((node) => {
    const oid = oidOf(node);
    expect(KNOWN_USAGES.has(oid));
    return oid;
  });
}

function keyIdentifier(node: Node, tag: number): string {
  expect(node.tag === tag && node.content.length > 0);
  return node.content.toString('hex');
}

function authorityKeyIdentifier(value: Node): string {
  expect(value.tag === 0x30);
  const fields = children(value);
  expect(fields.length === 1);
  return keyIdentifier(fields[0], 0x80);
}

/**
 * Reads one extension into `facts`. Every one is decoded (a damaged second copy sends the
 * certificate the library's way, as its reading of all of them would), the first of each type
 * counts, as getExtension finds it.
 */
function readExtension(extension: Node, facts: ExtensionFacts): void {
  expect(extension.tag === 0x30);
  const fields = children(extension);
  expect(fields.length === 2 || (fields.length === 3 && fields[1].tag === 0x01));
  const wrapped = fields[fields.length - 1];
  expect(wrapped.tag === 0x04);
  const value = readNode(wrapped.content);
  expect(value.end === wrapped.content.length);
  const oid = oidOf(fields[0]);
  if (oid === BASIC_CONSTRAINTS) {
    const read = basicConstraints(value);
    facts.basicConstraints ??= read;
  } else if (oid === KEY_USAGE) {
    const read = keyUsage(value);
    facts.keyUsage ??= read;
  } else if (oid === EXTENDED_KEY_USAGE) {
    const read = extendedKeyUsage(value);
    facts.extendedKeyUsage ??= read;
  } else if (oid === SUBJECT_KEY_IDENTIFIER) {
    const read = keyIdentifier(value, 0x04);
    facts.subjectKeyIdentifier ??= read;
  } else if (oid === AUTHORITY_KEY_IDENTIFIER) {
    const read = authorityKeyIdentifier(value);
    facts.authorityKeyIdentifier ??= read;
  } else throw new NotPlain();
}

/**
 * The extensions of a certificate's TBSCertificate fields, or null when any of them is not one of
 * the five in its plain DER form (then read them with the library).
 */
export function plainExtensions(tbsFields: readonly Node[]): ExtensionFacts | null {
  const facts: ExtensionFacts = {
    basicConstraints: null,
    keyUsage: null,
    extendedKeyUsage: null,
    subjectKeyIdentifier: null,
    authorityKeyIdentifier: null,
  };
  try {
    const last = tbsFields[tbsFields.length - 1];
    if (last.tag !== 0xa3) return facts;
    const [sequence, ...more] = children(last);
    expect(more.length === 0 && sequence.tag === 0x30);
    for (const extension of children(sequence)) readExtension(extension, facts);
    return facts;
  } catch {
    return null;
  }
}
