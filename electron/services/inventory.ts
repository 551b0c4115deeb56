// The onboarding inventory: one onboarding per (program, identifier, environment), holding the
// client identity (key id in the vault, certificate or CSR, the Thales-signed certificate for D1),
// the named Thales and customer assets, and the history of connection tests (a summary per run;
// the full result in its own file). Step status and expiry are derived, never stored. Kept in
// memory and written through the key-value store, so list, filter and expiry scan stay fast at
// 10,000 onboardings. Every write holds the data folder's lock and starts from the file as it is
// then, so the app and CLI runs never lose each other's changes; reads pick up another process's
// changes too (a stat tells whether the file changed).
import { identifierProblem } from '../../shared/identifier.js';
import { stepOfAsset, type WizardStepId } from '../../shared/wizard-steps.js';
import type { StepStatus } from '../../shared/ipc-channels.js';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyAlgorithmId } from '../../shared/algorithms.js';
import { DAY_MS } from '../../shared/artifact-facts.js';
import type { Finding } from '../../shared/findings.js';
import type { OAuthKeyView } from '../../shared/oauth.js';
import type { AssetName, EnvironmentId, ProgramProfile } from '../../shared/programs/schema.js';
import type { Subject } from '../../shared/subject.js';
import type { Clock } from './clock.js';
import { dataLock, type DataLock } from './data-lock.js';
import { UserError } from './errors.js';
import type { ProgramCatalog } from './programs.js';
import type { KeyValueStore } from './store.js';
import { TestRunFiles } from './test-runs.js';

export const INVENTORY_SCHEMA_VERSION = 3;

/** Public facts of a stored certificate, with its PEM (certificates are public). */
export interface CertificateRecord {
  pem: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  sha256Fingerprint: string;
  publicKeySha256: string;
  selfSigned: boolean;
}

export interface CsrRecord {
  pem: string;
  subject: string;
  publicKeySha256: string;
  createdAt: string;
}

export interface IdentityRecord {
  id: string;
  /** The key's id in the vault, or for a key on a PKCS#11 token its RFC 7512 pkcs11: URI (never a PIN). */
  keyId: string;
  /** The PKCS#11 module (library path) of a token key. */
  tokenModule?: string;
  algorithm: KeyAlgorithmId | null;
  publicKeySha256: string;
  commonName: string;
  subject: Subject;
  commonNameTemplate: string | null;
  createdAt: string;
  /** Self-signed (TSH, TMG) or Thales-signed (D1, once imported). */
  certificate: CertificateRecord | null;
  /** The certificate's issuers as imported with it, nearest first. */
  issuerChain: CertificateRecord[];
  certificateFindings: Finding[];
  csr: CsrRecord | null;
  /** The identity this one renews. */
  predecessorId: string | null;
  retiredAt: string | null;
}

export interface HostValue {
  host: string;
  port: number | null;
  basePath: string;
}

export interface AssetRecord {
  name: AssetName;
  importedAt: string;
  source: string;
  /** Certificate assets, leaf first. */
  certificates: CertificateRecord[];
  host: HostValue | null;
  /** Lint findings at import time. */
  findings: Finding[];
}

/** What the inventory keeps of one connection test. */
export interface TestRunSummary {
  id: string;
  at: string;
  direction: 'inbound' | 'outbound';
  ok: boolean;
  /** One line for lists. */
  summary: string;
  /** The diagnosis id of the result, when it has one. */
  diagnosis: string | null;
  /** How long the test took, when the result says. */
  ms: number | null;
}

/** A test run with its full result: as recorded, and in views, where the result is read from its file on first use. */
export interface TestRunRecord extends TestRunSummary {
  /** The probe's own result, stored as given (JSON); null when its file was lost. */
  readonly result: unknown;
}

/** D1 OAuth 2.0 of an onboarding: its signing keys (renewed and retired like identities) and where to test them. */
export interface OAuthRecord {
  keys: OAuthKeyView[];
  /** The token endpoint to use instead of the program's host + tokenPath (null: the default). */
  tokenUrl: string | null;
  /** The harmless API path the probe calls with the access token (null: the probe URL's path). */
  apiPath: string | null;
}

