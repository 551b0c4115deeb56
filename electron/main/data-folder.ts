// Where the app keeps its vault and inventory. The choice is a small file in the default folder
// (Electron's userData), read once at start: the services hold their folder open, so a new
// choice takes effect at the next start. MTLS_DESK_DATA_DIR, when set, wins over the choice.
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { UserError } from '../services/errors.js';
import { fsyncDirectory, writeFileAtomic } from '../services/files.js';

const DATA_FOLDER_CHOICE_FILE = 'data-folder.json';

export interface DataFolder {
  /** The folder used now. */
  current: string;
  /** The folder used when nothing is chosen (Electron's userData); the choice file lives here. */
  defaultDir: string;
  fromEnvironment: boolean;
}

function choiceFile(defaultDir: string): string {
  return join(defaultDir, DATA_FOLDER_CHOICE_FILE);
}

/** The chosen folder, or null when none is (or the file is unreadable: the default is safe). */
function readDataFolderChoice(defaultDir: string): string | null {
  try {
    const dir = (JSON.parse(readFileSync(choiceFile(defaultDir), 'utf8')) as { dataDir?: unknown })
      .dataDir;
    return typeof dir === 'string' && isAbsolute(dir) ? dir : null;
  } catch {
    return null;
  }
}

/** The folder to open at start. */
export function resolveDataFolder(env: NodeJS.ProcessEnv, defaultDir: string): DataFolder {
  const fromEnv = env.MTLS_DESK_DATA_DIR;
  if (fromEnv) return { current: fromEnv, defaultDir, fromEnvironment: true };
  return {
    current: readDataFolderChoice(defaultDir) ?? defaultDir,
    defaultDir,
    fromEnvironment: false,
  };
}

/** The folder the next start will use. */
export function nextDataFolder(folder: DataFolder): string {
  return folder.fromEnvironment
    ? folder.current
    : (readDataFolderChoice(folder.defaultDir) ?? folder.defaultDir);
}

/** Records `dir` (null: the default) for the next start, after checking the app can write there. */
export function chooseDataFolder(folder: DataFolder, dir: string | null): void {
  mkdirSync(folder.defaultDir, { recursive: true, mode: 0o700 });
  const file = choiceFile(folder.defaultDir);
  if (dir === null || dir === folder.defaultDir) {
    if (existsSync(file)) {
      unlinkSync(file);
      fsyncDirectory(folder.defaultDir);
    }
    return;
  }
  if (!isAbsolute(dir))
    throw new UserError(
      'bad-input',
      `${dir} is not a full path: choose the folder in the dialog`,
      {},
      { id: 'data-folder.not-absolute', params: { dir } },
    );
  try {
    if (!statSync(dir).isDirectory())
      throw new UserError(
        'bad-input',
        `${dir} is a file, not a folder: choose a folder`,
        {},
        { id: 'data-folder.not-a-folder', params: { dir } },
      );
    accessSync(dir, constants.W_OK);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      'bad-input',
      `mTLS Desk cannot write in ${dir} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): choose a folder you can write to`,
      {},
      {
        id: 'file.folder-not-writable',
        params: { dir, code: (error as NodeJS.ErrnoException).code ?? 'unreadable' },
      },
    );
  }
  writeFileAtomic(file, `${JSON.stringify({ dataDir: dir }, null, 2)}\n`, { overwrite: true });
}

/** A folder already holding an mTLS Desk vault (keys stay where they are: nothing is moved). */
export function holdsVault(dir: string): boolean {
  return existsSync(join(dir, 'vault', 'vault.json'));
}
