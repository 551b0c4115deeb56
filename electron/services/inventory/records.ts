// The inventory's records as stored: one onboarding per (program, identifier, environment), holding
// the client identity (key id in the vault, certificate or CSR, the Thales-signed certificate for
// D1), the named Thales and customer assets, and a summary of each connection test (the full
// result in its own file). Also the shapes the derived views give (checks, expiries, summaries):
// those are computed, never stored.
import type { KeyAlgorithmId } from '../../../shared/algorithms.js';
import type { Finding } from '../../../shared/findings.js';
import type { StepStatus } from '../../../shared/ipc-channels.js';
import type { OAuthKeyView } from '../../../shared/oauth.js';
import type { AssetName, EnvironmentId } from '../../../shared/programs/schema.js';
import type { Subject } from '../../../shared/subject.js';
import type { WizardStepId } from '../../../shared/wizard-steps.js';

/** The layout of the data folder's inventory (see migrations.ts for the earlier ones). */
export const INVENTORY_SCHEMA_VERSION = 4;
/** Where the onboardings live in the data folder (since schema 4; before, in the metadata file). */
export const INVENTORY_DIR = 'inventory';

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
  /** The last portal bundle made, and when the person marked it submitted to Thales. */
  exported?: ExportRecord;
  /** When it was archived (hidden from the home list until restored); absent while in use. */
  archivedAt?: string;
  /**
   * When it was deleted: listed only under "Recently deleted" (restorable, its vault keys
   * tombstoned) until purged, which removes it and its keys for good; absent while in use.
   */
  deletedAt?: string;
}

export interface ExportRecord {
  bundle: { at: string; path: string; sha256: string; files: string[] } | null;
  submittedAt: string | null;
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
  /** The asset the certificate is stored as (the client certificate's for an identity's). */
  asset: AssetName;
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
  /** Archived: hidden from the home list unless asked for. */
  archived: boolean;
  /** When it was deleted (only the "Recently deleted" list shows it); null while in use. */
  deletedAt: string | null;
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
  /** true: only the deleted onboardings (not yet purged); otherwise deleted ones are left out. */
  deleted?: boolean;
}

export const DEFAULT_WARNING_DAYS = [90, 30, 7];
/** Connection tests kept per onboarding (the newest). */
export const MAX_TESTS_KEPT = 20;

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

/** The summary fields a probe result carries (diagnosis.id, totalMs); anything else gives nulls. */
export function summaryFields(result: unknown): Pick<TestRunSummary, 'diagnosis' | 'ms'> {
  const r = (typeof result === 'object' && result !== null ? result : {}) as {
    diagnosis?: { id?: unknown };
    totalMs?: unknown;
  };
  return {
    diagnosis: typeof r.diagnosis?.id === 'string' ? r.diagnosis.id : null,
    ms: typeof r.totalMs === 'number' && Number.isFinite(r.totalMs) ? r.totalMs : null,
  };
}
