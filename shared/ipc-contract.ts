// The one IPC contract between the renderer and main: every channel, its request schema (checked
// in main before any service sees it) and its response type, plus the push events. Each request
// is one plain JSON object. Only key ids cross: never key material.
import { z } from 'zod';
import type { KeyAlgorithmId } from './algorithms.js';
import type { InboundProbeResult, OutboundReadinessResult } from './diagnoses.js';
import type { Finding } from './findings.js';
import type { AssetName, EnvironmentId, ProgramProfile } from './programs/schema.js';
import { ASSET_NAMES, ENVIRONMENT_IDS, SUBJECT_FIELDS } from './programs/schema.js';
import { KEY_ALGORITHM_IDS } from './algorithms.js';
import type { Channel, WizardStepId } from './ipc-channels.js';

export { API_GLOBAL, CHANNELS, PROGRESS_EVENT, WIZARD_STEPS, type Channel, type WizardStepId } from './ipc-channels.js';

const id = z.string().min(1).max(200);
const operationId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'an operation id is 1 to 64 letters, digits or dashes');
const passphrase = z.string().min(1, 'type a passphrase').max(1024);
/** Pasted certificate text: generous, far below anything that could hurt main. */
const pastedText = z.string().max(1_000_000, 'this text is far too long for a certificate chain');
const subject = z.partialRecord(z.enum(SUBJECT_FIELDS), z.string().max(256)).optional();
const empty = z.object({}).strict();

export const requestSchemas = {
  'app.info': empty,
  'programs.list': empty,
  'vault.status': empty,
  'vault.init': z.object({ passphrase }).strict(),
  'vault.unlock': z.object({ passphrase }).strict(),
  'vault.lock': empty,
  'settings.get': empty,
  'settings.update': z.object({
    expiryWarningDays: z.number().int().min(1).max(365).optional(),
    autoLockMinutes: z.number().int().min(1).max(24 * 60).optional(),
  }).strict(),
  'onboardings.list': empty,
  'onboarding.create': z.object({
    program: z.string().regex(/^[a-z0-9-]{1,64}$/),
    identifier: z.string().min(1).max(128),
    environment: z.enum(ENVIRONMENT_IDS),
  }).strict(),
  'onboarding.get': z.object({ id }).strict(),
  'identity.generate': z.object({
    onboardingId: id,
    operationId,
    algorithm: z.enum(KEY_ALGORITHM_IDS),
    subject,
    /** The exact CN from the portal (self-signed programs) or an overriding CN (D1). */
    commonName: z.string().max(256).optional(),
    commonNameTemplate: z.string().max(256).optional(),
  }).strict(),
  'identity.importSigned': z.object({ onboardingId: id, text: pastedText }).strict(),
  'asset.check': z.object({
    program: z.string().regex(/^[a-z0-9-]{1,64}$/),
    environment: z.enum(ENVIRONMENT_IDS),
    asset: z.enum(ASSET_NAMES),
    text: pastedText,
  }).strict(),
  'asset.save': z.object({ onboardingId: id, asset: z.enum(ASSET_NAMES), text: pastedText }).strict(),
  'test.inbound': z.object({ onboardingId: id, operationId, url: z.string().max(2048).optional() }).strict(),
  'test.outbound': z.object({ onboardingId: id, operationId, target: z.string().max(2048).optional() }).strict(),
  'tester.chooseFile': z.object({ purpose: z.enum(['certificate', 'key', 'ca']) }).strict(),
  'tester.run': z.object({
    operationId,
    url: z.string().min(1).max(2048),
    program: z.string().regex(/^[a-z0-9-]{1,64}$/).optional(),
    environment: z.enum(ENVIRONMENT_IDS).optional(),
    identity: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('none') }).strict(),
      z.object({ kind: z.literal('onboarding'), onboardingId: id }).strict(),
      z.object({ kind: z.literal('files'), certificateFile: id, keyFile: id, passphrase: z.string().max(1024).optional() }).strict(),
    ]),
    caFile: id.optional(),
  }).strict(),
  'report.save': z.object({ reportId: id }).strict(),
  'export.bundle': z.object({ onboardingId: id }).strict(),
  'export.deployment': z.object({
    onboardingId: id,
    format: z.enum(['key', 'p12-modern', 'p12-legacy', 'chain']),
    passphrase: z.string().max(1024).optional(),
  }).strict(),
  'audit.list': empty,
  'operation.cancel': z.object({ operationId }).strict(),
} satisfies Record<Channel, z.ZodType>;

