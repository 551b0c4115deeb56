// The key vault: private keys encrypted one by one with AES-256-GCM under a key derived from the
// master passphrase by scrypt. Plain JSON in and out; private keys leave only through
// withPrivateKey (in-process, for one operation) and never cross IPC.
//
// Every check of the master passphrase (unlock, change, re-authentication before an export) goes
// through one attempt counter: the attempt is recorded (attempts.json, under the data folder's
// lock, so parallel processes queue) before the key is derived, and the delay is judged from it.
// The vault's authenticated metadata remembers the counter's total at the last success, so a
// counter deleted, damaged or rolled back below it counts as many failures, not a clean slate.
// The vault also seals the audit trail (it is the trail's AuditSealer) and authenticates its own
// metadata: which keys exist, their public facts and deleted state.
import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { passphraseProblem, passphraseProblemText } from '../../../shared/passphrase.js';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  keyAlgorithmOf,
  type KeyAlgorithmId,
  type KeyDescription,
} from '../../../shared/algorithms.js';
import type { AuditAnchor, AuditLog, AuditSealer } from '../audit.js';
import type { Clock } from '../clock.js';
import { dataLock, type DataLock } from '../data-lock.js';
import { UserError } from '../errors.js';
import { describeKeyObject, spkiSha256 } from '../facts.js';
import { fsyncDirectory, writeFileAtomic } from '../files.js';
import {
  checkMatches,
  DEFAULT_SCRYPT,
  deriveKey,
  KEY_FILE_PATTERN,
  KEY_FORMAT,
  keyAad,
  keyFileName,
  keyIdFor,
  makeCheck,
  metaMatches,
  parseHeader,
  parseKeyRecord,
  recordDigest,
  seal,
  sealSecret,
  SECRET_BYTES,
  signMeta,
  subKey,
  unseal,
  unsealSecret,
  VAULT_FORMAT,
  VAULT_VERSION,
  type KeyRecord,
  type ScryptParams,
  type VaultHeader,
  type VaultMeta,
} from './format.js';

export interface VaultOptions {
  /** The vault folder (created 0700). */
  dir: string;
  clock: Clock;
  audit: AuditLog;
  /** Parameters for a new vault, and the floor an older vault is upgraded to at unlock. */
  kdf?: ScryptParams;
  /** Idle time after which the vault locks itself; 0 = never. Read at each use, so a setting change applies at once. */
  idleMs: () => number;
  /** The data folder's inter-process lock (the desk shares one with the inventory and audit trail); the vault folder's own by default. */
  lock?: DataLock;
}

/** What anyone may know about a stored key: never the key itself. */
export interface KeySummary {
  id: string;
  algorithm: KeyAlgorithmId | null;
  key: KeyDescription;
  publicKeySha256: string;
  publicKeyPem: string;
  origin: 'generated' | 'imported';
  label: string;
  createdAt: string;
  deletedAt: string | null;
}

export interface VaultStatus {
  initialized: boolean;
  unlocked: boolean;
  kdf: { name: 'scrypt'; N: number; r: number; p: number } | null;
  keys: number;
  deletedKeys: number;
  /** Key files that could not be read: listed so nothing goes missing silently. */
  damagedKeyFiles: string[];
  idleLockMinutes: number;
  /** Milliseconds until another unlock attempt is accepted (after repeated wrong passphrases). */
  retryAfterMs: number;
  passphraseChangedAt: string | null;
  /** Set when the vault's files were changed outside mtls-desk: key use is refused until they are restored. */
  tampered: string | null;
}

/** What a passphrase check is for, as the audit trail records it. */
export type PassphrasePurpose = 'unlock' | 'change-passphrase' | 'export';

interface Attempts {
  total: number;
  lastAt: string;
}

/** No wait after the first two mistakes, then 1 s doubling up to 5 minutes. */
export function unlockDelayMs(failures: number): number {
  return failures < 3 ? 0 : Math.min(1000 * 2 ** (failures - 3), 5 * 60_000);
}

function summary(record: KeyRecord): KeySummary {
  return {
    id: record.id,
    algorithm: keyAlgorithmOf(record.key),
    key: record.key,
    publicKeySha256: record.publicKeySha256,
    publicKeyPem: record.publicKeyPem,
    origin: record.origin,
    label: record.label,
    createdAt: record.createdAt,
    deletedAt: record.deletedAt,
  };
}

/** What a damaged or doctored counter counts as: enough for a long wait, never none. */
const DAMAGED_COUNTER_FAILURES = 10;

/** How long the next attempt waits: nothing while no delay is due, else from the last attempt's start. */
function waitMs(state: { failures: number; lastAtMs: number }, now: number): number {
  const delay = unlockDelayMs(state.failures);
  return delay === 0 ? 0 : Math.max(0, state.lastAtMs + delay - now);
}

function weaker(stored: ScryptParams, wanted: ScryptParams): boolean {
  return stored.N < wanted.N || stored.r < wanted.r || stored.p < wanted.p;
}

