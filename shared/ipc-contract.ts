// The one IPC contract between the renderer and main: every channel, its request schema (checked
// in main before any service sees it) and its response type, plus the push events. Each request
// is one plain JSON object. Only key ids cross: never key material.
import { z } from 'zod';
import type { KeyAlgorithmId } from './algorithms.js';
import type { InboundProbeResult, OutboundReadinessResult, ProbeProgress } from './diagnoses.js';
import type { Finding } from './findings.js';
import type { FindingParam } from './i18n/errors.js';
import type { MessageParams } from './i18n/message-text.js';
import type { Need } from './needs.js';
import type { OAuthDetail } from './oauth.js';
import type { AssetName, EnvironmentId, ProgramProfile } from './programs/schema.js';
import { ASSET_NAMES, ENVIRONMENT_IDS, SUBJECT_FIELDS } from './programs/schema.js';
import { KEY_ALGORITHM_IDS } from './algorithms.js';
import {
  AUTO_LOCK_MINUTES,
  LANGUAGES,
  THEMES,
  warningDayProblem,
  warningOrderProblem,
  type LanguageChoice,
  type ThemeChoice,
} from './settings.js';
import type { CertificateKind } from './onboarding-status.js';
import {
  ONBOARDING_SORT_KEYS,
  STEP_STATUSES,
  type Channel,
  type StepStatus,
  type WizardStepId,
} from './ipc-channels.js';

export {
  API_GLOBAL,
  CHANNELS,
  EXPIRY_TIMELINE_MONTHS,
  ONBOARDING_SORT_KEYS,
  type OnboardingSortKey,
  PROGRESS_EVENT,
  PUSH_SUBSCRIPTIONS,
  STEP_STATUSES,
  VAULT_LOCKED_EVENT,
  WIZARD_STEP_TITLES,
  WIZARD_STEPS,
  type Channel,
  type StepStatus,
  type WizardStepId,
} from './ipc-channels.js';

const id = z.string().min(1).max(200);
/** The language of a document main writes for the user (the bundle's checklist, a report). */
const documentLanguage = z.enum(['en', 'ja']);
/** The words of the rule are in shared/oauth.ts (kidProblem); the service says them. */
const oauthKid = z.string().min(1).max(128);
const operationId = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, 'an operation id is 1 to 64 letters, digits or dashes');
const passphrase = z.string().min(1, 'type a passphrase').max(1024);
/** The longest pasted text a request may carry: generous for a chain, far below anything that could hurt main. */
export const PASTED_TEXT_MAX_CHARS = 1_000_000;
/**
 * The largest request body the browser shell reads before refusing it: the largest request the
 * schemas accept (a pasted text with every character JSON-escaped as \uXXXX) plus room for the rest.
 */
export const MAX_REQUEST_BYTES = PASTED_TEXT_MAX_CHARS * 6 + 64 * 1024;
const pastedText = z
  .string()
  .max(PASTED_TEXT_MAX_CHARS, 'this text is far too long for a certificate chain');
const subject = z.partialRecord(z.enum(SUBJECT_FIELDS), z.string().max(256)).optional();
const empty = z.object({}).strict();
const programId = z.string().regex(/^[a-z0-9-]{1,64}$/);
const modulePath = z
  .string()
  .min(1)
  .max(1024)
  .refine(
    (p) => p.startsWith('/') || /^[A-Za-z]:\\/.test(p),
    "a PKCS#11 module is the absolute path of the token's library",
  );
const tokenLabel = z.string().min(1).max(64);
/** The user PIN of a token: used for one operation in main, never stored or logged. */
const pin = z.string().min(1, 'type the PIN').max(256);
const tokenLogin = z.object({ module: modulePath, token: tokenLabel, pin }).strict();
/** Self-signed validity in days; main also holds it to the program's maximum. */
const validityDays = z
  .number()
  .int()
  .min(1, 'a certificate is valid for at least 1 day')
  .max(3650)
  .optional();
const warningDay = z.number().refine((d) => warningDayProblem(d) === null, {
  message: `an expiry warning is ${warningDayProblem(0)}`,
});

