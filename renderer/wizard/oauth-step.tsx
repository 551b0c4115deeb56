// D1 OAuth 2.0, between the client identity and the Thales assets: make the signing key (in the
// vault, in main), show and copy its public JWK and kid for Thales, set the kid Thales assigned,
// record that Thales confirmed the exchange, and say which token endpoint the test will use.
import { useEffect, useRef, useState } from 'react';
import type { OnboardingDetail } from '../../shared/ipc-contract.js';
import type { OAuthDetail } from '../../shared/oauth.js';
import { call, errorMessage } from '../api.js';
import { ErrorNote } from '../components/common.js';

function CopyField({ label, value, rows }: { label: string; value: string; rows?: number }) {
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const [note, setNote] = useState<string | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setNote('Copied.');
    } catch {
      ref.current?.select();
      setNote('Selected: press Ctrl+C (⌘C) to copy.');
    }
  }
  return (
    <div className="copy-field">
      <label>
        {label}
        {rows ? (
          <textarea ref={ref} readOnly rows={rows} className="mono" value={value} />
        ) : (
          <input ref={ref} readOnly className="mono" value={value} />
        )}
      </label>
      <button type="button" onClick={copy} aria-label={`Copy ${label}`}>
        Copy
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
        D1 requires OAuth 2.0 on top of mTLS: your backend signs a short-lived assertion (ES256, iss
        = sub = <span className="mono">{onboarding.identifier}</span>) with a key whose public part
        Thales provisions in D1. The private key is made and kept in the vault; only the public key
        below leaves it.
      </p>
      {!key ? (
        <div className="actions">
          <label>
            kid from Thales (optional; by default the RFC 7638 thumbprint)
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
            Generate the OAuth signing key
          </button>
        </div>
      ) : (
        <>
          <CopyField label="kid" value={key.kid} />
          <CopyField label="Public JWK" value={JSON.stringify(key.jwk, null, 2)} rows={9} />
          <p className="hint">
            Send the JWK (also in the portal bundle as OAUTH_SIGNING_PUBLIC_KEY.jwk.json, with the
            PEM public key and a certificate over it) to your Thales representative.
          </p>
          <div className="actions">
            <label>
              kid assigned by Thales
              <input value={kid} onChange={(e) => setKid(e.target.value)} placeholder={key.kid} />
            </label>
            <button
              type="button"
              disabled={busy || kid.trim() === '' || kid.trim() === key.kid}
              onClick={() => act(() => call('oauth.setKid', { onboardingId, kid: kid.trim() }))}
            >
              Use this kid
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
            Thales confirmed the key and kid are provisioned in D1
            {key.thalesConfirmedAt ? ` (recorded ${key.thalesConfirmedAt.slice(0, 10)})` : ''}
          </label>
          <div className="actions">
            <button
              type="button"
              disabled={busy}
              onClick={() => act(() => call('oauth.renew', { onboardingId }))}
            >
              Renew the OAuth key
            </button>
          </div>
        </>
      )}
      <h3>Where the test gets its token</h3>
      <p className="hint">
        Token endpoint now: <span className="mono">{state.tokenUrl ?? 'the test URL’s host'}</span>
        {state.tokenUrlRecorded ? ' (recorded)' : ` (default: ${state.source ?? 'the program'})`}
      </p>
      <label>
        Token endpoint URL (empty: the default)
        <input value={tokenUrl} onChange={(e) => setTokenUrl(e.target.value)} />
      </label>
      <label>
        API path called with the token (empty: the test URL’s path)
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
          Save the endpoints
        </button>
      </div>
      <ErrorNote message={error} />
    </div>
  );
}
