// Reads any certificate, chain, CSR or key a person hands us (PEM, DER, PKCS#7) and says in one
// sentence what is wrong when it is none of those.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { asBytes, x509 } from './x509-provider.js';
import { UserError } from './errors.js';
import { toPem } from './pem.js';
import { parsePemBlocks, type PemBlock } from './pem.js';
import {
  checkEncryptedKeyIterations,
  decryptPkcs8,
  encryptedKeyKdfWork,
  looksLikeEncryptedPkcs8,
} from './export/pkcs12.js';
import { children, oidOf, readNode } from './export/der-reader.js';
import {
  LIMIT_MESSAGES,
  LIMIT_TEXTS,
  MAX_CERTIFICATES_PER_INPUT,
  MAX_INPUT_BYTES,
  MAX_KDF_WORK_PER_INPUT,
  MAX_PRIVATE_KEYS_PER_INPUT,
} from '../../shared/input-limits.js';

export type PassphraseSource = () => Promise<string | undefined> | string | undefined;

export type DecodedArtifact =
  | { kind: 'certificate'; label: string; der: Buffer; certificate: x509.X509Certificate }
  | { kind: 'csr'; label: string; der: Buffer; csr: x509.Pkcs10CertificateRequest }
  | { kind: 'private-key'; label: string; key: KeyObject }
  | { kind: 'public-key'; label: string; key: KeyObject };

/**
 * A certificate, CSR or key file, at most MAX_INPUT_BYTES, read through one descriptor so what
 * is checked is what is read. A pipe (process substitution) is read up to the limit; a device
 * such as /dev/zero, whose size says nothing, is refused.
 */
export function readInputFile(path: string): Buffer {
  const tooLarge = (what: string) =>
    new UserError(
      'bad-input',
      `${path} is ${what}, far too large for a certificate, CSR or key (limit ${MAX_INPUT_BYTES / 1024 / 1024} MB): check you chose the right file`,
      {},
      {
        id: 'input.file-too-large',
        params: { source: path, size: what, limit: MAX_INPUT_BYTES / 1024 / 1024 },
      },
    );
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      'unreadable-input',
      code === 'ENOENT'
        ? `${path} does not exist`
        : code === 'EISDIR'
          ? `${path} is a folder: give a file`
          : `${path} cannot be read (${code})`,
      {},
      code === 'ENOENT'
        ? { id: 'input.missing', params: { source: path } }
        : code === 'EISDIR'
          ? { id: 'input.folder', params: { source: path } }
          : { id: 'input.unreadable', params: { source: path, code: String(code) } },
    );
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory())
      throw new UserError(
        'unreadable-input',
        `${path} is a folder: give a file`,
        {},
        { id: 'input.folder', params: { source: path } },
      );
    if (!stat.isFile() && !stat.isFIFO())
      throw new UserError(
        'bad-input',
        `${path} is a device, not a file: give a certificate, CSR or key file`,
        {},
        { id: 'input.device', params: { source: path } },
      );
    if (stat.size > MAX_INPUT_BYTES) throw tooLarge(`${(stat.size / 1024 / 1024).toFixed(1)} MB`);
    const buffer = Buffer.alloc(
      Math.min(stat.isFile() ? stat.size + 1 : MAX_INPUT_BYTES + 1, MAX_INPUT_BYTES + 1),
    );
    let length = 0;
    for (
      let n;
      length < buffer.length &&
      (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0;
    )
      length += n;
    if (length > MAX_INPUT_BYTES) throw tooLarge(`more than ${MAX_INPUT_BYTES / 1024 / 1024} MB`);
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      'unreadable-input',
      `${path} cannot be read (${(error as NodeJS.ErrnoException).code})`,
      {},
      {
        id: 'input.unreadable',
        params: { source: path, code: String((error as NodeJS.ErrnoException).code) },
      },
    );
  } finally {
    closeSync(fd);
  }
}

/** The length a DER SEQUENCE header declares, to tell a truncated file from junk. */
function declaredDerLength(der: Buffer): number | null {
  if (der.length < 2 || der[0] !== 0x30) return null;
  const first = der[1];
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || der.length < 2 + count) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + der[2 + i];
  return 2 + count + length;
}

const passphraseRequired = (label: string) =>
  new UserError(
    'passphrase-required',
    `${label} is an encrypted private key: give its passphrase`,
    { need: 'key-passphrase' },
    { id: 'key.passphrase-needed', params: { source: label } },
  );
const wrongPassphrase = (label: string) =>
  new UserError(
    'wrong-passphrase',
    `${label}: wrong passphrase for this encrypted private key; try again`,
    {},
    { id: 'key.wrong-passphrase', params: { source: label } },
  );

