// A self-contained HTML report of one probe or readiness check, for a support ticket: the
// diagnosis, each step with a timing waterfall, and the evidence as the tables the app shows
// (shared/evidence-tables.ts), the raw data last. Everything
// taken from the network or the user is escaped; no script, no external resource. In English (the
// CLI's) or Japanese (the app's language): the words from shared/i18n/probe-words.ts, the
// diagnosis from shared/i18n/diagnoses.ts, a step's finding from its summaryText
// (shared/i18n/probe-steps.ts; English: main's own sentence, word for word).
import {
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
import { diagnosisIn, fixIn } from '../../../shared/i18n/diagnoses.js';
import { JAPANESE_TEXTS } from '../../../shared/i18n/japanese.js';
import { probeSentence } from '../../../shared/i18n/probe-steps.js';
import {
  fill,
  PROBE_WORDS_EN,
  stepTitle,
  type ProbeLanguage,
  type ProbeWords,
} from '../../../shared/i18n/probe-words.js';

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
  w: ProbeWords,
): string {
  const scale = Math.max(totalMs, 1);
  return `<table><tr><th>${escapeHtml(what)}</th><th>${escapeHtml(w.reportStatus)}</th><th>ms</th><th style="width:30%">${escapeHtml(w.reportTiming)}</th><th>${escapeHtml(w.reportFound)}</th></tr>${rows
    .map(
      (r) => `<tr>
<td>${escapeHtml(r.label)}</td><td class="${escapeHtml(r.status)}">${escapeHtml(w.status[r.status as keyof ProbeWords['status']] ?? r.status)}${r.diagnosis ? `<br><code>${escapeHtml(r.diagnosis)}</code>` : ''}</td><td>${r.ms.toFixed(1)}</td>
<td><div class="lane"><div class="bar" style="margin-left:${((r.startMs / scale) * 100).toFixed(1)}%;width:${((r.ms / scale) * 100).toFixed(1)}%"></div></div></td>
<td>${escapeHtml(r.summary)}</td></tr>`,
    )
    .join('')}</table>`;
}

export function renderReport(
  result: InboundProbeResult | OutboundReadinessResult,
  place: FixPlace = 'onboarding',
  language: ProbeLanguage = 'en',
): string {
  const ja = language === 'ja' ? JAPANESE_TEXTS : null;
  const w = ja?.probeWords ?? PROBE_WORDS_EN;
  const title =
    result.kind === 'inbound'
      ? fill(w.reportInboundTitle, { url: result.target.url })
      : fill(w.reportOutboundTitle, { target: `${result.target.host}:${result.target.port}` });
  // The words the app shows for each step and check (one table for both), never the ids.
  const rows =
    result.kind === 'inbound'
      ? result.steps.map((s) => ({
          label: stepTitle(w, s.name),
          ...s,
          summary: probeSentence(s.summary, s.summaryText, ja),
        }))
      : result.checks.map((c) => ({
          label: stepTitle(w, c.id),
          ...c,
          summary: probeSentence(c.summary, c.summaryText, ja),
        }));
  // English keeps the result's own wording; Japanese reads the translation by the diagnosis id.
  const diagnosis = ja === null ? result.diagnosis : diagnosisIn(ja, result.diagnosis.id);
  const fix = fixIn(ja, result.diagnosis.id, place, result.kind);
  return `<!DOCTYPE html>
<html lang="${language}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(fill(w.reportRun, { at: result.startedAt, ms: result.totalMs.toFixed(0) }))}</p>
<div class="verdict ${result.ok ? 'ok' : 'bad'}"><strong>${escapeHtml(result.ok ? w.reportPass : w.reportFail)}: ${escapeHtml(diagnosis.title)}</strong> <code>${escapeHtml(result.diagnosis.id)}</code>
<p>${escapeHtml(diagnosis.cause)}</p>${highlightsHtml(evidenceHighlights(result, w))}<p><strong>${escapeHtml(w.whatToDo)}</strong> ${escapeHtml(fix)}</p></div>
<h2>${escapeHtml(result.kind === 'inbound' ? w.reportSteps : w.reportChecks)}</h2>
${waterfall(rows, result.totalMs, result.kind === 'inbound' ? w.reportStep : w.reportCheck, w)}
${evidenceTables(result, w).map(tableHtml).join('\n')}
<details><summary>${escapeHtml(w.rawData)}</summary><pre>${escapeHtml(rawData(result))}</pre></details>
</body></html>
`;
}