export const requestSchemas = {
  'app.info': empty,
  'programs.list': empty,
  /** The Common Name layout Thales confirmed for a program (D1), if one was saved. */
  'programs.cnLayout': z.object({ program: programId }).strict(),
  /** Saves the layout Thales confirmed for a program (then it is the check); null forgets it. */
  'programs.confirmCnLayout': z
    .object({ program: programId, layout: z.string().min(1).max(256).nullable() })
    .strict(),
  'vault.status': empty,
  'vault.init': z.object({ passphrase }).strict(),
  'vault.unlock': z.object({ passphrase }).strict(),
  'vault.lock': empty,
  'vault.changePassphrase': z.object({ current: passphrase, next: passphrase }).strict(),
  'keys.list': empty,
  /** Deleting needs confirm: true, which the page sends only after the person confirmed on screen. */
  'keys.delete': z
    .object({
      keyId: id,
      confirm: z.literal(true, 'deleting a key needs an explicit confirmation'),
    })
    .strict(),
  'keys.restore': z.object({ keyId: id }).strict(),
  'settings.get': empty,
  'settings.update': z
    .object({
      /** The three warning thresholds, first warning first (default 90, 30, 7). */
      expiryWarningDays: z
        .tuple([warningDay, warningDay, warningDay])
        .refine((days) => warningOrderProblem(days) === null, warningOrderProblem([1, 2])!)
        .optional(),
      /** 0: never lock. */
      autoLockMinutes: z
        .number()
        .int('the auto-lock time is whole minutes')
        .min(AUTO_LOCK_MINUTES.min, 'the auto-lock time is 0 (never) or more minutes')
        .max(
          AUTO_LOCK_MINUTES.max,
          `the auto-lock time is at most ${AUTO_LOCK_MINUTES.max} minutes (a day)`,
        )
        .optional(),
      /** Light or dark, or as the system says. */
      theme: z.enum(THEMES, 'the theme is system, light or dark').optional(),
      /** The app's language, or the system's. */
      language: z.enum(LANGUAGES, 'the language is system, en or ja').optional(),
    })
    .strict(),
  /** Choose another data folder (a folder dialog in main) or go back to the default; used from the next start. */
  'settings.dataDir': z.object({ action: z.enum(['choose', 'default']) }).strict(),
  /**
   * The home screen and the tester's onboarding picker: a window of the onboardings matching the
   * filter, with the inventory's aggregates. `snapshot` (from an earlier answer) keeps the rows
   * the person is scrolling through; without it, or once main no longer holds it, the answer is
   * from a new snapshot.
   */
  'onboardings.query': z
    .object({
      /** Part of the identifier, any case. */
      search: z.string().max(128).optional(),
      program: z
        .string()
        .regex(/^[a-z0-9-]{1,64}$/)
        .optional(),
      environment: z.enum(ENVIRONMENT_IDS).optional(),
      /** Only those with a certificate expiring within the earliest warning days, or expired. */
      expiringOnly: z.boolean().optional(),
      /** The overall status: the worst of the onboarding's steps. */
      status: z.enum(STEP_STATUSES).optional(),
      /** Archived onboardings too (hidden by default). */
      withArchived: z.boolean().optional(),
      /** Only those whose current identity has its client certificate (the tester's identity from the vault). */
      withClientCertificate: z.boolean().optional(),
      /** Only those whose next expiry falls in this timeline bucket: "expired" or a month ("2027-03"). */
      expiry: z
        .string()
        .regex(/^(expired|\d{4}-\d{2})$/)
        .optional(),
      /** The column the rows are sorted by (the inventory's order when absent), and the direction. */
      sort: z.enum(ONBOARDING_SORT_KEYS).optional(),
      descending: z.boolean().optional(),
      offset: z.number().int().min(0).max(10_000_000),
      limit: z.number().int().min(1).max(500, 'a window holds at most 500 onboardings'),
      snapshot: z
        .string()
        .regex(/^snapshot-\d{1,15}$/)
        .optional(),
    })
    .strict(),
  'onboarding.create': z
    .object({
      program: z.string().regex(/^[a-z0-9-]{1,64}$/),
      identifier: z.string().min(1).max(128),
      environment: z.enum(ENVIRONMENT_IDS),
    })
    .strict(),
  'onboarding.get': z.object({ id }).strict(),
  /** Archive (true) or restore (false) an onboarding. */
  'onboarding.archive': z.object({ id, archived: z.boolean() }).strict(),
  /** Delete an onboarding (undoable until purged): `confirm` is its identifier, typed. */
  'onboarding.delete': z.object({ id, confirm: z.string().max(200) }).strict(),
  /** Bring a deleted onboarding back from "Recently deleted", with its vault keys. */
  'onboarding.restoreDeleted': z.object({ id }).strict(),
  /** Remove a deleted onboarding and its vault keys for good: `confirm` is its identifier, typed. */
  'onboarding.purge': z.object({ id, confirm: z.string().max(200) }).strict(),
  /** The deleted onboardings not yet purged ("Recently deleted"). */
  'onboarding.listDeleted': z.object({}).strict(),
  'identity.generate': z
    .object({
      onboardingId: id,
      operationId,
      algorithm: z.enum(KEY_ALGORITHM_IDS),
      subject,
      /** The exact CN from the portal (self-signed programs) or an overriding CN (D1). */
      commonName: z.string().max(256).optional(),
      commonNameTemplate: z.string().max(256).optional(),
      days: validityDays,
      /** Generate the key on this PKCS#11 token instead of the vault. */
      token: tokenLogin.optional(),
    })
    .strict(),
  /** A new key and certificate/CSR with the current identity's profile and subject; the old one stays until retired. */
  'identity.renew': z
    .object({ onboardingId: id, operationId, days: validityDays, pin: pin.optional() })
    .strict(),
  'identity.retire': z.object({ onboardingId: id, identityId: id }).strict(),
  /** pin: the token's user PIN when the key is on a token, to store the certificate beside it (used once). */
  'identity.importSigned': z
    .object({ onboardingId: id, text: pastedText, pin: pin.optional() })
    .strict(),
  /** Chooses, in main, a file of an existing identity: the page gets an id and the file's name, never its content. */
  'identity.chooseFile': z.object({ purpose: z.enum(['certificate', 'key', 'pkcs12']) }).strict(),
  /**
   * An existing key and its certificate as the onboarding's identity, read and checked in main, the
   * key into the vault: keyFile is the key file or one PKCS#12 file (then no certificateFile);
   * ids from identity.chooseFile. The answer carries the public view only.
   */
  'identity.importFiles': z
    .object({
      onboardingId: id,
      keyFile: id,
      certificateFile: id.optional(),
      passphrase: z.string().max(1024).optional(),
    })
    .strict(),
  /** D1 OAuth 2.0: the signing key (made in the vault), its kid, Thales's confirmation, the endpoints the test uses. */
  'oauth.get': z.object({ onboardingId: id }).strict(),
  'oauth.generate': z.object({ onboardingId: id, kid: oauthKid.optional() }).strict(),
  'oauth.renew': z.object({ onboardingId: id, kid: oauthKid.optional() }).strict(),
  /** null: back to the RFC 7638 thumbprint. */
  'oauth.setKid': z.object({ onboardingId: id, kid: oauthKid.nullable() }).strict(),
  'oauth.confirm': z.object({ onboardingId: id, confirmed: z.boolean() }).strict(),
  /** An empty string or null goes back to the default. */
  'oauth.endpoints': z
    .object({
      onboardingId: id,
      tokenUrl: z.string().max(2048).nullable().optional(),
      apiPath: z.string().max(2048).nullable().optional(),
    })
    .strict(),
  'asset.check': z
    .object({
      program: z.string().regex(/^[a-z0-9-]{1,64}$/),
      environment: z.enum(ENVIRONMENT_IDS),
      asset: z.enum(ASSET_NAMES),
      text: pastedText,
      /** THALES_SIGNED_CLIENT_CERTIFICATE: matched to this onboarding's keys, as the import does. */
      onboardingId: id.optional(),
    })
    .strict(),
  'asset.save': z
    .object({ onboardingId: id, asset: z.enum(ASSET_NAMES), text: pastedText })
    .strict(),
  /** Saves the client identity's certificate or CSR (public material) through the save dialog. */
  'identity.save': z.object({ onboardingId: id }).strict(),
  /** Puts public text on the clipboard from main (never a private key). */
  'clipboard.write': z.object({ text: z.string().min(1).max(65_536) }).strict(),
  'test.inbound': z
    .object({ onboardingId: id, operationId, url: z.string().max(2048).optional() })
    .strict(),
  'test.outbound': z
    .object({ onboardingId: id, operationId, target: z.string().max(2048).optional() })
    .strict(),
  /**
   * D1 Push Provisioning: the outbound check plus your OAuth token endpoint. The client secret is
   * used for this one check in main and kept nowhere; it is never in an answer, a log or a file.
   */
  'test.tokenEndpoint': z
    .object({
      onboardingId: id,
      operationId,
      path: z
        .string()
        .max(512)
        .regex(
          /^\/[^\s?#]*$/,
          'the token endpoint is a path on your host, like /authz/d1/v1/oauth2/token',
        )
        .optional(),
      clientId: z.string().min(1, 'type the client id').max(256),
      clientSecret: z.string().min(1, 'type the client secret').max(1024),
      /** A client certificate your server accepts (files chosen with tester.chooseFile). */
      certificateFile: id.optional(),
      keyFile: id.optional(),
    })
    .strict(),
  'tester.chooseFile': z
    .object({ purpose: z.enum(['certificate', 'key', 'ca', 'pkcs12']) })
    .strict(),
  'tester.run': z
    .object({
      operationId,
      url: z.string().min(1).max(2048),
      program: z
        .string()
        .regex(/^[a-z0-9-]{1,64}$/)
        .optional(),
      environment: z.enum(ENVIRONMENT_IDS).optional(),
      identity: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('none') }).strict(),
        z.object({ kind: z.literal('onboarding'), onboardingId: id }).strict(),
        z
          .object({
            kind: z.literal('files'),
            certificateFile: id,
            keyFile: id,
            passphrase: z.string().max(1024).optional(),
          })
          .strict(),
        /** A PKCS#12 file (.p12/.pfx): decoded in main, its key never leaves main. */
        z
          .object({
            kind: z.literal('pkcs12'),
            file: id,
            passphrase: z.string().max(1024).optional(),
          })
          .strict(),
      ]),
      caFile: id.optional(),
      /** inbound (default): you call the URL with a client identity; outbound: a server Thales calls, checked for readiness. */
      direction: z.enum(['inbound', 'outbound']).optional(),
    })
    .strict(),
  /** language: the app's, for the report's words (English when absent). */
  'report.save': z
    .object({ reportId: id, onboardingId: id.optional(), language: documentLanguage.optional() })
    .strict(),
  /** language: the app's, for CHECKLIST.md (English when absent). */
  'export.bundle': z
    .object({
      onboardingId: id,
      partial: z.boolean().optional(),
      language: documentLanguage.optional(),
    })
    .strict(),
  /** Records (or, with submitted false, clears) that the portal bundle was submitted to Thales, dated today. */
  'export.markSubmitted': z.object({ onboardingId: id, submitted: z.boolean() }).strict(),
  /** Reveals the onboarding's last portal bundle in the file manager (only that file: main knows its path). */
  'export.showInFolder': z.object({ onboardingId: id }).strict(),
  'export.deployment': z
    .object({
      onboardingId: id,
      format: z.enum(['key', 'p12-modern', 'p12-legacy', 'chain']),
      passphrase: z.string().max(1024).optional(),
      /** The master passphrase again: a private key leaves the vault only after it is re-checked. */
      masterPassphrase: z.string().max(1024).optional(),
    })
    .strict(),
  /** Renewal reminders (.ics) for every certificate in use, or only those expiring within N days. */
  'calendar.export': z
    .object({ withinDays: z.number().int().min(1).max(3650).optional() })
    .strict(),
  'audit.list': empty,
  'operation.cancel': z.object({ operationId }).strict(),
  /** Whether token support is installed here, the configured modules and the usual ones. */
  'tokens.state': empty,
  /** The configured modules, the first one the default. */
  'tokens.modules': z.object({ modules: z.array(modulePath).max(16) }).strict(),
  'tokens.list': z.object({ module: modulePath }).strict(),
  'tokens.keys': tokenLogin,
} satisfies Record<Channel, z.ZodType>;

