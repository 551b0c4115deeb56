// The inventory's files (schema 4): a snapshot plus an append-only journal under
// <data dir>/inventory/. An existing one-file data folder (the onboardings inside metadata.json)
// opens and is converted, also after a conversion cut short; one change appends one line and
// leaves the snapshot alone; another instance reads only the new lines; a line cut short by a
// crash is ignored and cut off before the next change; lines of an earlier generation are
// skipped; the journal is folded into a new snapshot once it outgrows it; damage is one sentence.
// The SIGKILL tests (vault-crash) and the two-process test (inventory-concurrent) cover the same
// files under real kills and real concurrent writers.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  Inventory,
  INVENTORY_SCHEMA_VERSION,
  type AssetRecord,
  type OnboardingRecord,
} from '../../electron/services/inventory.js';
import { JOURNAL_FILE, SNAPSHOT_FILE } from '../../electron/services/inventory/journal.js';
import { openConfStore } from '../../electron/services/store.js';
import { tempDir } from '../helpers/tmp.js';
import { catalog, newDesk, testClock } from './desk-fixtures.js';

const open = (dataDir: string) => new Inventory(openConfStore(dataDir), catalog, testClock());
const snapshotPath = (dataDir: string) => join(dataDir, 'inventory', SNAPSHOT_FILE);
const journalPath = (dataDir: string) => join(dataDir, 'inventory', JOURNAL_FILE);
const journalLines = (dataDir: string) =>
  readFileSync(journalPath(dataDir), 'utf8').split('\n').filter(Boolean);

function record(identifier: string): OnboardingRecord {
  return {
    id: `tsh-classic/${identifier}/preprod`,
    program: 'tsh-classic',
    identifier,
    environment: 'preprod',
    createdAt: '2026-01-01T00:00:00.000Z',
    identities: [],
    assets: {},
    tests: [],
  };
}

function host(name: string, source = 'typed'): AssetRecord {
  return {
    name: 'ISSUER_HOST',
    importedAt: '2026-01-02T00:00:00.000Z',
    source,
    certificates: [],
    host: { host: name, port: 443, basePath: '/' },
    findings: [],
  };
}

function filled(count: number): { dataDir: string; inventory: Inventory; ids: string[] } {
  const dataDir = tempDir();
  const inventory = open(dataDir);
  const ids = Array.from(
    { length: count },
    (_, i) =>
      inventory.create({ program: 'tsh-classic', identifier: `J${i}`, environment: 'preprod' }).id,
  );
  return { dataDir, inventory, ids };
}

/** A data folder converted from the one-file layout: its snapshot holds `count` onboardings. */
function converted(count: number): { dataDir: string; inventory: Inventory; ids: string[] } {
  const dataDir = tempDir();
  const records = Array.from({ length: count }, (_, i) => record(`J${i}`));
  const v3 = { schemaVersion: 3, onboardings: Object.fromEntries(records.map((r) => [r.id, r])) };
  writeFileSync(join(dataDir, 'metadata.json'), JSON.stringify(v3), { mode: 0o600 });
  return { dataDir, inventory: open(dataDir), ids: records.map((r) => r.id) };
}