export class Vault implements AuditSealer {
  private readonly headerPath: string;
  private readonly keysDir: string;
  private readonly attemptsPath: string;
  private readonly kdf: ScryptParams;
  private derived: Buffer | null = null;
  /** The authentication secret (seals the audit trail, authenticates the metadata); held while unlocked. */
  private secret: Buffer | null = null;
  /** Why key use is refused: the metadata no longer matches its seal. */
  private tamper: UserError | null = null;
  private lastUse = 0;
  /** One operation at a time in this process: a passphrase change must not race a key being added. */
  private queue: Promise<unknown> = Promise.resolve();
  /** And across processes: every write holds the data folder's lock and re-reads the header inside it. */
  private readonly writeLock: DataLock;

  constructor(private readonly options: VaultOptions) {
    this.headerPath = join(options.dir, 'vault.json');
    this.keysDir = join(options.dir, 'keys');
    this.attemptsPath = join(options.dir, 'attempts.json');
    this.kdf = options.kdf ?? DEFAULT_SCRYPT;
    this.writeLock = options.lock ?? dataLock(options.dir);
    options.audit.useSealer(this);
  }

  private serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private now(): Date {
    return this.options.clock.now();
  }

  initialized(): boolean {
    return existsSync(this.headerPath);
  }

  private header(): VaultHeader {
    if (!this.initialized())
      throw new UserError(
        'not-found',
        'no vault yet: create one (it asks for a new master passphrase)',
        { need: 'create-vault' },
        { id: 'vault.none' },
      );
    return parseHeader(readFileSync(this.headerPath, 'utf8'), this.headerPath);
  }

  private writeHeader(header: VaultHeader): void {
    writeFileAtomic(this.headerPath, JSON.stringify(header, null, 2), { overwrite: true });
  }

