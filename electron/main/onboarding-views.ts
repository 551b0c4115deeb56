// Turns the desk's inventory records into the shapes the screens get over IPC: public facts only
// (certificates, CSRs, findings, key ids), never key material.
import type { InboundProbeResult, OutboundReadinessResult } from '../../shared/diagnoses.js';
import type { CertificateSummary, OnboardingDetail, OnboardingSummary, ProbeReport } from '../../shared/ipc-contract.js';
import type { CertificateRecord, HostValue, OnboardingSummary as InventorySummary, OnboardingView, TestRunRecord } from '../services/inventory.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';

const DAY_MS = 86_400_000;

export function certificateSummary(record: Pick<CertificateRecord, 'subject' | 'issuer' | 'notAfter' | 'sha256Fingerprint'> & { selfSigned?: boolean }, now: Date): CertificateSummary {
  return {
    subject: record.subject,
    issuer: record.issuer,
    notAfter: record.notAfter,
    daysLeft: Math.floor((new Date(record.notAfter).getTime() - now.getTime()) / DAY_MS),
    sha256Fingerprint: record.sha256Fingerprint,
    selfSigned: record.selfSigned ?? record.subject === record.issuer,
  };
}

export function hostText(host: HostValue): string {
  return `${host.host}${host.port !== null ? `:${host.port}` : ''}${host.basePath}`;
}

export function onboardingSummary(summary: InventorySummary): OnboardingSummary {
  return {
    id: summary.id,
    program: summary.program,
    identifier: summary.identifier,
    environment: summary.environment,
    steps: summary.steps,
    daysLeft: summary.nextExpiry?.daysLeft ?? null,
  };
}

function lastReport(tests: TestRunRecord[], direction: 'inbound' | 'outbound'): ProbeReport | null {
  const last = tests.filter((t) => t.direction === direction).at(-1);
  return last ? { reportId: last.id, result: last.result as InboundProbeResult | OutboundReadinessResult } : null;
}

export function onboardingDetail(view: OnboardingView, profile: ProgramProfile, now: Date): OnboardingDetail {
  const current = view.current;
  const csrMode = profile.clientCertificate.mode === 'csr';
  return {
    ...onboardingSummary(view),
    createdAt: view.createdAt,
    identity: current === null ? null : {
      keyId: current.keyId,
      algorithm: current.algorithm ?? profile.keyAlgorithms.recommended,
      commonName: current.commonName,
      kind: csrMode ? 'csr' : 'certificate',
      pem: (csrMode ? current.csr?.pem : current.certificate?.pem) ?? '',
      certificate: !csrMode && current.certificate ? certificateSummary(current.certificate, now) : null,
      findings: current.certificateFindings,
    },
    signedCertificate: csrMode && current?.certificate ? certificateSummary(current.certificate, now) : null,
    assets: Object.values(view.record.assets).flatMap((asset) => asset ? [{
      name: asset.name,
      value: asset.host ? hostText(asset.host) : `${asset.certificates.length} certificate(s) from ${asset.source}`,
      certificates: asset.certificates.map((c) => certificateSummary(c, now)),
      findings: asset.findings,
    }] : []),
    lastTests: { inbound: lastReport(view.record.tests, 'inbound'), outbound: lastReport(view.record.tests, 'outbound') },
  };
}
