// PKCS#12 (.p12/.pfx) written and read with our own DER, for EC and RSA keys alike (node-forge
// carries RSA only). Two presets: "modern" (PBES2 AES-256-CBC with PBKDF2-SHA256, SHA-256 MAC),
// read by OpenSSL 3 and Java 11+ without legacy options; "legacy" (pbeWithSHAAnd3-KeyTripleDES-CBC,
// SHA-1 MAC) for older Windows and Java 8.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  pbkdf2,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { UserError } from '../errors.js';
import { encryptPrivateKeyDer, pbes2Encrypt, PBKDF2_ITERATIONS } from '../keys.js';
import { children, readNode } from './der-reader.js';
import { pkcs12Kdf } from './pkcs12-kdf.js';
import {
  algorithm,
  AsnConvert,
  AuthenticatedSafe,
  CertBag,
  CmsEncryptedData,
  ContentInfo,
  DigestInfo,
  fromDer,
  Pbes2Params,
  Pbkdf2Params,
  EncryptedContent,
  EncryptedContentInfo,
  EncryptedKeyData,
  EncryptedPrivateKeyInfo,
  MacData,
  OctetString,
  PFX,
  Pkcs12PbeParams,
  PKCS12Attribute,
  SafeBag,
  SafeContents,
  toDer,
  AlgorithmIdentifier,
} from '../asn1.js';
import { DirectoryString } from '@peculiar/asn1-x509';
import { offThread } from '../off-thread.js';
import {
  LIMIT_MESSAGES,
  LIMIT_TEXTS,
  MAX_KDF_WORK_PER_INPUT,
  MAX_PBKDF2_ITERATIONS,
  MAX_PKCS12_BAGS,
  MAX_PKCS12_KDF_ITERATIONS,
  PKCS12_KDF_WEIGHT,
} from '../../../shared/input-limits.js';

export type Pkcs12Preset = 'modern' | 'legacy';
export const PKCS12_PRESETS: readonly Pkcs12Preset[] = ['modern', 'legacy'];

export const PRESET_DESCRIPTIONS: Record<Pkcs12Preset, string> = {
  modern:
    'AES-256-CBC, PBKDF2-HMAC-SHA256 (600,000 iterations for the key), SHA-256 MAC: OpenSSL 3, Java 11+, current Windows and macOS',
  legacy:
    '3DES (pbeWithSHAAnd3-KeyTripleDES-CBC), SHA-1 MAC: older Windows and Java 8; weaker, use only when "modern" is refused',
};

/** MAC iterations: the MAC is what a password guesser checks first, so it is not left at OpenSSL's 2048. */
export const MAC_ITERATIONS: Record<Pkcs12Preset, number> = { modern: 100_000, legacy: 100_000 };
const LEGACY_KEY_ITERATIONS = 100_000;
/** Certificates are public; their encryption only has to be readable. */
const CERT_ITERATIONS = 2048;

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
  pbeSha1Rc2_128: '1.2.840.113549.1.12.1.5',
  pbeSha1Rc2_40: '1.2.840.113549.1.12.1.6',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
} as const;

const HMAC_PRF: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const PBES2_CIPHERS: Record<string, { name: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};
const MAC_DIGESTS: Record<string, { name: string; blockSize: number; size: number }> = {
  [OID.sha1]: { name: 'sha1', blockSize: 64, size: 20 },
  [OID.sha256]: { name: 'sha256', blockSize: 64, size: 32 },
  [OID.sha384]: { name: 'sha384', blockSize: 128, size: 48 },
  [OID.sha512]: { name: 'sha512', blockSize: 128, size: 64 },
};

/** One encryption: its AlgorithmIdentifier and the ciphertext. */
export interface Encrypted {
  algorithm: AlgorithmIdentifier;
  encrypted: Buffer;
}

function tripleDesPbe(password: string, plain: Buffer, iterations: number): Encrypted {
  const salt = randomBytes(8);
  const key = pkcs12Kdf('sha1', 64, password, salt, 1, iterations, 24);
  const iv = pkcs12Kdf('sha1', 64, password, salt, 2, iterations, 8);
  try {
    const cipher = createCipheriv('des-ede3-cbc', key, iv);
    const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
    return {
      algorithm: algorithm(
        OID.pbeSha1TripleDes,
        new Pkcs12PbeParams({ salt: new OctetString(salt), iterations }),
      ),
      encrypted,
    };
  } finally {
    key.fill(0);
  }
}

