// The connection tester for support, outside any onboarding, both ways (you call a server, or
// Thales calls yours): URL, program and environment, identity (an onboarding's,
// found by searching the vault, or files chosen in a native dialog; the page only ever holds an
// onboarding id or a file id), run, result, report.
import { useState, type FormEvent } from 'react';
import type { OnboardingSummaryView, ProbeReport } from '../../shared/ipc-contract.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { ApiError, call, errorMessage } from '../api.js';
import { Busy, ErrorNote, useOperation } from '../components/common.js';
import { OnboardingPicker } from '../components/onboarding-picker.js';
import { ProbeView } from '../components/probe-view.js';

type FileRef = { id: string; name: string } | null;

export function TesterScreen({ programs }: { programs: readonly ProgramProfile[] }) {
  const [url, setUrl] = useState('');
  const [program, setProgram] = useState('');
  const [environment, setEnvironment] = useState('');
  const [direction, setDirection] = useState<'inbound' | 'outbound'>('inbound');
  const [identityKind, setIdentityKind] = useState<'none' | 'onboarding' | 'files'>('none');
  const [onboarding, setOnboarding] = useState<OnboardingSummaryView | null>(null);
  const [certificate, setCertificate] = useState<FileRef>(null);
  const [key, setKey] = useState<FileRef>(null);
  const [ca, setCa] = useState<FileRef>(null);
  const [passphrase, setPassphrase] = useState('');
  const [result, setResult] = useState<ProbeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const { running, run, cancel } = useOperation();
  const profile = programs.find((p) => p.id === program);
  const chosenEnvironment =
    profile?.environments.find((e) => e.id === environment) ?? profile?.environments[0];

  /** A program or environment picked: its published endpoint fills an empty (or its own) URL. */
  function pickEnvironment(next: ProgramProfile | undefined, id: string) {
    const endpoints = programs.flatMap((p) => p.environments.map((e) => e.inboundEndpoint));
    const env = next?.environments.find((e) => e.id === id) ?? next?.environments[0];
    setEnvironment(env?.id ?? '');
    if (direction === 'inbound' && env?.inboundEndpoint && (url === '' || endpoints.includes(url)))
      setUrl(env.inboundEndpoint);
  }

  async function choose(purpose: 'certificate' | 'key' | 'ca', set: (f: FileRef) => void) {
    try {
      const { file } = await call('tester.chooseFile', { purpose });
      if (file) set(file);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  /** Why the primary button cannot be pressed yet, said beside it. */
  const reasonDisabled =
    url.trim() === ''
      ? direction === 'inbound'
        ? 'Give the URL to test first.'
        : 'Give your server as host:port first.'
      : direction === 'inbound' && identityKind === 'onboarding' && onboarding === null
        ? 'Pick the onboarding whose identity to use.'
        : direction === 'inbound' && identityKind === 'files' && (!certificate || !key)
          ? 'Choose the certificate and its private key.'
          : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setCancelled(false);
    setResult(null);
    const identity =
      direction === 'outbound'
        ? { kind: 'none' as const }
        : identityKind === 'onboarding' && onboarding
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
        await run(`${direction === 'outbound' ? 'checking' : 'testing'} ${url}`, (operationId) =>
          call('tester.run', {
            operationId,
            url,
            identity,
            caFile: ca?.id,
            program: profile?.id,
            environment: chosenEnvironment?.id,
            direction,
          }),
        ),
      );
    } catch (e) {
      if (e instanceof ApiError && e.code === 'cancelled') setCancelled(true);
      else setError(errorMessage(e));
    }
  }

  return (
    <section aria-labelledby="tester-title">
      <h1 id="tester-title">Connection tester</h1>
      <form className="form" onSubmit={submit}>
        <fieldset>
          <legend>Direction</legend>
          <label className="choice inline">
            <input
              type="radio"
              name="direction"
              checked={direction === 'inbound'}
              onChange={() => setDirection('inbound')}
            />{' '}
            You call a server (inbound: with a client certificate)
          </label>
          <label className="choice inline">
            <input
              type="radio"
              name="direction"
              checked={direction === 'outbound'}
              onChange={() => setDirection('outbound')}
            />{' '}
            Thales calls your server (outbound readiness)
          </label>
        </fieldset>
        <label>
          {direction === 'inbound' ? 'URL' : 'Your server (host:port or URL)'}{' '}
          <input
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder={
              direction === 'inbound'
                ? 'https://host.example.com/base/path'
                : 'issuer.example.com:443'
            }
            required
          />
        </label>
        <label>
          Rules of program (optional)
          <select
            value={program}
            onChange={(e) => {
              setProgram(e.target.value);
              pickEnvironment(
                programs.find((p) => p.id === e.target.value),
                '',
              );
            }}
          >
            <option value="">None: generic mTLS checks</option>
            {programs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </select>
        </label>
        {profile ? (
          <label>
            Environment
            <select
              value={chosenEnvironment?.id ?? ''}
              onChange={(e) => pickEnvironment(profile, e.target.value)}
            >
              {profile.environments.map((env) => (
                <option key={env.id} value={env.id}>
                  {env.displayName}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {direction === 'outbound' ? null : (
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
        )}
        <div className="files">
          <button type="button" onClick={() => choose('ca', setCa)}>
            Trust a CA file…
          </button>{' '}
          <span>
            {ca?.name ??
              (direction === 'inbound'
                ? 'system roots / program rules'
                : 'Mozilla-recognized roots only (no private trust store declared)')}
          </span>{' '}
          {ca ? (
            <button
              type="button"
              onClick={() => setCa(null)}
              aria-label={`Stop trusting ${ca.name}`}
            >
              Clear
            </button>
          ) : null}
        </div>
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={running !== null || reasonDisabled !== null}
            aria-describedby={reasonDisabled ? 'run-test-reason' : undefined}
          >
            {direction === 'inbound' ? 'Run test' : 'Check readiness'}
          </button>
          {reasonDisabled && running === null ? (
            <span id="run-test-reason" className="disabled-reason">
              {reasonDisabled}
            </span>
          ) : null}
        </div>
      </form>
      <Busy running={running} onCancel={cancel} />
      <ErrorNote message={error} />
      {cancelled ? (
        <p role="status" className="cancelled-note">
          Test cancelled: nothing was changed. Run it again when you are ready.
        </p>
      ) : null}
      {result ? <ProbeView report={result} place="tester" /> : null}
    </section>
  );
}