export interface OnboardingRecord {
  id: string;
  program: string;
  identifier: string;
  environment: EnvironmentId;
  createdAt: string;
  identities: IdentityRecord[];
  assets: Partial<Record<AssetName, AssetRecord>>;
  /** Oldest first, the newest MAX_TESTS_KEPT. */
  tests: TestRunSummary[];
  /** Absent until an OAuth signing key is made (D1). */
  oauth?: OAuthRecord;
}

/** An onboarding as views give it: each test run can read its full result. */
export interface OnboardingWithResults extends OnboardingRecord {
  tests: TestRunRecord[];
}

export type { StepStatus };

export interface Check {
  step: WizardStepId;
  /** An asset name, or "CLIENT_KEY" / "CONNECTION_TEST". */
  item: string;
  status: StepStatus;
  required: boolean;
  detail: string;
}

export interface ExpiryEntry {
  onboardingId: string;
  program: string;
  identifier: string;
  environment: EnvironmentId;
  /** Which certificate: an asset name (and its position in a chain). */
  what: string;
  subject: string;
  sha256Fingerprint: string;
  notAfter: string;
  daysLeft: number;
  /** The tightest warning threshold reached (e.g. 30), 0 when expired, null when none. */
  warning: number | null;
}

export interface OnboardingSummary {
  id: string;
  program: string;
  identifier: string;
  environment: EnvironmentId;
  createdAt: string;
  status: StepStatus;
  steps: Partial<Record<WizardStepId, StepStatus>>;
  /** The soonest certificate expiry of the onboarding. */
  nextExpiry: ExpiryEntry | null;
}

export interface OnboardingView extends OnboardingSummary {
  record: OnboardingWithResults;
  current: IdentityRecord | null;
  checks: Check[];
  expiries: ExpiryEntry[];
}

export interface ListFilter {
  program?: string;
  environment?: string;
  /** Substring of the identifier, case-insensitive. */
  identifier?: string;
  status?: StepStatus;
  /** Only onboardings with a certificate expiring within this many days (or expired). */
  expiringWithinDays?: number;
}

export const DEFAULT_WARNING_DAYS = [90, 30, 7];
const MAX_TESTS_KEPT = 20;
/** Findings that depend on the date: the checks recompute those from notAfter instead. */
const DATED_FINDINGS = new Set(['expired', 'expiring-soon', 'not-yet-valid']);
const SEVERITY: Record<StepStatus, number> = { done: 0, expiring: 1, missing: 2, failing: 3 };

/** Assets that live in the identity rather than in the asset list. */
const IDENTITY_ASSETS: readonly AssetName[] = [
  'CUSTOMER_TLS_CLIENT_CERTIFICATE',
  'CUSTOMER_CSR',
  'THALES_SIGNED_CLIENT_CERTIFICATE',
];

export function onboardingId(program: string, identifier: string, environment: string): string {
  return `${program}/${identifier}/${environment}`;
}

/** The OAuth signing key in use: the newest one not retired. */
export function currentOAuthKey(record: OnboardingRecord): OAuthKeyView | null {
  const keys = record.oauth?.keys ?? [];
  for (let i = keys.length - 1; i >= 0; i--) if (keys[i].retiredAt === null) return keys[i];
  return null;
}

export function currentIdentity(record: OnboardingRecord): IdentityRecord | null {
  for (let i = record.identities.length - 1; i >= 0; i--)
    if (record.identities[i].retiredAt === null) return record.identities[i];
  return null;
}

function worst(statuses: StepStatus[]): StepStatus {
  return statuses.reduce<StepStatus>((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a), 'done');
}

// ---- schema versions ----

/** v1: before renewals, one identity per onboarding and the onboardings in a list. */
interface OnboardingV1 extends Omit<OnboardingRecord, 'identities'> {
  identity: Omit<
    IdentityRecord,
    'predecessorId' | 'retiredAt' | 'issuerChain' | 'certificateFindings'
  > | null;
}

/** v2: each test run with its full result inline. */
interface TestRunV2 extends Omit<TestRunSummary, 'diagnosis' | 'ms'> {
  result: unknown;
}

/** The summary fields a probe result carries (diagnosis.id, totalMs); anything else gives nulls. */
function summaryFields(result: unknown): Pick<TestRunSummary, 'diagnosis' | 'ms'> {
  const r = (typeof result === 'object' && result !== null ? result : {}) as {
    diagnosis?: { id?: unknown };
    totalMs?: unknown;
  };
  return {
    diagnosis: typeof r.diagnosis?.id === 'string' ? r.diagnosis.id : null,
    ms: typeof r.totalMs === 'number' && Number.isFinite(r.totalMs) ? r.totalMs : null,
  };
}