/** The legacy shrouded key bag: PKCS#8 under pbeWithSHAAnd3-KeyTripleDES-CBC. */
async function legacyShroud(key: KeyObject, password: string, iterations: number): Promise<Buffer> {
  const plain = key.export({ type: 'pkcs8', format: 'der' });
  try {
    const { algorithm, encrypted } = tripleDesPbe(password, plain, iterations);
    return toDer(
      new EncryptedPrivateKeyInfo({
        encryptionAlgorithm: algorithm,
        encryptedData: new EncryptedKeyData(encrypted),
      }),
    );
  } finally {
    plain.fill(0);
  }
}

/** The bag attributes of the leaf and its key: DER orders a SET OF by encoding. */
function leafAttributes(friendlyName: string, localKeyId: Buffer): PKCS12Attribute[] {
  // Object.assign on a new one: asn1-pfx 2.11's PKCS12Attribute constructor drops its argument.
  const attribute = (attrId: string, value: object) =>
    Object.assign(new PKCS12Attribute(), { attrId, attrValues: [AsnConvert.serialize(value)] });
  return [
    attribute(OID.friendlyName, new DirectoryString({ bmpString: friendlyName })),
    attribute(OID.localKeyId, new OctetString(localKeyId)),
  ].sort((x, y) => toDer(x).compare(toDer(y)));
}

async function encryptFor(
  preset: Pkcs12Preset,
  password: string,
  plain: Buffer,
  iterations: number,
): Promise<Encrypted> {
  return preset === 'modern'
    ? pbes2Encrypt(plain, password, iterations)
    : tripleDesPbe(password, plain, iterations);
}

export interface Pkcs12Input {
  privateKey: KeyObject;
  /** DER certificates, leaf first. */
  certificates: Buffer[];
  friendlyName: string;
  password: string;
  preset: Pkcs12Preset;
  /**
   * The preset's iteration counts, replaced: only to match another tool's parameters (the
   * benchmark against `openssl pkcs12 -export -iter N`, which uses one count for everything).
   */
  iterations?: { key?: number; certificates?: number; mac?: number };
}

/**
 * Builds the PKCS#12 file in the reading worker (off-thread.ts), so the key derivations (the
 * PKCS#12 KDF is JavaScript) never hold the calling thread; in this thread where no worker runs.
 */
export function buildPkcs12(input: Pkcs12Input): Promise<Buffer> {
  return offThread('pkcs12Build', [input], { what: 'the PKCS#12 file' }, () =>
    buildPkcs12Here(input),
  );
}

/** Opens a PKCS#12 file in the reading worker; see readPkcs12. */
export function readPkcs12OffThread(
  der: Buffer,
  password: string,
  what = 'the PKCS#12 file',
): Promise<Pkcs12Contents> {
  return offThread('pkcs12Read', [der, password, what], { what }, () =>
    readPkcs12(der, password, what),
  );
}

/** The certificate bags, leaf first with the leaf's attributes: the SafeContents DER. */
function certificateSafe(certificates: Buffer[], attributes: PKCS12Attribute[]): Buffer {
  const bags = certificates.map(
    (der, i) =>
      new SafeBag({
        bagId: OID.certBag,
        bagValue: AsnConvert.serialize(
          new CertBag({
            certId: OID.x509Certificate,
            certValue: AsnConvert.serialize(new OctetString(der)),
          }),
        ),
        bagAttributes: i === 0 ? attributes : undefined,
      }),
  );
  return toDer(new SafeContents(bags));
}

/** The AuthenticatedSafe: the encrypted certificate safe, then the plain safe of the key bag. */
function authenticatedSafeOf(
  certs: Encrypted,
  shroudedKey: Buffer,
  attributes: PKCS12Attribute[],
): Buffer {
  const encryptedData = new CmsEncryptedData({
    version: 0,
    encryptedContentInfo: new EncryptedContentInfo({
      contentType: OID.data,
      contentEncryptionAlgorithm: certs.algorithm,
      encryptedContent: new EncryptedContent({ value: new OctetString(certs.encrypted) }),
    }),
  });
  const keyBag = new SafeBag({
    bagId: OID.shroudedKeyBag,
    bagValue: new Uint8Array(shroudedKey).buffer,
    bagAttributes: attributes,
  });
  return toDer(
    new AuthenticatedSafe([
      new ContentInfo({
        contentType: OID.encryptedData,
        content: AsnConvert.serialize(encryptedData),
      }),
      new ContentInfo({
        contentType: OID.data,
        content: AsnConvert.serialize(new OctetString(toDer(new SafeContents([keyBag])))),
      }),
    ]),
  );
}

