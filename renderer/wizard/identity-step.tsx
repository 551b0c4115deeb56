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
  SUBJECT_FIELD_NAMES,
  SUBJECT_ORDER,
  commonNameTemplateProblem,
  type Subject,
} from '../../shared/subject.js';
import { call, errorMessage } from '../api.js';
import { Busy, Certificates, ErrorNote, Findings, useOperation } from '../components/common.js';
import {
  DisabledReason,
  ErrorSummary,
  FieldError,
  useFieldErrors,
} from '../components/field-errors.js';
import { ExistingIdentity } from './identity-import.js';
import { NextPanel } from './next-panel.js';
import { CancelledNote, outcomeOf } from './cancelled.js';

const CANCELLED = 'Cancelled: nothing was saved, no key was added to the vault.';

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
  const problem = validityProblem(value, max);
  return (
    <label>
      Certificate validity in days (at most {max}, the program's maximum)
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

function validityProblem(value: string, max: number): string | null {
  return /^\d+$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= max
    ? null
    : `Give a whole number of days from 1 to ${max}.`;
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
  const errors = useFieldErrors<SubjectField | 'cn' | 'algorithm'>({
    C: 'Country (C)',
    ST: 'State or province (ST)',
    L: 'Locality (L)',
    O: 'Organization (O)',
    OU: 'Organizational unit (OU)',
    CN: 'Common Name (CN)',
    cn: 'Common Name (CN)',
    algorithm: 'Key algorithm',
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
    (maxDays !== null && validityProblem(days, maxDays) !== null) ||
    (store === 'token' && (!tokenModule || !tokenLabel || !pin));

  async function generate() {
    errors.clear();
    setCancelled(false);
    const token = store === 'token' ? { module: tokenModule, token: tokenLabel, pin } : undefined;
    setPin('');
    try {
      const updated = await run(
        `generating the ${KEY_ALGORITHMS[algorithm].label} key`,
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
    return (
      <div className="step-body">
        <h3>In use</h3>
        {identity.keyId.startsWith('pkcs11:') ? (
          <p className="done-note">
            Key {KEY_ALGORITHMS[identity.algorithm].label} generated on the token, sensitive and
            never extractable (<span className="mono">{identity.keyId}</span>). {tokens?.tlsInApp}
          </p>
        ) : (
          <p className="done-note">
            Key {KEY_ALGORITHMS[identity.algorithm].label}{' '}
            {identity.imported ? 'imported' : 'generated'} and kept in the vault (key id{' '}
            <span className="mono">{identity.keyId}</span>).
          </p>
        )}
        <p>
          {identity.kind === 'certificate'
            ? identity.imported
              ? 'Client certificate'
              : 'Self-signed client certificate'
            : 'Certificate signing request'}{' '}
          for{' '}
          <strong className="mono" data-testid="final-cn">
            {identity.commonName}
          </strong>
          <LayoutNote findings={identity.findings} />.
        </p>
        {identity.certificate ? <Certificates certificates={[identity.certificate]} /> : null}
        <Findings findings={identity.findings} label="Checks of the client identity" />
        <NextPanel profile={profile} onboarding={onboarding} />
        <details>
          <summary>{identity.kind === 'certificate' ? 'Certificate' : 'CSR'} (PEM)</summary>
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
          <legend>Where the key is made</legend>
          <label className="choice inline">
            <input
              type="radio"
              name="key-store"
              checked={store === 'vault'}
              onChange={() => setStore('vault')}
            />
            In the vault
          </label>
          <label className="choice inline">
            <input
              type="radio"
              name="key-store"
              checked={store === 'token'}
              disabled={!tokens?.available}
              onChange={() => setStore('token')}
            />
            Generate on a token
          </label>
          {tokens && !tokens.available ? <p className="hint">{tokens.reason}</p> : null}
          {store === 'token' ? (
            <div>
              <label>
                PKCS#11 module{' '}
                <select value={tokenModule} onChange={(e) => setTokenModule(e.target.value)}>
                  {tokens?.modules.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              </label>
              {tokens?.modules.length === 0 ? (
                <p className="hint">Add the token's module on the Tokens screen first.</p>
              ) : null}{' '}
              <label>
                Token label{' '}
                <input value={tokenLabel} onChange={(e) => setTokenLabel(e.target.value)} />
              </label>{' '}
              <label>
                User PIN{' '}
                <input
                  type="password"
                  autoComplete="off"
                  value={pin}
                  onChange={(e) => setPin(e.target.value)}
                />
              </label>
              <p className="hint">
                The key is made on the token as sensitive and not extractable; the certificate is
                stored beside it. The PIN is used for this one operation and never kept.
              </p>
            </div>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>Key algorithm</legend>
          {profile.keyAlgorithms.allowed.map((id) => (
            <label key={id} className="choice inline">
              <input
                type="radio"
                name="algorithm"
                value={id}
                checked={id === algorithm}
                onChange={() => setAlgorithm(id)}
              />
              {KEY_ALGORITHMS[id].label}
              {id === profile.keyAlgorithms.recommended ? ' (recommended)' : ''}
            </label>
          ))}
          <p className="hint">{profile.keyAlgorithms.why}</p>
        </fieldset>
        <fieldset>
          <legend>Subject</legend>
          {rule.kind === 'exact' ? (
            <>
              <label>
                Common Name (CN), exactly as {rule.source}
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
                <summary>Advanced: the Common Name template</summary>
                <label>
                  Common Name template
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
                {SUBJECT_FIELD_NAMES[f][0].toUpperCase() + SUBJECT_FIELD_NAMES[f].slice(1)} ({f})
                {profile.subject.required.includes(f) ? '' : ', optional'}
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
            Final Common Name:{' '}
            <strong className="mono" data-testid="final-cn">
              {commonName || '(none yet)'}
            </strong>
          </p>
        ) : null}
        <Findings findings={findings} label="Subject checks" />
        <CancelledNote message={cancelled ? CANCELLED : null} />
        <Busy running={running} onCancel={cancel} />
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={blocked}
            aria-describedby={blocked && running === null ? 'generate-reason' : undefined}
          >
            {profile.clientCertificate.mode === 'self-signed'
              ? 'Generate key and self-signed certificate'
              : 'Generate key and CSR'}
          </button>
          <DisabledReason
            id="generate-reason"
            reason={
              running !== null
                ? null
                : hasErrors(findings)
                  ? 'Correct what the subject checks above say first.'
                  : maxDays !== null && validityProblem(days, maxDays) !== null
                    ? 'Give a validity within the maximum first.'
                    : store === 'token' && (!tokenModule || !tokenLabel || !pin)
                      ? 'Give the module, the token label and the user PIN first.'
                      : null
            }
          />
        </div>
      </form>
      <ExistingIdentity profile={profile} onboarding={onboarding} onUpdated={onUpdated} />
    </>
  );
}

const STATE_WORDS: Record<IdentityView['state'], string> = {
  current: 'in use',
  kept: 'kept until retired',
  retired: 'retired',
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
  const maxDays = onboarding.maxValidityDays;
  const [days, setDays] = useState(String(maxDays ?? ''));
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const { running, run, cancel } = useOperation();
  const made = profile.clientCertificate.mode === 'csr' ? 'CSR' : 'certificate';
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
      run('generating the new key', (operationId) =>
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
      <h3 id="renewal-title">Renewal</h3>
      <p className="hint">
        Renewing makes a new key and {made} with the same key algorithm and subject. The one in use
        now is kept until you retire it, so the switch can wait until Thales has the new one.{' '}
        {profile.renewal}
      </p>
      {maxDays !== null ? <ValidityField max={maxDays} value={days} onChange={setDays} /> : null}
      {onToken ? (
        <label>
          User PIN of the token (the new key is made there too){' '}
          <input
            type="password"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
        </label>
      ) : null}
      <ErrorNote message={error} />
      <CancelledNote message={cancelled ? CANCELLED : null} />
      <Busy running={running} onCancel={cancel} />
      <div className="actions">
        <button
          type="button"
          onClick={renew}
          disabled={
            running !== null ||
            (maxDays !== null && validityProblem(days, maxDays) !== null) ||
            (onToken && !pin)
          }
        >
          Renew: new key and {made}
        </button>
      </div>
      {onboarding.identities.length > 1 ? (
        <table className="audit" aria-label="Client identities">
          <thead>
            <tr>
              <th scope="col">Common Name</th>
              <th scope="col">Key id</th>
              <th scope="col">Made</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {onboarding.identities.map((i) => (
              <tr key={i.id} data-identity={i.id} data-state={i.state}>
                <td className="mono">{i.commonName}</td>
                <td className="mono key-id">{i.keyId}</td>
                <td>{i.createdAt.slice(0, 10)}</td>
                <td>
                  {i.certificate
                    ? `${i.certificate.notAfter.slice(0, 10)} (${i.certificate.daysLeft} days)`
                    : '—'}
                </td>
                <td>{STATE_WORDS[i.state]}</td>
                <td>
                  {i.state === 'kept' ? (
                    <button
                      type="button"
                      onClick={() => retire(i.id)}
                      aria-label={`Retire the identity made ${i.createdAt.slice(0, 10)} (key ${i.keyId})`}
                    >
                      Retire the identity made {i.createdAt.slice(0, 10)}
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
  const confirmed = commonNameLayoutStatus(findings) === 'confirmed';
  return (
    <div className="final-cn-box" aria-live="polite">
      <span id="final-cn-label" className="k">
        Final Common Name (read-only, built from your identifier)
      </span>
      <output aria-labelledby="final-cn-label" className="mono final-cn-big" data-testid="final-cn">
        {commonName || '(none yet)'}
      </output>
      <span className={confirmed ? 'cn-tick confirmed' : 'cn-tick'} data-testid="cn-layout">
        {confirmed
          ? '✓ confirmed with Thales'
          : 'Layout not confirmed: confirm it with your Thales representative, then save it under “Advanced”.'}
      </span>
    </div>
  );
}

/** Whether the CN layout is the one confirmed with Thales (D1), beside every final CN. */
function LayoutNote({ findings }: { findings: Finding[] }) {
  const status = commonNameLayoutStatus(findings);
  if (status === null) return null;
  return (
    <span className="hint" data-testid="cn-layout">
      {status === 'confirmed'
        ? ' (layout confirmed with Thales)'
        : ' (layout not confirmed: confirm it with your Thales representative)'}
    </span>
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
          <>No layout is saved as confirmed with Thales for {profile.displayName} yet.</>
        ) : (
          <>
            Layout confirmed with Thales for {profile.displayName}:{' '}
            <span className="mono">{layout.confirmed}</span>
            {isConfirmed ? '' : ' (the template above differs from it)'}.
          </>
        )}
      </p>
      {!isConfirmed ? (
        <button
          type="button"
          disabled={saving || problem !== null}
          onClick={() => void save(template)}
          aria-describedby="confirm-layout-hint"
        >
          {layout.confirmed === null
            ? 'Save this layout as confirmed by Thales'
            : 'Save this layout as confirmed by Thales (replaces the saved one)'}
        </button>
      ) : null}{' '}
      {layout.confirmed !== null ? (
        <button type="button" disabled={saving} onClick={() => void save(null)}>
          Forget the confirmed layout
        </button>
      ) : null}
      <p id="confirm-layout-hint" className="hint">
        {problem !== null
          ? `${problem[0].toUpperCase()}${problem.slice(1)}.`
          : `Save it only once your Thales representative confirmed it: it then becomes the check for every ${profile.displayName} onboarding (a Common Name laid out otherwise is refused).`}
      </p>
      <ErrorNote message={error} />
    </div>
  );
}
