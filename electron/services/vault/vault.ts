// The key vault: private keys encrypted one by one with AES-256-GCM under a key derived from the
// master passphrase by scrypt. Plain JSON in and out; private keys leave only through
// withPrivateKey (in-process, for one operation) and never cross IPC.
import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
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
import type { AuditLog } from '../audit.js';
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
  parseHeader,
  parseKeyRecord,
  seal,
  unseal,
  VAULT_FORMAT,
  VAULT_VERSION,
  type KeyRecord,
  type ScryptParams,
  type VaultHeader,
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
}

interface Failures {
  count: number;
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

function weaker(stored: ScryptParams, wanted: ScryptParams): boolean {
  return stored.N < wanted.N || stored.r < wanted.r || stored.p < wanted.p;
}

export class Vault {
  private readonly headerPath: string;
  private readonly keysDir: string;
  private readonly failuresPath: string;
  private readonly kdf: ScryptParams;
  private derived: Buffer | null = null;
  private lastUse = 0;
  /** One operation at a time in this process: a passphrase change must not race a key being added. */
  private queue: Promise<unknown> = Promise.resolve();
  /** And across processes: every write holds the data folder's lock and re-reads the header inside it. */
  private readonly writeLock: DataLock;

  constructor(private readonly options: VaultOptions) {
    this.headerPath = join(options.dir, 'vault.json');
    this.keysDir = join(options.dir, 'keys');
    this.failuresPath = join(options.dir, 'unlock-failures.json');
    this.kdf = options.kdf ?? DEFAULT_SCRYPT;
    this.writeLock = options.lock ?? dataLock(options.dir);
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
        'no vault yet: create one with mtls-desk vault init (it asks for a new master passphrase)',
      );
    return parseHeader(readFileSync(this.headerPath, 'utf8'), this.headerPath);
  }