/** The PFX around an AuthenticatedSafe, with its MAC. */
function pfxOf(
  authenticatedSafe: Buffer,
  digest: { oid: string; name: string },
  macKey: Buffer,
  macSalt: Buffer,
  iterations: number,
): Buffer {
  const mac = createHmac(digest.name, macKey).update(authenticatedSafe).digest();
  return toDer(
    new PFX({
      version: 3,
      authSafe: new ContentInfo({
        contentType: OID.data,
        content: AsnConvert.serialize(new OctetString(authenticatedSafe)),
      }),
      macData: new MacData({
        mac: new DigestInfo({
          digestAlgorithm: algorithm(digest.oid, null),
          digest: new OctetString(mac),
        }),
        macSalt: new OctetString(macSalt),
        iterations,
      }),
    }),
  );
}

export async function buildPkcs12Here(input: Pkcs12Input): Promise<Buffer> {
  const { password, preset } = input;
  if (password.length === 0)
    throw new UserError(
      'bad-input',
      'a PKCS#12 file needs a non-empty password',
      {},
      { id: 'pkcs12.password-empty' },
    );
  if (input.certificates.length === 0)
    throw new UserError(
      'bad-input',
      'a PKCS#12 file needs the certificate that goes with the key: create or import it first',
      {},
      { id: 'pkcs12.certificate-needed' },
    );
  const keyIterations =
    input.iterations?.key ?? (preset === 'modern' ? PBKDF2_ITERATIONS : LEGACY_KEY_ITERATIONS);
  const macIterations = input.iterations?.mac ?? MAC_ITERATIONS[preset];
  const localKeyId = createHash('sha1').update(input.certificates[0]).digest();
  const attributes = leafAttributes(input.friendlyName, localKeyId);
  // The modern preset's PBKDF2 runs on libuv's pool: both start now, and the MAC key (which needs
  // only the password and its salt) is derived here meanwhile.
  const certsPending = encryptFor(
    preset,
    password,
    certificateSafe(input.certificates, attributes),
    input.iterations?.certificates ?? CERT_ITERATIONS,
  );
  const shroudedPending =
    preset === 'modern'
      ? encryptPrivateKeyDer(input.privateKey, password, keyIterations)
      : legacyShroud(input.privateKey, password, keyIterations);
  certsPending.catch(() => undefined);
  shroudedPending.catch(() => undefined);
  const digest =
    preset === 'modern'
      ? { oid: OID.sha256, ...MAC_DIGESTS[OID.sha256] }
      : { oid: OID.sha1, ...MAC_DIGESTS[OID.sha1] };
  const macSalt = randomBytes(16);
  const macKey = pkcs12Kdf(
    digest.name,
    digest.blockSize,
    password,
    macSalt,
    3,
    macIterations,
    digest.size,
  );
  try {
    const safe = authenticatedSafeOf(await certsPending, await shroudedPending, attributes);
    return pfxOf(safe, digest, macKey, macSalt, macIterations);
  } finally {
    macKey.fill(0);
  }
}

// ---- reading ----

export interface Pkcs12Contents {
  privateKeys: KeyObject[];
  /** DER certificates, in file order. */
  certificates: Buffer[];
}

const pbkdf2Async = promisify(pbkdf2);

// The file sets its own iteration counts: far above any real exporter's (OpenSSL 2,048, ours
// 600,000) they would only hold the process for hours, so each derivation is capped
// (MAX_PBKDF2_ITERATIONS, MAX_PKCS12_KDF_ITERATIONS) and so is their sum per file
// (MAX_KDF_WORK_PER_INPUT), both before any derivation runs.

