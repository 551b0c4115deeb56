// Tokens: the PKCS#11 modules (configured once, suggested where they usually are), the tokens of
// a module, and the keys on a token with the onboardings that use them. The PIN is typed for one
// listing and cleared at once; main never keeps it.
import { useEffect, useState, type FormEvent } from 'react';
import type { TokenKeyView, TokenModuleView, TokensState } from '../../shared/ipc-contract.js';
import { call, errorMessage } from '../api.js';
import { ErrorNote } from '../components/common.js';
import { Msg, useT } from '../i18n/index.js';

export function TokensScreen() {
  const t = useT();
  const [state, setState] = useState<TokensState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [newModule, setNewModule] = useState('');
  const [module, setModule] = useState<TokenModuleView | null>(null);
  const [token, setToken] = useState('');
  const [pin, setPin] = useState('');
  const [keys, setKeys] = useState<TokenKeyView[] | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('tokens.state', {}).then(setState, (e) => setError(errorMessage(e)));
  }, []);

  async function act<T>(work: () => Promise<T>, then: (value: T) => void) {
    setError(null);
    setBusy(true);
    try {
      then(await work());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function saveModules(modules: string[]) {
    void act(() => call('tokens.modules', { modules }), setState);
  }

  function openModule(path: string) {
    setKeys(null);
    void act(
      () => call('tokens.list', { module: path }),
      (info) => {
        setModule(info);
        setToken(info.tokens[0]?.label ?? '');
      },
    );
  }

  function listKeys(event: FormEvent) {
    event.preventDefault();
    if (!module) return;
    const typed = pin;
    setPin('');
    void act(
      () => call('tokens.keys', { module: module.module, token, pin: typed }),
      (result) => setKeys(result.keys),
    );
  }

  if (!state) return <ErrorNote message={error} />;
  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">{t('tokens.title')}</h1>
      <p>
        {t('tokens.intro')} {t('tokens.tlsInApp')}
      </p>
      {!state.available ? (
        <p role="status" className="note">
          {state.reason}
        </p>
      ) : null}
      <ErrorNote message={error} />
      <h2>{t('tokens.modules')}</h2>
      {state.modules.length === 0 ? <p>{t('tokens.noModule')}</p> : null}
      <ul>
        {state.modules.map((path, i) => (
          <li key={path}>
            <span className="mono">{path}</span>
            {i === 0 ? ` ${t('tokens.default')}` : ''}{' '}
            <button
              type="button"
              disabled={busy || !state.available}
              onClick={() => openModule(path)}
            >
              {t('tokens.show', { path })}
            </button>{' '}
            <button
              type="button"
              disabled={busy}
              onClick={() => saveModules(state.modules.filter((m) => m !== path))}
            >
              {t('tokens.remove', { path })}
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (newModule.trim()) saveModules([...state.modules, newModule.trim()]);
          setNewModule('');
        }}
      >
        <label>
          {t('tokens.modulePath')}{' '}
          <input
            className="mono"
            list="suggested-modules"
            value={newModule}
            onChange={(e) => setNewModule(e.target.value)}
            placeholder="/usr/lib/softhsm/libsofthsm2.so"
          />
        </label>
        <datalist id="suggested-modules">
          {state.suggested.map((path) => (
            <option key={path} value={path} />
          ))}
        </datalist>{' '}
        <button type="submit" disabled={busy || !newModule.trim()}>
          {t('tokens.add')}
        </button>
        {state.suggested.length > 0 ? (
          <p className="hint">{t('tokens.found', { paths: state.suggested.join(', ') })}</p>
        ) : null}
      </form>
      {module ? (
        <>
          <h2>
            <Msg
              id="tokens.tokensIn"
              values={{ module: <span className="mono">{module.module}</span> }}
            />
          </h2>
          <p>
            {module.library} ({module.manufacturer})
          </p>
          {module.tokens.length === 0 ? <p>{t('tokens.noToken')}</p> : null}
          <table>
            <thead>
              <tr>
                <th>{t('tokens.col.label')}</th>
                <th>{t('tokens.col.manufacturer')}</th>
                <th>{t('tokens.col.model')}</th>
                <th>{t('tokens.col.serial')}</th>
                <th>{t('tokens.col.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {module.tokens.map((t) => (
                <tr key={`${t.slot}-${t.serial}`}>
                  <td>{t.label}</td>
                  <td>{t.manufacturer}</td>
                  <td>{t.model}</td>
                  <td className="mono">{t.serial}</td>
                  <td>{t.flagWords.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {module.tokens.length > 0 ? (
            <form onSubmit={listKeys}>
              <label>
                {t('tokens.token')}{' '}
                <select value={token} onChange={(e) => setToken(e.target.value)}>
                  {module.tokens.map((t) => (
                    <option key={t.label} value={t.label}>
                      {t.label}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <label>
                {t('tokens.pin')}{' '}
                <input
                  type="password"
                  autoComplete="off"
                  value={pin}
                  onChange={(e) => setPin(e.target.value)}
                />
              </label>{' '}
              <button type="submit" disabled={busy || !pin}>
                {t('tokens.showKeys', { token })}
              </button>
            </form>
          ) : null}
        </>
      ) : null}
      {keys ? (
        <>
          <h2>{t('tokens.keysOn', { token })}</h2>
          {keys.length === 0 ? <p>{t('tokens.noKey')}</p> : null}
          <table>
            <thead>
              <tr>
                <th>{t('tokens.col.uri')}</th>
                <th>{t('tokens.col.algorithm')}</th>
                <th>{t('tokens.col.protection')}</th>
                <th>{t('tokens.col.certificates')}</th>
                <th>{t('tokens.col.onboardings')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.uri}>
                  <td className="mono">{k.uri}</td>
                  <td>{k.algorithm ?? t('tokens.otherAlgorithm')}</td>
                  <td>
                    {k.sensitive && k.neverExtractable
                      ? t('tokens.protected')
                      : t('tokens.extractable')}
                  </td>
                  <td>
                    {k.certificates
                      .map((c) =>
                        t('tokens.certificateUntil', {
                          subject: c.subject,
                          date: c.notAfter.slice(0, 10),
                        }),
                      )
                      .join('; ') || t('tokens.none')}
                  </td>
                  <td>{k.onboardings.join(', ') || t('tokens.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
