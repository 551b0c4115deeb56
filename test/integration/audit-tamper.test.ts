// The attacks of the security review, reproduced: someone who can edit every file in the data
// folder but does not know the master passphrase. T1 cut tail, T2 cut tail + edited head, T3 both
// files deleted while a vault exists, T4 middle entries removed and the chain recomputed, T5 an
// edited field with the chain recomputed, T6 a forged entry, T7 the log deleted then a normal
// command, T8 the tail cut then a normal command. Before the seals, each of these verified as
// "intact". Now `audit verify` (with the vault unlocked, as the CLI does it) fails on each with a
// sentence naming what happened; a checkpoint kept elsewhere catches a whole-folder rollback.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AuditProblem } from '../../electron/services/audit.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { readLog, rechain, writeLog } from '../helpers/audit-log.js';
import { newDesk, unlockedDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';

/** A data folder with a vault, keys, entries made unlocked and some made while locked (then sealed). */
async function busyFolder(): Promise<string> {
  const { desk, dataDir } = await unlockedDesk();
  const o = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'TAMPER',
    environment: 'preprod',
  });
  await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', commonName: 'TAMPER' });
  desk.vault.lock();
  // Made while locked: sealed by the next unlock's entry.
  desk.onboardings.create({ program: 'tsh-classic', identifier: 'LOCKED', environment: 'prod' });
  await desk.vault.unlock('not the passphrase').catch(() => undefined);
  await desk.vault.unlock(VAULT_PASSPHRASE);
  desk.onboardings.create({ program: 'tmg-merchant', identifier: 'LAST', environment: 'sandbox' });
  desk.close();
  return dataDir;
}

function copyOf(dataDir: string): string {
  const copy = tempDir('mtls-desk-tamper-');
  cpSync(dataDir, copy, { recursive: true });
  return copy;
}

/** What the person does: open the desk, unlock it with the passphrase, verify. */
async function verifyUnlocked(dir: string) {
  const { desk } = newDesk(dir);
  await desk.vault.unlock(VAULT_PASSPHRASE);
  const result = desk.audit.verify();
  desk.close();
  return result;
}

function assertProblem(
  result: { ok: boolean; problems: AuditProblem[] },
  kind: AuditProblem['problem'],
  message: RegExp,
  name: string,
): void {
  assert.equal(result.ok, false, `${name}: verify must fail`);
  assert.ok(
    result.problems.some((p) => p.problem === kind && message.test(p.message)),
    `${name}: ${JSON.stringify(result.problems, null, 1)}`,
  );
}