const DIGEST_SIZE: Record<string, number> = {
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

/** A structure read with its schema; what does not fit is said to be damaged. */
function parseAs<T>(der: ArrayBuffer | Uint8Array, type: new () => T, what: string): T {
  try {
    return fromDer(der instanceof ArrayBuffer ? new Uint8Array(der) : der, type);
  } catch {
    throw new UserError(
      'bad-input',
      `${what} is damaged or truncated: get it again in full`,
      {},
      { id: 'pkcs12.damaged', params: { source: what } },
    );
  }
}

const bytesOf = (value: ArrayBuffer | ArrayBufferView): Buffer =>
  value instanceof ArrayBuffer
    ? Buffer.from(value)
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength);

/** The bytes of a DER OCTET STRING (an ANY that holds one). */
function octetsIn(der: ArrayBuffer, what: string): Buffer {
  return bytesOf(parseAs(der, OctetString, what).buffer);
}

/** What one encryption AlgorithmIdentifier asks for, before anything is derived. */
type Pbe =
  | {
      kind: 'pbes2';
      kdfOid: string;
      salt: Buffer;
      iterations: number;
      prf: string | undefined;
      cipher: { name: string; keyLength: number } | undefined;
      iv: Buffer;
    }
  | { kind: 'pkcs12'; oid: string; salt: Buffer; iterations: number }
  | { kind: 'other'; oid: string };

function pbeOf(alg: AlgorithmIdentifier, what: string): Pbe {
  const oid = alg.algorithm;
  const params = alg.parameters;
  if (oid === OID.pbes2 && params) {
    const pbes2 = parseAs(params, Pbes2Params, what);
    const kdfOid = pbes2.keyDerivationFunc.algorithm;
    const scheme = pbes2.encryptionScheme;
    const cipher = PBES2_CIPHERS[scheme.algorithm];
    const iv = scheme.parameters ? octetsIn(scheme.parameters, what) : Buffer.alloc(0);
    if (kdfOid !== OID.pbkdf2 || !pbes2.keyDerivationFunc.parameters)
      return {
        kind: 'pbes2',
        kdfOid,
        salt: Buffer.alloc(0),
        iterations: 0,
        prf: 'sha1',
        cipher,
        iv,
      };
    const kdf = parseAs(pbes2.keyDerivationFunc.parameters, Pbkdf2Params, what);
    return {
      kind: 'pbes2',
      kdfOid,
      salt: bytesOf(kdf.salt.buffer),
      iterations: kdf.iterationCount,
      prf: kdf.prf ? HMAC_PRF[kdf.prf.algorithm] : 'sha1',
      cipher,
      iv,
    };
  }
  if (
    (oid === OID.pbeSha1TripleDes || oid === OID.pbeSha1Rc2_40 || oid === OID.pbeSha1Rc2_128) &&
    params
  ) {
    const pbe = parseAs(params, Pkcs12PbeParams, what);
    return { kind: 'pkcs12', oid, salt: bytesOf(pbe.salt.buffer), iterations: pbe.iterations };
  }
  return { kind: 'other', oid };
}

/**
 * What the derivations of one encryption AlgorithmIdentifier cost, in PBKDF2 iterations
 * (PKCS#12-KDF iterations weighted): 0 for what needs none, null when it is not one we read.
 */
function kdfWorkOf(alg: AlgorithmIdentifier, what: string): number | null {
  let pbe: Pbe;
  try {
    pbe = pbeOf(alg, what);
  } catch {
    return null; // damaged: reported where it is read
  }
  if (pbe.kind === 'pbes2') {
    if (pbe.kdfOid !== OID.pbkdf2) return null;
    const blocks = Math.ceil(
      (pbe.cipher?.keyLength ?? 32) / (DIGEST_SIZE[pbe.prf ?? 'sha1'] ?? 20),
    );
    return checkIterations(pbe.iterations, MAX_PBKDF2_ITERATIONS, what) * blocks;
  }
  if (pbe.kind === 'pkcs12') {
    // Key (up to 24 bytes: two SHA-1 blocks) and IV (one block), hash by hash.
    const blocks = pbe.oid === OID.pbeSha1TripleDes ? 3 : 2;
    return (
      checkIterations(pbe.iterations, MAX_PKCS12_KDF_ITERATIONS, what) * blocks * PKCS12_KDF_WEIGHT
    );
  }
  return null;
}

