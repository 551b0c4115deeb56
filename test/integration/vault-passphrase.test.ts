// One passphrase path: unlock, passphrase change and re-authentication before an export all go
// through one attempt counter, recorded before the key is derived, serialized across processes,
// kept against deletion and rollback, and audited. The vault's metadata (which keys exist, their
// algorithm and deleted state) is authenticated, GCM tags are 16 bytes, and one rule decides the
// minimum passphrase length and the auto-lock limits everywhere.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { seal, unseal } from '../../electron/services/vault/format.js';
import { requestSchemas } from '../../shared/ipc-contract.js';
import { MIN_PASSPHRASE_LENGTH, passphraseStrength } from '../../shared/passphrase.js';
import { AUTO_LOCK_MINUTES } from '../../shared/settings.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import {
  newDesk,
  testClock,
  unlockedDesk,
  VAULT_PASSPHRASE,
  type TestClock,
} from './desk-fixtures.js';

const child = fileURLToPath(new URL('./vault-passphrase.child.ts', import.meta.url));

async function deskWithKey(clock = testClock()) {
  const made = await unlockedDesk(clock);
  const o = made.desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'PASS',
    environment: 'preprod',
  });
  const { identity } = await made.desk.identity.generate({
    onboardingId: o.id,
    algorithm: 'ec-p256',
    commonName: 'PASS',
  });
  return { ...made, onboardingId: o.id, keyId: identity.keyId };
}

function frozenClock(): TestClock {
  let at = Date.now();
  return {
    now: () => new Date(at),
    set: (v) => void (at = typeof v === 'number' ? v : Date.parse(v)),
    advance: (ms) => void (at += ms),
  };
}

function failures(desk: ReturnType<typeof newDesk>['desk'], purpose: string) {
  return desk.audit
    .entries()
    .filter((e) => e.action === 'vault.unlock-failed' && e.details.purpose === purpose);
}

