// The inventory on disk, under <data dir>/inventory/: a snapshot of every onboarding
// (`onboardings.json`) and an append-only journal of the onboardings changed since
// (`journal.jsonl`, one whole record per line). One change appends one line and syncs it, so its
// cost does not grow with the inventory; opening parses the snapshot and the journal's lines.
// When the journal outgrows a quarter of the snapshot it is folded into a new snapshot
// (crash-safe: temp file, fsync, rename) and started afresh; the snapshot's generation, repeated
// on each journal line, tells which lines a crash in between left over. A line cut short by a
// crash mid-append is ignored on reading and cut off before the next append. Writers hold the
// data folder's lock; readers read without it and take only whole lines, so a line another
// process is still appending is read once it is whole.
//
// Opening costs about a bare JSON parse of the records: the snapshot is one JSON document
// (`{"schemaVersion":…,"generation":…,"onboardings":{…}}`) written with one onboarding per line,
// so it is read in small chunks and parsed line by line (a single 16 MB string and buffer at
// 10,000 onboardings cost more in allocation and collection than the parse itself), and both files
// are written in ASCII (anything past it as a \u escape, the same value to JSON.parse), so a line
// is copied into a string instead of UTF-8 decoded (which cost as much as parsing it). A snapshot
// in one line, as earlier versions wrote it, is still read whole.
import { isAscii } from 'node:buffer';
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

