// The connection tester for support, outside any onboarding: URL, identity (an onboarding's,
// found by searching the vault, or files chosen in a native dialog; the page only ever holds an
// onboarding id or a file id), run, result, report.
import { useState, type FormEvent } from 'react';
import type { OnboardingSummary, ProbeReport } from '../../shared/ipc-contract.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { call, errorMessage } from '../api.js';
import { Busy, ErrorNote, useOperation } from '../components/common.js';
import { OnboardingPicker } from '../components/onboarding-picker.js';
import { ProbeView } from '../components/probe-view.js';

type FileRef = { id: string; name: string } | null;

export function TesterScreen({ programs }: { programs: readonly ProgramProfile[] }) {
  const [url, setUrl] = useState('');
  const [program, setProgram] = useState('');
  const [identityKind, setIdentityKind] = useState<'none' | 'onboarding' | 'files'>('none');
  const [onboarding, setOnboarding] = useState<OnboardingSummary | null>(null);
  const [certificate, setCertificate] = useState<FileRef>(null);
  const [key, setKey] = useState<FileRef>(null);
  const [ca, setCa] = useState<FileRef>(null);
  const [passphrase, setPassphrase] = useState('');
  const [result, setResult] = useState<ProbeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { running, run, cancel } = useOperation();
  const profile = programs.find((p) => p.id === program);

  async function choose(purpose: 'certificate' | 'key' | 'ca', set: (f: FileRef) => void) {
    try {
      const { file } = await call('tester.chooseFile', { purpose });
      if (file) set(file);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setResult(null);
    const identity =
      identityKind === 'onboarding' && onboarding
        ? { kind: 'onboarding' as const, onboardingId: onboarding.id }
        : identityKind === 'files' && certificate && key
          ? {
              kind: 'files' as const,
              certificateFile: certificate.id,
              keyFile: key.id,
              passphrase: passphrase || undefined,
            }
          : { kind: 'none' as const };
    try {
      setResult(
        await run(`testing ${url}`, (operationId) =>
          call('tester.run', {
            operationId,
            url,
            identity,
            caFile: ca?.id,
            program: profile?.id,
            environment: profile ? profile.environments[0].id : undefined,
          }),
        ),
      );
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <section aria-labelledby="tester-title">
      <h1 id="tester-title">Connection tester</h1>
      <form className="form" onSubmit={submit}>
        <label>
          URL{' '}
          <input
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://host.example.com/base/path"
            required
          />
        </label>
        <label>
          Rules of program (optional)
          <select value={program} onChange={(e) => setProgram(e.target.value)}>
            <option value="">None: generic mTLS checks</option>
            {programs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Client identity</legend>
          <label className="choice inline">
            <input
              type="radio"
              name="identity"
              checked={identityKind === 'none'}
              onChange={() => setIdentityKind('none')}
            />{' '}
            None (see what the server asks for)
          </label>
          <label className="choice inline">
            <input
              type="radio"
              name="identity"
              checked={identityKind === 'onboarding'}
              onChange={() => setIdentityKind('onboarding')}
            />{' '}
            From the vault
          </label>
          <label className="choice inline">
            <input
              type="radio"
              name="identity"
              checked={identityKind === 'files'}
              onChange={() => setIdentityKind('files')}
            />{' '}
            From files
          </label>
          {identityKind === 'onboarding' ? (
            <OnboardingPicker chosen={onboarding} onChoose={setOnboarding} />
          ) : null}
          {identityKind === 'files' ? (
            <div className="files">
              <button type="button" onClick={() => choose('certificate', setCertificate)}>
                Choose certificate…
              </button>{' '}
              <span>{certificate?.name ?? 'none'}</span>
              <br />
              <button type="button" onClick={() => choose('key', setKey)}>
                Choose private key…
              </button>{' '}
              <span>{key?.name ?? 'none'}</span>
              <br />
              <label>
                Key passphrase, if encrypted{' '}
                <input
                  type="password"
                  value={passphrase}
                  onChange={(e) => setPassphrase(e.target.value)}
                  autoComplete="off"
                />
              </label>
            </div>
          ) : null}
        </fieldset>
        <div className="files">
          <button type="button" onClick={() => choose('ca', setCa)}>
            Trust a CA file…
          </button>{' '}
          <span>{ca?.name ?? 'system roots / program rules'}</span>
        </div>
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={
              running !== null ||
              url.trim() === '' ||
              (identityKind === 'onboarding' && onboarding === null)
            }
          >
            Run test
          </button>
        </div>
      </form>
      <Busy running={running} onCancel={cancel} />
      <ErrorNote message={error} />
      {result ? <ProbeView report={result} place="tester" /> : null}
    </section>
  );
}
