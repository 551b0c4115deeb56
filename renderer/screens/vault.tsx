// The vault: first-use setup, unlock, the keys (delete with confirmation, restore from the
// tombstone), passphrase change; settings; and the audit trail with its verification.
import { useEffect, useState, type FormEvent } from 'react';
import type {
  AuditEntryView,
  AuditProblemView,
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
  LANGUAGES,
  THEMES,
  WARNING_DAYS,
  warningDayProblem,
  warningOrderProblem,
  type LanguageChoice,
  type ThemeChoice,
} from '../../shared/settings.js';
import { auditActionWords, auditSummary } from '../../shared/audit-words.js';
import { errorText } from '../components/data-text.js';
import { intlLocale, Msg, systemLocale, useLocale, useT } from '../i18n/index.js';
import { setPreferences, usePreferences } from '../preferences.js';

/** Live strength feedback for a new passphrase (the same rule as the CLI and main: shared/passphrase.ts). */
export function StrengthNote({ passphrase, id }: { passphrase: string; id: string }) {
  const t = useT();
  if (passphrase === '') return null;
  const strength = passphraseStrength(passphrase);
  return (
    <p id={id} className="hint" role="status" data-strength={strength.level}>
      {t('strength.label', {
        level: t(`strength.level.${strength.level}`),
        hint: t(`strength.hint.${strength.level}`, { min: MIN_PASSPHRASE_LENGTH }),
      })}
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
  const t = useT();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const creating = !status.initialized;
  const errors = useFieldErrors({
    passphrase: t('unlock.passphrase'),
    confirm: t('unlock.repeat'),
  });
  const mismatch = creating && confirm !== '' && confirm !== passphrase;
  const tooShort = creating && passphraseProblem(passphrase, 'master') !== null;
  const reason =
    passphrase === ''
      ? t('unlock.reason.type')
      : tooShort
        ? t('unlock.reason.longer')
        : creating && confirm !== passphrase
          ? t('unlock.reason.repeat')
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
      <h1 id="unlock-title">{creating ? t('unlock.createTitle') : t('unlock.unlockTitle')}</h1>
      <p>{creating ? t('unlock.createIntro') : t('unlock.unlockIntro')}</p>
      {note ? (
        <p role="status" className="lock-note">
          {note}
        </p>
      ) : null}
      <form className="form" onSubmit={submit}>
        <ErrorSummary form={errors} />
        <label>
          {t('unlock.passphrase')}{' '}
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
            {t('unlock.repeat')}{' '}
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
            {t('unlock.differ')}
          </p>
        ) : null}
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={busy || reason !== null}
            aria-describedby={reason !== null && !busy ? 'vault-submit-reason' : undefined}
          >
            {creating ? t('unlock.create') : t('unlock.unlock')}
          </button>
          <DisabledReason id="vault-submit-reason" reason={busy ? null : reason} />
        </div>
      </form>
    </section>
  );
}

const THRESHOLD_LABELS = [
  'settings.warning.0',
  'settings.warning.1',
  'settings.warning.2',
] as const;

/** The page's own check of the settings, so the person sees each problem beside its field. */
function settingsProblems(
  t: ReturnType<typeof useT>,
  days: string[],
  autoLock: string,
): { days: (string | null)[]; order: string | null; autoLock: string | null } {
  // The rules are shared/settings.ts's; their words are the catalogue's.
  const numbers = days.map((text) => (/^\d+$/.test(text.trim()) ? Number(text) : NaN));
  const dayProblems = numbers.map((n) =>
    warningDayProblem(n) === null
      ? null
      : t('settings.dayProblem', { min: WARNING_DAYS.min, max: WARNING_DAYS.max }),
  );
  const order =
    dayProblems.every((p) => p === null) && warningOrderProblem(numbers) !== null
      ? t('settings.order', { example: WARNING_DAYS.default.join(', ') })
      : null;
  const minutes = autoLock.trim();
  return {
    days: dayProblems,
    order,
    autoLock:
      !/^\d+$/.test(minutes) ||
      Number(minutes) < AUTO_LOCK_MINUTES.min ||
      Number(minutes) > AUTO_LOCK_MINUTES.max
        ? t('settings.autoLockProblem', { min: AUTO_LOCK_MINUTES.min, max: AUTO_LOCK_MINUTES.max })
        : null,
  };
}