export type Requests = { [C in Channel]: z.input<(typeof requestSchemas)[C]> };

// ---- Responses ------------------------------------------------------------------------------

export type StepStatus = 'done' | 'missing' | 'failing' | 'expiring';

export interface CertificateSummary {
  subject: string;
  issuer: string;
  notAfter: string;
  daysLeft: number;
  sha256Fingerprint: string;
  selfSigned: boolean;
}

export interface OnboardingSummary {
  id: string;
  program: string;
  identifier: string;
  environment: EnvironmentId;
  steps: Partial<Record<WizardStepId, StepStatus>>;
  /** Whole days until the client certificate expires (negative once expired); null before there is one. */
  daysLeft: number | null;
}

export interface AssetState {
  name: AssetName;
  /** What was saved: host text, or a summary of each certificate. */
  value: string | null;
  certificates: CertificateSummary[];
  findings: Finding[];
}

export interface OnboardingDetail extends OnboardingSummary {
  createdAt: string;
  identity: null | {
    keyId: string;
    algorithm: KeyAlgorithmId;
    commonName: string;
    kind: 'certificate' | 'csr';
    /** The certificate or CSR (public material only). */
    pem: string;
    certificate: CertificateSummary | null;
    findings: Finding[];
  };
  /** D1: the certificate the Thales CA signed, once imported. */
  signedCertificate: CertificateSummary | null;
  assets: AssetState[];
  lastTests: { inbound: ProbeReport | null; outbound: ProbeReport | null };
}

export interface VaultStatus {
  initialized: boolean;
  unlocked: boolean;
  autoLockMinutes: number;
}

export interface Settings {
  dataDir: string;
  expiryWarningDays: number;
  autoLockMinutes: number;
}

export interface AssetCheck {
  ok: boolean;
  findings: Finding[];
  certificates: CertificateSummary[];
}

/** A connection test's full result (steps or checks, diagnosis, evidence) under an id main keeps for "save report". */
export interface ProbeReport {
  reportId: string;
  result: InboundProbeResult | OutboundReadinessResult;
}

export interface AuditEntryView {
  seq: number;
  at: string;
  who: string;
  action: string;
  summary: string;
}

export interface Responses {
  'app.info': { version: string; dataDir: string; services: { vault: boolean; probe: boolean } };
  'programs.list': { programs: ProgramProfile[] };
  'vault.status': VaultStatus;
  'vault.init': VaultStatus;
  'vault.unlock': VaultStatus;
  'vault.lock': VaultStatus;
  'settings.get': Settings;
  'settings.update': Settings;
  'onboardings.list': { onboardings: OnboardingSummary[] };
  'onboarding.create': OnboardingDetail;
  'onboarding.get': OnboardingDetail;
  'identity.generate': OnboardingDetail;
  'identity.importSigned': OnboardingDetail;
  'asset.check': AssetCheck;
  'asset.save': OnboardingDetail;
  'test.inbound': ProbeReport;
  'test.outbound': ProbeReport;
  'tester.chooseFile': { file: { id: string; name: string } | null };
  'tester.run': ProbeReport;
  'report.save': { path: string | null };
  'export.bundle': { path: string | null; files: string[] };
  'export.deployment': { path: string | null };
  'audit.list': { entries: AuditEntryView[]; verified: boolean; problem: string | null };
  'operation.cancel': { cancelled: boolean };
}

// ---- Wire format ----------------------------------------------------------------------------

export interface IpcError {
  code: string;
  message: string;
}

/** What every channel returns across the bridge: a value or an error, never a thrown Error. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export interface ProgressEvent {
  operationId: string;
  /** What is happening, in a few words ("generating the RSA 4096 key"). */
  phase: string;
  /** 0..1 when known. */
  fraction: number | null;
}

/** `window.mtlsDesk`: exactly one function per channel, plus the progress subscription. */
export type DeskApi = { [C in Channel]: (request: Requests[C]) => Promise<IpcResult<Responses[C]>> } & {
  onProgress(listener: (event: ProgressEvent) => void): () => void;
};