  private ensureDirs(): void {
    for (const dir of [this.options.dir, this.keysDir]) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
    }
  }

  /** Key files of one generation, by id; damaged files are reported, not dropped. */
  private records(generation: number): { records: Map<string, KeyRecord>; damaged: string[] } {
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
          throw new UserError('bad-input', `${path} does not hold the key its name says`);
        records.set(record.id, record);
      } catch {
        damaged.push(name);
      }
    }
    return { records, damaged };
  }

  /**
   * The wrong-passphrase counter. A damaged or doctored file must not open the door (a count of
   * "many" would give no delay at all): anything invalid counts as many failures, dated when the
   * file was last written, so the wait still ends. A time in the future counts from the file's date too.
   */
  private readFailures(): { count: number; lastAtMs: number } {
    let written: number;
    try {
      written = statSync(this.failuresPath).mtimeMs;
    } catch {
      return { count: 0, lastAtMs: 0 };
    }
    let raw: Partial<Failures> | null = null;
    try {
      raw = JSON.parse(readFileSync(this.failuresPath, 'utf8')) as Partial<Failures> | null;
    } catch {
      // judged invalid below
    }
    const count = raw?.count;
    const lastAtMs = typeof raw?.lastAt === 'string' ? Date.parse(raw.lastAt) : NaN;
    if (
      typeof count !== 'number' ||
      !Number.isInteger(count) ||
      count < 0 ||
      Number.isNaN(lastAtMs)
    )
      return { count: DAMAGED_COUNTER_FAILURES, lastAtMs: written };
    return { count, lastAtMs: lastAtMs > this.now().getTime() ? written : lastAtMs };
  }

  private retryAfterMs(): number {
    const failures = this.readFailures();
    return Math.max(0, failures.lastAtMs + unlockDelayMs(failures.count) - this.now().getTime());
  }

  private refuseWhileWaiting(): void {
    const wait = this.retryAfterMs();
    if (wait > 0)
      throw new UserError(
        'too-many-attempts',
        `too many wrong passphrases: wait ${Math.ceil(wait / 1000)} s before trying again`,
      );
  }

  /** Locks when idle too long; true while a derived key is held. The app calls it on a timer. */
  lockIfIdle(): boolean {
    const idle = this.options.idleMs();
    if (this.derived && idle > 0 && this.now().getTime() - this.lastUse > idle) this.lock();
    return this.derived !== null;
  }

  /**
   * The derived key and the header it opens. Another process may have changed the passphrase since
   * this one unlocked: then the key no longer opens the header, and the vault locks.
   */
  private requireUnlocked(): { derived: Buffer; header: VaultHeader } {
    if (!this.lockIfIdle())
      throw new UserError(
        'locked',
        'the vault is locked: unlock it with the master passphrase first',
      );
    const header = this.header();
    if (!checkMatches(this.derived!, header)) {
      this.lock();
      throw new UserError(
        'locked',
        'the master passphrase was changed by another mtls-desk window or command: unlock the vault again with the current passphrase',
      );
    }
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
      };
    }
    const header = this.header();
    const { records, damaged } = this.records(header.generation);
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
    };
  }

  init(passphrase: string): Promise<VaultStatus> {
    return this.serial(async () => {
      if (this.initialized())
        throw new UserError(
          'conflict',
          `a vault already exists in ${this.options.dir}: unlock it, or change its passphrase with mtls-desk vault change-passphrase`,
        );
      checkNewPassphrase(passphrase);
      const salt = randomBytes(16);
      const kdf = { name: 'scrypt' as const, ...this.kdf, salt: salt.toString('base64') };
      const derived = await deriveKey(passphrase, salt, this.kdf);
      return this.writeLock.run(() => {
        if (this.initialized())
          throw new UserError(
            'conflict',
            `a vault was just created in ${this.options.dir} by another mtls-desk window or command: unlock it with its passphrase`,
          );
        this.ensureDirs();
        const at = this.now().toISOString();
        const header: VaultHeader = {
          format: VAULT_FORMAT,
          version: VAULT_VERSION,
          generation: 1,
          kdf,
          check: makeCheck(derived, { generation: 1, kdf }),
          createdAt: at,
          passphraseChangedAt: at,
        };
        writeFileAtomic(this.headerPath, JSON.stringify(header, null, 2));
        try {
          this.options.audit.append('vault.initialized', {
            kdf: `scrypt N=${this.kdf.N} r=${this.kdf.r} p=${this.kdf.p}`,
          });
        } catch (error) {
          // All or nothing: a vault the audit trail does not know about is taken back.
          unlinkSync(this.headerPath);
          fsyncDirectory(this.options.dir);
          throw error;
        }
        this.derived = derived;
        this.lastUse = this.now().getTime();
        return this.status();
      });
    });
  }

  unlock(passphrase: string): Promise<VaultStatus> {
    return this.serial(async () => {
      const read = this.header();
      this.refuseWhileWaiting();
      const derived = await deriveKey(passphrase, Buffer.from(read.kdf.salt, 'base64'), read.kdf);
      const header = this.writeLock.run(() => {
        const current = this.header();
        if (current.kdf.salt !== read.kdf.salt)
          throw new UserError(
            'conflict',
            'the master passphrase was changed by another mtls-desk window or command meanwhile: try again',
          );
        if (!checkMatches(derived, current)) {
          const count = this.readFailures().count + 1;
          writeFileAtomic(
            this.failuresPath,
            JSON.stringify({ count, lastAt: this.now().toISOString() } satisfies Failures),
            { overwrite: true },
          );
          this.options.audit.append('vault.unlock-failed', { failures: count });
          const delay = unlockDelayMs(count);
          throw new UserError(
            'wrong-passphrase',
            `wrong master passphrase: the vault stays locked${delay > 0 ? `; wait ${Math.ceil(delay / 1000)} s before the next try` : ''}`,
          );
        }
        if (existsSync(this.failuresPath)) {
          unlinkSync(this.failuresPath);
          fsyncDirectory(this.options.dir);
        }
        this.derived = derived;
        this.lastUse = this.now().getTime();
        this.options.audit.append('vault.unlocked', {});
        this.removeOtherGenerations(current.generation);
        return current;
      });
      if (weaker(header.kdf, this.kdf)) {
        await this.rewrap(header, derived, passphrase);
        this.options.audit.append('vault.kdf-upgraded', {
          from: `scrypt N=${header.kdf.N} r=${header.kdf.r} p=${header.kdf.p}`,
          to: `scrypt N=${this.kdf.N} r=${this.kdf.r} p=${this.kdf.p}`,
        });
      }
      return this.status();
    });
  }

  lock(): void {
    this.derived?.fill(0);
    this.derived = null;
  }

  changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<VaultStatus> {
    return this.serial(async () => {
      checkNewPassphrase(newPassphrase);
      const header = this.header();
      this.refuseWhileWaiting();
      const oldKey = await deriveKey(
        oldPassphrase,
        Buffer.from(header.kdf.salt, 'base64'),
        header.kdf,
      );
      if (!checkMatches(oldKey, header))
        throw new UserError(
          'wrong-passphrase',
          'wrong current master passphrase: nothing was changed',
        );
      const keys = await this.rewrap(header, oldKey, newPassphrase);
      this.options.audit.append('vault.passphrase-changed', { keys });
      return this.status();
    });
  }

  /**
   * Re-seals every key under a key derived from `passphrase` with a fresh salt: all new key files
   * are written as the next generation first, then the header switches in one atomic rename. A
   * crash before the switch leaves the old header, old files and old passphrase in force.
   */
  private async rewrap(header: VaultHeader, oldKey: Buffer, passphrase: string): Promise<number> {
    const salt = randomBytes(16);
    const newKey = await deriveKey(passphrase, salt, this.kdf);
    return this.writeLock.run(() => {
      const current = this.header();
      if (current.generation !== header.generation || !checkMatches(oldKey, current)) {
        throw new UserError(
          'conflict',
          'the vault was changed by another mtls-desk window or command meanwhile (its passphrase changed): nothing was changed; try again',
        );
      }
      return this.rewrapLocked(current, oldKey, newKey, salt);
    });
  }

  private rewrapLocked(header: VaultHeader, oldKey: Buffer, newKey: Buffer, salt: Buffer): number {
    const generation = header.generation + 1;
    this.removeGenerationsFrom(generation);
    const { records, damaged } = this.records(header.generation);
    if (damaged.length > 0)
      throw new UserError(
        'bad-input',
        `key files ${damaged.join(', ')} are damaged: restore them from a backup before changing the passphrase (nothing was changed)`,
      );
    for (const record of records.values()) {
      const plain = unseal(oldKey, record.sealed, keyAad(record));
      if (!plain)
        throw new UserError(
          'bad-input',
          `key ${record.id} cannot be decrypted: its file was altered; restore it from a backup (nothing was changed)`,
        );
      const next: KeyRecord = {
        ...record,
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
    const next: VaultHeader = {
      ...header,
      generation,
      kdf,
      check: makeCheck(newKey, { generation, kdf }),
      passphraseChangedAt: this.now().toISOString(),
    };
    writeFileAtomic(this.headerPath, JSON.stringify(next, null, 2), { overwrite: true });
    this.removeOtherGenerations(generation);
    this.lock();
    this.derived = newKey;
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
    const { records } = this.records(this.header().generation);
    return [...records.values()]
      .filter((r) => options.includeDeleted || r.deletedAt === null)
      .map(summary);
  }

  private record(id: string): KeyRecord {
    const header = this.header();
    const path = join(this.keysDir, keyFileName(id, header.generation));
    if (!existsSync(path))
      throw new UserError(
        'not-found',
        `no key ${id} in the vault: list the keys with mtls-desk vault keys`,
      );
    return parseKeyRecord(readFileSync(path, 'utf8'), path);
  }

  getKey(id: string): KeySummary {
    return summary(this.record(id));
  }

  findByPublicKey(publicKeySha256: string): KeySummary | null {
    if (!this.initialized()) return null;
    const path = join(
      this.keysDir,
      keyFileName(keyIdFor(publicKeySha256), this.header().generation),
    );
    return existsSync(path) ? summary(parseKeyRecord(readFileSync(path, 'utf8'), path)) : null;
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
          const existing = parseKeyRecord(readFileSync(path, 'utf8'), path);
          if (existing.deletedAt !== null)
            throw new UserError(
              'conflict',
              `this key is in the vault as ${id}, deleted: restore it with mtls-desk vault restore-key ${id}`,
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
        writeFileAtomic(path, JSON.stringify(record, null, 2));
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
    const { derived } = this.requireUnlocked();
    const record = this.record(id);
    if (record.deletedAt !== null)
      throw new UserError(
        'conflict',
        `key ${id} was deleted on ${record.deletedAt}: restore it with mtls-desk vault restore-key ${id} to use it`,
      );
    const plain = unseal(derived, record.sealed, keyAad(record));
    if (!plain)
      throw new UserError(
        'bad-input',
        `key ${id} cannot be decrypted: its file was altered or damaged; restore it from a backup`,
      );
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' });
    } finally {
      plain.fill(0);
    }
    return use(key);
  }

  private rewriteRecord(record: KeyRecord): void {
    writeFileAtomic(
      join(this.keysDir, keyFileName(record.id, record.generation)),
      JSON.stringify(record, null, 2),
      { overwrite: true },
    );
  }

  /** Marks a key deleted (a tombstone: the sealed key stays until purge). Needs confirm: true. */
  deleteKey(id: string, confirm: boolean): Promise<KeySummary> {
    return this.serial(() =>
      this.writeLock.run(() => {
        if (!confirm)
          throw new UserError(
            'bad-input',
            `deleting key ${id} needs an explicit confirmation (--confirm): nothing was deleted`,
          );
        this.requireUnlocked();
        const record = this.record(id);
        if (record.deletedAt !== null) return summary(record);
        const next = { ...record, deletedAt: this.now().toISOString() };
        this.rewriteRecord(next);
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
        this.requireUnlocked();
        const record = this.record(id);
        if (record.deletedAt === null) return summary(record);
        const next = { ...record, deletedAt: null };
        this.rewriteRecord(next);
        this.options.audit.append('key.restored', { key: id });
        return summary(next);
      }),
    );
  }

  /** Removes deleted keys for good. Needs confirm: true. Returns the purged ids. */
  purge(confirm: boolean): Promise<string[]> {
    return this.serial(() =>
      this.writeLock.run(() => {
        if (!confirm)
          throw new UserError(
            'bad-input',
            'purging deleted keys needs an explicit confirmation (--confirm): nothing was removed',
          );
        const { header } = this.requireUnlocked();
        const purged: string[] = [];
        for (const record of this.records(header.generation).records.values()) {
          if (record.deletedAt === null) continue;
          unlinkSync(join(this.keysDir, keyFileName(record.id, header.generation)));
          purged.push(record.id);
        }
        if (purged.length > 0) fsyncDirectory(this.keysDir);
        for (const id of purged) this.options.audit.append('key.purged', { key: id });
        return purged;
      }),
    );
  }
}

const MIN_PASSPHRASE_LENGTH = 8;

function checkNewPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new UserError(
      'bad-input',
      `the master passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters: choose a longer one`,
    );
  }
}
