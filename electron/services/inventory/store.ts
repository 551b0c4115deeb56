// The locked inventory store. Kept in memory, so list, filter and expiry scan stay fast at 10,000
// onboardings, and written one onboarding at a time to its journal (journal.ts), so a change costs
// the same at 10 or 10,000. Every write holds the data folder's lock and starts from the files as
// they are then, so the app and CLI runs never lose each other's changes; reads pick up another
// process's changes too (two stats tell whether anything changed).
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { identifierProblem, identifierProblemText } from '../../../shared/identifier.js';
import type { Finding } from '../../../shared/findings.js';
import type { OAuthKeyView } from '../../../shared/oauth.js';
import type { ProgramProfile } from '../../../shared/programs/schema.js';
import type { Clock } from '../clock.js';
import { dataLock, type DataLock } from '../data-lock.js';
import { UserError } from '../errors.js';
import type { ProgramCatalog } from '../programs.js';
import type { KeyValueStore } from '../store.js';
import { TestRunFiles } from '../test-runs.js';
import { renewalCalendar, type RenewalCalendar } from './calendar.js';
import { InventoryJournal } from './journal.js';
import { migrateStore, needsMigration } from './migrations.js';
import {
  currentIdentity,
  DEFAULT_WARNING_DAYS,
  INVENTORY_DIR,
  MAX_TESTS_KEPT,
  onboardingId,
  summaryFields,
  type AssetRecord,
  type CertificateRecord,
  type Check,
  type ExpiryEntry,
  type ExportRecord,
  type IdentityRecord,
  type ListFilter,
  type OnboardingRecord,
  type OnboardingSummary,
  type OnboardingView,
  type OnboardingWithResults,
  type TestRunRecord,
  type TestRunSummary,
} from './records.js';
import { checksOf, expiriesOf, summarize, type StatusClock } from './status.js';

function addKeyOwners(owners: Map<string, string>, record: OnboardingRecord): void {
  for (const identity of record.identities) owners.set(identity.publicKeySha256, record.id);
  for (const key of record.oauth?.keys ?? []) owners.set(key.publicKeySha256, record.id);
}

export class Inventory {
  private readonly records = new Map<string, OnboardingRecord>();
  /**
   * Public key hash -> onboarding id, to refuse one key in two onboardings: made from the records
   * when first asked (opening the inventory does not need it), then kept up to date.
   */
  private keyOwnersMap: Map<string, string> | null = null;
  /** Beside the metadata file: the data folder's lock, the inventory's files and the test-run files. */
  private readonly lock: DataLock;
  private readonly journal: InventoryJournal;
  private readonly runs: TestRunFiles;

  constructor(
    store: KeyValueStore,
    private readonly catalog: ProgramCatalog,
    private readonly clock: Clock,
    private readonly warningDays: () => number[] = () => DEFAULT_WARNING_DAYS,
  ) {
    const dataDir = dirname(store.path);
    this.lock = dataLock(dataDir);
    this.journal = new InventoryJournal(join(dataDir, INVENTORY_DIR));
    this.runs = new TestRunFiles(dataDir);
    if (needsMigration(store))
      this.lock.run(() => migrateStore(store, this.runs, this.journal.dir));
    this.refresh();
  }

  /** Takes in what another process (or a migration) wrote since this one last read or wrote. */
  private refresh(): void {
    const read = this.journal.read();
    if (read.kind === 'unchanged') return;
    if (read.kind === 'all') {
      // Every onboarding anew (a later record of an id replaces an earlier one); the key owners
      // are made again from them when next asked.
      this.records.clear();
      this.keyOwnersMap = null;
      for (const record of read.records) this.records.set(record.id, record);
      return;
    }
    for (const record of read.records) this.index(record);
  }

  private index(record: OnboardingRecord): void {
    this.records.set(record.id, record);
    if (this.keyOwnersMap) addKeyOwners(this.keyOwnersMap, record);
  }