const MIGRATIONS: Record<number, (store: KeyValueStore, runs: TestRunFiles) => void> = {
  1: (store) => {
    const list = store.get<OnboardingV1[]>('onboardings') ?? [];
    const byId: Record<string, OnboardingRecord> = {};
    for (const { identity, ...rest } of list) {
      byId[rest.id] = {
        ...rest,
        identities: identity
          ? [
              {
                ...identity,
                issuerChain: [],
                certificateFindings: [],
                predecessorId: null,
                retiredAt: null,
              },
            ]
          : [],
      };
    }
    store.set('onboardings', byId);
  },
  2: (store, runs) => {
    const byId =
      store.get<Record<string, Omit<OnboardingRecord, 'tests'> & { tests: TestRunV2[] }>>(
        'onboardings',
      ) ?? {};
    const next: Record<string, OnboardingRecord> = {};
    for (const [id, record] of Object.entries(byId)) {
      const kept = record.tests.slice(-MAX_TESTS_KEPT);
      for (const run of kept) runs.write(id, run.id, run.result ?? null);
      next[id] = {
        ...record,
        tests: kept.map(({ result, ...run }) => ({ ...run, ...summaryFields(result) })),
      };
    }
    store.set('onboardings', next);
  },
};

function storedVersion(store: KeyValueStore): number {
  const version =
    store.get<number>('schemaVersion') ??
    (store.get('onboardings') === undefined ? INVENTORY_SCHEMA_VERSION : 1);
  if (version > INVENTORY_SCHEMA_VERSION) {
    throw new UserError(
      'bad-input',
      `the metadata in ${store.path} was written by a newer mtls-desk (schema ${version}): update mtls-desk to open it`,
    );
  }
  return version;
}

/** Brings the store to the current schema (inside the lock); refuses a store written by a newer version. */
function migrateStore(store: KeyValueStore, runs: TestRunFiles): void {
  let version = storedVersion(store);
  for (; version < INVENTORY_SCHEMA_VERSION; version++) MIGRATIONS[version](store, runs);
  if (store.get<number>('schemaVersion') !== version) store.set('schemaVersion', version);
}

export class Inventory {
  private readonly records = new Map<string, OnboardingRecord>();
  /** Public key hash -> onboarding id, to refuse one key in two onboardings. */
  private readonly keyOwners = new Map<string, string>();
  /** The metadata file as last read or written here (inode, size, time): a change means another process wrote. */
  private seen = '';
  /** Beside the metadata file: the data folder's lock and the test-run files. */
  private readonly lock: DataLock;
  private readonly runs: TestRunFiles;

  constructor(
    private readonly store: KeyValueStore,
    private readonly catalog: ProgramCatalog,
    private readonly clock: Clock,
    private readonly warningDays: () => number[] = () => DEFAULT_WARNING_DAYS,
  ) {
    const dataDir = dirname(store.path);
    this.lock = dataLock(dataDir);
    this.runs = new TestRunFiles(dataDir);
    if (store.get('schemaVersion') !== INVENTORY_SCHEMA_VERSION)
      this.lock.run(() => migrateStore(store, this.runs));
    this.refresh();
  }

  private fileState(): string {
    try {
      const stat = statSync(this.store.path);
      return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    } catch {
      return 'none';
    }
  }

  /** Re-reads the onboardings when the file changed since this process last read or wrote it. */
  private refresh(): void {
    const state = this.fileState();
    if (state === this.seen) return;
    this.records.clear();
    this.keyOwners.clear();
    for (const record of Object.values(
      this.store.get<Record<string, OnboardingRecord>>('onboardings') ?? {},
    ))
      this.index(record);
    this.seen = state;
  }

  private index(record: OnboardingRecord): void {
    this.records.set(record.id, record);
    for (const identity of record.identities)
      this.keyOwners.set(identity.publicKeySha256, record.id);
    for (const key of record.oauth?.keys ?? []) this.keyOwners.set(key.publicKeySha256, record.id);
  }