/** The encryption of an EncryptedPrivateKeyInfo (DER), or null when it is not one. */
function encryptedKeyInfoOf(der: Buffer): EncryptedPrivateKeyInfo | null {
  try {
    return fromDer(der, EncryptedPrivateKeyInfo);
  } catch {
    return null;
  }
}

/** The key-derivation work an encrypted PKCS#8 key (EncryptedPrivateKeyInfo DER) asks for, or null. */
export function encryptedKeyKdfWork(der: Buffer, what: string): number | null {
  const info = encryptedKeyInfoOf(der);
  return info ? kdfWorkOf(info.encryptionAlgorithm, what) : null;
}

/** What is left of one file's key-derivation budget; every derivation is charged before it runs. */
interface KdfBudget {
  left: number;
  spent: number;
  bags: number;
  what: string;
}

function charge(budget: KdfBudget | undefined, work: number): void {
  if (!budget) return;
  if (work > budget.left)
    throw new UserError(
      'bad-input',
      LIMIT_MESSAGES.tooMuchKdfWork(budget.what, budget.spent + work),
      {},
      LIMIT_TEXTS.tooMuchKdfWork(budget.what, budget.spent + work),
    );
  budget.left -= work;
  budget.spent += work;
}

function countBags(budget: KdfBudget | undefined, count: number): void {
  if (!budget) return;
  budget.bags += count;
  if (budget.bags > MAX_PKCS12_BAGS)
    throw new UserError(
      'bad-input',
      LIMIT_MESSAGES.tooManyBags(budget.what),
      {},
      LIMIT_TEXTS.tooManyBags(budget.what),
    );
}

function checkIterations(value: number | string, limit: number, what: string): number {
  // asn1-schema gives an INTEGER of four bytes or more as its decimal string.
  const count = Number(value);
  if (!Number.isFinite(count) || count < 1)
    throw new UserError(
      'bad-input',
      `${what} is damaged (an iteration count is missing or zero)`,
      {},
      { id: 'pkcs12.no-iterations', params: { source: what } },
    );
  if (count > limit) {
    throw new UserError(
      'bad-input',
      `${what} asks for ${count.toLocaleString('en-US')} key-derivation iterations, more than the ${limit.toLocaleString('en-US')} mTLS Desk accepts: re-export it with a usual count (OpenSSL uses 2,048)`,
      {},
      { id: 'pkcs12.too-many-iterations', params: { source: what, count, limit } },
    );
  }
  return count;
}

/**
 * Refuses an encrypted PKCS#8 key (EncryptedPrivateKeyInfo DER) whose PBE iteration count is
 * beyond the caps, before OpenSSL would run it synchronously; anything else is left to OpenSSL.
 */
export function checkEncryptedKeyIterations(der: Buffer, what: string): void {
  const info = encryptedKeyInfoOf(der);
  if (!info) return;
  let pbe: Pbe;
  try {
    pbe = pbeOf(info.encryptionAlgorithm, what);
  } catch {
    return;
  }
  if (pbe.kind === 'pbes2' && pbe.kdfOid === OID.pbkdf2)
    checkIterations(pbe.iterations, MAX_PBKDF2_ITERATIONS, what);
  else if (pbe.kind === 'pkcs12') checkIterations(pbe.iterations, MAX_PKCS12_KDF_ITERATIONS, what);
}

async function decrypt(
  alg: AlgorithmIdentifier,
  encrypted: Buffer,
  password: string,
  what: string,
  budget?: KdfBudget,
): Promise<Buffer> {
  const pbe = pbeOf(alg, what);
  try {
    charge(budget, kdfWorkOf(alg, what) ?? 0);
    if (pbe.kind === 'pbes2') return await decryptPbes2(pbe, encrypted, password, what);
    if (pbe.kind === 'pkcs12') return decryptPkcs12(pbe, encrypted, password, what);
  } catch (error) {
    // Any failure that is not already one of our sentences is, in practice, a wrong password.
    if (error instanceof UserError) throw error;
    throw new UserError(
      'wrong-passphrase',
      `wrong password for ${what}: nothing was imported; try again`,
      {},
      { id: 'pkcs12.wrong-password', params: { source: what } },
    );
  }
  throw new UserError(
    'bad-input',
    `${what} uses an encryption mTLS Desk does not read (${pbe.oid}): re-export it with AES-256-CBC`,
    {},
    { id: 'pkcs12.unknown-encryption', params: { source: what, oid: pbe.oid } },
  );
}

