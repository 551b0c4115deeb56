// Crash-safe file output: write a temp file beside the target, fsync it, then move it into place
// (never clobbering unless asked) and fsync the folder. A reader sees the old file or the whole
// new one, never half of it.
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';

export interface WriteOptions {
  /** Replace an existing file (the CLI's --force). Default: refuse. */
  overwrite?: boolean;
  mode?: number;
  /**
   * Checks the temp file (whole, synced, closed) before it replaces anything; throwing leaves the
   * target as it was. Its message ends up in the one-sentence error.
   */
  verify?: (tempPath: string) => void;
}

export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A `verify` hook: the file holds exactly `expected`. */
export function sameBytes(path: string, expected: Uint8Array): void {
  if (!readFileSync(path).equals(expected))
    throw new Error('the bytes on disk differ from the bytes written');
}

export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteOptions = {},
): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', options.mode ?? 0o600);
  } catch (error) {
    const code = String((error as NodeJS.ErrnoException).code);
    throw new UserError(
      'unreadable-input',
      `cannot write in ${dir} (${code}): choose a folder you can write to`,
      {},
      { id: 'file.folder-not-writable', params: { dir, code } },
    );
  }
  // Closed once only: after close, the number may already belong to another open file.
  let open = true;
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    open = false;
    closeSync(fd);
    if (options.verify) {
      try {
        options.verify(temp);
      } catch (error) {
        throw new UserError(
          'bad-input',
          `${path} did not pass its check and was not written (${(error as Error).message}); ${options.overwrite ? 'the previous file is unchanged' : 'nothing was left behind'}`,
          {},
          {
            id: 'file.check-failed',
            params: {
              path,
              detail: (error as Error).message,
              previous: options.overwrite ? 'unchanged' : 'none',
            },
          },
        );
      }
    }
    if (options.overwrite) {
      renameSync(temp, path);
    } else {
      // link() fails when the target exists, so an existing file is never replaced by accident.
      linkSync(temp, path);
      unlinkSync(temp);
    }
    fsyncDirectory(dir);
  } catch (error) {
    if (open) {
      try {
        closeSync(fd);
      } catch {
        // the failure was the descriptor itself
      }
    }
    try {
      unlinkSync(temp);
    } catch {
      // already moved or never written
    }
    throw writeError(error, path);
  }
}

/** A failed write as the person reads it: the file exists, the disk is full, or the system's code. */
function writeError(error: unknown, path: string): unknown {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST')
    return new UserError(
      'file-exists',
      `${path} already exists: choose another name, or allow replacing it`,
      { need: 'overwrite' },
      { id: 'file.exists', params: { path } },
    );
  if (code === 'ENOSPC')
    return new UserError(
      'unreadable-input',
      `the disk is full: nothing was written to ${path}; free some space and try again`,
      {},
      { id: 'file.disk-full', params: { path } },
    );
  return new UserError(
    'unreadable-input',
    `cannot write ${path} (${code ?? (error as Error).message})`,
    {},
    { id: 'file.write-failed', params: { path, code: code ?? (error as Error).message } },
  );
}