function privateKeyError(error: unknown, label: string): UserError {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? '';
  if (code === 'ERR_MISSING_PASSPHRASE' || /passphrase required/i.test(message))
    return passphraseRequired(label);
  if (code === 'ERR_OSSL_BAD_DECRYPT' || /bad decrypt|wrong password|decrypt/i.test(message)) {
    return wrongPassphrase(label);
  }
  return new UserError(
    'bad-input',
    `${label}: the private key cannot be read (${message})`,
    {},
    { id: 'key.unreadable', params: { source: label, detail: message } },
  );
}

async function decodePrivateKey(
  input: { key: Buffer | string; format: 'pem' | 'der'; type?: 'pkcs8' | 'pkcs1' | 'sec1' },
  encrypted: boolean,
  label: string,
  passphrase?: PassphraseSource,
): Promise<KeyObject> {
  const secret = encrypted ? await passphrase?.() : undefined;
  if (encrypted && secret === undefined) throw passphraseRequired(label);
  try {
    return createPrivateKey(secret === undefined ? input : { ...input, passphrase: secret });
  } catch (error) {
    throw privateKeyError(error, label);
  }
}

/**
 * An encrypted PKCS#8 key: its iteration count checked first, then decrypted with an asynchronous
 * PBKDF2 so a 600,000-iteration key never blocks the process; a scheme our reader does not handle
 * (scrypt, ...) is left to OpenSSL.
 */
async function decodeEncryptedPkcs8(
  der: Buffer,
  label: string,
  passphrase?: PassphraseSource,
): Promise<KeyObject> {
  checkEncryptedKeyIterations(der, label);
  const secret = await passphrase?.();
  if (secret === undefined) throw passphraseRequired(label);
  let plain: Buffer;
  try {
    plain = await decryptPkcs8(der, secret, label);
  } catch (error) {
    if (!(error instanceof UserError) || error.code !== 'bad-input') throw wrongPassphrase(label);
    return decodePrivateKey(
      { key: toPem('ENCRYPTED PRIVATE KEY', der), format: 'pem' },
      true,
      label,
      () => secret,
    );
  }
  try {
    return createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' });
  } catch {
    // AES-CBC with a wrong passphrase sometimes ends in valid padding: the bytes are then no key.
    throw wrongPassphrase(label);
  } finally {
    plain.fill(0);
  }
}

/** One PEM block read; a block that fails to parse is one 'bad-input' sentence naming it. */
async function decodePemBlock(
  block: PemBlock,
  label: string,
  passphrase?: PassphraseSource,
): Promise<DecodedArtifact[]> {
  try {
    // Awaited here so a key that fails to decode is caught below like any other damaged block.
    return await artifactsOfPemBlock(block, label, passphrase);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      'bad-input',
      `${label}: the ${block.label} block is damaged and cannot be parsed (${(error as Error).message})`,
      {},
      {
        id: 'decode.damaged-block',
        params: { source: label, block: block.label, detail: (error as Error).message },
      },
    );
  }
}

/** What one PEM block holds, by its label; a label that is no certificate, CSR or key is refused. */
async function artifactsOfPemBlock(
  block: PemBlock,
  label: string,
  passphrase?: PassphraseSource,
): Promise<DecodedArtifact[]> {
  switch (block.label) {
    case 'CERTIFICATE':
    case 'X509 CERTIFICATE':
      return [
        {
          kind: 'certificate',
          label,
          der: block.der,
          certificate: new x509.X509Certificate(asBytes(block.der)),
        },
      ];
    case 'CERTIFICATE REQUEST':
    case 'NEW CERTIFICATE REQUEST':
      return [
        {
          kind: 'csr',
          label,
          der: block.der,
          csr: new x509.Pkcs10CertificateRequest(asBytes(block.der)),
        },
      ];
    case 'PKCS7':
    case 'CMS':
      return certificatesFromPkcs7(block.der, label);
    case 'PUBLIC KEY':
      return [
        {
          kind: 'public-key',
          label,
          key: createPublicKey({ key: block.der, format: 'der', type: 'spki' }),
        },
      ];
    case 'PRIVATE KEY':
    case 'RSA PRIVATE KEY':
    case 'EC PRIVATE KEY':
      return [
        {
          kind: 'private-key',
          label,
          key: await decodePrivateKey(
            { key: block.text, format: 'pem' },
            block.headers.includes('ENCRYPTED'),
            label,
            passphrase,
          ),
        },
      ];
    case 'ENCRYPTED PRIVATE KEY':
      return [
        {
          kind: 'private-key',
          label,
          key: await decodeEncryptedPkcs8(block.der, label, passphrase),
        },
      ];
    case 'EC PARAMETERS':
      return [];
    default:
      throw new UserError(
        'bad-input',
        `${label}: a "${block.label}" PEM block is not a certificate, CSR or key`,
        {},
        { id: 'decode.unknown-pem-block', params: { source: label, block: block.label } },
      );
  }
}

