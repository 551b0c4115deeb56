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
import { derNull, integer, objectIdentifier, octetString, sequence, tlv } from '../der.js';
import { UserError } from '../errors.js';
import { encryptPrivateKeyDer, pbes2Encrypt, PBKDF2_ITERATIONS } from '../keys.js';
import { children, integerOf, oidOf, readNode, type Node } from './der-reader.js';
import { pkcs12Kdf } from './pkcs12-kdf.js';
import { offThread } from '../off-thread.js';
import {
  LIMIT_MESSAGES,
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
const MAC_ITERATIONS: Record<Pkcs12Preset, number> = { modern: 100_000, legacy: 100_000 };
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

const set = (...items: Buffer[]): Buffer =>
  tlv(0x31, Buffer.concat([...items].sort(Buffer.compare)));
const explicit0 = (inner: Buffer): Buffer => tlv(0xa0, inner);
const bmpString = (text: string): Buffer => tlv(0x1e, Buffer.from(text, 'utf16le').swap16());

function contentInfoData(content: Buffer): Buffer {
  return sequence(objectIdentifier(OID.data), explicit0(octetString(content)));
}

function tripleDesPbe(
  password: string,
  plain: Buffer,
  iterations: number,
): { algorithm: Buffer; encrypted: Buffer } {
  const salt = randomBytes(8);
  const key = pkcs12Kdf('sha1', 64, password, salt, 1, iterations, 24);
  const iv = pkcs12Kdf('sha1', 64, password, salt, 2, iterations, 8);
  const cipher = createCipheriv('des-ede3-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
  key.fill(0);
  return {
    algorithm: sequence(
      objectIdentifier(OID.pbeSha1TripleDes),
      sequence(octetString(salt), integer(iterations)),
    ),
    encrypted,
  };
}

/** The legacy shrouded key bag: PKCS#8 under pbeWithSHAAnd3-KeyTripleDES-CBC. */
async function legacyShroud(key: KeyObject, password: string, iterations: number): Promise<Buffer> {
  const plain = key.export({ type: 'pkcs8', format: 'der' });
  try {
    const { algorithm, encrypted } = tripleDesPbe(password, plain, iterations);
    return sequence(algorithm, octetString(encrypted));
  } finally {
    plain.fill(0);
  }
}

async function encryptFor(
  preset: Pkcs12Preset,
  password: string,
  plain: Buffer,
  iterations: number,
): Promise<{ algorithm: Buffer; encrypted: Buffer }> {
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

export async function buildPkcs12Here(input: Pkcs12Input): Promise<Buffer> {
  const { password, preset } = input;
  if (password.length === 0)
    throw new UserError('bad-input', 'a PKCS#12 file needs a non-empty password');
  if (input.certificates.length === 0)
    throw new UserError(
      'bad-input',
      'a PKCS#12 file needs the certificate that goes with the key: create or import it first',
    );
  const keyIterations =
    input.iterations?.key ?? (preset === 'modern' ? PBKDF2_ITERATIONS : LEGACY_KEY_ITERATIONS);
  const certIterations = input.iterations?.certificates ?? CERT_ITERATIONS;
  const macIterations = input.iterations?.mac ?? MAC_ITERATIONS[preset];
  const localKeyId = createHash('sha1').update(input.certificates[0]).digest();
  const leafAttributes = set(
    sequence(objectIdentifier(OID.friendlyName), set(bmpString(input.friendlyName))),
    sequence(objectIdentifier(OID.localKeyId), set(octetString(localKeyId))),
  );
  const certBags = input.certificates.map((der, i) =>
    sequence(
      objectIdentifier(OID.certBag),
      explicit0(sequence(objectIdentifier(OID.x509Certificate), explicit0(octetString(der)))),
      ...(i === 0 ? [leafAttributes] : []),
    ),
  );
  // The modern preset's PBKDF2 runs on libuv's pool: both start now, and the MAC key (which needs
  // only the password and its salt) is derived here meanwhile.
  const certsPending = encryptFor(preset, password, sequence(...certBags), certIterations);
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
  const certs = await certsPending;
  const shrouded = await shroudedPending;
  const encryptedData = sequence(
    integer(0),
    sequence(objectIdentifier(OID.data), certs.algorithm, tlv(0x80, certs.encrypted)),
  );
  const keyBag = sequence(
    objectIdentifier(OID.shroudedKeyBag),
    explicit0(shrouded),
    leafAttributes,
  );

  const authenticatedSafe = sequence(
    sequence(objectIdentifier(OID.encryptedData), explicit0(encryptedData)),
    contentInfoData(sequence(keyBag)),
  );
  const mac = createHmac(digest.name, macKey).update(authenticatedSafe).digest();
  macKey.fill(0);
  const macData = sequence(
    sequence(sequence(objectIdentifier(digest.oid), derNull()), octetString(mac)),
    octetString(macSalt),
    integer(macIterations),
  );
  return sequence(integer(3), contentInfoData(authenticatedSafe), macData);
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

/**
 * What the derivations of one encryption AlgorithmIdentifier cost, in PBKDF2 iterations
 * (PKCS#12-KDF iterations weighted): 0 for what needs none, null when it is not one we read.
 */
function kdfWorkOf(algorithm: Node, what: string): number | null {
  try {
    const [oidNode, params] = children(algorithm);
    const oid = oidOf(oidNode);
    if (oid === OID.pbes2) {
      const [kdf, scheme] = children(params);
      const [kdfOid, kdfParams] = children(kdf);
      if (oidOf(kdfOid) !== OID.pbkdf2) return null;
      const fields = children(kdfParams);
      const prfNode = fields.find((f) => f.tag === 0x30);
      const prf = prfNode ? HMAC_PRF[oidOf(children(prfNode)[0])] : 'sha1';
      const cipher = PBES2_CIPHERS[oidOf(children(scheme)[0])];
      const blocks = Math.ceil((cipher?.keyLength ?? 32) / (DIGEST_SIZE[prf ?? 'sha1'] ?? 20));
      return iterationsOf(fields[1], MAX_PBKDF2_ITERATIONS, what) * blocks;
    }
    if (oid === OID.pbeSha1TripleDes || oid === OID.pbeSha1Rc2_40 || oid === OID.pbeSha1Rc2_128) {
      // Key (up to 24 bytes: two SHA-1 blocks) and IV (one block), hash by hash.
      const blocks = oid === OID.pbeSha1TripleDes ? 3 : 2;
      return (
        iterationsOf(children(params)[1], MAX_PKCS12_KDF_ITERATIONS, what) *
        blocks *
        PKCS12_KDF_WEIGHT
      );
    }
  } catch (error) {
    // A count beyond its own cap is said as such; a damaged structure is reported where it is read.
    if (error instanceof UserError && /iterations/.test(error.message)) throw error;
    return null;
  }
  return null;
}

/** The key-derivation work an encrypted PKCS#8 key (EncryptedPrivateKeyInfo DER) asks for, or null. */
export function encryptedKeyKdfWork(der: Buffer, what: string): number | null {
  let algorithm: Node;
  try {
    algorithm = children(readNode(der, 0))[0];
  } catch {
    return null;
  }
  return kdfWorkOf(algorithm, what);
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
    );
  budget.left -= work;
  budget.spent += work;
}

function countBags(budget: KdfBudget | undefined, count: number): void {
  if (!budget) return;
  budget.bags += count;
  if (budget.bags > MAX_PKCS12_BAGS)
    throw new UserError('bad-input', LIMIT_MESSAGES.tooManyBags(budget.what));
}

function iterationsOf(node: Node, limit: number, what: string): number {
  const count = integerOf(node);
  if (node.tag !== 0x02 || count < 1)
    throw new UserError('bad-input', `${what} is damaged (an iteration count is missing or zero)`);
  if (count > limit) {
    throw new UserError(
      'bad-input',
      `${what} asks for ${count.toLocaleString('en-US')} key-derivation iterations, more than the ${limit.toLocaleString('en-US')} mtls-desk accepts: re-export it with a usual count (OpenSSL uses 2,048)`,
    );
  }
  return count;
}

/**
 * Refuses an encrypted PKCS#8 key (EncryptedPrivateKeyInfo DER) whose PBE iteration count is
 * beyond the caps, before OpenSSL would run it synchronously; anything else is left to OpenSSL.
 */
export function checkEncryptedKeyIterations(der: Buffer, what: string): void {
  let count: { node: Node; limit: number } | undefined;
  try {
    const [oidNode, params] = children(children(readNode(der, 0, what), what)[0], what);
    const oid = oidOf(oidNode);
    if (oid === OID.pbes2) {
      const [kdfOid, kdfParams] = children(children(params, what)[0], what);
      if (oidOf(kdfOid) === OID.pbkdf2)
        count = { node: children(kdfParams, what)[1], limit: MAX_PBKDF2_ITERATIONS };
    } else if (
      oid === OID.pbeSha1TripleDes ||
      oid === OID.pbeSha1Rc2_40 ||
      oid === OID.pbeSha1Rc2_128
    ) {
      count = { node: children(params, what)[1], limit: MAX_PKCS12_KDF_ITERATIONS };
    }
  } catch {
    return;
  }
  if (count?.node) iterationsOf(count.node, count.limit, what);
}

function octets(node: Node, what: string): Buffer {
  if (node.tag !== 0x04)
    throw new UserError('bad-input', `${what} is damaged (an octet string was expected)`);
  return node.content;
}

async function decrypt(
  algorithm: Node,
  encrypted: Buffer,
  password: string,
  what: string,
  budget?: KdfBudget,
): Promise<Buffer> {
  const [oidNode, params] = children(algorithm, what);
  const oid = oidOf(oidNode);
  try {
    charge(budget, kdfWorkOf(algorithm, what) ?? 0);
    if (oid === OID.pbes2) {
      const [kdf, scheme] = children(params, what);
      const [kdfOid, kdfParams] = children(kdf, what);
      if (oidOf(kdfOid) !== OID.pbkdf2)
        throw new UserError(
          'bad-input',
          `${what} uses a key derivation mtls-desk does not read (${oidOf(kdfOid)}): re-export it with PBKDF2`,
        );
      const fields = children(kdfParams, what);
      const salt = octets(fields[0], what);
      const iterations = iterationsOf(fields[1], MAX_PBKDF2_ITERATIONS, what);
      const prfNode = fields.find((f) => f.tag === 0x30);
      const prf = prfNode ? HMAC_PRF[oidOf(children(prfNode, what)[0])] : 'sha1';
      const [cipherOid, ivNode] = children(scheme, what);
      const cipher = PBES2_CIPHERS[oidOf(cipherOid)];
      if (!prf || !cipher)
        throw new UserError(
          'bad-input',
          `${what} uses an encryption mtls-desk does not read: re-export it with AES-256-CBC`,
        );
      const key = await pbkdf2Async(
        Buffer.from(password, 'utf8'),
        salt,
        iterations,
        cipher.keyLength,
        prf,
      );
      try {
        const decipher = createDecipheriv(cipher.name, key, octets(ivNode, what));
        return Buffer.concat([decipher.update(encrypted), decipher.final()]);
      } finally {
        key.fill(0);
      }
    }
    if (oid === OID.pbeSha1TripleDes || oid === OID.pbeSha1Rc2_40 || oid === OID.pbeSha1Rc2_128) {
      const [saltNode, iterNode] = children(params, what);
      const salt = octets(saltNode, what);
      const iterations = iterationsOf(iterNode, MAX_PKCS12_KDF_ITERATIONS, what);
      const spec =
        oid === OID.pbeSha1TripleDes
          ? { name: 'des-ede3-cbc', key: 24, iv: 8 }
          : {
              name: oid === OID.pbeSha1Rc2_40 ? 'rc2-40-cbc' : 'rc2-cbc',
              key: oid === OID.pbeSha1Rc2_40 ? 5 : 16,
              iv: 8,
            };
      const key = pkcs12Kdf('sha1', 64, password, salt, 1, iterations, spec.key);
      const iv = pkcs12Kdf('sha1', 64, password, salt, 2, iterations, spec.iv);
      let decipher;
      try {
        decipher = createDecipheriv(spec.name, key, iv);
      } catch {
        throw new UserError(
          'bad-input',
          `${what} is encrypted with RC2, a cipher this system's OpenSSL no longer offers: re-export it with AES (for OpenSSL: openssl pkcs12 -export without -legacy)`,
        );
      } finally {
        key.fill(0);
      }
      return Buffer.concat([decipher.update(encrypted), decipher.final()]);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      'wrong-passphrase',
      `wrong password for ${what}: nothing was imported; try again`,
    );
  }
  throw new UserError(
    'bad-input',
    `${what} uses an encryption mtls-desk does not read (${oid}): re-export it with AES-256-CBC`,
  );
}

/**
 * Decrypts an EncryptedPrivateKeyInfo (encrypted PKCS#8) with the PBKDF2 off the main thread: the
 * plain PKCS#8 DER, for the caller to wipe. A scheme this reader does not handle is a 'bad-input'.
 */
export async function decryptPkcs8(der: Buffer, password: string, what: string): Promise<Buffer> {
  const [algorithm, encrypted] = children(readNode(der, 0, what), what);
  return decrypt(algorithm, octets(encrypted, what), password, what);
}

/** Whether DER has the shape of an EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier, OCTET STRING }. */
export function looksLikeEncryptedPkcs8(der: Buffer): boolean {
  try {
    const info = readNode(der);
    const parts = children(info);
    return (
      info.tag === 0x30 &&
      info.end === der.length &&
      parts.length === 2 &&
      parts[0].tag === 0x30 &&
      children(parts[0])[0]?.tag === 0x06 &&
      parts[1].tag === 0x04
    );
  } catch {
    return false;
  }
}

/** The MAC's PKCS#12-KDF work, weighted. */
function macWorkOf(macData: Node, what: string): number {
  let iterNode: Node | undefined;
  try {
    iterNode = children(macData)[2];
  } catch {
    return 0;
  }
  return (
    (iterNode ? iterationsOf(iterNode, MAX_PKCS12_KDF_ITERATIONS, what) : 1) * PKCS12_KDF_WEIGHT
  );
}

function verifyMac(
  macData: Node,
  authSafeContent: Buffer,
  password: string,
  what: string,
  budget?: KdfBudget,
): void {
  const [digestInfo, saltNode, iterNode] = children(macData, what);
  const [algorithm, macNode] = children(digestInfo, what);
  const digest = MAC_DIGESTS[oidOf(children(algorithm, what)[0])];
  if (!digest)
    throw new UserError(
      'bad-input',
      `${what} uses a MAC mtls-desk does not read: re-export it with a SHA-256 MAC`,
    );
  const iterations = iterNode ? iterationsOf(iterNode, MAX_PKCS12_KDF_ITERATIONS, what) : 1;
  charge(budget, macWorkOf(macData, what));
  const macKey = pkcs12Kdf(
    digest.name,
    digest.blockSize,
    password,
    octets(saltNode, what),
    3,
    iterations,
    digest.size,
  );
  const expected = createHmac(digest.name, macKey).update(authSafeContent).digest();
  macKey.fill(0);
  const actual = octets(macNode, what);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new UserError(
      'wrong-passphrase',
      `wrong password for ${what} (or the file was altered): nothing was imported; try again`,
    );
  }
}

function dataContent(contentInfo: Node, what: string): Buffer {
  const [, wrapped] = children(contentInfo, what);
  return octets(children(wrapped, what)[0], what);
}

/** The bags of a SafeContents, counted against the file's cap. */
function bagsOf(safeContents: Buffer, what: string, budget?: KdfBudget): Node[] {
  const bags = children(readNode(safeContents, 0, what), what);
  countBags(budget, bags.length);
  return bags;
}

/** The key-derivation work of the shrouded key bags in a plain SafeContents. */
function shroudedWorkOf(bags: Node[], what: string): number {
  let work = 0;
  for (const bag of bags) {
    let algorithm: Node | undefined;
    try {
      const [idNode, valueWrapper] = children(bag);
      if (oidOf(idNode) === OID.shroudedKeyBag) algorithm = children(children(valueWrapper)[0])[0];
    } catch {
      // damaged: reported when the bag is read
    }
    if (algorithm) work += kdfWorkOf(algorithm, what) ?? 0;
  }
  return work;
}

async function readSafeContents(
  bags: Node[],
  password: string,
  out: Pkcs12Contents,
  what: string,
  budget?: KdfBudget,
): Promise<void> {
  for (const bag of bags) {
    const [idNode, valueWrapper] = children(bag, what);
    const value = children(valueWrapper, what)[0];
    switch (oidOf(idNode)) {
      case OID.certBag: {
        const [typeNode, certWrapper] = children(value, what);
        if (oidOf(typeNode) === OID.x509Certificate)
          out.certificates.push(Buffer.from(octets(children(certWrapper, what)[0], what)));
        break;
      }
      case OID.shroudedKeyBag: {
        const [algorithm, encrypted] = children(value, what);
        const plain = await decrypt(algorithm, octets(encrypted, what), password, what, budget);
        try {
          out.privateKeys.push(createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' }));
        } catch {
          throw new UserError(
            'wrong-passphrase',
            `wrong password for ${what}: nothing was imported; try again`,
          );
        } finally {
          plain.fill(0);
        }
        break;
      }
      case OID.keyBag:
        out.privateKeys.push(
          createPrivateKey({ key: Buffer.from(value.raw), format: 'der', type: 'pkcs8' }),
        );
        break;
      default:
        // CRLs and secrets: not ours to import.
        break;
    }
  }
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
  const pfx = readNode(der, 0, what);
  if (pfx.tag !== 0x30 || pfx.end !== der.length)
    throw new UserError('bad-input', `${what} is damaged or truncated: get it again in full`);
  const [version, authSafe, macData] = children(pfx, what);
  if (integerOf(version) !== 3 || oidOf(children(authSafe, what)[0]) !== OID.data)
    throw new UserError(
      'bad-input',
      `${what} is not a password-protected PKCS#12 file mtls-desk can read`,
    );
  const authSafeContent = dataContent(authSafe, what);
  const budget: KdfBudget = { left: MAX_KDF_WORK_PER_INPUT, spent: 0, bags: 0, what };
  const contentInfos = children(readNode(authSafeContent, 0, what), what);
  countBags(budget, contentInfos.length);
  // Every safe, typed, its plain bags listed: all before any derivation.
  const safes = contentInfos.map((contentInfo) => {
    const type = oidOf(children(contentInfo, what)[0]);
    if (type === OID.data) {
      const bags = bagsOf(dataContent(contentInfo, what), what, budget);
      return { kind: 'data' as const, bags, work: shroudedWorkOf(bags, what) };
    }
    if (type === OID.encryptedData) {
      const encryptedData = children(children(contentInfo, what)[1], what)[0];
      const [, encryptedContentInfo] = children(encryptedData, what);
      const [, algorithm, encrypted] = children(encryptedContentInfo, what);
      const ciphertext =
        encrypted.tag === 0x80
          ? encrypted.content
          : Buffer.concat(children(encrypted, what).map((n) => n.content));
      return {
        kind: 'encrypted' as const,
        algorithm,
        ciphertext,
        work: kdfWorkOf(algorithm, what) ?? 0,
      };
    }
    throw new UserError(
      'bad-input',
      `${what} uses public-key protection (enveloped data), which mtls-desk does not read: re-export it with a password`,
    );
  });
  const visibleWork =
    (macData ? macWorkOf(macData, what) : 0) + safes.reduce((n, s) => n + s.work, 0);
  if (visibleWork > MAX_KDF_WORK_PER_INPUT)
    throw new UserError('bad-input', LIMIT_MESSAGES.tooMuchKdfWork(what, visibleWork));
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
    const pfx = readNode(der, 0);
    const [version, authSafe] = children(pfx);
    return (
      pfx.tag === 0x30 &&
      version.tag === 0x02 &&
      integerOf(version) === 3 &&
      authSafe?.tag === 0x30 &&
      oidOf(children(authSafe)[0]) === OID.data
    );
  } catch {
    return false;
  }
}
