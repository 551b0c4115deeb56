// The onboarding wizard as data: a discriminated union of steps (which ones depends on the
// program), and a reducer over the wizard's state. Pure, so it is tested without a browser.
import { stepsFor, type WizardStep } from '../../shared/wizard-steps.js';
import type { OnboardingDetail, StepStatus, WizardStepId } from '../../shared/ipc-contract.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';

export { stepsFor, type WizardStep } from '../../shared/wizard-steps.js';

/** What a step's screen is given: the program, the onboarding, and where a change goes. */
export interface StepProps {
  profile: ProgramProfile;
  onboarding: OnboardingDetail;
  onUpdated(o: OnboardingDetail): void;
  onHome?(): void;
}

/** What a panel that reads the onboarding is given. */
export type OnboardingProps = Pick<StepProps, 'profile' | 'onboarding'>;

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