const SIGNED_DATA = '1.2.840.113549.1.7.2';

/**
 * The certificates of a PKCS#7 / CMS SignedData, split with our DER reader (linear, no node
 * limit: a trust bundle of thousands of certificates is fine) and counted before any is parsed.
 * Null when the structure is not one our reader takes (BER, say): then the full ASN.1 parser runs.
 */
function pkcs7CertificateDers(der: Buffer): Buffer[] | null {
  try {
    const info = readNode(der, 0);
    if (info.tag !== 0x30 || info.end !== der.length) return null;
    const [type, wrapped] = children(info);
    if (oidOf(type) !== SIGNED_DATA || wrapped?.tag !== 0xa0) return null;
    const signedData = children(wrapped)[0];
    if (signedData?.tag !== 0x30) return null;
    const set = children(signedData).find((n) => n.tag === 0xa0);
    if (!set) return [];
    return children(set)
      .filter((n) => n.tag === 0x30)
      .map((n) => n.raw);
  } catch {
    return null;
  }
}

function certificatesFromPkcs7(der: Buffer, label: string): DecodedArtifact[] {
  const split = pkcs7CertificateDers(der);
  if (split && split.length > MAX_CERTIFICATES_PER_INPUT)
    throw new UserError(
      'bad-input',
      LIMIT_MESSAGES.tooManyCertificates(label, split.length),
      { limit: MAX_CERTIFICATES_PER_INPUT },
      LIMIT_TEXTS.tooManyCertificates(label, split.length),
    );
  const certs = split
    ? split.map((raw) => new x509.X509Certificate(asBytes(raw)))
    : [...new x509.X509Certificates(asBytes(der))];
  if (certs.length === 0)
    throw new UserError(
      'bad-input',
      `${label}: the PKCS#7 file holds no certificate`,
      {},
      { id: 'import.no-certificate', params: { source: label } },
    );
  if (certs.length > MAX_CERTIFICATES_PER_INPUT)
    throw new UserError(
      'bad-input',
      LIMIT_MESSAGES.tooManyCertificates(label, certs.length),
      {},
      LIMIT_TEXTS.tooManyCertificates(label, certs.length),
    );
  return certs.map((certificate, i) => ({
    kind: 'certificate' as const,
    label: `${label} #${i + 1}`,
    der: Buffer.from(certificate.rawData),
    certificate,
  }));
}

const PRIVATE_KEY_LABELS = new Set([
  'PRIVATE KEY',
  'RSA PRIVATE KEY',
  'EC PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
]);

/**
 * Before any block is decoded: at most MAX_PRIVATE_KEYS_PER_INPUT keys, and the key derivations
 * of every encrypted key together within MAX_KDF_WORK_PER_INPUT (each is capped on its own too).
 */
function checkPemBudget(blocks: PemBlock[], source: string): void {
  const keys = blocks.filter((b) => PRIVATE_KEY_LABELS.has(b.label));
  if (keys.length > MAX_PRIVATE_KEYS_PER_INPUT)
    throw new UserError(
      'bad-input',
      LIMIT_MESSAGES.tooManyKeys(source, keys.length),
      {},
      LIMIT_TEXTS.tooManyKeys(source, keys.length),
    );
  let work = 0;
  for (const block of keys)
    if (block.label === 'ENCRYPTED PRIVATE KEY')
      work += encryptedKeyKdfWork(block.der, source) ?? 0;
  if (work > MAX_KDF_WORK_PER_INPUT)
    throw new UserError(
      'bad-input',
      LIMIT_MESSAGES.tooMuchKdfWork(source, work),
      {},
      LIMIT_TEXTS.tooMuchKdfWork(source, work),
    );
}

/** The readings of DER data to try, most likely first: each throws when the data is not its kind. */
function derAttempts(
  der: Buffer,
  source: string,
): Array<() => Promise<DecodedArtifact[]> | DecodedArtifact[]> {
  const privateKey = (type: 'pkcs8' | 'pkcs1' | 'sec1') => (): DecodedArtifact[] => [
    {
      kind: 'private-key',
      label: source,
      key: createPrivateKey({ key: der, format: 'der', type }),
    },
  ];
  return [
    () => [
      {
        kind: 'certificate',
        label: source,
        der,
        certificate: new x509.X509Certificate(asBytes(der)),
      },
    ],
    () => [
      { kind: 'csr', label: source, der, csr: new x509.Pkcs10CertificateRequest(asBytes(der)) },
    ],
    () => certificatesFromPkcs7(der, source),
    () => [
      {
        kind: 'public-key',
        label: source,
        key: createPublicKey({ key: der, format: 'der', type: 'spki' }),
      },
    ],
    privateKey('pkcs8'),
    privateKey('pkcs1'),
    privateKey('sec1'),
  ];
}

