// One lock per data folder, shared by every mtls-desk process (the app and any number of CLI runs):
// a file created with O_EXCL that names its holder (pid, host, time). Every write to the inventory,
// the audit trail and the vault happens inside it, after re-reading what it changes, so two
// processes never lose each other's writes or fork the audit chain. Critical sections are
// synchronous and short (no passphrase derivation inside), so a plain sleep-and-retry wait is enough.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UserError } from './errors.js';

export const LOCK_FILE_NAME = 'mtls-desk.lock';

/** How long a writer waits for another process before giving up. */
const DEFAULT_WAIT_MS = 10_000;
/** No critical section takes this long: a lock this old is left by a process that hung or whose pid was reused. */
const STALE_AFTER_MS = 60_000;
/** A lock file still empty after this long was left by a process that died between creating and writing it. */
const EMPTY_GRACE_MS = 2_000;

interface Holder {
  pid: number;
  host: string;
  at: string;
  token: string;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): { holder: Holder | null; ino: number; mtimeMs: number } | null {
  try {
    const stat = statSync(path);
    let holder: Holder | null = null;
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
      if (
        Number.isInteger(parsed.pid) &&
        typeof parsed.host === 'string' &&
        typeof parsed.at === 'string' &&
        typeof parsed.token === 'string'
      )
        holder = parsed as Holder;
    } catch {
      // Empty or half-written: judged by its age below.
    }
    return { holder, ino: stat.ino, mtimeMs: stat.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function isStale(found: { holder: Holder | null; mtimeMs: number }): boolean {
  if (!found.holder) return Date.now() - found.mtimeMs > EMPTY_GRACE_MS;
  // An unreadable time counts as old.
  if (!(Date.now() - Date.parse(found.holder.at) < STALE_AFTER_MS)) return true;
  return found.holder.host === hostname() && !alive(found.holder.pid);
}

export class DataLock {
  readonly path: string;
  /** Nesting depth in this process: a vault write that appends to the audit trail takes the lock once. */
  private depth = 0;
  private token = '';

  constructor(
    dir: string,
    private readonly waitMs = DEFAULT_WAIT_MS,
  ) {
    this.path = join(dir, LOCK_FILE_NAME);
  }

  /** Runs `fn` holding the lock; waits (bounded) while another process holds it. */
  run<T>(fn: () => T): T {
    if (this.depth === 0) this.acquire();
    this.depth++;
    try {
      return fn();
    } finally {
      if (--this.depth === 0) this.release();
    }
  }

  private acquire(): void {
    const deadline = Date.now() + this.waitMs;
    const token = randomBytes(8).toString('hex');
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(this.path, 'wx', 0o600);
        try {
          writeSync(
            fd,
            JSON.stringify({
              pid: process.pid,
              host: hostname(),
              at: new Date().toISOString(),
              token,
            } satisfies Holder),
          );
        } catch (error) {
          // Never leave an empty lock behind (a full disk is the usual cause).
          closeSync(fd);
          unlinkSync(this.path);
          throw error;
        }
        closeSync(fd);
        this.token = token;
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC')
          throw new UserError(
            'unreadable-input',
            `the disk is full: nothing was changed; free some space in ${dirname(this.path)} and try again`,
            {},
            { id: 'data.disk-full', params: { dir: dirname(this.path) } },
          );
        if (code === 'ENOENT') {
          mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
          continue;
        }
        if (code !== 'EEXIST') throw error;
      }
      const found = readHolder(this.path);
      if (found && isStale(found)) {
        this.breakStale(found.ino);
        continue;
      }
      if (Date.now() >= deadline) {
        const who = found?.holder ? ` (process ${found.holder.pid} since ${found.holder.at})` : '';
        throw new UserError(
          'conflict',
          `another mTLS Desk process is writing${who}; try again (if no other mTLS Desk is running, remove ${this.path})`,
          {},
          {
            id: 'data.lock-held',
            params: {
              pid: found?.holder ? String(found.holder.pid) : 'none',
              path: this.path,
            },
          },
        );
      }
      sleepSync(Math.min(5 + attempt * 5, 50));
    }
  }

  /** Moves a stale lock aside; puts it back if another process replaced it in the meantime. */
  private breakStale(ino: number): void {
    const aside = `${this.path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      renameSync(this.path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (statSync(aside).ino !== ino) {
      try {
        linkSync(aside, this.path);
      } catch {
        // Someone holds a newer lock already: the one moved aside was taken over too.
      }
    }
    unlinkSync(aside);
  }

  private release(): void {
    const found = readHolder(this.path);
    if (found?.holder?.token === this.token) unlinkSync(this.path);
    this.token = '';
  }
}

const locks = new Map<string, DataLock>();

/** The lock of one data folder, one instance per process so nesting is counted across services. */
export function dataLock(dir: string): DataLock {
  const key = resolve(dir);
  let lock = locks.get(key);
  if (!lock) {
    lock = new DataLock(key);
    locks.set(key, lock);
  }
  return lock;
}