export function SettingsScreen() {
  const t = useT();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [days, setDays] = useState<string[]>([]);
  const [autoLock, setAutoLock] = useState('');
  const [error, setError] = useState<string | null>(null);
  const errors = useFieldErrors({
    expiryWarningDays: t('settings.warnings'),
    autoLockMinutes: t('settings.autoLockLabel'),
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
  const problems = settingsProblems(t, days, autoLock);
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
      <h1 id="settings-title">{t('settings.title')}</h1>
      <form className="form" onSubmit={save} noValidate>
        <ErrorSummary form={errors} />
        <fieldset>
          <legend>{t('settings.warnings')}</legend>
          {THRESHOLD_LABELS.map((label, i) => (
            <label key={label}>
              {t(label)}
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
                  {t('settings.fieldProblem', { label: t(label), problem: problems.days[i] })}
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
          {t('settings.autoLock')}
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
              {t('settings.fieldProblem', {
                label: t('settings.autoLockLabel'),
                problem: problems.autoLock,
              })}
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
            {t('settings.save')}
          </button>
          <DisabledReason
            id="settings-reason"
            reason={invalid ? t('settings.fixFieldsFirst') : null}
          />
          {saved ? <span role="status">{t('settings.saved')}</span> : null}
        </div>
      </form>
      <Appearance onSaved={show} />
      <section aria-labelledby="data-folder-title">
        <h2 id="data-folder-title">{t('settings.dataFolder')}</h2>
        <p>
          <Msg
            id="settings.dataFolderIs"
            values={{
              dir: (
                <span className="mono" data-testid="data-dir">
                  {settings.dataDir}
                </span>
              ),
            }}
          />
        </p>
        {settings.dataDirFromEnvironment ? (
          <p className="hint">{t('settings.dataFolderFromEnv')}</p>
        ) : null}
        {settings.dataDirAfterRestart ? (
          <p role="status" className="done-note">
            <Msg
              id="settings.afterRestart"
              values={{ dir: <span className="mono">{settings.dataDirAfterRestart}</span> }}
            />{' '}
            {settings.dataDirAfterRestartHoldsVault
              ? t('settings.afterRestartHoldsVault')
              : t('settings.afterRestartNothingMoved')}
          </p>
        ) : null}
        <div className="actions">
          <button type="button" onClick={() => dataFolder('choose')}>
            {t('settings.chooseFolder')}
          </button>
          <button type="button" onClick={() => dataFolder('default')}>
            {t('settings.defaultFolder')}
          </button>
        </div>
      </section>
    </section>
  );
}

/** The theme and the language, applied and kept as soon as they are chosen. */
function Appearance({ onSaved }: { onSaved(s: Settings): void }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const { theme: chosen, language } = usePreferences();
  async function choose(change: { theme?: ThemeChoice; language?: LanguageChoice }) {
    setError(null);
    setPreferences(change);
    try {
      onSaved(await call('settings.update', change));
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <section aria-labelledby="appearance-title">
      <h2 id="appearance-title">{t('settings.appearance')}</h2>
      <label>
        {t('settings.language')}{' '}
        <select
          value={language}
          onChange={(e) => void choose({ language: e.target.value as LanguageChoice })}
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {l === 'system'
                ? t('settings.language.system', {
                    language: t(`settings.language.${intlLocale(systemLocale())}`),
                  })
                : t(`settings.language.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('settings.theme')}</legend>
        {THEMES.map((theme) => (
          <label key={theme} className="choice">
            <input
              type="radio"
              name="theme"
              value={theme}
              checked={chosen === theme}
              onChange={() => void choose({ theme })}
            />
            {t(`settings.theme.${theme}`)}
          </label>
        ))}
      </fieldset>
      <ErrorNote message={error} />
    </section>
  );
}

export function KeysScreen({ onOpen }: { onOpen(onboardingId: string): void }) {
  const t = useT();
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
      <h1 id="keys-title">{t('keys.title')}</h1>
      <p>{t('keys.intro')}</p>
      <ErrorNote message={error} />
      {done ? (
        <p role="status" className="done-note">
          {done}
        </p>
      ) : null}
      {keys && keys.length === 0 ? <p className="empty">{t('keys.empty')}</p> : null}
      {keys && keys.length > 0 ? (
        <table className="audit" aria-label={t('keys.table')}>
          <thead>
            <tr>
              <th scope="col">{t('keys.col.id')}</th>
              <th scope="col">{t('keys.col.key')}</th>
              <th scope="col">{t('keys.col.onboarding')}</th>
              <th scope="col">{t('keys.col.created')}</th>
              <th scope="col">{t('keys.col.state')}</th>
              <th scope="col">{t('keys.col.action')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-key={k.id}>
                <td className="mono">{k.id}</td>
                <td>
                  {t('keys.described', {
                    description: k.description,
                    origin: t(`keys.origin.${k.origin}`),
                  })}
                </td>
                <td>
                  {k.onboardingId ? (
                    <button type="button" className="link" onClick={() => onOpen(k.onboardingId!)}>
                      {k.onboardingId}
                    </button>
                  ) : (
                    '—'
                  )}{' '}
                  {t(`keys.use.${k.use}`)}
                </td>
                <td>{k.createdAt.slice(0, 10)}</td>
                <td>
                  {k.deletedAt
                    ? t('keys.deletedOn', { date: k.deletedAt.slice(0, 10) })
                    : t('keys.active')}
                </td>
                <td>
                  {k.deletedAt ? (
                    <button
                      type="button"
                      onClick={() =>
                        change(
                          () => call('keys.restore', { keyId: k.id }),
                          t('keys.restored', { id: k.id }),
                        )
                      }
                    >
                      {t('keys.restore', { id: k.id })}
                    </button>
                  ) : (
                    <button
                      type="button"
                      onClick={() => setConfirming(k.id)}
                      aria-expanded={confirming === k.id}
                    >
                      {t('keys.delete', { id: k.id })}
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
          <h2 id="confirm-title">{t('keys.confirmTitle', { id: confirming })}</h2>
          <p id="confirm-text">
            {keys?.find((k) => k.id === confirming)?.use === 'current'
              ? `${t('keys.confirmInUse')} `
              : ''}
            {t('keys.confirmTombstone')}
          </p>
          <div className="actions">
            <button
              type="button"
              className="danger"
              autoFocus
              onClick={() =>
                change(
                  () => call('keys.delete', { keyId: confirming, confirm: true }),
                  t('keys.deleted', { id: confirming }),
                )
              }
            >
              {t('keys.confirmYes', { id: confirming })}
            </button>
            <button type="button" onClick={() => setConfirming(null)}>
              {t('keys.confirmNo')}
            </button>
          </div>
        </div>
      ) : null}
      <ChangePassphrase />
    </section>
  );
}

function ChangePassphrase() {
  const t = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const errors = useFieldErrors({
    current: t('passphrase.current'),
    next: t('passphrase.new'),
  });
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const tooShort = passphraseProblem(next, 'master') !== null;
  const reason =
    current === ''
      ? t('passphrase.reason.current')
      : tooShort
        ? t('passphrase.reason.new', { min: MIN_PASSPHRASE_LENGTH })
        : repeat !== next
          ? t('passphrase.reason.repeat')
          : null;
  const problem =
    next !== '' && tooShort
      ? t('passphrase.tooShort', { min: MIN_PASSPHRASE_LENGTH })
      : repeat !== '' && repeat !== next
        ? t('passphrase.differ')
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
      <h2 id="passphrase-title">{t('passphrase.title')}</h2>
      <p className="hint">{t('passphrase.intro')}</p>
      <ErrorSummary form={errors} />
      <label>
        {t('passphrase.current')}{' '}
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
        {t('passphrase.new')}{' '}
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
        {t('passphrase.repeat')}{' '}
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
          {t('passphrase.change')}
        </button>
        <DisabledReason id="change-passphrase-reason" reason={busy ? null : reason} />
        {done ? (
          <span role="status" className="done-note">
            {t('passphrase.changed')}
          </span>
        ) : null}
      </div>
    </form>
  );
}

export function AuditScreen() {
  const t = useT();
  const locale = useLocale();
  const [audit, setAudit] = useState<{
    entries: AuditEntryView[];
    verified: boolean;
    problemTexts: AuditProblemView[];
    seals: 'verified' | 'locked' | 'no-vault';
    sealedLater: number;
    unsealed: number;
  } | null>(null);
  const problems = (audit?.problemTexts ?? []).map((p) => errorText(p, locale));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('audit.list', {}).then(setAudit, (e) => setError(errorMessage(e)));
  }, []);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <ErrorNote message={error} />
      {audit ? (
        <>
          <p role="status" className={audit.verified ? 'ok-note' : 'error-note'}>
            {audit.verified
              ? t(audit.seals === 'verified' ? 'audit.verifiedSealed' : 'audit.verified', {
                  count: audit.entries.length,
                })
              : t('audit.failed', { problem: problems[0] })}
          </p>
          {problems.length > 1 ? (
            <ul aria-label={t('audit.everyProblem')}>
              {problems.slice(1).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
          <p className="hint">
            {audit.seals === 'verified'
              ? [
                  t('audit.sealsChecked'),
                  audit.sealedLater ? t('audit.sealedLater', { count: audit.sealedLater }) : '',
                  audit.unsealed ? t('audit.unsealed', { count: audit.unsealed }) : '',
                ]
                  .filter(Boolean)
                  .join(' ')
              : audit.seals === 'locked'
                ? t('audit.sealsLocked')
                : t('audit.noVault')}
          </p>
          <table className="audit trail">
            <thead>
              <tr>
                <th scope="col">{t('audit.col.seq')}</th>
                <th scope="col">{t('audit.col.when')}</th>
                <th scope="col">{t('audit.col.who')}</th>
                <th scope="col">{t('audit.col.what')}</th>
                <th scope="col">{t('audit.col.details')}</th>
                <th scope="col">{t('audit.col.seal')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.entries.map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{e.at.replace('T', ' ').slice(0, 19)}</td>
                  <td>{e.who}</td>
                  <td title={e.action}>{auditActionWords(e.action, locale)}</td>
                  <td className="mono">
                    {locale === 'ja' ? auditSummary(e.details, 'ja') : e.summary}
                  </td>
                  <td>{e.sealed ? t('audit.sealed') : t('audit.madeWhileLocked')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
