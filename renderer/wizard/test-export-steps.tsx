// Wizard steps: the live tests (inbound, outbound readiness) and the export (portal bundle,
// deployment files, checklist).
import { useState } from 'react';
import type { OnboardingDetail, ProbeReport } from '../../shared/ipc-contract.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { ASSET_PLAIN_NAMES } from '../../shared/asset-words.js';
import { call, errorMessage } from '../api.js';
import { useLocale } from '../i18n/index.js';
import { Busy, ErrorNote, useOperation } from '../components/common.js';
import { CopyButton } from '../components/copy.js';
import { ProbeView } from '../components/probe-view.js';
import { CancelledNote, outcomeOf } from './cancelled.js';
import { StrengthNote } from '../screens/vault.js';
import { passphraseProblem } from '../../shared/passphrase.js';
import { TOKEN_TLS_IN_APP } from '../../shared/pkcs11.js';
import { tokenProbeCommands } from '../../shared/cli-commands.js';

/**
 * A key on a token: the app's TLS (Electron's BoringSSL) cannot present it, so the same live test
 * is offered as command lines (mtls-desk, curl, openssl s_client), none with the PIN in it.
 */
function TokenTestCommands({
  profile,
  onboarding,
}: {
  profile: ProgramProfile;
  onboarding: OnboardingDetail;
}) {
  const identity = onboarding.identity;
  if (!identity?.keyId.startsWith('pkcs11:')) return null;
  const host = onboarding.assets.find((a) => a.name === 'TSH_INBOUND_HOST')?.value;
  const url =
    (host ? `https://${host}` : null) ??
    profile.environments.find((e) => e.id === onboarding.environment)?.inboundEndpoint ??
    'https://HOST/PATH';
  const commands = tokenProbeCommands({
    url,
    certFile: 'client.pem',
    keyUri: identity.keyId,
    module: 'MODULE',
  });
  const lines: [string, string][] = [
    [
      'mtls-desk (the full test, steps and diagnosis)',
      `mtls-desk probe --onboarding ${onboarding.id} --pin-env PKCS11_PIN`,
    ],
    ['curl', commands.curl],
    ['OpenSSL s_client', commands.openssl],
  ];
  return (
    <section aria-labelledby="token-commands-title" className="token-commands">
      <h3 id="token-commands-title">Test with the token key from the command line</h3>
      <p>{TOKEN_TLS_IN_APP}</p>
      <p className="hint">
        mtls-desk reads the user PIN from the PKCS11_PIN environment variable; curl and OpenSSL ask
        for it. client.pem is the client certificate: export it from the Export step (format
        “chain”). None of these lines holds the PIN.
      </p>
      {lines.map(([label, line]) => (
        <div key={label}>
          <p className="hint">{label}</p>
          <pre className="mono" aria-label={`${label} command`}>
            {line}
          </pre>
        </div>
      ))}
    </section>
  );
}

