// The inventory: one onboarding per (program, identifier, environment), derived step status,
// expiry warnings at 90/30/7 days, the .ics export, renewal, the refusal to share a key, schema
// migration from the previous version's file, and speed at 10,000 onboardings.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  Inventory,
  INVENTORY_SCHEMA_VERSION,
  type OnboardingRecord,
} from '../../electron/services/inventory.js';
import { openConfStore } from '../../electron/services/store.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import {
  catalog,
  D1_SUBJECT,
  DAY,
  makeCa,
  newDesk,
  signCsr,
  testClock,
  unlockedDesk,
  VAULT_PASSPHRASE,
} from './desk-fixtures.js';

/** Every file under a folder (recursively). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('inventory', () => {
  it('creates one onboarding per program, identifier and environment, and refuses bad or duplicate ones', async () => {
    const { desk } = newDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'CUST01',
      environment: 'preprod',
    });
    assert.equal(o.id, 'tsh-classic/CUST01/preprod');
    assert.throws(
      () =>
        desk.onboardings.create({
          program: 'tsh-classic',
          identifier: 'CUST01',
          environment: 'preprod',
        }),
      { code: 'conflict' },
    );
    assert.throws(
      () => desk.onboardings.create({ program: 'nope', identifier: 'X', environment: 'preprod' }),
      { code: 'unknown-program' },
    );
    assert.throws(
      () =>
        desk.onboardings.create({ program: 'd1-ecom', identifier: 'X', environment: 'sandbox' }),
      { code: 'unknown-environment' },
    );
    assert.throws(
      () =>
        desk.onboardings.create({
          program: 'tsh-classic',
          identifier: 'bad id!',
          environment: 'prod',
        }),
      /not valid/,
    );
    desk.onboardings.create({ program: 'tsh-classic', identifier: 'CUST01', environment: 'prod' });
    desk.onboardings.create({
      program: 'd1-ecom',
      identifier: 'MGW_000001',
      environment: 'preprod',
    });
    assert.deepEqual(
      desk.onboardings.list().map((s) => s.id),
      ['d1-ecom/MGW_000001/preprod', 'tsh-classic/CUST01/preprod', 'tsh-classic/CUST01/prod'],
    );
    assert.deepEqual(
      desk.onboardings.list({ program: 'tsh-classic', environment: 'prod' }).map((s) => s.id),
      ['tsh-classic/CUST01/prod'],
    );
    assert.deepEqual(
      desk.onboardings.list({ identifier: 'mgw' }).map((s) => s.id),
      ['d1-ecom/MGW_000001/preprod'],
    );
    assert.equal(desk.onboardings.list({ status: 'done' }).length, 0);
  });

  it('derives step status: missing, done, expiring, failing', async () => {
    const clock = testClock();
    const { desk } = await unlockedDesk(clock);
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'S',
      environment: 'preprod',
    });
    assert.equal(desk.onboardings.get(o.id).steps.identity, 'missing');
    await desk.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p256',
      commonName: 'S client',
      days: 100,
    });
    let view = desk.onboardings.get(o.id);
    assert.equal(
      view.checks.find((c) => c.item === 'CUSTOMER_TLS_CLIENT_CERTIFICATE')!.status,
      'done',
    );
    assert.equal(view.steps.identity, 'done');
    assert.equal(view.steps.thales, 'missing');
    clock.advance(20 * DAY);
    view = desk.onboardings.get(o.id);
    assert.equal(view.steps.identity, 'expiring', 'within 90 days');
    assert.equal(view.expiries[0].warning, 90);
    clock.advance(60 * DAY);
    assert.equal(desk.onboardings.get(o.id).expiries[0].warning, 30);
    clock.advance(15 * DAY);
    assert.equal(desk.onboardings.get(o.id).expiries[0].warning, 7);
    clock.advance(10 * DAY);
    view = desk.onboardings.get(o.id);
    assert.equal(view.steps.identity, 'failing', 'expired');
    assert.equal(view.expiries[0].warning, 0);
    assert.ok(view.expiries[0].daysLeft < 0);
    desk.onboardings.recordTest(o.id, {
      direction: 'inbound',
      ok: false,
      summary: 'handshake refused',
      result: { steps: [{ name: 'tls', status: 'fail' }] },
    });
    view = desk.onboardings.get(o.id);
    assert.equal(view.steps.test, 'failing');
    assert.deepEqual(view.record.tests[0].result, { steps: [{ name: 'tls', status: 'fail' }] });
    desk.onboardings.recordTest(o.id, {
      direction: 'outbound',
      ok: true,
      summary: 'ok',
      result: null,
    });
    assert.equal(desk.onboardings.get(o.id).steps.test, 'done');
    assert.throws(
      () =>
        desk.onboardings.recordTest(o.id, {
          direction: 'inbound',
          ok: true,
          summary: 'x',
          result: { big: 10n },
        }),
      /not plain JSON/,
    );
  });

  it('warning thresholds are configurable', async () => {
    const clock = testClock();
    const { desk } = await unlockedDesk(clock);
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'W',
      environment: 'preprod',
    });
    await desk.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p256',
      commonName: 'W',
      days: 50,
    });
    assert.equal(desk.onboardings.get(o.id).expiries[0].warning, 90);
    desk.settings.update({ expiryWarningDays: [30, 14, 3] });
    assert.equal(desk.onboardings.get(o.id).expiries[0].warning, null);
    assert.equal(desk.onboardings.get(o.id).steps.identity, 'done');
    assert.throws(
      () => desk.settings.update({ expiryWarningDays: [90, 30, 0] }),
      /each expiry warning is a whole number of days from 1 to 365/,
    );
    assert.throws(
      () => desk.settings.update({ expiryWarningDays: [14, 3] }),
      /give 3 expiry warnings/,
    );
  });

  it('exports renewal reminders as an iCalendar file', async () => {
    const clock = testClock(Date.parse('2026-01-10T12:00:00Z'));
    const { desk } = await unlockedDesk(clock);
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'ICS',
      environment: 'prod',
    });
    const { identity } = await desk.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p256',
      commonName: 'ICS client, with a comma; and a semicolon',
      days: 365,
    });
    const { ics, events } = desk.onboardings.calendar();
    assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'));
    assert.ok(ics.endsWith('END:VCALENDAR\r\n'));
    assert.ok(!/[^\r]\n/.test(ics), 'CRLF line endings only');
    for (const line of ics.split('\r\n'))
      assert.ok(Buffer.byteLength(line) <= 75, `folded: ${line}`);
    const unfolded = ics.replace(/\r\n /g, '');
    const notAfter = identity.certificate!.notAfter.slice(0, 10).replace(/-/g, '');
    assert.match(unfolded, new RegExp(`DTSTART;VALUE=DATE:${notAfter}`));
    assert.deepEqual(
      [...unfolded.matchAll(/TRIGGER:(-P\d+D)/g)].map((m) => m[1]),
      ['-P90D', '-P30D', '-P7D'],
    );
    assert.match(unfolded, /SUMMARY:Renew CUSTOMER_TLS_CLIENT_CERTIFICATE/);
    assert.match(unfolded, /with a comma\\; and a semicolon/);
    assert.equal((unfolded.match(/BEGIN:VEVENT/g) ?? []).length, 1);
    assert.equal(events, 1, 'the count of events comes with the calendar');
    assert.equal(
      (unfolded.match(/BEGIN:VALARM/g) ?? []).length,
      (unfolded.match(/END:VALARM/g) ?? []).length,
    );
    const within30 = desk.onboardings.calendar(30);
    assert.equal(within30.ics.includes('BEGIN:VEVENT'), false, 'nothing expires within 30 days');
    assert.equal(within30.events, 0);
  });

  it('renews with a new key and the same subject, keeping the old identity until it is retired', async () => {
    const { desk } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'R',
      environment: 'preprod',
    });
    const first = await desk.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p384',
      commonName: 'R client',
      subject: { O: 'Acme', C: 'FR' },
    });
    const second = await desk.identity.renew({ onboardingId: o.id });
    assert.notEqual(second.identity.keyId, first.identity.keyId);
    assert.equal(second.identity.algorithm, 'ec-p384');
    assert.deepEqual(second.identity.subject, first.identity.subject);
    assert.equal(second.identity.predecessorId, first.identity.id);
    let view = desk.onboardings.get(o.id);
    assert.equal(view.current!.id, second.identity.id);
    assert.equal(view.expiries.length, 2, 'both certificates in use until the old one is retired');
    desk.identity.retire({ onboardingId: o.id, identityId: second.identity.id });
    assert.throws(
      () => desk.identity.retire({ onboardingId: o.id, identityId: first.identity.id }),
      /only one in use/,
    );
    view = desk.onboardings.get(o.id);
    assert.equal(
      view.current!.id,
      first.identity.id,
      'retiring the new one leaves the old one current',
    );
    assert.equal(view.expiries.length, 1);
  });

  it('renews a D1 identity: new key, new CSR with the same subject; the Thales-signed certificate matches by public key', async () => {
    const { desk } = await unlockedDesk();
    const thalesCa = await makeCa('CN=Thales Test Business CA,O=Thales');
    const o = desk.onboardings.create({
      program: 'd1-ecom',
      identifier: 'MGW_000007',
      environment: 'preprod',
    });
    const first = await desk.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p256',
      subject: D1_SUBJECT,
    });
    assert.equal(first.identity.commonName, 'TLSMA-ECDSA/MGW_000007-PPR');
    const renewed = await desk.identity.renew({ onboardingId: o.id, algorithm: 'rsa-4096' });
    assert.equal(
      renewed.identity.commonName,
      'TLSMA-RSA/MGW_000007-PPR',
      'the CN follows the new key type',
    );
    assert.deepEqual(
      { ...renewed.identity.subject, CN: undefined },
      { ...D1_SUBJECT, CN: undefined },
    );
    // The older CSR's certificate comes back from Thales: it attaches to the older identity.
    const signedOld = await signCsr(first.identity.csr!.pem, thalesCa);
    const result = await desk.assets.import({
      onboardingId: o.id,
      as: 'signed-certificate',
      data: signedOld.toString('pem') + '\n' + thalesCa.pem,
      source: 'signed.pem',
    });
    assert.equal(result.identityId, first.identity.id);
    const view = desk.onboardings.get(o.id);
    assert.equal(
      view.record.identities[0].certificate?.sha256Fingerprint,
      result.certificates[0].sha256Fingerprint,
    );
    assert.equal(view.record.identities[0].issuerChain.length, 1);
  });

  it('refuses to reuse one key in two environments or for two identifiers', async () => {
    const { desk, dataDir } = await unlockedDesk();
    const pre = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'SHARE',
      environment: 'preprod',
    });
    const prod = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'SHARE',
      environment: 'prod',
    });
    const other = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'OTHER',
      environment: 'preprod',
    });
    await desk.identity.generate({
      onboardingId: pre.id,
      algorithm: 'ec-p256',
      commonName: 'share',
    });
    const p12 = join(dataDir, 'pre.p12');
    await desk.exports.pkcs12({
      onboardingId: pre.id,
      out: p12,
      passphrase: 'p12 password',
      preset: 'modern',
    });
    for (const target of [prod.id, other.id]) {
      await assert.rejects(
        desk.assets.import({
          onboardingId: target,
          as: 'identity',
          data: readFileSync(p12),
          source: 'pre.p12',
          passphrase: () => 'p12 password',
        }),
        (e: Error & { code: string }) =>
          e.code === 'conflict' &&
          /already belongs to onboarding tsh-classic\/SHARE\/preprod/.test(e.message),
      );
      assert.equal(desk.onboardings.get(target).record.identities.length, 0, 'nothing attached');
    }
  });

  it("opens a previous version's metadata file (schema 1) and migrates it", () => {
    const dataDir = tempDir();
    const v1Identity = {
      id: 'id-0000000001',
      keyId: 'k-00000000000000000001',
      algorithm: 'ec-p256',
      publicKeySha256: 'a'.repeat(64),
      commonName: 'OLD',
      subject: { CN: 'OLD' },
      commonNameTemplate: null,
      createdAt: '2025-01-01T00:00:00.000Z',
      certificate: null,
      csr: null,
    };
    // Schema 1, as mtls-desk wrote it before renewals: the onboardings in a list, one identity each.
    const v1 = {
      schemaVersion: 1,
      onboardings: [
        {
          id: 'tsh-classic/OLD1/preprod',
          program: 'tsh-classic',
          identifier: 'OLD1',
          environment: 'preprod',
          createdAt: '2025-01-01T00:00:00.000Z',
          identity: v1Identity,
          assets: {},
          tests: [],
        },
        {
          id: 'tmg-merchant/OLD2/sandbox',
          program: 'tmg-merchant',
          identifier: 'OLD2',
          environment: 'sandbox',
          createdAt: '2025-01-02T00:00:00.000Z',
          identity: null,
          assets: {},
          tests: [],
        },
      ],
      settings: { autoLockMinutes: 5 },
    };
    writeFileSync(join(dataDir, 'metadata.json'), JSON.stringify(v1, null, '\t'), { mode: 0o600 });
    const { desk } = newDesk(dataDir);
    assert.deepEqual(
      desk.onboardings.list().map((s) => s.id),
      ['tmg-merchant/OLD2/sandbox', 'tsh-classic/OLD1/preprod'],
    );
    const migrated = desk.onboardings.get('tsh-classic/OLD1/preprod').record;
    assert.deepEqual(
      migrated.identities.map((i) => ({
        id: i.id,
        keyId: i.keyId,
        retiredAt: i.retiredAt,
        predecessorId: i.predecessorId,
        issuerChain: i.issuerChain,
      })),
      [
        {
          id: 'id-0000000001',
          keyId: 'k-00000000000000000001',
          retiredAt: null,
          predecessorId: null,
          issuerChain: [],
        },
      ],
    );
    assert.equal(desk.settings.get().autoLockMinutes, 5, 'settings kept');
    const onDisk = JSON.parse(readFileSync(join(dataDir, 'metadata.json'), 'utf8'));
    assert.equal(onDisk.schemaVersion, INVENTORY_SCHEMA_VERSION);
    assert.ok(!Array.isArray(onDisk.onboardings));
    // And the key stays bound: the migrated identity's key cannot be taken by another onboarding.
    assert.throws(
      () =>
        desk.onboardings.create({
          program: 'tsh-classic',
          identifier: 'OLD1',
          environment: 'preprod',
        }),
      { code: 'conflict' },
    );
  });

  it('refuses a metadata file from a newer version and a damaged one, with one sentence and nothing changed', () => {
    const dataDir = tempDir();
    const path = join(dataDir, 'metadata.json');
    writeFileSync(
      path,
      JSON.stringify({ schemaVersion: INVENTORY_SCHEMA_VERSION + 1, onboardings: {} }),
    );
    assert.throws(() => newDesk(dataDir), /newer mTLS Desk/);
    writeFileSync(path, '{"schemaVersion": 2, "onboardings": {');
    assert.throws(
      () => newDesk(dataDir),
      (e: Error & { code: string }) =>
        e.code === 'bad-input' && /metadata file .* is damaged/.test(e.message),
    );
    assert.equal(
      readFileSync(path, 'utf8'),
      '{"schemaVersion": 2, "onboardings": {',
      'the damaged file was not replaced',
    );
  });

  it('lists, filters and scans expiry at 10,000 onboardings', async () => {
    const dataDir = tempDir();
    const store = openConfStore(dataDir);
    const { desk: seed } = await unlockedDesk();
    const o = seed.onboardings.create({
      program: 'tsh-classic',
      identifier: 'SEED',
      environment: 'preprod',
    });
    const { identity } = await seed.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p256',
      commonName: 'seed',
    });
    const records: Record<string, OnboardingRecord> = {};
    for (let i = 0; i < 10_000; i++) {
      const program = i % 2 ? 'tsh-classic' : 'tmg-merchant';
      const environment =
        i % 2 ? (i % 4 === 1 ? 'preprod' : 'prod') : i % 4 === 0 ? 'sandbox' : 'prod';
      const id = `${program}/C${i}/${environment}`;
      const notAfter = new Date(Date.now() + ((i % 800) - 30) * DAY).toISOString();
      records[id] = {
        id,
        program,
        identifier: `C${i}`,
        environment,
        createdAt: new Date().toISOString(),
        assets: {},
        tests: [],
        identities: [
          {
            ...identity,
            id: `id-${i}`,
            publicKeySha256: i.toString(16).padStart(64, '0'),
            certificate: { ...identity.certificate!, notAfter },
          },
        ],
      } as OnboardingRecord;
    }
    store.set('schemaVersion', INVENTORY_SCHEMA_VERSION);
    store.set('onboardings', records);
    // Behaviour only: the bench holds the speed targets for 10,000 onboardings.
    const inventory = new Inventory(openConfStore(dataDir), catalog, testClock());
    const list = inventory.list();
    const filtered = inventory.list({ program: 'tsh-classic', expiringWithinDays: 30 });
    const scan = inventory.expiryScan(90);
    assert.equal(list.length, 10_000);
    assert.ok(filtered.length > 100);
    assert.ok(filtered.every((o) => o.program === 'tsh-classic'));
    assert.ok(scan.length > 500);
  });

  it('keeps a summary of each connection test in the inventory and the full result in its own file, newest 20 per onboarding', async () => {
    const { desk, dataDir } = newDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'RUNS',
      environment: 'preprod',
    });
    const other = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'RUNS',
      environment: 'prod',
    });
    const bulky = 'evidence '.repeat(2000);
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const result = {
        kind: i % 2 ? 'outbound' : 'inbound',
        ok: i % 3 !== 0,
        totalMs: 100 + i,
        diagnosis: { id: i % 3 ? 'ok' : 'handshake-refused', title: `run ${i}` },
        bulky,
        n: i,
      };
      ids.push(
        desk.onboardings.recordTest(o.id, {
          direction: i % 2 ? 'outbound' : 'inbound',
          ok: i % 3 !== 0,
          summary: `run ${i}`,
          result,
        }).id,
      );
    }
    desk.onboardings.recordTest(other.id, {
      direction: 'inbound',
      ok: true,
      summary: 'other',
      result: { n: 'other' },
    });
    const inventoryFiles = [
      join(dataDir, 'metadata.json'),
      ...filesUnder(join(dataDir, 'inventory')),
    ];
    for (const file of inventoryFiles)
      assert.ok(!readFileSync(file, 'utf8').includes('evidence'), `no full result in ${file}`);
    // The record as stored (a fresh store's raw record: summaries only, no result field).
    const stored = new Inventory(openConfStore(dataDir), catalog, testClock()).get(o.id).tests;
    assert.equal(stored.length, 20);
    assert.deepEqual(stored.at(-1), {
      id: ids[24],
      at: stored.at(-1)!.at,
      direction: 'inbound',
      ok: false,
      summary: 'run 24',
      diagnosis: 'handshake-refused',
      ms: 124,
    });
    assert.deepEqual(
      stored.map((t: { id: string }) => t.id),
      ids.slice(5),
    );

    const view = newDesk(dataDir).desk.onboardings.get(o.id);
    assert.deepEqual(
      view.record.tests.map((t) => t.id),
      ids.slice(5),
    );
    assert.equal(
      (view.record.tests[0].result as { n: number }).n,
      5,
      'the full result, loaded on demand',
    );
    assert.equal((view.record.tests.at(-1)!.result as { bulky: string }).bulky, bulky);
    assert.deepEqual(desk.onboardings.get(other.id).record.tests[0].result, { n: 'other' });
    assert.equal(
      view.checks.find((c) => c.item === 'CONNECTION_TEST')!.detail.includes('run 24'),
      true,
    );

    // One file per kept run, 0600 in a 0700 folder; the five oldest are gone.
    const files = filesUnder(join(dataDir, 'test-runs'));
    assert.equal(files.length, 21);
    for (const file of files) assert.equal(statSync(file).mode & 0o777, 0o600, file);
    for (const id of ids.slice(0, 5))
      assert.ok(!files.some((f) => f.endsWith(`${id}.json`)), `${id} removed`);
    assert.equal(statSync(join(dataDir, 'test-runs')).mode & 0o777, 0o700);
    // A run file lost or damaged: the summary stays, the result reads as null.
    writeFileSync(
      files.find((f) => f.endsWith(`${ids[10]}.json`))!,
      '{"damaged',
    );
    assert.equal(
      newDesk(dataDir)
        .desk.onboardings.get(o.id)
        .record.tests.find((t) => t.id === ids[10])!.result,
      null,
    );
    assert.ok(existsSync(join(dataDir, 'metadata.json')));
  });

  it('moves test results kept inline by the previous schema (2) into run files', () => {
    const dataDir = tempDir();
    const tests = Array.from({ length: 30 }, (_, i) => ({
      id: `t-${String(i).padStart(10, '0')}`,
      at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      direction: 'outbound',
      ok: true,
      summary: `run ${i}`,
      result: { kind: 'outbound', totalMs: i, diagnosis: { id: 'ok' }, n: i },
    }));
    const v2 = {
      schemaVersion: 2,
      onboardings: {
        'tsh-classic/V2/preprod': {
          id: 'tsh-classic/V2/preprod',
          program: 'tsh-classic',
          identifier: 'V2',
          environment: 'preprod',
          createdAt: '2026-01-01T00:00:00.000Z',
          identities: [],
          assets: {},
          tests,
        },
      },
    };
    writeFileSync(join(dataDir, 'metadata.json'), JSON.stringify(v2), { mode: 0o600 });
    const { desk } = newDesk(dataDir);
    const view = desk.onboardings.get('tsh-classic/V2/preprod');
    assert.deepEqual(
      view.record.tests.map((t) => t.id),
      tests.slice(10).map((t) => t.id),
    );
    assert.deepEqual(view.record.tests[0].result, tests[10].result);
    assert.equal(view.record.tests[0].ms, 10);
    const onDisk = JSON.parse(readFileSync(join(dataDir, 'metadata.json'), 'utf8'));
    assert.equal(onDisk.schemaVersion, INVENTORY_SCHEMA_VERSION);
    assert.ok(!JSON.stringify(onDisk).includes('"result"'));
  });

  it('CLI: onboarding list --expiring-within DAYS keeps those whose certificate expires within the window; show without an id shows each listed one', async () => {
    const { dataDir } = await unlockedDesk();
    const env = { MTLS_DESK_DATA_DIR: dataDir, VP: VAULT_PASSPHRASE };
    for (const [id, days] of [
      ['SOON', 20],
      ['LATER', 200],
      ['NONE', 0],
    ] as const) {
      const made = await cli(
        ['onboarding', 'create', '--program', 'tsh-classic', '--id', id, '--env', 'preprod'],
        env,
      );
      assert.equal(made.code, 0, made.stderr);
      if (days === 0) continue;
      const gen = await cli(
        [
          'identity',
          'generate',
          '--onboarding',
          `tsh-classic/${id}/preprod`,
          '--algorithm',
          'ec-p256',
          '--cn',
          id,
          '--days',
          String(days),
          '--passphrase-env',
          'VP',
        ],
        env,
      );
      assert.equal(gen.code, 0, gen.stderr);
    }
    const listed = async (...args: string[]) => {
      const run = await cli(['onboarding', 'list', ...args, '--json'], env);
      assert.equal(run.code, 0, run.stderr);
      return (JSON.parse(run.stdout).onboardings as Array<{ id: string }>).map((o) => o.id).sort();
    };
    assert.deepEqual(await listed('--expiring-within', '30'), ['tsh-classic/SOON/preprod']);
    assert.deepEqual(
      await listed('--expiring-within', '10'),
      [],
      'the 20-day certificate is beyond a 10-day window',
    );
    assert.deepEqual(await listed('--expiring-within', '365'), [
      'tsh-classic/LATER/preprod',
      'tsh-classic/SOON/preprod',
    ]);
    assert.equal((await listed()).length, 3);
    const text = await cli(['onboarding', 'list', '--expiring-within', '30'], env);
    assert.match(
      text.stdout,
      /^tsh-classic\/SOON\/preprod +\w+ +next expiry (19|20) days \(CUSTOMER_TLS_CLIENT_CERTIFICATE/,
    );
    assert.equal(text.stdout.split('\n').filter(Boolean).length, 1);
    const bad = await cli(['onboarding', 'list', '--expiring-within', 'soon'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /expiring-within/);

    // show without an id: the full view of every onboarding list would give, with the same filters.
    const shown = await cli(['onboarding', 'show', '--expiring-within', '30', '--json'], env);
    assert.equal(shown.code, 0, shown.stderr);
    const views = JSON.parse(shown.stdout).onboardings as Array<{
      id: string;
      expiries: Array<{ daysLeft: number }>;
      checks: unknown[];
    }>;
    assert.deepEqual(
      views.map((v) => v.id),
      ['tsh-classic/SOON/preprod'],
    );
    assert.ok(views[0].expiries[0].daysLeft <= 20 && views[0].checks.length > 0);
    const all = await cli(['onboarding', 'show'], env);
    assert.equal(all.code, 0, all.stderr);
    for (const id of ['SOON', 'LATER', 'NONE'])
      assert.match(all.stdout, new RegExp(`^tsh-classic/${id}/preprod  \\(`, 'm'));
    assert.match(all.stdout, /no identity yet/);
    const none = await cli(['onboarding', 'show', '--program', 'd1-ecom'], env);
    assert.equal(none.code, 0);
    assert.equal(none.stdout, 'no onboardings\n');
  });
});
