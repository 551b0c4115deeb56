// Wizard steps: the live tests (inbound, outbound readiness) and the export (portal bundle,
// deployment files, checklist).
import { useState } from 'react';
import type { OnboardingDetail, ProbeReport } from '../../shared/ipc-contract.js';
import { call, errorMessage } from '../api.js';
import { useLocale } from '../i18n/index.js';
import { Busy, ErrorNote, useOperation } from '../components/common.js';
import { CopyButton } from '../components/copy.js';
import { ProbeView } from '../components/probe-view.js';
import { CancelledNote, outcomeOf } from './cancelled.js';
import { StrengthNote } from '../screens/vault.js';
import { passphraseProblem } from '../../shared/passphrase.js';
import { tokenProbeCommands } from '../../shared/cli-commands.js';
import { Msg, useT } from '../i18n/index.js';
import { useIntl } from 'react-intl';
import { useWords } from './words.js';
import type { OnboardingProps, StepProps } from './model.js';

/**
 * A check that runs with progress and Cancel (the inbound and outbound tests, the token endpoint
 * check): what it ends with (an error, or a cancel, which is news and not a failure), and the
 * onboarding read back afterwards for the rail.
 */
function useCheckRun(onboardingId: string, onUpdated: (o: OnboardingDetail) => void) {
  const { running, run, cancel } = useOperation();
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  async function go<T>(
    phase: string,
    work: (operationId: string) => Promise<T>,
    done: (r: T) => void,
  ) {
    setError(null);
    setCancelled(false);
    try {
      done(await run(phase, work));
      onUpdated(await call('onboarding.get', { id: onboardingId }));
    } catch (e) {
      const outcome = outcomeOf(e);
      setError(outcome.error);
      setCancelled(outcome.cancelled !== null);
    }
  }
  return { running, cancel, error, setError, cancelled, go };
}

/** An action that may fail (a save, a mark): its error, cleared when the next one starts. */
function useAttempt() {
  const [error, setError] = useState<string | null>(null);
  async function attempt(work: () => Promise<void>, after?: () => void) {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      after?.();
    }
  }
  return { error, attempt };
}

/** A check's progress (with Cancel), its cancel note and its error. */
function CheckRunStatus({ check }: { check: ReturnType<typeof useCheckRun> }) {
  const t = useT();
  return (
    <>
      <Busy running={check.running} onCancel={check.cancel} />
      <CancelledNote message={check.cancelled ? t('wizard.cancelled') : null} />
      <ErrorNote message={check.error} />
    </>
  );
}

/**
 * A key on a token: the app's TLS (Electron's BoringSSL) cannot present it, so the same live test
 * is offered as command lines (mtls-desk, curl, openssl s_client), none with the PIN in it.
 */
function TokenTestCommands({ profile, onboarding }: OnboardingProps) {
  const t = useT();
  const words = useWords();
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
    [t('wizard.token.full'), `mtls-desk probe --onboarding ${onboarding.id} --pin-env PKCS11_PIN`],
    ['curl', commands.curl],
    ['OpenSSL s_client', commands.openssl],
  ];
  return (
    <section aria-labelledby="token-commands-title" className="token-commands">
      <h3 id="token-commands-title">{t('wizard.token.title')}</h3>
      <p>{t('tokens.tlsInApp')}</p>
      <p className="hint">{t('wizard.token.pin', { step: words.stepTitle('export') })}</p>
      {lines.map(([label, line]) => (
        <div key={label}>
          <p className="hint">{label}</p>
          <pre className="mono" aria-label={t('wizard.token.command', { label })}>
            {line}
          </pre>
        </div>
      ))}
    </section>
  );
}

