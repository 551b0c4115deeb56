// New onboarding: the program (with what it is, in a sentence), the identifier and the environment.
import { useState, type FormEvent } from 'react';
import type { EnvironmentId, ProgramProfile } from '../../shared/programs/schema.js';
import { identifierFault } from '../../shared/identifier.js';
import {
  environmentName,
  identifierLabel,
  identifierRule,
  programSummary,
} from '../../shared/programs/texts.js';
import { call } from '../api.js';
import {
  DisabledReason,
  ErrorSummary,
  FieldError,
  useFieldErrors,
} from '../components/field-errors.js';
import { useLocale, useT } from '../i18n/index.js';

export function NewOnboardingScreen(props: {
  programs: readonly ProgramProfile[];
  onCreated(id: string): void;
  onCancel(): void;
}) {
  const t = useT();
  const locale = useLocale();
  const [programId, setProgramId] = useState(props.programs[0]?.id ?? '');
  const profile = props.programs.find((p) => p.id === programId);
  const [environment, setEnvironment] = useState<EnvironmentId>(
    profile?.environments[0].id ?? 'preprod',
  );
  const [identifier, setIdentifier] = useState('');
  const label = profile ? identifierLabel(profile, locale) : t('home.new.identifier');
  const fieldLabel = t('home.new.identifierField', { label });
  const errors = useFieldErrors({ identifier: fieldLabel });
  const fault = profile && identifier !== '' ? identifierFault(profile, identifier) : null;
  const identifierError =
    fault === null || !profile
      ? null
      : fault.empty
        ? t('home.new.identifierEmpty', { label, example: profile.identifier.example })
        : t('home.new.identifierInvalid', {
            label,
            value: fault.shown,
            length: fault.length,
            rule: identifierRule(profile, locale),
            example: profile.identifier.example,
          });
  const identifierValid = profile !== undefined && identifier !== '' && identifierError === null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!profile) return;
    errors.clear();
    try {
      const created = await call('onboarding.create', {
        program: profile.id,
        identifier,
        environment,
      });
      props.onCreated(created.id);
    } catch (e) {
      errors.fail(e);
    }
  }

  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title">{t('home.new')}</h1>
      <form onSubmit={submit} className="form">
        <ErrorSummary form={errors} />
        <fieldset>
          <legend>{t('home.new.program')}</legend>
          {props.programs.map((p) => (
            <label key={p.id} className="choice">
              <input
                type="radio"
                name="program"
                value={p.id}
                checked={p.id === programId}
                onChange={() => {
                  setProgramId(p.id);
                  setEnvironment(p.environments[0].id);
                }}
              />
              <span>
                <strong data-profile>{p.displayName}</strong>
                <br />
                <span className="hint" data-profile>
                  {programSummary(p, locale)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        {profile ? (
          <>
            <label>
              {fieldLabel}
              <input
                value={identifier}
                onChange={(e) => {
                  setIdentifier(e.target.value);
                  errors.clear('identifier');
                }}
                placeholder={profile.identifier.example}
                {...errors.props('identifier', 'identifier-hint')}
                aria-invalid={
                  errors.message('identifier') !== null || identifierError !== null || undefined
                }
              />
            </label>
            <FieldError form={errors} field="identifier" />
            <p id="identifier-hint" className="hint">
              {identifierError ??
                t('home.new.identifierHint', { example: profile.identifier.example })}
            </p>
            <fieldset>
              <legend>{t('home.filter.environment')}</legend>
              {profile.environments.map((env) => (
                <label key={env.id} className="choice inline">
                  <input
                    type="radio"
                    name="environment"
                    value={env.id}
                    checked={env.id === environment}
                    onChange={() => setEnvironment(env.id)}
                  />{' '}
                  <span data-profile>{environmentName(env, locale)}</span>
                </label>
              ))}
            </fieldset>
          </>
        ) : null}
        <div className="actions">
          <button type="button" onClick={props.onCancel}>
            {t('home.cancel')}
          </button>
          <button
            type="submit"
            className="primary"
            disabled={!identifierValid}
            aria-describedby={identifierValid ? undefined : 'create-reason'}
          >
            {t('home.new.create')}
          </button>
          <DisabledReason
            id="create-reason"
            reason={
              identifierValid
                ? null
                : identifier === ''
                  ? t('home.new.typeFirst', { label })
                  : t('home.new.correctFirst', { label })
            }
          />
        </div>
      </form>
    </section>
  );
}
