// The vault against its promises: keys encrypted one by one, no private byte on disk in clear,
// lock / unlock / auto-lock, wrong passphrases slowed down, passphrase change, tombstones, KDF
// upgrade, file modes, a damaged vault file.
import assert from 'node:assert/strict';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { unlockDelayMs } from '../../electron/services/vault/vault.js';
import {
  DAY,
  newDesk,
  TEST_KDF,
  testClock,
  unlockedDesk,
  VAULT_PASSPHRASE,
} from './desk-fixtures.js';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [path, ...allFiles(path)] : [path];
  });
}

/** The byte strings that must never appear on disk: the PKCS#8 DER and the private scalar / exponent and primes. */
function secretsOf(key: KeyObject): Buffer[] {
  const jwk = key.export({ format: 'jwk' });
  const parts = [key.export({ type: 'pkcs8', format: 'der' }) as Buffer];
  for (const field of ['d', 'p', 'q'] as const)
    if (jwk[field]) parts.push(Buffer.from(jwk[field]!, 'base64url'));
  return parts;
}

function assertNoSecretOnDisk(dir: string, secrets: Buffer[]): number {
  let scanned = 0;
  for (const path of allFiles(dir)) {
    if (statSync(path).isDirectory()) continue;
    const data = readFileSync(path);
    scanned++;
    for (const secret of secrets) {
      // Also as text, the way a careless JSON or PEM writer would leave it.
      for (const form of [
        secret,
        Buffer.from(secret.toString('base64')),
        Buffer.from(secret.toString('hex')),
        Buffer.from(secret.toString('base64url')),
      ]) {
        assert.equal(data.indexOf(form), -1, `${path} holds private key material`);
      }
    }
  }
  return scanned;
}

