// The onboarding wizard as data: a discriminated union of steps (which ones depends on the
// program), and a reducer over the wizard's state. Pure, so it is tested without a browser.
import { WIZARD_STEP_TITLES as TITLE } from '../../shared/ipc-channels.js';
import type { OnboardingDetail, StepStatus, WizardStepId } from '../../shared/ipc-contract.js';
import type { AssetName, ProgramProfile } from '../../shared/programs/schema.js';

export type WizardStep =
  | { id: 'identity'; title: string; mode: 'self-signed' | 'csr' }
  | { id: 'signed'; title: string }
  | { id: 'thales'; title: string; assets: AssetName[] }
  | { id: 'server'; title: string; assets: AssetName[] }
  | { id: 'test'; title: string }
  | { id: 'export'; title: string };

/** The wizard's steps for a program, in order: D1 adds the import of the Thales-signed certificate. */
export function stepsFor(profile: ProgramProfile): WizardStep[] {
  const from = profile.assets
    .filter((a) => a.direction === 'from-thales' && a.name !== 'THALES_SIGNED_CLIENT_CERTIFICATE')
    .map((a) => a.name);
  const to = profile.assets
    .filter(
      (a) => a.direction === 'to-thales' && (a.kind === 'certificate-chain' || a.kind === 'host'),
    )
    .map((a) => a.name);
  const steps: WizardStep[] = [
    { id: 'identity', title: TITLE.identity, mode: profile.clientCertificate.mode },
  ];
  if (profile.clientCertificate.mode === 'csr') steps.push({ id: 'signed', title: TITLE.signed });
  steps.push(
    { id: 'thales', title: TITLE.thales, assets: from },
    { id: 'server', title: TITLE.server, assets: to },
    { id: 'test', title: TITLE.test },
    { id: 'export', title: TITLE.export },
  );
  return steps;
}

export interface WizardState {
  steps: WizardStep[];
  current: number;
  onboarding: OnboardingDetail;
}

export type WizardAction =
  | { type: 'go'; step: WizardStepId }
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'updated'; onboarding: OnboardingDetail };

export function initialWizard(profile: ProgramProfile, onboarding: OnboardingDetail): WizardState {
  const steps = stepsFor(profile);
  // Open on the first step not yet done, so returning users continue where they left off.
  const firstOpen = steps.findIndex((s) => onboarding.steps[s.id] !== 'done');
  return { steps, current: firstOpen < 0 ? steps.length - 1 : firstOpen, onboarding };
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'go': {
      const index = state.steps.findIndex((s) => s.id === action.step);
      return index < 0 ? state : { ...state, current: index };
    }
    case 'next':
      return { ...state, current: Math.min(state.current + 1, state.steps.length - 1) };
    case 'back':
      return { ...state, current: Math.max(state.current - 1, 0) };
    case 'updated':
      return { ...state, onboarding: action.onboarding };
  }
}

export function railStatus(state: WizardState, step: WizardStep): StepStatus {
  return state.onboarding.steps[step.id] ?? 'missing';
}
