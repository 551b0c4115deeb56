// The vault: first-use setup, unlock, the keys (delete with confirmation, restore from the
// tombstone), passphrase change; settings; and the audit trail with its verification.
import { useEffect, useState, type FormEvent } from 'react';
import type {
  AuditEntryView,
  KeyView,
  Settings,
  VaultStatusView,
} from '../../shared/ipc-contract.js';
import { call, errorMessage } from '../api.js';
import { ErrorNote } from '../components/common.js';
import {
  DisabledReason,
  ErrorSummary,
  FieldError,
  useFieldErrors,
} from '../components/field-errors.js';
import {
  MIN_PASSPHRASE_LENGTH,
  passphraseProblem,
  passphraseStrength,
} from '../../shared/passphrase.js';
import {
  AUTO_LOCK_MINUTES,
  WARNING_DAYS,
  warningDayProblem,
  warningOrderProblem,
} from '../../shared/settings.js';

/** Live strength feedback for a new passphrase (the same rule as the CLI and main: shared/passphrase.ts). */
export function StrengthNote({ passphrase, id }: { passphrase: string; id: string }) {
  if (passphrase === '') return null;
  const strength = passphraseStrength(passphrase);
  return (
    <p id={id} className="hint" role="status" data-strength={strength.level}>
      Strength: {strength.level}. {strength.hint}
    </p>
  );
}

export function UnlockScreen({
  status,
  note,
  onChanged,
}: {
  status: VaultStatusView;
  note: string | null;
  onChanged(s: VaultStatusView): void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const creating = !status.initialized;
  const errors = useFieldErrors({
    passphrase: 'Master passphrase',
    confirm: 'Repeat the passphrase',
  });
  const mismatch = creating && confirm !== '' && confirm !== passphrase;
  const tooShort = creating && passphraseProblem(passphrase, 'master') !== null;
  const reason =
    passphrase === ''
      ? 'Type the master passphrase first.'
      : tooShort
        ? 'Choose a longer passphrase first (see its strength).'
        : creating && confirm !== passphrase
          ? 'Repeat the same passphrase first.'
          : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      onChanged(await call(creating ? 'vault.init' : 'vault.unlock', { passphrase }));
    } catch (e) {
      errors.fail(e);
    } finally {
      setPassphrase('');
      setConfirm('');
      setBusy(false);
    }
  }

  return (
    <section className="unlock" aria-labelledby="unlock-title">
      <h1 id="unlock-title">{creating ? 'Create the vault' : 'Unlock the vault'}</h1>
      <p>
        {creating
          ? 'Private keys are kept encrypted in the vault under a master passphrase. Choose a long one: it cannot be recovered.'
          : 'The vault is locked. Enter the master passphrase to use your keys.'}
      </p>
      {note ? (
        <p role="status" className="lock-note">
          {note}
        </p>
      ) : null}
      <form className="form" onSubmit={submit}>
        <ErrorSummary form={errors} />
        <label>
          Master passphrase{' '}
          <input
            type="password"
            value={passphrase}
            onChange={(e) => {
              setPassphrase(e.target.value);
              errors.clear('passphrase');
            }}
            autoComplete={creating ? 'new-password' : 'current-password'}
            {...errors.props(
              'passphrase',
              creating && passphrase !== '' ? 'new-vault-strength' : null,
            )}
            autoFocus
          />
        </label>
        <FieldError form={errors} field="passphrase" />
        {creating ? <StrengthNote passphrase={passphrase} id="new-vault-strength" /> : null}
        {creating ? (
          <label>
            Repeat the passphrase{' '}
            <input
              type="password"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              autoComplete="new-password"
              {...errors.props('confirm', mismatch ? 'vault-mismatch' : null)}
              aria-invalid={mismatch || undefined}
            />
          </label>
        ) : null}
        {mismatch ? (
          <p className="hint" role="alert" id="vault-mismatch">
            The two passphrases differ.
          </p>
        ) : null}
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={busy || reason !== null}
            aria-describedby={reason !== null && !busy ? 'vault-submit-reason' : undefined}
          >
            {creating ? 'Create vault' : 'Unlock'}
          </button>
          <DisabledReason id="vault-submit-reason" reason={busy ? null : reason} />
        </div>
      </form>
    </section>
  );
}

const THRESHOLD_LABELS = ['First warning', 'Second warning', 'Last warning'] as const;

