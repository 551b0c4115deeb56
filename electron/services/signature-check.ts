// Reading a signed structure's outer parts (certificate or CSR) and checking its signature: one
// OpenSSL verify of the TBS bytes where that is what X509_verify would do, off the main thread when
// the caller can wait, and, for an artifact we are assembling, started as soon as the signer
// answers, then matched byte for byte against the finished artifact.
import {
  verify as nodeVerify,
  X509Certificate as NodeCertificate,
  type KeyObject,
} from 'node:crypto';
import { children, oidOf, readNode, type Node } from './export/der-reader.js';
import { sequence, tlv } from './der.js';

export interface SignedParts {
  tbs: Buffer;
  /** The TBS structure's fields, in order. */
  fields: Node[];
  spki: Buffer;
  oid: string;
  /** The outer AlgorithmIdentifier, whole. */
  algorithm: Buffer;
  /** The BIT STRING's unused-bits count (0 in any valid signature). */
  unusedBits: number;
  signature: Buffer;
}

/**
 * The outer parts of a signed structure (certificate or CSR): SEQUENCE { tbs, AlgorithmIdentifier,
 * BIT STRING }, read by a walk rather than a second full parse.
 */
export function signedParts(der: Buffer): SignedParts {
  const [tbs, algorithm, signature] = children(readNode(der));
  const fields = children(tbs);
  // Certificate: [0] version, serial, signature, issuer, validity, subject, SPKI; CSR: version,
  // subject, SPKI.
  const spkiAt = fields[0].tag === 0xa0 ? 6 : fields[0].tag === 0x02 && fields.length <= 4 ? 2 : 5;
  return {
    tbs: tbs.raw,
    fields,
    spki: fields[spkiAt].raw,
    oid: oidOf(children(algorithm)[0]),
    algorithm: algorithm.raw,
    unusedBits: signature.content[0],
    signature: signature.content.subarray(1),
  };
}

/** The signature algorithms whose check is OpenSSL's one-shot verify of the TBS bytes. */
const PLAIN_SIGNATURES: Record<string, { hash: string; keyType: 'rsa' | 'ec' }> = {
  '1.2.840.113549.1.1.11': { hash: 'sha256', keyType: 'rsa' },
  '1.2.840.113549.1.1.12': { hash: 'sha384', keyType: 'rsa' },
  '1.2.840.113549.1.1.13': { hash: 'sha512', keyType: 'rsa' },
  '1.2.840.10045.4.3.2': { hash: 'sha256', keyType: 'ec' },
  '1.2.840.10045.4.3.3': { hash: 'sha384', keyType: 'ec' },
  '1.2.840.10045.4.3.4': { hash: 'sha512', keyType: 'ec' },
};

export type OneShot<T> = (hash: string, tbs: Buffer, key: KeyObject, signature: Buffer) => T;

/** A certificate's signature AlgorithmIdentifier inside its TBS (after the version, if any). */
function innerAlgorithm(signed: SignedParts): Buffer | undefined {
  return signed.fields[signed.fields[0].tag === 0xa0 ? 2 : 1]?.raw;
}

/**
 * The hash to verify the signature with in one shot, when that is all OpenSSL's own check
 * (X509_verify, X509_REQ_verify) does: the key of the algorithm's type, no unused bits, and for a
 * certificate the inner and outer algorithms equal; null otherwise.
 */
function plainHash(
  signed: SignedParts,
  key: KeyObject,
  kind: 'certificate' | 'csr',
): string | null {
  const plain = PLAIN_SIGNATURES[signed.oid];
  return plain &&
    key.asymmetricKeyType === plain.keyType &&
    signed.unusedBits === 0 &&
    (kind === 'csr' || innerAlgorithm(signed)?.equals(signed.algorithm))
    ? plain.hash
    : null;
}

function safeVerify(cert: NodeCertificate, key: KeyObject): boolean {
  try {
    return cert.verify(key);
  } catch {
    return false;
  }
}

/** Whether a certificate's signature verifies with `key`, as X509_verify says. */
export function verifyCertificate<T>(
  native: NodeCertificate,
  signed: SignedParts,
  key: KeyObject,
  oneShot: OneShot<T>,
): T | boolean {
  const hash = plainHash(signed, key, 'certificate');
  return hash ? oneShot(hash, signed.tbs, key, signed.signature) : safeVerify(native, key);
}

export function verifyNow(hash: string, tbs: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return nodeVerify(hash, tbs, key, signature);
  } catch {
    return false;
  }
}

export function verifyOffThread(
  hash: string,
  tbs: Buffer,
  key: KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' },
  signature: Buffer,
): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      nodeVerify(hash, tbs, key, signature, (error, valid) => resolve(!error && valid));
    } catch {
      resolve(false);
    }
  });
}

/**
 * A signature checked while its artifact was still being assembled: the bytes signed, the
 * signature as the signer returned it (IEEE P1363 r || s for ECDSA), the key and hash it is
 * checked with, and the check under way on libuv's pool.
 */
export interface EarlyCheck {
  tbs: Buffer;
  signature: Buffer;
  hash: string;
  publicKey: KeyObject;
  /** The public key as SubjectPublicKeyInfo DER. */
  spki: Buffer;
  valid: Promise<boolean>;
}

export function checkEarly(
  tbs: Buffer,
  signature: Buffer,
  hash: string,
  publicKey: KeyObject,
  spki: Buffer,
): EarlyCheck {
  const key = { key: publicKey, dsaEncoding: 'ieee-p1363' as const };
  return {
    tbs,
    signature,
    hash,
    publicKey,
    spki,
    valid: verifyOffThread(hash, tbs, key, signature),
  };
}

/** A positive INTEGER's DER from its unsigned big-endian bytes. */
function derInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const value = bytes.subarray(start);
  return tlv(0x02, value[0] & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
}

/** The DER ECDSA-Sig-Value of an IEEE P1363 signature (r || s, each half the length). */
function ecdsaDer(p1363: Buffer): Buffer {
  const half = p1363.length / 2;
  return sequence(derInteger(p1363.subarray(0, half)), derInteger(p1363.subarray(half)));
}

/**
 * The early check's answer for this artifact, when it is the very signature the artifact carries:
 * the same TBS bytes, key, hash (as the algorithm names it, with the key of its type) and
 * signature (for ECDSA, the artifact's DER is the one canonical encoding of r and s, which is all
 * OpenSSL accepts). Then verifying the artifact is verifying what the check verified; otherwise
 * null, and the artifact is verified as any other.
 */
export function earlyAnswer(
  early: EarlyCheck | undefined,
  signed: SignedParts,
  kind: 'certificate' | 'csr',
): Promise<boolean> | null {
  if (!early || plainHash(signed, early.publicKey, kind) !== early.hash) return null;
  if (!signed.tbs.equals(early.tbs) || !signed.spki.equals(early.spki)) return null;
  const carried =
    early.publicKey.asymmetricKeyType === 'ec' ? ecdsaDer(early.signature) : early.signature;
  return signed.signature.equals(carried) ? early.valid : null;
}
