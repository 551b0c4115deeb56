// A full disk, for real: a 64 KiB tmpfs filled to the last byte. Exports, bundles and vault or
// inventory writes must fail with one clear sentence and leave nothing behind: no partial file, no
// temp file, nothing lost. Where mounting is refused (not root), `ulimit -f` in a child process
// stands in for it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { newDesk, unlockedDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';

/** A tiny tmpfs (unmounted and removed after the test), or null when this machine refuses to mount one. */
function tinyDisk(t: TestContext, size: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-desk-disk-'));
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], {
    timeout: 10_000,
  });
  t.after(() => {
    if (result.status === 0) spawnSync('umount', [dir], { timeout: 10_000 });
    rmSync(dir, { recursive: true, force: true });
  });
  return result.status === 0 ? dir : null;
}

/** Writes until the file system says ENOSPC. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(1024, 1);
  try {
    for (let i = 0; i < 100_000; i++) writeSync(fd, chunk);
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    closeSync(fd);
  }
  return path;
}

const cliEntry = fileURLToPath(new URL('../../electron/cli/index.ts', import.meta.url));

describe('disk full', () => {
  it('exports and bundles fail with one sentence and leave nothing on the full disk', async (t) => {
    const { desk, dataDir } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'FULL',
      environment: 'preprod',
    });
    await desk.identity.generate({ onboardingId: o.id, algorithm: 'rsa-2048', commonName: 'FULL' });
    const disk = tinyDisk(t, '64k');
    if (disk === null) {
      // Fallback: a file size limit in a child process (SIGXFSZ ignored, so write() fails with EFBIG).
      const out = join(dataDir, 'limited.p12');
      const result = spawnSync(
        'bash',
        [
          '-c',
          `trap '' XFSZ; ulimit -f 1; exec "${process.execPath}" --import tsx "${cliEntry}" export p12 --onboarding ${o.id} --out "${out}" --passphrase-env VP --export-passphrase-env VP`,
        ],
        {
          env: { ...process.env, MTLS_DESK_DATA_DIR: dataDir, VP: VAULT_PASSPHRASE },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /cannot write|disk is full/);
      assert.equal(existsSync(out), false);
      return;
    }
    fill(disk);
    const before = readdirSync(disk);
    const attempts: Array<[string, () => Promise<unknown>]> = [
      [
        'p12',
        () =>
          desk.exports.pkcs12({
            onboardingId: o.id,
            out: join(disk, 'client.p12'),
            passphrase: 'export passphrase',
            preset: 'modern',
          }),
      ],
      [
        'key',
        () =>
          desk.exports.key({
            onboardingId: o.id,
            out: join(disk, 'client.key'),
            passphrase: 'export passphrase',
          }),
      ],
      ['chain', () => desk.exports.chain({ onboardingId: o.id, out: join(disk, 'chain.pem') })],
    ];
    for (const [name, attempt] of attempts) {
      await assert.rejects(
        attempt(),
        (e: Error & { code: string }) =>
          /the disk is full: nothing was written/.test(e.message) && !e.message.includes('\n'),
        name,
      );
      assert.deepEqual(readdirSync(disk), before, `${name}: no partial or temp file left`);
    }
    // The bundle needs its assets first; then it meets the full disk as a zip and as a folder.
    const chain = await (
      await import('./desk-fixtures.js')
    ).serverChain('api.bank.example', 'CN=Test Server CA,O=Bank');
    await desk.assets.import({
      onboardingId: o.id,
      as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
      data: chain.pem,
      source: 'server.pem',
    });
    await desk.assets.import({
      onboardingId: o.id,
      as: 'ISSUER_HOST',
      data: 'api.bank.example/thales',
      source: '--value',
    });
    await assert.rejects(
      desk.exports.bundle({ onboardingId: o.id, out: join(disk, 'bundle.zip') }),
      /the disk is full/,
    );
    await assert.rejects(
      desk.exports.bundle({ onboardingId: o.id, out: join(disk, 'bundle') }),
      /disk is full|cannot write the bundle folder/,
    );
    assert.deepEqual(readdirSync(disk), before, 'bundle: no partial zip, no half folder');
    assert.ok(
      !desk.audit
        .entries()
        .some((e) => e.action.startsWith('export.') || e.action === 'bundle.created'),
      'no export recorded as done',
    );
  });

  it('a vault and inventory on a full disk refuse the write, keep every committed key, and work again once space is freed', async (t) => {
    const disk = tinyDisk(t, '256k');
    if (disk === null)
      return t.skip('mounting a tmpfs was refused; the export test covers the size-limit fallback');
    const dataDir = join(disk, 'data');
    const { desk } = newDesk(dataDir);
    await desk.vault.init(VAULT_PASSPHRASE);
    const o1 = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'KEEP',
      environment: 'preprod',
    });
    const kept = await desk.identity.generate({
      onboardingId: o1.id,
      algorithm: 'ec-p256',
      commonName: 'KEEP',
    });
    const o2 = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'FAIL',
      environment: 'preprod',
    });
    const filler = fill(disk);
    await assert.rejects(
      desk.identity.generate({ onboardingId: o2.id, algorithm: 'ec-p256', commonName: 'FAIL' }),
      /disk is full/,
    );
    assert.throws(
      () =>
        desk.onboardings.create({ program: 'tsh-classic', identifier: 'NEW', environment: 'prod' }),
      /disk is full/,
    );
    assert.equal(desk.onboardings.list().length, 2, 'the refused onboarding is not half there');
    rmSync(filler);
    const fresh = newDesk(dataDir).desk;
    await fresh.vault.unlock(VAULT_PASSPHRASE);
    assert.deepEqual(fresh.vault.status().damagedKeyFiles, []);
    assert.ok(fresh.vault.keys().some((k) => k.id === kept.identity.keyId));
    assert.equal(fresh.onboardings.get(o1.id).current?.keyId, kept.identity.keyId);
    assert.equal(
      fresh.onboardings.get(o2.id).record.identities.length,
      0,
      'the failed identity was not recorded',
    );
    assert.deepEqual(
      readdirSync(join(dataDir, 'vault', 'keys')).filter((f) => f.endsWith('.tmp')),
      [],
      'no temp file left',
    );
    assert.ok(fresh.audit.verify().ok, JSON.stringify(fresh.audit.verify().problems));
    await fresh.identity.generate({
      onboardingId: o2.id,
      algorithm: 'ec-p256',
      commonName: 'FAIL',
    });
  });
});
