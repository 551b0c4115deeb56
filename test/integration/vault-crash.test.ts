// Crash safety, proved by killing: a writer process is SIGKILLed at random moments, again and
// again; after each kill the vault must open with every key it had acknowledged, intact, and an
// interrupted passphrase change must leave exactly one passphrase working (the old one, or the
// new one if the switch had happened), with every key readable under it. Kills also land inside a
// delete, a restore and a purge (committed tombstones restorable, purged keys gone) and inside
// settings and inventory writes (the metadata file whole, holding the last or the interrupted
// value); the audit trail verifies after every kill.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AuditLog } from '../../electron/services/audit.js';
import { spkiSha256 } from '../../electron/services/facts.js';
import { Vault } from '../../electron/services/vault/vault.js';
import {
  D1_SUBJECT,
  newDesk,
  TEST_KDF,
  testClock,
  unlockedDesk,
  VAULT_PASSPHRASE,
} from './desk-fixtures.js';

const writer = fileURLToPath(new URL('./vault-crash.writer.ts', import.meta.url));

/** Runs the writer and kills it `delayMs` after the `nth` line starting with `after` (by default, once it is ready); returns its lines. */
function runAndKill(args: string[], delayMs: number, after = 'ready', nth = 1): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (timer || out.split('\n').filter((l) => l.startsWith(after)).length < nth) return;
      // 0: at once, while the writer is still inside the write it just announced.
      timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      if (delayMs === 0) child.kill('SIGKILL');
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

const randomInt = (max: number) => Math.floor(Math.random() * max);

function rawVault(dataDir: string): Vault {
  const clock = testClock();
  return new Vault({
    dir: join(dataDir, 'vault'),
    clock,
    audit: new AuditLog(dataDir, clock),
    kdf: TEST_KDF,
    idleMs: () => 0,
  });
}

