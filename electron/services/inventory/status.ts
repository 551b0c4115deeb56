// An onboarding's derived state, computed from its record and program profile at a given time:
// the checks per wizard step (missing, done, expiring, failing), the certificates in use with the
// days they have left, and the summary lists show. Pure: nothing here reads or writes a file.
import type { Finding } from '../../../shared/findings.js';
import type { StepStatus } from '../../../shared/ipc-channels.js';
import { daysLeftUntil, expiryWarning, worstStatus } from '../../../shared/onboarding-status.js';
import type { AssetName, ProgramProfile } from '../../../shared/programs/schema.js';
import { stepOfAsset, type WizardStepId } from '../../../shared/wizard-steps.js';
import {
  currentIdentity,
  currentOAuthKey,
  type AssetRecord,
  type CertificateRecord,
  type Check,
  type ExpiryEntry,
  type OnboardingRecord,
  type OnboardingSummary,
} from './records.js';

/** When the checks are computed: now (ms) and the warning thresholds in days, largest first. */
export interface StatusClock {
  now: number;
  thresholds: readonly number[];
}

/** Findings that depend on the date: the checks recompute those from notAfter instead. */
const DATED_FINDINGS = new Set(['expired', 'expiring-soon', 'not-yet-valid']);

/** Assets that live in the identity rather than in the asset list. */
const IDENTITY_ASSETS: readonly AssetName[] = [
  'CUSTOMER_TLS_CLIENT_CERTIFICATE',
  'CUSTOMER_CSR',
  'THALES_SIGNED_CLIENT_CERTIFICATE',
];

/** The asset the client certificate is stored as: Thales-signed for CSR programs (D1), else self-signed. */
function clientCertificateAsset(profile: ProgramProfile): AssetName {
  return profile.clientCertificate.mode === 'csr'
    ? 'THALES_SIGNED_CLIENT_CERTIFICATE'
    : 'CUSTOMER_TLS_CLIENT_CERTIFICATE';
}

function expiryOf(
  record: OnboardingRecord,
  asset: AssetName,
  what: string,
  cert: CertificateRecord,
  at: StatusClock,
): ExpiryEntry {
  const daysLeft = daysLeftUntil(cert.notAfter, at.now);
  return {
    onboardingId: record.id,
    program: record.program,
    identifier: record.identifier,
    environment: record.environment,
    asset,
    what,
    subject: cert.subject,
    sha256Fingerprint: cert.sha256Fingerprint,
    notAfter: cert.notAfter,
    daysLeft,
    warning: expiryWarning(daysLeft, at.thresholds),
  };
}

/** Every certificate of one onboarding in use (retired identities left out), soonest first. */
export function expiriesOf(
  record: OnboardingRecord,
  profile: ProgramProfile,
  at: StatusClock,
): ExpiryEntry[] {
  const entries: ExpiryEntry[] = [];
  const clientAsset = clientCertificateAsset(profile);
  for (const identity of record.identities) {
    if (identity.retiredAt !== null || !identity.certificate) continue;
    entries.push(
      expiryOf(record, clientAsset, `${clientAsset} (${identity.id})`, identity.certificate, at),
    );
  }
  for (const asset of Object.values(record.assets)) {
    asset.certificates.forEach((cert, i) => {
      const what = asset.certificates.length > 1 ? `${asset.name} #${i + 1}` : asset.name;
      entries.push(expiryOf(record, asset.name, what, cert, at));
    });
  }
  return entries.sort((a, b) => a.daysLeft - b.daysLeft);
}

function certStatus(
  cert: CertificateRecord,
  findings: Finding[],
  at: StatusClock,
): { status: StepStatus; detail: string } {
  const daysLeft = daysLeftUntil(cert.notAfter, at.now);
  const day = cert.notAfter.slice(0, 10);
  if (daysLeft < 0) return { status: 'failing', detail: `expired on ${day}` };
  const error = findings.find((f) => f.severity === 'error' && !DATED_FINDINGS.has(f.id));
  if (error) return { status: 'failing', detail: error.message };
  if (daysLeft <= (at.thresholds[0] ?? 0))
    return { status: 'expiring', detail: `expires in ${daysLeft} days (${day})` };
  return { status: 'done', detail: `valid until ${day}` };
}

