// A self-contained HTML report of one probe or readiness check, for a support ticket: the
// diagnosis, each step with a timing waterfall, and the evidence as the tables the app shows
// (shared/evidence-tables.ts), the raw data last. Everything
// taken from the network or the user is escaped; no script, no external resource.
import {
  fixFor,
  type FixPlace,
  type InboundProbeResult,
  type OutboundReadinessResult,
} from '../../../shared/diagnoses.js';
import {
  evidenceHighlights,
  evidenceTables,
  rawData,
  type EvidenceHighlight,
  type EvidenceTable,
} from '../../../shared/evidence-tables.js';
import { PROBE_STEP_TITLES } from '../../../shared/ipc-channels.js';

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24;max-width:70rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
.pass{color:#116329}.warn{color:#9a6700}.fail{color:#cf222e}.skip{color:#57606a}
.verdict{padding:1rem;border-radius:6px;border:1px solid #d0d7de}.verdict.ok{background:#dafbe1}.verdict.bad{background:#ffebe9}
.bar{height:.8rem;background:#0969da;border-radius:2px;min-width:2px}.lane{position:relative;width:100%;background:#f6f8fa}
pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:.5rem;font-size:12px}
code{font-size:12px}td code{word-break:break-all}td{overflow-wrap:anywhere}`;

function tableHtml(t: EvidenceTable): string {
  const cell = (v: string) => escapeHtml(v).replace(/\n/g, '<br>');
  const body = t.head
    ? `<tr>${t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${t.rows
        .map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`)
        .join('')}`
    : t.rows
        .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${cell(v ?? '')}</td></tr>`)
        .join('');
  return `<h2>${escapeHtml(t.title)}</h2>\n<table data-table="${escapeHtml(t.id)}">${body}</table>`;
}

function highlightsHtml(highlights: EvidenceHighlight[]): string {
  return highlights
    .map(
      (h) =>
        `<p><strong>${escapeHtml(h.label)}:</strong> ${h.values.map(escapeHtml).join('; ')}</p>`,
    )
    .join('');
}

function waterfall(
  rows: Array<{
    label: string;
    status: string;
    startMs: number;
    ms: number;
    diagnosis?: string;
    summary: string;
  }>,
  totalMs: number,
  what: string,
): string {
  const scale = Math.max(totalMs, 1);
  return `<table><tr><th>${what}</th><th>status</th><th>ms</th><th style="width:30%">timing</th><th>what was found</th></tr>${rows
    .map(
      (r) => `<tr>
<td>${escapeHtml(r.label)}</td><td class="${escapeHtml(r.status)}">${escapeHtml(r.status)}${r.diagnosis ? `<br><code>${escapeHtml(r.diagnosis)}</code>` : ''}</td><td>${r.ms.toFixed(1)}</td>
<td><div class="lane"><div class="bar" style="margin-left:${((r.startMs / scale) * 100).toFixed(1)}%;width:${((r.ms / scale) * 100).toFixed(1)}%"></div></div></td>
<td>${escapeHtml(r.summary)}</td></tr>`,
    )
    .join('')}</table>`;
}

export function renderReport(
  result: InboundProbeResult | OutboundReadinessResult,
  place: FixPlace = 'onboarding',
): string {
  const title =
    result.kind === 'inbound'
      ? `Inbound mTLS test: ${result.target.url}`
      : `Outbound readiness: ${result.target.host}:${result.target.port}`;
  // The words the app shows for each step and check (one table for both), never the ids.
  const rows =
    result.kind === 'inbound'
      ? result.steps.map((s) => ({ label: PROBE_STEP_TITLES[s.name] ?? s.name, ...s }))
      : result.checks.map((c) => ({ label: PROBE_STEP_TITLES[c.id] ?? c.id, ...c }));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>Run ${escapeHtml(result.startedAt)}, ${result.totalMs.toFixed(0)} ms, by mTLS Desk.</p>
<div class="verdict ${result.ok ? 'ok' : 'bad'}"><strong>${result.ok ? 'PASS' : 'FAIL'}: ${escapeHtml(result.diagnosis.title)}</strong> <code>${escapeHtml(result.diagnosis.id)}</code>
<p>${escapeHtml(result.diagnosis.cause)}</p>${highlightsHtml(evidenceHighlights(result))}<p><strong>What to do:</strong> ${escapeHtml(fixFor(result.diagnosis.id, place, result.kind))}</p></div>
<h2>${result.kind === 'inbound' ? 'Steps' : 'Checks'}</h2>
${waterfall(rows, result.totalMs, result.kind === 'inbound' ? 'step' : 'check')}
${evidenceTables(result).map(tableHtml).join('\n')}
<details><summary>Raw data</summary><pre>${escapeHtml(rawData(result))}</pre></details>
</body></html>
`;
}