export type Requests = { [C in Channel]: z.input<(typeof requestSchemas)[C]> };

// ---- Responses ------------------------------------------------------------------------------

export interface CertificateSummary {
  subject: string;
  issuer: string;
  notAfter: string;
  daysLeft: number;
  sha256Fingerprint: string;
  selfSigned: boolean;
  /** What the "Details" disclosure shows, read in main from the certificate; absent when main had only a summary. */
  details?: CertificateDetails;
}

/** A certificate's facts for its detail view (public material only). */
export interface CertificateDetails {
  subject: string;
  issuer: string;
  /** Hex, uppercase, as OpenSSL prints it. */
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** "EC P-256", "RSA 4096", ... */
  publicKey: string;
  /** Colon-separated uppercase hex of the DER. */
  sha256Fingerprint: string;
  sha1Fingerprint: string;
  /** "DNS:api.example.com", "IP:192.0.2.1", "email:…", as OpenSSL writes them. */
  subjectAltNames: string[];
  /** Key usage bits in OpenSSL's words ("Digital Signature"); null when the extension is absent. */
  keyUsage: string[] | null;
  /** Extended key usages in OpenSSL's words ("TLS Web Client Authentication") or dotted OIDs; null when absent. */
  extendedKeyUsage: string[] | null;
  basicConstraints: { ca: boolean; pathLength: number | null } | null;
}