/** JSON text in ASCII only: every character past it as a \u escape (one per UTF-16 unit). */
function asciiOnly(json: string): string {
  return json.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function asciiJson(value: unknown): string {
  return asciiOnly(JSON.stringify(value));
}

/** The snapshot's first line ends so; its entries follow one per line, then a line `}}`. */
const HEADER_END = '"onboardings":{';
const CLOSING_LINE = '}}';
/** A header line is short: a first line not ended within this many bytes is a one-line snapshot. */
const HEADER_MAX_BYTES = 4096;
const CHUNK_BYTES = 1 << 18;

/**
 * Calls `each` with every whole line of the file from byte `from` on (without its newline), read
 * in chunks. Returns the position just past the last whole line (a line still without its
 * newline is left for later).
 */
function eachLine(fd: number, from: number, each: (line: string) => void): number {
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let filled = 0;
  let position = from;
  let done = from;
  for (;;) {
    if (filled === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
    }
    const n = readSync(fd, buffer, filled, buffer.length - filled, position);
    if (n === 0) return done;
    position += n;
    filled += n;
    const view = buffer.subarray(0, filled);
    const start = position - filled;
    // A newline byte is never inside a UTF-8 sequence, so each line decodes on its own.
    const encoding = isAscii(view) ? 'latin1' : 'utf8';
    let at = 0;
    for (let nl = view.indexOf(0x0a); nl !== -1; nl = view.indexOf(0x0a, at)) {
      const line = view.toString(encoding, at, nl);
      at = nl + 1;
      done = start + at;
      each(line);
    }
    buffer.copyWithin(0, at, filled);
    filled -= at;
  }
}

/** One snapshot entry line, `"<id>":{…}` with its comma: the onboarding. */
function entryRecord(line: string): OnboardingRecord {
  const body = line.endsWith(',') ? line.slice(0, -1) : line;
  if (body.charCodeAt(0) !== 0x22) throw new SyntaxError('an entry does not start with its id');
  let i = 1;
  for (let c = body.charCodeAt(i); c !== 0x22; c = body.charCodeAt(i)) {
    if (Number.isNaN(c)) throw new SyntaxError('an entry id is not closed');
    i += c === 0x5c ? 2 : 1;
  }
  if (body.charCodeAt(i + 1) !== 0x3a) throw new SyntaxError('an entry id is not followed by ":"');
  const record = JSON.parse(body.slice(i + 2)) as OnboardingRecord;
  if (typeof record !== 'object' || record === null || typeof record.id !== 'string')
    throw new SyntaxError('an entry is not an onboarding');
  return record;
}

/** The text of file bytes: ASCII (as written here) is copied as it is, anything else decoded as UTF-8. */
function textOf(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
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
    const line = Buffer.from(
      asciiJson({ g: this.generation, r: record } satisfies JournalLine) + '\n',
    );
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
    const onboardings = new Map<string, OnboardingRecord>();
    for (const record of records) onboardings.set(record.id, record);
    const generation = this.generation + 1;
    // The same document as JSON.stringify({ schemaVersion, generation, onboardings }) gives, with
    // a newline before each entry and before the closing braces.
    const header: Omit<Snapshot, 'onboardings'> = {
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      generation,
    };
    const lines = [`${JSON.stringify(header).slice(0, -1)},${HEADER_END}`];
    for (const [id, record] of onboardings)
      lines.push(`${JSON.stringify(id)}:${JSON.stringify(record)},`);
    if (lines.length > 1) lines[lines.length - 1] = lines[lines.length - 1].slice(0, -1);
    lines.push(CLOSING_LINE, '');
    const text = asciiOnly(lines.join('\n'));
    writeFileAtomic(this.snapshotPath, text, { overwrite: true });
    // A crash here leaves the old journal: its lines name the previous generation and are skipped.
    writeFileAtomic(this.journalPath, '', { overwrite: true });
    this.generation = generation;
    this.snapshotBytes = text.length;
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
    const snapshot = seen === 'absent' ? null : this.readSnapshot();
    this.snapshotSeen = seen;
    this.snapshotBytes = snapshot?.bytes ?? 0;
    this.generation = snapshot?.generation ?? 0;
    // The snapshot's onboardings, then the journal's in the order written: a later one replaces an
    // earlier one of the same id where it is taken in.
    const records = snapshot?.records ?? [];
    this.journalIno = this.journalStat()?.ino ?? -1;
    this.offset = 0;
    if (this.journalIno !== -1) for (const record of this.readLines()) records.push(record);
    return { kind: 'all', records };
  }

  private readSnapshot(): { generation: number; records: OnboardingRecord[]; bytes: number } {
    const fd = openSync(this.snapshotPath, 'r');
    try {
      const bytes = fstatSync(fd).size;
      const first = Buffer.allocUnsafe(Math.min(HEADER_MAX_BYTES, bytes));
      const got = readSync(fd, first, 0, first.length, 0);
      const nl = first.subarray(0, got).indexOf(0x0a);
      const header = nl === -1 ? '' : first.toString('latin1', 0, nl);
      if (!header.endsWith(HEADER_END)) {
        // One line, as earlier versions wrote it (or not a snapshot at all): parsed whole.
        const value = JSON.parse(textOf(readFileSync(fd))) as Snapshot;
        this.refuseNewer(value.schemaVersion);
        return {
          generation: value.generation,
          records: Object.values(value.onboardings ?? {}),
          bytes,
        };
      }
      const head = JSON.parse(`${header}}}`) as Snapshot;
      this.refuseNewer(head.schemaVersion);
      if (!Number.isInteger(head.generation))
        throw new SyntaxError('its generation is not a number');
      const records: OnboardingRecord[] = [];
      // What may come next: an entry or the closing line, another entry, the closing line, nothing.
      const at: { next: 'any' | 'entry' | 'closing' | 'nothing' } = { next: 'any' };
      const end = eachLine(fd, nl + 1, (line) => {
        if (at.next === 'nothing') throw new SyntaxError('text after the closing line');
        if (line === CLOSING_LINE && at.next !== 'entry') at.next = 'nothing';
        else if (at.next === 'closing') throw new SyntaxError('an entry after the last one');
        else {
          records.push(entryRecord(line));
          at.next = line.endsWith(',') ? 'entry' : 'closing';
        }
      });
      if (at.next !== 'nothing' || end !== bytes)
        throw new SyntaxError('the file ends before its closing line');
      return { generation: head.generation, records, bytes };
    } catch (error) {
      // A parse error of any part: damage, in one sentence.
      if (error instanceof SyntaxError) throw damaged(this.snapshotPath, error);
      throw error;
    } finally {
      closeSync(fd);
    }
  }

  private refuseNewer(schemaVersion: number): void {
    if (schemaVersion > INVENTORY_SCHEMA_VERSION)
      throw new UserError(
        'bad-input',
        `the inventory in ${this.dir} was written by a newer mTLS Desk (schema ${schemaVersion}): update mTLS Desk to open it`,
        {},
        { id: 'inventory.newer-schema', params: { path: this.dir, version: schemaVersion } },
      );
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
    const records: OnboardingRecord[] = [];
    try {
      this.offset = eachLine(fd, this.offset, (text) => {
        if (text === '') return;
        let line: JournalLine;
        try {
          line = JSON.parse(text) as JournalLine;
        } catch (error) {
          throw damaged(this.journalPath, error);
        }
        if (line.g === this.generation) records.push(line.r);
      });
    } finally {
      closeSync(fd);
    }
    return records;
  }
}