async function decodeDer(
  der: Buffer,
  source: string,
  passphrase?: PassphraseSource,
): Promise<DecodedArtifact[]> {
  const declared = declaredDerLength(der);
  if (declared !== null && declared > der.length) {
    throw new UserError(
      'bad-input',
      `${source}: the DER data is truncated (it declares ${declared} bytes, the file has ${der.length}): copy the file again in full`,
      {},
      { id: 'input.truncated', params: { source } },
    );
  }
  if (declared === null || declared !== der.length) {
    throw new UserError(
      'bad-input',
      `${source} is not a certificate, chain, CSR or key in PEM, DER or PKCS#7 form`,
      {},
      { id: 'input.not-recognised', params: { source } },
    );
  }
  for (const attempt of derAttempts(der, source)) {
    try {
      return await attempt();
    } catch (error) {
      // Not this kind: try the next; but a PKCS#7 over the limits is what it is.
      if (error instanceof UserError && error.details.limit !== undefined) throw error;
    }
  }
  // Last: an encrypted PKCS#8 in DER, which needs the passphrase.
  if (looksLikeEncryptedPkcs8(der))
    return [
      {
        kind: 'private-key',
        label: source,
        key: await decodeEncryptedPkcs8(der, source, passphrase),
      },
    ];
  throw new UserError(
    'bad-input',
    `${source} is DER data but not a certificate, CSR, PKCS#7 chain or key`,
    {},
    { id: 'input.not-recognised', params: { source } },
  );
}

/** Decodes bytes (a file's or pasted text's) into the artifacts they hold, in order. */
export async function decodeArtifacts(
  data: Buffer | string,
  source: string,
  passphrase?: PassphraseSource,
): Promise<DecodedArtifact[]> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (bytes.length === 0 || (typeof data === 'string' && data.trim() === '')) {
    throw new UserError(
      'bad-input',
      `${source} is empty: give a certificate, CSR or key`,
      {},
      { id: 'input.empty', params: { source } },
    );
  }
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new UserError(
      'bad-input',
      `${source} is too large for a certificate, CSR or key (limit ${MAX_INPUT_BYTES / 1024 / 1024} MB)`,
      {},
      { id: 'input.too-large', params: { source, limit: MAX_INPUT_BYTES / 1024 / 1024 } },
    );
  }
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN')) {
    const blocks = parsePemBlocks(text, source);
    checkPemBudget(blocks, source);
    const many = blocks.length > 1;
    const decoded: DecodedArtifact[] = [];
    let certificates = 0;
    for (const [i, block] of blocks.entries()) {
      const artifacts = await decodePemBlock(
        block,
        many ? `${source} #${i + 1}` : source,
        passphrase,
      );
      decoded.push(...artifacts);
      certificates += artifacts.filter((d) => d.kind === 'certificate').length;
      if (certificates > MAX_CERTIFICATES_PER_INPUT)
        throw new UserError(
          'bad-input',
          LIMIT_MESSAGES.tooManyCertificates(source, null),
          {},
          LIMIT_TEXTS.tooManyCertificates(source, null),
        );
    }
    return decoded;
  }
  return decodeDer(bytes, source, passphrase);
}

export async function decodeFile(
  path: string,
  passphrase?: PassphraseSource,
): Promise<DecodedArtifact[]> {
  return decodeArtifacts(readInputFile(path), basename(path), passphrase);
}

/** The one private key a file holds (a key file, or a bundle with its certificate). */
export async function decodePrivateKeyFile(
  path: string,
  passphrase?: PassphraseSource,
): Promise<KeyObject> {
  const keys = (await decodeFile(path, passphrase)).filter((a) => a.kind === 'private-key');
  if (keys.length === 0)
    throw new UserError(
      'bad-input',
      `${path} holds no private key: give the key file`,
      {},
      { id: 'key.none', params: { source: path } },
    );
  if (keys.length > 1)
    throw new UserError(
      'bad-input',
      `${path} holds ${keys.length} private keys: give a file with one`,
      {},
      { id: 'import.key-count', params: { source: path, count: keys.length } },
    );
  return keys[0].key;
}
