// At a terminal, the passphrase is asked for (twice for a new key), never echoed, never an argument.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

/** Runs the CLI under a pseudo-terminal (util-linux `script`), typing the given lines after a pause. */
function atTerminal(args: string[], lines: string[]): Promise<{ code: number | null; output: string }> {
  const command = ['node', '--import', 'tsx', 'electron/cli/index.ts', ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: process.cwd(), env: { ...process.env, CI: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let sent = 0;
  // Type each line once its prompt shows: as a person would.
  const typer = setInterval(() => {
    const prompts = (output.match(/passphrase[^:\n]*: /g) ?? []).length;
    if (sent < lines.length && prompts > sent) child.stdin.write(`${lines[sent++]}\n`);
  }, 50);
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => child.on('close', (code) => {
    clearInterval(typer);
    clearTimeout(killer);
    resolve({ code, output });
  }));
}

describe('passphrase prompt', () => {
  it('asks twice for a new key, hides what is typed, and the key opens with it', async () => {
    const key = join(dir, 'prompted.key');
    const result = await atTerminal(['keygen', '--algorithm', 'ec-p256', '--out', key], ['typed at the prompt', 'typed at the prompt']);
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /passphrase for the new key: [\s\S]*passphrase for the new key \(again\): /);
    assert.doesNotMatch(result.output, /typed at the prompt/);
    opensslOk(['pkey', '-in', key, '-passin', 'pass:typed at the prompt', '-noout']);
  });

  it('refuses two different entries and writes nothing', async () => {
    const key = join(dir, 'mismatch.key');
    const result = await atTerminal(['keygen', '--algorithm', 'ec-p256', '--out', key], ['first', 'second']);
    assert.equal(result.code, 2, result.output);
    assert.match(result.output, /the two entries of the passphrase for the new key differ: nothing was written/);
    assert.equal(existsSync(key), false);
  });
});
