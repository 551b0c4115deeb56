// Reads the plain facts (shared/artifact-facts.ts) out of decoded certificates, CSRs and keys.
import {
  createHash,
  createPublicKey,
  X509Certificate as NodeCertificate,
  type KeyObject,
} from 'node:crypto';
import { verify as nodeVerify } from 'node:crypto';
import { plainExtensions } from './certificate-extensions.js';
import {
  earlyAnswer,
  signedParts,
  verifyCertificate,
  verifyNow,
  verifyOffThread,
  type EarlyCheck,
  type OneShot,
  type SignedParts,
} from './signature-check.js';
import type { KeyDescription } from '../../shared/algorithms.js';
import type {
  CertificateFacts,
  CsrFacts,
  KeyFacts,
  NameAttribute,
  SignatureFacts,
} from '../../shared/artifact-facts.js';
import { x509 } from './x509-provider.js';

const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string | null }> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'MD5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'SHA-1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'SHA-512' },
  '1.2.840.113549.1.1.10': { name: 'rsassaPss', hash: null },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'SHA-1' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'SHA-512' },
  '1.3.101.112': { name: 'Ed25519', hash: null },
};

const EXTENDED_KEY_USAGES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

const KEY_USAGE_BITS: Array<[number, string]> = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
  [x509.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [x509.KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

const CURVE_NAMES: Record<string, string> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp256k1: 'secp256k1',
};

export function describeKeyObject(key: KeyObject): KeyDescription {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'ec')
    return {
      type: 'ec',
      curve: CURVE_NAMES[details.namedCurve ?? ''] ?? details.namedCurve ?? 'unknown curve',
    };
  if (type === 'rsa' || type === 'rsa-pss')
    return { type: 'rsa', bits: details.modulusLength ?? 0 };
  return { type: 'other', name: type ?? 'unknown' };
}

// OpenSSL 3's key decoders and encoders cost about half a millisecond per call, more than a CSR's
// own signature: the public keys read from artifacts are kept by their SPKI bytes (a small,
// most-recently-used set), and each KeyObject's hash once, so a key seen again costs a lookup.
interface PublicKeyInfo {
  publicKey: KeyObject;
  sha256: string;
}
const byKeyObject = new WeakMap<KeyObject, string>();
const bySpki = new Map<string, PublicKeyInfo>();
const MAX_KEPT_KEYS = 256;

function keep(spki: Buffer, info: PublicKeyInfo): PublicKeyInfo {
  const id = spki.toString('base64');
  bySpki.delete(id);
  bySpki.set(id, info);
  if (bySpki.size > MAX_KEPT_KEYS) bySpki.delete(bySpki.keys().next().value!);
  return info;
}

/** The public key an SPKI (DER) holds, and the SHA-256 of its canonical encoding. */
function publicKeyOfSpki(spki: Buffer): PublicKeyInfo {
  const kept = bySpki.get(spki.toString('base64'));
  if (kept) return kept;
  const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return keep(spki, { publicKey, sha256: spkiSha256(publicKey) });
}

/** Tells the facts reader a public key it will meet again (its SPKI as Node exports it). */
export function rememberPublicKey(publicKey: KeyObject, spki: Buffer): void {
  const sha256 = createHash('sha256').update(spki).digest('hex');
  byKeyObject.set(publicKey, sha256);
  keep(spki, { publicKey, sha256 });
}

export function spkiSha256(key: KeyObject): string {
  let sha256 = byKeyObject.get(key);
  if (sha256 === undefined) {
    const publicKey = key.type === 'private' ? createPublicKey(key) : key;
    sha256 = createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex');
    byKeyObject.set(key, sha256);
  }
  return sha256;
}

function nameAttributes(name: x509.Name): NameAttribute[] {
  return name
    .toJSON()
    .flatMap((rdn) =>
      Object.entries(rdn).flatMap(([type, values]) => values.map((value) => ({ type, value }))),
    );
}

function signatureAlgorithm(oid: string): Omit<SignatureFacts, 'valid'> {
  const known = SIGNATURE_ALGORITHMS[oid];
  return known ? { algorithm: known.name, hash: known.hash } : { algorithm: oid, hash: null };
}

export function colonHex(hex: string): string {
  return hex.toUpperCase().match(/.{2}/g)!.join(':');
}

export interface CertificateFactsOptions {
  /** The certificate that issued this one, to check the signature; self-signed ones check themselves. */
  issuer?: x509.X509Certificate;
}

/** The extensions' facts: read from the DER when they are the plain five, by the library otherwise. */
function extensionFacts(cert: x509.X509Certificate, signed: SignedParts) {
  const plain = plainExtensions(signed.fields);
  if (plain)
    return {
      basicConstraints: plain.basicConstraints,
      keyUsage: plain.keyUsage === null ? null : keyUsageNames(plain.keyUsage),
      extendedKeyUsage: plain.extendedKeyUsage
        ? extendedKeyUsageNames(plain.extendedKeyUsage)
        : null,
      subjectKeyIdentifier: plain.subjectKeyIdentifier
        ? colonHex(plain.subjectKeyIdentifier)
        : null,
      authorityKeyIdentifier: plain.authorityKeyIdentifier
        ? colonHex(plain.authorityKeyIdentifier)
        : null,
      subjectAltNames: [],
    };
  const basic = cert.getExtension(x509.BasicConstraintsExtension);
  const keyUsage = cert.getExtension(x509.KeyUsagesExtension);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  return {
    basicConstraints: basic ? { ca: basic.ca, pathLength: basic.pathLength ?? null } : null,
    keyUsage: keyUsage ? keyUsageNames(keyUsage.usages) : null,
    extendedKeyUsage: eku ? extendedKeyUsageNames(Array.from(eku.usages, String)) : null,
    subjectKeyIdentifier: ski ? colonHex(ski.keyId) : null,
    authorityKeyIdentifier: aki?.keyId ? colonHex(aki.keyId) : null,
    subjectAltNames: san ? san.names.items.map((n) => `${n.type}:${n.value}`) : [],
  };
}

