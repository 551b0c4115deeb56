// Crash safety, proved by killing: a writer process is SIGKILLed at random moments, again and
// again; after each kill the vault must open with every key it had acknowledged, intact, and an
// interrupted passphrase change must leave exactly one passphrase working (the old one, or the
// new one if the switch had happened), with every key readable under it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AuditLog } from '../../electron/services/audit.js';
import { spkiSha256 } from '../../electron/services/facts.js';
import { Vault } from '../../electron/services/vault/vault.js';
import { newDesk, TEST_KDF, testClock, unlockedDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';

const writer = fileURLToPath(new URL('./vault-crash.writer.ts', import.meta.url));

/** Runs the writer, kills it `delayMs` after it is ready, returns its committed lines. */
function runAndKill(args: string[], delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!timer && out.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk) => void (err += chunk));
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer ended by itself (${code}): ${err}`));
      else resolve(out.split('\n').filter((l) => l !== ''));
    });
  });
}

function rawVault(dataDir: string): Vault {
  const clock = testClock();
  return new Vault({ dir: join(dataDir, 'vault'), clock, audit: new AuditLog(dataDir, clock), kdf: TEST_KDF, idleMs: () => 0 });
}

describe('vault crash safety (SIGKILL at random points)', () => {
  it('keeps every committed key and onboarding across 8 kills while keys are being added', async () => {
    const { dataDir } = await unlockedDesk();
    const committed = new Map<string, string>();
    for (let round = 0; round < 8; round++) {
      const lines = await runAndKill(['add', dataDir], 20 + Math.floor(Math.random() * 400));
      for (const line of lines) {
        const [word, onboarding, keyId] = line.split(' ');
        if (word === 'committed') committed.set(onboarding, keyId);
      }
      const vault = rawVault(dataDir);
      await vault.unlock(VAULT_PASSPHRASE);
      const status = vault.status();
      assert.deepEqual(status.damagedKeyFiles, [], `round ${round}: no damaged key file`);
      const keys = new Set(vault.listKeys().map((k) => k.id));
      for (const keyId of committed.values()) {
        assert.ok(keys.has(keyId), `round ${round}: committed key ${keyId} is there`);
        const summary = vault.getKey(keyId);
        await vault.withPrivateKey(keyId, (key) => assert.equal(spkiSha256(key), summary.publicKeySha256));
      }
      const { desk } = newDesk(dataDir);
      for (const [onboarding, keyId] of committed) assert.equal(desk.onboardings.get(onboarding).current?.keyId, keyId, `round ${round}: ${onboarding} holds its key`);
      assert.ok(desk.audit.verify().ok, `round ${round}: ${JSON.stringify(desk.audit.verify().problems)}`);
    }
    assert.ok(committed.size >= 3, `only ${committed.size} keys were committed before the kills: the test proved little`);
  });

  it('leaves exactly one working passphrase (old or new) across 8 kills during passphrase changes', async () => {
    const { desk, dataDir } = await unlockedDesk();
    for (const id of ['P1', 'P2', 'P3']) {
      const o = desk.onboardings.create({ program: 'tsh-classic', identifier: id, environment: 'preprod' });
      await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', commonName: id });
    }
    const expected = new Map(desk.vault.keys().map((k) => [k.id, k.publicKeySha256]));
    const other = 'the other passphrase';
    let current = VAULT_PASSPHRASE;
    let sawInterrupted = false;
    for (let round = 0; round < 8; round++) {
      const lines = await runAndKill(['change', dataDir, current, current === VAULT_PASSPHRASE ? other : VAULT_PASSPHRASE], Math.floor(Math.random() * 300));
      const committedTo = lines.filter((l) => l.startsWith('changed-to ')).map((l) => l.slice(11)).at(-1);
      const inFlight = lines.at(-1)?.startsWith('changing-to ') ? lines.at(-1)!.slice(12) : undefined;
      const before = committedTo ?? current;
      const working: string[] = [];
      for (const candidate of [VAULT_PASSPHRASE, other]) {
        const vault = rawVault(dataDir);
        try {
          await vault.unlock(candidate);
          working.push(candidate);
          for (const [id, hash] of expected) await vault.withPrivateKey(id, (key) => assert.equal(spkiSha256(key), hash));
          assert.equal(vault.listKeys().length, expected.size);
        } catch (error) {
          if ((error as { code?: string }).code !== 'wrong-passphrase') throw error;
        }
      }
      assert.equal(working.length, 1, `round ${round}: exactly one passphrase works (${working.join(', ')})`);
      assert.ok(working[0] === before || working[0] === inFlight, `round ${round}: ${working[0]} is the last committed or the one being set`);
      if (working[0] === before && inFlight) sawInterrupted = true;
      current = working[0];
      const files = readdirSync(join(dataDir, 'vault', 'keys'));
      assert.equal(files.filter((f) => f.endsWith('.json')).length, expected.size, `round ${round}: leftovers of the interrupted change were cleaned at unlock`);
    }
    assert.ok(sawInterrupted, 'at least one kill landed inside a passphrase change that then did not take effect');
  });
});
