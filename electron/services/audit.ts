// Append-only audit trail: one JSON line per event, each carrying the SHA-256 of the previous one,
// so an edited, removed or reordered entry breaks the chain. The last hash and count are also kept
// in a small head file beside it, so cutting entries off the end is detected too. Never a secret in here:
// ids, fingerprints, names.
//
// A hash chain alone can be recomputed by anyone. So, while the vault is unlocked, every entry is
// also sealed with an HMAC under a key only the vault holds (the "sealer"): one MAC over the entry's
// own content, one over its place in the chain (seq and hash, which cover everything before it).
// Entries made while the vault is locked (a failed unlock, a command that needs no key) carry no
// seal; the next sealed entry covers them through the chain, and verify says so. The vault also
// records the newest sealed entry in its own authenticated metadata (the anchor), and the head file
// carries a seal too: a log shorter than, or different from, what either says is a cut trail. An
// append never silently continues from such a log: it records the cut as an entry and says so.
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
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Clock } from './clock.js';
import { dataLock, type DataLock } from './data-lock.js';
import { UserError } from './errors.js';
import { writeFileAtomic } from './files.js';
import type { AuditAction } from '../../shared/audit-words.js';
import type { ErrorText } from '../../shared/i18n/errors.js';

// The actions and their wording are one table in shared/ (the app shows the words).
export type { AuditAction };

/**
 * Actions mTLS Desk records only while the vault is unlocked, so always sealed: an unsealed one in
 * the sealed part of the trail was written by someone else.
 */
const NEEDS_UNLOCKED_VAULT: ReadonlySet<string> = new Set<AuditAction>([
  'vault.initialized',
  'vault.unlocked',
  'vault.passphrase-changed',
  'vault.kdf-upgraded',
  'key.generated',
  'key.imported',
  'key.deleted',
  'key.restored',
  'key.purged',
  'export.key',
  'export.p12',
  'audit.checkpoint',
]);

/** The two MACs of a sealed entry (hex HMAC-SHA256 under the vault's audit key). */
export interface AuditSeal {
  /** Over when, who, what and the details: fails when the entry itself was edited. */
  content: string;
  /** Over seq and hash (which chains everything before): fails when earlier entries were removed, inserted or changed. */
  chain: string;
}

/** The newest sealed entry as the vault's authenticated metadata records it. */
export interface AuditAnchor {
  seq: number;
  hash: string;
  /** From this entry on, an action that needs the unlocked vault must be sealed. */
  from: number;
}

/** What the vault lends the audit trail: the sealing key while unlocked, and its anchor. */
export interface AuditSealer {
  /** A fresh copy of the audit key (the caller zeroes it), or null while the vault is locked. */
  auditKey(): Buffer | null;
  /** The anchor as written in the vault file (not yet checked), or null when there is no vault. */
  anchor(): AuditAnchor | null;
  /** Whether the anchor is authentic: checkable only while unlocked. */
  anchorStatus(): 'ok' | 'altered' | 'locked' | 'none';
  /** Records a new newest sealed entry (called inside the data folder's lock). */
  advance(seq: number, hash: string): void;
}

/** A signed copy of the head, to keep elsewhere (another machine, a ticket) and verify against later. */
export interface AuditCheckpoint {
  format: 'mtls-desk-audit-checkpoint';
  version: 1;
  seq: number;
  hash: string;
  at: string;
  mac: string;
}

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
  /** Present when the vault was unlocked as the entry was written. */
  seal?: AuditSeal;
}

export interface AuditProblem {
  /** 1-based line number in the log. */
  line: number;
  problem:
    | 'edited'
    | 'out-of-order-or-removed'
    | 'unreadable'
    | 'truncated-end'
    | 'rechained'
    | 'forged'
    | 'trail-cut'
    | 'head-edited'
    | 'anchor-altered'
    | 'checkpoint';
  message: string;
  /** The message as data, said in the app's language (its template in shared/i18n/errors.ja.json). */
  text: ErrorText;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  problems: AuditProblem[];
  /** verified: seals checked with the vault's key; locked: only the hash chain; no-vault: nothing to seal with. */
  seals: 'verified' | 'locked' | 'no-vault';
  /** Entries made while the vault was locked and covered by a later seal. */
  sealedLater: number;
  /** Entries after the newest seal (made while locked; sealed at the next unlock). */
  unsealed: number;
}

