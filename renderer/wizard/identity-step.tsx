// Wizard step: the client identity. Key algorithm (only what the program allows, recommended one
// preselected), the subject with live lint by the same pure rules as the CLI, the final CN shown
// before anything is made; then a self-signed certificate or a CSR, made in main. Once made: the
// renewal (a new key with the same profile and subject; the old one kept until retired).
import { Fragment, useEffect, useMemo, useState } from 'react';
import { KEY_ALGORITHMS, type KeyAlgorithmId } from '../../shared/algorithms.js';
import { hasErrors, type Finding } from '../../shared/findings.js';
import type {
  CommonNameLayoutView,
  IdentityView,
  OnboardingDetail,
  TokensState,
} from '../../shared/ipc-contract.js';
import type { ProgramProfile, SubjectField } from '../../shared/programs/schema.js';
import { DEFAULT_EXPIRING_SOON_DAYS } from '../../shared/rules/context.js';
import { commonNameLayoutStatus, lintSubject } from '../../shared/rules/subject.js';
import {
  buildCommonName,
  SUBJECT_ORDER,
  commonNameTemplateProblem,
  type Subject,
} from '../../shared/subject.js';
import { keyAlgorithmsWhy } from '../../shared/programs/texts.js';
import { call, errorMessage } from '../api.js';
import { Busy, Certificates, ErrorNote, Findings, useOperation } from '../components/common.js';
import { exactTime, humanDate, relativeDays } from '../dates.js';
import {
  DisabledReason,
  ErrorSummary,
  FieldError,
  useFieldErrors,
} from '../components/field-errors.js';
import { Msg, useLocale, useT, type MessageId, type Translate } from '../i18n/index.js';
import { ExistingIdentity } from './identity-import.js';
import { NextPanel } from './next-panel.js';
import { CancelledNote, outcomeOf } from './cancelled.js';

/** The self-signed validity: the program's maximum by default, never more. */
function ValidityField({
  max,
  value,
  onChange,
}: {
  max: number;
  value: string;
  onChange(v: string): void;
}) {
  const t = useT();
  const problem = validityProblem(value, max) ? t('identity.validity.problem', { max }) : null;
  return (
    <label>
      {t('identity.validity.label', { max })}
      <input
        type="number"
        inputMode="numeric"
        min={1}
        max={max}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={problem !== null}
        aria-describedby={problem ? 'validity-problem' : undefined}
      />
      {problem ? (
        <span id="validity-problem" className="field-problem">
          {problem}
        </span>
      ) : null}
    </label>
  );
}

/** Whether the validity typed is not a whole number of days from 1 to the maximum. */
function validityProblem(value: string, max: number): boolean {
  return !(/^\d+$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= max);
}

/** The subject fields' names as labels and the error summary say them. */
const FIELD_LABELS: Record<SubjectField, MessageId> = {
  C: 'identity.field.C',
  ST: 'identity.field.ST',
  L: 'identity.field.L',
  O: 'identity.field.O',
  OU: 'identity.field.OU',
  CN: 'identity.field.CN',
};

/** A program text with no translation of its own (a rule's source, the renewal rule) in Japanese. */
function programText(t: Translate, locale: 'en' | 'ja', english: string, japanese: MessageId) {
  return locale === 'ja' ? t(japanese) : english;
}

