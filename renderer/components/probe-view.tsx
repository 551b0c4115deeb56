// One connection-test result: the diagnosis in plain words with the fix, the steps as a timing
// waterfall (inbound) or the readiness checks (outbound), and the evidence on demand. Its labels
// from the tester catalogue; the step names, statuses and evidence headings from
// shared/i18n/probe-words.ts (the saved report's words too); a step's finding is main's sentence
// in English, and in Japanese its summaryText said from shared/i18n/probe-steps.ja.json.
import { useRef, useState } from 'react';
import type { DiagnosisId, FixPlace } from '../../shared/diagnoses.js';
import { diagnosisIn, fixIn } from '../../shared/i18n/diagnoses.js';
import { probeSentence } from '../../shared/i18n/probe-steps.js';
import { stepTitle } from '../../shared/i18n/probe-words.js';
import { Msg, useJapaneseTexts, useLocale, useT } from '../i18n/index.js';
import { useProbeWords } from '../i18n/probe-words.js';
import type { ProbeReport } from '../../shared/ipc-contract.js';
import { call, errorMessage } from '../api.js';
import { ErrorNote } from './common.js';
import {
  evidenceHighlights,
  evidenceTables,
  rawData,
  type EvidenceHighlight,
  type EvidenceTable,
} from '../../shared/evidence-tables.js';

