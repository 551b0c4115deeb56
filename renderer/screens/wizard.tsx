// The onboarding wizard: one step per screen, a progress rail showing done / missing / failing.
import { useEffect, useReducer, useRef } from 'react';
import type { OnboardingDetail } from '../../shared/ipc-contract.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { AssetsStep, SignedCertificateStep } from '../wizard/asset-steps.js';
import { ServerConfigSnippet } from '../wizard/server-config-step.js';
import { IdentityStep } from '../wizard/identity-step.js';
import { OAuthStep } from '../wizard/oauth-step.js';
import { initialWizard, railStatus, wizardReducer, type WizardStep } from '../wizard/model.js';
import { ExportStep, TestStep } from '../wizard/test-export-steps.js';
import { PartialBundle } from '../wizard/partial-bundle.js';
import { useWords } from '../wizard/words.js';
import { Msg, useT } from '../i18n/index.js';

/** What the rail says of each step's status. */
const RAIL_WORDS = {
  done: 'wizard.status.done',
  missing: 'wizard.status.missing',
  failing: 'wizard.status.failing',
  expiring: 'wizard.status.expiring',
} as const;

export function WizardScreen({
  profile,
  onboarding,
  onHome,
}: {
  profile: ProgramProfile;
  onboarding: OnboardingDetail;
  onHome?(): void;
}) {
  const [state, dispatch] = useReducer(wizardReducer, undefined, () =>
    initialWizard(profile, onboarding),
  );
  const step = state.steps[state.current];
  const t = useT();
  const words = useWords();
  const railWord = (status: keyof typeof RAIL_WORDS) => t(RAIL_WORDS[status]);
  const updated = (o: OnboardingDetail) => dispatch({ type: 'updated', onboarding: o });
  // Focus goes to the step's heading when the screen opens and whenever the step changes.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [state.current]);
  // Alt+← / Alt+→ move between steps from anywhere on the wizard.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (event.key === 'ArrowLeft') dispatch({ type: 'back' });
      else if (event.key === 'ArrowRight') dispatch({ type: 'next' });
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const last = state.current === state.steps.length - 1;

  function body(s: WizardStep) {
    const o = state.onboarding;
    switch (s.id) {
      case 'identity':
        return <IdentityStep profile={profile} onboarding={o} onUpdated={updated} />;
      case 'signed':
        return <SignedCertificateStep profile={profile} onboarding={o} onUpdated={updated} />;
      case 'oauth':
        return <OAuthStep onboarding={o} onUpdated={updated} />;
      case 'thales':
      case 'server':
        return (
          <>
            {s.id === 'thales' && profile.portal ? (
              <p className="hint step-body">
                <Msg
                  id="wizard.portalIntro"
                  values={{
                    portal: words.portalName(profile.portal),
                    url: <span className="mono">{profile.portal.url}</span>,
                  }}
                />
              </p>
            ) : null}
            <AssetsStep
              key={s.id}
              profile={profile}
              onboarding={o}
              assets={s.assets}
              onUpdated={updated}
            />
            {s.id === 'server' ? <ServerConfigSnippet profile={profile} onboarding={o} /> : null}
          </>
        );
      case 'test':
        return <TestStep profile={profile} onboarding={o} onUpdated={updated} />;
      case 'export':
        return <ExportStep profile={profile} onboarding={o} onUpdated={updated} onHome={onHome} />;
    }
  }

  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <h1 id="wizard-title">
        {t('wizard.title', {
          program: profile.displayName,
          identifier: state.onboarding.identifier,
          environment: words.environment(profile, state.onboarding.environment),
        })}
      </h1>
      <nav aria-label={t('wizard.rail.label')}>
        <ol className="rail">
          {state.steps.map((s, i) => {
            const status = railStatus(state, s);
            const title = words.stepTitle(s.id);
            return (
              <li key={s.id} className={`${status}${i === state.current ? ' current' : ''}`}>
                <button
                  type="button"
                  onClick={() => dispatch({ type: 'go', step: s.id })}
                  aria-current={i === state.current ? 'step' : undefined}
                  aria-label={t('wizard.rail.step', { n: i + 1, title, status: railWord(status) })}
                >
                  <span className="dot" aria-hidden="true" />
                  {i + 1}. {title}
                  <span className="state">{railWord(status)}</span>
                </button>
              </li>
            );
          })}
        </ol>
      </nav>
      <div className="step" data-step={step.id}>
        <h2 ref={heading} tabIndex={-1}>
          {words.stepTitle(step.id)}
        </h2>
        {body(step)}
        <div className="actions step-nav">
          <button
            type="button"
            onClick={() => dispatch({ type: 'back' })}
            disabled={state.current === 0}
          >
            {t('wizard.back')}
          </button>
          {last ? null : (
            <button type="button" onClick={() => dispatch({ type: 'next' })}>
              {t('wizard.next')}
            </button>
          )}
          {last && onHome ? (
            <button type="button" onClick={onHome}>
              {t('wizard.home')}
            </button>
          ) : null}
        </div>
        <PartialBundle profile={profile} onboarding={state.onboarding} />
      </div>
    </section>
  );
}
