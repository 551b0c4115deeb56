// Turns the desk's inventory records into the shapes the screens get over IPC: public facts only
// (certificates, CSRs, findings, key ids), never key material.
import { createHash } from 'node:crypto';
import { certificateDetails } from '../services/certificate-details.js';
import { colonHex } from '../services/facts.js';
import type { InboundProbeResult, OutboundReadinessResult } from '../../shared/diagnoses.js';
import { describeKey } from '../../shared/algorithms.js';
import { daysLeftUntil } from '../../shared/onboarding-status.js';
import type {
  CertificateDetails,
  CertificateSummary,
  IdentityView,
  KeyView,
  OnboardingDetail,
  OnboardingSummaryView,
  ProbeReport,
  VaultStatusView,
} from '../../shared/ipc-contract.js';
import type { Desk } from '../services/desk.js';
import { UserError } from '../services/errors.js';
import type {
  CertificateRecord,
  HostValue,
  IdentityRecord,
  OnboardingSummary as InventorySummary,
  OnboardingView,
  TestRunRecord,
} from '../services/inventory.js';
import { currentOAuthKey } from '../services/inventory.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { parsePemBlocks } from '../services/pem.js';

/** A certificate's summary; with its details (the "Details" disclosure) when the record holds its PEM. */
export function certificateSummary(
  record: Pick<CertificateRecord, 'subject' | 'issuer' | 'notAfter' | 'sha256Fingerprint'> & {
    selfSigned?: boolean;
    pem?: string;
  },
  now: Date,
): CertificateSummary {
  return {
    subject: record.subject,
    issuer: record.issuer,
    notAfter: record.notAfter,
    daysLeft: daysLeftUntil(record.notAfter, now.getTime()),
    sha256Fingerprint: record.sha256Fingerprint,
    selfSigned: record.selfSigned ?? record.subject === record.issuer,
    ...detailsOf(record.pem),
  };
}

/** A stored PEM that no longer reads leaves the summary without details rather than the view failing. */
function detailsOf(pem: string | undefined): { details?: CertificateDetails } {
  if (!pem) return {};
  try {
    return { details: certificateDetails(pem) };
  } catch {
    return {};
  }
}

function hostText(host: HostValue): string {
  return `${host.host}${host.port !== null ? `:${host.port}` : ''}${host.basePath}`;
}

export function onboardingSummary(summary: InventorySummary): OnboardingSummaryView {
  return {
    id: summary.id,
    program: summary.program,
    identifier: summary.identifier,
    environment: summary.environment,
    status: summary.status,
    steps: summary.steps,
    nextExpiry: summary.nextExpiry
      ? {
          asset: summary.nextExpiry.asset,
          daysLeft: summary.nextExpiry.daysLeft,
          notAfter: summary.nextExpiry.notAfter,
        }
      : null,
    archived: summary.archived,
    ...(summary.deletedAt !== null ? { deletedAt: summary.deletedAt } : {}),
  };
}

function lastReport(
  onboardingId: string,
  tests: TestRunRecord[],
  direction: 'inbound' | 'outbound',
): ProbeReport | null {
  const last = tests.filter((t) => t.direction === direction).at(-1);
  return last
    ? {
        reportId: last.id,
        onboardingId,
        result: last.result as InboundProbeResult | OutboundReadinessResult,
      }
    : null;
}

function identityState(
  identity: IdentityRecord,
  current: IdentityRecord | null,
): IdentityView['state'] {
  return identity.retiredAt !== null ? 'retired' : identity.id === current?.id ? 'current' : 'kept';
}

function identityView(
  identity: IdentityRecord,
  current: IdentityRecord | null,
  now: Date,
): IdentityView {
  return {
    id: identity.id,
    keyId: identity.keyId,
    algorithm: identity.algorithm,
    commonName: identity.commonName,
    createdAt: identity.createdAt,
    certificate: identity.certificate ? certificateSummary(identity.certificate, now) : null,
    state: identityState(identity, current),
  };
}

