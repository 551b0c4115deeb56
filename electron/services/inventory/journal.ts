// The inventory on disk, under <data dir>/inventory/: a snapshot of every onboarding
// (`onboardings.json`) and an append-only journal of the onboardings changed since
// (`journal.jsonl`, one whole record per line). One change appends one line and syncs it, so its
// cost does not grow with the inventory; opening parses the snapshot (one JSON parse of the
// records) and the journal's lines. When the journal outgrows a quarter of the snapshot it is
// folded into a new snapshot (crash-safe: temp file, fsync, rename) and started afresh; the
// snapshot's generation, repeated on each journal line, tells which lines a crash in between left
// over. A line cut short by a crash mid-append is ignored on reading and cut off before the next
// append. Writers hold the data folder's lock; readers read without it and take only whole lines,
// so a line another process is still appending is read once it is whole.
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { fsyncDirectory, writeFileAtomic } from '../files.js';
import { INVENTORY_SCHEMA_VERSION, type OnboardingRecord } from './records.js';

export const SNAPSHOT_FILE = 'onboardings.json';
export const JOURNAL_FILE = 'journal.jsonl';
/** The journal is folded into the snapshot once larger than this share of it… */
const COMPACT_SHARE = 0.25;
/** …and never below this size, so a small inventory is not rewritten every few changes. */
const COMPACT_MIN_BYTES = 1 << 20;

interface Snapshot {
  schemaVersion: number;
  generation: number;
  onboardings: Record<string, OnboardingRecord>;
}

/** A journal line: the generation of the snapshot it follows and the onboarding as changed. */
interface JournalLine {
  g: number;
  r: OnboardingRecord;
}

/** What a read found: everything anew, some onboardings changed, or nothing. */
export type JournalRead =
  | { kind: 'all'; records: OnboardingRecord[] }
  | { kind: 'changed'; records: OnboardingRecord[] }
  | { kind: 'unchanged' };