  private keyOwners(): Map<string, string> {
    if (!this.keyOwnersMap) {
      const owners = new Map<string, string>();
      for (const record of this.records.values()) addKeyOwners(owners, record);
      this.keyOwnersMap = owners;
    }
    return this.keyOwnersMap;
  }

  /** Writes one onboarding, replaced or added; memory changes only once the write succeeded. Inside the lock. */
  private save(record: OnboardingRecord): void {
    const records = this.records;
    this.journal.append(record, function* () {
      for (const [id, other] of records) if (id !== record.id) yield other;
      yield record;
    });
    this.index(record);
  }

  /** Applies a change to a copy of the onboarding as it is on disk now, and writes it; all inside the lock. */
  private update(id: string, change: (record: OnboardingRecord) => void): OnboardingRecord {
    return this.lock.run(() => {
      this.refresh();
      const after = structuredClone(this.get(id));
      change(after);
      this.save(after);
      return after;
    });
  }

  create(input: { program: string; identifier: string; environment: string }): OnboardingRecord {
    return this.lock.run(() => {
      this.refresh();
      return this.createLocked(input);
    });
  }

  private createLocked(input: {
    program: string;
    identifier: string;
    environment: string;
  }): OnboardingRecord {
    const profile = this.catalog.get(input.program);
    const environment = this.catalog.environment(profile, input.environment);
    const problem = identifierProblem(profile, input.identifier);
    if (problem)
      throw new UserError(
        'bad-input',
        problem,
        { field: 'identifier' },
        identifierProblemText(profile, input.identifier),
      );
    const id = onboardingId(profile.id, input.identifier, environment.id);
    if (this.records.get(id)?.deletedAt !== undefined)
      throw new UserError(
        'conflict',
        `onboarding ${id} was deleted and can still be restored: restore it from Recently deleted, or purge it there first`,
        { onboardingId: id, field: 'identifier' },
        { id: 'onboarding.deleted-exists', params: { onboarding: id } },
      );
    if (this.records.has(id))
      throw new UserError(
        'conflict',
        `onboarding ${id} already exists: open it`,
        { need: 'show-onboarding', onboardingId: id, field: 'identifier' },
        { id: 'onboarding.exists', params: { onboarding: id } },
      );
    const record: OnboardingRecord = {
      id,
      program: profile.id,
      identifier: input.identifier,
      environment: environment.id,
      createdAt: this.clock.now().toISOString(),
      identities: [],
      assets: {},
      tests: [],
    };
    this.save(record);
    return record;
  }

  has(id: string): boolean {
    this.refresh();
    return this.records.has(id);
  }

  get(id: string): OnboardingRecord {
    this.refresh();
    const record = this.records.get(id);
    if (!record)
      throw new UserError(
        'not-found',
        `no onboarding "${id}" (ids look like tsh-classic/CUST01/preprod): choose one of the onboardings`,
        { need: 'list-onboardings' },
        { id: 'onboarding.not-found', params: { onboarding: id } },
      );
    return record;
  }

  profileOf(record: OnboardingRecord): ProgramProfile {
    return this.catalog.get(record.program);
  }

  /** Refuses a key that already serves another onboarding (environments and identifiers never share keys). */
  assertKeyFree(publicKeySha256: string, forOnboarding: string): void {
    this.refresh();
    const owner = this.keyOwners().get(publicKeySha256);
    if (owner !== undefined && owner !== forOnboarding) {
      throw new UserError(
        'conflict',
        `this key already belongs to onboarding ${owner}: a key is never shared between environments or identifiers; generate a new key for ${forOnboarding}`,
        {},
        { id: 'onboarding.key-owned', params: { owner, onboarding: forOnboarding } },
      );
    }
  }

