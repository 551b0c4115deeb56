// Wizard step: the client identity. Key algorithm (only what the program allows, recommended one
// preselected), the subject with live lint by the same pure rules as the CLI, the final CN shown
// before anything is made; then a self-signed certificate or a CSR, made in main.
import { useMemo, useState } from 'react';
import { KEY_ALGORITHMS, type KeyAlgorithmId } from '../../shared/algorithms.js';
import { hasErrors } from '../../shared/findings.js';
import type { OnboardingDetail } from '../../shared/ipc-contract.js';
import type { ProgramProfile, SubjectField } from '../../shared/programs/schema.js';
import { DEFAULT_EXPIRING_SOON_DAYS } from '../../shared/rules/context.js';
import { lintSubject } from '../../shared/rules/subject.js';
import { buildCommonName, SUBJECT_FIELD_NAMES, SUBJECT_ORDER, type Subject } from '../../shared/subject.js';
import { call, errorMessage } from '../api.js';
import { Busy, Certificates, ErrorNote, Findings, useOperation } from '../components/common.js';

export function IdentityStep({ profile, onboarding, onUpdated }: { profile: ProgramProfile; onboarding: OnboardingDetail; onUpdated(o: OnboardingDetail): void }) {
  const [algorithm, setAlgorithm] = useState<KeyAlgorithmId>(profile.keyAlgorithms.recommended);
  const [fields, setFields] = useState<Subject>({});
  const [exactCn, setExactCn] = useState('');
  const rule = profile.commonName;
  const [template, setTemplate] = useState(rule.kind === 'template' ? rule.template : '');
  const [error, setError] = useState<string | null>(null);
  const { running, run, cancel } = useOperation();
  const [now] = useState(() => new Date());

  const otherFields = SUBJECT_ORDER.filter((f): f is Exclude<SubjectField, 'CN'> => f !== 'CN' && (profile.subject.required.includes(f) || profile.subject.optional.includes(f)));
  const commonName = rule.kind === 'exact'
    ? exactCn.trim()
    : buildCommonName({ profile, environmentId: onboarding.environment, identifier: onboarding.identifier, keyAlgorithm: algorithm, template }) ?? '';
  const subject: Subject = { ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')), CN: commonName || undefined };
  const findings = useMemo(() => lintSubject(subject, {
    profile,
    environmentId: onboarding.environment,
    now,
    identifier: onboarding.identifier,
    commonNameTemplate: rule.kind === 'template' ? template : undefined,
    expectedCommonName: rule.kind === 'exact' && commonName ? commonName : undefined,
    expiringSoonDays: DEFAULT_EXPIRING_SOON_DAYS,
  }, algorithm), [JSON.stringify(subject), algorithm, template]);
  const blocked = hasErrors(findings) || running !== null;

  async function generate() {
    setError(null);
    try {
      const updated = await run(`generating the ${KEY_ALGORITHMS[algorithm].label} key`, (operationId) => call('identity.generate', {
        onboardingId: onboarding.id,
        operationId,
        algorithm,
        subject: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')),
        commonName: rule.kind === 'exact' ? commonName : undefined,
        commonNameTemplate: rule.kind === 'template' ? template : undefined,
      }));
      onUpdated(updated);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const identity = onboarding.identity;
  if (identity) {
    return (
      <div className="step-body">
        <p className="done-note">Key {KEY_ALGORITHMS[identity.algorithm].label} generated and kept in the vault (key id <span className="mono">{identity.keyId}</span>).</p>
        <p>{identity.kind === 'certificate' ? 'Self-signed client certificate' : 'Certificate signing request'} for <strong className="mono" data-testid="final-cn">{identity.commonName}</strong>.</p>
        {identity.certificate ? <Certificates certificates={[identity.certificate]} /> : null}
        <Findings findings={identity.findings} label="Checks of the client identity" />
        <details><summary>{identity.kind === 'certificate' ? 'Certificate' : 'CSR'} (PEM)</summary><pre className="mono">{identity.pem}</pre></details>
      </div>
    );
  }

  return (
    <form className="step-body form" onSubmit={(e) => { e.preventDefault(); if (!blocked) void generate(); }}>
      <fieldset>
        <legend>Key algorithm</legend>
        {profile.keyAlgorithms.allowed.map((id) => (
          <label key={id} className="choice inline">
            <input type="radio" name="algorithm" value={id} checked={id === algorithm} onChange={() => setAlgorithm(id)} />
            {KEY_ALGORITHMS[id].label}{id === profile.keyAlgorithms.recommended ? ' (recommended)' : ''}
          </label>
        ))}
        <p className="hint">{profile.keyAlgorithms.why}</p>
      </fieldset>
      <fieldset>
        <legend>Subject</legend>
        {rule.kind === 'exact' ? (
          <label>Common Name (CN), exactly as {rule.source}
            <input value={exactCn} onChange={(e) => setExactCn(e.target.value)} />
          </label>
        ) : (
          <>
            <label>Common Name template
              <input value={template} onChange={(e) => setTemplate(e.target.value)} aria-describedby="cn-caution" />
            </label>
            <p id="cn-caution" className="hint">{rule.caution}</p>
          </>
        )}
        {otherFields.map((f) => (
          <label key={f}>{SUBJECT_FIELD_NAMES[f][0].toUpperCase() + SUBJECT_FIELD_NAMES[f].slice(1)} ({f}){profile.subject.required.includes(f) ? '' : ', optional'}
            <input value={fields[f] ?? ''} onChange={(e) => setFields({ ...fields, [f]: e.target.value })} />
          </label>
        ))}
      </fieldset>
      <p className="final-cn" aria-live="polite">Final Common Name: <strong className="mono" data-testid="final-cn">{commonName || '(none yet)'}</strong></p>
      <Findings findings={findings} label="Subject checks" />
      <ErrorNote message={error} />
      <Busy running={running} onCancel={cancel} />
      <div className="actions">
        <button type="submit" className="primary" disabled={blocked}>
          {profile.clientCertificate.mode === 'self-signed' ? 'Generate key and self-signed certificate' : 'Generate key and CSR'}
        </button>
      </div>
    </form>
  );
}
