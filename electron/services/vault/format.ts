// The vault's on-disk formats. vault.json (the header) holds the KDF parameters, the current
// generation and a check value; keys/<id>.g<generation>.json holds one key: public facts in clear,
// the PKCS#8 bytes sealed with AES-256-GCM under the scrypt-derived key. A passphrase change writes
// a whole new generation of key files, then switches the header in one rename.
import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scrypt as scryptCallback,
} from 'node:crypto';
import { z } from 'zod';
import { UserError } from '../errors.js';

export const VAULT_FORMAT = 'mtls-desk-vault';
export const KEY_FORMAT = 'mtls-desk-vault-key';
export const VAULT_VERSION = 1;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** About 0.4 s on a 2-core laptop-class machine (bench/vault.ts): slow for guessing, quick to unlock. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/**
 * Caps on the scrypt parameters a vault file may ask for: a damaged or hostile file must not make
 * an unlock allocate gigabytes or run for hours. The default (N=2^17, r=8) is far below them.
 */
const SCRYPT_LIMITS = { maxN: 2 ** 22, maxR: 32, maxP: 16, maxMemoryBytes: 1024 ** 3 } as const;

/** Why these parameters are refused, or null when they are within the caps (N a power of two). */
function scryptParamsProblem({ N, r, p }: ScryptParams): string | null {
  if (!Number.isInteger(N) || N < 2 || N > SCRYPT_LIMITS.maxN || (N & (N - 1)) !== 0)
    return `N must be a power of two up to 2^22 (it is ${N})`;
  if (!Number.isInteger(r) || r < 1 || r > SCRYPT_LIMITS.maxR)
    return `r must be from 1 to ${SCRYPT_LIMITS.maxR} (it is ${r})`;
  if (!Number.isInteger(p) || p < 1 || p > SCRYPT_LIMITS.maxP)
    return `p must be from 1 to ${SCRYPT_LIMITS.maxP} (it is ${p})`;
  if (128 * N * r > SCRYPT_LIMITS.maxMemoryBytes)
    return `N=${N} with r=${r} needs ${(128 * N * r) / 1024 ** 3} GiB, more than 1 GiB`;
  return null;
}

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const sealedSchema = z.object({ iv: b64, tag: b64, data: b64 });
export type Sealed = z.infer<typeof sealedSchema>;

const headerSchema = z.object({
  format: z.literal(VAULT_FORMAT),
  version: z.number().int(),
  generation: z.number().int().positive(),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int().min(2),
    r: z.number().int().positive(),
    p: z.number().int().positive(),
    salt: b64,
  }),
  check: sealedSchema,
  createdAt: z.string(),
  passphraseChangedAt: z.string(),
});
export type VaultHeader = z.infer<typeof headerSchema>;

const keyDescriptionSchema = z.union([
  z.object({ type: z.literal('ec'), curve: z.string() }),
  z.object({ type: z.literal('rsa'), bits: z.number() }),
  z.object({ type: z.literal('other'), name: z.string() }),
]);

const keyRecordSchema = z.object({
  format: z.literal(KEY_FORMAT),
  version: z.number().int(),
  id: z.string().regex(/^k-[0-9a-f]{20}$/),
  generation: z.number().int().positive(),
  key: keyDescriptionSchema,
  publicKeySha256: z.string().regex(/^[0-9a-f]{64}$/),
  publicKeyPem: z.string(),
  origin: z.enum(['generated', 'imported']),
  label: z.string(),
  createdAt: z.string(),
  deletedAt: z.string().nullable(),
  sealed: sealedSchema,
});
export type KeyRecord = z.infer<typeof keyRecordSchema>;

const CHECK_PLAINTEXT = Buffer.from('mtls-desk vault check v1');

export function keyIdFor(publicKeySha256: string): string {
  return `k-${publicKeySha256.slice(0, 20)}`;
}

export function keyFileName(id: string, generation: number): string {
  return `${id}.g${generation}.json`;
}

export const KEY_FILE_PATTERN = /^(k-[0-9a-f]{20})\.g(\d+)\.json$/;

export function deriveKey(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(
      Buffer.from(passphrase.normalize('NFC'), 'utf8'),
      salt,
      32,
      { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export function seal(key: Buffer, plain: Buffer, aad: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** The plaintext, or null when the key is wrong or the data was altered (GCM tag mismatch). */
export function unseal(key: Buffer, sealed: Sealed, aad: string): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

function headerAad(header: Pick<VaultHeader, 'generation' | 'kdf'>): string {
  return `${VAULT_FORMAT}:v${VAULT_VERSION}:check:${header.generation}:${header.kdf.salt}`;
}

export function keyAad(record: Pick<KeyRecord, 'id' | 'publicKeySha256'>): string {
  return `${KEY_FORMAT}:v${VAULT_VERSION}:${record.id}:${record.publicKeySha256}`;
}

export function makeCheck(key: Buffer, header: Pick<VaultHeader, 'generation' | 'kdf'>): Sealed {
  return seal(key, CHECK_PLAINTEXT, headerAad(header));
}

export function checkMatches(key: Buffer, header: VaultHeader): boolean {
  const plain = unseal(key, header.check, headerAad(header));
  return plain !== null && plain.equals(CHECK_PLAINTEXT);
}

export function parseHeader(text: string, path: string): VaultHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UserError(
      'bad-input',
      `the vault file ${path} is damaged (not valid JSON): restore it from a backup; the key files beside it were not touched`,
    );
  }
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UserError(
      'bad-input',
      `the vault file ${path} is damaged or not a vault (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}): restore it from a backup; the key files beside it were not touched`,
    );
  }
  const kdfProblem = scryptParamsProblem(parsed.data.kdf);
  if (kdfProblem) {
    throw new UserError(
      'bad-input',
      `the vault file ${path} asks for scrypt parameters beyond what mtls-desk allows (${kdfProblem}): it is damaged or not from mtls-desk; restore it from a backup`,
    );
  }
  if (parsed.data.version > VAULT_VERSION) {
    throw new UserError(
      'bad-input',
      `the vault ${path} was written by a newer mtls-desk (format ${parsed.data.version}): update mtls-desk to open it`,
    );
  }
  return parsed.data;
}

export function parseKeyRecord(text: string, path: string): KeyRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UserError(
      'bad-input',
      `the key file ${path} is damaged (not valid JSON): restore it from a backup`,
    );
  }
  const parsed = keyRecordSchema.safeParse(raw);
  if (!parsed.success)
    throw new UserError(
      'bad-input',
      `the key file ${path} is damaged (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}): restore it from a backup`,
    );
  return parsed.data;
}