describe('one passphrase path', () => {
  it('a wrong current passphrase in change-passphrase is counted, delayed and audited: no guessing oracle', async () => {
    // A clock that moves only when told: the delays are judged the same however slow scrypt runs.
    const clock = frozenClock();
    const { desk, dataDir } = await unlockedDesk(clock);
    const passphraseState = () => {
      const { generation, kdf, check, secret } = JSON.parse(
        readFileSync(join(dataDir, 'vault', 'vault.json'), 'utf8'),
      );
      return { generation, kdf, check, secret };
    };
    const before = passphraseState();
    // The first guess through the CLI (exit 2, one sentence), the next ones through the service the IPC handler calls.
    const env = { MTLS_DESK_DATA_DIR: dataDir, OLD: 'guess one', NEW: 'attacker passphrase' };
    const viaCli = await cli(
      ['vault', 'change-passphrase', '--passphrase-env', 'OLD', '--new-passphrase-env', 'NEW'],
      env,
    );
    assert.equal(viaCli.code, 2);
    assert.equal(
      viaCli.stderr,
      'mtls-desk vault: wrong current master passphrase: nothing was changed\n',
    );
    await assert.rejects(desk.vault.changePassphrase('guess two', 'attacker passphrase'), {
      code: 'wrong-passphrase',
      message: 'wrong current master passphrase: nothing was changed',
    });
    await assert.rejects(
      desk.vault.changePassphrase('guess three', 'attacker passphrase'),
      (e: Error & { code: string }) =>
        e.code === 'wrong-passphrase' && /nothing was changed; wait 1 s/.test(e.message),
    );
    // Now even the right one waits, in change-passphrase and in unlock alike (one counter).
    await assert.rejects(desk.vault.changePassphrase(VAULT_PASSPHRASE, 'attacker passphrase'), {
      code: 'too-many-attempts',
    });
    await assert.rejects(newDesk(dataDir, clock).desk.vault.unlock(VAULT_PASSPHRASE), {
      code: 'too-many-attempts',
    });
    assert.deepEqual(passphraseState(), before, 'the passphrase did not change');
    assert.deepEqual(
      failures(desk, 'change-passphrase').map((e) => e.details.failures),
      [1, 2, 3],
    );
    // Well past the delay (the counter never dates an attempt before its file was written, in real time).
    clock.advance(600_000);
    await desk.vault.changePassphrase(VAULT_PASSPHRASE, 'the new passphrase');
    assert.equal(desk.vault.status().retryAfterMs, 0, 'a success clears the delay');
    assert.ok(desk.audit.verify().ok, JSON.stringify(desk.audit.verify().problems));
  });

  it('exporting a private key asks for the master passphrase again, through the same counter', async () => {
    const clock = testClock();
    const { desk, dataDir, onboardingId } = await deskWithKey(clock);
    const out = join(dataDir, 'client.key.pem');
    await assert.rejects(
      desk.exports.key({
        onboardingId,
        out,
        passphrase: 'export passphrase',
        masterPassphrase: 'not the passphrase',
      }),
      { code: 'wrong-passphrase', message: 'wrong master passphrase: nothing was exported' },
    );
    assert.equal(existsSync(out), false);
    assert.equal(failures(desk, 'export').length, 1);
    await desk.exports.key({
      onboardingId,
      out,
      passphrase: 'export passphrase',
      masterPassphrase: VAULT_PASSPHRASE,
    });
    assert.match(readFileSync(out, 'utf8'), /BEGIN ENCRYPTED PRIVATE KEY/);
    // From a locked vault (the CLI's case), the same call unlocks it with the one check.
    desk.vault.lock();
    const p12 = join(dataDir, 'client.p12');
    await desk.exports.pkcs12({
      onboardingId,
      out: p12,
      passphrase: 'export passphrase',
      preset: 'modern',
      masterPassphrase: VAULT_PASSPHRASE,
    });
    assert.ok(existsSync(p12));
    // The IPC request carries the master passphrase, and the app refuses a key export without it.
    assert.equal(
      requestSchemas['export.deployment'].safeParse({
        onboardingId,
        format: 'key',
        passphrase: 'export passphrase',
        masterPassphrase: VAULT_PASSPHRASE,
      }).success,
      true,
    );
  });

  it('deleting the counter after failures does not reset the delay: it counts as many failures', async () => {
    const clock = testClock();
    const { desk, dataDir } = await unlockedDesk(clock);
    desk.vault.lock();
    for (const guess of ['a wrong one', 'another wrong', 'a third wrong'])
      await desk.vault.unlock(guess).catch(() => undefined);
    rmSync(join(dataDir, 'vault', 'attempts.json'));
    const fresh = newDesk(dataDir, clock).desk;
    await assert.rejects(fresh.vault.unlock(VAULT_PASSPHRASE), { code: 'too-many-attempts' });
    assert.ok(fresh.vault.status().retryAfterMs > 60_000, 'longer than the 1 s it had reached');
    assert.equal(fresh.audit.entries().at(-1)!.action, 'vault.attempts-counter-reset');
  });

  it('parallel guesses from several processes are serialized: the delay applies to them', async () => {
    const clock = testClock();
    const { desk, dataDir } = await unlockedDesk(clock);
    desk.vault.lock();
    // Eight failures an hour ago: the next guess is allowed, and after it every guess waits 64 s.
    const seen = JSON.parse(readFileSync(join(dataDir, 'vault', 'vault.json'), 'utf8')).meta
      .attemptsSeen as number;
    const hourAgo = new Date(Date.now() - 3_600_000);
    const counter = join(dataDir, 'vault', 'attempts.json');
    writeFileSync(counter, JSON.stringify({ total: seen + 8, lastAt: hourAgo.toISOString() }));
    utimesSync(counter, hourAgo, hourAgo);
    const barrier = join(tempDir('mtls-desk-barrier-'), 'go');
    const children = Array.from({ length: 6 }, () => {
      const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, barrier, 'guess'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const guard = setTimeout(() => proc.kill('SIGKILL'), 180_000);
      let out = '';
      let err = '';
      proc.stdout.on('data', (d) => (out += d));
      proc.stderr.on('data', (d) => (err += d));
      // Ready once it says so, or once it is gone (its outcome then says why).
      let closed = false;
      proc.on('close', () => (closed = true));
      const ready = new Promise<void>((resolve) => {
        const check = () => (out.includes('ready') || closed ? resolve() : setTimeout(check, 10));
        check();
      });
      const done = new Promise<string>((resolve) =>
        proc.on('close', () => {
          clearTimeout(guard);
          resolve(out.split('\n').filter(Boolean).at(-1) ?? `no output: ${err}`);
        }),
      );
      return { ready, done };
    });
    await Promise.all(children.map((c) => c.ready));
    writeFileSync(barrier, '');
    const outcomes = (await Promise.all(children.map((c) => c.done))).sort();
    assert.deepEqual(outcomes, [
      'too-many-attempts',
      'too-many-attempts',
      'too-many-attempts',
      'too-many-attempts',
      'too-many-attempts',
      'wrong-passphrase',
    ]);
    assert.equal(failures(desk, 'unlock').length, 1, 'the one guess made is audited');
  });

  it('editing the JSON to un-delete a key is detected; so is editing the vault metadata to match', async () => {
    const { desk, dataDir, keyId } = await deskWithKey();
    await desk.vault.deleteKey(keyId, true);
    const keysDir = join(dataDir, 'vault', 'keys');
    const file = join(
      keysDir,
      readdirSync(keysDir).find((f) => f.startsWith(keyId))!,
    );
    const deleted = readFileSync(file, 'utf8');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(deleted), deletedAt: null }));
    const fresh = newDesk(dataDir).desk;
    await fresh.vault.unlock(VAULT_PASSPHRASE);
    assert.deepEqual(fresh.vault.keys(true), [], 'the altered key is not listed as a key');
    assert.match(fresh.vault.status().damagedKeyFiles.join(), /altered outside mtls-desk/);
    await assert.rejects(
      fresh.vault.withPrivateKey(keyId, () => 'used'),
      (e: Error & { code: string }) =>
        e.code === 'tampered' &&
        /key .* was altered outside mtls-desk: its file no longer matches the vault's authenticated list/.test(
          e.message,
        ),
    );
    fresh.close();
    // The attacker also rewrites the digest in vault.json: the metadata's seal no longer matches.
    const headerPath = join(dataDir, 'vault', 'vault.json');
    const header = JSON.parse(readFileSync(headerPath, 'utf8'));
    const { recordDigest, parseKeyRecord } =
      await import('../../electron/services/vault/format.js');
    header.meta.keys[keyId] = recordDigest(parseKeyRecord(readFileSync(file, 'utf8'), file));
    writeFileSync(headerPath, JSON.stringify(header));
    const other = newDesk(dataDir).desk;
    await other.vault.unlock(VAULT_PASSPHRASE);
    assert.match(other.vault.status().tampered ?? '', /was edited outside mtls-desk/);
    await assert.rejects(
      other.vault.withPrivateKey(keyId, () => 'used'),
      { code: 'tampered' },
    );
    assert.ok(other.audit.entries().some((e) => e.action === 'vault.metadata-altered'));
    // Put back as it was: the tombstone is recognised again.
    writeFileSync(file, deleted);
    other.close();
  });

  it('a vault file stripped of its secret, or rewritten as format 1 without its metadata, is refused', async () => {
    const { dataDir } = await unlockedDesk();
    const headerPath = join(dataDir, 'vault', 'vault.json');
    const header = JSON.parse(readFileSync(headerPath, 'utf8'));
    const { secret: _secret, ...noSecret } = header;
    void _secret;
    writeFileSync(headerPath, JSON.stringify(noSecret));
    await assert.rejects(newDesk(dataDir).desk.vault.unlock(VAULT_PASSPHRASE), {
      code: 'tampered',
      message: new RegExp('lost its authenticated metadata \\(secret is missing\\)'),
    });
    const { secret: _s, meta: _m, ...downgraded } = header;
    void _s;
    void _m;
    writeFileSync(headerPath, JSON.stringify({ ...downgraded, version: 1 }));
    await assert.rejects(newDesk(dataDir).desk.vault.unlock(VAULT_PASSPHRASE), {
      code: 'tampered',
      message: /rewritten as an older format with its authenticated metadata removed/,
    });
  });

  it('a GCM tag shorter than 16 bytes is refused, even when it is the true tag cut short', () => {
    const key = randomBytes(32);
    const sealed = seal(key, Buffer.from('a private key'), 'aad');
    assert.equal(Buffer.from(sealed.tag, 'base64').length, 16);
    assert.equal(unseal(key, sealed, 'aad')?.toString(), 'a private key');
    for (const bytes of [4, 8, 12, 15]) {
      const cut = Buffer.from(sealed.tag, 'base64').subarray(0, bytes).toString('base64');
      assert.equal(unseal(key, { ...sealed, tag: cut }, 'aad'), null, `${bytes}-byte tag`);
    }
  });

  it('one minimum length and one auto-lock range, the same in the vault, the export, the CLI and the IPC schema', async () => {
    const short = 'abc';
    assert.ok(short.length < MIN_PASSPHRASE_LENGTH);
    await assert.rejects(newDesk().desk.vault.init(short), {
      code: 'bad-input',
      message: /the master passphrase must have at least 8 characters \(it has 3\)/,
    });
    const dataDir = tempDir('mtls-desk-data-');
    const viaCli = await cli(['vault', 'init', '--passphrase-env', 'P'], {
      MTLS_DESK_DATA_DIR: dataDir,
      P: short,
    });
    assert.equal(viaCli.code, 2);
    assert.match(viaCli.stderr, /at least 8 characters/);
    const { desk, onboardingId } = await deskWithKey();
    await assert.rejects(
      desk.exports.key({ onboardingId, out: join(tempDir(), 'k.pem'), passphrase: short }),
      { message: /the export passphrase must have at least 8 characters \(it has 3\)/ },
    );
    assert.equal(passphraseStrength(short).level, 'too short');
    assert.equal(passphraseStrength('aaaaaaaa').level, 'weak');
    assert.equal(passphraseStrength('four random words together').level, 'strong');
    // 0 means never lock: accepted by the desk, the CLI and the IPC schema; past the maximum refused by all three.
    const schema = requestSchemas['settings.update'];
    assert.equal(schema.safeParse({ autoLockMinutes: AUTO_LOCK_MINUTES.never }).success, true);
    assert.equal(schema.safeParse({ autoLockMinutes: AUTO_LOCK_MINUTES.max + 1 }).success, false);
    assert.equal(desk.settings.update({ autoLockMinutes: 0 }).autoLockMinutes, 0);
    assert.throws(() => desk.settings.update({ autoLockMinutes: AUTO_LOCK_MINUTES.max + 1 }), {
      message: /from 0 \(never lock\) to 1440/,
    });
    const env = { MTLS_DESK_DATA_DIR: desk.dataDir };
    const never = await cli(['vault', 'settings', '--auto-lock-minutes', '0'], env);
    assert.match(never.stdout, /auto-lock: never/);
  });
});
