// The home screen's query in main (`onboardings.query`), through dispatch and the real handlers
// over a real inventory: every filter gives exactly the rows the inventory's own list filter
// gives, windows put together give the whole list, the aggregates count the whole inventory, a
// snapshot keeps the rows still while the list is scrolled (a new visit sees changes), bad
// requests are refused by the contract's schema, and the tester's picker gets exactly the
// onboardings with a client certificate.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { dispatch, type Handlers } from '../../electron/main/dispatch.js';
import { openDesk, type Desk } from '../../electron/services/desk.js';
import type { ListFilter } from '../../electron/services/inventory.js';
import { openConfStore } from '../../electron/services/store.js';
import {
  EXPIRY_TIMELINE_MONTHS,
  STEP_STATUSES,
  type IpcResult,
  type OnboardingQueryResult,
  type OnboardingSortKey,
  type OnboardingSummaryView,
  type Requests,
} from '../../shared/ipc-contract.js';
import { TEST_KDF } from '../e2e/bridge.js';
import { createOnboardingQuery } from '../../electron/main/onboarding-query.js';
import type { AssetName } from '../../shared/programs/schema.js';
import { tempDir } from '../helpers/tmp.js';
import {
  D1_SUBJECT,
  handlersWithoutDialogs,
  makeCa,
  signCsr,
} from '../integration/desk-fixtures.js';

const DAY_MS = 86_400_000;
/** Programs, environments, identities valid this many days (null: none yet); FAIL1's connection test failed. */
const FIXTURE = [
  { program: 'tsh-classic', identifier: 'ALPHA1', environment: 'preprod', days: 10 },
  { program: 'tsh-classic', identifier: 'alpha2', environment: 'prod', days: 60 },
  { program: 'tsh-classic', identifier: 'BETA1', environment: 'prod', days: 200 },
  { program: 'tmg-merchant', identifier: 'SHOP1', environment: 'sandbox', days: 400 },
  { program: 'tmg-merchant', identifier: 'LONG1', environment: 'prod', days: 730 },
  { program: 'tmg-merchant', identifier: 'SHOP2', environment: 'prod', days: null },
  { program: 'tmg-merchant', identifier: 'FAIL1', environment: 'sandbox', days: null },
  { program: 'd1-ecom', identifier: 'MGW_000001', environment: 'preprod', days: null },
  { program: 'd1-ecom', identifier: 'MGW_000002', environment: 'prod', days: null },
] as const;

/** Made here, not in before(): a temp folder is removed when the scope that made it ends. */
const dataDir = tempDir();
let desk: Desk;
let handlers: Handlers;

