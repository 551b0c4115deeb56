// What stands in for Electron's native dialogs in the browser shell. A server cannot open a file
// picker on the page's behalf, so: "save" writes into the Downloads folder under a name that
// replaces nothing (as a browser's download would), and "open a file" and "choose a folder" answer
// with one sentence saying what to do instead.
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileExtension } from '../main/file-names.js';
import type { Dialogs } from '../main/handlers.js';

/** Crosses to the page as { code: 'unavailable', message } (dispatch keeps a named error's code). */
export class ShellUnavailable extends Error {
  readonly code = 'unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'ShellUnavailable';
  }
}

/** Where the browser shell saves files: $XDG_DOWNLOAD_DIR, else ~/Downloads. */
export function downloadsFolder(env: NodeJS.ProcessEnv = process.env): string {
  return env.XDG_DOWNLOAD_DIR || join(homedir(), 'Downloads');
}

/**
 * `name`, or `name (1).ext`, `name (2).ext`… : the first that does not exist in dir and is not
 * `taken` (names already handed out whose file may not be written yet).
 */
export function freeName(
  dir: string,
  name: string,
  taken: ReadonlySet<string> = new Set(),
): string {
  const ext = fileExtension(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 0; ; n++) {
    const candidate = join(dir, n === 0 ? name : `${stem} (${n})${ext}`);
    if (!existsSync(candidate) && !taken.has(candidate)) return candidate;
  }
}

/** How long a name handed out stays reserved for its save (a save takes seconds at most). */
const RESERVED_MS = 10 * 60_000;

export function browserDialogs(downloadsDir: string): Dialogs {
  // Two saves at once (a double click, two tabs) must not get the same name: the handlers write
  // where they are told, replacing, because the Electron dialog has already asked.
  const reserved = new Map<string, number>();
  return {
    async saveFile(suggestedName) {
      mkdirSync(downloadsDir, { recursive: true, mode: 0o700 });
      const now = Date.now();
      for (const [path, at] of reserved) if (now - at > RESERVED_MS) reserved.delete(path);
      const path = freeName(downloadsDir, suggestedName, new Set(reserved.keys()));
      reserved.set(path, now);
      return path;
    },
    async openFile() {
      throw new ShellUnavailable(
        'the browser version of mTLS Desk cannot open files from your disk: test with an identity from the vault, or run mtls-desk probe URL --cert FILE --key FILE',
      );
    },
    async openFolder() {
      throw new ShellUnavailable(
        'the data folder cannot be chosen from the browser: start mtls-desk app with MTLS_DESK_DATA_DIR set to the folder, or choose it in the desktop window',
      );
    },
  };
}