export interface OnboardingSummaryView {
  id: string;
  program: string;
  identifier: string;
  environment: EnvironmentId;
  /** The worst of the steps. */
  status: StepStatus;
  steps: Partial<Record<WizardStepId, StepStatus>>;
  /**
   * The onboarding's certificate in use that expires first, of any kind (client certificate,
   * server chain, Thales certificates): null while it holds none.
   */
  nextExpiry: NextExpiry | null;
  /** True once archived: hidden from the home list unless "Show archived" is on. */
  archived?: boolean;
  /** When it was deleted (only "Recently deleted" lists it until purged). */
  deletedAt?: string;
}

/** Which certificate expires next, and in how many whole days (negative once expired). */
export interface NextExpiry {
  asset: AssetName;
  daysLeft: number;
  /** When it expires (ISO). */
  notAfter: string;
}

export interface ExpiryBucket {
  /** "expired" or a month ("2027-03"). */
  bucket: string;
  count: number;
  kinds: Record<CertificateKind, number>;
}

export type OnboardingQuery = z.output<(typeof requestSchemas)['onboardings.query']>;

export interface OnboardingQueryResult {
  /** Name the snapshot in the next window's request. */
  snapshot: string;
  /** Every onboarding in the inventory. */
  total: number;
  /** Those matching the filter. */
  matched: number;
  /** The position of rows[0] among those matching. */
  offset: number;
  rows: OnboardingSummaryView[];
  /** Onboardings per overall status, over the whole inventory. */
  statusCounts: Record<StepStatus, number>;
  /**
   * Onboardings by when their next expiry (their soonest certificate) falls, over the whole
   * inventory: "expired" first, then this month ("2026-11") and each next one, as far as the
   * latest expiry (at least EXPIRY_TIMELINE_MONTHS); each bucket counted per kind of certificate.
   */
  timeline: ExpiryBucket[];
  /** What "expiring" means in days (the earliest warning). */
  expiringWithinDays: number;
}