function signature(path: string): string {
  try {
    const stat = statSync(path, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
}

function damaged(path: string, error: unknown): UserError {
  return new UserError(
    'bad-input',
    `the inventory file ${path} is damaged and cannot be read (${(error as Error).message}): restore the data folder from a backup`,
    {},
    { id: 'inventory.file-damaged', params: { path } },
  );
}

export class InventoryJournal {
  readonly dir: string;
  private readonly snapshotPath: string;
  private readonly journalPath: string;
  /** The snapshot as last read or written here: a change means another process compacted. */
  private snapshotSeen = '';
  private snapshotBytes = 0;
  private generation = 0;
  /** The journal file read (its inode) and how far: the bytes of whole lines taken. */
  private journalIno = -1;
  private offset = 0;

  constructor(dir: string) {
    this.dir = dir;
    this.snapshotPath = join(dir, SNAPSHOT_FILE);
    this.journalPath = join(dir, JOURNAL_FILE);
  }

  /** What changed on disk since the last read or write here. */
  read(): JournalRead {
    if (signature(this.snapshotPath) !== this.snapshotSeen) return this.readAll();
    const journal = this.journalStat();
    if (journal === null) return this.journalIno === -1 ? { kind: 'unchanged' } : this.readAll();
    if (journal.ino !== this.journalIno || journal.size < this.offset) return this.readAll();
    if (journal.size === this.offset) return { kind: 'unchanged' };
    const changed = this.readLines();
    return changed.length > 0 ? { kind: 'changed', records: changed } : { kind: 'unchanged' };
  }

  /** Appends one changed onboarding and syncs it; inside the lock, right after a read. */
  append(record: OnboardingRecord, all: () => Iterable<OnboardingRecord>): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const line = Buffer.from(JSON.stringify({ g: this.generation, r: record }) + '\n', 'utf8');
    const fd = openSync(this.journalPath, 'a', 0o600);
    try {
      const stat = fstatSync(fd);
      const created = stat.ino !== this.journalIno;
      if (created) this.offset = 0;
      // Whatever lies past the whole lines was cut short by a crash: it goes before appending.
      if (stat.size > this.offset) ftruncateSync(fd, this.offset);
      let written = 0;
      while (written < line.length) written += writeSync(fd, line, written);
      fsyncSync(fd);
      this.journalIno = stat.ino;
      this.offset += line.length;
      if (created) fsyncDirectory(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC')
        throw new UserError(
          'unreadable-input',
          `the disk is full: the change was not saved in ${this.dir}; free some space and try again`,
          {},
          { id: 'inventory.disk-full', params: { dir: this.dir } },
        );
      throw error;
    } finally {
      closeSync(fd);
    }
    if (this.offset > Math.max(COMPACT_MIN_BYTES, this.snapshotBytes * COMPACT_SHARE))
      this.replaceAll(all());
  }

  /** Writes every onboarding as the new snapshot and starts an empty journal; inside the lock. */
  replaceAll(records: Iterable<OnboardingRecord>): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const onboardings: Record<string, OnboardingRecord> = {};
    for (const record of records) onboardings[record.id] = record;
    const generation = this.generation + 1;
    const text = JSON.stringify({
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      generation,
      onboardings,
    } satisfies Snapshot);
    writeFileAtomic(this.snapshotPath, text, { overwrite: true });
    // A crash here leaves the old journal: its lines name the previous generation and are skipped.
    writeFileAtomic(this.journalPath, '', { overwrite: true });
    this.generation = generation;
    this.snapshotBytes = Buffer.byteLength(text);
    this.snapshotSeen = signature(this.snapshotPath);
    this.journalIno = this.journalStat()?.ino ?? -1;
    this.offset = 0;
  }

  private journalStat(): { ino: number; size: number } | null {
    try {
      const stat = statSync(this.journalPath);
      return { ino: stat.ino, size: stat.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private readAll(): JournalRead {
    const seen = signature(this.snapshotPath);
    const snapshot = seen === 'absent' ? null : this.parseSnapshot();
    this.snapshotSeen = seen;
    this.snapshotBytes = snapshot?.bytes ?? 0;
    this.generation = snapshot?.value.generation ?? 0;
    const byId = new Map(Object.entries(snapshot?.value.onboardings ?? {}));
    this.journalIno = this.journalStat()?.ino ?? -1;
    this.offset = 0;
    if (this.journalIno !== -1) for (const record of this.readLines()) byId.set(record.id, record);
    return { kind: 'all', records: [...byId.values()] };
  }

  private parseSnapshot(): { value: Snapshot; bytes: number } {
    const text = readFileSync(this.snapshotPath, 'utf8');
    let value: Snapshot;
    try {
      value = JSON.parse(text) as Snapshot;
    } catch (error) {
      throw damaged(this.snapshotPath, error);
    }
    if (value.schemaVersion > INVENTORY_SCHEMA_VERSION)
      throw new UserError(
        'bad-input',
        `the inventory in ${this.dir} was written by a newer mTLS Desk (schema ${value.schemaVersion}): update mTLS Desk to open it`,
        {},
        { id: 'inventory.newer-schema', params: { path: this.dir, version: value.schemaVersion } },
      );
    return { value, bytes: text.length };
  }

  /** The whole lines past the offset, of the current generation; the offset moves past them. */
  private readLines(): OnboardingRecord[] {
    let fd: number;
    try {
      fd = openSync(this.journalPath, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let bytes: Buffer;
    try {
      const size = fstatSync(fd).size - this.offset;
      bytes = Buffer.alloc(Math.max(0, size));
      let got = 0;
      while (got < bytes.length) {
        const n = readSync(fd, bytes, got, bytes.length - got, this.offset + got);
        if (n === 0) break;
        got += n;
      }
      bytes = bytes.subarray(0, got);
    } finally {
      closeSync(fd);
    }
    const end = bytes.lastIndexOf(0x0a) + 1;
    const records: OnboardingRecord[] = [];
    for (const text of bytes.subarray(0, end).toString('utf8').split('\n')) {
      if (text === '') continue;
      let line: JournalLine;
      try {
        line = JSON.parse(text) as JournalLine;
      } catch (error) {
        throw damaged(this.journalPath, error);
      }
      if (line.g === this.generation) records.push(line.r);
    }
    this.offset += end;
    return records;
  }
}
