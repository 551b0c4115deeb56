// The vault: first-use setup, unlock, lock; settings; and the audit trail with its verification.
import { useEffect, useState, type FormEvent } from 'react';
import type { AuditEntryView, Settings, VaultStatus } from '../../shared/ipc-contract.js';
import { call, errorMessage } from '../api.js';
import { ErrorNote } from '../components/common.js';

export function UnlockScreen({ status, onChanged }: { status: VaultStatus; onChanged(s: VaultStatus): void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const creating = !status.initialized;
  const mismatch = creating && confirm !== '' && confirm !== passphrase;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      onChanged(await call(creating ? 'vault.init' : 'vault.unlock', { passphrase }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPassphrase('');
      setConfirm('');
      setBusy(false);
    }
  }

  return (
    <section className="unlock" aria-labelledby="unlock-title">
      <h1 id="unlock-title">{creating ? 'Create the vault' : 'Unlock the vault'}</h1>
      <p>{creating
        ? 'Private keys are kept encrypted in the vault under a master passphrase. Choose a long one: it cannot be recovered.'
        : 'The vault is locked. Enter the master passphrase to use your keys.'}</p>
      <form className="form" onSubmit={submit}>
        <label>Master passphrase <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete={creating ? 'new-password' : 'current-password'} autoFocus /></label>
        {creating ? <label>Repeat the passphrase <input type="password" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="new-password" /></label> : null}
        {mismatch ? <p className="hint" role="alert">The two passphrases differ.</p> : null}
        <ErrorNote message={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || passphrase === '' || (creating && confirm !== passphrase)}>{creating ? 'Create vault' : 'Unlock'}</button>
        </div>
      </form>
    </section>
  );
}

export function SettingsScreen() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => { call('settings.get', {}).then(setSettings, (e) => setError(errorMessage(e))); }, []);
  if (!settings) return <ErrorNote message={error} />;

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      setSettings(await call('settings.update', { expiryWarningDays: settings!.expiryWarningDays, autoLockMinutes: settings!.autoLockMinutes }));
      setSaved(true);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <form className="form" onSubmit={save}>
        <p>Data folder: <span className="mono">{settings.dataDir}</span> (set MTLS_DESK_DATA_DIR to use another)</p>
        <label>Warn this many days before a certificate expires
          <input type="number" min={1} max={365} value={settings.expiryWarningDays} onChange={(e) => { setSaved(false); setSettings({ ...settings, expiryWarningDays: Number(e.target.value) }); }} />
        </label>
        <label>Lock the vault after this many idle minutes
          <input type="number" min={1} max={1440} value={settings.autoLockMinutes} onChange={(e) => { setSaved(false); setSettings({ ...settings, autoLockMinutes: Number(e.target.value) }); }} />
        </label>
        <ErrorNote message={error} />
        <div className="actions"><button type="submit" className="primary">Save settings</button>{saved ? <span role="status">Saved.</span> : null}</div>
      </form>
    </section>
  );
}

export function AuditScreen() {
  const [audit, setAudit] = useState<{ entries: AuditEntryView[]; verified: boolean; problem: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { call('audit.list', {}).then(setAudit, (e) => setError(errorMessage(e))); }, []);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit trail</h1>
      <ErrorNote message={error} />
      {audit ? (
        <>
          <p role="status" className={audit.verified ? 'ok-note' : 'error-note'}>
            {audit.verified ? `Verified: all ${audit.entries.length} entries are intact and in order.` : `Verification failed: ${audit.problem}`}
          </p>
          <table className="audit">
            <thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Details</th></tr></thead>
            <tbody>
              {audit.entries.map((e) => <tr key={e.seq}><td>{e.seq}</td><td>{e.at.replace('T', ' ').slice(0, 19)}</td><td>{e.who}</td><td>{e.action}</td><td className="mono">{e.summary}</td></tr>)}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