/** PBES2 (PBKDF2 + AES): the modern scheme; its PBKDF2 runs off the main thread. */
async function decryptPbes2(
  pbe: Extract<Pbe, { kind: 'pbes2' }>,
  encrypted: Buffer,
  password: string,
  what: string,
): Promise<Buffer> {
  if (pbe.kdfOid !== OID.pbkdf2)
    throw new UserError(
      'bad-input',
      `${what} uses a key derivation mTLS Desk does not read (${pbe.kdfOid}): re-export it with PBKDF2`,
      {},
      { id: 'pkcs12.unknown-kdf', params: { source: what, oid: pbe.kdfOid } },
    );
  const iterations = checkIterations(pbe.iterations, MAX_PBKDF2_ITERATIONS, what);
  if (!pbe.prf || !pbe.cipher)
    throw new UserError(
      'bad-input',
      `${what} uses an encryption mTLS Desk does not read: re-export it with AES-256-CBC`,
      {},
      { id: 'pkcs12.unknown-cipher', params: { source: what } },
    );
  const key = await pbkdf2Async(
    Buffer.from(password, 'utf8'),
    pbe.salt,
    iterations,
    pbe.cipher.keyLength,
    pbe.prf,
  );
  try {
    const decipher = createDecipheriv(pbe.cipher.name, key, pbe.iv);
    return Buffer.concat([decipher.update(encrypted), decipher.final()]);
  } finally {
    key.fill(0);
  }
}

/** The legacy PKCS#12 schemes (3DES, RC2) older exports still use. */
function decryptPkcs12(
  pbe: Extract<Pbe, { kind: 'pkcs12' }>,
  encrypted: Buffer,
  password: string,
  what: string,
): Buffer {
  const iterations = checkIterations(pbe.iterations, MAX_PKCS12_KDF_ITERATIONS, what);
  const spec =
    pbe.oid === OID.pbeSha1TripleDes
      ? { name: 'des-ede3-cbc', key: 24, iv: 8 }
      : {
          name: pbe.oid === OID.pbeSha1Rc2_40 ? 'rc2-40-cbc' : 'rc2-cbc',
          key: pbe.oid === OID.pbeSha1Rc2_40 ? 5 : 16,
          iv: 8,
        };
  const key = pkcs12Kdf('sha1', 64, password, pbe.salt, 1, iterations, spec.key);
  const iv = pkcs12Kdf('sha1', 64, password, pbe.salt, 2, iterations, spec.iv);
  let decipher;
  try {
    decipher = createDecipheriv(spec.name, key, iv);
  } catch {
    throw new UserError(
      'bad-input',
      `${what} is encrypted with RC2, a cipher this system's OpenSSL no longer offers: re-export it with AES (with OpenSSL: export it again without the legacy option)`,
      {},
      { id: 'pkcs12.rc2', params: { source: what } },
    );
  } finally {
    key.fill(0);
  }
  return Buffer.concat([decipher.update(encrypted), decipher.final()]);
}

/**
 * Decrypts an EncryptedPrivateKeyInfo (encrypted PKCS#8) with the PBKDF2 off the main thread: the
 * plain PKCS#8 DER, for the caller to wipe. A scheme this reader does not handle is a 'bad-input'.
 */
export async function decryptPkcs8(der: Buffer, password: string, what: string): Promise<Buffer> {
  const info = parseAs(der, EncryptedPrivateKeyInfo, what);
  return decrypt(info.encryptionAlgorithm, bytesOf(info.encryptedData.buffer), password, what);
}

/** Whether a DER element fills the whole buffer (no trailing bytes). */
function wholeElement(der: Buffer): boolean {
  try {
    return readNode(der).end === der.length;
  } catch {
    return false;
  }
}

/** Whether DER has the shape of an EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier, OCTET STRING }. */
export function looksLikeEncryptedPkcs8(der: Buffer): boolean {
  return wholeElement(der) && encryptedKeyInfoOf(der) !== null;
}

/** Whether the file carries a MAC (asn1-pfx fills an absent one with an empty default). */
function macOf(pfx: PFX): MacData | undefined {
  return pfx.macData?.mac?.digestAlgorithm?.algorithm ? pfx.macData : undefined;
}

