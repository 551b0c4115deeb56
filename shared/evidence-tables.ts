// The evidence of a connection test as plain tables: one model that both the app (React) and the
// saved HTML report (main) render, so the two cannot drift. Pure: strings in, strings out. The
// titles, headings and the steps' detail keys come in the words of a language
// (shared/i18n/probe-words.ts; English by default: the keys as the probes wrote them); the data
// (names, fingerprints, values) stays as it is.
import type {
  ChainEntry,
  InboundProbeResult,
  OutboundReadinessResult,
  TlsEvidence,
} from './diagnoses.js';
import {
  detailName,
  fill,
  PROBE_WORDS_EN,
  stepTitle,
  type ProbeWords,
} from './i18n/probe-words.js';
import { probeTextJa, type ProbeText, type ProbeTextsJa } from './i18n/probe-steps.js';

/** A value's text (or list of texts, one a part) in Japanese; null when it has none to say. */
function sayText(ja: ProbeTextsJa, text: unknown): string | null {
  if (Array.isArray(text)) {
    const parts = text.map((t) => sayText(ja, t));
    return parts.length > 0 && parts.every((p) => p !== null) ? parts.join('、') : null;
  }
  return typeof text === 'object' && text !== null && 'id' in text
    ? probeTextJa(ja, text as ProbeText)
    : null;
}

/** A table: with `head`, rows of cells under those headings; without, rows of [name, value]. */
export interface EvidenceTable {
  id: string;
  title: string;
  head?: string[];
  rows: string[][];
  /** A step table's row keys as the probe wrote them ("attempts › 1 › address"), row by row. */
  keys?: string[];
}

/** A fact worth putting above the tables, for the diagnosis it explains. */
export interface EvidenceHighlight {
  label: string;
  values: string[];
}

type Result = InboundProbeResult | OutboundReadinessResult;

const yesNo = (value: boolean | null, w: ProbeWords): string =>
  value === null ? w.unknown : value ? w.yes : w.no;

function scalar(value: unknown, w: ProbeWords): string {
  if (value === null || value === undefined) return w.none;
  if (typeof value === 'boolean') return value ? w.yes : w.no;
  if (typeof value === 'string' && Object.hasOwn(w.results, value)) return w.results[value];
  return String(value);
}

/**
 * Nested details flattened to "a › b" names (the keys as the probes wrote them) and plain values
 * (never a JSON block); yes, no and none in the given words.
 */
export function flattenDetails(
  value: unknown,
  prefix = '',
  out: string[][] = [],
  w: ProbeWords = PROBE_WORDS_EN,
): string[][] {
  if (value === null || typeof value !== 'object') {
    out.push([prefix || 'value', scalar(value, w)]);
    return out;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) out.push([prefix || 'value', w.none]);
    else if (value.every((v) => v === null || typeof v !== 'object'))
      out.push([prefix || 'value', value.map((v) => scalar(v, w)).join(', ')]);
    else
      value.forEach((v, i) =>
        flattenDetails(v, prefix ? `${prefix} › ${i + 1}` : `${i + 1}`, out, w),
      );
    return out;
  }
  const record = value as Record<string, unknown>;
  // A value written beside its data (`detail` and `detailText`): the data is not a row of its
  // own; in words that say texts (Japanese) it says the value, else the English stays.
  const entries = Object.entries(record).filter(
    ([k, v]) => v !== undefined && !(k.endsWith('Text') && k.slice(0, -4) in record),
  );
  for (const [k, v] of entries) {
    const said = w.texts ? sayText(w.texts, record[`${k}Text`]) : null;
    const named = k === 'check' && typeof v === 'string' ? w.checkNames[v] : undefined;
    flattenDetails(said ?? named ?? v, prefix ? `${prefix} › ${k}` : k, out, w);
  }
  return out;
}

const validRange = (c: ChainEntry, w: ProbeWords): string =>
  fill(w.validRange, { from: c.notBefore, to: c.notAfter });

function chainRows(chain: readonly ChainEntry[], w: ProbeWords): string[][] {
  return chain.map((c, i) => [
    String(i + 1),
    c.subject,
    c.selfSigned ? w.selfSigned : c.issuer,
    validRange(c, w),
    c.isCa ? w.ca : w.leaf,
    c.sha256Fingerprint,
  ]);
}

