// Deleting an onboarding: confirmed by its identifier, audited, undoable (Recently deleted, with
// its vault keys tombstoned and brought back), and purged for good: no line of it left in the
// inventory files, its test-run files and its key files gone, its key never again usable.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { UserError } from '../../electron/services/errors.js';
import { cli } from '../helpers/cli.js';
import { newDesk, unlockedDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

function inventoryText(dataDir: string): string {
  return filesUnder(join(dataDir, 'inventory'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

const rejects = (work: Promise<unknown>, code: string, field?: string) =>
  assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof UserError, String(error));
    assert.equal(error.code, code, error.message);
    if (field) assert.equal(error.details.field, field);
    return true;
  });

it('delete, restore and purge an onboarding with its vault key and test runs', async () => {
  const { desk, dataDir } = await unlockedDesk();
  const gone = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'GONE01',
    environment: 'preprod',
  });
  const kept = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'KEPT01',
    environment: 'preprod',
  });
  const { identity } = await desk.identity.generate({
    onboardingId: gone.id,
    algorithm: 'ec-p256',
    commonName: 'GONE01 client',
  });
  await desk.identity.generate({
    onboardingId: kept.id,
    algorithm: 'ec-p256',
    commonName: 'KEPT01 client',
  });
  const keyId = identity.keyId;
  desk.onboardings.recordTest(gone.id, {
    direction: 'inbound',
    ok: true,
    summary: 'ok',
    result: { marker: 'GONE01-run' },
  });
  const runFiles = () => filesUnder(join(dataDir, 'test-runs'));
  assert.equal(runFiles().length, 1);
  const keyFiles = () => filesUnder(join(dataDir, 'vault')).filter((f) => f.includes(keyId));
  assert.equal(keyFiles().length, 1, filesUnder(dataDir).join('\n'));
  const audited = (action: string) =>
    desk.audit.entries().filter((e) => e.action === action && e.details.onboarding === gone.id)
      .length;

  // Not confirmed: nothing changes; the refusal names the confirm field.
  await rejects(desk.onboardings.delete(gone.id, 'GONE02'), 'bad-input', 'confirm');
  assert.equal(desk.onboardings.get(gone.id).deletedAt, null);

  // Deleted: out of the list and the expiry scan, under Recently deleted; its key tombstoned.
  await desk.onboardings.delete(gone.id, 'GONE01');
  assert.deepEqual(
    desk.onboardings.list().map((o) => o.id),
    [kept.id],
  );
  assert.deepEqual(
    desk.onboardings.listDeleted().map((o) => o.id),
    [gone.id],
  );
  assert.ok(desk.onboardings.expiryScan().every((e) => e.onboardingId !== gone.id));
  assert.notEqual(desk.vault.keys(true).find((k) => k.id === keyId)!.deletedAt, null);
  await assert.rejects(
    desk.vault.withPrivateKey(keyId, () => 1),
    /deleted/,
  );
  assert.equal(audited('onboarding.deleted'), 1);
  // The same id cannot be made again while it can be restored.
  assert.throws(
    () =>
      desk.onboardings.create({
        program: 'tsh-classic',
        identifier: 'GONE01',
        environment: 'preprod',
      }),
    /Recently deleted/,
  );

  // Restored: back in the list, its key usable again.
  await desk.onboardings.restoreDeleted(gone.id);
  assert.equal(desk.onboardings.list().length, 2);
  assert.equal(desk.vault.keys(true).find((k) => k.id === keyId)!.deletedAt, null);
  assert.equal(await desk.vault.withPrivateKey(keyId, () => 'usable'), 'usable');
  assert.equal(audited('onboarding.undeleted'), 1);

  // Purge needs it deleted first, and the identifier typed.
  await rejects(desk.onboardings.purge(gone.id, 'GONE01'), 'conflict');
  await desk.onboardings.delete(gone.id, 'GONE01');
  await rejects(desk.onboardings.purge(gone.id, ''), 'bad-input', 'confirm');
  // With the vault locked, nothing is removed: the key must go with it.
  desk.vault.lock();
  await rejects(desk.onboardings.purge(gone.id, 'GONE01'), 'locked');
  assert.equal(keyFiles().length, 1);
  await desk.vault.unlock(VAULT_PASSPHRASE);

  const purged = await desk.onboardings.purge(gone.id, 'GONE01');
  assert.deepEqual(purged.purgedKeys, [keyId]);
  assert.equal(audited('onboarding.purged'), 1);
  assert.deepEqual(keyFiles(), []);
  assert.deepEqual(runFiles(), []);
  assert.doesNotMatch(inventoryText(dataDir), /GONE01/);
  assert.match(inventoryText(dataDir), /KEPT01/);
  assert.deepEqual(desk.onboardings.listDeleted(), []);
  await rejects(
    desk.vault.withPrivateKey(keyId, () => 1),
    'not-found',
  );
  assert.equal(desk.audit.verify().ok, true);

  // A fresh process reading the files sees the same: the purged onboarding and its key are gone.
  const reopened = newDesk(dataDir).desk;
  assert.deepEqual(
    reopened.onboardings.list().map((o) => o.id),
    [kept.id],
  );
  assert.deepEqual(reopened.onboardings.listDeleted(), []);
  assert.ok(reopened.vault.keys(true).every((k) => k.id !== keyId));
  // And the identifier can be used again.
  reopened.onboardings.create({
    program: 'tsh-classic',
    identifier: 'GONE01',
    environment: 'preprod',
  });
});