export interface AssetState {
  name: AssetName;
  /** What was saved: host text, or a summary of each certificate. */
  value: string | null;
  /** Where saved certificates came from (a file name, "pasted text"), for the screen to word; null for a host. */
  source: string | null;
  certificates: CertificateSummary[];
  findings: Finding[];
}

/** One client identity of an onboarding: the one in use, one kept after a renewal, or a retired one. */
export interface IdentityView {
  id: string;
  keyId: string;
  algorithm: KeyAlgorithmId | null;
  commonName: string;
  createdAt: string;
  /** The client certificate (self-signed, or Thales-signed for D1), once there is one. */
  certificate: CertificateSummary | null;
  state: 'current' | 'kept' | 'retired';
}

/** An asset a partial bundle leaves out: not there yet or failing a check, and the step that completes it. */
export interface StillNeededItem {
  asset: AssetName;
  why: 'missing' | 'has-errors';
  step: WizardStepId;
}

export interface OnboardingDetail extends OnboardingSummaryView {
  createdAt: string;
  identity: null | {
    id: string;
    keyId: string;
    algorithm: KeyAlgorithmId;
    commonName: string;
    kind: 'certificate' | 'csr';
    /** The key was imported with its certificate, not generated here. */
    imported: boolean;
    /** The certificate or CSR (public material only). */
    pem: string;
    /** SHA-256 of the certificate's or CSR's DER, colon-separated hex. */
    sha256Fingerprint: string;
    certificate: CertificateSummary | null;
    findings: Finding[];
  };
  /** D1: the certificate the Thales CA signed, once imported. */
  signedCertificate: CertificateSummary | null;
  /** The last portal bundle made (the export step's status) and when it was marked submitted to Thales. */
  exported: {
    bundle: { at: string; path: string; sha256: string; files: string[] } | null;
    submittedAt: string | null;
  };
  assets: AssetState[];
  /** Every identity, newest first: after a renewal the previous one stays usable until retired. */
  identities: IdentityView[];
  /** The longest validity a self-signed client certificate may have (the program's maximum); null for CSR programs. */
  maxValidityDays: number | null;
  lastTests: { inbound: ProbeReport | null; outbound: ProbeReport | null };
}

