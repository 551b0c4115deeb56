// The audit trail: who (the OS user), when, what (ids and fingerprints, never a secret), each entry
// chained to the one before; verify finds an edited, removed, reordered or cut-off entry.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AuditLog } from '../../electron/services/audit.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { newDesk, testClock, unlockedDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';

async function busyDesk() {
  const made = await unlockedDesk();
  const { desk, dataDir } = made;
  const o = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'AUD',
    environment: 'preprod',
  });
  await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', commonName: 'AUD' });
  desk.vault.lock();
  await desk.vault.unlock(VAULT_PASSPHRASE);
  await desk.vault.changePassphrase(VAULT_PASSPHRASE, 'second passphrase');
  await desk.exports.pkcs12({
    onboardingId: o.id,
    out: join(dataDir, 'a.p12'),
    passphrase: 'export passphrase',
    preset: 'modern',
  });
  desk.onboardings.recordTest(o.id, {
    direction: 'inbound',
    ok: true,
    summary: 'handshake ok',
    result: {},
  });
  return { ...made, onboardingId: o.id, logPath: join(dataDir, 'audit.log') };
}

describe('audit trail', () => {
  it('records who, when and what for every sensitive action, and never a secret', async () => {
    const { desk } = await busyDesk();
    const entries = desk.audit.entries();
    assert.deepEqual(
      entries.map((e) => e.action),
      [
        'vault.initialized',
        'onboarding.created',
        'key.generated',
        'certificate.created',
        'vault.unlocked',
        'vault.passphrase-changed',
        'export.p12',
        'connection-test.run',
      ],
    );
    assert.ok(entries.every((e) => e.who === userInfo().username));
    assert.deepEqual(
      entries.map((e) => e.seq),
      entries.map((_, i) => i + 1),
    );
    const text = JSON.stringify(entries);
    for (const secret of [
      VAULT_PASSPHRASE,
      'second passphrase',
      'export passphrase',
      'PRIVATE KEY',
    ])
      assert.ok(!text.includes(secret), secret);
    assert.match(text, /"sha256Fingerprint":"[0-9A-F:]{95}"/);
    assert.ok(
      entries.every((e) => e.seal !== undefined),
      'every entry was made with the vault unlocked, so every entry is sealed',
    );
    assert.deepEqual(desk.audit.verify(), {
      ok: true,
      entries: entries.length,
      problems: [],
      seals: 'verified',
      sealedLater: 0,
      unsealed: 0,
    });
  });

  it('detects an edited entry, a removed one, two swapped, and entries cut off the end', async () => {
    const { logPath, dataDir } = await busyDesk();
    const original = readFileSync(logPath, 'utf8');
    const lines = original.trimEnd().split('\n');
    const cases: Array<[string, string[], RegExp]> = [
      [
        'edited',
        lines.map((l, i) => (i === 3 ? l.replace('"commonName":"AUD"', '"commonName":"EVE"') : l)),
        /entry 4 \(certificate.created.*\) was changed/,
      ],
      [
        'removed',
        lines.filter((_, i) => i !== 2),
        /entry 3 .* does not follow the entry before it/,
      ],
      ['reordered', [lines[0], lines[2], lines[1], ...lines.slice(3)], /does not follow/],
      ['cut off the end', lines.slice(0, -2), /entries were removed from the end/],
    ];
    for (const [name, tampered, message] of cases) {
      writeFileSync(logPath, tampered.join('\n') + '\n');
      const result = newDesk(dataDir).desk.audit.verify();
      assert.equal(result.ok, false, name);
      assert.ok(
        result.problems.some((p) => message.test(p.message)),
        `${name}: ${JSON.stringify(result.problems)}`,
      );
    }
    // The edit in the first case did happen: the line changed (the test would prove nothing otherwise).
    assert.notEqual(cases[0][1][3], lines[3]);
    writeFileSync(logPath, original);
    assert.equal(newDesk(dataDir).desk.audit.verify().ok, true);
  });

  it('a torn last line from a crash is not tampering; the next entry repairs the end', async () => {
    const { desk, logPath, dataDir } = await busyDesk();
    appendFileSync(logPath, '{"seq":9,"at":"2026-');
    assert.equal(desk.audit.verify().ok, true);
    const fresh = newDesk(dataDir).desk;
    fresh.onboardings.create({ program: 'tsh-classic', identifier: 'AFTER', environment: 'prod' });
    const entries = fresh.audit.entries();
    assert.equal(entries.at(-1)!.action, 'onboarding.created');
    assert.equal(entries.at(-1)!.seq, 9);
    assert.equal(fresh.audit.verify().ok, true);
  });

  it('mtls-desk audit verify exits 0 when intact and 1 when tampered; show --json lists the entries', async () => {
    const { logPath, dataDir } = await busyDesk();
    const env = { MTLS_DESK_DATA_DIR: dataDir, VP: 'second passphrase' };
    const ok = await cli(['audit', 'verify', '--passphrase-env', 'VP'], env);
    assert.equal(ok.code, 0, ok.stderr);
    // verify unlocks the vault to check the seals: the unlock (and the KDF upgrade to the CLI's cost) are entries 9 and 10.
    assert.match(ok.stdout, /audit trail intact: 10 entries, hash chain and seals verified/);
    const show = await cli(['audit', 'show', '--json'], env);
    assert.equal(JSON.parse(show.stdout).entries.length, 10);
    const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n');
    writeFileSync(logPath, [...lines.slice(0, 4), ...lines.slice(5)].join('\n') + '\n');
    const broken = await cli(['audit', 'verify', '--json', '--passphrase-env', 'VP'], env);
    assert.equal(broken.code, 1);
    assert.equal(JSON.parse(broken.stdout).ok, false);
  });

  it('an entry stripped of its details, or with fields of the wrong kind, is reported as edited (exit 1, not a crash)', async () => {
    const { logPath, dataDir } = await busyDesk();
    const env = { MTLS_DESK_DATA_DIR: dataDir, VP: 'second passphrase' };
    const original = readFileSync(logPath, 'utf8');
    const lines = original.trimEnd().split('\n');
    // Each verify unlocks (one more entry, a new head and anchor): the folder is put back each time.
    const snapshot = tempDir('mtls-desk-snapshot-');
    cpSync(dataDir, snapshot, { recursive: true });
    const restore = () => {
      rmSync(dataDir, { recursive: true });
      cpSync(snapshot, dataDir, { recursive: true });
    };
    const edits: Array<[string, (entry: Record<string, unknown>) => void]> = [
      ['details removed', (e) => delete e.details],
      ['details not an object', (e) => (e.details = 'none')],
      ['seq a string', (e) => (e.seq = String(e.seq))],
      ['hash removed', (e) => delete e.hash],
      ['action a number', (e) => (e.action = 7)],
    ];
    for (const [name, edit] of edits) {
      restore();
      const entry = JSON.parse(lines[2]) as Record<string, unknown>;
      edit(entry);
      writeFileSync(
        logPath,
        [...lines.slice(0, 2), JSON.stringify(entry), ...lines.slice(3)].join('\n') + '\n',
      );
      const result = await cli(['audit', 'verify', '--json', '--passphrase-env', 'VP'], env);
      assert.equal(result.code, 1, `${name}: ${result.stdout}${result.stderr}`);
      const problems = JSON.parse(result.stdout).problems as Array<{
        line: number;
        problem: string;
      }>;
      assert.ok(
        problems.some((p) => p.line === 3 && p.problem === 'edited'),
        `${name}: ${JSON.stringify(problems)}`,
      );
      assert.equal((await cli(['audit', 'show'], env)).code, 0, `${name}: show still works`);
    }
    restore();
    assert.equal((await cli(['audit', 'verify', '--passphrase-env', 'VP'], env)).code, 0);
  });

  it('a corrupted last entry does not stop the desk: later actions are recorded and verify names the damaged line', async () => {
    const { logPath, dataDir } = await busyDesk();
    const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n');
    writeFileSync(
      logPath,
      [...lines.slice(0, -1), lines.at(-1)!.replace('{', '#')].join('\n') + '\n',
    );
    const { desk } = newDesk(dataDir);
    await desk.vault.unlock('second passphrase');
    desk.onboardings.create({ program: 'tsh-classic', identifier: 'LATER', environment: 'prod' });
    const entries = desk.audit.entries();
    assert.deepEqual(
      entries.slice(-2).map((e) => [e.seq, e.action]),
      [
        [9, 'vault.unlocked'],
        [10, 'onboarding.created'],
      ],
    );
    const result = desk.audit.verify();
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.problems.map((p) => [p.line, p.problem]),
      [[8, 'unreadable']],
    );
  });

  it('vault init works on a data folder whose audit log is damaged, and verify reports the damage', async () => {
    const { desk, dataDir } = newDesk();
    writeFileSync(join(dataDir, 'audit.log'), 'not an entry\n');
    await desk.vault.init(VAULT_PASSPHRASE);
    assert.equal(desk.vault.status().initialized, true);
    const result = desk.audit.verify();
    assert.deepEqual(
      result.problems.map((p) => [p.line, p.problem]),
      [[1, 'unreadable']],
    );
    assert.equal(desk.audit.entries().at(-1)!.action, 'vault.initialized');
  });

  it('vault init that cannot record itself in the audit trail leaves no vault behind', async () => {
    const { desk, dataDir } = newDesk();
    mkdirSync(join(dataDir, 'audit.log'));
    await assert.rejects(
      desk.vault.init(VAULT_PASSPHRASE),
      (e: Error & { code?: string }) =>
        e.code === 'unreadable-input' && /audit trail .* cannot be written/.test(e.message),
    );
    assert.equal(existsSync(join(dataDir, 'vault', 'vault.json')), false);
    assert.equal(desk.vault.status().initialized, false);
    rmSync(join(dataDir, 'audit.log'), { recursive: true });
    await desk.vault.init(VAULT_PASSPHRASE);
    assert.equal(desk.vault.status().initialized, true);
  });

  it('entries cut off the end with the head file removed or damaged are still detected; an intact log without its head too', async () => {
    const { logPath, dataDir } = await busyDesk();
    const headPath = join(dataDir, 'audit.head.json');
    const original = readFileSync(logPath, 'utf8');
    const head = readFileSync(headPath, 'utf8');
    const cut = original.trimEnd().split('\n').slice(0, -2).join('\n') + '\n';
    for (const [name, log, headText] of [
      ['cut, head removed', cut, null],
      ['cut, head damaged', cut, '{"seq":'],
      ['intact, head removed', original, null],
    ] as const) {
      writeFileSync(logPath, log);
      if (headText === null) rmSync(headPath, { force: true });
      else writeFileSync(headPath, headText);
      const result = newDesk(dataDir).desk.audit.verify();
      assert.equal(result.ok, false, name);
      assert.ok(
        result.problems.some(
          (p) => p.problem === 'truncated-end' && /audit.head.json/.test(p.message),
        ),
        `${name}: ${JSON.stringify(result.problems)}`,
      );
    }
    writeFileSync(logPath, original);
    writeFileSync(headPath, head);
    assert.equal(newDesk(dataDir).desk.audit.verify().ok, true);
    // An empty trail needs no head.
    assert.equal(newDesk().desk.audit.verify().ok, true);
  });

  it('hashes details in code-unit key order, whatever the locale', () => {
    const dir = tempDir();
    const log = new AuditLog(dir, testClock(), 'someone');
    const entry = log.append('onboarding.created', { b: 1, a: 2, B: 3, _x: 4 });
    const canonical = JSON.stringify([
      entry.seq,
      entry.at,
      entry.who,
      entry.action,
      [
        ['B', 3],
        ['_x', 4],
        ['a', 2],
        ['b', 1],
      ],
      entry.prev,
    ]);
    assert.equal(entry.hash, createHash('sha256').update(canonical).digest('hex'));
  });

  it('a last line longer than the tail it reads is kept whole, not cut', () => {
    const dir = tempDir();
    const junk = 'x'.repeat(100_000);
    writeFileSync(join(dir, 'audit.log'), junk);
    const log = new AuditLog(dir, testClock(), 'someone');
    log.append('onboarding.created', { onboarding: 'a' });
    const text = readFileSync(join(dir, 'audit.log'), 'utf8');
    assert.ok(text.startsWith(junk + '\n'), 'the long line is still there, whole');
    assert.deepEqual(
      log.verify().problems.map((p) => [p.line, p.problem]),
      [[1, 'unreadable']],
    );
    assert.equal(log.entries().length, 1);
  });
});
