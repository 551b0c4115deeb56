// `npm run bench`: every suite, one table. A suite is a module exporting `run(): Promise<BenchRow[]>`.
// A missed target is reported, never an exit status: the command fails only when a suite crashes.
//
// Each suite runs in a Node process of its own (this file, asked for one suite), so no suite
// measures in the heap, the worker pools or the compiled code another one left behind.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatRows, summary, type BenchRow } from './harness.js';

const suites: Array<[string, () => Promise<() => Promise<BenchRow[]>>]> = [
  ['core PKI engine', async () => (await import('./core.js')).run],
  ['renderer', async () => (await import('./renderer.js')).run],
  ['live mTLS diagnostics', async () => (await import('./probe.js')).run],
  ['pkcs12 builds', async () => (await import('./vault.js')).runPkcs12],
  ['vault, exports and inventory', async () => (await import('./vault.js')).run],
  ['command start-up', async () => (await import('./cli.js')).run],
  ['hostile input', async () => (await import('./hostile.js')).run],
];

/** How the parent asks this file for one suite: `--suite <name> <file for its rows>`. */
const SUITE_FLAG = '--suite';

if (process.argv[2] === SUITE_FLAG) {
  const [name, rowsFile] = process.argv.slice(3);
  const suite = suites.find(([n]) => n === name);
  if (!suite) throw new Error(`bench: no suite named "${name}"`);
  const rows = await (await suite[1]())();
  writeFileSync(rowsFile, JSON.stringify(rows));
} else {
  const only = process.argv.slice(2);
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'mtls-desk-bench-rows-'));
  try {
    for (const [name] of suites) {
      if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
      process.stderr.write(`bench: ${name}...\n`);
      const rowsFile = join(dir, 'rows.json');
      rmSync(rowsFile, { force: true });
      // The same Node with the same loader (tsx's flags are in execArgv).
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, fileURLToPath(import.meta.url), SUITE_FLAG, name, rowsFile],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
      let suiteRows: BenchRow[] | null = null;
      try {
        suiteRows = JSON.parse(readFileSync(rowsFile, 'utf8')) as BenchRow[];
      } catch {
        suiteRows = null;
      }
      if (child.status !== 0 || suiteRows === null) {
        // A crash: the other suites still run and print, and the command ends non-zero.
        process.stderr.write(
          `bench: ${name} crashed (${child.error?.message ?? `exit status ${child.status ?? child.signal}`})\n`,
        );
        process.exitCode = 1;
        continue;
      }
      rows.push(...suiteRows);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(formatRows(rows));
  console.log(`\n${summary(rows)}`);
}