/** A program's Common Name layout: the default template and the one Thales confirmed, if saved. */
export interface CommonNameLayoutView {
  program: string;
  /** The profile's default template (null for a program with an exact CN). */
  defaultLayout: string | null;
  /** The layout saved as confirmed with Thales; null until one is saved. */
  confirmed: string | null;
}

export interface VaultStatusView {
  initialized: boolean;
  unlocked: boolean;
  autoLockMinutes: number;
}

export interface Settings {
  dataDir: string;
  /** The folder the app will use from its next start, when that differs from dataDir. */
  dataDirAfterRestart: string | null;
  /** That folder already holds an mTLS Desk vault (its own passphrase opens it). */
  dataDirAfterRestartHoldsVault: boolean;
  /** MTLS_DESK_DATA_DIR is set: it decides the data folder whatever is chosen here. */
  dataDirFromEnvironment: boolean;
  /** The three warning thresholds in days, earliest first. */
  expiryWarningDays: number[];
  autoLockMinutes: number;
  /** The colour theme chosen in Settings ('system' until one is chosen). */
  theme: ThemeChoice;
  /** The language chosen in Settings ('system' until one is chosen). */
  language: LanguageChoice;
}

/** A key in the vault, as the page may see it: facts about it, never the key. */
export interface KeyView {
  id: string;
  /** "EC P-256", "RSA 4096", ... */
  description: string;
  origin: 'generated' | 'imported';
  createdAt: string;
  deletedAt: string | null;
  /** The onboarding whose identity holds the key, and how it is used there. */
  onboardingId: string | null;
  use: 'current' | 'kept' | 'retired' | 'none';
}

export interface AssetCheck {
  ok: boolean;
  findings: Finding[];
  certificates: CertificateSummary[];
}

