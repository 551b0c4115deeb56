// One connection-test result: the diagnosis in plain words with the fix, the steps as a timing
// waterfall, and the evidence on demand.
import { useState } from 'react';
import type { ProbeSummary } from '../../shared/ipc-contract.js';
import { call, errorMessage } from '../api.js';
import { ErrorNote } from './common.js';

export function ProbeView({ result }: { result: ProbeSummary }) {
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const total = Math.max(1, ...result.steps.map((s) => s.startMs + s.ms));
  async function save() {
    setError(null);
    try {
      const { path } = await call('report.save', { reportId: result.reportId });
      if (path) setSaved(path);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <section className={`probe ${result.ok ? 'pass' : 'fail'}`} aria-label={`${result.kind} test result`}>
      <h3>{result.ok ? 'Passed' : 'Failed'}: {result.diagnosis.title}</h3>
      <p className="diagnosis" data-diagnosis={result.diagnosis.id}>{result.diagnosis.cause}</p>
      {result.ok ? null : <p className="fix"><strong>What to do:</strong> {result.diagnosis.fix}</p>}
      <ol className="waterfall" aria-label="Steps and timings">
        {result.steps.map((s) => (
          <li key={s.name} className={s.status}>
            <span className="name">{s.name}</span>
            <span className="status">{s.status}</span>
            <span className="bar-track" aria-hidden="true">
              <span className="bar" style={{ marginLeft: `${(s.startMs / total) * 100}%`, width: `${Math.max(0.5, (s.ms / total) * 100)}%` }} />
            </span>
            <span className="ms">{s.ms.toFixed(1)} ms</span>
            {s.details.length > 0 ? <span className="details">{s.details.join('; ')}</span> : null}
          </li>
        ))}
      </ol>
      <details>
        <summary>Evidence</summary>
        <pre className="evidence">{result.evidence}</pre>
      </details>
      <div className="actions">
        <button type="button" onClick={save}>Save report…</button>
        {saved ? <span role="status">Report saved to {saved}</span> : null}
      </div>
      <ErrorNote message={error} />
    </section>
  );
}
