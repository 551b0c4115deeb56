// The vault's on-disk formats. vault.json (the header) holds the KDF parameters, the current
// generation and a check value; keys/<id>.g<generation>.json holds one key: public facts in clear,
// the PKCS#8 bytes sealed with AES-256-GCM under the scrypt-derived key. A passphrase change writes
// a whole new generation of key files, then switches the header in one rename.
//
// Format 2 adds what an attacker who can edit files but lacks the passphrase must not change
// unseen: a random 32-byte authentication secret sealed under the derived key (like a private
// key), and `meta`, authenticated with an HMAC under that secret: every key's public facts
// (algorithm, deleted state) as a digest, the audit trail's sealed end, and how many passphrase
// attempts the last successful check had seen (the attempt counter beside it cannot be rolled back
// below that). The check value's AAD names the format, so a format-2 header rewritten as format 1
// (its metadata stripped) no longer opens.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
} from 'node:crypto';
import { z } from 'zod';
import { UserError } from '../errors.js';

export const VAULT_FORMAT = 'mtls-desk-vault';
export const KEY_FORMAT = 'mtls-desk-vault-key';
export const VAULT_VERSION = 2;

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

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const metaSchema = z.object({
  /** Key id -> SHA-256 of the key file's public part (everything but the sealed bytes and the generation). */
  keys: z.record(z.string().regex(/^k-[0-9a-f]{20}$/), hex64),
  /** The audit trail's newest sealed entry (seq 0: none yet); entries from `from` on must be sealed or covered by a later seal. */
  audit: z.object({
    seq: z.number().int().min(0),
    hash: z.string().max(64),
    from: z.number().int().min(1),
  }),
  /** The attempt counter's total at the last successful passphrase check. */
  attemptsSeen: z.number().int().min(0),
  /**
   * A key file being rewritten: written here before the file, moved into `keys` after it, so a
   * crash between the two leaves a file that still matches (digest null: being removed).
   */
  pending: z.object({ id: z.string(), digest: hex64.nullable() }).nullable(),
  mac: hex64,
});
export type VaultMeta = z.infer<typeof metaSchema>;

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
  secret: sealedSchema.optional(),
  meta: metaSchema.optional(),
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
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  return new Promise<Buffer>((resolve, reject) => {
    scryptCallback(
      secret,
      salt,
      32,
      { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  }).finally(() => secret.fill(0));
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

export const GCM_TAG_BYTES = 16;
const GCM_IV_BYTES = 12;

/**
 * The plaintext, or null when the key is wrong or the data was altered (GCM tag mismatch). The tag
 * must be exactly 16 bytes: GCM accepts a tag cut to 4 bytes unless told its length, and a short
 * tag is easy to forge.
 */
export function unseal(key: Buffer, sealed: Sealed, aad: string): Buffer | null {
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  if (iv.length !== GCM_IV_BYTES || tag.length !== GCM_TAG_BYTES) return null;
  let plain: Buffer | null = null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    plain = decipher.update(Buffer.from(sealed.data, 'base64'));
    const last = decipher.final();
    return last.length === 0 ? plain : Buffer.concat([plain, last]);
  } catch {
    // The unauthenticated plaintext of a failed open is not kept either.
    plain?.fill(0);
    return null;
  }
}

/** Format 1 headers keep their AAD; format 2 names itself, so a downgrade does not open. */
function headerAad(
  header: Pick<VaultHeader, 'generation' | 'kdf'>,
  version: number = VAULT_VERSION,
): string {
  return `${VAULT_FORMAT}:v${version}:check:${header.generation}:${header.kdf.salt}`;
}

function secretAad(header: Pick<VaultHeader, 'generation' | 'kdf'>): string {
  return `${VAULT_FORMAT}:v${VAULT_VERSION}:secret:${header.generation}:${header.kdf.salt}`;
}

export const SECRET_BYTES = 32;

export function sealSecret(
  key: Buffer,
  secret: Buffer,
  header: Pick<VaultHeader, 'generation' | 'kdf'>,
): Sealed {
  return seal(key, secret, secretAad(header));
}

/** The authentication secret, or null when it does not open (a wrong key, an edited header). */
export function unsealSecret(key: Buffer, header: VaultHeader): Buffer | null {
  if (!header.secret) return null;
  const secret = unseal(key, header.secret, secretAad(header));
  if (secret && secret.length !== SECRET_BYTES) {
    secret.fill(0);
    return null;
  }
  return secret;
}

/** A sub-key of the authentication secret for one purpose (HMAC-SHA256 as a KDF). */
export function subKey(secret: Buffer, purpose: 'audit' | 'vault-meta'): Buffer {
  return createHmac('sha256', secret).update(`mtls-desk ${purpose} v1`).digest();
}

export function hmacHex(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex MACs. */
export function macEquals(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Code-unit order, the same in every locale. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What the metadata MAC covers: the header's facts and the metadata, in a fixed order. */
function metaText(header: VaultHeader, meta: Omit<VaultMeta, 'mac'>): string {
  return JSON.stringify([
    header.format,
    header.version,
    header.generation,
    [header.kdf.name, header.kdf.N, header.kdf.r, header.kdf.p, header.kdf.salt],
    header.createdAt,
    header.passphraseChangedAt,
    Object.entries(meta.keys).sort(([a], [b]) => byCodeUnits(a, b)),
    [meta.audit.seq, meta.audit.hash, meta.audit.from],
    meta.attemptsSeen,
    meta.pending ? [meta.pending.id, meta.pending.digest] : null,
  ]);
}

export function signMeta(
  secret: Buffer,
  header: VaultHeader,
  meta: Omit<VaultMeta, 'mac'>,
): VaultMeta {
  const key = subKey(secret, 'vault-meta');
  try {
    return { ...meta, mac: hmacHex(key, metaText(header, meta)) };
  } finally {
    key.fill(0);
  }
}

export function metaMatches(secret: Buffer, header: VaultHeader): boolean {
  if (!header.meta) return false;
  const { mac, ...meta } = header.meta;
  return macEquals(signMeta(secret, header, meta).mac, mac);
}

/** SHA-256 of a key file's public part: its id, algorithm, origin, label, dates and deleted state. */
export function recordDigest(record: KeyRecord): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        record.id,
        record.key,
        record.publicKeySha256,
        record.publicKeyPem,
        record.origin,
        record.label,
        record.createdAt,
        record.deletedAt,
      ]),
    )
    .digest('hex');
}

