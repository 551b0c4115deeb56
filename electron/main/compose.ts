// What both shells build the same way, without Electron: the desk on the data folder, the handlers
// of every contract channel, and the watch that tells the page when the vault locked itself. The
// Electron window (index.ts) and the browser shell (electron/shell) differ only in what they pass:
// the key-value store (electron-store or conf, same file), the dialogs, and where push events go.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgressEvent, VaultLockedEvent } from '../../shared/ipc-contract.js';
import type { Clock } from '../services/clock.js';
import { openDesk, type Desk } from '../services/desk.js';
import type { DnsDependencies } from '../services/probe/dns.js';
import type { KeyValueStore } from '../services/store.js';
import type { ScryptParams } from '../services/vault/format.js';
import type { DataFolder } from './data-folder.js';
import type { Handlers } from './dispatch.js';
import { appError, type ProfileLookup } from './app-wording.js';
import { createHandlers, type Dialogs } from './handlers.js';
import { vaultStatusView } from './onboarding-views.js';
import { watchVaultLock } from './vault-watch.js';

export interface MainOptions {
  dataFolder: DataFolder;
  /** The key-value store over dataFolder.current (electron-store in the window, conf in the browser shell). */
  store: (dir: string) => KeyValueStore;
  version: string;
  dialogs: Dialogs;
  emitProgress: (event: ProgressEvent) => void;
  emitVaultLocked: (event: VaultLockedEvent) => void;
  clock?: Clock;
  dns?: DnsDependencies;
  /** scrypt parameters for a new vault (tests use cheaper ones). */
  kdf?: ScryptParams;
  /** How often the idle lock is checked; 0 = not watched. */
  vaultWatchMs?: number;
}

export interface MainComposition {
  desk: Desk;
  handlers: Handlers;
  /** Stops the vault watch. */
  stop(): void;
}

export function composeMain(options: MainOptions): MainComposition {
  const desk = openDesk({
    dataDir: options.dataFolder.current,
    store: options.store(options.dataFolder.current),
    clock: options.clock,
    kdf: options.kdf,
  });
  const watchMs = options.vaultWatchMs ?? 1000;
  const stop =
    watchMs > 0
      ? watchVaultLock(
          { unlocked: desk.vault.unlocked, status: () => vaultStatusView(desk) },
          options.emitVaultLocked,
          watchMs,
        )
      : () => undefined;
  const clock = options.clock;
  const handlers = appWorded(
    createHandlers({
      desk,
      dataFolder: options.dataFolder,
      version: options.version,
      clock: clock ? () => clock.now() : () => new Date(),
      dialogs: options.dialogs,
      emitProgress: options.emitProgress,
      dns: options.dns,
    }),
    (id) => desk.catalog.list().find((p) => p.id === id),
  );
  return { desk, handlers, stop };
}

/** Every handler's refusals in the app's words: the step or screen to go to (app-wording.ts). */
function appWorded(handlers: Handlers, lookup: ProfileLookup): Handlers {
  const worded = { ...handlers } as Record<string, (request: unknown) => Promise<unknown>>;
  for (const [channel, handler] of Object.entries(handlers))
    worded[channel] = async (request: unknown) => {
      try {
        return await (handler as (request: unknown) => Promise<unknown>)(request);
      } catch (error) {
        throw appError(error, lookup);
      }
    };
  return worded as Handlers;
}

/** The folder holding package.json and dist/, found from this module (sources or a bundle in dist/). */
export function appRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'shared', 'programs')))
      return dir;
    dir = dirname(dir);
  }
  throw new Error('mTLS Desk could not find its own files (package.json): reinstall it');
}

export function appVersion(root = appRoot()): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version;
}