describe('vault', () => {
  it('keeps EC and RSA keys encrypted: no private byte in any file it writes, whatever the operation', async () => {
    const { desk, dataDir } = await unlockedDesk();
    const o1 = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'CUST01',
      environment: 'preprod',
    });
    const o2 = desk.onboardings.create({
      program: 'd1-ecom',
      identifier: 'MGW_000001',
      environment: 'preprod',
    });
    const ec = await desk.identity.generate({
      onboardingId: o1.id,
      algorithm: 'ec-p256',
      commonName: 'CUST01 client',
    });
    const rsa = await desk.identity.generate({
      onboardingId: o2.id,
      algorithm: 'rsa-4096',
      subject: { C: 'FR', ST: 'IDF', L: 'Paris', O: 'Acme', OU: 'Pay' },
    });
    await desk.vault.changePassphrase(VAULT_PASSPHRASE, 'a new passphrase 2');
    const secrets: Buffer[] = [];
    for (const identity of [ec.identity, rsa.identity]) {
      // The only way a key leaves: the encrypted export; read it back to learn the secret bytes.
      const out = join(dataDir, `${identity.id}.key`);
      await desk.exports.key({
        onboardingId: identity === ec.identity ? o1.id : o2.id,
        out,
        passphrase: 'export passphrase',
      });
      const key = createPrivateKey({ key: readFileSync(out), passphrase: 'export passphrase' });
      secrets.push(...secretsOf(key));
    }
    await desk.vault.deleteKey(ec.identity.keyId, true);
    const scanned = assertNoSecretOnDisk(dataDir, secrets);
    assert.ok(scanned >= 6, `scanned ${scanned} files`);
    assert.equal(secrets.length, 2 + 4, 'EC: PKCS#8 and d; RSA: PKCS#8, d, p and q');
  });

  it('writes files 0600 and folders 0700', async () => {
    const { desk, dataDir } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'C',
      environment: 'prod',
    });
    await desk.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p256',
      commonName: 'C prod',
    });
    for (const path of [dataDir, ...allFiles(dataDir)]) {
      const mode = statSync(path).mode & 0o777;
      assert.equal(
        mode,
        statSync(path).isDirectory() ? 0o700 : 0o600,
        `${path} has mode ${mode.toString(8)}`,
      );
    }
  });

  it('locks, unlocks, and locks itself after the idle time (injected clock)', async () => {
    const clock = testClock();
    const { desk } = await unlockedDesk(clock);
    desk.settings.update({ autoLockMinutes: 10 });
    assert.equal(desk.vault.status().unlocked, true);
    desk.vault.lock();
    assert.equal(desk.vault.status().unlocked, false);
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'C',
      environment: 'prod',
    });
    await assert.rejects(
      desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', commonName: 'X' }),
      { code: 'locked' },
    );
    await desk.vault.unlock(VAULT_PASSPHRASE);
    clock.advance(9 * 60_000);
    assert.equal(desk.vault.status().unlocked, true);
    await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', commonName: 'X' }); // use resets the idle timer
    clock.advance(9 * 60_000);
    assert.equal(desk.vault.status().unlocked, true);
    clock.advance(2 * 60_000);
    assert.equal(desk.vault.status().unlocked, false, 'locked after 10 idle minutes');
    await assert.rejects(
      desk.exports.key({
        onboardingId: o.id,
        out: '/nonexistent/x.key',
        passphrase: 'export passphrase',
      }),
      { code: 'locked' },
    );
  });

  it('refuses a wrong passphrase with nothing changed, and slows down repeated failures', async () => {
    const clock = testClock();
    const { desk, dataDir } = await unlockedDesk(clock);
    desk.vault.lock();
    const header = readFileSync(join(dataDir, 'vault', 'vault.json'));
    await assert.rejects(desk.vault.unlock('wrong one'), { code: 'wrong-passphrase' });
    await assert.rejects(desk.vault.unlock('wrong two'), { code: 'wrong-passphrase' });
    await assert.rejects(
      desk.vault.unlock('wrong three'),
      (e: Error & { code: string }) => e.code === 'wrong-passphrase' && /wait 1 s/.test(e.message),
    );
    // Even the right passphrase waits now.
    await assert.rejects(desk.vault.unlock(VAULT_PASSPHRASE), { code: 'too-many-attempts' });
    assert.ok(desk.vault.status().retryAfterMs > 0);
    clock.advance(1000);
    await assert.rejects(desk.vault.unlock('wrong four'), { code: 'wrong-passphrase' });
    clock.advance(1000);
    await assert.rejects(
      desk.vault.unlock(VAULT_PASSPHRASE),
      { code: 'too-many-attempts' },
      'the delay doubled to 2 s',
    );
    assert.deepEqual(
      readFileSync(join(dataDir, 'vault', 'vault.json')),
      header,
      'the vault file is untouched by failures',
    );
    clock.advance(1000);
    assert.equal((await desk.vault.unlock(VAULT_PASSPHRASE)).unlocked, true);
    assert.equal(desk.vault.status().retryAfterMs, 0, 'success resets the counter');
    assert.deepEqual([0, 1, 2].map(unlockDelayMs), [0, 0, 0]);
    assert.equal(unlockDelayMs(3), 1000);
    assert.equal(unlockDelayMs(40), 300_000);
  });

  it('the delay survives a restart (a script cannot reset it by starting again)', async () => {
    const clock = testClock();
    const { desk, dataDir } = await unlockedDesk(clock);
    desk.vault.lock();
    for (let i = 0; i < 3; i++) await desk.vault.unlock(`wrong ${i}`).catch(() => undefined);
    const again = newDesk(dataDir, clock).desk;
    await assert.rejects(again.vault.unlock(VAULT_PASSPHRASE), { code: 'too-many-attempts' });
  });

  it('changes the passphrase: every key re-wrapped, the old passphrase refused, keys still usable', async () => {
    const { desk, dataDir, clock } = await unlockedDesk();
    const ids: string[] = [];
    for (const id of ['A', 'B', 'C']) {
      const o = desk.onboardings.create({
        program: 'tsh-classic',
        identifier: id,
        environment: 'preprod',
      });
      ids.push(
        (await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p384', commonName: id }))
          .identity.keyId,
      );
    }
    const before = readdirSync(join(dataDir, 'vault', 'keys')).sort();
    await assert.rejects(desk.vault.changePassphrase('not the passphrase', 'whatever 123'), {
      code: 'wrong-passphrase',
    });
    assert.deepEqual(readdirSync(join(dataDir, 'vault', 'keys')).sort(), before, 'nothing changed');
    await desk.vault.changePassphrase(VAULT_PASSPHRASE, 'second passphrase');
    assert.deepEqual(
      readdirSync(join(dataDir, 'vault', 'keys')).sort(),
      ids.map((id) => `${id}.g2.json`).sort(),
      'one new generation, the old one removed',
    );
    const fresh = newDesk(dataDir, clock).desk;
    await assert.rejects(fresh.vault.unlock(VAULT_PASSPHRASE), { code: 'wrong-passphrase' });
    await fresh.vault.unlock('second passphrase');
    const out = join(dataDir, 'b.key');
    const result = await fresh.exports.key({
      onboardingId: 'tsh-classic/B/preprod',
      out,
      passphrase: 'export passphrase',
    });
    assert.equal(result.keyId, ids[1]);
  });

  it('never deletes without confirmation; a deleted key is a recoverable tombstone until purged', async () => {
    const { desk } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'T',
      environment: 'preprod',
    });
    const { identity } = await desk.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p256',
      commonName: 'T',
    });
    await assert.rejects(desk.vault.deleteKey(identity.keyId, false), /explicit confirmation/);
    await assert.rejects(desk.vault.purge(false), /explicit confirmation/);
    const deleted = await desk.vault.deleteKey(identity.keyId, true);
    assert.ok(deleted.deletedAt);
    assert.equal(desk.vault.keys().length, 0);
    assert.equal(desk.vault.keys(true).length, 1);
    await assert.rejects(
      desk.exports.key({
        onboardingId: o.id,
        out: '/tmp/never.key',
        passphrase: 'export passphrase',
      }),
      /was deleted/,
    );
    await desk.vault.restoreKey(identity.keyId);
    assert.equal(desk.vault.keys().length, 1);
    await desk.vault.deleteKey(identity.keyId, true);
    assert.deepEqual(await desk.vault.purge(true), [identity.keyId]);
    assert.equal(desk.vault.keys(true).length, 0);
    assert.deepEqual(
      desk.audit
        .entries()
        .map((e) => e.action)
        .filter((a) => a.startsWith('key.')),
      ['key.generated', 'key.deleted', 'key.restored', 'key.deleted', 'key.purged'],
    );
  });

  it('stores its scrypt parameters and upgrades a weaker vault at unlock', async () => {
    const { desk, dataDir, clock } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'U',
      environment: 'preprod',
    });
    await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', commonName: 'U' });
    assert.deepEqual(
      JSON.parse(readFileSync(join(dataDir, 'vault', 'vault.json'), 'utf8')).kdf.N,
      TEST_KDF.N,
    );
    const { openDesk } = await import('../../electron/services/desk.js');
    const { openConfStore } = await import('../../electron/services/store.js');
    const stronger = openDesk({
      dataDir,
      store: openConfStore(dataDir),
      clock,
      kdf: { N: TEST_KDF.N * 2, r: 8, p: 1 },
    });
    const status = await stronger.vault.unlock(VAULT_PASSPHRASE);
    assert.equal(status.kdf!.N, TEST_KDF.N * 2);
    assert.ok(stronger.audit.entries().some((e) => e.action === 'vault.kdf-upgraded'));
    const again = openDesk({
      dataDir,
      store: openConfStore(dataDir),
      clock,
      kdf: { N: TEST_KDF.N * 2, r: 8, p: 1 },
    });
    await again.vault.unlock(VAULT_PASSPHRASE);
    await again.exports.key({
      onboardingId: o.id,
      out: join(dataDir, 'u.key'),
      passphrase: 'export passphrase',
    });
  });

  it('a damaged vault file gives one clear sentence and the key files stay untouched', async () => {
    const { desk, dataDir, clock } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'D',
      environment: 'preprod',
    });
    await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', commonName: 'D' });
    const headerPath = join(dataDir, 'vault', 'vault.json');
    const good = readFileSync(headerPath);
    const keys = readdirSync(join(dataDir, 'vault', 'keys')).map((f) =>
      readFileSync(join(dataDir, 'vault', 'keys', f)),
    );
    for (const damage of [
      good.subarray(0, good.length / 2),
      Buffer.from('{"format":"something else"}'),
      Buffer.alloc(0),
    ]) {
      writeFileSync(headerPath, damage);
      const fresh = newDesk(dataDir, clock).desk;
      await assert.rejects(
        fresh.vault.unlock(VAULT_PASSPHRASE),
        (e: Error & { code: string }) =>
          e.code === 'bad-input' &&
          /vault file .* is damaged/.test(e.message) &&
          !e.message.includes('\n'),
      );
      assert.deepEqual(
        readdirSync(join(dataDir, 'vault', 'keys')).map((f) =>
          readFileSync(join(dataDir, 'vault', 'keys', f)),
        ),
        keys,
      );
    }
    writeFileSync(headerPath, good);
    await newDesk(dataDir, clock).desk.vault.unlock(VAULT_PASSPHRASE);
    // A key file altered on disk is reported, not silently used.
    const keyPath = join(dataDir, 'vault', 'keys', readdirSync(join(dataDir, 'vault', 'keys'))[0]);
    const record = JSON.parse(readFileSync(keyPath, 'utf8'));
    const sealed = Buffer.from(record.sealed.data, 'base64');
    sealed[3] ^= 1;
    record.sealed.data = sealed.toString('base64');
    writeFileSync(keyPath, JSON.stringify(record));
    const fresh = newDesk(dataDir, clock).desk;
    await fresh.vault.unlock(VAULT_PASSPHRASE);
    await assert.rejects(
      fresh.exports.key({
        onboardingId: o.id,
        out: join(dataDir, 'x.key'),
        passphrase: 'export passphrase',
      }),
      /altered or damaged/,
    );
    clock.advance(DAY);
  });

  it('refuses a second init and a short master passphrase', async () => {
    const { desk } = await unlockedDesk();
    await assert.rejects(desk.vault.init('another passphrase'), { code: 'conflict' });
    await assert.rejects(newDesk().desk.vault.init('short'), /at least 8 characters/);
  });

  it('a damaged, doctored, deleted or rolled-back attempt counter keeps the delay (as many failures, audited), and the delay still ends', async () => {
    const clock = testClock();
    const { desk, dataDir } = await unlockedDesk(clock);
    desk.vault.lock();
    const counterPath = join(dataDir, 'vault', 'attempts.json');
    const now = clock.now().toISOString();
    // The vault's authenticated metadata says 1 attempt had been seen at the last success.
    await desk.vault.unlock(VAULT_PASSPHRASE);
    desk.vault.lock();
    for (const text of [
      null, // deleted
      `{"total":"many","lastAt":"${now}"}`,
      `{"total":"9","lastAt":"${now}"}`,
      `{"total":-4,"lastAt":"${now}"}`,
      `{"total":2.5,"lastAt":"${now}"}`,
      '{"total":9,"lastAt":"not a date"}',
      '{"total":9}',
      `{"total":0,"lastAt":"${now}"}`, // rolled back below what the vault saw
      '[]',
      'null',
      '{"total":',
    ]) {
      if (text === null) rmSync(counterPath, { force: true });
      else writeFileSync(counterPath, text);
      const fresh = newDesk(dataDir, clock).desk;
      assert.ok(fresh.vault.status().retryAfterMs > 0, String(text));
      await assert.rejects(
        fresh.vault.unlock(VAULT_PASSPHRASE),
        { code: 'too-many-attempts' },
        String(text),
      );
      const last = fresh.audit.entries().at(-1)!;
      assert.equal(last.action, 'vault.attempts-counter-reset', String(text));
      assert.equal(
        last.details.found,
        text === null ? 'missing' : text.includes('"total":0,') ? 'rolled back' : 'damaged',
      );
    }
    // Counted from when the counter was rewritten, not from each reading: the wait ends.
    clock.advance(10 * 60_000);
    assert.equal(
      (await newDesk(dataDir, clock).desk.vault.unlock(VAULT_PASSPHRASE)).unlocked,
      true,
    );
  });

  it('refuses a vault file asking for scrypt parameters beyond the caps, with one sentence', async () => {
    const { dataDir, clock } = await unlockedDesk();
    const headerPath = join(dataDir, 'vault', 'vault.json');
    const good = JSON.parse(readFileSync(headerPath, 'utf8'));
    for (const kdf of [
      { N: 2 ** 23 },
      { N: 2 ** 30 },
      { N: 3000 },
      { r: 1000 },
      { p: 1000 },
      { N: 2 ** 22, r: 64 },
    ]) {
      writeFileSync(headerPath, JSON.stringify({ ...good, kdf: { ...good.kdf, ...kdf } }));
      const fresh = newDesk(dataDir, clock).desk;
      assert.throws(
        () => fresh.vault.status(),
        (e: Error & { code: string }) =>
          e.code === 'bad-input' &&
          /scrypt parameters/.test(e.message) &&
          !e.message.includes('\n'),
        JSON.stringify(kdf),
      );
      await assert.rejects(
        fresh.vault.unlock(VAULT_PASSPHRASE),
        /scrypt parameters/,
        JSON.stringify(kdf),
      );
    }
    writeFileSync(headerPath, JSON.stringify(good));
    assert.equal(
      (await newDesk(dataDir, clock).desk.vault.unlock(VAULT_PASSPHRASE)).unlocked,
      true,
    );
  });

  it('a vault unlocked in one window locks itself once another changes the passphrase, instead of sealing keys under the old one', async () => {
    const { desk: app, dataDir, clock } = await unlockedDesk();
    const o = app.onboardings.create({
      program: 'tsh-classic',
      identifier: 'TWO',
      environment: 'preprod',
    });
    const cliRun = newDesk(dataDir, clock).desk;
    await cliRun.vault.changePassphrase(VAULT_PASSPHRASE, 'changed elsewhere');
    await assert.rejects(
      app.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', commonName: 'TWO' }),
      (e: Error & { code: string }) =>
        e.code === 'locked' && /changed by another mTLS Desk/.test(e.message),
    );
    assert.equal(app.vault.status().unlocked, false);
    await app.vault.unlock('changed elsewhere');
    const { identity } = await app.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p256',
      commonName: 'TWO',
    });
    const reopened = newDesk(dataDir, clock).desk;
    await reopened.vault.unlock('changed elsewhere');
    assert.equal(
      await reopened.vault.withPrivateKey(identity.keyId, (key) => key.asymmetricKeyType),
      'ec',
      'the key opens under the current passphrase',
    );
  });
});