describe('vault crash safety (SIGKILL at random points)', () => {
  it('keeps every committed key and onboarding across 8 kills while keys are being added', async () => {
    const { dataDir } = await unlockedDesk();
    const committed = new Map<string, string>();
    for (let round = 0; round < 8; round++) {
      // Killed at a random point of the next add once one has committed, however slow the machine.
      const lines = await runAndKill(['add', dataDir], randomInt(150), 'committed');
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
        await vault.withPrivateKey(keyId, (key) =>
          assert.equal(spkiSha256(key), summary.publicKeySha256),
        );
      }
      const { desk } = newDesk(dataDir);
      for (const [onboarding, keyId] of committed)
        assert.equal(
          desk.onboardings.get(onboarding).current?.keyId,
          keyId,
          `round ${round}: ${onboarding} holds its key`,
        );
      assert.ok(
        desk.audit.verify().ok,
        `round ${round}: ${JSON.stringify(desk.audit.verify().problems)}`,
      );
    }
    assert.ok(
      committed.size >= 3,
      `only ${committed.size} keys were committed before the kills: the test proved little`,
    );
  });

  it('leaves exactly one working passphrase (old or new) across 8 kills during passphrase changes', async () => {
    const { desk, dataDir } = await unlockedDesk();
    for (const id of ['P1', 'P2', 'P3']) {
      const o = desk.onboardings.create({
        program: 'tsh-classic',
        identifier: id,
        environment: 'preprod',
      });
      await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', commonName: id });
    }
    const expected = new Map(desk.vault.keys().map((k) => [k.id, k.publicKeySha256]));
    const other = 'the other passphrase';
    let current = VAULT_PASSPHRASE;
    let sawInterrupted = false;
    for (let round = 0; round < 8; round++) {
      const lines = await runAndKill(
        ['change', dataDir, current, current === VAULT_PASSPHRASE ? other : VAULT_PASSPHRASE],
        randomInt(300),
      );
      const committedTo = lines
        .filter((l) => l.startsWith('changed-to '))
        .map((l) => l.slice(11))
        .at(-1);
      const inFlight = lines.at(-1)?.startsWith('changing-to ')
        ? lines.at(-1)!.slice(12)
        : undefined;
      const before = committedTo ?? current;
      const working: string[] = [];
      for (const candidate of [VAULT_PASSPHRASE, other]) {
        const vault = rawVault(dataDir);
        try {
          await vault.unlock(candidate);
          working.push(candidate);
          for (const [id, hash] of expected)
            await vault.withPrivateKey(id, (key) => assert.equal(spkiSha256(key), hash));
          assert.equal(vault.listKeys().length, expected.size);
        } catch (error) {
          if ((error as { code?: string }).code !== 'wrong-passphrase') throw error;
        }
      }
      assert.equal(
        working.length,
        1,
        `round ${round}: exactly one passphrase works (${working.join(', ')})`,
      );
      assert.ok(
        working[0] === before || working[0] === inFlight,
        `round ${round}: ${working[0]} is the last committed or the one being set`,
      );
      if (working[0] === before && inFlight) sawInterrupted = true;
      current = working[0];
      const files = readdirSync(join(dataDir, 'vault', 'keys'));
      assert.equal(
        files.filter((f) => f.endsWith('.json')).length,
        expected.size,
        `round ${round}: leftovers of the interrupted change were cleaned at unlock`,
      );
    }
    assert.ok(
      sawInterrupted,
      'at least one kill landed inside a passphrase change that then did not take effect',
    );
  });

  it('keeps committed deletions, restorations and purges across kills during each: tombstones restorable, purged keys gone', async () => {
    const { dataDir } = await unlockedDesk();
    type KeyState = 'live' | 'deleted' | 'purged';
    const states = new Map<string, { state: KeyState; publicKeySha256: string }>();
    const landedIn = new Set<string>();
    const targets = ['deleting', 'restoring', 'purging'] as const;
    const reached: Record<string, KeyState> = {
      deleting: 'deleted',
      restoring: 'live',
      purging: 'purged',
    };
    // At least 9 kills, more (up to 18) until one has landed inside each kind of write.
    for (let round = 0; round < 18 && (round < 9 || landedIn.size < targets.length); round++) {
      const target = targets[round % targets.length];
      const lines = await runAndKill(
        ['lifecycle', dataDir],
        randomInt(4),
        target,
        1 + randomInt(3),
      );
      for (const line of lines) {
        const [word, key, hash] = line.split(' ');
        if (word === 'added') states.set(key, { state: 'live', publicKeySha256: hash });
        else if (word === 'deleted' || word === 'restored' || word === 'purged')
          states.get(key)!.state = word === 'restored' ? 'live' : word;
      }
      const [inFlight, inFlightKey] = lines.at(-1)!.split(' ');
      if (inFlight in reached) landedIn.add(inFlight);
      const vault = rawVault(dataDir);
      await vault.unlock(VAULT_PASSPHRASE);
      assert.deepEqual(vault.status().damagedKeyFiles, [], `round ${round}: no damaged key file`);
      const stored = new Map(vault.listKeys({ includeDeleted: true }).map((k) => [k.id, k]));
      const files = readdirSync(join(dataDir, 'vault', 'keys'));
      for (const [key, expected] of states) {
        const found = stored.get(key);
        const actual: KeyState = !found ? 'purged' : found.deletedAt !== null ? 'deleted' : 'live';
        const allowed = [expected.state, ...(key === inFlightKey ? [reached[inFlight]] : [])];
        assert.ok(
          allowed.includes(actual),
          `round ${round}: key ${key} is ${actual}, expected ${allowed.join(' or ')}`,
        );
        if (actual === 'purged') {
          assert.deepEqual(
            files.filter((f) => f.includes(key)),
            [],
            `round ${round}: nothing of purged key ${key} is left`,
          );
          await assert.rejects(vault.restoreKey(key), { code: 'not-found' });
        } else {
          // A tombstone is restorable with its key intact (and restored here, so the next purge leaves it).
          if (actual === 'deleted') await vault.restoreKey(key);
          await vault.withPrivateKey(key, (k) =>
            assert.equal(spkiSha256(k), expected.publicKeySha256),
          );
        }
        expected.state = actual === 'purged' ? 'purged' : 'live';
      }
      const { desk } = newDesk(dataDir);
      assert.ok(
        desk.audit.verify().ok,
        `round ${round}: ${JSON.stringify(desk.audit.verify().problems)}`,
      );
    }
    const counts = [...states.values()].reduce(
      (c, s) => ({ ...c, [s.state]: (c[s.state] ?? 0) + 1 }),
      {} as Record<string, number>,
    );
    assert.ok(
      (counts.live ?? 0) >= 3 && (counts.purged ?? 0) >= 3,
      `too few keys went through the cycle: ${JSON.stringify(counts)}`,
    );
    assert.deepEqual(
      [...landedIn].sort(),
      [...targets].sort(),
      'kills landed inside a delete, a restore and a purge',
    );
  });

  it('keeps the metadata file whole across kills during settings and inventory writes', async () => {
    const { desk, dataDir } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'META',
      environment: 'preprod',
    });
    await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', commonName: 'META' });
    const other = desk.onboardings.create({
      program: 'd1-ecom',
      identifier: 'OTHER_0001',
      environment: 'prod',
    });
    await desk.identity.generate({
      onboardingId: other.id,
      algorithm: 'ec-p256',
      subject: D1_SUBJECT,
    });
    const untouched = desk.onboardings.get(other.id).record;
    const identities = desk.onboardings.get(o.id).record.identities;
    let setting = desk.settings.get().autoLockMinutes;
    let host: string | undefined;
    const landedIn = new Set<string>();
    for (let round = 0; round < 12 && (round < 6 || landedIn.size < 2); round++) {
      const target = round % 2 === 0 ? 'setting' : 'importing';
      const lines = await runAndKill(
        ['metadata', dataDir, o.id],
        randomInt(4),
        target,
        1 + randomInt(3),
      );
      for (const line of lines) {
        const [word, value] = line.split(' ');
        if (word === 'set') setting = Number(value);
        if (word === 'imported') host = value;
      }
      const [inFlight, inFlightValue] = lines.at(-1)!.split(' ');
      if (inFlight === 'setting' || inFlight === 'importing') landedIn.add(inFlight);
      const { desk: after } = newDesk(dataDir);
      const minutes = after.settings.get().autoLockMinutes;
      assert.ok(
        minutes === setting || (inFlight === 'setting' && minutes === Number(inFlightValue)),
        `round ${round}: auto-lock ${minutes}, committed ${setting}`,
      );
      const record = after.onboardings.get(o.id).record;
      const stored = record.assets.ISSUER_HOST?.host?.host;
      assert.ok(
        stored === host || (inFlight === 'importing' && stored === inFlightValue),
        `round ${round}: ISSUER_HOST ${stored}, committed ${host}`,
      );
      // Whichever the interrupted write left is what the next round starts from.
      setting = minutes;
      host = stored;
      assert.deepEqual(record.identities, identities, `round ${round}: the identity is intact`);
      assert.deepEqual(
        after.onboardings.get(other.id).record,
        untouched,
        `round ${round}: another onboarding is untouched`,
      );
      assert.ok(
        after.audit.verify().ok,
        `round ${round}: ${JSON.stringify(after.audit.verify().problems)}`,
      );
    }
    assert.ok(host !== undefined, 'some writes were committed');
    assert.deepEqual(
      [...landedIn].sort(),
      ['importing', 'setting'],
      'kills landed inside a settings write and an inventory write',
    );
  });
});