/** The client key, and its certificate or CSR (plus the Thales-signed certificate for CSR programs). */
function identityChecks(
  record: OnboardingRecord,
  profile: ProgramProfile,
  at: StatusClock,
): Check[] {
  const identity = currentIdentity(record);
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
  const cert = identity?.certificate;
  const certCheck = (missing: string) =>
    cert
      ? certStatus(cert, identity!.certificateFindings, at)
      : { status: 'missing' as const, detail: missing };
  if (profile.clientCertificate.mode === 'csr') {
    // A key imported with the certificate the Thales CA signed needs no CSR.
    const signedImport = !identity?.csr && identity?.imported === true && !!identity.certificate;
    checks.push({
      step: 'identity',
      item: 'CUSTOMER_CSR',
      required: true,
      status: identity?.csr || signedImport ? 'done' : 'missing',
      detail: identity?.csr
        ? `CSR for ${identity.commonName}`
        : signedImport
          ? 'none needed: the key was imported with the certificate the Thales CA signed'
          : 'no CSR yet',
    });
    checks.push({
      step: 'signed',
      item: 'THALES_SIGNED_CLIENT_CERTIFICATE',
      required: true,
      ...certCheck('import the certificate the Thales CA signed'),
    });
  } else {
    checks.push({
      step: 'identity',
      item: 'CUSTOMER_TLS_CLIENT_CERTIFICATE',
      required: true,
      ...certCheck('no client certificate yet'),
    });
  }
  return checks;
}

function oauthCheck(record: OnboardingRecord): Check {
  const key = currentOAuthKey(record);
  return {
    step: 'oauth',
    item: 'OAUTH_SIGNING_KEY',
    required: true,
    status: key?.thalesConfirmedAt ? 'done' : 'missing',
    detail: !key
      ? 'no OAuth signing key yet'
      : key.thalesConfirmedAt
        ? `kid ${key.kid}, confirmed by Thales on ${key.thalesConfirmedAt.slice(0, 10)}`
        : `kid ${key.kid}: send the public key to Thales and record their confirmation`,
  };
}

/** One imported asset's state: a host is done once entered; certificates by their dates and findings. */
function storedAssetState(
  stored: AssetRecord,
  at: StatusClock,
): { status: StepStatus; detail: string } {
  if (stored.host) {
    const { host, port, basePath } = stored.host;
    return { status: 'done', detail: `${host}${port ? `:${port}` : ''}${basePath}` };
  }
  const states = stored.certificates.map((c) => certStatus(c, stored.findings, at));
  const status = worstStatus([
    ...states.map((s) => s.status),
    stored.findings.some((f) => f.severity === 'error' && !DATED_FINDINGS.has(f.id))
      ? 'failing'
      : 'done',
  ]);
  const detail =
    states.find((s) => s.status === status)?.detail ??
    stored.findings.find((f) => f.severity === 'error')?.message ??
    'imported';
  return { status, detail };
}

function assetChecks(record: OnboardingRecord, profile: ProgramProfile, at: StatusClock): Check[] {
  const checks: Check[] = [];
  for (const asset of profile.assets) {
    if (IDENTITY_ASSETS.includes(asset.name)) continue;
    const step = stepOfAsset(profile, asset.name);
    const stored = record.assets[asset.name];
    const state = stored
      ? storedAssetState(stored, at)
      : asset.required
        ? { status: 'missing' as const, detail: 'not imported yet' }
        : { status: 'done' as const, detail: 'optional, not imported' };
    checks.push({ step, item: asset.name, required: asset.required, ...state });
  }
  return checks;
}

function connectionTestCheck(record: OnboardingRecord): Check {
  const last = record.tests[record.tests.length - 1];
  return {
    step: 'test',
    item: 'CONNECTION_TEST',
    required: true,
    status: last ? (last.ok ? 'done' : 'failing') : 'missing',
    detail: last
      ? `${last.direction} ${last.ok ? 'passed' : 'failed'} at ${last.at}: ${last.summary}`
      : 'no connection test yet',
  };
}

/** Every check of an onboarding, in wizard order. */
export function checksOf(
  record: OnboardingRecord,
  profile: ProgramProfile,
  at: StatusClock,
): Check[] {
  return [
    ...identityChecks(record, profile, at),
    ...(profile.oauth ? [oauthCheck(record)] : []),
    ...assetChecks(record, profile, at),
    connectionTestCheck(record),
  ];
}

/** The overall status, each step's (the worst of its checks), and the soonest certificate expiry. */
export function summarize(
  record: OnboardingRecord,
  profile: ProgramProfile,
  at: StatusClock,
  checks = checksOf(record, profile, at),
  expiries = expiriesOf(record, profile, at),
): OnboardingSummary {
  const steps: Partial<Record<WizardStepId, StepStatus>> = {};
  for (const check of checks)
    steps[check.step] = worstStatus([steps[check.step] ?? 'done', check.status]);
  // The export step is done once a portal bundle was made; it is shown, not counted in the overall
  // status (an onboarding whose checks pass is done whether or not its bundle is saved yet).
  steps.export = record.exported?.bundle ? 'done' : 'missing';
  return {
    id: record.id,
    program: record.program,
    identifier: record.identifier,
    environment: record.environment,
    createdAt: record.createdAt,
    status: worstStatus(checks.map((c) => c.status)),
    steps,
    nextExpiry: expiries[0] ?? null,
    archived: record.archivedAt !== undefined,
    deletedAt: record.deletedAt ?? null,
  };
}
