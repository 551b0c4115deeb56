// Small presentational pieces shared by the screens.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Finding } from '../../shared/findings.js';
import type { CertificateSummary, ProgressEvent } from '../../shared/ipc-contract.js';
import { call, newOperationId, onProgress } from '../api.js';

/** Rules write their messages without a final stop; some end with a sentence of their own. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export function Findings({ findings, label }: { findings: readonly Finding[]; label: string }) {
  if (findings.length === 0) return null;
  return (
    <ul className="findings" aria-label={label}>
      {findings.map((f, i) => (
        <li key={`${f.id}-${i}`} className={`finding ${f.severity}`} data-finding={f.id}>
          <strong>
            {f.severity === 'error' ? 'Error' : f.severity === 'warning' ? 'Warning' : 'Note'}:
          </strong>{' '}
          {sentence(f.message)} <span className="fix">What to do: {sentence(f.fix)}</span>
        </li>
      ))}
    </ul>
  );
}

export function ErrorNote({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="error-note" role="alert">
      {message}
    </p>
  );
}

export function Certificates({ certificates }: { certificates: readonly CertificateSummary[] }) {
  if (certificates.length === 0) return null;
  return (
    <ol className="certificates">
      {certificates.map((c) => (
        <li key={c.sha256Fingerprint}>
          <div>
            <span className="k">subject</span> {c.subject}
          </div>
          <div>
            <span className="k">issuer</span> {c.selfSigned ? 'self-signed' : c.issuer}
          </div>
          <div>
            <span className="k">expires</span> {c.notAfter.slice(0, 10)} ({c.daysLeft} days)
          </div>
          <div className="mono">
            <span className="k">SHA-256</span> {c.sha256Fingerprint}
          </div>
        </li>
      ))}
    </ol>
  );
}

export interface RunningOperation {
  operationId: string;
  phase: string;
  fraction: number | null;
}

/** Runs a long call under an operation id, follows its progress, and lets the user cancel it. */
export function useOperation() {
  const [running, setRunning] = useState<RunningOperation | null>(null);
  const current = useRef<string | null>(null);
  useEffect(
    () =>
      onProgress((event: ProgressEvent) => {
        if (event.operationId === current.current)
          setRunning({
            operationId: event.operationId,
            phase: event.phase,
            fraction: event.fraction,
          });
      }),
    [],
  );
  const run = useCallback(
    async <T,>(phase: string, work: (operationId: string) => Promise<T>): Promise<T> => {
      const operationId = newOperationId();
      current.current = operationId;
      setRunning({ operationId, phase, fraction: null });
      try {
        return await work(operationId);
      } finally {
        current.current = null;
        setRunning(null);
      }
    },
    [],
  );
  const cancel = useCallback(() => {
    if (current.current) void call('operation.cancel', { operationId: current.current });
  }, []);
  return { running, run, cancel };
}

export function Busy({
  running,
  onCancel,
}: {
  running: RunningOperation | null;
  onCancel: () => void;
}) {
  if (!running) return null;
  return (
    <div className="busy" role="status" aria-live="polite">
      <progress aria-label={running.phase} max={1} value={running.fraction ?? undefined} />
      <span>{running.phase}…</span>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