/** A connection test's full result (steps or checks, diagnosis, evidence) under an id main keeps for "save report". */
export interface ProbeReport {
  reportId: string;
  /** Set for an onboarding's test, kept in its history; absent for the tester's, kept for the session. */
  onboardingId?: string;
  result: InboundProbeResult | OutboundReadinessResult;
}

export interface AuditEntryView {
  seq: number;
  at: string;
  who: string;
  action: string;
  /** The details in one English line, name=value (shared/audit-words.ts auditSummary). */
  summary: string;
  /** The details as data, for the summary in the app's language. */
  details: Record<string, string | number | boolean | null>;
  /** Made with the vault unlocked (sealed at once) or while it was locked (covered by a later seal). */
  sealed: boolean;
}

/** A verification problem: its English sentence and, as data, its id and params (errors.ja.json). */
export interface AuditProblemView {
  message: string;
  messageId: string;
  params?: MessageParams;
}

export interface Responses {
  'app.info': { version: string; dataDir: string; services: { vault: boolean; probe: boolean } };
  'programs.list': {
    programs: ProgramProfile[];
    /** Set when the rules come from MTLS_DESK_PROGRAMS_DIR, outside the package: shown, never silent. */
    externalRules: { dir: string; notice: string } | null;
  };
  'programs.cnLayout': CommonNameLayoutView;
  'programs.confirmCnLayout': CommonNameLayoutView;
  'vault.status': VaultStatusView;
  'vault.init': VaultStatusView;
  'vault.unlock': VaultStatusView;
  'vault.lock': VaultStatusView;
  'vault.changePassphrase': VaultStatusView;
  'keys.list': { keys: KeyView[] };
  'keys.delete': { keys: KeyView[] };
  'keys.restore': { keys: KeyView[] };
  'settings.get': Settings;
  'settings.update': Settings;
  'settings.dataDir': Settings;
  'onboardings.query': OnboardingQueryResult;
  'onboarding.create': OnboardingDetail;
  'onboarding.archive': OnboardingSummaryView;
  'onboarding.delete': OnboardingSummaryView;
  'onboarding.restoreDeleted': OnboardingSummaryView;
  'onboarding.purge': { id: string; purgedKeys: number };
  'onboarding.listDeleted': OnboardingSummaryView[];
  'onboarding.get': OnboardingDetail;
  'identity.generate': OnboardingDetail;
  'identity.renew': OnboardingDetail;
  'identity.retire': OnboardingDetail;
  'identity.importSigned': OnboardingDetail;
  'identity.chooseFile': { file: { id: string; name: string } | null };
  'identity.importFiles': OnboardingDetail;
  'oauth.get': OAuthDetail;
  'oauth.generate': OAuthDetail;
  'oauth.renew': OAuthDetail;
  'oauth.setKid': OAuthDetail;
  'oauth.confirm': OAuthDetail;
  'oauth.endpoints': OAuthDetail;
  'asset.check': AssetCheck;
  'asset.save': OnboardingDetail;
  'identity.save': { path: string | null };
  /** written: main put it on the clipboard (desktop); false: the page must (browser shell). */
  'clipboard.write': { written: boolean };
  'test.inbound': ProbeReport;
  'test.outbound': ProbeReport;
  'test.tokenEndpoint': ProbeReport;
  'tester.chooseFile': { file: { id: string; name: string } | null };
  'tester.run': ProbeReport;
  'report.save': { path: string | null };
  /** partial: the bundle saved holds what exists so far; stillNeeded says what the complete one lacks (the screen words it). */
  'export.bundle': {
    path: string | null;
    files: string[];
    partial: boolean;
    stillNeeded: StillNeededItem[];
  };
  'export.deployment': { path: string | null };
  'export.markSubmitted': OnboardingDetail;
  /** shown: the file manager opened (desktop); false: the browser shell, where the page says the path instead. */
  'export.showInFolder': { shown: boolean; path: string };
  'calendar.export': { path: string | null; events: number };
  'audit.list': {
    entries: AuditEntryView[];
    verified: boolean;
    /** The first problem found (every one is in `problems`). */
    problem: string | null;
    problems: string[];
    /** The same problems with their text as data, said in the app's language. */
    problemTexts: AuditProblemView[];
    /** verified: the seals were checked with the vault's key; locked: only the hash chain could be. */
    seals: 'verified' | 'locked' | 'no-vault';
    /** Entries made while the vault was locked, covered by a later seal. */
    sealedLater: number;
    /** Entries made since the newest seal (sealed at the next unlock). */
    unsealed: number;
  };
  'operation.cancel': { cancelled: boolean };
  'tokens.state': TokensState;
  'tokens.modules': TokensState;
  'tokens.list': TokenModuleView;
  'tokens.keys': { keys: TokenKeyView[] };
}