function tlsTable(tls: TlsEvidence, w: ProbeWords): EvidenceTable {
  return {
    id: 'tls',
    title: w.tlsTitle,
    rows: [
      [w.protocol, tls.protocol ?? w.unknown],
      [w.cipher, tls.cipher ?? w.unknown],
      [w.certificateRequested, yesNo(tls.certificateRequested, w)],
      [
        w.acceptedIssuers,
        tls.acceptableCaNames === null
          ? w.notRead
          : tls.acceptableCaNames.length === 0
            ? w.noneListed
            : tls.acceptableCaNames.join('\n'),
      ],
      [w.signatureAlgorithms, tls.signatureAlgorithms.join(', ') || w.none],
      [w.alert, tls.alert ? `${tls.alert.number} (${tls.alert.name})` : w.none],
    ],
  };
}

/** The certificate this test presented, as the identity step recorded it. */
export function sentClientCertificate(result: Result): ChainEntry | null {
  if (result.kind !== 'inbound') return null;
  const step = result.steps.find((s) => s.name === 'identity');
  const cert = step?.details.certificate as ChainEntry | null | undefined;
  return cert && typeof cert.subject === 'string' ? cert : null;
}

/** The facts that explain the diagnosis, shown above everything else. */
export function evidenceHighlights(
  result: Result,
  w: ProbeWords = PROBE_WORDS_EN,
): EvidenceHighlight[] {
  const tls = result.evidence.tls;
  if (
    result.diagnosis.id !== 'client-cert-not-trusted' &&
    result.diagnosis.id !== 'client-cert-required'
  )
    return [];
  const out: EvidenceHighlight[] = [];
  const names = tls?.acceptableCaNames;
  out.push({
    label: w.highlightAccepted,
    values:
      names === null || names === undefined
        ? [w.highlightNotSaid]
        : names.length === 0
          ? [w.highlightNoIssuer]
          : names,
  });
  const sent = sentClientCertificate(result);
  if (sent)
    out.push({
      label: w.highlightSent,
      values: [
        sent.selfSigned ? fill(w.selfSignedSubject, { subject: sent.subject }) : sent.issuer,
      ],
    });
  return out;
}

/** Every table of a result's evidence, in the order both the app and the report show them. */
export function evidenceTables(result: Result, w: ProbeWords = PROBE_WORDS_EN): EvidenceTable[] {
  const tables: EvidenceTable[] = [];
  const tls = result.evidence.tls;
  if (tls) {
    tables.push(tlsTable(tls, w));
    tables.push({
      id: 'chain',
      title: fill(tls.chainLength === 1 ? w.chainTitleOne : w.chainTitleOther, {
        count: tls.chainLength,
        source:
          tls.chainSource === 'handshake'
            ? w.chainFromHandshake
            : tls.chainSource === 'library'
              ? w.chainFromLibrary
              : w.none,
      }),
      head: w.chainHead,
      rows: chainRows(tls.chainAsSent, w),
    });
  }
  const sent = sentClientCertificate(result);
  if (sent)
    tables.push({
      id: 'client-certificate',
      title: w.clientCertificateTitle,
      rows: [
        [w.subject, sent.subject],
        [w.issuer, sent.selfSigned ? w.selfSigned : sent.issuer],
        [w.valid, validRange(sent, w)],
        [w.sha256, sent.sha256Fingerprint],
      ],
    });
  const steps =
    result.kind === 'inbound'
      ? result.steps.map((s) => ({ key: s.name as string, details: s.details }))
      : result.checks.map((c) => ({ key: c.id as string, details: c.details }));
  for (const s of steps) {
    // What the tables above already show (the chain, the certificate sent) is not repeated.
    // The keys in the words of the language (Japanese names them; English shows them as written).
    const rows = flattenDetails(s.details, '', [], w).filter(
      ([name]) =>
        name !== 'value' &&
        !name.startsWith('chainAsSent') &&
        !(s.key === 'identity' && name.startsWith('certificate')),
    );
    if (rows.length === 0) continue;
    tables.push({
      id: `step-${s.key}`,
      title: fill(w.stepDetails, { step: stepTitle(w, s.key) }),
      rows: rows.map(([name, value]) => [detailName(w, name), value]),
      keys: rows.map(([name]) => name),
    });
  }
  return tables;
}

/** The raw result, for "raw data" (copy it into a ticket). */
export function rawData(result: Result): string {
  return JSON.stringify(result, null, 2);
}