export function keyAad(record: Pick<KeyRecord, 'id' | 'publicKeySha256'>): string {
  return `${KEY_FORMAT}:v${VAULT_VERSION}:${record.id}:${record.publicKeySha256}`;
}

export function makeCheck(key: Buffer, header: Pick<VaultHeader, 'generation' | 'kdf'>): Sealed {
  return seal(key, CHECK_PLAINTEXT, headerAad(header, VAULT_VERSION));
}

export function checkMatches(key: Buffer, header: VaultHeader, version = header.version): boolean {
  const plain = unseal(key, header.check, headerAad(header, version));
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
      {},
      { id: 'vault.file-not-json', params: { path } },
    );
  }
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UserError(
      'bad-input',
      `the vault file ${path} is damaged or not a vault (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}): restore it from a backup; the key files beside it were not touched`,
      {},
      {
        id: 'vault.file-damaged',
        params: { path, field: parsed.error.issues[0].path.join('.') || '-' },
      },
    );
  }
  const kdfProblem = scryptParamsProblem(parsed.data.kdf);
  if (kdfProblem) {
    throw new UserError(
      'bad-input',
      `the vault file ${path} asks for scrypt parameters beyond what mTLS Desk allows (${kdfProblem}): it is damaged or not from mTLS Desk; restore it from a backup`,
      {},
      {
        id: 'vault.kdf-beyond-limits',
        params: {
          path,
          n: String(parsed.data.kdf.N),
          r: String(parsed.data.kdf.r),
          p: String(parsed.data.kdf.p),
        },
      },
    );
  }
  if (parsed.data.version > VAULT_VERSION) {
    throw new UserError(
      'bad-input',
      `the vault ${path} was written by a newer mTLS Desk (format ${parsed.data.version}): update mTLS Desk to open it`,
      {},
      { id: 'vault.newer-format', params: { path, version: parsed.data.version } },
    );
  }
  if (parsed.data.version >= 2 && (!parsed.data.secret || !parsed.data.meta)) {
    throw new UserError(
      'tampered',
      `the vault file ${path} lost its authenticated metadata (${parsed.data.secret ? 'meta' : 'secret'} is missing): it was edited outside mtls-desk; restore it from a backup`,
      {},
      {
        id: 'vault.metadata-lost',
        params: { path, missing: parsed.data.secret ? 'meta' : 'secret' },
      },
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
      {},
      { id: 'vault.key-file-not-json', params: { path } },
    );
  }
  const parsed = keyRecordSchema.safeParse(raw);
  if (!parsed.success)
    throw new UserError(
      'bad-input',
      `the key file ${path} is damaged (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}): restore it from a backup`,
      {},
      {
        id: 'vault.key-file-damaged',
        params: { path, field: parsed.error.issues[0].path.join('.') || '-' },
      },
    );
  return parsed.data;
}
