// The one small key-value interface every piece of metadata (inventory, settings, the audit head)
// goes through. Under plain Node (CLI, tests) it is backed by `conf`; the desktop app supplies an
// electron-store adapter of the same shape over the same file (electron-store is built on conf).
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { UserError } from './errors.js';
import { fsyncDirectory } from './files.js';

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  /** Where the data lives, for messages. */
  readonly path: string;
}

/** The metadata file name (`metadata.json` in the data directory); the electron-store adapter uses the same. */
export const METADATA_FILE_NAME = 'metadata';

function corrupted(path: string, error: unknown): UserError {
  return new UserError(
    'bad-input',
    `the metadata file ${path} is damaged and cannot be read (${(error as Error).message}): restore it from a backup, or move it aside to start an empty inventory`,
    {},
    { id: 'inventory.metadata-damaged', params: { path } },
  );
}

/** A conf-backed store in `dir`: files 0600, folder 0700, each write followed by a folder fsync. */
export function openConfStore(dir: string, name = METADATA_FILE_NAME): KeyValueStore {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const path = join(dir, `${name}.json`);
  const read = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof SyntaxError) throw corrupted(path, error);
      throw error;
    }
  };
  const conf = read(
    () =>
      new Conf<Record<string, unknown>>({
        cwd: dir,
        configName: name,
        configFileMode: 0o600,
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
      }),
  );
  const write = (fn: () => void): void => {
    try {
      read(fn);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC')
        throw new UserError(
          'unreadable-input',
          `the disk is full: ${path} was left as it was; free some space and try again`,
          {},
          { id: 'data.disk-full', params: { dir: path } },
        );
      throw error;
    }
    fsyncDirectory(dir);
  };
  return {
    path,
    get: <T>(key: string) => read(() => conf.get(key) as T | undefined),
    set: (key, value) => write(() => conf.set(key, value)),
  };
}

/**
 * Reads through a store only when its file changed: conf and electron-store parse the whole file
 * on every get, which costs tens of milliseconds once the inventory holds thousands of onboardings.
 * A value is cached per key against the file's identity (inode, size, mtime; every write is a
 * rename, so another process's write is seen) and handed out as a copy, as the store itself does.
 */
export function cachedByFile(store: KeyValueStore): KeyValueStore {
  const cache = new Map<string, unknown>();
  let seen = '';
  const signature = (): string => {
    try {
      const stat = statSync(store.path, { bigint: true });
      return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
    } catch {
      return 'absent';
    }
  };
  return {
    path: store.path,
    get<T>(key: string): T | undefined {
      const now = signature();
      if (now !== seen) {
        cache.clear();
        seen = now;
      }
      if (!cache.has(key)) cache.set(key, store.get(key));
      const value = cache.get(key);
      return value === undefined ? undefined : structuredClone(value as T);
    },
    set(key, value) {
      cache.clear();
      seen = '';
      store.set(key, value);
    },
  };
}
