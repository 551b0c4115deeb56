// The app and CLI runs write to one data folder at the same time: nothing either writes may be
// lost, and the audit chain must not fork. Two real processes write concurrently; the lock file
// that serializes them recovers from a holder that died and gives up with one sentence when held.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DataLock, LOCK_FILE_NAME } from '../../electron/services/data-lock.js';
import { tempDir } from '../helpers/tmp.js';
import { newDesk, unlockedDesk } from './desk-fixtures.js';

const writer = new URL('./inventory-concurrent.writer.ts', import.meta.url).pathname;

function startWriter(dataDir: string, tag: string, count: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir, tag, String(count)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const ready = new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (out.includes('ready')) resolve();
      else if (child.exitCode !== null) reject(new Error(`writer ${tag} ended early: ${err}`));
      else return;
      clearInterval(poll);
    }, 20);
  });
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, out, err });
    }),
  );
  return { ready, done, go: () => child.stdin.end('go\n') };
}

describe('two processes writing to one data folder', () => {
  it('lose nothing: every onboarding, identity, key and test run of both is kept, and the audit chain verifies', async () => {
    const { dataDir, desk } = await unlockedDesk();
    const count = 12;
    const writers = [startWriter(dataDir, 'A', count), startWriter(dataDir, 'B', count)];
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.go();
    for (const result of await Promise.all(writers.map((w) => w.done)))
      assert.equal(result.code, 0, result.err);

    const fresh = newDesk(dataDir).desk;
    const list = fresh.onboardings.list();
    assert.equal(list.length, 2 * count, 'every onboarding of both processes');
    for (const summary of list) {
      const view = fresh.onboardings.get(summary.id);
      assert.equal(view.record.identities.length, 1, `${summary.id} kept its identity`);
      assert.equal(view.record.tests.length, 1, `${summary.id} kept its test run`);
      assert.equal(
        (view.record.tests[0].result as { n: number }).n,
        Number(summary.identifier.slice(1)),
      );
    }
    assert.equal(fresh.vault.keys().length, 2 * count, 'every key');
    const verification = fresh.audit.verify();
    assert.deepEqual(verification.problems, []);
    // init, two unlocks, then per onboarding: created, key, certificate, test run.
    assert.equal(verification.entries, 3 + 2 * count * 4);
    assert.equal(existsSync(join(dataDir, LOCK_FILE_NAME)), false, 'the lock is released');
    desk.close();
  });
});

describe('data folder lock', () => {
  it('takes over a lock left by a process that is gone, and waits (bounded) for one that is alive', async () => {
    const dir = tempDir();
    const path = join(dir, LOCK_FILE_NAME);
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(
        path,
        JSON.stringify({
          pid: sleeper.pid,
          host: hostname(),
          at: new Date().toISOString(),
          token: 'other',
        }),
      );
      const waitMs = 300;
      const lock = new DataLock(dir, waitMs);
      const started = Date.now();
      assert.throws(
        () => lock.run(() => 'never'),
        (e: Error & { code: string }) =>
          e.code === 'conflict' &&
          /another mTLS Desk process is writing .*; try again/.test(e.message),
      );
      assert.ok(Date.now() - started >= waitMs, 'it waited for the holder first');
      assert.ok(existsSync(path), 'a live holder keeps its lock');
      sleeper.kill('SIGKILL');
      await new Promise((resolve) => sleeper.once('exit', resolve));
      assert.equal(
        lock.run(() => 'mine'),
        'mine',
        "the dead holder's lock is taken over",
      );
      assert.equal(existsSync(path), false);
      // A lock file left empty by a process that died while creating it is taken over once it is old.
      writeFileSync(path, '');
      const old = new Date(Date.now() - 10_000);
      utimesSync(path, old, old);
      assert.equal(
        lock.run(() => lock.run(() => 'nested')),
        'nested',
      );
      assert.equal(existsSync(path), false);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});