interface AuditHead {
  seq: number;
  hash: string;
  seal?: string;
  /** A cut recorded in the trail: appends no longer stop at it (verify still reports it). */
  acknowledged?: { seq: number; hash: string };
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

function contentText(entry: Pick<AuditEntry, 'at' | 'who' | 'action' | 'details'>): string {
  return JSON.stringify([
    'content',
    entry.at,
    entry.who,
    entry.action,
    Object.entries(entry.details).sort(byCodeUnits),
  ]);
}

function mac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sealOf(key: Buffer, entry: Omit<AuditEntry, 'seal'>): AuditSeal {
  return {
    content: mac(key, contentText(entry)),
    chain: mac(key, `chain:${entry.seq}:${entry.hash}`),
  };
}

function headSeal(key: Buffer, seq: number, hash: string): string {
  return mac(key, `head:${seq}:${hash}`);
}

function checkpointMac(key: Buffer, c: Omit<AuditCheckpoint, 'mac'>): string {
  return mac(key, JSON.stringify([c.format, c.version, c.seq, c.hash, c.at]));
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
    (e.seal === undefined ||
      (typeof e.seal === 'object' &&
        e.seal !== null &&
        typeof (e.seal as AuditSeal).content === 'string' &&
        typeof (e.seal as AuditSeal).chain === 'string')) &&
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
  private sealer: AuditSealer | null = null;

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

  /** The vault seals entries from now on (one vault per data folder). */
  useSealer(sealer: AuditSealer): void {
    this.sealer = sealer;
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
  private readLines(): { lines: string[]; torn: boolean; exists: boolean } {
    if (!existsSync(this.path)) return { lines: [], torn: false, exists: false };
    const text = readFileSync(this.path, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    return {
      lines: text
        .slice(0, end)
        .split('\n')
        .filter((line) => line !== ''),
      torn: end < text.length,
      exists: true,
    };
  }

  private anchor(): AuditAnchor | null {
    try {
      return this.sealer?.anchor() ?? null;
    } catch {
      return null;
    }
  }

  /**
   * Whether the log (ending at entry `lastSeq` with hash `lastHash`) is shorter than, or different
   * from, what the head file or the vault's anchor says was written. A cut already recorded (the
   * head's `acknowledged`) no longer stops appends.
   */
  private cutFound(
    lastSeq: number,
    lastHash: string,
    logExists: boolean,
  ): { seq: number; hash: string; source: string; how: string } | null {
    const head = this.readHead();
    const candidates: Array<{ seq: number; hash: string; source: string }> = [];
    if (typeof head === 'object') candidates.push({ ...head, source: 'the head file' });
    const anchor = this.anchor();
    if (anchor && anchor.seq > 0) candidates.push({ ...anchor, source: 'the vault' });
    const acknowledged = typeof head === 'object' ? head.acknowledged : undefined;
    let found: { seq: number; hash: string; source: string; how: string } | null = null;
    for (const c of candidates) {
      if (acknowledged && acknowledged.seq === c.seq && acknowledged.hash === c.hash) continue;
      let how: string | null = null;
      if (c.seq > lastSeq)
        how =
          lastSeq === 0
            ? logExists
              ? 'the log was emptied'
              : typeof head === 'object'
                ? 'the log was deleted'
                : 'the log and its head file were deleted'
            : `the log ends at entry ${lastSeq}`;
      else if (c.seq === lastSeq && lastHash !== UNREADABLE_PREV && c.hash !== lastHash)
        how = `entry ${lastSeq} is not the entry that was written`;
      if (how && (!found || c.seq > found.seq || (c.seq === found.seq && c.source === 'the vault')))
        found = { seq: c.seq, hash: c.hash, source: c.source, how };
    }
    return found;
  }

  private build(
    action: AuditAction,
    details: AuditDetails,
    prev: string,
    seq: number,
    key: Buffer | null,
  ): AuditEntry {
    const body = { seq, at: this.clock.now().toISOString(), who: this.who, action, details, prev };
    const entry: AuditEntry = { ...body, hash: entryHash(body) };
    return key ? { ...entry, seal: sealOf(key, entry) } : entry;
  }

  /**
   * Appends one entry and fsyncs it, holding the data folder's lock so two processes never fork
   * the chain. A torn last line left by a crash (never acknowledged) is cut first; a damaged line
   * is chained past (verify reports it) rather than stopping every later action. A log shorter or
   * different than the head or the vault says is never continued silently: an "audit.trail-cut"
   * entry records it first, and (unless `onCut: 'record'`) the append then throws to say so.
   */
  append(
    action: AuditAction,
    details: AuditDetails = {},
    options: { onCut?: 'throw' | 'record' } = {},
  ): AuditEntry {
    return this.lock.run(() => {
      let fd: number | undefined;
      const key = this.sealer?.auditKey() ?? null;
      try {
        const logExists = existsSync(this.path);
        fd = openSync(this.path, 'a+', 0o600);
        const end = lastEntryOf(fd);
        let { prev, seq } = end;
        const entries: AuditEntry[] = [];
        const cut = this.cutFound(seq - 1, prev, logExists);
        if (cut) {
          const note = this.build(
            'audit.trail-cut',
            {
              expectedSeq: cut.seq,
              expectedHash: cut.hash,
              foundSeq: seq - 1,
              how: cut.how,
              source: cut.source,
              noticedBy: action,
            },
            prev,
            seq,
            key,
          );
          entries.push(note);
          prev = note.hash;
          seq++;
        }
        const entry = this.build(action, details, prev, seq, key);
        entries.push(entry);
        const text = entries.map((e) => JSON.stringify(e)).join('\n');
        const line = Buffer.from(`${end.needsNewline ? '\n' : ''}${text}\n`, 'utf8');
        let offset = 0;
        while (offset < line.length) offset += writeSync(fd, line, offset, line.length - offset);
        fsyncSync(fd);
        const head: AuditHead = { seq: entry.seq, hash: entry.hash };
        if (key) head.seal = headSeal(key, entry.seq, entry.hash);
        const previousHead = this.readHead();
        if (cut) head.acknowledged = { seq: cut.seq, hash: cut.hash };
        else if (typeof previousHead === 'object' && previousHead.acknowledged && !key)
          head.acknowledged = previousHead.acknowledged;
        writeFileAtomic(this.headPath, JSON.stringify(head), { overwrite: true });
        if (key) this.sealer!.advance(entry.seq, entry.hash);
        if (cut && options.onCut !== 'record')
          throw new UserError(
            'audit-cut',
            `the audit trail was cut (${cut.how}, but ${cut.source} records that entry ${cut.seq} was written): the cut is now recorded in the trail, and so is "${action}"; keep the data folder as it is for investigation, and verify the audit trail`,
            { need: 'verify-audit' },
            {
              id: 'audit.cut',
              params: {
                seq: cut.seq,
                source: cut.source === 'the vault' ? 'vault' : 'head',
                auditAction: action,
              },
            },
          );
        return entry;
      } catch (error) {
        throw this.writeFailure(error, action);
      } finally {
        key?.fill(0);
        if (fd !== undefined) closeSync(fd);
      }
    });
  }

  /**
   * What an append that failed throws: its own UserError as it is, a full disk or an unwritable
   * file as one sentence naming the action (kept apart so append stays readable).
   */
  private writeFailure(error: unknown, action: AuditAction): unknown {
    if (error instanceof UserError) return error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC')
      return new UserError(
        'unreadable-input',
        `the disk is full: the audit trail could not record "${action}"; free some space and try again`,
        {},
        { id: 'audit.disk-full', params: { auditAction: action } },
      );
    if (code !== undefined)
      return new UserError(
        'unreadable-input',
        `the audit trail ${this.path} cannot be written (${code}): nothing was done; check that the file is a writable file of yours`,
        {},
        { id: 'audit.not-writable', params: { path: this.path, code } },
      );
    return error;
  }

  /** The next entry's number and the hash it will chain to (for the vault's anchor at creation). */
  end(): { seq: number; hash: string } {
    let lines: string[];
    try {
      lines = this.readLines().lines;
    } catch {
      // Unreadable (a folder in its place...): the append that follows says so in one sentence.
      return { seq: 0, hash: '' };
    }
    const link = chainEndOf(lines);
    return { seq: link.seq - 1, hash: link.prev };
  }

  /** Entries, newest last; unreadable or malformed lines are skipped here (verify reports them). */
  entries(): AuditEntry[] {
    return this.readLines().lines.flatMap((line) => {
      const parsed = parseLine(line);
      return parsed.kind === 'entry' ? [parsed.entry] : [];
    });
  }

  /**
   * A signed copy of the head to keep elsewhere: records an "audit.checkpoint" entry (sealed) and
   * returns it as the checkpoint. Needs the vault unlocked.
   */
  checkpoint(): AuditCheckpoint {
    const probe = this.sealer?.auditKey() ?? null;
    if (!probe)
      throw new UserError(
        'locked',
        'a checkpoint is signed with the vault: unlock the vault first',
        {},
        { id: 'audit.checkpoint-locked' },
      );
    probe.fill(0);
    const entry = this.append('audit.checkpoint', {});
    const key = this.sealer!.auditKey()!;
    try {
      const body = {
        format: 'mtls-desk-audit-checkpoint' as const,
        version: 1 as const,
        seq: entry.seq,
        hash: entry.hash,
        at: entry.at,
      };
      return { ...body, mac: checkpointMac(key, body) };
    } finally {
      key.fill(0);
    }
  }

  /** Parses a checkpoint file's text; one sentence when it is not one. */
  static parseCheckpoint(text: string, source: string): AuditCheckpoint {
    let value: Partial<AuditCheckpoint> | null = null;
    try {
      value = JSON.parse(text) as Partial<AuditCheckpoint>;
    } catch {
      // judged below
    }
    if (
      value?.format !== 'mtls-desk-audit-checkpoint' ||
      value.version !== 1 ||
      !Number.isInteger(value.seq) ||
      typeof value.hash !== 'string' ||
      typeof value.at !== 'string' ||
      typeof value.mac !== 'string'
    )
      throw new UserError(
        'bad-input',
        `${source} is not an mTLS Desk audit checkpoint: give a checkpoint file mTLS Desk wrote`,
        { need: 'audit-checkpoint' },
        { id: 'audit.not-a-checkpoint', params: { source } },
      );
    return value as AuditCheckpoint;
  }

  verify(
    options: { checkpoint?: AuditCheckpoint; checkpointSource?: string } = {},
  ): AuditVerification {
    const { lines, torn, exists } = this.readLines();
    const key = this.sealer?.auditKey() ?? null;
    const anchor = this.anchor();
    const anchorStatus = this.sealer?.anchorStatus() ?? 'none';
    const checkpoint = options.checkpoint;
    try {
      const walk = walkEntries(lines, key, anchor?.from ?? Number.POSITIVE_INFINITY, [
        anchor?.seq,
        checkpoint?.seq,
      ]);
      const problems = walk.problems;
      const end = { count: lines.length, lastSeq: walk.link.seq - 1, lastHash: walk.link.prev };
      if (anchorStatus === 'altered')
        problems.push({
          line: lines.length,
          problem: 'anchor-altered',
          message:
            "the vault's record of the audit trail (in vault/vault.json) was edited outside mtls-desk: its seal does not match",
          text: { id: 'audit.anchor-altered' },
        });
      if (anchor) problems.push(...this.anchorProblems(anchor, walk, end, exists));
      problems.push(...this.headProblems(key, end, torn));
      if (checkpoint)
        problems.push(
          ...checkpointProblems(
            checkpoint,
            options.checkpointSource ?? 'the checkpoint',
            key,
            walk.hashAt,
            end,
          ),
        );
      return {
        ok: problems.length === 0,
        entries: lines.length,
        problems,
        seals: key ? 'verified' : anchorStatus === 'none' ? 'no-vault' : 'locked',
        sealedLater: walk.sealedLater,
        unsealed: walk.pending,
      };
    } finally {
      key?.fill(0);
    }
  }

  /** The vault sealed the trail up to an entry: that entry must still be there, unchanged. */
  private anchorProblems(
    anchor: AuditAnchor,
    walk: EntryWalk,
    end: TrailEnd,
    exists: boolean,
  ): AuditProblem[] {
    if (
      anchor.seq <= 0 ||
      walk.cutsRecorded.some((c) => c.seq === anchor.seq && c.hash === anchor.hash)
    )
      return [];
    if (end.count === 0)
      return [
        {
          line: 0,
          problem: 'trail-cut',
          message: `the trail was deleted: ${exists ? 'the audit log is empty' : this.readHead() === 'missing' ? 'the audit log and its head file are gone' : 'the audit log is gone'}, but the vault records that entry ${anchor.seq} was written and sealed`,
          text: {
            id: 'audit.trail-deleted',
            params: {
              how: exists ? 'empty' : this.readHead() === 'missing' ? 'both' : 'log',
              seq: anchor.seq,
            },
          },
        },
      ];
    if (end.lastSeq < anchor.seq)
      return [
        {
          line: end.count,
          problem: 'trail-cut',
          message: `the trail was cut: the log ends at entry ${end.lastSeq}, but the vault records that entry ${anchor.seq} was written and sealed`,
          text: { id: 'audit.trail-cut-short', params: { last: end.lastSeq, seq: anchor.seq } },
        },
      ];
    if (walk.hashAt.get(anchor.seq) !== anchor.hash)
      return [
        {
          line: anchor.seq,
          problem: 'trail-cut',
          message: `the trail was rewritten: entry ${anchor.seq} is not the entry the vault sealed`,
          text: { id: 'audit.trail-rewritten', params: { seq: anchor.seq } },
        },
      ];
    return [];
  }

  /** The head file names the last entry written: entries cut off the end show against it. */
  private headProblems(key: Buffer | null, end: TrailEnd, torn: boolean): AuditProblem[] {
    const head = this.readHead();
    const problems: AuditProblem[] = [];
    if (head === 'missing' || head === 'unreadable') {
      // Without the head, entries cut off the end would go unnoticed: with entries written, that is a problem itself.
      if (end.count > 0)
        problems.push({
          line: end.count,
          problem: 'truncated-end',
          message: `the head file ${this.headPath} is ${head === 'missing' ? 'missing' : 'damaged'}: it records the last entry written, so entries removed from the end cannot be ruled out`,
          text: {
            id: 'audit.head-missing',
            params: { path: this.headPath, state: head === 'missing' ? 'missing' : 'damaged' },
          },
        });
      return problems;
    }
    if (key && head.seal !== undefined && !sameMac(headSeal(key, head.seq, head.hash), head.seal))
      problems.push({
        line: end.count,
        problem: 'head-edited',
        message: `the head file ${this.headPath} was edited: its seal does not match the entry it names (${head.seq})`,
        text: { id: 'audit.head-edited', params: { path: this.headPath, seq: head.seq } },
      });
    if (head.seq > end.lastSeq || (head.seq === end.lastSeq && head.hash !== end.lastHash)) {
      problems.push({
        line: end.count,
        problem: 'truncated-end',
        message: `the log ends at entry ${end.lastSeq} but entry ${head.seq} was the last one written: entries were removed from the end`,
        text: { id: 'audit.truncated-end', params: { last: end.lastSeq, seq: head.seq } },
      });
    } else if (torn && head.seq !== end.lastSeq) {
      // A torn last line is harmless only when it was never acknowledged (the head still names the entry before it).
      problems.push({
        line: end.count + 1,
        problem: 'unreadable',
        message: `line ${end.count + 1} is cut short`,
        text: { id: 'audit.line-cut', params: { line: end.count + 1 } },
      });
    }
    return problems;
  }
}

/** Where the log ends: how many lines, and the sequence number and hash of its last entry. */
interface TrailEnd {
  count: number;
  lastSeq: number;
  lastHash: string;
}

/** What reading the entries in order found. */
interface EntryWalk {
  problems: AuditProblem[];
  /** The hashes of the entries an anchor or a checkpoint names. */
  hashAt: Map<number, string>;
  cutsRecorded: Array<{ seq: number; hash: string }>;
  /** Unsealed entries after the last sealed one, and those sealed since by a later entry. */
  pending: number;
  sealedLater: number;
  link: { prev: string; seq: number };
}

/** Reads every line in order: hashes, links, recorded cuts and seals. */
function walkEntries(
  lines: string[],
  key: Buffer | null,
  sealedFrom: number,
  wantedSeqs: Array<number | undefined>,
): EntryWalk {
  const wanted = new Set(wantedSeqs.filter((n) => n !== undefined));
  const walk: EntryWalk = {
    problems: [],
    hashAt: new Map(),
    cutsRecorded: [],
    pending: 0,
    sealedLater: 0,
    link: { prev: '', seq: 1 },
  };
  let chainProblems = 0;
  lines.forEach((line, i) => {
    const n = i + 1;
    const parsed = parseLine(line);
    if (parsed.kind === 'unreadable') {
      walk.problems.push({
        line: n,
        problem: 'unreadable',
        message: `line ${n} is not a readable entry`,
        text: { id: 'audit.line-unreadable', params: { line: n } },
      });
    } else if (parsed.kind === 'malformed') {
      walk.problems.push({
        line: n,
        problem: 'edited',
        message: `entry ${n} was changed after it was written: it is no longer a complete entry (a field is missing or of the wrong kind)`,
        text: { id: 'audit.entry-incomplete', params: { line: n } },
      });
    } else {
      if (wanted.has(parsed.entry.seq)) walk.hashAt.set(parsed.entry.seq, parsed.entry.hash);
      chainProblems += entryProblems(parsed.entry, n, walk, key, sealedFrom, chainProblems);
    }
    walk.link = linkAfter(parsed, walk.link.seq);
  });
  if (chainProblems > 1)
    walk.problems.push({
      line: lines.length,
      problem: 'rechained',
      message: `${chainProblems - 1} later sealed entries no longer match their place either`,
      text: { id: 'audit.later-rechained', params: { count: chainProblems - 1 } },
    });
  return walk;
}

/** One entry's hash, link, recorded cut and seal; returns 1 when its seal is out of place. */
function entryProblems(
  entry: AuditEntry,
  n: number,
  walk: EntryWalk,
  key: Buffer | null,
  sealedFrom: number,
  chainProblemsSoFar: number,
): number {
  const { hash, seal, ...body } = entry;
  const what = `${entry.action} at ${entry.at}`;
  const problems = walk.problems;
  if (entryHash(body) !== hash)
    problems.push({
      line: n,
      problem: 'edited',
      message: `entry ${n} (${what}) was changed after it was written`,
      text: {
        id: 'audit.entry-edited',
        params: { line: n, auditAction: entry.action, at: entry.at },
      },
    });
  if (entry.prev !== walk.link.prev || entry.seq !== walk.link.seq)
    problems.push({
      line: n,
      problem: 'out-of-order-or-removed',
      message: `entry ${n} (${what}) does not follow the entry before it: an entry was removed, inserted or moved`,
      text: {
        id: 'audit.entry-out-of-order',
        params: { line: n, auditAction: entry.action, at: entry.at },
      },
    });
  if (entry.action === 'audit.trail-cut') {
    const d = entry.details;
    walk.cutsRecorded.push({ seq: Number(d.expectedSeq), hash: String(d.expectedHash) });
    problems.push({
      line: n,
      problem: 'trail-cut',
      message: `the trail was cut: when "${String(d.noticedBy)}" was recorded at ${entry.at}, ${String(d.how)} although ${String(d.source)} recorded that entry ${String(d.expectedSeq)} had been written (entry ${entry.seq} records it)`,
      text: {
        id: 'audit.cut-recorded',
        params: {
          auditAction: String(d.noticedBy),
          at: entry.at,
          found: Number(d.foundSeq ?? 0),
          source: d.source === 'the vault' ? 'vault' : 'head',
          expected: String(d.expectedSeq),
          seq: entry.seq,
        },
      },
    });
  }
  if (seal && key) return sealProblems(entry, n, walk, key, seal, chainProblemsSoFar);
  if (!seal && entry.seq >= sealedFrom) {
    if (NEEDS_UNLOCKED_VAULT.has(entry.action))
      problems.push({
        line: n,
        problem: 'forged',
        message: `entry ${n} (${what}) is forged: "${entry.action}" is only recorded with the vault unlocked, which seals it, and this entry carries no seal`,
        text: {
          id: 'audit.entry-forged',
          params: { line: n, auditAction: entry.action, at: entry.at },
        },
      });
    walk.pending++;
  }
  return 0;
}

/**
 * A sealed entry checked against its seal (kept apart from entryProblems for length): its content,
 * then its place in the chain; returns 1 when its seal is out of place.
 */
function sealProblems(
  entry: AuditEntry,
  n: number,
  walk: EntryWalk,
  key: Buffer,
  seal: AuditSeal,
  chainProblemsSoFar: number,
): number {
  const what = `${entry.action} at ${entry.at}`;
  if (!sameMac(mac(key, contentText(entry)), seal.content)) {
    walk.problems.push({
      line: n,
      problem: 'edited',
      message: `entry ${n} (${what}) does not match its seal: it was edited after it was written, or forged with a seal copied from another entry`,
      text: {
        id: 'audit.entry-seal-mismatch',
        params: { line: n, auditAction: entry.action, at: entry.at },
      },
    });
  } else if (!sameMac(mac(key, `chain:${entry.seq}:${entry.hash}`), seal.chain)) {
    if (chainProblemsSoFar === 0)
      walk.problems.push({
        line: n,
        problem: 'rechained',
        message: `entry ${n} (${what}) is intact but no longer where it was sealed: entries before it were removed, inserted or changed and the hash chain recomputed to hide it`,
        text: {
          id: 'audit.entry-rechained',
          params: { line: n, auditAction: entry.action, at: entry.at },
        },
      });
    return 1;
  } else {
    walk.sealedLater += walk.pending;
    walk.pending = 0;
  }
  return 0;
}

/** A checkpoint kept outside the data folder must still match the trail. */
function checkpointProblems(
  checkpoint: AuditCheckpoint,
  source: string,
  key: Buffer | null,
  hashAt: Map<number, string>,
  end: TrailEnd,
): AuditProblem[] {
  const { mac: given, ...body } = checkpoint;
  if (!key)
    return [
      {
        line: 0,
        problem: 'checkpoint',
        message: `${source} cannot be checked while the vault is locked: unlock it first`,
        text: { id: 'audit.checkpoint-needs-unlock', params: { source } },
      },
    ];
  if (!sameMac(checkpointMac(key, body), given))
    return [
      {
        line: 0,
        problem: 'checkpoint',
        message: `${source} was not made by this vault, or was edited: its seal does not match`,
        text: { id: 'audit.checkpoint-foreign', params: { source } },
      },
    ];
  if (end.lastSeq < checkpoint.seq)
    return [
      {
        line: end.count,
        problem: 'checkpoint',
        message: `the trail was cut since the checkpoint of ${checkpoint.at}: it held entry ${checkpoint.seq}, the log now ends at entry ${end.lastSeq}`,
        text: {
          id: 'audit.checkpoint-cut',
          params: { at: checkpoint.at, seq: checkpoint.seq, last: end.lastSeq },
        },
      },
    ];
  if (hashAt.get(checkpoint.seq) !== checkpoint.hash)
    return [
      {
        line: checkpoint.seq,
        problem: 'checkpoint',
        message: `the trail was rewritten since the checkpoint of ${checkpoint.at}: entry ${checkpoint.seq} is not the entry it recorded`,
        text: {
          id: 'audit.checkpoint-rewritten',
          params: { at: checkpoint.at, seq: checkpoint.seq },
        },
      },
    ];
  return [];
}