  /** Writes the onboardings with one replaced or added; memory changes only once the write succeeded. Inside the lock. */
  private save(record: OnboardingRecord): void {
    this.store.set('onboardings', { ...Object.fromEntries(this.records), [record.id]: record });
    this.seen = this.fileState();
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
    if (problem) throw new UserError('bad-input', problem);
    const id = onboardingId(profile.id, input.identifier, environment.id);
    if (this.records.has(id))
      throw new UserError(
        'conflict',
        `onboarding ${id} already exists: open it with mtls-desk onboarding show ${id}`,
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
        `no onboarding "${id}": list them with mtls-desk onboarding list (ids look like tsh-classic/CUST01/preprod)`,
      );
    return record;
  }

  profileOf(record: OnboardingRecord): ProgramProfile {
    return this.catalog.get(record.program);
  }

  /** Refuses a key that already serves another onboarding (environments and identifiers never share keys). */
  assertKeyFree(publicKeySha256: string, forOnboarding: string): void {
    this.refresh();
    const owner = this.keyOwners.get(publicKeySha256);
    if (owner !== undefined && owner !== forOnboarding) {
      throw new UserError(
        'conflict',
        `this key already belongs to onboarding ${owner}: a key is never shared between environments or identifiers; generate a new key for ${forOnboarding}`,
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
          ? `onboarding ${record.id} has no client identity yet: make one with mtls-desk identity generate --onboarding ${record.id}`
          : `onboarding ${record.id} has no identity ${identityId}`,
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
        );
      }
      return this.update(id, (r) => {
        r.identities.find((i) => i.id === identityId)!.retiredAt = this.clock.now().toISOString();
      });
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
          `onboarding ${id} has no OAuth signing key ${keyRecordId}: make one with mtls-desk oauth keygen --onboarding ${id}`,
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
      throw new UserError('not-found', `onboarding ${id} has no kept connection test ${runId}`);
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

  private thresholds(): number[] {
    return [...this.warningDays()].sort((a, b) => b - a);
  }

  private expiryOf(
    record: OnboardingRecord,
    what: string,
    cert: CertificateRecord,
    now: number,
    thresholds: number[],
  ): ExpiryEntry {
    const daysLeft = Math.floor((Date.parse(cert.notAfter) - now) / DAY_MS);
    let warning: number | null = null;
    if (daysLeft < 0) warning = 0;
    else for (const t of thresholds) if (daysLeft <= t) warning = t;
    return {
      onboardingId: record.id,
      program: record.program,
      identifier: record.identifier,
      environment: record.environment,
      what,
      subject: cert.subject,
      sha256Fingerprint: cert.sha256Fingerprint,
      notAfter: cert.notAfter,
      daysLeft,
      warning,
    };
  }

  /** Every certificate of one onboarding in use (retired identities left out), soonest first. */
  expiriesOf(
    record: OnboardingRecord,
    now = this.clock.now().getTime(),
    thresholds = this.thresholds(),
  ): ExpiryEntry[] {
    const entries: ExpiryEntry[] = [];
    const profile = this.profileOf(record);
    const clientAsset =
      profile.clientCertificate.mode === 'csr'
        ? 'THALES_SIGNED_CLIENT_CERTIFICATE'
        : 'CUSTOMER_TLS_CLIENT_CERTIFICATE';
    for (const identity of record.identities) {
      if (identity.retiredAt !== null || !identity.certificate) continue;
      entries.push(
        this.expiryOf(
          record,
          `${clientAsset} (${identity.id})`,
          identity.certificate,
          now,
          thresholds,
        ),
      );
    }
    for (const asset of Object.values(record.assets)) {
      asset.certificates.forEach((cert, i) => {
        entries.push(
          this.expiryOf(
            record,
            asset.certificates.length > 1 ? `${asset.name} #${i + 1}` : asset.name,
            cert,
            now,
            thresholds,
          ),
        );
      });
    }
    return entries.sort((a, b) => a.daysLeft - b.daysLeft);
  }

  checksOf(
    record: OnboardingRecord,
    now = this.clock.now().getTime(),
    thresholds = this.thresholds(),
  ): Check[] {
    const profile = this.profileOf(record);
    const identity = currentIdentity(record);
    const warnAt = thresholds[0] ?? 0;
    const certStatus = (
      cert: CertificateRecord,
      findings: Finding[],
    ): { status: StepStatus; detail: string } => {
      const daysLeft = Math.floor((Date.parse(cert.notAfter) - now) / DAY_MS);
      if (daysLeft < 0)
        return { status: 'failing', detail: `expired on ${cert.notAfter.slice(0, 10)}` };
      const error = findings.find((f) => f.severity === 'error' && !DATED_FINDINGS.has(f.id));
      if (error) return { status: 'failing', detail: error.message };
      if (daysLeft <= warnAt)
        return {
          status: 'expiring',
          detail: `expires in ${daysLeft} days (${cert.notAfter.slice(0, 10)})`,
        };
      return { status: 'done', detail: `valid until ${cert.notAfter.slice(0, 10)}` };
    };
    const checks: Check[] = [
      {
        step: 'identity',
        item: 'CLIENT_KEY',
        required: true,
        status: identity ? 'done' : 'missing',
        detail: identity
          ? `key ${identity.keyId} (${identity.algorithm ?? 'other'})`
          : 'no client key yet',
      },
    ];
    if (profile.clientCertificate.mode === 'csr') {
      checks.push({
        step: 'identity',
        item: 'CUSTOMER_CSR',
        required: true,
        status: identity?.csr ? 'done' : 'missing',
        detail: identity?.csr ? `CSR for ${identity.commonName}` : 'no CSR yet',
      });
      const signed = identity?.certificate;
      checks.push({
        step: 'signed',
        item: 'THALES_SIGNED_CLIENT_CERTIFICATE',
        required: true,
        ...(signed
          ? certStatus(signed, identity!.certificateFindings)
          : { status: 'missing' as const, detail: 'import the certificate the Thales CA signed' }),
      });
    } else {
      const cert = identity?.certificate;
      checks.push({
        step: 'identity',
        item: 'CUSTOMER_TLS_CLIENT_CERTIFICATE',
        required: true,
        ...(cert
          ? certStatus(cert, identity!.certificateFindings)
          : { status: 'missing' as const, detail: 'no client certificate yet' }),
      });
    }
    if (profile.oauth) {
      const key = currentOAuthKey(record);
      checks.push({
        step: 'oauth',
        item: 'OAUTH_SIGNING_KEY',
        required: true,
        status: key?.thalesConfirmedAt ? 'done' : 'missing',
        detail: !key
          ? 'no OAuth signing key yet'
          : key.thalesConfirmedAt
            ? `kid ${key.kid}, confirmed by Thales on ${key.thalesConfirmedAt.slice(0, 10)}`
            : `kid ${key.kid}: send the public key to Thales and record their confirmation`,
      });
    }
    for (const asset of profile.assets) {
      if (IDENTITY_ASSETS.includes(asset.name)) continue;
      const step = stepOfAsset(profile, asset.name);
      const stored = record.assets[asset.name];
      if (!stored) {
        checks.push({
          step,
          item: asset.name,
          required: asset.required,
          status: asset.required ? 'missing' : 'done',
          detail: asset.required ? 'not imported yet' : 'optional, not imported',
        });
        continue;
      }
      if (stored.host) {
        checks.push({
          step,
          item: asset.name,
          required: asset.required,
          status: 'done',
          detail: `${stored.host.host}${stored.host.port ? `:${stored.host.port}` : ''}${stored.host.basePath}`,
        });
        continue;
      }
      const states = stored.certificates.map((c) => certStatus(c, stored.findings));
      const status = worst([
        ...states.map((s) => s.status),
        stored.findings.some((f) => f.severity === 'error' && !DATED_FINDINGS.has(f.id))
          ? 'failing'
          : 'done',
      ]);
      const detail =
        states.find((s) => s.status === status)?.detail ??
        stored.findings.find((f) => f.severity === 'error')?.message ??
        'imported';
      checks.push({ step, item: asset.name, required: asset.required, status, detail });
    }
    const last = record.tests[record.tests.length - 1];
    checks.push({
      step: 'test',
      item: 'CONNECTION_TEST',
      required: true,
      status: last ? (last.ok ? 'done' : 'failing') : 'missing',
      detail: last
        ? `${last.direction} ${last.ok ? 'passed' : 'failed'} at ${last.at}: ${last.summary}`
        : 'no connection test yet',
    });
    return checks;
  }

  private summarize(
    record: OnboardingRecord,
    now: number,
    thresholds: number[],
  ): OnboardingSummary {
    const checks = this.checksOf(record, now, thresholds);
    const steps: Partial<Record<WizardStepId, StepStatus>> = {};
    for (const check of checks)
      steps[check.step] = worst([steps[check.step] ?? 'done', check.status]);
    const expiries = this.expiriesOf(record, now, thresholds);
    return {
      id: record.id,
      program: record.program,
      identifier: record.identifier,
      environment: record.environment,
      createdAt: record.createdAt,
      status: worst(checks.map((c) => c.status)),
      steps,
      nextExpiry: expiries[0] ?? null,
    };
  }

  list(filter: ListFilter = {}): OnboardingSummary[] {
    this.refresh();
    const now = this.clock.now().getTime();
    const thresholds = this.thresholds();
    const needle = filter.identifier?.toLowerCase();
    const out: OnboardingSummary[] = [];
    for (const record of this.records.values()) {
      if (filter.program !== undefined && record.program !== filter.program) continue;
      if (filter.environment !== undefined && record.environment !== filter.environment) continue;
      if (needle !== undefined && !record.identifier.toLowerCase().includes(needle)) continue;
      const summary = this.summarize(record, now, thresholds);
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
    const now = this.clock.now().getTime();
    const thresholds = this.thresholds();
    return {
      ...this.summarize(record, now, thresholds),
      record: this.withResults(record),
      current: currentIdentity(record),
      checks: this.checksOf(record, now, thresholds),
      expiries: this.expiriesOf(record, now, thresholds),
    };
  }

  /** Every certificate in use across the inventory, soonest first; withinDays limits it. */
  expiryScan(withinDays?: number): ExpiryEntry[] {
    this.refresh();
    const now = this.clock.now().getTime();
    const thresholds = this.thresholds();
    const all: ExpiryEntry[] = [];
    for (const record of this.records.values()) {
      for (const entry of this.expiriesOf(record, now, thresholds))
        if (withinDays === undefined || entry.daysLeft <= withinDays) all.push(entry);
    }
    return all.sort(
      (a, b) => a.daysLeft - b.daysLeft || a.onboardingId.localeCompare(b.onboardingId),
    );
  }

  /** An iCalendar file: one all-day event per certificate on its expiry date, with alarms at each warning threshold. */
  calendar(withinDays?: number): string {
    const stamp = icsDateTime(this.clock.now());
    const lines = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//mtls-desk//certificate renewals//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
    ];
    for (const entry of this.expiryScan(withinDays)) {
      const day = entry.notAfter.slice(0, 10).replace(/-/g, '');
      const next = new Date(Date.parse(entry.notAfter.slice(0, 10)) + DAY_MS)
        .toISOString()
        .slice(0, 10)
        .replace(/-/g, '');
      lines.push(
        'BEGIN:VEVENT',
        `UID:${entry.sha256Fingerprint.replace(/:/g, '').toLowerCase()}-${entry.onboardingId.replace(/[^A-Za-z0-9.-]/g, '_')}@mtls-desk`,
        `DTSTAMP:${stamp}`,
        `DTSTART;VALUE=DATE:${day}`,
        `DTEND;VALUE=DATE:${next}`,
        `SUMMARY:${icsText(`Renew ${entry.what} of ${entry.onboardingId} (expires ${entry.notAfter.slice(0, 10)})`)}`,
        `DESCRIPTION:${icsText(`${entry.subject}; SHA-256 ${entry.sha256Fingerprint}; expires ${entry.notAfter}. Renew with: mtls-desk identity renew --onboarding ${entry.onboardingId}`)}`,
      );
      for (const days of this.thresholds()) {
        lines.push(
          'BEGIN:VALARM',
          'ACTION:DISPLAY',
          `DESCRIPTION:${icsText(`${entry.what} of ${entry.onboardingId} expires in ${days} days`)}`,
          `TRIGGER:-P${days}D`,
          'END:VALARM',
        );
      }
      lines.push('END:VEVENT');
    }
    lines.push('END:VCALENDAR');
    return lines.map(foldIcsLine).join('\r\n') + '\r\n';
  }
}

function icsDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function icsText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** RFC 5545: lines longer than 75 octets continue on the next line after a space. */
function foldIcsLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const n = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74;
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
