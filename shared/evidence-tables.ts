// The evidence of a connection test as plain tables: one model that both the app (React) and the
// saved HTML report (main) render, so the two cannot drift. Pure: strings in, strings out.
import type {
  ChainEntry,
  InboundProbeResult,
  OutboundReadinessResult,
  TlsEvidence,
} from './diagnoses.js';
import { PROBE_STEP_TITLES } from './ipc-channels.js';

/** A table: with `head`, rows of cells under those headings; without, rows of [name, value]. */
export interface EvidenceTable {
  id: string;
  title: string;
  head?: string[];
  rows: string[][];
}

/** A fact worth putting above the tables, for the diagnosis it explains. */
export interface EvidenceHighlight {
  label: string;
  values: string[];
}

type Result = InboundProbeResult | OutboundReadinessResult;

const yesNo = (value: boolean | null): string =>
  value === null ? 'unknown' : value ? 'yes' : 'no';

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** Nested details flattened to "a › b" names and plain values (never a JSON block). */
export function flattenDetails(value: unknown, prefix = '', out: string[][] = []): string[][] {
  if (value === null || typeof value !== 'object') {
    out.push([prefix || 'value', scalar(value)]);
    return out;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) out.push([prefix || 'value', 'none']);
    else if (value.every((v) => v === null || typeof v !== 'object'))
      out.push([prefix || 'value', value.map(scalar).join(', ')]);
    else
      value.forEach((v, i) => flattenDetails(v, prefix ? `${prefix} › ${i + 1}` : `${i + 1}`, out));
    return out;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  );
  for (const [k, v] of entries) flattenDetails(v, prefix ? `${prefix} › ${k}` : k, out);
  return out;
}

function chainRows(chain: readonly ChainEntry[]): string[][] {
  return chain.map((c, i) => [
    String(i + 1),
    c.subject,
    c.selfSigned ? 'self-signed' : c.issuer,
    `${c.notBefore} to ${c.notAfter}`,
    c.isCa ? 'CA' : 'leaf',
    c.sha256Fingerprint,
  ]);
}

function tlsTable(tls: TlsEvidence): EvidenceTable {
  return {
    id: 'tls',
    title: 'TLS connection',
    rows: [
      ['Protocol', tls.protocol ?? 'unknown'],
      ['Cipher', tls.cipher ?? 'unknown'],
      ['Client certificate requested', yesNo(tls.certificateRequested)],
      [
        'Client certificate issuers the server accepts',
        tls.acceptableCaNames === null
          ? 'not read'
          : tls.acceptableCaNames.length === 0
            ? 'none listed'
            : tls.acceptableCaNames.join('\n'),
      ],
      ['Signature algorithms', tls.signatureAlgorithms.join(', ') || 'none'],
      ['Alert from the server', tls.alert ? `${tls.alert.number} (${tls.alert.name})` : 'none'],
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
export function evidenceHighlights(result: Result): EvidenceHighlight[] {
  const tls = result.evidence.tls;
  if (
    result.diagnosis.id !== 'client-cert-not-trusted' &&
    result.diagnosis.id !== 'client-cert-required'
  )
    return [];
  const out: EvidenceHighlight[] = [];
  const names = tls?.acceptableCaNames;
  out.push({
    label: 'The server accepts client certificates issued by',
    values:
      names === null || names === undefined
        ? ['(the server did not say: its list could not be read)']
        : names.length === 0
          ? ['(the server lists no issuer)']
          : names,
  });
  const sent = sentClientCertificate(result);
  if (sent)
    out.push({
      label: 'The certificate we sent was issued by',
      values: [sent.selfSigned ? `${sent.subject} (self-signed)` : sent.issuer],
    });
  return out;
}

/** Every table of a result's evidence, in the order both the app and the report show them. */
export function evidenceTables(result: Result): EvidenceTable[] {
  const tables: EvidenceTable[] = [];
  const tls = result.evidence.tls;
  if (tls) {
    tables.push(tlsTable(tls));
    tables.push({
      id: 'chain',
      title: `Server chain as sent (${tls.chainLength} certificate${tls.chainLength === 1 ? '' : 's'}, ${tls.chainSource === 'handshake' ? 'read from the handshake' : tls.chainSource === 'library' ? 'rebuilt by the TLS library' : 'none'})`,
      head: ['#', 'Subject', 'Issuer', 'Valid', 'Kind', 'SHA-256'],
      rows: chainRows(tls.chainAsSent),
    });
  }
  const sent = sentClientCertificate(result);
  if (sent)
    tables.push({
      id: 'client-certificate',
      title: 'Client certificate sent',
      rows: [
        ['Subject', sent.subject],
        ['Issuer', sent.selfSigned ? 'self-signed' : sent.issuer],
        ['Valid', `${sent.notBefore} to ${sent.notAfter}`],
        ['SHA-256', sent.sha256Fingerprint],
      ],
    });
  const steps =
    result.kind === 'inbound'
      ? result.steps.map((s) => ({ key: s.name as string, details: s.details }))
      : result.checks.map((c) => ({ key: c.id as string, details: c.details }));
  for (const s of steps) {
    // What the tables above already show (the chain, the certificate sent) is not repeated.
    const rows = flattenDetails(s.details).filter(
      ([name]) =>
        name !== 'value' &&
        !name.startsWith('chainAsSent') &&
        !(s.key === 'identity' && name.startsWith('certificate')),
    );
    if (rows.length === 0) continue;
    tables.push({
      id: `step-${s.key}`,
      title: `${PROBE_STEP_TITLES[s.key] ?? s.key}: details`,
      rows,
    });
  }
  return tables;
}

/** The raw result, for "raw data" (copy it into a ticket). */
export function rawData(result: Result): string {
  return JSON.stringify(result, null, 2);
}