export function TestStep({
  profile,
  onboarding,
  onUpdated,
}: {
  profile: ProgramProfile;
  onboarding: OnboardingDetail;
  onUpdated(o: OnboardingDetail): void;
}) {
  const [inbound, setInbound] = useState<ProbeReport | null>(onboarding.lastTests.inbound);
  const [outbound, setOutbound] = useState<ProbeReport | null>(onboarding.lastTests.outbound);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState<string | null>(null);
  const { running, run, cancel } = useOperation();

  async function test(kind: 'inbound' | 'outbound') {
    setError(null);
    setCancelled(null);
    try {
      if (kind === 'inbound')
        setInbound(
          await run('testing the connection to Thales', (operationId) =>
            call('test.inbound', { onboardingId: onboarding.id, operationId }),
          ),
        );
      else
        setOutbound(
          await run('checking your server', (operationId) =>
            call('test.outbound', { onboardingId: onboarding.id, operationId }),
          ),
        );
      onUpdated(await call('onboarding.get', { id: onboarding.id }));
    } catch (e) {
      const outcome = outcomeOf(e);
      setError(outcome.error);
      setCancelled(outcome.cancelled);
    }
  }

  return (
    <div className="step-body">
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={() => test('inbound')}
          disabled={running !== null}
        >
          Run inbound test (you → Thales)
        </button>
        <button type="button" onClick={() => test('outbound')} disabled={running !== null}>
          Run outbound readiness check (Thales → you)
        </button>
      </div>
      <TokenTestCommands profile={profile} onboarding={onboarding} />
      <Busy running={running} onCancel={cancel} />
      <CancelledNote message={cancelled} />
      <ErrorNote message={error} />
      {inbound ? <ProbeView report={inbound} /> : null}
      {outbound ? <ProbeView report={outbound} /> : null}
      {profile.oauth ? (
        <TokenEndpointCheck
          outboundTokenPath={profile.oauth.outboundTokenPath}
          onboarding={onboarding}
          onUpdated={onUpdated}
        />
      ) : null}
    </div>
  );
}

/**
 * D1 Push Provisioning: D1 calls your token endpoint with HTTP Basic client credentials over mTLS.
 * The client secret typed here is sent once to main for this one check and cleared at once; main
 * keeps it nowhere.
 */
