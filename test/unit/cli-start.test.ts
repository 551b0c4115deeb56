// The installed command as scripts call it: bin/mtls-desk.js runs the built bundle, answers
// --version, loads a command's modules only when that command runs, and ends quietly when the
// reader of its output goes away early (`mtls-desk inspect … | head -1`).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../helpers/tmp.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('the installed command', () => {
  it('runs the built bundle and prints its version', () => {
    const bin = readFileSync('bin/mtls-desk.js', 'utf8');
    assert.deepEqual(
      [...bin.matchAll(/import\((.*?)\)|from '(.*?)'/g)].map((m) => m[1] ?? m[2]),
      ['node:fs', 'bundle.href'],
      'the bin imports only node:fs and its own bundle, never tsx or code from a parent folder',
    );
    const run = spawnSync(process.execPath, ['bin/mtls-desk.js', '--version'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `mtls-desk ${pkg.version}\n`);
  });

  it('the entry point loads no command: each command is its own chunk, loaded when it runs', () => {
    const entry = readFileSync('dist/cli.js', 'utf8');
    assert.ok(
      entry.length < 50_000,
      `dist/cli.js holds only the dispatcher (${entry.length} bytes)`,
    );
    assert.match(entry, /import\("\.\/cli-chunks\/programs-[A-Z0-9]+\.js"\)/);
    assert.doesNotMatch(entry, /reflect-metadata|peculiar|createSecureContext/);
  });

  it('ends quietly with no stack trace when its output pipe closes early', () => {
    const dir = tempDir();
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=pipe',
        '-days',
        '30',
      ],
      { stdio: 'ignore' },
    );
    const one = readFileSync(join(dir, 'cert.pem'), 'utf8');
    // Far more output than a pipe buffer holds, so the writer meets the closed pipe.
    writeFileSync(join(dir, 'many.pem'), one.repeat(200));
    for (const args of [['programs'], ['inspect', join(dir, 'many.pem')]]) {
      const run = spawnSync(
        'bash',
        [
          '-c',
          'set -o pipefail; node bin/mtls-desk.js "$@" | head -c 10 >/dev/null',
          'bash',
          ...args,
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      assert.equal(run.stderr, '', `${args[0]}: nothing on stderr`);
      assert.equal(run.status, 0, `${args[0]} exits 0 when the reader stops`);
    }
  });
});