/** SHA-256 of the first PEM block's DER (a CSR's or a certificate's), as the certificate facts write it. */
function pemFingerprint(pem: string): string {
  const der =
    pem === ''
      ? Buffer.alloc(0)
      : (parsePemBlocks(pem, 'the stored PEM')[0]?.der ?? Buffer.alloc(0));
  return colonHex(createHash('sha256').update(der).digest('hex'));
}

export function onboardingDetail(
  view: OnboardingView,
  profile: ProgramProfile,
  now: Date,
): OnboardingDetail {
  const current = view.current;
  const csrMode = profile.clientCertificate.mode === 'csr';
  // An identity imported with its certificate into a CSR program (D1) has no CSR: it is shown as
  // what it is, the key and the certificate the Thales CA signed.
  const asCsr = csrMode && current?.csr != null;
  const identityPem = (asCsr ? current?.csr?.pem : current?.certificate?.pem) ?? '';
  return {
    ...onboardingSummary(view),
    createdAt: view.createdAt,
    identity:
      current === null
        ? null
        : {
            id: current.id,
            keyId: current.keyId,
            algorithm: current.algorithm ?? profile.keyAlgorithms.recommended,
            commonName: current.commonName,
            kind: asCsr ? 'csr' : 'certificate',
            imported: current.imported === true,
            pem: identityPem,
            sha256Fingerprint: pemFingerprint(identityPem),
            certificate:
              !asCsr && current.certificate ? certificateSummary(current.certificate, now) : null,
            findings: current.certificateFindings,
          },
    signedCertificate:
      csrMode && current?.certificate ? certificateSummary(current.certificate, now) : null,
    exported: {
      bundle: view.record.exported?.bundle ?? null,
      submittedAt: view.record.exported?.submittedAt ?? null,
    },
    assets: Object.values(view.record.assets).flatMap((asset) =>
      asset
        ? [
            {
              name: asset.name,
              value: asset.host
                ? hostText(asset.host)
                : `${asset.certificates.length} certificate(s) from ${asset.source}`,
              source: asset.host ? null : asset.source,
              certificates: asset.certificates.map((c) => certificateSummary(c, now)),
              findings: asset.findings,
            },
          ]
        : [],
    ),
    identities: view.record.identities.map((i) => identityView(i, current, now)).reverse(),
    maxValidityDays: csrMode ? null : profile.clientCertificate.maxValidityDays,
    lastTests: {
      inbound: lastReport(view.id, view.record.tests, 'inbound'),
      outbound: lastReport(view.id, view.record.tests, 'outbound'),
    },
  };
}

export function vaultStatusView(desk: Desk): VaultStatusView {
  const status = desk.vault.status();
  return {
    initialized: status.initialized,
    unlocked: status.unlocked,
    autoLockMinutes: status.idleLockMinutes,
  };
}

/**
 * The vault's keys with where each is used. A generated key is labelled with its onboarding's id,
 * so only those onboardings are read (the inventory may hold 10,000).
 */
export function keyViews(desk: Desk): KeyView[] {
  return desk.vault
    .keys(true)
    .map((key) => {
      let onboardingId: string | null = null;
      let use: KeyView['use'] = 'none';
      try {
        const view = desk.onboardings.get(key.label);
        const identity = view.record.identities.find((i) => i.keyId === key.id);
        const oauthKey = view.record.oauth?.keys.find((k) => k.keyId === key.id);
        if (identity) {
          onboardingId = view.id;
          use = identityState(identity, view.current);
        } else if (oauthKey) {
          // The D1 OAuth signing key: in use like an identity's key (current, kept, retired).
          onboardingId = view.id;
          const current = currentOAuthKey(view.record);
          use =
            oauthKey.retiredAt !== null
              ? 'retired'
              : oauthKey.id === current?.id
                ? 'current'
                : 'kept';
        }
      } catch (error) {
        // Not an onboarding's key (another label, or its onboarding is gone): shown as unused.
        if (!(error instanceof UserError && error.code === 'not-found')) throw error;
      }
      return {
        id: key.id,
        description: describeKey(key.key),
        origin: key.origin,
        createdAt: key.createdAt,
        deletedAt: key.deletedAt,
        onboardingId,
        use,
      };
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
