// Wizard steps that take in assets: the Thales ones (server chain, client certificate, inbound
// host) and your server's (chain, ISSUER_HOST), each checked on entry; and, for D1, the
// certificate Thales signed from the CSR.
import { useState } from 'react';
import type { OnboardingDetail } from '../../shared/ipc-contract.js';
import type { AssetName, ProgramProfile } from '../../shared/programs/schema.js';
import { defaultInboundEndpoint } from '../../shared/programs/profile-helpers.js';
import { call, errorMessage } from '../api.js';
import { CertificateBox, Certificates, Findings } from '../components/common.js';
import { DisabledReason } from '../components/field-errors.js';
import { LiveCheckResult, liveProblem, useLiveCheck } from './live-check.js';
import { Msg, useT } from '../i18n/index.js';
import { useWords } from './words.js';
import type { StepProps } from './model.js';

function prefill(profile: ProgramProfile, onboarding: OnboardingDetail, asset: AssetName): string {
  if (asset !== 'TSH_INBOUND_HOST') return '';
  const endpoint = defaultInboundEndpoint(profile, onboarding.environment);
  return endpoint ? endpoint.url.replace(/^https:\/\//, '') : '';
}

function AssetField({ profile, onboarding, asset, onUpdated }: StepProps & { asset: AssetName }) {
  const t = useT();
  const words = useWords();
  const spec = profile.assets.find((a) => a.name === asset)!;
  const endpoint = defaultInboundEndpoint(profile, onboarding.environment);
  const saved = onboarding.assets.find((a) => a.name === asset);
  const [text, setText] = useState(() => prefill(profile, onboarding, asset));
  const live = useLiveCheck(
    { program: profile.id, environment: onboarding.environment, asset },
    text,
  );
  const { check, checking } = live;
  // A refused save (the check is live; this is what main said when saving).
  const [error, setError] = useState<string | null>(null);
  const edit = (value: string) => {
    setText(value);
    setError(null);
  };

  // The Thales client certificate is a leaf Thales rotates: what the server trusts is its CA.
  // When the pasted file carries the chain, offer to keep the CA from it (never the leaf).
  const [caNote, setCaNote] = useState<string | null>(null);
  const offerCa =
    asset === 'TSH_TLS_CLIENT_CERTIFICATE' &&
    check !== null &&
    check.certificates.length > 1 &&
    profile.assets.some((a) => a.name === 'THALES_CLIENT_CA');
  async function saveCa() {
    setError(null);
    try {
      const updated = await call('asset.save', {
        onboardingId: onboarding.id,
        asset: 'THALES_CLIENT_CA',
        text,
      });
      setCaNote(t('wizard.asset.caSaved'));
      onUpdated(updated);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function save() {
    setError(null);
    try {
      onUpdated(await call('asset.save', { onboardingId: onboarding.id, asset, text }));
      setText('');
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const id = `asset-${asset}`;
  const plain = words.assetInSentence(asset);
  // Why Save cannot be pressed yet, said beside it.
  const saveReason =
    check?.ok && !checking
      ? null
      : text.trim() === ''
        ? t(spec.kind === 'host' ? 'wizard.asset.typeFirst' : 'wizard.asset.pasteFirst', {
            asset: plain,
          })
        : checking
          ? t('wizard.checking')
          : t('wizard.mustPass');
  return (
    <div className="asset" data-asset={asset}>
      <h3 id={`${id}-title`}>
        {words.assetName(asset)}
        {spec.required ? '' : ` ${t('wizard.asset.optional')}`}{' '}
        <span className="tag mono" title={t('wizard.asset.portalName')}>
          {asset}
        </span>
      </h3>
      <p className="where" data-testid={`where-${asset}`}>
        <span className="where-label">{t('wizard.asset.where')}</span>{' '}
        {words.whereToFind(asset, profile)}
      </p>
      <p className="hint">{words.assetDescription(spec)}</p>
      {asset === 'TSH_INBOUND_HOST' && endpoint ? (
        <p className="hint">
          <Msg
            id="wizard.asset.default"
            values={{
              url: <span className="mono">{endpoint.url}</span>,
              source: words.endpointSource(profile, onboarding.environment),
            }}
          />
        </p>
      ) : null}
      {saved?.value ? (
        <div className="saved" role="status">
          <Msg
            id="wizard.asset.saved"
            values={{
              value: (
                <span className="mono">
                  {saved.source !== null
                    ? t('wizard.asset.savedCertificates', {
                        count: saved.certificates.length,
                        source: words.sourceName(saved.source),
                      })
                    : saved.value}
                </span>
              ),
            }}
          />
          <Certificates certificates={saved.certificates} />
          <Findings
            findings={saved.findings}
            label={t('wizard.asset.savedChecks', { asset: plain })}
          />
        </div>
      ) : null}
      {spec.kind === 'host' ? (
        <input
          aria-labelledby={`${id}-title`}
          value={text}
          onChange={(e) => edit(e.target.value)}
          placeholder="host.example.com/base/path"
        />
      ) : (
        <CertificateBox
          labelledBy={`${id}-title`}
          value={text}
          onChange={edit}
          problem={error ?? liveProblem(live)}
        />
      )}
      {spec.kind === 'host' && (error ?? live.error) ? (
        <p className="field-problem" role="alert">
          {error ?? live.error}
        </p>
      ) : null}
      <LiveCheckResult live={live} label={t('wizard.asset.checks', { asset: plain })} />
      {caNote ? (
        <p className="done-note" role="status">
          {caNote}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          onClick={save}
          disabled={saveReason !== null}
          aria-describedby={saveReason !== null ? `${id}-save-why` : undefined}
          title={t('wizard.asset.inPortal', { asset })}
        >
          {t(saved?.value ? 'wizard.asset.replace' : 'wizard.asset.save', { asset: plain })}
        </button>
        <DisabledReason id={`${id}-save-why`} reason={saveReason} />
        {offerCa ? (
          <button
            type="button"
            onClick={saveCa}
            disabled={checking}
            title={t('wizard.asset.inPortal', { asset: 'THALES_CLIENT_CA' })}
          >
            {t('wizard.asset.saveCa', { asset: words.assetInSentence('THALES_CLIENT_CA') })}
          </button>
        ) : null}
      </div>
    </div>
  );
}

export function AssetsStep(props: StepProps & { assets: AssetName[] }) {
  return (
    <div className="step-body">
      {props.assets.map((asset) => (
        <AssetField
          key={asset}
          asset={asset}
          profile={props.profile}
          onboarding={props.onboarding}
          onUpdated={props.onUpdated}
        />
      ))}
    </div>
  );
}

export function SignedCertificateStep({ profile, onboarding, onUpdated }: StepProps) {
  const t = useT();
  const words = useWords();
  const [text, setText] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The same live check as every other certificate box: matched to this onboarding's key and
  // linted as the import will, before anything is stored.
  const live = useLiveCheck(
    {
      program: profile.id,
      environment: onboarding.environment,
      asset: 'THALES_SIGNED_CLIENT_CERTIFICATE',
      onboardingId: onboarding.id,
    },
    text,
  );
  const edit = (value: string) => {
    setText(value);
    setError(null);
  };
  const onToken = onboarding.identity?.keyId.startsWith('pkcs11:') ?? false;
  async function importIt() {
    setError(null);
    const typed = pin;
    setPin('');
    try {
      onUpdated(
        await call('identity.importSigned', {
          onboardingId: onboarding.id,
          text,
          pin: onToken && typed !== '' ? typed : undefined,
        }),
      );
      setText('');
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  if (!onboarding.identity)
    return (
      <p className="step-body">
        {t('wizard.signed.csrFirst', { step: words.stepTitle('identity') })}
      </p>
    );
  return (
    <div className="step-body">
      <p>{t('wizard.signed.intro')}</p>
      {onboarding.signedCertificate ? (
        <>
          <p className="done-note">{t('wizard.signed.imported')}</p>
          <Certificates certificates={[onboarding.signedCertificate]} />
        </>
      ) : null}
      <CertificateBox
        label={t('wizard.signed.box')}
        rows={8}
        value={text}
        onChange={edit}
        problem={error ?? liveProblem(live)}
      />
      <LiveCheckResult live={live} label={t('wizard.signed.checks')} />
      {onToken ? (
        <label>
          {t('wizard.signed.pin')}{' '}
          <input
            type="password"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
        </label>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={importIt}
          disabled={!live.check?.ok || live.checking}
          aria-describedby={live.check?.ok ? undefined : 'signed-import-why'}
        >
          {t('wizard.signed.import')}
        </button>
        {live.check?.ok ? null : (
          <span id="signed-import-why" className="disabled-reason">
            {text.trim() === ''
              ? t('wizard.signed.pasteFirst')
              : live.checking
                ? t('wizard.checking')
                : t('wizard.mustPass')}
          </span>
        )}
      </div>
    </div>
  );
}
