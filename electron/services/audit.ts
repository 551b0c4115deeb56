// Append-only audit trail: one JSON line per event, each carrying the SHA-256 of the previous one,
// so an edited, removed or reordered entry breaks the chain. The last hash and count are also kept
// in a small head file beside it, so cutting entries off the end is detected too. Never a secret in here:
// ids, fingerprints, names.
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Clock } from './clock.js';
import { dataLock, type DataLock } from './data-lock.js';
import { UserError } from './errors.js';
import { writeFileAtomic } from './files.js';

export type AuditAction =
  | 'vault.initialized'
  | 'vault.unlocked'
  | 'vault.unlock-failed'
  | 'vault.passphrase-changed'
  | 'vault.kdf-upgraded'
  | 'key.generated'
  | 'key.imported'
  | 'key.deleted'
  | 'key.restored'
  | 'key.purged'
  | 'onboarding.created'
  | 'certificate.created'
  | 'csr.created'
  | 'identity.renewed'
  | 'identity.retired'
  | 'asset.imported'
  | 'certificate.imported'
  | 'export.key'
  | 'export.p12'
  | 'export.chain'
  | 'bundle.created'
  | 'calendar.exported'
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

/** Code-unit order, the same in every locale (localeCompare is not). */
function byCodeUnits([a]: [string, unknown], [b]: [string, unknown]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([
    entry.seq,
    entry.at,
    entry.who,
    entry.action,
    Object.entries(entry.details).sort(byCodeUnits),
    entry.prev,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

const SCALAR = new Set(['string', 'number', 'boolean']);

/** Whether a parsed line has every field of an entry, of the right kind (an edit can remove or retype any of them). */
function isEntry(value: unknown): value is AuditEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  const details = e.details;
  return (
    Number.isInteger(e.seq) &&
    typeof e.at === 'string' &&
    typeof e.who === 'string' &&
    typeof e.action === 'string' &&
    typeof e.prev === 'string' &&
    typeof e.hash === 'string' &&
    typeof details === 'object' &&
    details !== null &&
    !Array.isArray(details) &&
    Object.values(details).every((v) => v === null || SCALAR.has(typeof v))
  );
}

type ParsedLine =
  | { kind: 'entry'; entry: AuditEntry }
  | { kind: 'malformed'; value: unknown }
  | { kind: 'unreadable' };

function parseLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'unreadable' };
  }
  return isEntry(value) ? { kind: 'entry', entry: value } : { kind: 'malformed', value };
}

/** Marks the link after a line that could not be read: verify reports that line, the chain goes on. */
const UNREADABLE_PREV = 'unreadable';

/**
 * Where the chain stands after one line: the hash the next entry carries and its number. A
 * damaged line still counts as one entry, and its hash is kept when it has one, so one damaged
 * line is reported once and never stops the trail.
 */
function linkAfter(parsed: ParsedLine, expectedSeq: number): { prev: string; seq: number } {
  if (parsed.kind === 'entry') return { prev: parsed.entry.hash, seq: parsed.entry.seq + 1 };
  const value =
    parsed.kind === 'malformed' ? (parsed.value as Partial<Record<string, unknown>> | null) : null;
  const hash = typeof value?.hash === 'string' ? value.hash : UNREADABLE_PREV;
  const seq = Number.isInteger(value?.seq) ? (value!.seq as number) + 1 : expectedSeq + 1;
  return { prev: hash, seq };
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** Entries are a few hundred bytes: the last one is always inside this tail (else the whole log is read). */
const TAIL_BYTES = 64 * 1024;

/** The chain state after every line, read front to back (verify's view of the log). */
function chainEndOf(lines: string[], link = { prev: '', seq: 1 }): { prev: string; seq: number } {
  for (const line of lines) link = linkAfter(parseLine(line), link.seq);
  return link;
}

/**
 * The previous hash and next number, read from the end of the open log. A torn last line (a write
 * cut short by a crash, never acknowledged) is cut, but only when the tail shows where it starts.
 * Returns whether the log ends without a newline still (a long damaged line kept whole).
 */
function lastEntryOf(fd: number): { prev: string; seq: number; needsNewline: boolean } {
  const size = fstatSync(fd).size;
  const start = Math.max(0, size - TAIL_BYTES);
  const tail = Buffer.alloc(size - start);
  readSync(fd, tail, 0, tail.length, start);
  const lastNewline = tail.lastIndexOf(0x0a);
  if (lastNewline >= 0 || start === 0) {
    if (lastNewline !== tail.length - 1) ftruncateSync(fd, start + lastNewline + 1);
    const lines = tail
      .subarray(0, lastNewline + 1)
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '');
    // The first tail line may start mid-line: the newest whole entry decides, counting damaged lines after it.
    for (let i = lines.length - 1; i >= (start > 0 ? 1 : 0); i--) {
      const parsed = parseLine(lines[i]);
      if (parsed.kind !== 'entry') continue;
      return { ...chainEndOf(lines.slice(i + 1), linkAfter(parsed, 0)), needsNewline: false };
    }
    if (start === 0) return { ...chainEndOf(lines), needsNewline: false };
  }
  // Rare: no readable entry near the end, or a last line longer than the tail. Read it all.
  const all = Buffer.alloc(size);
  readSync(fd, all, 0, size, 0);
  const text = all.toString('utf8');
  return {
    ...chainEndOf(text.split('\n').filter((line) => line !== '')),
    needsNewline: size > 0 && !text.endsWith('\n'),
  };
}

export class AuditLog {
  readonly path: string;
  private readonly headPath: string;