  addIdentity(id: string, identity: Omit<IdentityRecord, 'id' | 'retiredAt'>): IdentityRecord {
    return this.lock.run(() => {
      this.assertKeyFree(identity.publicKeySha256, id);
      const full: IdentityRecord = {
        ...identity,
        id: `id-${randomBytes(5).toString('hex')}`,
        retiredAt: null,
      };
      this.update(id, (record) => record.identities.push(full));
      return full;
    });
  }

  identity(record: OnboardingRecord, identityId?: string): IdentityRecord {
    const identity =
      identityId === undefined
        ? currentIdentity(record)
        : record.identities.find((i) => i.id === identityId);
    if (!identity) {
      throw new UserError(
        'not-found',
        identityId === undefined
          ? `onboarding ${record.id} has no client identity yet: make one`
          : `onboarding ${record.id} has no identity ${identityId}`,
        identityId === undefined
          ? { need: 'make-identity', onboardingId: record.id }
          : { onboardingId: record.id },
        identityId === undefined
          ? { id: 'identity.nothing-yet', params: { onboarding: record.id } }
          : { id: 'identity.not-found', params: { onboarding: record.id, identity: identityId } },
      );
    }
    return identity;
  }

  setCertificate(
    id: string,
    identityId: string,
    certificate: CertificateRecord,
    issuerChain: CertificateRecord[],
    findings: Finding[],
  ): OnboardingRecord {
    return this.update(id, (record) => {
      const identity = record.identities.find((i) => i.id === identityId)!;
      identity.certificate = certificate;
      identity.issuerChain = issuerChain;
      identity.certificateFindings = findings;
    });
  }

  retireIdentity(id: string, identityId: string): OnboardingRecord {
    return this.lock.run(() => {
      const record = this.get(id);
      const identity = this.identity(record, identityId);
      if (identity.retiredAt !== null) return record;
      if (record.identities.filter((i) => i.retiredAt === null).length === 1) {
        throw new UserError(
          'conflict',
          `identity ${identityId} is the only one in use for ${id}: renew it first, then retire the old one`,
          {},
          { id: 'identity.only-one-in-use', params: { identity: identityId, onboarding: id } },
        );
      }
      return this.update(id, (r) => {
        r.identities.find((i) => i.id === identityId)!.retiredAt = this.clock.now().toISOString();
      });
    });
  }

  /** Archives an onboarding (kept whole, hidden from the home list) or restores it. */
  setArchived(id: string, archived: boolean): OnboardingRecord {
    return this.lock.run(() => {
      const record = this.get(id);
      if ((record.archivedAt !== undefined) === archived) return record;
      return this.update(id, (r) => {
        if (archived) r.archivedAt = this.clock.now().toISOString();
        else delete r.archivedAt;
      });
    });
  }

  /** Marks an onboarding deleted (kept whole, restorable until purged) or restores it. */
  setDeleted(id: string, deleted: boolean): OnboardingRecord {
    return this.lock.run(() => {
      const record = this.get(id);
      if ((record.deletedAt !== undefined) === deleted) return record;
      return this.update(id, (r) => {
        if (deleted) r.deletedAt = this.clock.now().toISOString();
        else delete r.deletedAt;
      });
    });
  }

  /**
   * Removes a deleted onboarding for good: its record leaves both inventory files (the snapshot is
   * rewritten without it and the journal started afresh, so no line of it stays on disk) and its
   * test-run files are removed. Only a deleted onboarding can be purged.
   */
  purge(id: string): OnboardingRecord {
    return this.lock.run(() => {
      this.refresh();
      const record = this.get(id);
      if (record.deletedAt === undefined)
        throw new UserError(
          'conflict',
          `onboarding ${id} is not deleted: delete it first (it then waits under Recently deleted until purged)`,
          { onboardingId: id },
          { id: 'onboarding.not-deleted', params: { onboarding: id } },
        );
      const others = [...this.records.values()].filter((r) => r.id !== id);
      this.journal.replaceAll(others);
      this.records.delete(id);
      this.keyOwnersMap = null;
      this.runs.keepOnly(id, new Set());
      this.runs.removeFolder(id);
      return record;
    });
  }