/** The MAC's PKCS#12-KDF work, weighted. */
function macWorkOf(macData: MacData, what: string): number {
  return (
    checkIterations(macData.iterations ?? 1, MAX_PKCS12_KDF_ITERATIONS, what) * PKCS12_KDF_WEIGHT
  );
}

function verifyMac(
  macData: MacData,
  authSafeContent: Buffer,
  password: string,
  what: string,
  budget?: KdfBudget,
): void {
  const digest = MAC_DIGESTS[macData.mac.digestAlgorithm.algorithm];
  if (!digest)
    throw new UserError(
      'bad-input',
      `${what} uses a MAC mTLS Desk does not read: re-export it with a SHA-256 MAC`,
      {},
      { id: 'pkcs12.unknown-mac', params: { source: what } },
    );
  const iterations = checkIterations(macData.iterations ?? 1, MAX_PKCS12_KDF_ITERATIONS, what);
  charge(budget, macWorkOf(macData, what));
  const macKey = pkcs12Kdf(
    digest.name,
    digest.blockSize,
    password,
    bytesOf(macData.macSalt.buffer),
    3,
    iterations,
    digest.size,
  );
  const expected = createHmac(digest.name, macKey).update(authSafeContent).digest();
  macKey.fill(0);
  const actual = bytesOf(macData.mac.digest.buffer);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new UserError(
      'wrong-passphrase',
      `wrong password for ${what} (or the file was altered): nothing was imported; try again`,
      {},
      { id: 'pkcs12.wrong-password', params: { source: what } },
    );
  }
}

/** The bags of a SafeContents, counted against the file's cap. */
function bagsOf(safeContents: Buffer, what: string, budget?: KdfBudget): SafeBag[] {
  // Counted from the DER first: the schema parser has its own node limit, which a file of many
  // bags reaches at a count that depends on their bytes; the cap must be said, the same each time.
  let count: number | undefined;
  try {
    count = children(readNode(safeContents)).length;
  } catch {
    // damaged: said by the schema parse below
  }
  if (count !== undefined) countBags(budget, count);
  return [...parseAs(safeContents, SafeContents, what)];
}

/** The key-derivation work of the shrouded key bags in a plain SafeContents. */
function shroudedWorkOf(bags: SafeBag[], what: string): number {
  let work = 0;
  for (const bag of bags) {
    if (bag.bagId !== OID.shroudedKeyBag) continue;
    let info: EncryptedPrivateKeyInfo | undefined;
    try {
      info = fromDer(new Uint8Array(bag.bagValue), EncryptedPrivateKeyInfo);
    } catch {
      // damaged: reported when the bag is read
    }
    if (info) work += kdfWorkOf(info.encryptionAlgorithm, what) ?? 0;
  }
  return work;
}

