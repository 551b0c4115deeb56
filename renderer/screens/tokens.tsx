// Tokens: the PKCS#11 modules (configured once, suggested where they usually are), the tokens of
// a module, and the keys on a token with the onboardings that use them. The PIN is typed for one
// listing and cleared at once; main never keeps it.
import { useEffect, useState, type FormEvent } from 'react';
import type { TokenKeyView, TokenModuleView, TokensState } from '../../shared/ipc-contract.js';
import { call, errorMessage } from '../api.js';
import { ErrorNote } from '../components/common.js';

export function TokensScreen() {
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
      <h1 id="tokens-title">Tokens</h1>
      <p>
        Keys on a hardware security module or a smartcard, reached through its PKCS#11 module. They
        are made on the token and never leave it. {state.tlsInApp}
      </p>
      {!state.available ? (
        <p role="status" className="note">
          {state.reason}
        </p>
      ) : null}
      <ErrorNote message={error} />
      <h2>Modules</h2>
      {state.modules.length === 0 ? <p>No PKCS#11 module is configured.</p> : null}
      <ul>
        {state.modules.map((path, i) => (
          <li key={path}>
            <span className="mono">{path}</span>
            {i === 0 ? ' (default)' : ''}{' '}
            <button
              type="button"
              disabled={busy || !state.available}
              onClick={() => openModule(path)}
            >
              Show tokens in {path}
            </button>{' '}
            <button
              type="button"
              disabled={busy}
              onClick={() => saveModules(state.modules.filter((m) => m !== path))}
            >
              Remove {path}
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
          Module library path{' '}
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
          Add module
        </button>
        {state.suggested.length > 0 ? (
          <p className="hint">Found on this computer: {state.suggested.join(', ')}</p>
        ) : null}
      </form>
      {module ? (
        <>
          <h2>
            Tokens in <span className="mono">{module.module}</span>
          </h2>
          <p>
            {module.library} ({module.manufacturer})
          </p>
          {module.tokens.length === 0 ? <p>No initialized token is present.</p> : null}
          <table>
            <thead>
              <tr>
                <th>Label</th>
                <th>Manufacturer</th>
                <th>Model</th>
                <th>Serial</th>
                <th>Flags</th>
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
                Token{' '}
                <select value={token} onChange={(e) => setToken(e.target.value)}>
                  {module.tokens.map((t) => (
                    <option key={t.label} value={t.label}>
                      {t.label}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <label>
                User PIN{' '}
                <input
                  type="password"
                  autoComplete="off"
                  value={pin}
                  onChange={(e) => setPin(e.target.value)}
                />
              </label>{' '}
              <button type="submit" disabled={busy || !pin}>
                Show the keys on {token}
              </button>
            </form>
          ) : null}
        </>
      ) : null}
      {keys ? (
        <>
          <h2>Keys on {token}</h2>
          {keys.length === 0 ? <p>This token holds no private key.</p> : null}
          <table>
            <thead>
              <tr>
                <th>Key (pkcs11: URI)</th>
                <th>Algorithm</th>
                <th>Protection</th>
                <th>Certificates</th>
                <th>Onboardings</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.uri}>
                  <td className="mono">{k.uri}</td>
                  <td>{k.algorithm ?? 'other'}</td>
                  <td>
                    {k.sensitive && k.neverExtractable
                      ? 'sensitive, never extractable'
                      : 'EXTRACTABLE or not sensitive'}
                  </td>
                  <td>
                    {k.certificates
                      .map((c) => `${c.subject} until ${c.notAfter.slice(0, 10)}`)
                      .join('; ') || 'none'}
                  </td>
                  <td>{k.onboardings.join(', ') || 'none'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