  private readonly lock: DataLock;

  constructor(
    dataDir: string,
    private readonly clock: Clock,
    private readonly who = osUser(),
  ) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.path = join(dataDir, 'audit.log');
    this.headPath = join(dataDir, 'audit.head.json');
    this.lock = dataLock(dataDir);
  }

  private readHead(): AuditHead | 'missing' | 'unreadable' {
    if (!existsSync(this.headPath)) return 'missing';
    try {
      const head = JSON.parse(readFileSync(this.headPath, 'utf8')) as Partial<AuditHead> | null;
      return Number.isInteger(head?.seq) && typeof head?.hash === 'string'
        ? (head as AuditHead)
        : 'unreadable';
    } catch {
      return 'unreadable';
    }
  }

  /** Complete lines; a last line without its newline is a write cut short by a crash. */
  private readLines(): { lines: string[]; torn: boolean } {
    if (!existsSync(this.path)) return { lines: [], torn: false };
    const text = readFileSync(this.path, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    return {
      lines: text
        .slice(0, end)
        .split('\n')
        .filter((line) => line !== ''),
      torn: end < text.length,
    };
  }

  /**
   * Appends one entry and fsyncs it, holding the data folder's lock so two processes never fork
   * the chain. A torn last line left by a crash (never acknowledged) is cut first; a damaged line
   * is chained past (verify reports it) rather than stopping every later action.
   */
  append(action: AuditAction, details: AuditDetails = {}): AuditEntry {
    return this.lock.run(() => {
      let fd: number | undefined;
      try {
        fd = openSync(this.path, 'a+', 0o600);
        const { prev, seq, needsNewline } = lastEntryOf(fd);
        const body = {
          seq,
          at: this.clock.now().toISOString(),
          who: this.who,
          action,
          details,
          prev,
        };
        const entry: AuditEntry = { ...body, hash: entryHash(body) };
        const line = Buffer.from(`${needsNewline ? '\n' : ''}${JSON.stringify(entry)}\n`, 'utf8');
        let offset = 0;
        while (offset < line.length) offset += writeSync(fd, line, offset, line.length - offset);
        fsyncSync(fd);
        writeFileAtomic(
          this.headPath,
          JSON.stringify({ seq: entry.seq, hash: entry.hash } satisfies AuditHead),
          { overwrite: true },
        );
        return entry;
      } catch (error) {
        if (error instanceof UserError) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC')
          throw new UserError(
            'unreadable-input',
            `the disk is full: the audit trail could not record "${action}"; free some space and try again`,
          );
        if (code !== undefined)
          throw new UserError(
            'unreadable-input',
            `the audit trail ${this.path} cannot be written (${code}): nothing was done; check that the file is a writable file of yours`,
          );
        throw error;
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    });
  }

  /** Entries, newest last; unreadable or malformed lines are skipped here (verify reports them). */
  entries(): AuditEntry[] {
    return this.readLines().lines.flatMap((line) => {
      const parsed = parseLine(line);
      return parsed.kind === 'entry' ? [parsed.entry] : [];
    });
  }

  verify(): AuditVerification {
    const { lines, torn } = this.readLines();
    const problems: AuditProblem[] = [];
    let link = { prev: '', seq: 1 };
    lines.forEach((line, i) => {
      const n = i + 1;
      const parsed = parseLine(line);
      if (parsed.kind === 'unreadable') {
        problems.push({
          line: n,
          problem: 'unreadable',
          message: `line ${n} is not a readable entry`,
        });
      } else if (parsed.kind === 'malformed') {
        problems.push({
          line: n,
          problem: 'edited',
          message: `entry ${n} was changed after it was written: it is no longer a complete entry (a field is missing or of the wrong kind)`,
        });
      } else {
        const { hash, ...body } = parsed.entry;
        const entry = parsed.entry;
        if (entryHash(body) !== hash) {
          problems.push({
            line: n,
            problem: 'edited',
            message: `entry ${n} (${entry.action} at ${entry.at}) was changed after it was written`,
          });
        }
        if (entry.prev !== link.prev || entry.seq !== link.seq) {
          problems.push({
            line: n,
            problem: 'out-of-order-or-removed',
            message: `entry ${n} (${entry.action} at ${entry.at}) does not follow the entry before it: an entry was removed, inserted or moved`,
          });
        }
      }
      link = linkAfter(parsed, link.seq);
    });
    const head = this.readHead();
    const lastSeq = link.seq - 1;
    if (head === 'missing' || head === 'unreadable') {
      // Without the head, entries cut off the end would go unnoticed: with entries written, that is a problem itself.
      if (lines.length > 0) {
        problems.push({
          line: lines.length,
          problem: 'truncated-end',
          message: `the head file ${this.headPath} is ${head === 'missing' ? 'missing' : 'damaged'}: it records the last entry written, so entries removed from the end cannot be ruled out`,
        });
      }
    } else if (head.seq > lastSeq || (head.seq === lastSeq && head.hash !== link.prev)) {
      problems.push({
        line: lines.length,
        problem: 'truncated-end',
        message: `the log ends at entry ${lastSeq} but entry ${head.seq} was the last one written: entries were removed from the end`,
      });
    } else if (torn && head.seq !== lastSeq) {
      // A torn last line is harmless only when it was never acknowledged (the head still names the entry before it).
      problems.push({
        line: lines.length + 1,
        problem: 'unreadable',
        message: `line ${lines.length + 1} is cut short`,
      });
    }
    return { ok: problems.length === 0, entries: lines.length, problems };
  }
}