function keyUsageNames(usages: number): string[] {
  return KEY_USAGE_BITS.filter(([bit]) => (usages & bit) !== 0).map(([, name]) => name);
}

/** A plain array (the library's is its own Array subclass). */
function extendedKeyUsageNames(usages: readonly string[]): string[] {
  return Array.from(usages, (u) => EXTENDED_KEY_USAGES[u] ?? u);
}

/** The signature checks of a certificate: with its own key, and with its issuer's when given. */
type Checks<T> = (
  native: NodeCertificate,
  signed: SignedParts,
  publicKey: KeyObject,
) => { own: T; issuer: T | null };

function checksWith<T>(
  options: CertificateFactsOptions,
  oneShot: OneShot<T>,
  knownAnswer?: (signed: SignedParts) => T | null,
): Checks<T | boolean> {
  return (native, signed, publicKey) => ({
    own: knownAnswer?.(signed) ?? verifyCertificate(native, signed, publicKey, oneShot),
    issuer: options.issuer
      ? verifyCertificate(
          native,
          signed,
          new NodeCertificate(Buffer.from(options.issuer.rawData)).publicKey,
          oneShot,
        )
      : null,
  });
}

/**
 * The certificate's facts but the signature checks, which `checks` starts (now, or off the main
 * thread while the rest is read).
 */
function readCertificate<T>(
  cert: x509.X509Certificate,
  label: string,
  checks: Checks<T>,
): { facts: CertificateFacts; same: boolean; own: T; issuer: T | null } {
  const der = Buffer.from(cert.rawData);
  const native = new NodeCertificate(der);
  const signed = signedParts(der);
  const { publicKey, sha256 } = publicKeyOfSpki(signed.spki);
  const { own, issuer } = checks(native, signed, publicKey);
  const facts: CertificateFacts = {
    kind: 'certificate',
    label,
    key: describeKeyObject(publicKey),
    publicKeySha256: sha256,
    subject: nameAttributes(cert.subjectName),
    issuer: nameAttributes(cert.issuerName),
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    signature: { ...signatureAlgorithm(signed.oid), valid: null },
    selfSigned: false,
    ...extensionFacts(cert, signed),
    sha256Fingerprint: colonHex(createHash('sha256').update(der).digest('hex')),
    sha1Fingerprint: colonHex(createHash('sha1').update(der).digest('hex')),
  };
  return { facts, same: sameName(cert, signed), own, issuer };
}

/** Issuer and subject the same name: the bytes equal, or (for a non-DER encoding) their re-encodings. */
function sameName(cert: x509.X509Certificate, signed: SignedParts): boolean {
  const at = signed.fields[0].tag === 0xa0 ? 1 : 0;
  if (signed.fields[at + 2].raw.equals(signed.fields[at + 4].raw)) return true;
  return Buffer.from(cert.subjectName.toArrayBuffer()).equals(
    Buffer.from(cert.issuerName.toArrayBuffer()),
  );
}

function settle(
  facts: CertificateFacts,
  same: boolean,
  own: boolean,
  issuer: boolean | null,
): CertificateFacts {
  facts.selfSigned = same && own;
  facts.signature.valid = issuer ?? (same ? own : null);
  return facts;
}

export function certificateFacts(
  cert: x509.X509Certificate,
  label: string,
  options: CertificateFactsOptions = {},
): CertificateFacts {
  const read = readCertificate(cert, label, checksWith(options, verifyNow));
  return settle(read.facts, read.same, read.own, read.issuer);
}

/**
 * The same facts, the signatures verified off the main thread while the rest is read, or answered
 * by the check started while the certificate was assembled (`early`, see signature-check.ts).
 */
export async function certificateFactsOffThread(
  cert: x509.X509Certificate,
  label: string,
  options: CertificateFactsOptions & { early?: EarlyCheck } = {},
): Promise<CertificateFacts> {
  const early = (signed: SignedParts) => earlyAnswer(options.early, signed, 'certificate');
  const read = readCertificate(cert, label, checksWith(options, verifyOffThread, early));
  const [own, issuer] = await Promise.all([read.own, read.issuer]);
  return settle(read.facts, read.same, own, issuer);
}

export async function csrFacts(
  csr: x509.Pkcs10CertificateRequest,
  label: string,
  options: { early?: EarlyCheck } = {},
): Promise<CsrFacts> {
  const der = Buffer.from(csr.rawData);
  const signed = signedParts(der);
  const { publicKey, sha256 } = publicKeyOfSpki(signed.spki);
  // Node's verify where the algorithm names its hash (every CSR we make); WebCrypto's otherwise.
  const hash = SIGNATURE_ALGORITHMS[signed.oid]?.hash;
  const early = earlyAnswer(options.early, signed, 'csr');
  let valid: boolean | null;
  try {
    valid = early
      ? await early
      : hash
        ? nodeVerify(hash.replace('-', '').toLowerCase(), signed.tbs, publicKey, signed.signature)
        : await csr.verify();
  } catch {
    valid = null;
  }
  return {
    kind: 'csr',
    label,
    key: describeKeyObject(publicKey),
    publicKeySha256: sha256,
    subject: nameAttributes(csr.subjectName),
    signature: { ...signatureAlgorithm(signed.oid), valid },
  };
}

export function keyFacts(key: KeyObject, label: string): KeyFacts {
  return {
    kind: 'key',
    label,
    key: describeKeyObject(key),
    publicKeySha256: spkiSha256(key),
    private: key.type === 'private',
  };
}
