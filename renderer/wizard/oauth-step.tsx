// D1 OAuth 2.0, between the client identity and the Thales assets: make the signing key (in the
// vault, in main), show and copy its public JWK and kid for Thales, set the kid Thales assigned,
// record that Thales confirmed the exchange, and say which token endpoint the test will use.
import { useEffect, useRef, useState } from 'react';
import type { OnboardingDetail } from '../../shared/ipc-contract.js';
import type { OAuthDetail } from '../../shared/oauth.js';
import { call, errorMessage } from '../api.js';
import { ErrorNote } from '../components/common.js';
import { humanDate } from '../dates.js';
import { Msg, useLocale, useT } from '../i18n/index.js';

function CopyField({
  label,
  value,
  rows,
  isName,
}: {
  label: string;
  value: string;
  rows?: number;
  /** The label is a name kept as it is in every language (kid). */
  isName?: boolean;
}) {
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const [note, setNote] = useState<string | null>(null);
  const t = useT();
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setNote(t('identity.oauth.copied'));
    } catch {
      ref.current?.select();
      setNote(t('identity.oauth.selected'));
    }
  }
  return (
    <div className="copy-field">
      <label>
        {isName ? <span data-name="">{label}</span> : label}
        {rows ? (
          <textarea ref={ref} readOnly rows={rows} className="mono" value={value} />
        ) : (
          <input ref={ref} readOnly className="mono" value={value} />
        )}
      </label>
      <button type="button" onClick={copy} aria-label={t('identity.oauth.copyLabel', { label })}>
        {t('identity.oauth.copy')}
      </button>
      {note ? <span role="status">{note}</span> : null}
    </div>
  );
}

export function OAuthStep({
  onboarding,
  onUpdated,
}: {
  onboarding: OnboardingDetail;
  onUpdated(o: OnboardingDetail): void;
}) {
  const [state, setState] = useState<OAuthDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [kid, setKid] = useState('');
  const [tokenUrl, setTokenUrl] = useState('');
  const [apiPath, setApiPath] = useState('');
  /** The confirmation as just ticked, shown until main has recorded it. */
  const [confirming, setConfirming] = useState<boolean | null>(null);
  const t = useT();
  const locale = useLocale();

  useEffect(() => {
    call('oauth.get', { onboardingId: onboarding.id })
      .then((s) => {
        setState(s);
        setTokenUrl(s.tokenUrlRecorded ? (s.tokenUrl ?? '') : '');
        setApiPath(s.apiPath ?? '');
      })
      .catch((e) => setError(errorMessage(e)));
  }, [onboarding.id]);

  async function act(run: () => Promise<OAuthDetail>) {
    setError(null);
    setBusy(true);
    try {
      setState(await run());
      onUpdated(await call('onboarding.get', { id: onboarding.id }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (!state) return <ErrorNote message={error} />;
  const key = state.current;
  const onboardingId = onboarding.id;
  return (
    <div className="step-body">
      <p>
        <Msg
          id="identity.oauth.intro"
          values={{ identifier: <span className="mono">{onboarding.identifier}</span> }}
        />
      </p>
      {!key ? (
        <div className="actions">
          <label>
            {t('identity.oauth.kidOptional')}
            <input value={kid} onChange={(e) => setKid(e.target.value)} />
          </label>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() =>
              act(() =>
                call('oauth.generate', {
                  onboardingId,
                  ...(kid.trim() ? { kid: kid.trim() } : {}),
                }),
              )
            }
          >
            {t('identity.oauth.generate')}
          </button>
        </div>
      ) : (
        <>
          <CopyField label="kid" value={key.kid} isName />
          <CopyField
            label={t('identity.oauth.jwk')}
            value={JSON.stringify(key.jwk, null, 2)}
            rows={9}
          />
          <p className="hint">{t('identity.oauth.sendHint')}</p>
          <div className="actions">
            <label>
              {t('identity.oauth.kidAssigned')}
              <input value={kid} onChange={(e) => setKid(e.target.value)} placeholder={key.kid} />
            </label>
            <button
              type="button"
              disabled={busy || kid.trim() === '' || kid.trim() === key.kid}
              onClick={() => act(() => call('oauth.setKid', { onboardingId, kid: kid.trim() }))}
            >
              {t('identity.oauth.useKid')}
            </button>
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={confirming ?? key.thalesConfirmedAt !== null}
              disabled={busy}
              onChange={(e) => {
                const confirmed = e.target.checked;
                setConfirming(confirmed);
                void act(() => call('oauth.confirm', { onboardingId, confirmed })).finally(() =>
                  setConfirming(null),
                );
              }}
            />
            {key.thalesConfirmedAt
              ? t('identity.oauth.confirmedAt', { date: humanDate(key.thalesConfirmedAt) })
              : t('identity.oauth.confirmed')}
          </label>
          <div className="actions">
            <button
              type="button"
              disabled={busy}
              onClick={() => act(() => call('oauth.renew', { onboardingId }))}
            >
              {t('identity.oauth.renew')}
            </button>
          </div>
        </>
      )}
      <h3>{t('identity.oauth.endpointTitle')}</h3>
      <p className="hint">
        <Msg
          id={
            state.tokenUrlRecorded ? 'identity.oauth.tokenRecorded' : 'identity.oauth.tokenDefault'
          }
          values={{
            url: <span className="mono">{state.tokenUrl ?? t('identity.oauth.testHost')}</span>,
            // The profile's source has no Japanese text of its own: Japanese names the program.
            source:
              state.source === null || locale === 'ja' ? (
                t('identity.oauth.theProgram')
              ) : (
                <span data-from-main="">{state.source}</span>
              ),
          }}
        />
      </p>
      <label>
        {t('identity.oauth.tokenUrl')}
        <input value={tokenUrl} onChange={(e) => setTokenUrl(e.target.value)} />
      </label>
      <label>
        {t('identity.oauth.apiPath')}
        <input value={apiPath} onChange={(e) => setApiPath(e.target.value)} />
      </label>
      <div className="actions">
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            act(() =>
              call('oauth.endpoints', {
                onboardingId,
                tokenUrl: tokenUrl.trim() || null,
                apiPath: apiPath.trim() || null,
              }),
            )
          }
        >
          {t('identity.oauth.saveEndpoints')}
        </button>
      </div>
      <ErrorNote message={error} />
    </div>
  );
}
