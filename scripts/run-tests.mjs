#!/usr/bin/env node
// Runs the static checks (types, lint, format), then every test file under test/ with Node's test runner (through tsx),
// and ends with one summary line "tests: N passed, N failed" that CI reads.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { preflight } from './preflight.mjs';

const filter = process.argv.slice(2);

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = findTests('test')
  .filter((f) => filter.length === 0 || filter.some((part) => f.includes(part)))
  .sort();

// The real peers first: a missing nginx or Chromium is one line, not dozens of failures.
if (!preflight()) {
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

// The tests run the built command (bin/mtls-desk.js runs dist/) and serve the built renderer.
if (spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) {
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

// Static checks before the suite (whole-tree runs only): types, lint rules, formatting.
const staticChecks = [
  ['type check', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', ['eslint', '--max-warnings=0', '.']],
  ['format', ['prettier', '--check', '--log-level=warn', '.']],
];
let typecheckFailed = 0;
if (filter.length === 0) {
  for (const [name, args] of staticChecks) {
    const run = spawnSync('npx', ['--no-install', ...args], { stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(`${name} failed`);
      typecheckFailed += 1;
    }
  }
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
// The runner's own totals ("ℹ pass N", "ℹ fail N") come once, before the list of failures.
let output = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  output += chunk.toString();
});
child.on('close', (code) => {
  const pass = /^ℹ pass (\d+)$/m.exec(output);
  const fail = /^ℹ fail (\d+)$/m.exec(output);
  const passed = pass ? Number(pass[1]) : 0;
  const failed = (fail ? Number(fail[1]) : code === 0 ? 0 : 1) + typecheckFailed;
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || code !== 0 ? 1 : 0);
});
