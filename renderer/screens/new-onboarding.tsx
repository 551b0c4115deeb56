// New onboarding: the program (with what it is, in a sentence), the identifier and the environment.
import { useState, type FormEvent } from 'react';
import type { EnvironmentId, ProgramProfile } from '../../shared/programs/schema.js';
import { useIdentifierProblem } from '../components/error-text.js';
import { call } from '../api.js';
import {
  DisabledReason,
  ErrorSummary,
  FieldError,
  useFieldErrors,
} from '../components/field-errors.js';

export function NewOnboardingScreen(props: {
  programs: readonly ProgramProfile[];
  onCreated(id: string): void;
  onCancel(): void;
}) {
  const [programId, setProgramId] = useState(props.programs[0]?.id ?? '');
  const profile = props.programs.find((p) => p.id === programId);
  const [environment, setEnvironment] = useState<EnvironmentId>(
    profile?.environments[0].id ?? 'preprod',
  );
  const [identifier, setIdentifier] = useState('');
  const errors = useFieldErrors({
    identifier: `Your ${profile?.identifier.label ?? 'identifier'}`,
  });
  const identifierError = useIdentifierProblem(profile, identifier);
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
      <h1 id="new-title">New onboarding</h1>
      <form onSubmit={submit} className="form">
        <ErrorSummary form={errors} />
        <fieldset>
          <legend>Thales program</legend>
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
                <strong>{p.displayName}</strong>
                <br />
                <span className="hint">{p.summary}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {profile ? (
          <>
            <label>
              Your {profile.identifier.label}
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
              {identifierError === null
                ? `As Thales knows it, e.g. ${profile.identifier.example}.`
                : `${identifierError[0].toUpperCase()}${identifierError.slice(1)}.`}
            </p>
            <fieldset>
              <legend>Environment</legend>
              {profile.environments.map((env) => (
                <label key={env.id} className="choice inline">
                  <input
                    type="radio"
                    name="environment"
                    value={env.id}
                    checked={env.id === environment}
                    onChange={() => setEnvironment(env.id)}
                  />{' '}
                  {env.displayName}
                </label>
              ))}
            </fieldset>
          </>
        ) : null}
        <div className="actions">
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            disabled={!identifierValid}
            aria-describedby={identifierValid ? undefined : 'create-reason'}
          >
            Create onboarding
          </button>
          <DisabledReason
            id="create-reason"
            reason={
              identifierValid
                ? null
                : identifier === ''
                  ? `Type your ${profile?.identifier.label ?? 'identifier'} first.`
                  : `Correct your ${profile?.identifier.label ?? 'identifier'} first.`
            }
          />
        </div>
      </form>
    </section>
  );
}