function TokenEndpointCheck({
  outboundTokenPath,
  onboarding,
  onUpdated,
}: {
  outboundTokenPath: string;
  onboarding: OnboardingDetail;
  onUpdated(o: OnboardingDetail): void;
}) {
  const [path, setPath] = useState(outboundTokenPath);
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const [certificate, setCertificate] = useState<{ id: string; name: string } | null>(null);
  const [key, setKey] = useState<{ id: string; name: string } | null>(null);
  const [report, setReport] = useState<ProbeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState<string | null>(null);
  const { running, run, cancel } = useOperation();

  async function choose(purpose: 'certificate' | 'key') {
    setError(null);
    try {
      const { file } = await call('tester.chooseFile', { purpose });
      if (file) (purpose === 'certificate' ? setCertificate : setKey)(file);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  async function check() {
    setError(null);
    setCancelled(null);
    const clientSecret = secret;
    setSecret('');
    try {
      setReport(
        await run('checking your OAuth token endpoint', (operationId) =>
          call('test.tokenEndpoint', {
            onboardingId: onboarding.id,
            operationId,
            path: path.trim() || undefined,
            clientId: clientId.trim(),
            clientSecret,
            certificateFile: certificate?.id,
            keyFile: key?.id,
          }),
        ),
      );
      onUpdated(await call('onboarding.get', { id: onboarding.id }));
    } catch (e) {
      const outcome = outcomeOf(e);
      setError(outcome.error);
      setCancelled(outcome.cancelled);
    }
  }
  return (
    <section aria-labelledby="token-endpoint-title">
      <h3 id="token-endpoint-title">Your OAuth token endpoint (Push Provisioning)</h3>
      <p className="hint">
        D1 calls it on your server (ISSUER_HOST) over mTLS with HTTP Basic client credentials. The
        check proves it requires a client certificate, refuses missing and wrong credentials with
        401, and issues a Bearer token with an expiry. The secret is used for this one check and
        never kept, shown or logged.
      </p>
      <label>
        Token endpoint path
        <input value={path} onChange={(e) => setPath(e.target.value)} />
      </label>
      <label>
        Client id
        <input value={clientId} onChange={(e) => setClientId(e.target.value)} />
      </label>
      <label>
        Client secret
        <input
          type="password"
          autoComplete="off"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
      </label>
      <p className="hint">
        Optional: a client certificate your server accepts (for example from a test CA your staging
        server trusts), so the credential checks get past the mTLS handshake.
      </p>
      <div className="actions">
        <button type="button" onClick={() => choose('certificate')}>
          {certificate ? `Client certificate: ${certificate.name}` : 'Choose a client certificate…'}
        </button>
        <button type="button" onClick={() => choose('key')}>
          {key ? `Client key: ${key.name}` : 'Choose its key…'}
        </button>
      </div>
      <div className="actions">
        <button
          type="button"
          onClick={check}
          disabled={running !== null || clientId.trim() === '' || secret === ''}
        >
          Check your token endpoint
        </button>
      </div>
      <Busy running={running} onCancel={cancel} />
      <CancelledNote message={cancelled} />
      <ErrorNote message={error} />
      {report ? <ProbeView report={report} /> : null}
    </section>
  );
}

export function ExportStep({
  profile,
  onboarding,
  onUpdated,
  onHome,
}: {
  profile: ProgramProfile;
  onboarding: OnboardingDetail;
  onUpdated(o: OnboardingDetail): void;
  onHome?(): void;
}) {
  const [bundle, setBundle] = useState<{ path: string; files: string[] } | null>(null);
  const [format, setFormat] = useState<'key' | 'p12-modern' | 'p12-legacy' | 'chain'>('p12-modern');
  const [passphrase, setPassphrase] = useState('');
  const [masterPassphrase, setMasterPassphrase] = useState('');
  const [deployed, setDeployed] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const needsPassphrase = format !== 'chain';
  // CHECKLIST.md in the app's language.
  const locale = useLocale();

  async function exportBundle() {
    setError(null);
    try {
      const result = await call('export.bundle', { onboardingId: onboarding.id, language: locale });
      if (result.path) {
        setBundle({ path: result.path, files: result.files });
        // The export step's status (when, SHA-256) is kept by main: read it back for the rail.
        onUpdated(await call('onboarding.get', { id: onboarding.id }));
      }
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  async function exportDeployment() {
    setError(null);
    try {
      const result = await call('export.deployment', {
        onboardingId: onboarding.id,
        format,
        passphrase: needsPassphrase ? passphrase : undefined,
        masterPassphrase: needsPassphrase ? masterPassphrase : undefined,
      });
      if (result.path) setDeployed(result.path);
      setPassphrase('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setMasterPassphrase('');
    }
  }

  return (
    <div className="step-body">
      <Completion profile={profile} onboarding={onboarding} onUpdated={onUpdated} onHome={onHome} />
      <h3>Portal asset bundle</h3>
      <p>
        The files to upload to the Thales portal, each named after its asset, with a manifest and a
        checklist. It never contains a private key.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={exportBundle}>
          Save portal bundle…
        </button>
      </div>
      {bundle ? (
        <div role="status" className="done-note">
          Bundle saved to <span className="mono">{bundle.path}</span>
          <ul aria-label="Files in the bundle">
            {bundle.files.map((f) => (
              <li key={f} className="mono">
                {f}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h3>Deployment files</h3>
      <div className="form">
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
            <option value="p12-modern">PKCS#12, modern (AES-256, SHA-256)</option>
            <option value="p12-legacy">
              PKCS#12, legacy compatibility (3DES, SHA-1: old Windows, Java 8)
            </option>
            <option value="key">Encrypted private key (PKCS#8)</option>
            <option value="chain">Certificate chain (PEM)</option>
          </select>
        </label>
        {needsPassphrase ? (
          <label>
            Passphrase to protect the exported key{' '}
            <input
              type="password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              autoComplete="new-password"
              aria-describedby={passphrase !== '' ? 'export-strength' : undefined}
            />
          </label>
        ) : null}
        {needsPassphrase ? <StrengthNote passphrase={passphrase} id="export-strength" /> : null}
        {needsPassphrase ? (
          <label>
            Master passphrase of the vault (asked again before a private key leaves it){' '}
            <input
              type="password"
              value={masterPassphrase}
              onChange={(e) => setMasterPassphrase(e.target.value)}
              autoComplete="current-password"
            />
          </label>
        ) : null}
        <div className="actions">
          <button
            type="button"
            onClick={exportDeployment}
            disabled={
              needsPassphrase &&
              (passphraseProblem(passphrase, 'export') !== null || masterPassphrase === '')
            }
          >
            Export…
          </button>
        </div>
        {deployed ? (
          <p role="status" className="done-note">
            Saved to <span className="mono">{deployed}</span>
          </p>
        ) : null}
      </div>
      <ErrorNote message={error} />
      <h3>Checklist</h3>
      <ol className="checklist">
        {profile.assets.map((a) => (
          <li key={a.name}>
            <strong>{ASSET_PLAIN_NAMES[a.name]}</strong> <span className="tag mono">{a.name}</span>{' '}
            ({a.direction === 'to-thales' ? 'you give Thales' : 'Thales gives you'}):{' '}
            {a.description}
          </li>
        ))}
        <li>{profile.renewal}</li>
      </ol>
    </div>
  );
}

/** When the bundle is made: what was exported, where, its SHA-256, and "submitted to Thales". */
function Completion({
  profile,
  onboarding,
  onUpdated,
  onHome,
}: {
  profile: ProgramProfile;
  onboarding: OnboardingDetail;
  onUpdated(o: OnboardingDetail): void;
  onHome?(): void;
}) {
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const made = onboarding.exported.bundle;
  if (!made)
    return (
      <p className="hint" data-testid="export-status">
        Export: not done yet. Save the portal bundle below to finish this onboarding.
      </p>
    );
  const bundle = made;
  const submittedAt = onboarding.exported.submittedAt;
  async function showInFolder() {
    setError(null);
    try {
      const result = await call('export.showInFolder', { onboardingId: onboarding.id });
      // The browser shell cannot open a file manager: it says where the file is instead.
      setNote(result.shown ? null : `The bundle is at ${result.path}: use Copy path to open it.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  async function mark(submitted: boolean) {
    setError(null);
    try {
      onUpdated(await call('export.markSubmitted', { onboardingId: onboarding.id, submitted }));
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  const to = profile.portal ? `the ${profile.portal.name}` : 'your Thales representative';
  return (
    <section className="completion" aria-labelledby="completion-title" data-testid="completion">
      <h3 id="completion-title">Onboarding exported</h3>
      <p data-testid="export-status">
        Portal bundle made <time dateTime={bundle.at}>{new Date(bundle.at).toLocaleString()}</time>:{' '}
        <span className="mono">{bundle.path}</span>
      </p>
      <p>
        SHA-256 <span className="mono fingerprint-text">{bundle.sha256}</span>{' '}
        <CopyButton text={bundle.sha256} label="the bundle's SHA-256" />
      </p>
      <ul aria-label="What was exported">
        {bundle.files.map((f) => (
          <li key={f} className="mono">
            {f}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={() => void showInFolder()}>
          Show in folder
        </button>
        <CopyButton text={bundle.path} label="the bundle's path">
          Copy path
        </CopyButton>
      </div>
      {note ? (
        <p role="status" className="hint">
          {note}
        </p>
      ) : null}
      {submittedAt ? (
        <p className="done-note" role="status">
          ✓ Submitted to Thales on{' '}
          <time dateTime={submittedAt}>{new Date(submittedAt).toLocaleDateString()}</time>.{' '}
          <button type="button" onClick={() => void mark(false)}>
            Undo
          </button>
        </p>
      ) : (
        <div className="actions">
          <button type="button" className="primary" onClick={() => void mark(true)}>
            Mark as submitted to Thales
          </button>
          <span className="hint">Once you have sent the bundle to {to}.</span>
        </div>
      )}
      <ErrorNote message={error} />
      {onHome ? (
        <div className="actions">
          <button type="button" onClick={onHome}>
            Back to Home
          </button>
        </div>
      ) : null}
    </section>
  );
}