describe('audit trail against an attacker without the passphrase', () => {
  it('an untouched trail verifies, entries made while locked counted as sealed later', async () => {
    const dataDir = await busyFolder();
    const result = await verifyUnlocked(copyOf(dataDir));
    assert.deepEqual(result.problems, []);
    assert.equal(result.seals, 'verified');
    assert.ok(result.sealedLater >= 2, `locked-time entries sealed later: ${result.sealedLater}`);
    const entries = readLog(dataDir);
    assert.ok(entries.some((e) => e.action === 'vault.unlock-failed' && e.seal === undefined));
  });

  it('T1–T6: cut tail, cut tail with an edited head, both files deleted, entries removed and re-chained, a field edited and re-chained, a forged entry', async () => {
    const dataDir = await busyFolder();
    const original = readLog(dataDir);
    const n = original.length;

    // T1: the last three entries cut off.
    const t1 = copyOf(dataDir);
    writeLog(t1, original.slice(0, -3));
    assertProblem(
      await verifyUnlocked(t1),
      'trail-cut',
      new RegExp(
        `the trail was cut: when "vault.unlocked" was recorded at .*, the log ends at entry ${n - 3} although the vault recorded that entry ${n} had been written`,
      ),
      'T1',
    );

    // T2: the tail cut and the head rewritten to match the shorter log (its seal cannot be remade).
    const t2 = copyOf(dataDir);
    const cut = original.slice(0, -3);
    writeLog(t2, cut);
    writeFileSync(
      join(t2, 'audit.head.json'),
      JSON.stringify({ seq: cut.at(-1)!.seq, hash: cut.at(-1)!.hash }),
    );
    assertProblem(
      await verifyUnlocked(t2),
      'trail-cut',
      new RegExp(
        `the log ends at entry ${n - 3} although the vault recorded that entry ${n} had been written`,
      ),
      'T2',
    );
    // T3: both files deleted while the vault exists.
    const t3 = copyOf(dataDir);
    rmSync(join(t3, 'audit.log'));
    rmSync(join(t3, 'audit.head.json'));
    assertProblem(
      await verifyUnlocked(t3),
      'trail-cut',
      new RegExp(
        `the log and its head file were deleted although the vault recorded that entry ${n} had been written`,
      ),
      'T3',
    );

    // T4: two entries removed from the middle, the rest re-chained (seq, prev, hash recomputed).
    const t4 = copyOf(dataDir);
    const removed = rechain([...original.slice(0, 2), ...original.slice(4)]);
    writeLog(t4, removed);
    writeFileSync(
      join(t4, 'audit.head.json'),
      JSON.stringify({ seq: removed.at(-1)!.seq, hash: removed.at(-1)!.hash }),
    );
    assertProblem(
      await verifyUnlocked(t4),
      'rechained',
      /is intact but no longer where it was sealed: entries before it were removed, inserted or changed and the hash chain recomputed/,
      'T4',
    );

    // T5: who of entry 3 edited, the chain recomputed.
    const t5 = copyOf(dataDir);
    const edited = rechain(original.map((e, i) => (i === 2 ? { ...e, who: 'mallory' } : e)));
    assert.notEqual(edited[2].who, original[2].who);
    writeLog(t5, edited);
    writeFileSync(
      join(t5, 'audit.head.json'),
      JSON.stringify({ seq: edited.at(-1)!.seq, hash: edited.at(-1)!.hash }),
    );
    assertProblem(
      await verifyUnlocked(t5),
      'edited',
      new RegExp(
        `entry 3 \\(${original[2].action} at .*\\) does not match its seal: it was edited`,
      ),
      'T5',
    );

    // T6: a key.purged entry forged into the middle, the chain recomputed.
    const t6 = copyOf(dataDir);
    const forged = rechain([
      ...original.slice(0, 4),
      {
        ...original[3],
        action: 'key.purged',
        details: { key: 'k-0123456789abcdef0123' },
        seal: undefined,
      },
      ...original.slice(4),
    ]).map(({ seal, ...e }, i) => (i === 4 ? e : { ...e, ...(seal ? { seal } : {}) }));
    writeLog(t6, forged);
    writeFileSync(
      join(t6, 'audit.head.json'),
      JSON.stringify({ seq: forged.at(-1)!.seq, hash: forged.at(-1)!.hash }),
    );
    assertProblem(
      await verifyUnlocked(t6),
      'forged',
      /entry 5 \(key\.purged at .*\) is forged: "key\.purged" is only recorded with the vault unlocked, which seals it, and this entry carries no seal/,
      'T6',
    );
    // A forged entry given a seal copied from another entry does not match it either.
    const t6b = copyOf(dataDir);
    const copied = rechain([
      ...original.slice(0, 4),
      { ...original[3], action: 'key.purged', details: { key: 'k-0123456789abcdef0123' } },
      ...original.slice(4),
    ]);
    writeLog(t6b, copied);
    assertProblem(
      await verifyUnlocked(t6b),
      'edited',
      /entry 5 \(key\.purged at .*\) does not match its seal: it was edited after it was written, or forged/,
      'T6 with a copied seal',
    );

    // The untouched folder still verifies: every failure above came from the tampering.
    assert.deepEqual((await verifyUnlocked(copyOf(dataDir))).problems, []);
  });

  it('T7, T8: the log deleted or its tail cut, then a normal command: the append refuses to continue silently, records the cut, and verify reports it', async () => {
    const dataDir = await busyFolder();
    const n = readLog(dataDir).length;
    for (const [name, tamper, how] of [
      ['T7', (dir: string) => rmSync(join(dir, 'audit.log')), 'the log was deleted'],
      [
        'T8',
        (dir: string) => writeLog(dir, readLog(dir).slice(0, -2)),
        `the log ends at entry ${n - 2}`,
      ],
    ] as const) {
      const dir = copyOf(dataDir);
      tamper(dir);
      const env = { MTLS_DESK_DATA_DIR: dir, VP: VAULT_PASSPHRASE };
      // A normal command, vault locked (nobody types a passphrase for it).
      const create = await cli(
        ['onboarding', 'create', '--program', 'tsh-classic', '--id', 'AFTER', '--env', 'prod'],
        env,
      );
      assert.equal(create.code, 2, `${name}: ${create.stdout}${create.stderr}`);
      assert.match(
        create.stderr,
        new RegExp(
          `the audit trail was cut \\(${how}, but the vault records that entry ${n} was written\\): the cut is now recorded`,
        ),
        name,
      );
      const actions = readLog(dir).map((e) => e.action);
      assert.deepEqual(actions.slice(-2), ['audit.trail-cut', 'onboarding.created'], name);
      // The next command goes on (the cut is recorded), and verify keeps failing with the sentence.
      const next = await cli(['onboarding', 'list'], env);
      assert.equal(next.code, 0, name);
      const verify = await cli(['audit', 'verify', '--passphrase-env', 'VP'], env);
      assert.equal(verify.code, 1, `${name}: ${verify.stdout}${verify.stderr}`);
      assert.match(
        verify.stdout,
        new RegExp(
          `the trail was cut: when "onboarding.created" was recorded at .*, ${how} although the vault recorded that entry ${n} had been written`,
        ),
        name,
      );
      assert.doesNotMatch(verify.stdout, /intact/, name);
    }
  });

  it('the vault record of the trail and the head are authenticated: editing the anchor or the head seal is reported', async () => {
    const dataDir = await busyFolder();
    // The anchor in vault.json moved back (to hide a cut): the vault metadata no longer matches its seal.
    const a = copyOf(dataDir);
    const headerPath = join(a, 'vault', 'vault.json');
    const header = JSON.parse(readFileSync(headerPath, 'utf8'));
    header.meta.audit.seq -= 2;
    writeFileSync(headerPath, JSON.stringify(header));
    const { desk } = newDesk(a);
    await desk.vault.unlock(VAULT_PASSPHRASE);
    assertProblem(
      desk.audit.verify(),
      'anchor-altered',
      /the vault's record of the audit trail \(in vault\/vault.json\) was edited outside mtls-desk/,
      'anchor',
    );
    assert.match(desk.vault.status().tampered ?? '', /edited outside mtls-desk/);
    desk.close();
    // The head rewritten while the app has the vault unlocked: its seal no longer matches.
    const b = copyOf(dataDir);
    const open = newDesk(b).desk;
    await open.vault.unlock(VAULT_PASSPHRASE);
    const headPath = join(b, 'audit.head.json');
    const head = JSON.parse(readFileSync(headPath, 'utf8'));
    assert.equal(typeof head.seal, 'string', 'the head is sealed');
    const entries = readLog(b);
    writeLog(b, entries.slice(0, -1));
    writeFileSync(
      headPath,
      JSON.stringify({ ...head, seq: entries.at(-2)!.seq, hash: entries.at(-2)!.hash }),
    );
    assertProblem(
      open.audit.verify(),
      'head-edited',
      /the head file .*audit.head.json was edited: its seal does not match the entry it names/,
      'head',
    );
    open.close();
  });

  it('a checkpoint kept elsewhere catches a whole-folder rollback; an edited checkpoint is refused', async () => {
    const dataDir = await busyFolder();
    const before = copyOf(dataDir); // the attacker's copy of the folder, taken now
    const outside = join(tempDir('mtls-desk-outside-'), 'checkpoint.json');
    const env = { MTLS_DESK_DATA_DIR: dataDir, VP: VAULT_PASSPHRASE };
    const made = await cli(
      ['audit', 'checkpoint', '--out', outside, '--passphrase-env', 'VP'],
      env,
    );
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /checkpoint of entry \d+ written to/);
    const checkpoint = JSON.parse(readFileSync(outside, 'utf8'));
    assert.equal(checkpoint.format, 'mtls-desk-audit-checkpoint');
    const ok = await cli(
      ['audit', 'verify', '--checkpoint', outside, '--passphrase-env', 'VP'],
      env,
    );
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /the checkpoint of .* \(entry \d+\) is in the trail/);
    // The whole folder rolled back to the copy taken before the checkpoint: consistent in itself.
    rmSync(dataDir, { recursive: true });
    cpSync(before, dataDir, { recursive: true });
    const plain = await cli(['audit', 'verify', '--passphrase-env', 'VP'], env);
    assert.equal(plain.code, 0, 'a consistent rollback is invisible without the checkpoint');
    const rolledBack = await cli(
      ['audit', 'verify', '--checkpoint', outside, '--passphrase-env', 'VP'],
      env,
    );
    assert.equal(rolledBack.code, 1);
    assert.match(
      rolledBack.stdout,
      /the trail was (cut|rewritten) since the checkpoint of .*: (it held entry \d+|entry \d+ is not the entry it recorded)/,
    );
    // An edited checkpoint (moved back to match the rolled-back trail) does not match its seal.
    writeFileSync(outside, JSON.stringify({ ...checkpoint, seq: 1 }));
    const forgedCheckpoint = await cli(
      ['audit', 'verify', '--checkpoint', outside, '--passphrase-env', 'VP'],
      env,
    );
    assert.equal(forgedCheckpoint.code, 1);
    assert.match(forgedCheckpoint.stdout, /was not made by this vault, or was edited/);
    writeFileSync(outside, 'not json');
    const notOne = await cli(
      ['audit', 'verify', '--checkpoint', outside, '--passphrase-env', 'VP'],
      env,
    );
    assert.equal(notOne.code, 2);
    assert.match(notOne.stderr, /is not an mTLS Desk audit checkpoint/);
  });
});