  private ensureDirs(): void {
    for (const dir of [this.options.dir, this.keysDir]) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
    }
  }

  /** Whether a key file is one the authenticated metadata lists (as it is, or as it is being rewritten). */
  private listed(header: VaultHeader, record: KeyRecord): boolean {
    const meta = header.meta;
    if (!meta) return true; // format 1: nothing to compare with until the next unlock upgrades it
    const digest = recordDigest(record);
    return (
      meta.keys[record.id] === digest ||
      (meta.pending?.id === record.id && meta.pending.digest === digest)
    );
  }

  private alteredKeyError(id: string): UserError {
    return new UserError(
      'tampered',
      `key ${id} was altered outside mtls-desk: its file no longer matches the vault's authenticated list of keys (algorithm, deleted state); restore the file from a backup`,
      {},
      { id: 'vault.key-altered', params: { key: id } },
    );
  }

  /** Key files of one generation, by id; damaged or altered files are reported, not dropped. */
  private records(
    generation: number,
    header?: VaultHeader,
  ): { records: Map<string, KeyRecord>; damaged: string[] } {
    const records = new Map<string, KeyRecord>();
    const damaged: string[] = [];
    if (!existsSync(this.keysDir)) return { records, damaged };
    for (const name of readdirSync(this.keysDir).sort()) {
      const match = KEY_FILE_PATTERN.exec(name);
      if (!match || Number(match[2]) !== generation) continue;
      const path = join(this.keysDir, name);
      try {
        const record = parseKeyRecord(readFileSync(path, 'utf8'), path);
        if (record.id !== match[1] || record.generation !== generation)
          throw new UserError(
            'bad-input',
            `${path} does not hold the key its name says`,
            {},
            { id: 'vault.key-file-misnamed', params: { path } },
          );
        if (header && !this.listed(header, record)) {
          damaged.push(`${name} (altered outside mtls-desk)`);
          continue;
        }
        records.set(record.id, record);
      } catch {
        damaged.push(name);
      }
    }
    if (header?.meta)
      for (const id of Object.keys(header.meta.keys))
        if (!records.has(id) && !damaged.some((d) => d.startsWith(`${id}.`)))
          if (!(header.meta.pending?.id === id && header.meta.pending.digest === null))
            damaged.push(`${keyFileName(id, generation)} (missing)`);
    return { records, damaged };
  }

  // ---- the attempt counter -------------------------------------------------------------------

  /** The counter file: null when missing, 'damaged' when it is not a counter. */
  private readAttempts(): { total: number; lastAtMs: number } | null | 'damaged' {
    let written: number;
    try {
      written = statSync(this.attemptsPath).mtimeMs;
    } catch {
      return null;
    }
    let raw: Partial<Attempts> | null = null;
    try {
      raw = JSON.parse(readFileSync(this.attemptsPath, 'utf8')) as Partial<Attempts> | null;
    } catch {
      return 'damaged';
    }
    const total = raw?.total;
    const lastAtMs = typeof raw?.lastAt === 'string' ? Date.parse(raw.lastAt) : NaN;
    if (
      typeof total !== 'number' ||
      !Number.isInteger(total) ||
      total < 0 ||
      Number.isNaN(lastAtMs)
    )
      return 'damaged';
    // A date moved back does not shorten the wait below the file's own date; one in the future counts from it.
    const now = this.now().getTime();
    return {
      total,
      lastAtMs: lastAtMs > now ? written : Math.max(lastAtMs, Math.min(written, now)),
    };
  }

  private writeAttempts(total: number): void {
    this.ensureDirs();
    writeFileAtomic(
      this.attemptsPath,
      JSON.stringify({ total, lastAt: this.now().toISOString() } satisfies Attempts),
      { overwrite: true },
    );
  }

  /** Failures since the last success and when the last attempt began (the delay counts from it). */
  private failureState(header: VaultHeader): {
    failures: number;
    lastAtMs: number;
    total: number;
    problem: string | null;
  } {
    const seen = header.meta?.attemptsSeen ?? 0;
    const counter = this.readAttempts();
    let problem: string | null = null;
    if (counter === 'damaged') problem = 'damaged';
    else if (counter === null) problem = header.meta ? 'missing' : null;
    else if (counter.total < seen) problem = 'rolled back';
    if (problem !== null)
      return {
        failures: DAMAGED_COUNTER_FAILURES,
        lastAtMs: this.now().getTime(),
        total: seen + DAMAGED_COUNTER_FAILURES,
        problem,
      };
    if (counter === null || counter === 'damaged')
      return { failures: 0, lastAtMs: 0, total: seen, problem };
    return {
      failures: counter.total - seen,
      lastAtMs: counter.lastAtMs,
      total: counter.total,
      problem,
    };
  }

  private retryAfterMs(): number {
    if (!this.initialized()) return 0;
    try {
      const state = this.failureState(this.header());
      return waitMs(state, this.now().getTime());
    } catch {
      return 0;
    }
  }

  /**
   * Records one passphrase attempt before any key is derived, holding the data folder's lock (so
   * parallel processes queue and each sees the others' attempts), or refuses while the delay runs.
   * A counter found missing, damaged or rolled back is rewritten as many failures, and audited.
   */
  private beginAttempt(): { header: VaultHeader; attempt: number } {
    return this.writeLock.run(() => {
      const header = this.header();
      const state = this.failureState(header);
      if (state.problem !== null) {
        this.writeAttempts(state.total);
        this.options.audit.append('vault.attempts-counter-reset', {
          found: state.problem,
          countedAsFailures: DAMAGED_COUNTER_FAILURES,
        });
      }
      const wait = waitMs(state, this.now().getTime());
      if (wait > 0)
        throw new UserError(
          'too-many-attempts',
          `too many wrong passphrases: wait ${Math.ceil(wait / 1000)} s before trying again`,
          {},
          { id: 'vault.too-many-attempts', params: { seconds: Math.ceil(wait / 1000) } },
        );
      const attempt = state.total + 1;
      this.writeAttempts(attempt);
      return { header, attempt };
    });
  }

  /** A wrong passphrase: audited (sealed at the next unlock), the derived key zeroed, one sentence. */
  private failed(
    derived: Buffer,
    header: VaultHeader,
    attempt: number,
    purpose: PassphrasePurpose,
  ): never {
    derived.fill(0);
    const failures = attempt - (header.meta?.attemptsSeen ?? 0);
    this.options.audit.append('vault.unlock-failed', { purpose, failures });
    const delay = unlockDelayMs(failures);
    const wait = delay > 0 ? `; wait ${Math.ceil(delay / 1000)} s before the next try` : '';
    throw new UserError(
      'wrong-passphrase',
      purpose === 'unlock'
        ? `wrong master passphrase: the vault stays locked${wait}`
        : purpose === 'change-passphrase'
          ? `wrong current master passphrase: nothing was changed${wait}`
          : `wrong master passphrase: nothing was exported${wait}`,
      { field: purpose === 'change-passphrase' ? 'current' : 'passphrase' },
      {
        id: 'vault.wrong-passphrase',
        params: {
          purpose: purpose === 'change-passphrase' ? 'change' : purpose,
          seconds: delay > 0 ? Math.ceil(delay / 1000) : 0,
        },
      },
    );
  }

  // ---- authenticated metadata -----------------------------------------------------------------

  private tamperedError(): UserError {
    return new UserError(
      'tampered',
      `the vault's metadata (${this.headerPath}) was edited outside mtls-desk: its seal does not match (keys, their deleted state or the audit anchor were changed); keys cannot be used until vault.json is restored from a backup`,
      {},
      { id: 'vault.metadata-altered', params: { path: this.headerPath } },
    );
  }

  /**
   * Rewrites the authenticated metadata: the current one must still match its seal (else this
   * would re-sign someone else's edit). A pending key-file rewrite left by a crash is settled first.
   */
  private writeMeta(change: (meta: Omit<VaultMeta, 'mac'>) => Omit<VaultMeta, 'mac'>): void {
    const header = this.header();
    const secret = this.secret;
    if (!secret || !header.meta) return;
    if (!metaMatches(secret, header)) {
      this.tamper = this.tamperedError();
      throw this.tamper;
    }
    const { mac: _mac, ...meta } = header.meta;
    void _mac;
    const settled = this.settlePending(header, meta);
    this.writeHeader({ ...header, meta: signMeta(secret, header, change(settled)) });
  }

  /** A pending entry becomes the key's digest when its file holds it; otherwise the old digest stays. */
  private settlePending(header: VaultHeader, meta: Omit<VaultMeta, 'mac'>): Omit<VaultMeta, 'mac'> {
    const pending = meta.pending;
    if (!pending) return meta;
    const keys = { ...meta.keys };
    const path = join(this.keysDir, keyFileName(pending.id, header.generation));
    if (pending.digest === null) {
      if (!existsSync(path)) delete keys[pending.id];
    } else {
      try {
        if (recordDigest(parseKeyRecord(readFileSync(path, 'utf8'), path)) === pending.digest)
          keys[pending.id] = pending.digest;
      } catch {
        // the old digest stays
      }
    }
    return { ...meta, keys, pending: null };
  }

  /** Writes (or removes, with null) one key file, its new digest recorded as pending first. */
  private commitRecord(id: string, record: KeyRecord | null, generation: number): void {
    const digest = record ? recordDigest(record) : null;
    this.writeMeta((meta) => ({ ...meta, pending: { id, digest } }));
    const path = join(this.keysDir, keyFileName(id, generation));
    if (record) writeFileAtomic(path, JSON.stringify(record, null, 2), { overwrite: true });
    else if (existsSync(path)) unlinkSync(path);
    this.writeMeta((meta) => meta);
  }

  /** The metadata of a vault made now, or upgraded from format 1 (trusting its key files as they are). */
  private freshMeta(
    secret: Buffer,
    header: VaultHeader,
    records: Iterable<KeyRecord>,
    attemptsSeen: number,
  ): VaultMeta {
    const keys: Record<string, string> = {};
    for (const record of records) keys[record.id] = recordDigest(record);
    const from = this.options.audit.end().seq + 1;
    return signMeta(secret, header, {
      keys,
      audit: { seq: 0, hash: '', from },
      attemptsSeen,
      pending: null,
    });
  }

  // ---- AuditSealer --------------------------------------------------------------------------

  auditKey(): Buffer | null {
    return this.secret ? subKey(this.secret, 'audit') : null;
  }

  anchor(): AuditAnchor | null {
    if (!this.initialized()) return null;
    return this.header().meta?.audit ?? null;
  }

  anchorStatus(): 'ok' | 'altered' | 'locked' | 'none' {
    if (!this.initialized()) return 'none';
    let header: VaultHeader;
    try {
      header = this.header();
    } catch {
      return 'altered';
    }
    if (!header.meta) return 'none';
    if (!this.secret) return 'locked';
    return metaMatches(this.secret, header) ? 'ok' : 'altered';
  }

  advance(seq: number, hash: string): void {
    if (!this.secret || !this.initialized() || this.tamper) return;
    try {
      this.writeMeta((meta) => ({ ...meta, audit: { ...meta.audit, seq, hash } }));
    } catch (error) {
      // An altered vault file keeps its (wrong) anchor: verify reports it; the entry stands.
      if (!(error instanceof UserError && error.code === 'tampered')) throw error;
    }
  }

  // ---- state ----------------------------------------------------------------------------------

  /** Locks when idle too long; true while a derived key is held. The app calls it on a timer. */
  lockIfIdle(): boolean {
    const idle = this.options.idleMs();
    if (this.derived && idle > 0 && this.now().getTime() - this.lastUse > idle) this.lock();
    return this.derived !== null;
  }

  /**
   * The derived key and the header it opens. Another process may have changed the passphrase since
   * this one unlocked: then the key no longer opens the header, and the vault locks. Metadata that
   * no longer matches its seal stops every use of a key.
   */
  private requireUnlocked(): { derived: Buffer; header: VaultHeader } {
    if (!this.lockIfIdle())
      throw new UserError(
        'locked',
        'the vault is locked: unlock it with the master passphrase first',
        {},
        { id: 'vault.locked' },
      );
    const header = this.header();
    if (!checkMatches(this.derived!, header)) {
      this.lock();
      throw new UserError(
        'locked',
        'the master passphrase was changed by another mTLS Desk window or command: unlock the vault again with the current passphrase',
        {},
        { id: 'vault.passphrase-changed-elsewhere' },
      );
    }
    if (!this.tamper && this.secret && header.meta && !metaMatches(this.secret, header)) {
      this.tamper = this.tamperedError();
      this.options.audit.append('vault.metadata-altered', { found: 'metadata seal mismatch' });
    }
    if (this.tamper) throw this.tamper;
    this.lastUse = this.now().getTime();
    return { derived: this.derived!, header };
  }

  status(): VaultStatus {
    const idleLockMinutes = this.options.idleMs() / 60_000;
    if (!this.initialized()) {
      return {
        initialized: false,
        unlocked: false,
        kdf: null,
        keys: 0,
        deletedKeys: 0,
        damagedKeyFiles: [],
        idleLockMinutes,
        retryAfterMs: 0,
        passphraseChangedAt: null,
        tampered: null,
      };
    }
    const header = this.header();
    const { records, damaged } = this.records(header.generation, header);
    const all = [...records.values()];
    return {
      initialized: true,
      unlocked: this.lockIfIdle(),
      kdf: { name: 'scrypt', N: header.kdf.N, r: header.kdf.r, p: header.kdf.p },
      keys: all.filter((r) => r.deletedAt === null).length,
      deletedKeys: all.filter((r) => r.deletedAt !== null).length,
      damagedKeyFiles: damaged,
      idleLockMinutes,
      retryAfterMs: this.retryAfterMs(),
      passphraseChangedAt: header.passphraseChangedAt,
      tampered: this.tamper?.message ?? null,
    };
  }

  init(passphrase: string): Promise<VaultStatus> {
    return this.serial(async () => {
      if (this.initialized())
        throw new UserError(
          'conflict',
          `a vault already exists in ${this.options.dir}: unlock it, or change its passphrase`,
          { need: 'change-vault-passphrase' },
          { id: 'vault.exists', params: { dir: this.options.dir } },
        );
      checkNewPassphrase(passphrase);
      const salt = randomBytes(16);
      const kdf = { name: 'scrypt' as const, ...this.kdf, salt: salt.toString('base64') };
      const derived = await deriveKey(passphrase, salt, this.kdf);
      return this.writeLock.run(() => {
        if (this.initialized()) {
          derived.fill(0);
          throw new UserError(
            'conflict',
            `a vault was just created in ${this.options.dir} by another mTLS Desk window or command: unlock it with its passphrase`,
            {},
            { id: 'vault.created-elsewhere', params: { dir: this.options.dir } },
          );
        }
        this.ensureDirs();
        const at = this.now().toISOString();
        const secret = randomBytes(SECRET_BYTES);
        const base: VaultHeader = {
          format: VAULT_FORMAT,
          version: VAULT_VERSION,
          generation: 1,
          kdf,
          check: makeCheck(derived, { generation: 1, kdf }),
          createdAt: at,
          passphraseChangedAt: at,
          secret: sealSecret(derived, secret, { generation: 1, kdf }),
        };
        const header = { ...base, meta: this.freshMeta(secret, base, [], 0) };
        this.writeAttempts(0);
        writeFileAtomic(this.headerPath, JSON.stringify(header, null, 2));
        this.derived = derived;
        this.secret = secret;
        this.tamper = null;
        this.lastUse = this.now().getTime();
        try {
          this.options.audit.append('vault.initialized', {
            kdf: `scrypt N=${this.kdf.N} r=${this.kdf.r} p=${this.kdf.p}`,
          });
        } catch (error) {
          if (!(error instanceof UserError && error.code === 'audit-cut')) {
            // All or nothing: a vault the audit trail does not know about is taken back.
            this.lock();
            unlinkSync(this.headerPath);
            fsyncDirectory(this.options.dir);
          }
          throw error;
        }
        return this.status();
      });
    });
  }

  /**
   * Checks the passphrase against the header through the one attempt counter; on success returns
   * the derived key and the header it opened (the caller owns the key).
   */
  private async checkPassphrase(
    passphrase: string,
    purpose: PassphrasePurpose,
  ): Promise<{ derived: Buffer; header: VaultHeader; attempt: number }> {
    const { header: read, attempt } = this.beginAttempt();
    const derived = await deriveKey(passphrase, Buffer.from(read.kdf.salt, 'base64'), read.kdf);
    return this.writeLock.run(() => {
      const current = this.header();
      if (current.kdf.salt !== read.kdf.salt) {
        derived.fill(0);
        throw new UserError(
          'conflict',
          'the master passphrase was changed by another mTLS Desk window or command meanwhile: try again',
          {},
          { id: 'vault.changed-meanwhile' },
        );
      }
      if (!checkMatches(derived, current)) {
        if (current.version === 1 && checkMatches(derived, current, 2)) {
          derived.fill(0);
          this.options.audit.append('vault.metadata-altered', { found: 'format downgraded' });
          throw new UserError(
            'tampered',
            `the vault file ${this.headerPath} was rewritten as an older format with its authenticated metadata removed: restore it from a backup`,
            {},
            { id: 'vault.format-downgraded', params: { path: this.headerPath } },
          );
        }
        this.failed(derived, current, attempt, purpose);
      }
      return { derived, header: current, attempt };
    });
  }

  unlock(passphrase: string): Promise<VaultStatus> {
    return this.serial(async () => {
      const { derived, attempt } = await this.checkPassphrase(passphrase, 'unlock');
      const header = this.writeLock.run(() => {
        let current = this.header();
        let secret = unsealSecret(derived, current);
        this.tamper = null;
        if (current.version === 1) {
          // Format 1 had no metadata: add it now, trusting the key files as they are.
          secret = randomBytes(SECRET_BYTES);
          const base: VaultHeader = {
            ...current,
            version: VAULT_VERSION,
            check: makeCheck(derived, current),
            secret: sealSecret(derived, secret, current),
          };
          const { records } = this.records(current.generation);
          current = { ...base, meta: this.freshMeta(secret, base, records.values(), attempt) };
          this.writeHeader(current);
        } else if (!secret) {
          this.tamper = new UserError(
            'tampered',
            `the vault's authentication secret in ${this.headerPath} does not open: vault.json was edited outside mtls-desk; restore it from a backup`,
            {},
            { id: 'vault.secret-altered', params: { path: this.headerPath } },
          );
        } else if (!metaMatches(secret, current)) {
          this.tamper = this.tamperedError();
        }
        this.lock();
        this.derived = derived;
        this.secret = secret;
        this.lastUse = this.now().getTime();
        if (!this.tamper)
          this.writeMeta((meta) => ({
            ...meta,
            attemptsSeen: Math.max(meta.attemptsSeen, attempt),
          }));
        else
          this.options.audit.append('vault.metadata-altered', { found: 'metadata seal mismatch' });
        try {
          this.options.audit.append('vault.unlocked', {}, { onCut: 'record' });
        } catch (error) {
          // No unlock without its entry: the keys are dropped again before the error is told.
          this.lock();
          throw error;
        }
        this.removeOtherGenerations(current.generation);
        return this.header();
      });
      if (weaker(header.kdf, this.kdf) && !this.tamper) {
        await this.rewrap(header, derived, passphrase, attempt);
        this.options.audit.append('vault.kdf-upgraded', {
          from: `scrypt N=${header.kdf.N} r=${header.kdf.r} p=${header.kdf.p}`,
          to: `scrypt N=${this.kdf.N} r=${this.kdf.r} p=${this.kdf.p}`,
        });
      }
      return this.status();
    });
  }

  /**
   * The master passphrase again, before a sensitive action (an export of a private key): through
   * the same counter, delay and audit as an unlock. Unlocks a locked vault.
   */
  authenticate(passphrase: string, purpose: PassphrasePurpose = 'export'): Promise<void> {
    if (!this.lockIfIdle()) return this.unlock(passphrase).then(() => undefined);
    return this.serial(async () => {
      const { derived, attempt } = await this.checkPassphrase(passphrase, purpose);
      derived.fill(0);
      this.writeLock.run(() => {
        if (!this.tamper)
          this.writeMeta((meta) => ({
            ...meta,
            attemptsSeen: Math.max(meta.attemptsSeen, attempt),
          }));
      });
      this.lastUse = this.now().getTime();
    });
  }

  lock(): void {
    this.derived?.fill(0);
    this.derived = null;
    this.secret?.fill(0);
    this.secret = null;
  }

  changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<VaultStatus> {
    return this.serial(async () => {
      checkNewPassphrase(newPassphrase, 'next');
      const {
        derived: oldKey,
        header,
        attempt,
      } = await this.checkPassphrase(oldPassphrase, 'change-passphrase');
      try {
        const keys = await this.rewrap(header, oldKey, newPassphrase, attempt);
        this.options.audit.append('vault.passphrase-changed', { keys });
      } finally {
        if (oldKey !== this.derived) oldKey.fill(0);
      }
      return this.status();
    });
  }

  /**
   * Re-seals every key under a key derived from `passphrase` with a fresh salt: all new key files
   * are written as the next generation first, then the header switches in one atomic rename. A
   * crash before the switch leaves the old header, old files and old passphrase in force.
   */
  private async rewrap(
    header: VaultHeader,
    oldKey: Buffer,
    passphrase: string,
    attempt: number,
  ): Promise<number> {
    const salt = randomBytes(16);
    const newKey = await deriveKey(passphrase, salt, this.kdf);
    return this.writeLock.run(() => {
      const current = this.header();
      if (current.generation !== header.generation || !checkMatches(oldKey, current)) {
        newKey.fill(0);
        throw new UserError(
          'conflict',
          'the vault was changed by another mTLS Desk window or command meanwhile (its passphrase changed): nothing was changed; try again',
          {},
          { id: 'vault.changed-meanwhile' },
        );
      }
      return this.rewrapLocked(current, oldKey, newKey, salt, attempt);
    });
  }

  private rewrapLocked(
    header: VaultHeader,
    oldKey: Buffer,
    newKey: Buffer,
    salt: Buffer,
    attempt: number,
  ): number {
    const generation = header.generation + 1;
    const secret = header.version === 1 ? randomBytes(SECRET_BYTES) : unsealSecret(oldKey, header);
    if (!secret || (header.meta && !metaMatches(secret, header))) {
      newKey.fill(0);
      throw this.tamperedError();
    }
    this.removeGenerationsFrom(generation);
    const { records, damaged } = this.records(header.generation, header);
    if (damaged.length > 0) {
      newKey.fill(0);
      throw new UserError(
        'bad-input',
        `key files ${damaged.join(', ')} are damaged: restore them from a backup before changing the passphrase (nothing was changed)`,
        {},
        { id: 'vault.key-files-damaged', params: { files: damaged.join(', ') } },
      );
    }
    for (const record of records.values()) {
      const plain = unseal(oldKey, record.sealed, keyAad(record));
      if (!plain) {
        newKey.fill(0);
        throw new UserError(
          'bad-input',
          `key ${record.id} cannot be decrypted: its file was altered; restore it from a backup (nothing was changed)`,
          {},
          { id: 'vault.key-undecryptable', params: { key: record.id } },
        );
      }
      const next: KeyRecord = {
        ...record,
        version: VAULT_VERSION,
        generation,
        sealed: seal(newKey, plain, keyAad(record)),
      };
      plain.fill(0);
      writeFileAtomic(
        join(this.keysDir, keyFileName(record.id, generation)),
        JSON.stringify(next, null, 2),
      );
    }
    const kdf = { name: 'scrypt' as const, ...this.kdf, salt: salt.toString('base64') };
    const base: VaultHeader = {
      format: VAULT_FORMAT,
      version: VAULT_VERSION,
      generation,
      kdf,
      check: makeCheck(newKey, { generation, kdf }),
      createdAt: header.createdAt,
      passphraseChangedAt: this.now().toISOString(),
      secret: sealSecret(newKey, secret, { generation, kdf }),
    };
    let meta: Omit<VaultMeta, 'mac'>;
    if (header.meta) {
      const { mac: _mac, ...rest } = header.meta;
      void _mac;
      const keys: Record<string, string> = {};
      for (const record of records.values()) keys[record.id] = recordDigest(record);
      meta = { ...rest, keys, pending: null, attemptsSeen: Math.max(rest.attemptsSeen, attempt) };
    } else {
      const { mac: _mac, ...fresh } = this.freshMeta(secret, base, records.values(), attempt);
      void _mac;
      meta = fresh;
    }
    this.writeHeader({ ...base, meta: signMeta(secret, base, meta) });
    this.removeOtherGenerations(generation);
    this.lock();
    this.derived = newKey;
    this.secret = secret;
    this.tamper = null;
    this.lastUse = this.now().getTime();
    return records.size;
  }

  /** Leftovers of an interrupted passphrase change (newer) or of a finished one (older). */
  private removeOtherGenerations(keep: number): void {
    this.removeFiles((generation) => generation !== keep);
  }

  private removeGenerationsFrom(first: number): void {
    this.removeFiles((generation) => generation >= first);
  }

  private removeFiles(match: (generation: number) => boolean): void {
    if (!existsSync(this.keysDir)) return;
    let removed = false;
    for (const name of readdirSync(this.keysDir)) {
      const parsed = KEY_FILE_PATTERN.exec(name);
      const stray = !parsed && /^\..*\.tmp$/.test(name);
      if (stray || (parsed && match(Number(parsed[2])))) {
        unlinkSync(join(this.keysDir, name));
        removed = true;
      }
    }
    if (removed) fsyncDirectory(this.keysDir);
  }

  listKeys(options: { includeDeleted?: boolean } = {}): KeySummary[] {
    if (!this.initialized()) return [];
    const header = this.header();
    const { records } = this.records(header.generation, header);
    return [...records.values()]
      .filter((r) => options.includeDeleted || r.deletedAt === null)
      .map(summary);
  }

  /** One key file, checked against the authenticated list. */
  private record(id: string, header = this.header()): KeyRecord {
    const path = join(this.keysDir, keyFileName(id, header.generation));
    if (!existsSync(path))
      throw new UserError(
        'not-found',
        `no key ${id} in the vault: choose one of its keys`,
        { need: 'list-keys', keyId: id },
        { id: 'vault.no-key', params: { key: id } },
      );
    const record = parseKeyRecord(readFileSync(path, 'utf8'), path);
    if (!this.listed(header, record)) throw this.alteredKeyError(id);
    return record;
  }

  getKey(id: string): KeySummary {
    return summary(this.record(id));
  }

  findByPublicKey(publicKeySha256: string): KeySummary | null {
    if (!this.initialized()) return null;
    const header = this.header();
    const id = keyIdFor(publicKeySha256);
    const path = join(this.keysDir, keyFileName(id, header.generation));
    return existsSync(path) ? summary(this.record(id, header)) : null;
  }

  /** Stores a private key (generated or imported). The same key stored twice returns the first record. */
  addKey(
    privateKey: KeyObject,
    meta: { origin: 'generated' | 'imported'; label: string },
  ): Promise<KeySummary> {
    return this.serial(() =>
      this.writeLock.run(() => {
        const { derived, header } = this.requireUnlocked();
        const publicKeySha256 = spkiSha256(privateKey);
        const id = keyIdFor(publicKeySha256);
        const path = join(this.keysDir, keyFileName(id, header.generation));
        if (existsSync(path)) {
          const existing = this.record(id, header);
          if (existing.deletedAt !== null)
            throw new UserError(
              'conflict',
              `this key is in the vault as ${id}, deleted: restore it`,
              { need: 'restore-key', keyId: id },
              { id: 'vault.key-deleted', params: { key: id } },
            );
          return summary(existing);
        }
        const base = {
          format: KEY_FORMAT,
          version: VAULT_VERSION,
          id,
          generation: header.generation,
          key: describeKeyObject(privateKey),
          publicKeySha256,
          publicKeyPem: createPublicKey(privateKey).export({
            type: 'spki',
            format: 'pem',
          }) as string,
          origin: meta.origin,
          label: meta.label,
          createdAt: this.now().toISOString(),
          deletedAt: null,
        } as const;
        const plain = privateKey.export({ type: 'pkcs8', format: 'der' });
        const record: KeyRecord = { ...base, sealed: seal(derived, plain, keyAad(base)) };
        plain.fill(0);
        this.ensureDirs();
        this.commitRecord(id, record, header.generation);
        this.options.audit.append(meta.origin === 'generated' ? 'key.generated' : 'key.imported', {
          key: id,
          algorithm: keyAlgorithmOf(record.key),
          publicKeySha256,
          label: meta.label,
        });
        return summary(record);
      }),
    );
  }

  /** Runs `use` with the decrypted key; the key object is not kept. Refuses deleted keys. */
  async withPrivateKey<T>(id: string, use: (key: KeyObject) => Promise<T> | T): Promise<T> {
    const { derived, header } = this.requireUnlocked();
    const record = this.record(id, header);
    if (record.deletedAt !== null)
      throw new UserError(
        'conflict',
        `key ${id} was deleted on ${record.deletedAt}: restore it to use it`,
        { need: 'restore-key', keyId: id },
        { id: 'vault.key-deleted', params: { key: id } },
      );
    const plain = unseal(derived, record.sealed, keyAad(record));
    if (!plain)
      throw new UserError(
        'bad-input',
        `key ${id} cannot be decrypted: its file was altered or damaged; restore it from a backup`,
        {},
        { id: 'vault.key-undecryptable', params: { key: id } },
      );
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' });
    } finally {
      plain.fill(0);
    }
    return use(key);
  }

  /** Marks a key deleted (a tombstone: the sealed key stays until purge). Needs confirm: true. */
  deleteKey(id: string, confirm: boolean): Promise<KeySummary> {
    return this.serial(() =>
      this.writeLock.run(() => {
        if (!confirm)
          throw new UserError(
            'bad-input',
            `nothing was deleted: deleting key ${id} needs an explicit confirmation`,
            { need: 'confirmation', keyId: id },
            { id: 'vault.delete-needs-confirmation', params: { key: id } },
          );
        const { header } = this.requireUnlocked();
        const record = this.record(id, header);
        if (record.deletedAt !== null) return summary(record);
        const next = { ...record, deletedAt: this.now().toISOString() };
        this.commitRecord(id, next, header.generation);
        this.options.audit.append('key.deleted', {
          key: id,
          publicKeySha256: record.publicKeySha256,
        });
        return summary(next);
      }),
    );
  }

  restoreKey(id: string): Promise<KeySummary> {
    return this.serial(() =>
      this.writeLock.run(() => {
        const { header } = this.requireUnlocked();
        const record = this.record(id, header);
        if (record.deletedAt === null) return summary(record);
        const next = { ...record, deletedAt: null };
        this.commitRecord(id, next, header.generation);
        this.options.audit.append('key.restored', { key: id });
        return summary(next);
      }),
    );
  }

  /**
   * Removes deleted keys for good (only those of `only` when given: an onboarding purged). Needs
   * confirm: true. Returns the purged ids.
   */
  purge(confirm: boolean, only?: ReadonlySet<string>): Promise<string[]> {
    return this.serial(() =>
      this.writeLock.run(() => {
        if (!confirm)
          throw new UserError(
            'bad-input',
            'nothing was removed: purging deleted keys needs an explicit confirmation',
            { need: 'confirmation' },
            { id: 'vault.purge-needs-confirmation' },
          );
        const { header } = this.requireUnlocked();
        const purged: string[] = [];
        for (const record of this.records(header.generation, header).records.values()) {
          if (record.deletedAt === null || (only !== undefined && !only.has(record.id))) continue;
          this.commitRecord(record.id, null, header.generation);
          purged.push(record.id);
        }
        if (purged.length > 0) fsyncDirectory(this.keysDir);
        for (const id of purged) this.options.audit.append('key.purged', { key: id });
        return purged;
      }),
    );
  }
}

/** `field`: the request's key the new passphrase came in ("passphrase", or "next" for a change). */
function checkNewPassphrase(passphrase: string, field = 'passphrase'): void {
  const problem = passphraseProblem(passphrase, 'master');
  if (problem)
    throw new UserError(
      'bad-input',
      problem,
      { field },
      passphraseProblemText(passphrase, 'master'),
    );
}