it('an onboarding without vault keys is deleted and restored with the vault locked', async () => {
  const { desk } = await unlockedDesk();
  const o = desk.onboardings.create({
    program: 'd1-ecom',
    identifier: 'MGW_000777',
    environment: 'preprod',
  });
  desk.vault.lock();
  await desk.onboardings.delete(o.id, 'MGW_000777');
  assert.notEqual(desk.onboardings.get(o.id).deletedAt, null);
  await desk.onboardings.restoreDeleted(o.id);
  assert.equal(desk.onboardings.get(o.id).deletedAt, null);
});

it('mtls-desk onboarding delete / deleted / restore / purge, confirmed by the identifier', async () => {
  const { desk, dataDir } = await unlockedDesk();
  const o = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'CLI01',
    environment: 'prod',
  });
  const { identity } = await desk.identity.generate({
    onboardingId: o.id,
    algorithm: 'ec-p256',
    commonName: 'CLI01 client',
  });
  const env = { MTLS_DESK_DATA_DIR: dataDir, VP: VAULT_PASSPHRASE };
  const unconfirmed = await cli(['onboarding', 'delete', o.id, '--confirm', 'CLI02'], env);
  assert.equal(unconfirmed.code, 2, unconfirmed.stdout + unconfirmed.stderr);
  assert.match(unconfirmed.stderr, /type the identifier CLI01 to confirm/);
  const del = await cli(
    ['onboarding', 'delete', o.id, '--confirm', 'CLI01', '--passphrase-env', 'VP', '--json'],
    env,
  );
  assert.equal(del.code, 0, del.stderr);
  const listed = await cli(['onboarding', 'deleted', '--json'], env);
  assert.deepEqual(
    JSON.parse(listed.stdout).onboardings.map((x: { id: string }) => x.id),
    [o.id],
  );
  assert.equal(
    JSON.parse((await cli(['onboarding', 'list', '--json'], env)).stdout).onboardings.length,
    0,
  );
  const restored = await cli(['onboarding', 'restore', o.id, '--passphrase-env', 'VP'], env);
  assert.equal(restored.code, 0, restored.stderr);
  assert.equal(
    JSON.parse((await cli(['onboarding', 'list', '--json'], env)).stdout).onboardings.length,
    1,
  );
  await cli(['onboarding', 'delete', o.id, '--confirm', 'CLI01', '--passphrase-env', 'VP'], env);
  const purged = await cli(
    ['onboarding', 'purge', o.id, '--confirm', 'CLI01', '--passphrase-env', 'VP', '--json'],
    env,
  );
  assert.equal(purged.code, 0, purged.stderr);
  assert.deepEqual(JSON.parse(purged.stdout).purgedKeys, [identity.keyId]);
  assert.equal(
    JSON.parse((await cli(['onboarding', 'deleted', '--json'], env)).stdout).onboardings.length,
    0,
  );
  const actions = newDesk(dataDir)
    .desk.audit.entries()
    .filter((e) => e.details.onboarding === o.id)
    .map((e) => e.action);
  assert.deepEqual(actions, [
    'onboarding.created',
    'certificate.created',
    'onboarding.deleted',
    'onboarding.undeleted',
    'onboarding.deleted',
    'onboarding.purged',
  ]);
});