export interface TokensState {
  /** False where the optional native PKCS#11 support did not install; `reason` says why. */
  available: boolean;
  reason: string | null;
  modules: string[];
  /** The usual module locations on this OS that exist here. */
  suggested: string[];
  /** Why the app's own tester cannot use a token key (Electron's BoringSSL). */
  tlsInApp: string;
}

export interface TokenView {
  slot: number;
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
  flagWords: string[];
}

export interface TokenModuleView {
  module: string;
  library: string;
  manufacturer: string;
  tokens: TokenView[];
}

export interface TokenKeyView {
  uri: string;
  label: string;
  algorithm: KeyAlgorithmId | null;
  publicKeySha256: string | null;
  sensitive: boolean;
  neverExtractable: boolean;
  certificates: { subject: string; notAfter: string }[];
  /** The onboardings whose identity uses this key. */
  onboardings: string[];
}

// ---- Wire format ----------------------------------------------------------------------------

/**
 * An error as main sends it: the code, one sentence, and what it is about as data (shared/needs.ts)
 * so a form shows it at its field: `field` is the request's own key ("identifier", "passphrase",
 * "url"), `need` what the person must give or do. Checked in main (dispatch) before it leaves.
 */
const messageParamsSchema = z.record(
  z.string().min(1).max(64),
  z.union([z.string().max(4096), z.number()]),
);

export const ipcErrorSchema = z
  .object({
    code: z.string().min(1).max(64),
    message: z.string().max(4096),
    /** The request's input the error is about, in the contract's words. */
    field: z.string().min(1).max(64).optional(),
    /** What the person must give or do next (a Need of shared/needs.ts). */
    need: z.string().min(1).max(64).optional(),
    /** The message as data, for the app's other languages (shared/i18n/errors.ja.json). */
    messageId: z.string().min(1).max(64).optional(),
    params: messageParamsSchema.optional(),
    /** Values that are a finding (its id and params), said in the app's language. */
    findingParams: z
      .record(
        z.string().min(1).max(64),
        z
          .object({ id: z.string().min(1).max(64), params: messageParamsSchema.optional() })
          .strict(),
      )
      .optional(),
  })
  .strict();

export interface IpcError {
  code: string;
  message: string;
  field?: string;
  need?: Need;
  /** The id of the message's template in shared/i18n/errors.ja.json. */
  messageId?: string;
  /** The values that template fills in. */
  params?: MessageParams;
  /** The values that are a finding, by the finding's id and params. */
  findingParams?: Record<string, FindingParam>;
}

/** What every channel returns across the bridge: a value or an error, never a thrown Error. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export interface ProgressEvent {
  operationId: string;
  /** What is happening, in a few words ("generating the RSA 4096 key"). */
  phase: string;
  /** 0..1 when known. */
  fraction: number | null;
  /** A connection test's step (id) and status: the app says it in its language (shared/i18n/probe-words.ts). */
  probe?: ProbeProgress;
}

/** Main locked the vault on its own (the idle time ran out). */
export interface VaultLockedEvent {
  reason: 'idle';
  status: VaultStatusView;
}

/** `window.mtlsDesk`: exactly one function per channel, plus the two push subscriptions. */
export type DeskApi = {
  [C in Channel]: (request: Requests[C]) => Promise<IpcResult<Responses[C]>>;
} & {
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  onVaultLocked(listener: (event: VaultLockedEvent) => void): () => void;
};
