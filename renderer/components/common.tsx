// Small presentational pieces shared by the screens.
import { useCallback, useEffect, useId, useRef, useState, type DragEvent } from 'react';
import {
  certificateFileText,
  misplacedInput,
  misplacedInputText,
} from '../../shared/cert-input.js';
import type { ProbeProgress } from '../../shared/diagnoses.js';
import type { ErrorText } from '../../shared/i18n/errors.js';
import type { Finding } from '../../shared/findings.js';
import { probePhase } from '../../shared/i18n/probe-words.js';
import type { StepStatus } from '../../shared/ipc-channels.js';
import type { CertificateSummary, ProgressEvent } from '../../shared/ipc-contract.js';
import type { AssetName } from '../../shared/programs/names.js';
import type { EnvironmentId, ProgramProfile } from '../../shared/programs/schema.js';
import { environmentName } from '../../shared/programs/texts.js';
import { call, newOperationId, onProgress } from '../api.js';
import { exactTime, humanDate, relativeDays } from '../dates.js';
import { en } from '../i18n/en.js';
import { useLocale, useT, type MessageId, type Translate } from '../i18n/index.js';
import { useProbeWords } from '../i18n/probe-words.js';
import { CertificateDetailsView } from './certificate-details.js';
import { errorText } from './data-text.js';
import { FindingText } from './finding-text.js';

// Words several screens show, in the app's language (catalogue area `home`).

/** A step state as a word in a sentence or legend ("done", "to do"). */
export function statusWord(t: Translate, status: StepStatus): string {
  return t(`home.status.word.${status}`);
}

/** The plain name of the certificate an asset holds ("your client certificate"), else the asset name. */
export function certificateName(t: Translate, asset: AssetName): string {
  const id = `home.certificate.${asset}`;
  return id in en ? t(id as MessageId) : asset;
}

/** An environment as the person reads it: the profile's name in the app's language, never the id. */
export function environmentLabel(
  t: Translate,
  locale: 'en' | 'ja',
  profile: ProgramProfile | undefined,
  id: EnvironmentId,
): string {
  const environment = profile?.environments.find((e) => e.id === id);
  return environment ? environmentName(environment, locale) : t(`home.environment.${id}`);
}

export function Findings({ findings, label }: { findings: readonly Finding[]; label: string }) {
  const t = useT();
  if (findings.length === 0) return null;
  return (
    <ul className="findings" aria-label={label}>
      {findings.map((f, i) => (
        <li key={`${f.id}-${i}`} className={`finding ${f.severity}`} data-finding={f.id}>
          <strong>{t(`home.finding.${f.severity}`)}</strong> <FindingText finding={f} />
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
  const t = useT();
  if (certificates.length === 0) return null;
  return (
    <ol className="certificates">
      {certificates.map((c) => (
        <li key={c.sha256Fingerprint}>
          <div>
            <span className="k">{t('home.cert.subject')}</span> {c.subject}
          </div>
          <div>
            <span className="k">{t('home.cert.issuer')}</span>{' '}
            {c.selfSigned ? t('home.cert.selfSigned') : c.issuer}
          </div>
          <div>
            <span className="k">{t('home.cert.expires')}</span>{' '}
            <time dateTime={c.notAfter} title={exactTime(c.notAfter)}>
              {humanDate(c.notAfter)}
            </time>{' '}
            ({relativeDays(c.daysLeft)})
          </div>
          <div className="mono">
            <span className="k">{t('home.cert.sha256')}</span> {c.sha256Fingerprint}
          </div>
          {c.details ? <CertificateDetailsView details={c.details} /> : null}
        </li>
      ))}
    </ol>
  );
}

export interface RunningOperation {
  operationId: string;
  phase: string;
  fraction: number | null;
  /** A connection test's step and status, said in the app's language. */
  probe?: ProbeProgress;
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
            probe: event.probe,
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
  const t = useT();
  const words = useProbeWords();
  if (!running) return null;
  // A test's step is said from its id in the app's words; other work in main's phrase.
  const phase = running.probe ? probePhase(words, running.probe) : running.phase;
  return (
    <div className="busy" role="status" aria-live="polite">
      <progress aria-label={phase} max={1} value={running.fraction ?? undefined} />
      <span>{phase}…</span>
      <button type="button" onClick={onCancel}>
        {t('home.cancel')}
      </button>
    </div>
  );
}

/**
 * A box for a certificate: paste, drop a file or "Open file…" (read as bytes: PEM, DER, PKCS#7);
 * a private key or CSR is cleared at once and explained; a problem is tied to the box
 * (aria-invalid, aria-describedby).
 */
export function CertificateBox({
  label,
  labelledBy,
  value,
  onChange,
  problem,
  rows = 6,
}: {
  label?: string;
  labelledBy?: string;
  value: string;
  onChange(text: string): void;
  /** A problem with what the box holds (from the live check), shown under it. */
  problem?: string | null;
  rows?: number;
}) {
  const t = useT();
  const id = useId();
  const locale = useLocale();
  // A refusal of the box itself: its English sentence and the same as data (said in the locale).
  const [note, setNote] = useState<{ message: string; text: ErrorText } | null>(null);
  const file = useRef<HTMLInputElement>(null);
  function take(text: string) {
    const misplaced = misplacedInput(text);
    const misplacedText = misplacedInputText(text);
    setNote(misplaced && misplacedText ? { message: misplaced, text: misplacedText } : null);
    onChange(misplaced ? '' : text);
  }
  async function read(f: File) {
    const result = certificateFileText(new Uint8Array(await f.arrayBuffer()), f.name);
    if ('refused' in result) {
      setNote({ message: result.refused, text: result.refusedText });
      onChange('');
    } else take(result.text);
  }
  function drop(event: DragEvent) {
    event.preventDefault();
    const f = event.dataTransfer.files[0];
    if (f) void read(f);
  }
  const said = note
    ? errorText(
        { message: note.message, messageId: note.text.id, params: note.text.params },
        locale,
      )
    : null;
  const message = said ?? problem ?? null;
  return (
    <div className="certificate-box">
      {label ? <label htmlFor={id}>{label}</label> : null}
      <textarea
        id={id}
        aria-labelledby={labelledBy}
        rows={rows}
        value={value}
        onChange={(e) => take(e.target.value)}
        onDragOver={(e) => e.preventDefault()}
        onDrop={drop}
        placeholder={t('home.box.placeholder')}
        className="mono"
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-problem` : undefined}
      />
      <div className="box-actions">
        <button type="button" onClick={() => file.current?.click()}>
          {t('home.box.openFile')}
        </button>
        <input
          ref={file}
          type="file"
          hidden
          accept=".pem,.crt,.cer,.der,.p7b,.p7c,.txt"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void read(f);
          }}
        />
      </div>
      {message ? (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          {message}
        </p>
      ) : null}
    </div>
  );
}
