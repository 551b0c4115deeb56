// Append-only audit trail: one JSON line per event, each carrying the SHA-256 of the previous one,
// so an edited, removed or reordered entry breaks the chain. The last hash and count are also kept
// in a small head file beside it, so cutting entries off the end is detected too. Never a secret in here:
// ids, fingerprints, names.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Clock } from './clock.js';
import { UserError } from './errors.js';
import { writeFileAtomic } from './files.js';

export type AuditAction =
  | 'vault.initialized' | 'vault.unlocked' | 'vault.unlock-failed' | 'vault.passphrase-changed' | 'vault.kdf-upgraded'
  | 'key.generated' | 'key.imported' | 'key.deleted' | 'key.restored' | 'key.purged'
  | 'onboarding.created' | 'certificate.created' | 'csr.created' | 'identity.renewed' | 'identity.retired'
  | 'asset.imported' | 'certificate.imported'
  | 'export.key' | 'export.p12' | 'export.chain' | 'bundle.created' | 'calendar.exported'
  | 'connection-test.run';

export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEntry {
  seq: number;
  at: string;
  who: string;
  action: AuditAction;
  details: AuditDetails;
  /** Hash of the previous entry ("" for the first). */
  prev: string;
  hash: string;
}

export interface AuditProblem {
  /** 1-based line number in the log. */
  line: number;
  problem: 'edited' | 'out-of-order-or-removed' | 'unreadable' | 'truncated-end';
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  problems: AuditProblem[];
}

interface AuditHead {
  seq: number;
  hash: string;
}

function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([entry.seq, entry.at, entry.who, entry.action, Object.entries(entry.details).sort(([a], [b]) => a.localeCompare(b)), entry.prev]);
  return createHash('sha256').update(canonical).digest('hex');
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** Entries are a few hundred bytes: the last one is always inside this tail. */
const TAIL_BYTES = 64 * 1024;

/** The previous hash and next number, read from the end of the open log; a torn last line is cut. */
function lastEntryOf(fd: number): { prev: string; seq: number } {
  const size = fstatSync(fd).size;
  const start = Math.max(0, size - TAIL_BYTES);
  const tail = Buffer.alloc(size - start);
  readSync(fd, tail, 0, tail.length, start);
  const lastNewline = tail.lastIndexOf(0x0a);
  if (lastNewline !== tail.length - 1) ftruncateSync(fd, start + lastNewline + 1);
  const lines = tail.subarray(0, lastNewline + 1).toString('utf8').split('\n').filter((line) => line !== '');
  if (lines.length === 0) return { prev: '', seq: 1 };
  const last = JSON.parse(lines[lines.length - 1]) as AuditEntry;
  return { prev: last.hash, seq: last.seq + 1 };
}

export class AuditLog {
  readonly path: string;
  private readonly headPath: string;

  constructor(dataDir: string, private readonly clock: Clock, private readonly who = osUser()) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.path = join(dataDir, 'audit.log');
    this.headPath = join(dataDir, 'audit.head.json');
  }

  private readHead(): AuditHead | undefined {
    if (!existsSync(this.headPath)) return undefined;
    try {
      return JSON.parse(readFileSync(this.headPath, 'utf8')) as AuditHead;
    } catch {
      return { seq: -1, hash: 'unreadable' };
    }
  }

  /** Complete lines; a last line without its newline is a write cut short by a crash. */
  private readLines(): { lines: string[]; torn: boolean } {
    if (!existsSync(this.path)) return { lines: [], torn: false };
    const text = readFileSync(this.path, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    return { lines: text.slice(0, end).split('\n').filter((line) => line !== ''), torn: end < text.length };
  }

  /** Appends one entry and fsyncs it; a torn last line left by a crash (never acknowledged) is cut first. */
  append(action: AuditAction, details: AuditDetails = {}): AuditEntry {
    const fd = openSync(this.path, 'a+', 0o600);
    try {
      const { prev, seq } = lastEntryOf(fd);
      const body = { seq, at: this.clock.now().toISOString(), who: this.who, action, details, prev };
      const entry: AuditEntry = { ...body, hash: entryHash(body) };
      const line = Buffer.from(JSON.stringify(entry) + '\n', 'utf8');
      let offset = 0;
      while (offset < line.length) offset += writeSync(fd, line, offset, line.length - offset);
      fsyncSync(fd);
      writeFileAtomic(this.headPath, JSON.stringify({ seq: entry.seq, hash: entry.hash } satisfies AuditHead), { overwrite: true });
      return entry;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new UserError('unreadable-input', `the disk is full: the audit trail could not record "${action}"; free some space and try again`);
      throw error;
    } finally {
      closeSync(fd);
    }
  }

  /** Entries, newest last; unreadable lines are skipped here (verify reports them). */
  entries(): AuditEntry[] {
    return this.readLines().lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as AuditEntry];
      } catch {
        return [];
      }
    });
  }

  verify(): AuditVerification {
    const { lines, torn } = this.readLines();
    const problems: AuditProblem[] = [];
    let prev = '';
    let expectedSeq = 1;
    lines.forEach((line, i) => {
      let entry: AuditEntry;
      try {
        entry = JSON.parse(line) as AuditEntry;
      } catch {
        problems.push({ line: i + 1, problem: 'unreadable', message: `line ${i + 1} is not a readable entry` });
        return;
      }
      const { hash, ...body } = entry;
      if (entryHash(body) !== hash) {
        problems.push({ line: i + 1, problem: 'edited', message: `entry ${i + 1} (${entry.action} at ${entry.at}) was changed after it was written` });
      }
      if (entry.prev !== prev || entry.seq !== expectedSeq) {
        problems.push({ line: i + 1, problem: 'out-of-order-or-removed', message: `entry ${i + 1} (${entry.action} at ${entry.at}) does not follow the entry before it: an entry was removed, inserted or moved` });
      }
      prev = hash;
      expectedSeq = entry.seq + 1;
    });
    const head = this.readHead();
    const lastSeq = expectedSeq - 1;
    if (head && (head.seq > lastSeq || (head.seq === lastSeq && head.hash !== prev))) {
      problems.push({ line: lines.length, problem: 'truncated-end', message: `the log ends at entry ${expectedSeq - 1} but entry ${head.seq} was the last one written: entries were removed from the end` });
    } else if (torn && head?.seq !== lastSeq) {
      // A torn last line is harmless only when it was never acknowledged (the head still names the entry before it).
      problems.push({ line: lines.length + 1, problem: 'unreadable', message: `line ${lines.length + 1} is cut short` });
    }
    return { ok: problems.length === 0, entries: lines.length, problems };
  }
}