async function readSafeContents(
  bags: SafeBag[],
  password: string,
  out: Pkcs12Contents,
  what: string,
  budget?: KdfBudget,
): Promise<void> {
  for (const bag of bags) {
    switch (bag.bagId) {
      case OID.certBag: {
        const certBag = parseAs(bag.bagValue, CertBag, what);
        if (certBag.certId === OID.x509Certificate)
          out.certificates.push(octetsIn(certBag.certValue, what));
        break;
      }
      case OID.shroudedKeyBag: {
        const info = parseAs(bag.bagValue, EncryptedPrivateKeyInfo, what);
        const plain = await decrypt(
          info.encryptionAlgorithm,
          bytesOf(info.encryptedData.buffer),
          password,
          what,
          budget,
        );
        try {
          out.privateKeys.push(createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' }));
        } catch {
          throw new UserError(
            'wrong-passphrase',
            `wrong password for ${what}: nothing was imported; try again`,
            {},
            { id: 'pkcs12.wrong-password', params: { source: what } },
          );
        } finally {
          plain.fill(0);
        }
        break;
      }
      case OID.keyBag:
        out.privateKeys.push(
          createPrivateKey({ key: bytesOf(bag.bagValue), format: 'der', type: 'pkcs8' }),
        );
        break;
      default:
        // CRLs and secrets: not ours to import.
        break;
    }
  }
}

type Safe =
  | { kind: 'data'; bags: SafeBag[]; work: number }
  | { kind: 'encrypted'; algorithm: AlgorithmIdentifier; ciphertext: Buffer; work: number };

/** One ContentInfo of the AuthenticatedSafe, typed, its plain bags listed: no derivation yet. */
function safeOf(contentInfo: ContentInfo, what: string, budget: KdfBudget): Safe {
  if (contentInfo.contentType === OID.data) {
    const bags = bagsOf(octetsIn(contentInfo.content, what), what, budget);
    return { kind: 'data', bags, work: shroudedWorkOf(bags, what) };
  }
  if (contentInfo.contentType === OID.encryptedData) {
    const info = parseAs(contentInfo.content, CmsEncryptedData, what).encryptedContentInfo;
    const content = info.encryptedContent;
    const ciphertext = content?.value
      ? bytesOf(content.value.buffer)
      : Buffer.concat((content?.constructedValue ?? []).map((part) => bytesOf(part.buffer)));
    return {
      kind: 'encrypted',
      algorithm: info.contentEncryptionAlgorithm,
      ciphertext,
      work: kdfWorkOf(info.contentEncryptionAlgorithm, what) ?? 0,
    };
  }
  throw new UserError(
    'bad-input',
    `${what} uses public-key protection (enveloped data), which mTLS Desk does not read: re-export it with a password`,
    {},
    { id: 'pkcs12.enveloped', params: { source: what } },
  );
}

/**
 * Opens a PKCS#12 file: checks the MAC, decrypts every bag; a wrong password gives one clear error.
 * `what` names it in errors. Before the first derivation, the bags are counted and the work of
 * every derivation that can be seen without decrypting (the MAC, encrypted safes, shrouded keys in
 * plain safes) is added up and refused beyond MAX_KDF_WORK_PER_INPUT; what only shows once a
 * safe is decrypted is charged against what is left, again before its derivation.
 */
export async function readPkcs12(
  der: Buffer,
  password: string,
  what = 'the PKCS#12 file',
): Promise<Pkcs12Contents> {
  if (!wholeElement(der))
    throw new UserError(
      'bad-input',
      `${what} is damaged or truncated: get it again in full`,
      {},
      { id: 'pkcs12.damaged', params: { source: what } },
    );
  const pfx = parseAs(der, PFX, what);
  if (pfx.version !== 3 || pfx.authSafe.contentType !== OID.data)
    throw new UserError(
      'bad-input',
      `${what} is not a password-protected PKCS#12 file mTLS Desk can read`,
      {},
      { id: 'pkcs12.unreadable', params: { source: what } },
    );
  const authSafeContent = octetsIn(pfx.authSafe.content, what);
  const budget: KdfBudget = { left: MAX_KDF_WORK_PER_INPUT, spent: 0, bags: 0, what };
  const contentInfos = [...parseAs(authSafeContent, AuthenticatedSafe, what)];
  countBags(budget, contentInfos.length);
  // Every safe, typed, its plain bags listed: all before any derivation.
  const safes = contentInfos.map((contentInfo) => safeOf(contentInfo, what, budget));
  const macData = macOf(pfx);
  const visibleWork =
    (macData ? macWorkOf(macData, what) : 0) + safes.reduce((n, s) => n + s.work, 0);
  if (visibleWork > MAX_KDF_WORK_PER_INPUT)
    throw new UserError(
      'bad-input',
      LIMIT_MESSAGES.tooMuchKdfWork(what, visibleWork),
      {},
      LIMIT_TEXTS.tooMuchKdfWork(what, visibleWork),
    );
  if (macData) verifyMac(macData, authSafeContent, password, what, budget);
  const out: Pkcs12Contents = { privateKeys: [], certificates: [] };
  for (const safe of safes) {
    if (safe.kind === 'data') {
      await readSafeContents(safe.bags, password, out, what, budget);
    } else {
      const plain = await decrypt(safe.algorithm, safe.ciphertext, password, what, budget);
      await readSafeContents(bagsOf(plain, what, budget), password, out, what, budget);
    }
  }
  return out;
}

/** Whether bytes look like a PKCS#12 file (SEQUENCE { INTEGER 3, ContentInfo ... }). */
export function looksLikePkcs12(der: Buffer): boolean {
  try {
    const pfx = fromDer(der, PFX);
    return pfx.version === 3 && pfx.authSafe.contentType === OID.data;
  } catch {
    return false;
  }
}