export function TestStep({ profile, onboarding, onUpdated }: StepProps) {
  const [inbound, setInbound] = useState<ProbeReport | null>(onboarding.lastTests.inbound);
  const [outbound, setOutbound] = useState<ProbeReport | null>(onboarding.lastTests.outbound);
  const t = useT();
  const check = useCheckRun(onboarding.id, onUpdated);
  const running = check.running;

  function test(kind: 'inbound' | 'outbound') {
    const onboardingId = onboarding.id;
    return kind === 'inbound'
      ? check.go(
          t('wizard.test.inboundPhase'),
          (operationId) => call('test.inbound', { onboardingId, operationId }),
          setInbound,
        )
      : check.go(
          t('wizard.test.outboundPhase'),
          (operationId) => call('test.outbound', { onboardingId, operationId }),
          setOutbound,
        );
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
          {t('wizard.test.inbound')}
        </button>
        <button type="button" onClick={() => test('outbound')} disabled={running !== null}>
          {t('wizard.test.outbound')}
        </button>
      </div>
      <TokenTestCommands profile={profile} onboarding={onboarding} />
      <CheckRunStatus check={check} />
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
  const t = useT();
  const run = useCheckRun(onboarding.id, onUpdated);
  const running = run.running;

  async function choose(purpose: 'certificate' | 'key') {
    run.setError(null);
    try {
      const { file } = await call('tester.chooseFile', { purpose });
      if (file) (purpose === 'certificate' ? setCertificate : setKey)(file);
    } catch (e) {
      run.setError(errorMessage(e));
    }
  }
  function check() {
    const clientSecret = secret;
    setSecret('');
    return run.go(
      t('wizard.endpoint.phase'),
      (operationId) =>
        call('test.tokenEndpoint', {
          onboardingId: onboarding.id,
          operationId,
          path: path.trim() || undefined,
          clientId: clientId.trim(),
          clientSecret,
          certificateFile: certificate?.id,
          keyFile: key?.id,
        }),
      setReport,
    );
  }
  return (
    <section aria-labelledby="token-endpoint-title">
      <h3 id="token-endpoint-title">{t('wizard.endpoint.title')}</h3>
      <p className="hint">{t('wizard.endpoint.about')}</p>
      <label>
        {t('wizard.endpoint.path')}
        <input value={path} onChange={(e) => setPath(e.target.value)} />
      </label>
      <label>
        {t('wizard.endpoint.clientId')}
        <input value={clientId} onChange={(e) => setClientId(e.target.value)} />
      </label>
      <label>
        {t('wizard.endpoint.secret')}
        <input
          type="password"
          autoComplete="off"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
      </label>
      <p className="hint">{t('wizard.endpoint.optional')}</p>
      <div className="actions">
        <button type="button" onClick={() => choose('certificate')}>
          {certificate
            ? t('wizard.endpoint.certificate', { name: certificate.name })
            : t('wizard.endpoint.chooseCertificate')}
        </button>
        <button type="button" onClick={() => choose('key')}>
          {key ? t('wizard.endpoint.key', { name: key.name }) : t('wizard.endpoint.chooseKey')}
        </button>
      </div>
      <div className="actions">
        <button
          type="button"
          onClick={check}
          disabled={running !== null || clientId.trim() === '' || secret === ''}
        >
          {t('wizard.endpoint.check')}
        </button>
      </div>
      <CheckRunStatus check={run} />
      {report ? <ProbeView report={report} /> : null}
    </section>
  );
}

export function ExportStep({ profile, onboarding, onUpdated, onHome }: StepProps) {
  const [bundle, setBundle] = useState<{ path: string; files: string[] } | null>(null);
  const [format, setFormat] = useState<'key' | 'p12-modern' | 'p12-legacy' | 'chain'>('p12-modern');
  const [passphrase, setPassphrase] = useState('');
  const [masterPassphrase, setMasterPassphrase] = useState('');
  const [deployed, setDeployed] = useState<string | null>(null);
  const { error, attempt } = useAttempt();
  const t = useT();
  const words = useWords();
  const needsPassphrase = format !== 'chain';
  // CHECKLIST.md in the app's language.
  const locale = useLocale();

  const exportBundle = () =>
    attempt(async () => {
      const result = await call('export.bundle', { onboardingId: onboarding.id, language: locale });
      if (result.path) {
        setBundle({ path: result.path, files: result.files });
        // The export step's status (when, SHA-256) is kept by main: read it back for the rail.
        onUpdated(await call('onboarding.get', { id: onboarding.id }));
      }
    });
  const exportDeployment = () =>
    attempt(
      async () => {
        const result = await call('export.deployment', {
          onboardingId: onboarding.id,
          format,
          passphrase: needsPassphrase ? passphrase : undefined,
          masterPassphrase: needsPassphrase ? masterPassphrase : undefined,
        });
        if (result.path) setDeployed(result.path);
        setPassphrase('');
      },
      () => setMasterPassphrase(''),
    );

  return (
    <div className="step-body">
      <Completion profile={profile} onboarding={onboarding} onUpdated={onUpdated} onHome={onHome} />
      <h3>{t('wizard.export.bundleTitle')}</h3>
      <p>{t('wizard.export.bundleAbout')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={exportBundle}>
          {t('wizard.export.saveBundle')}
        </button>
      </div>
      {bundle ? (
        <div role="status" className="done-note">
          <Msg
            id="wizard.export.bundleSaved"
            values={{ path: <span className="mono">{bundle.path}</span> }}
          />
          <ul aria-label={t('wizard.export.bundleFiles')}>
            {bundle.files.map((f) => (
              <li key={f} className="mono">
                {f}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h3>{t('wizard.export.deployTitle')}</h3>
      <div className="form">
        <label>
          {t('wizard.export.format')}
          <select value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
            <option value="p12-modern">{t('wizard.export.format.p12Modern')}</option>
            <option value="p12-legacy">{t('wizard.export.format.p12Legacy')}</option>
            <option value="key">{t('wizard.export.format.key')}</option>
            <option value="chain">{t('wizard.export.format.chain')}</option>
          </select>
        </label>
        {needsPassphrase ? (
          <label>
            {t('wizard.export.passphrase')}{' '}
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
            {t('wizard.export.master')}{' '}
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
            {t('wizard.export.export')}
          </button>
        </div>
        {deployed ? (
          <p role="status" className="done-note">
            <Msg id="wizard.savedTo" values={{ path: <span className="mono">{deployed}</span> }} />
          </p>
        ) : null}
      </div>
      <ErrorNote message={error} />
      <h3>{t('wizard.export.checklist')}</h3>
      <ol className="checklist">
        {profile.assets.map((a) => (
          <li key={a.name}>
            <strong>{words.assetName(a.name)}</strong> <span className="tag mono">{a.name}</span>{' '}
            <Msg
              id={
                a.direction === 'to-thales' ? 'wizard.export.toThales' : 'wizard.export.fromThales'
              }
              values={{ description: words.assetDescription(a) }}
            />
          </li>
        ))}
        <li>{words.renewal(profile)}</li>
      </ol>
    </div>
  );
}

/** When the bundle is made: what was exported, where, its SHA-256, and "submitted to Thales". */
function Completion({ profile, onboarding, onUpdated, onHome }: StepProps) {
  const words = useWords();
  const [note, setNote] = useState<string | null>(null);
  const { error, attempt } = useAttempt();
  const t = useT();
  const intl = useIntl();
  const made = onboarding.exported.bundle;
  if (!made)
    return (
      <p className="hint" data-testid="export-status">
        {t('wizard.export.notDone')}
      </p>
    );
  const bundle = made;
  const submittedAt = onboarding.exported.submittedAt;
  const showInFolder = () =>
    attempt(async () => {
      const result = await call('export.showInFolder', { onboardingId: onboarding.id });
      // The browser shell cannot open a file manager: it says where the file is instead.
      setNote(result.shown ? null : t('wizard.export.bundleAt', { path: result.path }));
    });
  const mark = (submitted: boolean) =>
    attempt(async () =>
      onUpdated(await call('export.markSubmitted', { onboardingId: onboarding.id, submitted })),
    );
  return (
    <section className="completion" aria-labelledby="completion-title" data-testid="completion">
      <h3 id="completion-title">{t('wizard.export.done')}</h3>
      <p data-testid="export-status">
        <Msg
          id="wizard.export.made"
          values={{
            when: (
              <time dateTime={bundle.at}>
                {intl.formatDate(bundle.at, { dateStyle: 'medium', timeStyle: 'short' })}
              </time>
            ),
            path: <span className="mono">{bundle.path}</span>,
          }}
        />
      </p>
      <p>
        <Msg
          id="wizard.export.sha256"
          values={{ hash: <span className="mono fingerprint-text">{bundle.sha256}</span> }}
        />{' '}
        <CopyButton text={bundle.sha256} label={t('wizard.export.sha256Copy')} />
      </p>
      <ul aria-label={t('wizard.export.exported')}>
        {bundle.files.map((f) => (
          <li key={f} className="mono">
            {f}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={() => void showInFolder()}>
          {t('wizard.export.showInFolder')}
        </button>
        <CopyButton text={bundle.path} label={t('wizard.export.pathCopy')}>
          {t('wizard.export.copyPath')}
        </CopyButton>
      </div>
      {note ? (
        <p role="status" className="hint">
          {note}
        </p>
      ) : null}
      {submittedAt ? (
        <p className="done-note" role="status">
          <Msg
            id="wizard.export.submitted"
            values={{
              when: (
                <time dateTime={submittedAt}>
                  {intl.formatDate(submittedAt, { dateStyle: 'medium' })}
                </time>
              ),
            }}
          />{' '}
          <button type="button" onClick={() => void mark(false)}>
            {t('wizard.export.undo')}
          </button>
        </p>
      ) : (
        <div className="actions">
          <button type="button" className="primary" onClick={() => void mark(true)}>
            {t('wizard.export.markSubmitted')}
          </button>
          <span className="hint">
            {profile.portal
              ? t('wizard.export.onceSentPortal', { portal: words.portalName(profile.portal) })
              : t('wizard.export.onceSentRepresentative')}
          </span>
        </div>
      )}
      <ErrorNote message={error} />
      {onHome ? (
        <div className="actions">
          <button type="button" onClick={onHome}>
            {t('wizard.export.backHome')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
