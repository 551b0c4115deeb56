// The words of a connection-test result, in one place for the app (the result view) and main
// (the saved HTML report): the step and check names (English from shared/ipc-channels.ts
// PROBE_STEP_TITLES, the one source the CLI's progress reads too), the evidence tables' titles and
// headings, the statuses and the report's own words; English here, Japanese in
// probe-words.ja.ts (part of the Japanese texts, which the app loads only in Japanese). Pure:
// strings in, strings out. Templates take `{name}` values (fill()).
import type { ProbeProgress } from '../diagnoses.js';
import { PROBE_STEP_TITLES } from '../ipc-channels.js';
import type { ProbeTextsJa } from './probe-steps.js';

export type ProbeLanguage = 'en' | 'ja';

/** Every word of a result that is not data: the same keys in each language. */
export interface ProbeWords {
  /** Step and check names by id. */
  steps: Record<string, string>;
  /** Detail keys by name (English: each key as written). */
  detailKeys: Readonly<Record<string, string>>;
  /** The names of the checks a step lists in its details (English: as written). */
  checkNames: Readonly<Record<string, string>>;
  /**
   * The templates a detail written beside its data (`detail` and `detailText`) is said from
   * (Japanese); null: the detail's English stays.
   */
  texts: ProbeTextsJa | null;
  /** Step statuses (pass, warn, fail, skip). */
  status: Record<'pass' | 'warn' | 'fail' | 'skip', string>;
  yes: string;
  no: string;
  unknown: string;
  none: string;
  notRead: string;
  noneListed: string;
  /** The probes' one-word results (a connection attempt, a raw hello, a chain's source), said as words. */
  results: Record<string, string>;
  selfSigned: string;
  ca: string;
  leaf: string;
  /** A validity period: {from}, {to}. */
  validRange: string;
  tlsTitle: string;
  protocol: string;
  cipher: string;
  certificateRequested: string;
  acceptedIssuers: string;
  signatureAlgorithms: string;
  alert: string;
  /** {count}, {source}: one certificate, or any other number. */
  chainTitleOne: string;
  chainTitleOther: string;
  chainFromHandshake: string;
  chainFromLibrary: string;
  chainHead: string[];
  clientCertificateTitle: string;
  subject: string;
  issuer: string;
  valid: string;
  sha256: string;
  /** {step}. */
  stepDetails: string;
  /** A step that ended, in the progress line: {step}, {status}. */
  phaseEnded: string;
  highlightAccepted: string;
  highlightNotSaid: string;
  highlightNoIssuer: string;
  highlightSent: string;
  /** {subject}. */
  selfSignedSubject: string;
  // The saved report's own words.
  /** {url}. */
  reportInboundTitle: string;
  /** {target}. */
  reportOutboundTitle: string;
  /** {at}, {ms}. */
  reportRun: string;
  reportPass: string;
  reportFail: string;
  whatToDo: string;
  reportSteps: string;
  reportChecks: string;
  reportStep: string;
  reportCheck: string;
  reportStatus: string;
  reportTiming: string;
  reportFound: string;
  rawData: string;
}

/** The words in English (Japanese: shared/i18n/probe-words.ja.ts, in the Japanese texts). */
export const PROBE_WORDS_EN: ProbeWords = {
  steps: PROBE_STEP_TITLES,
  // English shows the keys and check names as the probes write them: each is its own word.
  detailKeys: {},
  checkNames: {},
  texts: null,
  status: { pass: 'pass', warn: 'warn', fail: 'fail', skip: 'skip' },
  yes: 'yes',
  no: 'no',
  unknown: 'unknown',
  none: 'none',
  notRead: 'not read',
  noneListed: 'none listed',
  // The same keys in each language (a test holds them equal): English says them as written.
  results: Object.fromEntries(
    [
      'connected',
      'refused',
      'timeout',
      'timed out',
      'server-hello',
      'alert',
      'closed',
      'not-tls',
      'unreachable',
      'handshake',
      'library',
    ].map((word) => [word, word]),
  ),
  selfSigned: 'self-signed',
  ca: 'CA',
  leaf: 'leaf',
  validRange: '{from} to {to}',
  tlsTitle: 'TLS connection',
  protocol: 'Protocol',
  cipher: 'Cipher',
  certificateRequested: 'Client certificate requested',
  acceptedIssuers: 'Client certificate issuers the server accepts',
  signatureAlgorithms: 'Signature algorithms',
  alert: 'Alert from the server',
  chainTitleOne: 'Server chain as sent ({count} certificate, {source})',
  chainTitleOther: 'Server chain as sent ({count} certificates, {source})',
  chainFromHandshake: 'read from the handshake',
  chainFromLibrary: 'rebuilt by the TLS library',
  chainHead: ['#', 'Subject', 'Issuer', 'Valid', 'Kind', 'SHA-256'],
  clientCertificateTitle: 'Client certificate sent',
  subject: 'Subject',
  issuer: 'Issuer',
  valid: 'Valid',
  sha256: 'SHA-256',
  stepDetails: '{step}: details',
  phaseEnded: '{step}: {status}',
  highlightAccepted: 'The server accepts client certificates issued by',
  highlightNotSaid: '(the server did not say: its list could not be read)',
  highlightNoIssuer: '(the server lists no issuer)',
  highlightSent: 'The certificate we sent was issued by',
  selfSignedSubject: '{subject} (self-signed)',
  reportInboundTitle: 'Inbound mTLS test: {url}',
  reportOutboundTitle: 'Outbound readiness: {target}',
  reportRun: 'Run {at}, {ms} ms, by mTLS Desk.',
  reportPass: 'PASS',
  reportFail: 'FAIL',
  whatToDo: 'What to do:',
  reportSteps: 'Steps',
  reportChecks: 'Checks',
  reportStep: 'step',
  reportCheck: 'check',
  reportStatus: 'status',
  reportTiming: 'timing',
  reportFound: 'what was found',
  rawData: 'Raw data',
};

/** A template with its `{name}` values filled in. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** A step or check's name in these words (its id when it has none). */
export function stepTitle(words: ProbeWords, key: string): string {
  return words.steps[key] ?? key;
}

/** A flattened detail name ("attempts › 1 › address") in these words, part by part. */
export function detailName(words: ProbeWords, name: string): string {
  return name
    .split(' › ')
    .map((part) => words.detailKeys[part] ?? part)
    .join(' › ');
}

/** The progress line of a connection test: the step's name, then its status once it ended. */
export function probePhase(words: ProbeWords, progress: ProbeProgress): string {
  const step = stepTitle(words, progress.step);
  return progress.status === 'running'
    ? step
    : fill(words.phaseEnded, { step, status: words.status[progress.status] ?? progress.status });
}

/** Every string of a set of words passed through `change` (the app's pseudo-locale wraps them). */
export function mapWords(words: ProbeWords, change: (text: string) => string): ProbeWords {
  const each = (value: unknown): unknown =>
    typeof value === 'string'
      ? change(value)
      : typeof value !== 'object' || value === null
        ? value
        : Array.isArray(value)
          ? value.map(each)
          : Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, each(v)]));
  return each(words) as ProbeWords;
}
