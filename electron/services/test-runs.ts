// Full connection-test results, one file per run under <data dir>/test-runs/<onboarding>/: the
// inventory keeps only a one-line summary of each, so it stays small and quick to write however
// many tests are run. Files 0600, folders 0700, each written crash-safe (temp, fsync, rename).
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { fsyncDirectory, writeFileAtomic } from './files.js';

const RUN_ID = /^t-[0-9a-f]{10}$/;

export class TestRunFiles {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'test-runs');
  }

  /** Onboarding ids hold "/" and user-chosen text: the folder is named by their hash. */
  private folder(onboardingId: string): string {
    return join(this.dir, createHash('sha256').update(onboardingId).digest('hex').slice(0, 24));
  }

  private path(onboardingId: string, runId: string): string {
    if (!RUN_ID.test(runId)) throw new Error(`not a test run id: ${runId}`);
    return join(this.folder(onboardingId), `${runId}.json`);
  }

  write(onboardingId: string, runId: string, result: unknown): void {
    for (const dir of [this.dir, this.folder(onboardingId)]) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
    }
    writeFileAtomic(this.path(onboardingId, runId), JSON.stringify(result), { overwrite: true });
  }

  /** The stored result, or null when its file is missing or damaged (the summary still tells the outcome). */
  load(onboardingId: string, runId: string): unknown {
    try {
      return JSON.parse(readFileSync(this.path(onboardingId, runId), 'utf8')) as unknown;
    } catch {
      return null;
    }
  }

  /** Removes the onboarding's (emptied) folder: an onboarding purged leaves no trace here. */
  removeFolder(onboardingId: string): void {
    const folder = this.folder(onboardingId);
    if (!existsSync(folder)) return;
    rmSync(folder, { recursive: true, force: true });
    fsyncDirectory(this.dir);
  }

  /** Removes every run file of the onboarding but the kept ones (older runs, and leftovers of a crash). */
  keepOnly(onboardingId: string, keep: ReadonlySet<string>): void {
    const folder = this.folder(onboardingId);
    if (!existsSync(folder)) return;
    let removed = false;
    for (const name of readdirSync(folder)) {
      if (keep.has(name.replace(/\.json$/, ''))) continue;
      unlinkSync(join(folder, name));
      removed = true;
    }
    if (removed) fsyncDirectory(folder);
  }
}