async function query(request: Requests['onboardings.query']): Promise<OnboardingQueryResult> {
  const answer = (await dispatch(
    handlers,
    'onboardings.query',
    request,
  )) as IpcResult<OnboardingQueryResult>;
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

async function refusal(request: unknown): Promise<string> {
  const answer = await dispatch(handlers, 'onboardings.query', request);
  assert.equal(answer.ok, false, JSON.stringify(request));
  assert.equal(!answer.ok && answer.error.code, 'bad-request');
  // The input a refusal is about travels as its field; the message is its sentence.
  return !answer.ok ? `${answer.error.field ?? ''}: ${answer.error.message}` : '';
}

before(async () => {
  desk = openDesk({ dataDir, store: openConfStore(dataDir), kdf: TEST_KDF });
  await desk.vault.init('query test passphrase');
  for (const o of FIXTURE) {
    const { id } = desk.onboardings.create({
      program: o.program,
      identifier: o.identifier,
      environment: o.environment,
    });
    if (o.days !== null)
      await desk.identity.generate({
        onboardingId: id,
        algorithm: 'ec-p256',
        commonName: `${o.identifier}-CN`,
        days: o.days,
      });
    if (o.identifier === 'FAIL1')
      desk.onboardings.recordTest(id, {
        direction: 'outbound',
        ok: false,
        summary: 'port closed',
        result: null,
      });
  }
  handlers = handlersWithoutDialogs(desk);
});

describe('onboardings.query', () => {
  it('filters exactly as the inventory does: search (any case, trimmed), program, environment, status, expiring, and together', async () => {
    const cases: Array<[Requests['onboardings.query'], ListFilter]> = [
      [{ offset: 0, limit: 500 }, {}],
      [{ search: ' ALPHA ', offset: 0, limit: 500 }, { identifier: 'alpha' }],
      [{ search: '1', offset: 0, limit: 500 }, { identifier: '1' }],
      [{ program: 'tmg-merchant', offset: 0, limit: 500 }, { program: 'tmg-merchant' }],
      [{ environment: 'prod', offset: 0, limit: 500 }, { environment: 'prod' }],
      [{ status: 'failing', offset: 0, limit: 500 }, { status: 'failing' }],
      [{ status: 'missing', offset: 0, limit: 500 }, { status: 'missing' }],
      [{ expiringOnly: true, offset: 0, limit: 500 }, { expiringWithinDays: 90 }],
      [
        {
          program: 'tsh-classic',
          environment: 'prod',
          expiringOnly: true,
          search: 'a',
          offset: 0,
          limit: 500,
        },
        { program: 'tsh-classic', environment: 'prod', expiringWithinDays: 90, identifier: 'a' },
      ],
      [{ program: 'd1-issuer', offset: 0, limit: 500 }, { program: 'd1-issuer' }],
    ];
    const expiring = desk.onboardings.list({ expiringWithinDays: 90 }).map((o) => o.identifier);
    assert.deepEqual(
      expiring.sort(),
      ['ALPHA1', 'alpha2'],
      'the fixture has expiring and other certificates',
    );
    assert.equal(
      desk.onboardings.list({ status: 'failing' }).length,
      1,
      'and a failing onboarding',
    );
    for (const [request, filter] of cases) {
      const answer = await query(request);
      const expected = desk.onboardings.list(filter).map((o) => o.id);
      assert.deepEqual(
        answer.rows.map((r) => r.id),
        expected,
        JSON.stringify(request),
      );
      assert.equal(answer.matched, expected.length);
      assert.equal(answer.total, FIXTURE.length);
    }
  });

  it('answers windows of the matching rows that together are the whole list, in the list order', async () => {
    const whole = (await query({ offset: 0, limit: 500 })).rows;
    let snapshot: string | undefined;
    const pieces = [];
    for (let offset = 0; offset < FIXTURE.length + 3; offset += 3) {
      const answer = await query({ offset, limit: 3, snapshot });
      snapshot = answer.snapshot;
      assert.equal(answer.offset, offset);
      assert.ok(answer.rows.length <= 3);
      pieces.push(...answer.rows);
    }
    assert.deepEqual(pieces, whole);
    assert.deepEqual(
      (await query({ offset: 500, limit: 10, snapshot })).rows,
      [],
      'past the end: no rows',
    );
    const row = whole.find((r) => r.identifier === 'ALPHA1')!;
    const summary = desk.onboardings.list({ identifier: 'ALPHA1' })[0];
    assert.deepEqual(row, {
      id: summary.id,
      program: 'tsh-classic',
      identifier: 'ALPHA1',
      environment: 'preprod',
      status: summary.status,
      steps: summary.steps,
      archived: false,
      nextExpiry: {
        asset: 'CUSTOMER_TLS_CLIENT_CERTIFICATE',
        daysLeft: summary.nextExpiry!.daysLeft,
        notAfter: summary.nextExpiry!.notAfter,
      },
    });
  });

  it('counts the whole inventory whatever the filter: per status, certificates expiring per month, the expiring days', async () => {
    const all = desk.onboardings.list();
    const filtered = await query({ search: 'SHOP', offset: 0, limit: 1 });
    assert.equal(filtered.matched, 2);
    assert.equal(filtered.rows.length, 1);
    for (const status of STEP_STATUSES)
      assert.equal(
        filtered.statusCounts[status],
        all.filter((o) => o.status === status).length,
        status,
      );
    assert.equal(filtered.statusCounts.failing, 1);
    assert.equal(filtered.expiringWithinDays, 90);
    // Expired first, then this month and on, far enough for the 730-day certificate.
    const now = new Date();
    assert.equal(filtered.timeline[0].bucket, 'expired');
    assert.equal(filtered.timeline[1].bucket, now.toISOString().slice(0, 7));
    const longest = new Date(now.getTime() + 730 * DAY_MS).toISOString().slice(0, 7);
    assert.equal(filtered.timeline.at(-1)!.bucket, longest, 'the range reaches the longest');
    assert.ok(filtered.timeline.length > EXPIRY_TIMELINE_MONTHS + 1);
    const expected = new Map<string, number>();
    for (const o of all) {
      if (o.nextExpiry === null) continue;
      const month = new Date(now.getTime() + o.nextExpiry.daysLeft * DAY_MS)
        .toISOString()
        .slice(0, 7);
      expected.set(month, (expected.get(month) ?? 0) + 1);
    }
    assert.equal(
      [...expected.values()].reduce((a, b) => a + b, 0),
      5,
    );
    assert.deepEqual(
      new Map(filtered.timeline.filter((m) => m.count > 0).map((m) => [m.bucket, m.count])),
      expected,
    );
    for (const b of filtered.timeline)
      assert.deepEqual(b.kinds, { client: b.count, server: 0, thales: 0 }, b.bucket);
    // A bucket filters the list to its onboardings.
    const [month, count] = [...expected].find(([m]) => m === longest)!;
    const inMonth = await query({ expiry: month, offset: 0, limit: 500 });
    assert.equal(inMonth.matched, count);
    assert.deepEqual(
      inMonth.rows.map((r) => r.identifier),
      ['LONG1'],
    );
  });

  it('sorts by a column, both ways, names as shown; ties keep the list order', async () => {
    const ids = async (sort: OnboardingSortKey, descending?: boolean) =>
      (await query({ sort, descending, offset: 0, limit: 500 })).rows.map((r) => r.identifier);
    assert.deepEqual(await ids('identifier'), [
      'ALPHA1',
      'alpha2',
      'BETA1',
      'FAIL1',
      'LONG1',
      'MGW_000001',
      'MGW_000002',
      'SHOP1',
      'SHOP2',
    ]);
    assert.deepEqual(await ids('identifier', true), (await ids('identifier')).reverse());
    const byExpiry = await ids('nextExpiry');
    assert.deepEqual(byExpiry.slice(0, 5), ['ALPHA1', 'alpha2', 'BETA1', 'SHOP1', 'LONG1']);
    // By the program's display name: "Classic Tokenization…" before "D1 eCom…" before "Merchant…".
    const byProgram = (await query({ sort: 'program', offset: 0, limit: 500 })).rows.map(
      (r) => r.program,
    );
    assert.deepEqual([...new Set(byProgram)], ['tsh-classic', 'd1-ecom', 'tmg-merchant']);
    assert.equal((await ids('status'))[0], 'FAIL1', 'the worst first');
  });

  it('counts expired certificates in their own bucket and stacks kinds of certificate', () => {
    const now = new Date('2026-11-15T12:00:00Z');
    const summary = (id: string, asset: AssetName, daysLeft: number): OnboardingSummaryView => ({
      id,
      program: 'tsh-classic',
      identifier: id,
      environment: 'prod',
      status: 'done',
      steps: {},
      nextExpiry: {
        asset,
        daysLeft,
        notAfter: new Date(now.getTime() + daysLeft * DAY_MS).toISOString(),
      },
    });
    const run = createOnboardingQuery({
      summaries: () => [
        summary('A', 'CUSTOMER_TLS_CLIENT_CERTIFICATE', -3),
        summary('B', 'TSH_TLS_SERVER_CERTIFICATE_CHAIN', -40),
        summary('C', 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN', 20),
        summary('D', 'THALES_SIGNED_CLIENT_CERTIFICATE', 25),
        summary('E', 'THALES_CLIENT_CA', 4000),
      ],
      expiringWithinDays: () => 90,
      now: () => now,
    });
    const answer = run({ offset: 0, limit: 10 });
    const buckets = new Map(answer.timeline.map((b) => [b.bucket, b]));
    assert.deepEqual(buckets.get('expired'), {
      bucket: 'expired',
      count: 2,
      kinds: { client: 1, server: 0, thales: 1 },
    });
    assert.deepEqual(buckets.get('2026-12')!.kinds, { client: 1, server: 1, thales: 0 });
    // 4000 days is past the ten-year cap: counted in the last bucket.
    assert.equal(answer.timeline.length, 1 + 120);
    assert.equal(answer.timeline.at(-1)!.count, 1);
    assert.deepEqual(
      run({ expiry: 'expired', offset: 0, limit: 10 }).rows.map((r) => r.id),
      ['A', 'B'],
    );
    // Clicking the last bar lists what it counts.
    assert.deepEqual(
      run({ expiry: answer.timeline.at(-1)!.bucket, offset: 0, limit: 10 }).rows.map((r) => r.id),
      ['E'],
    );
  });

  it('puts a certificate in the month of its notAfter, not of now plus whole days', () => {
    const now = new Date('2026-11-29T12:00:00Z');
    const expiring = (id: string, notAfter: string): OnboardingSummaryView => ({
      id,
      program: 'tsh-classic',
      identifier: id,
      environment: 'prod',
      status: 'expiring',
      steps: {},
      nextExpiry: {
        asset: 'CUSTOMER_TLS_CLIENT_CERTIFICATE',
        daysLeft: Math.floor((Date.parse(notAfter) - now.getTime()) / DAY_MS),
        notAfter,
      },
    });
    const run = createOnboardingQuery({
      summaries: () => [
        expiring('DEC1', '2026-12-01T06:00:00.000Z'),
        expiring('LATER', '2026-11-29T18:00:00.000Z'),
      ],
      expiringWithinDays: () => 90,
      now: () => now,
    });
    const answer = run({ offset: 0, limit: 10 });
    const count = (bucket: string) => answer.timeline.find((b) => b.bucket === bucket)!.count;
    assert.equal(count('2026-12'), 1);
    assert.equal(count('2026-11'), 1, 'later today is this month, not expired');
    assert.deepEqual(
      run({ expiry: '2026-12', offset: 0, limit: 10 }).rows.map((r) => r.id),
      ['DEC1'],
    );
  });

  it('keeps a snapshot still while the list is scrolled; a new visit, or a snapshot main let go, sees the change', async () => {
    const first = await query({ offset: 0, limit: 2 });
    desk.onboardings.create({ program: 'tsh-classic', identifier: 'AAA-NEW', environment: 'prod' });
    const scrolled = await query({ offset: 2, limit: 2, snapshot: first.snapshot });
    assert.equal(scrolled.snapshot, first.snapshot);
    assert.equal(scrolled.total, first.total, 'no row shifts under the person scrolling');
    assert.equal(
      (await query({ search: 'aaa-new', offset: 0, limit: 2, snapshot: first.snapshot })).matched,
      0,
      'nor does a filter change of the same visit',
    );
    const fresh = await query({ search: 'aaa-new', offset: 0, limit: 2 });
    assert.notEqual(fresh.snapshot, first.snapshot);
    assert.equal(fresh.total, first.total + 1);
    assert.deepEqual(
      fresh.rows.map((r) => r.identifier),
      ['AAA-NEW'],
    );
    for (let i = 0; i < 4; i++) await query({ offset: 0, limit: 1 });
    const gone = await query({ offset: 0, limit: 2, snapshot: first.snapshot });
    assert.notEqual(
      gone.snapshot,
      first.snapshot,
      'an old snapshot is replaced by a new one, which the page sees',
    );
    assert.equal(gone.total, first.total + 1);
  });

  it('refuses what is not a window request, with the reason', async () => {
    assert.match(
      await refusal({ offset: 0, limit: 501 }),
      /limit: a window holds at most 500 onboardings/,
    );
    await refusal({ offset: -1, limit: 10 });
    await refusal({ offset: 0, limit: 0 });
    await refusal({ limit: 10 });
    await refusal({ offset: 0, limit: 10, status: 'broken' });
    await refusal({ offset: 0, limit: 10, environment: 'staging' });
    await refusal({ offset: 0, limit: 10, snapshot: '../snapshot-1' });
    await refusal({ offset: 0, limit: 10, search: 'x'.repeat(129) });
    await refusal({ offset: 0, limit: 10, sortBy: 'identifier' });
    await refusal([{ offset: 0, limit: 10 }]);
    await refusal({ offset: 0, limit: 10, withClientCertificate: 'yes' });
  });

  // Last: it adds D1 onboardings to the inventory the tests above count.
  it('offers the tester only onboardings whose current identity has its client certificate (D1: once Thales signed it)', async () => {
    const thalesCa = await makeCa('CN=Thales Test Issuing CA,O=Thales');
    for (const identifier of ['CSRONLY_01', 'SIGNED_001']) {
      const { id } = desk.onboardings.create({
        program: 'd1-ecom',
        identifier,
        environment: 'preprod',
      });
      const { pem: csr } = await desk.identity.generate({
        onboardingId: id,
        algorithm: 'ec-p256',
        subject: D1_SUBJECT,
      });
      if (identifier !== 'SIGNED_001') continue;
      const signed = await signCsr(csr, thalesCa);
      const imported = await dispatch(handlers, 'identity.importSigned', {
        onboardingId: id,
        text: signed.toString('pem') + '\n' + thalesCa.pem,
      });
      assert.equal(imported.ok, true, JSON.stringify(imported));
    }
    // What the tester needs, read from the records themselves.
    const usable = (ids: readonly string[]) =>
      ids.filter((id) => desk.onboardings.get(id).current?.certificate != null);
    const all = desk.onboardings.list().map((o) => o.id);
    const expected = usable(all);
    const answer = await query({ withClientCertificate: true, offset: 0, limit: 500 });
    assert.deepEqual(
      answer.rows.map((r) => r.id),
      expected,
    );
    assert.equal(answer.matched, expected.length);
    assert.equal(answer.total, all.length, 'the aggregates still count the whole inventory');
    const identifiers = answer.rows.map((r) => r.identifier);
    assert.ok(
      identifiers.includes('SIGNED_001') && identifiers.includes('ALPHA1'),
      identifiers.join(),
    );
    for (const left of ['CSRONLY_01', 'SHOP2', 'FAIL1', 'MGW_000001'])
      assert.ok(!identifiers.includes(left), left);
    // Together with the search, on the same snapshot; false is no filter at all.
    const searched = await query({
      search: 'i',
      withClientCertificate: true,
      offset: 0,
      limit: 500,
      snapshot: answer.snapshot,
    });
    assert.equal(searched.snapshot, answer.snapshot);
    assert.deepEqual(
      searched.rows.map((r) => r.id),
      usable(desk.onboardings.list({ identifier: 'i' }).map((o) => o.id)),
    );
    assert.deepEqual(
      (await query({ withClientCertificate: false, offset: 0, limit: 500 })).rows.map((r) => r.id),
      all,
    );
  });

  it('says which certificate expires next: the soonest of any kind, not only the client certificate', async () => {
    const { id } = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'NEXTCA',
      environment: 'prod',
    });
    await desk.identity.generate({
      onboardingId: id,
      algorithm: 'ec-p256',
      commonName: 'NEXTCA-CN',
      days: 300,
    });
    const row = async () =>
      (await query({ search: 'NEXTCA', offset: 0, limit: 5 })).rows.find((r) => r.id === id)!;
    const clientDays = desk.onboardings.get(id).expiries[0].daysLeft;
    assert.ok(clientDays >= 298 && clientDays <= 300, `${clientDays} days`);
    assert.deepEqual((await row()).nextExpiry, {
      asset: 'CUSTOMER_TLS_CLIENT_CERTIFICATE',
      daysLeft: clientDays,
      notAfter: desk.onboardings.get(id).expiries[0].notAfter,
    });
    // A Thales Client CA that expires before the client certificate is the next expiry now.
    const ca = await makeCa('Thales Client CA (next expiry test)', undefined, {
      notAfter: new Date(Date.now() + 45 * DAY_MS),
    });
    const imported = await dispatch(handlers, 'asset.save', {
      onboardingId: id,
      asset: 'THALES_CLIENT_CA',
      text: ca.certificate.toString('pem'),
    });
    assert.equal(imported.ok, true, JSON.stringify(imported));
    const next = (await row()).nextExpiry!;
    assert.equal(next.asset, 'THALES_CLIENT_CA');
    assert.ok(next.daysLeft >= 43 && next.daysLeft <= 45, `${next.daysLeft} days`);
    assert.ok(next.daysLeft < clientDays);
    // The timeline counts it as a Thales certificate, in the month it expires.
    const month = new Date(Date.parse(next.notAfter)).toISOString().slice(0, 7);
    const bucket = (await query({ offset: 0, limit: 1 })).timeline.find((b) => b.bucket === month)!;
    assert.equal(bucket.kinds.thales, 1);
  });
});
