// Reads any certificate, chain, CSR or key a person hands us (PEM, DER, PKCS#7) and says in one
// sentence what is wrong when it is none of those.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { asBytes, x509 } from './x509-provider.js';
import { UserError } from './errors.js';
import { toPem } from './der.js';
import {
  checkEncryptedKeyIterations,
  decryptPkcs8,
  looksLikeEncryptedPkcs8,
} from './export/pkcs12.js';

/** Nothing we read is anywhere near this: a bigger file is the wrong file. */
const MAX_INPUT_BYTES = 10 * 1024 * 1024;

export type PassphraseSource = () => Promise<string | undefined> | string | undefined;

export type DecodedArtifact =
  | { kind: 'certificate'; label: string; der: Buffer; certificate: x509.X509Certificate }
  | { kind: 'csr'; label: string; der: Buffer; csr: x509.Pkcs10CertificateRequest }
  | { kind: 'private-key'; label: string; key: KeyObject }
  | { kind: 'public-key'; label: string; key: KeyObject };

export function readInputFile(path: string): Buffer {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory())
      throw new UserError('unreadable-input', `${path} is a folder: give a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      'unreadable-input',
      code === 'ENOENT' ? `${path} does not exist` : `${path} cannot be read (${code})`,
    );
  }
  if (size > MAX_INPUT_BYTES) {
    throw new UserError(
      'bad-input',
      `${path} is ${(size / 1024 / 1024).toFixed(1)} MB, far too large for a certificate, CSR or key (limit ${MAX_INPUT_BYTES / 1024 / 1024} MB): check you chose the right file`,
    );
  }
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UserError(
      'unreadable-input',
      `${path} cannot be read (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}

interface PemBlock {
  label: string;
  headers: string;
  der: Buffer;
  text: string;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

function parsePemBlocks(text: string, source: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    const [whole, label, body] = match;
    const lines = body.split(/\r?\n/);
    const headerLines = lines.filter((l) => /^[A-Za-z-]+:/.test(l));
    const base64 = lines
      .filter((l) => !/^[A-Za-z-]+:/.test(l))
      .join('')
      .replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0 || base64.length === 0) {
      throw new UserError(
        'bad-input',
        `${source}: the ${label} PEM block has a broken base64 body: copy it again in full, from BEGIN to END`,
      );
    }
    blocks.push({
      label,
      headers: headerLines.join('\n'),
      der: Buffer.from(base64, 'base64'),
      text: whole,
    });
  }
  if (blocks.length === 0 && text.includes('-----BEGIN')) {
    throw new UserError(
      'bad-input',
      `${source}: a PEM block starts but has no matching END line: the text was cut; copy it again in full`,
    );
  }
  return blocks;
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
    `${label} is an encrypted private key: give its passphrase (--passphrase-env VAR or --passphrase-file F)`,
  );
const wrongPassphrase = (label: string) =>
  new UserError(
    'wrong-passphrase',
    `${label}: wrong passphrase for this encrypted private key; try again`,
  );

function privateKeyError(error: unknown, label: string): UserError {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? '';
  if (code === 'ERR_MISSING_PASSPHRASE' || /passphrase required/i.test(message))
    return passphraseRequired(label);
  if (code === 'ERR_OSSL_BAD_DECRYPT' || /bad decrypt|wrong password|decrypt/i.test(message)) {
    return wrongPassphrase(label);
  }
  return new UserError('bad-input', `${label}: the private key cannot be read (${message})`);
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

async function decodePemBlock(
  block: PemBlock,
  label: string,
  passphrase?: PassphraseSource,
): Promise<DecodedArtifact[]> {
  try {
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
        );
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      'bad-input',
      `${label}: the ${block.label} block is damaged and cannot be parsed (${(error as Error).message})`,
    );
  }
}

function certificatesFromPkcs7(der: Buffer, label: string): DecodedArtifact[] {
  const certs = new x509.X509Certificates(asBytes(der));
  if (certs.length === 0)
    throw new UserError('bad-input', `${label}: the PKCS#7 file holds no certificate`);
  return certs.map((certificate, i) => ({
    kind: 'certificate' as const,
    label: `${label} #${i + 1}`,
    der: Buffer.from(certificate.rawData),
    certificate,
  }));
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
    );
  }
  if (declared === null || declared !== der.length) {
    throw new UserError(
      'bad-input',
      `${source} is not a certificate, chain, CSR or key in PEM, DER or PKCS#7 form`,
    );
  }
  const attempts: Array<() => Promise<DecodedArtifact[]> | DecodedArtifact[]> = [
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
    () => [
      {
        kind: 'private-key',
        label: source,
        key: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
      },
    ],
    () => [
      {
        kind: 'private-key',
        label: source,
        key: createPrivateKey({ key: der, format: 'der', type: 'pkcs1' }),
      },
    ],
    () => [
      {
        kind: 'private-key',
        label: source,
        key: createPrivateKey({ key: der, format: 'der', type: 'sec1' }),
      },
    ],
  ];
  for (const attempt of attempts) {
    try {
      return await attempt();
    } catch {
      // not this kind: try the next
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
    throw new UserError('bad-input', `${source} is empty: give a certificate, CSR or key`);
  }
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new UserError(
      'bad-input',
      `${source} is too large for a certificate, CSR or key (limit ${MAX_INPUT_BYTES / 1024 / 1024} MB)`,
    );
  }
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN')) {
    const blocks = parsePemBlocks(text, source);
    const many = blocks.length > 1;
    const decoded: DecodedArtifact[] = [];
    for (const [i, block] of blocks.entries()) {
      decoded.push(
        ...(await decodePemBlock(block, many ? `${source} #${i + 1}` : source, passphrase)),
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
    throw new UserError('bad-input', `${path} holds no private key: give the key file`);
  if (keys.length > 1)
    throw new UserError(
      'bad-input',
      `${path} holds ${keys.length} private keys: give a file with one`,
    );
  return keys[0].key;
}
