// `npm run bench`: every suite, one table. A suite is a module exporting `run(): Promise<BenchRow[]>`.
// A missed target is reported, never an exit status: the command fails only when a suite crashes.
import { formatRows, summary, type BenchRow } from './harness.js';
import { run as core } from './core.js';
import { run as renderer } from './renderer.js';
import { run as probe } from './probe.js';
import { run as vault, runPkcs12 } from './vault.js';
import { run as cli } from './cli.js';
import { run as hostile } from './hostile.js';

const suites: Array<[string, () => Promise<BenchRow[]>]> = [
  ['core PKI engine', core],
  ['renderer', renderer],
  ['live mTLS diagnostics', probe],
  ['pkcs12 builds', runPkcs12],
  ['vault, exports and inventory', vault],
  ['command start-up', cli],
  ['hostile input', hostile],
];

const only = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const [name, suite] of suites) {
  if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
  process.stderr.write(`bench: ${name}...\n`);
  try {
    rows.push(...(await suite()));
  } catch (error) {
    // A crash: the other suites still run and print, and the command ends non-zero.
    process.stderr.write(`bench: ${name} crashed: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  }
}
console.log(formatRows(rows));
console.log(`\n${summary(rows)}`);