/** The page's own check of the settings, so the person sees each problem beside its field. */
function settingsProblems(
  days: string[],
  autoLock: string,
): { days: (string | null)[]; order: string | null; autoLock: string | null } {
  const numbers = days.map((text) => (/^\d+$/.test(text.trim()) ? Number(text) : NaN));
  const dayProblems = numbers.map(warningDayProblem);
  const order = dayProblems.every((p) => p === null) ? warningOrderProblem(numbers) : null;
  const minutes = autoLock.trim();
  return {
    days: dayProblems,
    order,
    autoLock:
      !/^\d+$/.test(minutes) ||
      Number(minutes) < AUTO_LOCK_MINUTES.min ||
      Number(minutes) > AUTO_LOCK_MINUTES.max
        ? `a whole number of minutes from ${AUTO_LOCK_MINUTES.min} (never) to ${AUTO_LOCK_MINUTES.max}`
        : null,
  };
}

export function SettingsScreen() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [days, setDays] = useState<string[]>([]);
  const [autoLock, setAutoLock] = useState('');
  const [error, setError] = useState<string | null>(null);
  const errors = useFieldErrors({
    expiryWarningDays: 'Certificate expiry warnings',
    autoLockMinutes: 'Auto-lock',
  });
  const [saved, setSaved] = useState(false);
  const show = (s: Settings) => {
    setSettings(s);
    setDays(s.expiryWarningDays.map(String));
    setAutoLock(String(s.autoLockMinutes));
  };
  useEffect(() => {
    call('settings.get', {}).then(show, (e) => setError(errorMessage(e)));
  }, []);
  if (!settings) return <ErrorNote message={error} />;
  const problems = settingsProblems(days, autoLock);
  const invalid =
    problems.days.some((p) => p !== null) || problems.order !== null || problems.autoLock !== null;

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    errors.clear();
    if (invalid) return;
    try {
      show(
        await call('settings.update', {
          expiryWarningDays: [Number(days[0]), Number(days[1]), Number(days[2])],
          autoLockMinutes: Number(autoLock),
        }),
      );
      setSaved(true);
    } catch (e) {
      errors.fail(e);
    }
  }
  async function dataFolder(action: 'choose' | 'default') {
    setError(null);
    try {
      show(await call('settings.dataDir', { action }));
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  const edited = () => setSaved(false);

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <form className="form" onSubmit={save} noValidate>
        <ErrorSummary form={errors} />
        <fieldset>
          <legend>Certificate expiry warnings (days before expiry)</legend>
          {THRESHOLD_LABELS.map((label, i) => (
            <label key={label}>
              {label}
              <input
                type="number"
                inputMode="numeric"
                min={WARNING_DAYS.min}
                max={WARNING_DAYS.max}
                value={days[i] ?? ''}
                {...(i === 0
                  ? errors.props('expiryWarningDays', problems.days[i] ? 'warning-0-problem' : null)
                  : {
                      'aria-describedby': problems.days[i] ? `warning-${i}-problem` : undefined,
                    })}
                aria-invalid={
                  problems.days[i] !== null ||
                  (i === 0 && errors.message('expiryWarningDays') !== null)
                }
                onChange={(e) => {
                  edited();
                  errors.clear('expiryWarningDays');
                  setDays(days.map((d, j) => (j === i ? e.target.value : d)));
                }}
              />
              {problems.days[i] ? (
                <span id={`warning-${i}-problem`} className="field-problem">
                  {label}: {problems.days[i]}.
                </span>
              ) : null}
            </label>
          ))}
          {problems.order ? (
            <p className="field-problem" role="alert">
              {problems.order}
            </p>
          ) : null}
          <FieldError form={errors} field="expiryWarningDays" />
        </fieldset>
        <label>
          Lock the vault after this many idle minutes (0: never)
          <input
            type="number"
            inputMode="numeric"
            min={AUTO_LOCK_MINUTES.min}
            max={AUTO_LOCK_MINUTES.max}
            value={autoLock}
            {...errors.props('autoLockMinutes', problems.autoLock ? 'auto-lock-problem' : null)}
            aria-invalid={problems.autoLock !== null || errors.message('autoLockMinutes') !== null}
            onChange={(e) => {
              edited();
              errors.clear('autoLockMinutes');
              setAutoLock(e.target.value);
            }}
          />
          {problems.autoLock ? (
            <span id="auto-lock-problem" className="field-problem">
              Auto-lock: {problems.autoLock}.
            </span>
          ) : null}
        </label>
        <FieldError form={errors} field="autoLockMinutes" />
        <ErrorNote message={error} />
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={invalid}
            aria-describedby={invalid ? 'settings-reason' : undefined}
          >
            Save settings
          </button>
          <DisabledReason
            id="settings-reason"
            reason={invalid ? 'Correct the fields marked above first.' : null}
          />
          {saved ? <span role="status">Saved.</span> : null}
        </div>
      </form>
      <section aria-labelledby="data-folder-title">
        <h2 id="data-folder-title">Data folder</h2>
        <p>
          The vault, the inventory and the audit trail are in{' '}
          <span className="mono" data-testid="data-dir">
            {settings.dataDir}
          </span>
          .
        </p>
        {settings.dataDirFromEnvironment ? (
          <p className="hint">
            MTLS_DESK_DATA_DIR is set, so it decides the data folder; a folder chosen here is used
            once it is unset.
          </p>
        ) : null}
        {settings.dataDirAfterRestart ? (
          <p role="status" className="done-note">
            After you restart mTLS Desk it will use{' '}
            <span className="mono">{settings.dataDirAfterRestart}</span>.{' '}
            {settings.dataDirAfterRestartHoldsVault
              ? 'That folder already holds a vault: its own master passphrase unlocks it.'
              : 'Nothing is moved: copy the current folder there first if you want to keep its vault and onboardings.'}
          </p>
        ) : null}
        <div className="actions">
          <button type="button" onClick={() => dataFolder('choose')}>
            Choose another data folder…
          </button>
          <button type="button" onClick={() => dataFolder('default')}>
            Use the default folder
          </button>
        </div>
      </section>
    </section>
  );
}