  addOAuthKey(id: string, key: Omit<OAuthKeyView, 'id' | 'retiredAt'>): OAuthKeyView {
    return this.lock.run(() => {
      this.assertKeyFree(key.publicKeySha256, id);
      const full: OAuthKeyView = {
        ...key,
        id: `oauth-${randomBytes(5).toString('hex')}`,
        retiredAt: null,
      };
      this.update(id, (record) => {
        record.oauth ??= { keys: [], tokenUrl: null, apiPath: null };
        record.oauth.keys.push(full);
      });
      return full;
    });
  }

  /** Changes one OAuth key's record (kid, Thales confirmation, retirement). */
  updateOAuthKey(
    id: string,
    keyRecordId: string,
    change: (key: OAuthKeyView, record: OnboardingRecord) => void,
  ): OnboardingRecord {
    return this.update(id, (record) => {
      const key = record.oauth?.keys.find((k) => k.id === keyRecordId);
      if (!key)
        throw new UserError(
          'not-found',
          `onboarding ${id} has no OAuth signing key ${keyRecordId}: make one`,
          { need: 'make-oauth-key', onboardingId: id },
          { id: 'oauth.key-not-found', params: { onboarding: id, key: keyRecordId } },
        );
      change(key, record);
    });
  }

  setOAuthEndpoints(
    id: string,
    endpoints: { tokenUrl?: string | null; apiPath?: string | null },
  ): OnboardingRecord {
    return this.update(id, (record) => {
      record.oauth ??= { keys: [], tokenUrl: null, apiPath: null };
      if (endpoints.tokenUrl !== undefined) record.oauth.tokenUrl = endpoints.tokenUrl;
      if (endpoints.apiPath !== undefined) record.oauth.apiPath = endpoints.apiPath;
    });
  }

  /** The portal bundle just made: a new bundle clears an earlier "submitted" mark. */
  recordBundle(id: string, bundle: NonNullable<ExportRecord['bundle']>): OnboardingRecord {
    return this.update(id, (record) => {
      record.exported = { bundle, submittedAt: null };
    });
  }

  markSubmitted(id: string, at: string | null): OnboardingRecord {
    return this.update(id, (record) => {
      record.exported = { bundle: record.exported?.bundle ?? null, submittedAt: at };
    });
  }

  setAsset(id: string, asset: AssetRecord): OnboardingRecord {
    return this.update(id, (record) => {
      record.assets[asset.name] = asset;
    });
  }

  /**
   * Stores a connection test: the full result in its own file first, then the summary in the
   * inventory, then the files of runs no longer kept are removed (a crash in between leaves at
   * most a stray file, cleaned up by the next run).
   */
  recordTest(
    id: string,
    run: { direction: 'inbound' | 'outbound'; ok: boolean; summary: string; result: unknown },
  ): TestRunRecord {
    let result: unknown;
    try {
      result = JSON.parse(JSON.stringify(run.result ?? null));
    } catch {
      throw new UserError(
        'bad-input',
        'the connection test result cannot be stored: it is not plain JSON',
        {},
        { id: 'inventory.test-result-not-json' },
      );
    }
    const summary: TestRunSummary = {
      id: `t-${randomBytes(5).toString('hex')}`,
      at: this.clock.now().toISOString(),
      direction: run.direction,
      ok: run.ok,
      summary: run.summary,
      ...summaryFields(result),
    };
    return this.lock.run(() => {
      this.get(id);
      this.runs.write(id, summary.id, result);
      const record = this.update(id, (r) => {
        r.tests.push(summary);
        if (r.tests.length > MAX_TESTS_KEPT) r.tests.splice(0, r.tests.length - MAX_TESTS_KEPT);
      });
      this.runs.keepOnly(id, new Set(record.tests.map((t) => t.id)));
      return { ...summary, result };
    });
  }