/** One evidence table, from the model the saved report renders too. */
export function EvidenceTableView({ table }: { table: EvidenceTable }) {
  return (
    <table className="evidence" data-table={table.id} aria-label={table.title}>
      <caption>{table.title}</caption>
      {table.head ? (
        <thead>
          <tr>
            {table.head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody>
        {table.rows.map((row, i) =>
          table.head ? (
            <tr key={i}>
              {row.map((v, j) => (
                <td key={j}>{v}</td>
              ))}
            </tr>
          ) : (
            <tr key={i} data-key={table.keys?.[i]}>
              <th scope="row">{row[0]}</th>
              <td>{row[1]}</td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

function EvidenceHighlights({ highlights }: { highlights: EvidenceHighlight[] }) {
  const t = useT();
  if (highlights.length === 0) return null;
  return (
    <dl className="highlights" aria-label={t('tester.why')}>
      {highlights.map((h) => (
        <div key={h.label}>
          <dt>{h.label}</dt>
          {h.values.map((v) => (
            <dd key={v}>{v}</dd>
          ))}
        </div>
      ))}
    </dl>
  );
}

/** The raw result behind a disclosure, with a copy button (selects it when the clipboard is refused). */
export function RawData({ text }: { text: string }) {
  const t = useT();
  const words = useProbeWords();
  const [copied, setCopied] = useState<string | null>(null);
  // Rendered only while open: closed, the raw text is not part of the page at all.
  const [open, setOpen] = useState(false);
  const pre = useRef<HTMLPreElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(t('tester.copied'));
    } catch {
      const range = document.createRange();
      if (pre.current) range.selectNodeContents(pre.current);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      setCopied(t('tester.selected'));
    }
  }
  return (
    <details
      className="raw-data"
      data-raw-data=""
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
    >
      <summary>{words.rawData}</summary>
      {open ? (
        <>
          <button type="button" onClick={() => void copy()}>
            {t('tester.copyRaw')}
          </button>{' '}
          {copied ? <span role="status">{copied}</span> : null}
          <pre ref={pre} className="evidence">
            {text}
          </pre>
        </>
      ) : null}
    </details>
  );
}

export function ProbeView({
  report,
  place = 'onboarding',
}: {
  report: ProbeReport;
  /** Where it is shown: the fixes name the controls of that screen. */
  place?: FixPlace;
}) {
  // The diagnosis in the app's language (Japanese from shared/i18n/diagnoses.ja.json, by id).
  const locale = useLocale();
  const ja = useJapaneseTexts();
  const t = useT();
  const words = useProbeWords();
  const fixOf = (id: DiagnosisId): string => fixIn(ja, id, place, report.result.kind);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { result } = report;
  // A cancel is news, not a failure: one neutral style for it everywhere (.cancelled-note).
  const cancelled = result.diagnosis.id === 'probe-cancelled';
  const outcome = result.ok ? 'passed' : cancelled ? 'cancelled' : 'failed';
  const rows =
    result.kind === 'inbound'
      ? result.steps.map((s) => ({
          key: s.name,
          status: s.status,
          startMs: s.startMs,
          ms: s.ms,
          summary: probeSentence(s.summary, s.summaryText, ja),
          diagnosis: s.diagnosis,
        }))
      : result.checks.map((c) => ({
          key: c.id,
          status: c.status,
          startMs: c.startMs,
          ms: c.ms,
          summary: probeSentence(c.summary, c.summaryText, ja),
          diagnosis: c.diagnosis,
        }));
  const total = Math.max(1, ...rows.map((r) => r.startMs + r.ms));
  const target =
    result.kind === 'inbound' ? result.target.url : `${result.target.host}:${result.target.port}`;

  async function save() {
    setError(null);
    try {
      const { path } = await call('report.save', {
        reportId: report.reportId,
        onboardingId: report.onboardingId,
        language: locale,
      });
      if (path) setSaved(path);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <section
      className={`probe ${result.ok ? 'pass' : cancelled ? 'cancelled' : 'fail'}`}
      aria-label={t(result.kind === 'inbound' ? 'tester.result.inbound' : 'tester.result.outbound')}
    >
      <h3>
        {t(
          result.kind === 'inbound'
            ? 'tester.result.headingInbound'
            : 'tester.result.headingOutbound',
          { target, outcome: t(`tester.outcome.${outcome}`) },
        )}
      </h3>
      <p
        className={cancelled ? 'diagnosis cancelled-note' : 'diagnosis'}
        data-diagnosis={result.diagnosis.id}
      >
        <strong>
          {diagnosisIn(ja, result.diagnosis.id).title}
          {locale === 'ja' ? '。' : '.'}
        </strong>{' '}
        {diagnosisIn(ja, result.diagnosis.id).cause}
      </p>
      {result.diagnosis.id === 'ok' ? null : (
        <p className="fix">
          <strong>{t('tester.whatToDo')}</strong>{' '}
          <span data-fix="">{fixOf(result.diagnosis.id)}</span>
        </p>
      )}
      <ol className="waterfall" aria-label={t('tester.steps')}>
        {rows.map((r) => (
          <li key={r.key} className={r.status} data-step={r.key}>
            <span className="name">{stepTitle(words, r.key)}</span>
            <span className="status">{words.status[r.status]}</span>
            <span className="bar-track" aria-hidden="true">
              <span
                className="bar"
                style={{
                  marginLeft: `${(r.startMs / total) * 100}%`,
                  width: `${Math.max(0.5, (r.ms / total) * 100)}%`,
                }}
              />
            </span>
            <span className="ms">{t('tester.ms', { ms: r.ms.toFixed(1) })}</span>
            <span className="details">
              <span className="finding">{r.summary}</span>
              {r.status !== 'pass' && r.diagnosis && r.diagnosis !== result.diagnosis.id ? (
                <> {t('tester.stepFix', { fix: fixOf(r.diagnosis) })}</>
              ) : null}
            </span>
          </li>
        ))}
      </ol>
      <EvidenceHighlights highlights={evidenceHighlights(result, words)} />
      <details className="evidence-tables">
        <summary>{t('tester.evidence')}</summary>
        {evidenceTables(result, words).map((table) => (
          <EvidenceTableView key={table.id} table={table} />
        ))}
      </details>
      <RawData text={rawData(result)} />
      <div className="actions">
        <button type="button" onClick={save}>
          {t('tester.saveReport')}
        </button>
        {saved ? (
          <span role="status">
            <Msg id="tester.reportSaved" values={{ path: <span className="mono">{saved}</span> }} />
          </span>
        ) : null}
      </div>
      <ErrorNote message={error} />
    </section>
  );
}