const USE_WORDS: Record<KeyView['use'], string> = {
  current: 'in use',
  kept: 'kept after a renewal',
  retired: 'retired',
  none: 'not used by an onboarding',
};

export function KeysScreen({ onOpen }: { onOpen(onboardingId: string): void }) {
  const [keys, setKeys] = useState<KeyView[] | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('keys.list', {}).then(
      (r) => setKeys(r.keys),
      (e) => setError(errorMessage(e)),
    );
  }, []);

  async function change(what: () => Promise<{ keys: KeyView[] }>, message: string) {
    setError(null);
    setDone(null);
    try {
      setKeys((await what()).keys);
      setDone(message);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setConfirming(null);
    }
  }

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">Vault</h1>
      <p>
        Private keys stay encrypted in the vault; this list shows facts about them, never the keys.
        A deleted key is kept as a recoverable tombstone until it is purged.
      </p>
      <ErrorNote message={error} />
      {done ? (
        <p role="status" className="done-note">
          {done}
        </p>
      ) : null}
      {keys && keys.length === 0 ? <p className="empty">No key in the vault yet.</p> : null}
      {keys && keys.length > 0 ? (
        <table className="audit" aria-label="Keys in the vault">
          <thead>
            <tr>
              <th scope="col">Key id</th>
              <th scope="col">Key</th>
              <th scope="col">Onboarding</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-key={k.id}>
                <td className="mono">{k.id}</td>
                <td>
                  {k.description} ({k.origin})
                </td>
                <td>
                  {k.onboardingId ? (
                    <button type="button" className="link" onClick={() => onOpen(k.onboardingId!)}>
                      {k.onboardingId}
                    </button>
                  ) : (
                    '—'
                  )}{' '}
                  {USE_WORDS[k.use]}
                </td>
                <td>{k.createdAt.slice(0, 10)}</td>
                <td>{k.deletedAt ? `deleted ${k.deletedAt.slice(0, 10)}` : 'active'}</td>
                <td>
                  {k.deletedAt ? (
                    <button
                      type="button"
                      onClick={() =>
                        change(() => call('keys.restore', { keyId: k.id }), `Key ${k.id} restored.`)
                      }
                    >
                      Restore key {k.id}
                    </button>
                  ) : (
                    <button
                      type="button"
                      onClick={() => setConfirming(k.id)}
                      aria-expanded={confirming === k.id}
                    >
                      Delete key {k.id}…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {confirming ? (
        <div
          className="confirm"
          role="alertdialog"
          aria-labelledby="confirm-title"
          aria-describedby="confirm-text"
        >
          <h2 id="confirm-title">Delete key {confirming}?</h2>
          <p id="confirm-text">
            {keys?.find((k) => k.id === confirming)?.use === 'current'
              ? 'This key is in use: its onboarding cannot be tested or exported until the key is restored. '
              : ''}
            The key is kept as a tombstone, so it can be restored until the deleted keys are purged.
          </p>
          <div className="actions">
            <button
              type="button"
              className="danger"
              autoFocus
              onClick={() =>
                change(
                  () => call('keys.delete', { keyId: confirming, confirm: true }),
                  `Key ${confirming} deleted; it can be restored from this list.`,
                )
              }
            >
              Yes, delete key {confirming}
            </button>
            <button type="button" onClick={() => setConfirming(null)}>
              Keep the key
            </button>
          </div>
        </div>
      ) : null}
      <ChangePassphrase />
    </section>
  );
}

function ChangePassphrase() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const errors = useFieldErrors({
    current: 'Current master passphrase',
    next: 'New master passphrase',
  });
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const tooShort = passphraseProblem(next, 'master') !== null;
  const reason =
    current === ''
      ? 'Type the current passphrase first.'
      : tooShort
        ? `Choose a new passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters first.`
        : repeat !== next
          ? 'Repeat the new passphrase first.'
          : null;
  const problem =
    next !== '' && tooShort
      ? `The new passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`
      : repeat !== '' && repeat !== next
        ? 'The two new passphrases differ.'
        : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    setDone(false);
    setBusy(true);
    try {
      await call('vault.changePassphrase', { current, next });
      setDone(true);
    } catch (e) {
      errors.fail(e);
    } finally {
      setCurrent('');
      setNext('');
      setRepeat('');
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-labelledby="passphrase-title">
      <h2 id="passphrase-title">Change the master passphrase</h2>
      <p className="hint">
        Every key is re-encrypted under the new passphrase in one step: if anything stops it midway,
        the current passphrase keeps working.
      </p>
      <ErrorSummary form={errors} />
      <label>
        Current master passphrase{' '}
        <input
          type="password"
          value={current}
          onChange={(e) => {
            setCurrent(e.target.value);
            errors.clear('current');
          }}
          autoComplete="current-password"
          {...errors.props('current')}
        />
      </label>
      <FieldError form={errors} field="current" />
      <label>
        New master passphrase{' '}
        <input
          type="password"
          value={next}
          onChange={(e) => {
            setNext(e.target.value);
            errors.clear('next');
          }}
          autoComplete="new-password"
          {...errors.props('next', next !== '' ? 'new-passphrase-strength' : null)}
        />
      </label>
      <FieldError form={errors} field="next" />
      <StrengthNote passphrase={next} id="new-passphrase-strength" />
      <label>
        Repeat the new passphrase{' '}
        <input
          type="password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          autoComplete="new-password"
        />
      </label>
      {problem ? (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || reason !== null}
          aria-describedby={reason !== null && !busy ? 'change-passphrase-reason' : undefined}
        >
          Change passphrase
        </button>
        <DisabledReason id="change-passphrase-reason" reason={busy ? null : reason} />
        {done ? (
          <span role="status" className="done-note">
            Passphrase changed: use the new one from now on.
          </span>
        ) : null}
      </div>
    </form>
  );
}

export function AuditScreen() {
  const [audit, setAudit] = useState<{
    entries: AuditEntryView[];
    verified: boolean;
    problem: string | null;
    problems: string[];
    seals: 'verified' | 'locked' | 'no-vault';
    sealedLater: number;
    unsealed: number;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('audit.list', {}).then(setAudit, (e) => setError(errorMessage(e)));
  }, []);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit trail</h1>
      <ErrorNote message={error} />
      {audit ? (
        <>
          <p role="status" className={audit.verified ? 'ok-note' : 'error-note'}>
            {audit.verified
              ? `Verified: all ${audit.entries.length} entries are intact and in order${audit.seals === 'verified' ? ', and their seals match' : ''}.`
              : `Verification failed: ${audit.problem}`}
          </p>
          {audit.problems.length > 1 ? (
            <ul aria-label="Every problem found">
              {audit.problems.slice(1).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
          <p className="hint">
            {audit.seals === 'verified'
              ? `Seals checked with the vault's key${audit.sealedLater ? `; ${audit.sealedLater} entries made while the vault was locked were sealed at the next unlock` : ''}${audit.unsealed ? `; ${audit.unsealed} entries since the newest seal will be sealed at the next unlock` : ''}.`
              : audit.seals === 'locked'
                ? 'Unlock the vault to check the seals: only the hash chain was checked.'
                : 'No vault yet: entries are hash-chained, not sealed.'}
          </p>
          <table className="audit">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
                <th scope="col">Seal</th>
              </tr>
            </thead>
            <tbody>
              {audit.entries.map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{e.at.replace('T', ' ').slice(0, 19)}</td>
                  <td>{e.who}</td>
                  <td>{e.action}</td>
                  <td className="mono">{e.summary}</td>
                  <td>{e.sealed ? 'sealed' : 'made while locked'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