  /** The full result of one test run, read from its file; null when it is gone. */
  testResult(id: string, runId: string): unknown {
    const record = this.get(id);
    if (!record.tests.some((t) => t.id === runId))
      throw new UserError(
        'not-found',
        `onboarding ${id} has no kept connection test ${runId}`,
        {},
        { id: 'inventory.no-test-run', params: { onboarding: id, run: runId } },
      );
    return this.runs.load(id, runId);
  }

  /** The onboarding with each test run able to read its full result (from its file, on first use). */
  withResults(record: OnboardingRecord): OnboardingWithResults {
    return { ...record, tests: record.tests.map((run) => this.lazyRun(record.id, run)) };
  }

  private lazyRun(onboardingId: string, run: TestRunSummary): TestRunRecord {
    let loaded: { value: unknown } | undefined;
    const runs = this.runs;
    return Object.defineProperty({ ...run }, 'result', {
      enumerable: true,
      get: () => (loaded ??= { value: runs.load(onboardingId, run.id) }).value,
    }) as TestRunRecord;
  }

  // ---- derived views ----

  /** Now and the warning thresholds (largest first), read once per view. */
  private statusClock(): StatusClock {
    return {
      now: this.clock.now().getTime(),
      thresholds: [...this.warningDays()].sort((a, b) => b - a),
    };
  }

  /** Every certificate of one onboarding in use (retired identities left out), soonest first. */
  expiriesOf(record: OnboardingRecord, at = this.statusClock()): ExpiryEntry[] {
    return expiriesOf(record, this.profileOf(record), at);
  }

  checksOf(record: OnboardingRecord, at = this.statusClock()): Check[] {
    return checksOf(record, this.profileOf(record), at);
  }

  list(filter: ListFilter = {}): OnboardingSummary[] {
    this.refresh();
    const at = this.statusClock();
    const needle = filter.identifier?.toLowerCase();
    const out: OnboardingSummary[] = [];
    for (const record of this.records.values()) {
      if ((record.deletedAt !== undefined) !== (filter.deleted === true)) continue;
      if (filter.program !== undefined && record.program !== filter.program) continue;
      if (filter.environment !== undefined && record.environment !== filter.environment) continue;
      if (needle !== undefined && !record.identifier.toLowerCase().includes(needle)) continue;
      const summary = summarize(record, this.profileOf(record), at);
      if (filter.status !== undefined && summary.status !== filter.status) continue;
      if (
        filter.expiringWithinDays !== undefined &&
        (summary.nextExpiry === null || summary.nextExpiry.daysLeft > filter.expiringWithinDays)
      )
        continue;
      out.push(summary);
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  view(id: string): OnboardingView {
    const record = this.get(id);
    const at = this.statusClock();
    const profile = this.profileOf(record);
    const checks = checksOf(record, profile, at);
    const expiries = expiriesOf(record, profile, at);
    return {
      ...summarize(record, profile, at, checks, expiries),
      record: this.withResults(record),
      current: currentIdentity(record),
      checks,
      expiries,
    };
  }

  /** Every certificate in use across the inventory, soonest first; withinDays limits it. */
  expiryScan(withinDays?: number): ExpiryEntry[] {
    this.refresh();
    const at = this.statusClock();
    const all: ExpiryEntry[] = [];
    for (const record of this.records.values()) {
      if (record.deletedAt !== undefined) continue;
      for (const entry of this.expiriesOf(record, at))
        if (withinDays === undefined || entry.daysLeft <= withinDays) all.push(entry);
    }
    return all.sort(
      (a, b) => a.daysLeft - b.daysLeft || a.onboardingId.localeCompare(b.onboardingId),
    );
  }

  /** An iCalendar file: one all-day event per certificate on its expiry date, with alarms at each warning threshold. */
  calendar(withinDays?: number): RenewalCalendar {
    return renewalCalendar(
      this.expiryScan(withinDays),
      this.clock.now(),
      this.statusClock().thresholds,
    );
  }
}