describe('inventory files', () => {
  it('converts a one-file data folder (schema 3): the onboardings move to their own files, the settings stay', () => {
    const dataDir = tempDir();
    const v3 = {
      schemaVersion: 3,
      settings: { autoLockMinutes: 7 },
      onboardings: { [record('OLD1').id]: record('OLD1'), [record('OLD2').id]: record('OLD2') },
    };
    writeFileSync(join(dataDir, 'metadata.json'), JSON.stringify(v3), { mode: 0o600 });
    const { desk } = newDesk(dataDir);
    assert.deepEqual(
      desk.onboardings.list().map((o) => o.id),
      [record('OLD1').id, record('OLD2').id],
    );
    assert.equal(desk.settings.get().autoLockMinutes, 7, 'settings kept');
    const metadata = JSON.parse(readFileSync(join(dataDir, 'metadata.json'), 'utf8'));
    assert.equal(metadata.schemaVersion, INVENTORY_SCHEMA_VERSION);
    assert.equal(metadata.onboardings, null, 'no onboardings left in the metadata file');
    const snapshot = JSON.parse(readFileSync(snapshotPath(dataDir), 'utf8'));
    assert.deepEqual(Object.keys(snapshot.onboardings).sort(), [
      record('OLD1').id,
      record('OLD2').id,
    ]);
    assert.equal(statSync(snapshotPath(dataDir)).mode & 0o777, 0o600);
    assert.equal(statSync(join(dataDir, 'inventory')).mode & 0o777, 0o700);
    // A change after the conversion is kept on the next start, which converts nothing again.
    open(dataDir).setAsset(record('OLD1').id, host('after.example'));
    assert.equal(
      open(dataDir).get(record('OLD1').id).assets.ISSUER_HOST?.host?.host,
      'after.example',
    );
  });

  it('moves the onboardings again after a conversion cut short (version written, metadata not yet cleared)', () => {
    const dataDir = tempDir();
    const v3 = { schemaVersion: 3, onboardings: { [record('CUT').id]: record('CUT') } };
    writeFileSync(join(dataDir, 'metadata.json'), JSON.stringify(v3), { mode: 0o600 });
    open(dataDir);
    // As a crash between "schema 4" and clearing the metadata leaves it.
    const metadata = JSON.parse(readFileSync(join(dataDir, 'metadata.json'), 'utf8'));
    metadata.onboardings = v3.onboardings;
    writeFileSync(join(dataDir, 'metadata.json'), JSON.stringify(metadata), { mode: 0o600 });
    const inventory = open(dataDir);
    assert.deepEqual(
      inventory.list().map((o) => o.id),
      [record('CUT').id],
    );
    assert.equal(
      JSON.parse(readFileSync(join(dataDir, 'metadata.json'), 'utf8')).onboardings,
      null,
    );
  });

  it('one change appends one line and leaves the snapshot alone; another instance reads just that line', () => {
    const { dataDir, inventory, ids } = converted(30);
    inventory.setAsset(ids[0], host('first.example'));
    const reader = open(dataDir);
    assert.equal(reader.list().length, 30);
    const before = statSync(snapshotPath(dataDir), { bigint: true });
    const linesBefore = journalLines(dataDir).length;
    inventory.setAsset(ids[7], host('one.example'));
    const after = statSync(snapshotPath(dataDir), { bigint: true });
    assert.equal(after.ino, before.ino, 'the snapshot was not rewritten');
    assert.equal(after.mtimeNs, before.mtimeNs, 'the snapshot was not rewritten');
    const lines = journalLines(dataDir);
    assert.equal(lines.length, linesBefore + 1, 'one line per change');
    assert.equal(JSON.parse(lines.at(-1)!).r.id, ids[7]);
    assert.equal(reader.get(ids[7]).assets.ISSUER_HOST?.host?.host, 'one.example');
    assert.equal(reader.get(ids[8]).assets.ISSUER_HOST, undefined);
  });

  it('ignores a line cut short by a crash, and cuts it off before the next change', () => {
    const { dataDir, inventory, ids } = filled(3);
    inventory.setAsset(ids[0], host('kept.example'));
    appendFileSync(journalPath(dataDir), '{"g":0,"r":{"id":"tsh-classic/J1/pre');
    const reopened = open(dataDir);
    assert.equal(reopened.list().length, 3);
    assert.equal(reopened.get(ids[0]).assets.ISSUER_HOST?.host?.host, 'kept.example');
    reopened.setAsset(ids[1], host('next.example'));
    for (const line of journalLines(dataDir)) JSON.parse(line);
    const again = open(dataDir);
    assert.equal(again.get(ids[1]).assets.ISSUER_HOST?.host?.host, 'next.example');
    assert.equal(again.get(ids[0]).assets.ISSUER_HOST?.host?.host, 'kept.example');
  });

  it('skips journal lines of an earlier generation (a fold cut short before the journal was emptied)', () => {
    const { dataDir, ids } = filled(2);
    const generation = 5;
    const snapshot = {
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      generation,
      onboardings: Object.fromEntries(ids.map((id) => [id, open(dataDir).get(id)])),
    };
    writeFileSync(snapshotPath(dataDir), JSON.stringify(snapshot), { mode: 0o600 });
    const stale = { ...snapshot.onboardings[ids[0]], assets: { ISSUER_HOST: host('old.example') } };
    const fresh = { ...snapshot.onboardings[ids[1]], assets: { ISSUER_HOST: host('new.example') } };
    writeFileSync(
      journalPath(dataDir),
      `${JSON.stringify({ g: generation - 1, r: stale })}\n${JSON.stringify({ g: generation, r: fresh })}\n`,
      { mode: 0o600 },
    );
    const inventory = open(dataDir);
    assert.equal(inventory.get(ids[0]).assets.ISSUER_HOST, undefined, 'the stale line is skipped');
    assert.equal(inventory.get(ids[1]).assets.ISSUER_HOST?.host?.host, 'new.example');
  });

  it('folds the journal into a new snapshot once it outgrows it, keeping every change', () => {
    const { dataDir, inventory, ids } = converted(4);
    const before = statSync(snapshotPath(dataDir));
    const bulky = 'x'.repeat(300_000);
    for (let i = 0; i < 5; i++) inventory.setAsset(ids[i % 4], host(`h${i}.example`, bulky + i));
    const after = statSync(snapshotPath(dataDir));
    assert.notEqual(after.ino, before.ino, 'a new snapshot');
    assert.ok(statSync(journalPath(dataDir)).size < 1_000_000, 'the journal started afresh');
    const generation = JSON.parse(readFileSync(snapshotPath(dataDir), 'utf8')).generation;
    for (const line of journalLines(dataDir)) assert.equal(JSON.parse(line).g, generation);
    const reopened = open(dataDir);
    assert.equal(reopened.get(ids[0]).assets.ISSUER_HOST?.host?.host, 'h4.example');
    for (let i = 1; i < 4; i++)
      assert.equal(reopened.get(ids[i]).assets.ISSUER_HOST?.host?.host, `h${i}.example`);
    assert.equal(reopened.get(ids[3]).assets.ISSUER_HOST?.source, bulky + 3);
  });

  it('writes the snapshot as one JSON document in ASCII, one onboarding per line, and reads back any text', () => {
    const { dataDir, inventory, ids } = converted(3);
    const japanese = '株式会社テスト 𝟘 é';
    inventory.setAsset(ids[1], host('jp.example', japanese));
    assert.ok(
      !/[^\x00-\x7f]/.test(readFileSync(journalPath(dataDir), 'latin1')),
      'journal in ASCII',
    );
    // Folding (a purge rewrites the snapshot) writes the changed onboarding into the snapshot.
    inventory.setDeleted(ids[2], true);
    inventory.purge(ids[2]);
    const text = readFileSync(snapshotPath(dataDir), 'latin1');
    assert.ok(!/[^\x00-\x7f]/.test(text), 'snapshot in ASCII');
    const lines = text.split('\n');
    assert.match(lines[0], /^\{"schemaVersion":\d+,"generation":\d+,"onboardings":\{$/);
    assert.deepEqual(lines.slice(-2), ['}}', '']);
    assert.equal(lines.length, 2 + 2 + 1, 'header, one line per onboarding, closing line');
    const snapshot = JSON.parse(text);
    assert.deepEqual(Object.keys(snapshot.onboardings), [ids[0], ids[1]]);
    assert.equal(snapshot.onboardings[ids[1]].assets.ISSUER_HOST.source, japanese);
    const reopened = open(dataDir);
    assert.equal(reopened.get(ids[1]).assets.ISSUER_HOST?.source, japanese);
    assert.deepEqual(
      reopened.list().map((o) => o.id),
      [ids[0], ids[1]],
    );
    // A snapshot in one line (as earlier versions wrote it), in UTF-8, still opens.
    writeFileSync(snapshotPath(dataDir), JSON.stringify(snapshot), { mode: 0o600 });
    assert.equal(open(dataDir).get(ids[1]).assets.ISSUER_HOST?.source, japanese);
  });

  it('refuses a snapshot cut short or with anything past its closing line, with one sentence', () => {
    const { dataDir } = converted(3);
    const text = readFileSync(snapshotPath(dataDir), 'utf8');
    const lines = text.split('\n');
    const damagedFile =
      /inventory file .*onboardings\.json is damaged .*restore the data folder from a backup/;
    const cases = {
      'cut mid-entry': text.slice(0, text.length - 40),
      'cut after an entry': `${lines.slice(0, 3).join('\n')}\n`,
      'no closing line': `${lines.slice(0, 4).join('\n')}\n`,
      'closing line without its newline': text.slice(0, -1),
      'text after the closing line': `${text}{}\n`,
      'part of a line after the closing line': `${text}{`,
      'an entry that is not an onboarding': text.replace(lines[2], '"x":1,'),
      'an entry after the last one': text.replace('\n}}\n', `\n${lines[1]}\n}}\n`),
    };
    for (const [what, damaged] of Object.entries(cases)) {
      writeFileSync(snapshotPath(dataDir), damaged);
      assert.throws(
        () => open(dataDir),
        (e: Error & { code: string }) => e.code === 'bad-input' && damagedFile.test(e.message),
        what,
      );
    }
    writeFileSync(snapshotPath(dataDir), text);
    assert.equal(open(dataDir).list().length, 3);
  });

  it('refuses a damaged snapshot or journal line, and a snapshot from a newer version, with one sentence', () => {
    const { dataDir, inventory, ids } = filled(2);
    inventory.setAsset(ids[0], host('a.example'));
    const journal = readFileSync(journalPath(dataDir), 'utf8');
    writeFileSync(journalPath(dataDir), `{"g":0,"r":}\n${journal}`);
    assert.throws(
      () => open(dataDir),
      (e: Error & { code: string }) =>
        e.code === 'bad-input' && /inventory file .*journal\.jsonl is damaged/.test(e.message),
    );
    writeFileSync(journalPath(dataDir), journal);
    writeFileSync(snapshotPath(dataDir), '{"schemaVersion": 4, "generation": 1, "onb');
    assert.throws(() => open(dataDir), /inventory file .*onboardings\.json is damaged/);
    writeFileSync(
      snapshotPath(dataDir),
      JSON.stringify({
        schemaVersion: INVENTORY_SCHEMA_VERSION + 1,
        generation: 1,
        onboardings: {},
      }),
    );
    assert.throws(() => open(dataDir), /newer mTLS Desk/);
  });
});