export function IdentityStep({
  profile,
  onboarding,
  onUpdated,
}: {
  profile: ProgramProfile;
  onboarding: OnboardingDetail;
  onUpdated(o: OnboardingDetail): void;
}) {
  const [algorithm, setAlgorithm] = useState<KeyAlgorithmId>(profile.keyAlgorithms.recommended);
  const [fields, setFields] = useState<Subject>({});
  const [exactCn, setExactCn] = useState('');
  const rule = profile.commonName;
  const [template, setTemplate] = useState(rule.kind === 'template' ? rule.template : '');
  // A refusal from main shows at its field (the subject's C, ST, L, O, OU; cn; algorithm).
  const t = useT();
  const locale = useLocale();
  const errors = useFieldErrors<SubjectField | 'cn' | 'algorithm'>({
    C: t('identity.field.C'),
    ST: t('identity.field.ST'),
    L: t('identity.field.L'),
    O: t('identity.field.O'),
    OU: t('identity.field.OU'),
    CN: t('identity.field.CN'),
    cn: t('identity.field.CN'),
    algorithm: t('identity.field.algorithm'),
  });
  const [cancelled, setCancelled] = useState(false);
  const maxDays = onboarding.maxValidityDays;
  const [days, setDays] = useState(String(maxDays ?? ''));
  const { running, run, cancel } = useOperation();
  const [now] = useState(() => new Date());
  const [store, setStore] = useState<'vault' | 'token'>('vault');
  const [tokens, setTokens] = useState<TokensState | null>(null);
  const [tokenModule, setTokenModule] = useState('');
  const [tokenLabel, setTokenLabel] = useState('');
  const [pin, setPin] = useState('');
  // The layout Thales confirmed for this program (D1), once saved: the live check then uses it.
  const [layout, setLayout] = useState<CommonNameLayoutView | null>(null);
  useEffect(() => {
    if (rule.kind !== 'template') return;
    call('programs.cnLayout', { program: profile.id }).then(
      (view) => {
        setLayout(view);
        if (view.confirmed !== null) setTemplate(view.confirmed);
      },
      () => setLayout(null),
    );
  }, [profile.id]);
  useEffect(() => {
    call('tokens.state', {}).then(
      (state) => {
        setTokens(state);
        setTokenModule(state.modules[0] ?? '');
      },
      () => setTokens(null),
    );
  }, []);

  const otherFields = SUBJECT_ORDER.filter(
    (f): f is Exclude<SubjectField, 'CN'> =>
      f !== 'CN' && (profile.subject.required.includes(f) || profile.subject.optional.includes(f)),
  );
  const commonName =
    rule.kind === 'exact'
      ? exactCn.trim()
      : (buildCommonName({
          profile,
          environmentId: onboarding.environment,
          identifier: onboarding.identifier,
          keyAlgorithm: algorithm,
          template,
        }) ?? '');
  const subject: Subject = {
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')),
    CN: commonName || undefined,
  };
  const findings = useMemo(
    () =>
      lintSubject(
        subject,
        {
          profile,
          environmentId: onboarding.environment,
          now,
          identifier: onboarding.identifier,
          commonNameTemplate: rule.kind === 'template' ? template : undefined,
          confirmedCommonNameTemplate: layout?.confirmed ?? undefined,
          expectedCommonName: rule.kind === 'exact' && commonName ? commonName : undefined,
          expiringSoonDays: DEFAULT_EXPIRING_SOON_DAYS,
        },
        algorithm,
      ),
    [JSON.stringify(subject), algorithm, template, layout?.confirmed],
  );
  const blocked =
    hasErrors(findings) ||
    running !== null ||
    (maxDays !== null && validityProblem(days, maxDays)) ||
    (store === 'token' && (!tokenModule || !tokenLabel || !pin));

  async function generate() {
    errors.clear();
    setCancelled(false);
    const token = store === 'token' ? { module: tokenModule, token: tokenLabel, pin } : undefined;
    setPin('');
    try {
      const updated = await run(
        t('identity.generate.phase', { algorithm: KEY_ALGORITHMS[algorithm].label }),
        (operationId) =>
          call('identity.generate', {
            onboardingId: onboarding.id,
            operationId,
            algorithm,
            subject: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')),
            commonName: rule.kind === 'exact' ? commonName : undefined,
            commonNameTemplate: rule.kind === 'template' ? template : undefined,
            days: maxDays !== null ? Number(days) : undefined,
            token,
          }),
      );
      onUpdated(updated);
    } catch (e) {
      const outcome = outcomeOf(e);
      if (outcome.error !== null) errors.fail(e);
      setCancelled(outcome.cancelled !== null);
    }
  }

  const identity = onboarding.identity;
  if (identity) {
    const algorithmName = KEY_ALGORITHMS[identity.algorithm].label;
    const keyId = <span className="mono">{identity.keyId}</span>;
    // An imported key came with its certificate: for a CSR program (D1) that is the one the Thales
    // CA signed, so there is no CSR to hand over.
    const signedImport =
      identity.kind === 'certificate' && profile.clientCertificate.mode === 'csr';
    const made: MessageId =
      identity.kind === 'csr'
        ? 'identity.inUse.csr'
        : signedImport
          ? 'identity.inUse.signedCertificate'
          : identity.imported
            ? 'identity.inUse.certificate'
            : 'identity.inUse.selfSigned';
    return (
      <div className="step-body">
        <h3>{t('identity.inUse.title')}</h3>
        {identity.keyId.startsWith('pkcs11:') ? (
          <p className="done-note">
            <Msg id="identity.inUse.onToken" values={{ algorithm: algorithmName, keyId }} />{' '}
            {t('tokens.tlsInApp')}
          </p>
        ) : (
          <p className="done-note">
            <Msg
              id={identity.imported ? 'identity.inUse.imported' : 'identity.inUse.generated'}
              values={{ algorithm: algorithmName, keyId }}
            />
          </p>
        )}
        <p>
          <Msg
            id={made}
            values={{
              cn: (
                <strong className="mono" data-testid="final-cn">
                  {identity.commonName}
                </strong>
              ),
              layout: <LayoutNote findings={identity.findings} />,
            }}
          />
        </p>
        {signedImport ? <p className="hint">{t('identity.inUse.signedNote')}</p> : null}
        {identity.certificate ? <Certificates certificates={[identity.certificate]} /> : null}
        <Findings findings={identity.findings} label={t('identity.inUse.findings')} />
        {signedImport ? null : <NextPanel profile={profile} onboarding={onboarding} />}
        <details>
          <summary>
            {t(identity.kind === 'certificate' ? 'identity.pem.certificate' : 'identity.pem.csr')}
          </summary>
          <pre className="mono">{identity.pem}</pre>
        </details>
        <Renewal profile={profile} onboarding={onboarding} onUpdated={onUpdated} />
      </div>
    );
  }

  return (
    <>
      <form
        className="step-body form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!blocked) void generate();
        }}
      >
        <ErrorSummary form={errors} />
        <fieldset>
          <legend>{t('identity.store.legend')}</legend>
          <label className="choice inline">
            <input
              type="radio"
              name="key-store"
              checked={store === 'vault'}
              onChange={() => setStore('vault')}
            />
            {t('identity.store.vault')}
          </label>
          <label className="choice inline">
            <input
              type="radio"
              name="key-store"
              checked={store === 'token'}
              disabled={!tokens?.available}
              onChange={() => setStore('token')}
            />
            {t('identity.store.token')}
          </label>
          {tokens && !tokens.available ? (
            <p className="hint" data-from-main="">
              {tokens.reason}
            </p>
          ) : null}
          {store === 'token' ? (
            <div>
              <label>
                {t('identity.token.module')}{' '}
                <select value={tokenModule} onChange={(e) => setTokenModule(e.target.value)}>
                  {tokens?.modules.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              </label>
              {tokens?.modules.length === 0 ? (
                <p className="hint">{t('identity.token.noModule')}</p>
              ) : null}{' '}
              <label>
                {t('identity.token.label')}{' '}
                <input value={tokenLabel} onChange={(e) => setTokenLabel(e.target.value)} />
              </label>{' '}
              <label>
                {t('identity.token.pin')}{' '}
                <input
                  type="password"
                  autoComplete="off"
                  value={pin}
                  onChange={(e) => setPin(e.target.value)}
                />
              </label>
              <p className="hint">{t('identity.token.hint')}</p>
            </div>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>{t('identity.field.algorithm')}</legend>
          {profile.keyAlgorithms.allowed.map((id) => (
            <label key={id} className="choice inline">
              <input
                type="radio"
                name="algorithm"
                value={id}
                checked={id === algorithm}
                onChange={() => setAlgorithm(id)}
              />
              {id === profile.keyAlgorithms.recommended ? (
                t('identity.algorithm.recommended', { algorithm: KEY_ALGORITHMS[id].label })
              ) : (
                <span data-name="">{KEY_ALGORITHMS[id].label}</span>
              )}
            </label>
          ))}
          <p className="hint" data-program-text="">
            {keyAlgorithmsWhy(profile, locale)}
          </p>
        </fieldset>
        <fieldset>
          <legend>{t('identity.subject.legend')}</legend>
          {rule.kind === 'exact' ? (
            <>
              <label>
                {t('identity.subject.exactCn', {
                  source: programText(t, locale, rule.source, 'identity.subject.exactCnSource'),
                })}
                <input
                  value={exactCn}
                  onChange={(e) => setExactCn(e.target.value)}
                  {...errors.props('cn')}
                />
              </label>
              <FieldError form={errors} field="cn" />
            </>
          ) : (
            <>
              <FinalCommonName commonName={commonName} findings={findings} />
              <details className="advanced">
                <summary>{t('identity.template.summary')}</summary>
                <label>
                  {t('identity.template.label')}
                  <input value={template} onChange={(e) => setTemplate(e.target.value)} />
                </label>
                {layout ? (
                  <ConfirmedLayout
                    profile={profile}
                    layout={layout}
                    template={template}
                    onSaved={(view) => {
                      setLayout(view);
                      setTemplate(view.confirmed ?? view.defaultLayout ?? template);
                    }}
                  />
                ) : null}
              </details>
            </>
          )}
          {otherFields.map((f) => (
            <Fragment key={f}>
              <label>
                {profile.subject.required.includes(f)
                  ? t(FIELD_LABELS[f])
                  : t('identity.subject.optional', { field: t(FIELD_LABELS[f]) })}
                <input
                  value={fields[f] ?? ''}
                  onChange={(e) => {
                    setFields({ ...fields, [f]: e.target.value });
                    errors.clear(f);
                  }}
                  {...errors.props(f)}
                />
              </label>
              <FieldError form={errors} field={f} />
            </Fragment>
          ))}
        </fieldset>
        {maxDays !== null ? <ValidityField max={maxDays} value={days} onChange={setDays} /> : null}
        {rule.kind === 'exact' ? (
          <p className="final-cn" aria-live="polite">
            <Msg
              id="identity.finalCn"
              values={{
                cn: (
                  <strong className="mono" data-testid="final-cn">
                    {commonName || t('identity.finalCn.none')}
                  </strong>
                ),
              }}
            />
          </p>
        ) : null}
        <Findings findings={findings} label={t('identity.subjectChecks')} />
        <CancelledNote message={cancelled ? t('identity.cancelled') : null} />
        <Busy running={running} onCancel={cancel} />
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={blocked}
            aria-describedby={blocked && running === null ? 'generate-reason' : undefined}
          >
            {t(
              profile.clientCertificate.mode === 'self-signed'
                ? 'identity.generate.selfSigned'
                : 'identity.generate.csr',
            )}
          </button>
          <DisabledReason
            id="generate-reason"
            reason={
              running !== null
                ? null
                : hasErrors(findings)
                  ? t('identity.reason.findings')
                  : maxDays !== null && validityProblem(days, maxDays)
                    ? t('identity.reason.validity')
                    : store === 'token' && (!tokenModule || !tokenLabel || !pin)
                      ? t('identity.reason.token')
                      : null
            }
          />
        </div>
      </form>
      <ExistingIdentity profile={profile} onboarding={onboarding} onUpdated={onUpdated} />
    </>
  );
}

const STATE_WORDS: Record<IdentityView['state'], MessageId> = {
  current: 'identity.state.current',
  kept: 'identity.state.kept',
  retired: 'identity.state.retired',
};

function Renewal({
  profile,
  onboarding,
  onUpdated,
}: {
  profile: ProgramProfile;
  onboarding: OnboardingDetail;
  onUpdated(o: OnboardingDetail): void;
}) {
  const t = useT();
  const locale = useLocale();
  const maxDays = onboarding.maxValidityDays;
  const [days, setDays] = useState(String(maxDays ?? ''));
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const { running, run, cancel } = useOperation();
  const csr = profile.clientCertificate.mode === 'csr';
  const onToken = onboarding.identity?.keyId.startsWith('pkcs11:') ?? false;
  const [pin, setPin] = useState('');

  async function act(work: () => Promise<OnboardingDetail>) {
    setError(null);
    setCancelled(false);
    try {
      onUpdated(await work());
    } catch (e) {
      const outcome = outcomeOf(e);
      setError(outcome.error);
      setCancelled(outcome.cancelled !== null);
    }
  }
  const renew = () => {
    const typed = pin;
    setPin('');
    return act(() =>
      run(t('identity.renewal.phase'), (operationId) =>
        call('identity.renew', {
          onboardingId: onboarding.id,
          operationId,
          days: maxDays !== null ? Number(days) : undefined,
          pin: onToken ? typed : undefined,
        }),
      ),
    );
  };
  const retire = (identityId: string) =>
    act(() => call('identity.retire', { onboardingId: onboarding.id, identityId }));

  return (
    <section aria-labelledby="renewal-title">
      <h3 id="renewal-title">{t('identity.renewal.title')}</h3>
      <p className="hint">
        {t(csr ? 'identity.renewal.hint.csr' : 'identity.renewal.hint.certificate', {
          rule: programText(
            t,
            locale,
            profile.renewal,
            csr ? 'identity.renewal.rule.csr' : 'identity.renewal.rule.selfSigned',
          ),
        })}
      </p>
      {maxDays !== null ? <ValidityField max={maxDays} value={days} onChange={setDays} /> : null}
      {onToken ? (
        <label>
          {t('identity.renewal.pin')}{' '}
          <input
            type="password"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
        </label>
      ) : null}
      <ErrorNote message={error} />
      <CancelledNote message={cancelled ? t('identity.cancelled') : null} />
      <Busy running={running} onCancel={cancel} />
      <div className="actions">
        <button
          type="button"
          onClick={renew}
          disabled={
            running !== null ||
            (maxDays !== null && validityProblem(days, maxDays)) ||
            (onToken && !pin)
          }
        >
          {t(csr ? 'identity.renewal.button.csr' : 'identity.renewal.button.certificate')}
        </button>
      </div>
      {onboarding.identities.length > 1 ? (
        <table className="audit" aria-label={t('identity.identities.label')}>
          <thead>
            <tr>
              <th scope="col">{t('identity.identities.commonName')}</th>
              <th scope="col">{t('identity.identities.keyId')}</th>
              <th scope="col">{t('identity.identities.made')}</th>
              <th scope="col">{t('identity.identities.expires')}</th>
              <th scope="col">{t('identity.identities.state')}</th>
              <th scope="col">{t('identity.identities.action')}</th>
            </tr>
          </thead>
          <tbody>
            {onboarding.identities.map((i) => (
              <tr key={i.id} data-identity={i.id} data-state={i.state}>
                <td className="mono">{i.commonName}</td>
                <td className="mono key-id">{i.keyId}</td>
                <td className="mono">{i.createdAt.slice(0, 10)}</td>
                <td>
                  {i.certificate ? (
                    <span data-intl="">
                      <time
                        dateTime={i.certificate.notAfter}
                        title={exactTime(i.certificate.notAfter)}
                      >
                        {humanDate(i.certificate.notAfter)}
                      </time>{' '}
                      ({relativeDays(i.certificate.daysLeft)})
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{t(STATE_WORDS[i.state])}</td>
                <td>
                  {i.state === 'kept' ? (
                    <button
                      type="button"
                      onClick={() => retire(i.id)}
                      aria-label={t('identity.identities.retireLabel', {
                        date: i.createdAt.slice(0, 10),
                        keyId: i.keyId,
                      })}
                    >
                      {t('identity.identities.retire', { date: i.createdAt.slice(0, 10) })}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/**
 * D1: the Common Name the CSR gets, big and read-only at the top of the subject, with a tick once
 * its layout is the one confirmed with Thales. The caution is said once, in the subject checks.
 */
function FinalCommonName({ commonName, findings }: { commonName: string; findings: Finding[] }) {
  const t = useT();
  const confirmed = commonNameLayoutStatus(findings) === 'confirmed';
  return (
    <div className="final-cn-box" aria-live="polite">
      <span id="final-cn-label" className="k">
        {t('identity.finalCnBox.label')}
      </span>
      <output aria-labelledby="final-cn-label" className="mono final-cn-big" data-testid="final-cn">
        {commonName || t('identity.finalCn.none')}
      </output>
      <span className={confirmed ? 'cn-tick confirmed' : 'cn-tick'} data-testid="cn-layout">
        {t(confirmed ? 'identity.finalCnBox.confirmed' : 'identity.finalCnBox.unconfirmed')}
      </span>
    </div>
  );
}

/** Whether the CN layout is the one confirmed with Thales (D1), beside every final CN. */
function LayoutNote({ findings }: { findings: Finding[] }) {
  const t = useT();
  const status = commonNameLayoutStatus(findings);
  if (status === null) return null;
  return (
    <>
      {' '}
      <span className="hint" data-testid="cn-layout">
        {t(
          status === 'confirmed'
            ? 'identity.layout.confirmedNote'
            : 'identity.layout.unconfirmedNote',
        )}
      </span>
    </>
  );
}

/**
 * The layout Thales confirmed for the program (D1): saved from the template field once the Thales
 * representative confirmed it; from then on it is the check for every onboarding of the program.
 */
function ConfirmedLayout({
  profile,
  layout,
  template,
  onSaved,
}: {
  profile: ProgramProfile;
  layout: CommonNameLayoutView;
  template: string;
  onSaved(view: CommonNameLayoutView): void;
}) {
  const t = useT();
  const locale = useLocale();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const problem = commonNameTemplateProblem(template);
  async function save(next: string | null) {
    setError(null);
    setSaving(true);
    try {
      onSaved(await call('programs.confirmCnLayout', { program: profile.id, layout: next }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }
  const isConfirmed = layout.confirmed !== null && layout.confirmed === template;
  return (
    <div className="confirmed-layout" data-testid="confirmed-layout">
      <p role="status" className="hint">
        {layout.confirmed === null ? (
          t('identity.layout.none', { program: profile.displayName })
        ) : (
          <Msg
            id={isConfirmed ? 'identity.layout.saved' : 'identity.layout.savedDiffers'}
            values={{
              program: profile.displayName,
              layout: <span className="mono">{layout.confirmed}</span>,
            }}
          />
        )}
      </p>
      {!isConfirmed ? (
        <button
          type="button"
          disabled={saving || problem !== null}
          onClick={() => void save(template)}
          aria-describedby="confirm-layout-hint"
        >
          {t(layout.confirmed === null ? 'identity.layout.save' : 'identity.layout.replace')}
        </button>
      ) : null}{' '}
      {layout.confirmed !== null ? (
        <button type="button" disabled={saving} onClick={() => void save(null)}>
          {t('identity.layout.forget')}
        </button>
      ) : null}
      <p id="confirm-layout-hint" className="hint">
        {problem === null
          ? t('identity.layout.saveHint', { program: profile.displayName })
          : locale === 'ja'
            ? t('identity.layout.problem')
            : t('identity.layout.problemSaid', { problem })}
      </p>
      <ErrorNote message={error} />
    </div>
  );
}
