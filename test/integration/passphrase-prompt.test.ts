// At a terminal, the passphrase is asked for (twice for a new key), never echoed, never an argument.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../helpers/cli.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { unlockedDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';

const dir = tempDir();

/** Runs the CLI under a pseudo-terminal (util-linux `script`), typing the given lines after a pause. */
function atTerminal(
  args: string[],
  lines: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  const command = ['node', '--import', 'tsx', 'electron/cli/index.ts', ...args]
    .map((a) => `'${a}'`)
    .join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: process.cwd(),
    env: { ...process.env, CI: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let sent = 0;
  // Type each line once its prompt shows: as a person would.
  const typer = setInterval(() => {
    const prompts = (output.match(/passphrase[^:\n]*: /g) ?? []).length;
    if (sent < lines.length && prompts > sent) {
      const line = lines[sent++];
      // A control character (Ctrl+C, Ctrl+D) is a key press of its own, not a line.
      child.stdin.write(/^[\x03\x04]$/.test(line) ? line : `${line}\n`);
    }
  }, 50);
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearInterval(typer);
      clearTimeout(killer);
      resolve({ code, output });
    }),
  );
}

describe('passphrase prompt', () => {
  it('asks twice for a new key, hides what is typed, and the key opens with it', async () => {
    const key = join(dir, 'prompted.key');
    const result = await atTerminal(
      ['keygen', '--algorithm', 'ec-p256', '--out', key],
      ['typed at the prompt', 'typed at the prompt'],
    );
    assert.equal(result.code, 0, result.output);
    assert.match(
      result.output,
      /passphrase for the new key: [\s\S]*passphrase for the new key \(again\): /,
    );
    assert.doesNotMatch(result.output, /typed at the prompt/);
    opensslOk(['pkey', '-in', key, '-passin', 'pass:typed at the prompt', '-noout']);
  });

  it('refuses two different entries and writes nothing', async () => {
    const key = join(dir, 'mismatch.key');
    const result = await atTerminal(
      ['keygen', '--algorithm', 'ec-p256', '--out', key],
      ['first', 'second'],
    );
    assert.equal(result.code, 2, result.output);
    assert.match(
      result.output,
      /the two entries of the passphrase for the new key differ: nothing was written/,
    );
    assert.equal(existsSync(key), false);
  });

  it('vault init asks twice for the new master passphrase; two different entries create no vault', async () => {
    const dataDir = tempDir();
    const env = { MTLS_DESK_DATA_DIR: dataDir };
    const mismatch = await atTerminal(
      ['vault', 'init'],
      ['first master pass', 'second master pass'],
      env,
    );
    assert.equal(mismatch.code, 2, mismatch.output);
    assert.match(
      mismatch.output,
      /the two entries of the new master passphrase differ: nothing was written/,
    );
    assert.equal(existsSync(join(dataDir, 'vault', 'vault.json')), false);
    const ok = await atTerminal(['vault', 'init'], ['typed master pass', 'typed master pass'], env);
    assert.equal(ok.code, 0, ok.output);
    assert.match(ok.output, /new master passphrase: [\s\S]*new master passphrase \(again\): /);
    assert.doesNotMatch(ok.output, /typed master pass/);
    const unlock = await cli(['audit', 'verify', '--passphrase-env', 'VP'], {
      ...env,
      VP: 'typed master pass',
    });
    assert.equal(unlock.code, 0, unlock.stderr);
  });

  it('change-passphrase asks for the new passphrase twice; two different entries change nothing', async () => {
    const { dataDir } = await unlockedDesk();
    const env = { MTLS_DESK_DATA_DIR: dataDir };
    const mismatch = await atTerminal(
      ['vault', 'change-passphrase'],
      [VAULT_PASSPHRASE, 'new master one', 'new master two'],
      env,
    );
    assert.equal(mismatch.code, 2, mismatch.output);
    assert.match(
      mismatch.output,
      /the two entries of the new master passphrase differ: nothing was written/,
    );
    assert.equal(
      (await cli(['audit', 'verify', '--passphrase-env', 'VP'], { ...env, VP: VAULT_PASSPHRASE }))
        .code,
      0,
      'the old passphrase still opens it',
    );
    const ok = await atTerminal(
      ['vault', 'change-passphrase'],
      [VAULT_PASSPHRASE, 'new master one', 'new master one'],
      env,
    );
    assert.equal(ok.code, 0, ok.output);
    assert.match(
      ok.output,
      /current master passphrase: [\s\S]*new master passphrase: [\s\S]*new master passphrase \(again\): /,
    );
    assert.equal(
      (await cli(['audit', 'verify', '--passphrase-env', 'VP'], { ...env, VP: 'new master one' }))
        .code,
      0,
      'the new passphrase opens it',
    );
  });

  it('export asks twice for the passphrase of the exported key', async () => {
    const { desk, dataDir } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'PROMPT',
      environment: 'preprod',
    });
    await desk.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p256',
      commonName: 'PROMPT',
    });
    const env = { MTLS_DESK_DATA_DIR: dataDir, VP: VAULT_PASSPHRASE };
    const out = join(dataDir, 'exported.key');
    const args = ['export', 'key', '--onboarding', o.id, '--out', out, '--passphrase-env', 'VP'];
    const mismatch = await atTerminal(args, ['export pass one', 'export pass two'], env);
    assert.equal(mismatch.code, 2, mismatch.output);
    assert.equal(existsSync(out), false);
    const ok = await atTerminal(args, ['export pass one', 'export pass one'], env);
    assert.equal(ok.code, 0, ok.output);
    assert.match(
      ok.output,
      /passphrase for the exported file: [\s\S]*passphrase for the exported file \(again\): /,
    );
    opensslOk(['pkey', '-in', out, '-passin', 'pass:export pass one', '-noout']);
  });

  it('Ctrl+C at the prompt ends the command with exit 130 and one line; nothing is written', async () => {
    const key = join(dir, 'interrupted.key');
    const result = await atTerminal(['keygen', '--algorithm', 'ec-p256', '--out', key], ['\x03']);
    assert.equal(result.code, 130, result.output);
    assert.match(
      result.output,
      /mtls-desk keygen: stopped at the passphrase prompt \(Ctrl\+C\): nothing was done/,
    );
    assert.equal(existsSync(key), false);
  });

  it('Ctrl+D at the prompt ends the command with exit 130 and one line', async () => {
    const key = join(dir, 'ended.key');
    const result = await atTerminal(['keygen', '--algorithm', 'ec-p256', '--out', key], ['\x04']);
    assert.equal(result.code, 130, result.output);
    assert.match(
      result.output,
      /mtls-desk keygen: no passphrase was typed \(Ctrl\+D ended the input\): nothing was done/,
    );
    assert.equal(existsSync(key), false);
  });
});
