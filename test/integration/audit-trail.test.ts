// The audit trail: who (the OS user), when, what (ids and fingerprints, never a secret), each entry
// chained to the one before; verify finds an edited, removed, reordered or cut-off entry.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../helpers/cli.js';
import { newDesk, unlockedDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';

async function busyDesk() {
  const made = await unlockedDesk();
  const { desk, dataDir } = made;
  const o = desk.onboardings.create({ program: 'tsh-classic', identifier: 'AUD', environment: 'preprod' });
  await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', commonName: 'AUD' });
  desk.vault.lock();
  await desk.vault.unlock(VAULT_PASSPHRASE);
  await desk.vault.changePassphrase(VAULT_PASSPHRASE, 'second passphrase');
  await desk.exports.pkcs12({ onboardingId: o.id, out: join(dataDir, 'a.p12'), passphrase: 'export passphrase', preset: 'modern' });
  desk.onboardings.recordTest(o.id, { direction: 'inbound', ok: true, summary: 'handshake ok', result: {} });
  return { ...made, onboardingId: o.id, logPath: join(dataDir, 'audit.log') };
}

describe('audit trail', () => {
  it('records who, when and what for every sensitive action, and never a secret', async () => {
    const { desk } = await busyDesk();
    const entries = desk.audit.entries();
    assert.deepEqual(entries.map((e) => e.action), [
      'vault.initialized', 'onboarding.created', 'key.generated', 'certificate.created', 'vault.unlocked', 'vault.passphrase-changed', 'export.p12', 'connection-test.run',
    ]);
    assert.ok(entries.every((e) => e.who === userInfo().username));
    assert.deepEqual(entries.map((e) => e.seq), entries.map((_, i) => i + 1));
    const text = JSON.stringify(entries);
    for (const secret of [VAULT_PASSPHRASE, 'second passphrase', 'export passphrase', 'PRIVATE KEY']) assert.ok(!text.includes(secret), secret);
    assert.match(text, /"sha256Fingerprint":"[0-9A-F:]{95}"/);
    assert.deepEqual(desk.audit.verify(), { ok: true, entries: entries.length, problems: [] });
  });

  it('detects an edited entry, a removed one, two swapped, and entries cut off the end', async () => {
    const { desk, logPath, dataDir } = await busyDesk();
    const original = readFileSync(logPath, 'utf8');
    const lines = original.trimEnd().split('\n');
    const cases: Array<[string, string[], RegExp]> = [
      ['edited', lines.map((l, i) => (i === 3 ? l.replace('"commonName":"AUD"', '"commonName":"EVE"') : l)), /entry 4 \(certificate.created.*\) was changed/],
      ['removed', lines.filter((_, i) => i !== 2), /entry 3 .* does not follow the entry before it/],
      ['reordered', [lines[0], lines[2], lines[1], ...lines.slice(3)], /does not follow/],
      ['cut off the end', lines.slice(0, -2), /entries were removed from the end/],
    ];
    for (const [name, tampered, message] of cases) {
      writeFileSync(logPath, tampered.join('\n') + '\n');
      const result = newDesk(dataDir).desk.audit.verify();
      assert.equal(result.ok, false, name);
      assert.ok(result.problems.some((p) => message.test(p.message)), `${name}: ${JSON.stringify(result.problems)}`);
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
    const env = { MTLS_DESK_DATA_DIR: dataDir };
    const ok = await cli(['audit', 'verify'], env);
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /audit trail intact: 8 entries/);
    const show = await cli(['audit', 'show', '--json'], env);
    assert.equal(JSON.parse(show.stdout).entries.length, 8);
    const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n');
    writeFileSync(logPath, [...lines.slice(0, 4), ...lines.slice(5)].join('\n') + '\n');
    const broken = await cli(['audit', 'verify', '--json'], env);
    assert.equal(broken.code, 1);
    assert.equal(JSON.parse(broken.stdout).ok, false);
  });
});
