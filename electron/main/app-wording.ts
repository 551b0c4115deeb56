// The app's wording of what a service error or finding needs next: the wizard step or the screen
// to go to, read from the structured details (shared/needs.ts), never parsed from a message. The
// command line words the same details with its options (electron/cli/hints.ts).
import { tokenProbeCommands } from '../../shared/cli-commands.js';
import type { Finding } from '../../shared/findings.js';
import type { ErrorText } from '../../shared/i18n/errors.js';
import type { Need, NeedDetails } from '../../shared/needs.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import {
  stepLabel,
  stepOfAsset,
  WIZARD_STEP_TITLES,
  type WizardStepId,
} from '../../shared/wizard-steps.js';
import { UserError } from '../services/errors.js';
import type { OnboardingView } from '../services/inventory.js';

function listed(items: string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Finds a program's profile by id; undefined when unknown. */
export type ProfileLookup = (programId: string) => ProgramProfile | undefined;

/** An onboarding id is program/identifier/environment: its program names the wizard's steps. */
function profileOf(lookup: ProfileLookup, onboardingId: string | undefined) {
  return onboardingId ? lookup(onboardingId.split('/')[0]) : undefined;
}

/** “step 3, “Your server”” when the program is known, else “the “Your server” step”. */
function step(profile: ProgramProfile | undefined, id: WizardStepId): string {
  return profile ? stepLabel(profile, id) : `the “${WIZARD_STEP_TITLES[id]}” step`;
}

function assetSteps(profile: ProgramProfile | undefined, assets: readonly string[]): string {
  if (!profile) return `the “${WIZARD_STEP_TITLES.thales}” or “${WIZARD_STEP_TITLES.server}” step`;
  const steps = [...new Set(assets.map((a) => stepOfAsset(profile, a)))];
  return steps.length === 1
    ? stepLabel(profile, steps[0])
    : listed(assets.map((a) => `${a} in ${stepLabel(profile, stepOfAsset(profile, a))}`));
}

type AppHint = (details: NeedDetails, profile: ProgramProfile | undefined) => string | null;

/** Where the app lets the person do what is needed; null: the screen already asks for it. */
export const APP_HINTS: Record<Need, AppHint> = {
  // The connection tester is the one screen that reads an encrypted key from a file.
  'key-passphrase': () => 'type it in “Key passphrase, if encrypted”',
  'file-passphrase': () => null,
  'token-pin': () => null,
  'token-module': () => 'add the module on the Tokens screen',
  'token-label': () => null,
  'token-keys': () => 'the Tokens screen lists them',
  confirmation: () => null,
  overwrite: () => null,
  'common-name': (_, p) => `the Common Name of ${step(p, 'identity')}`,
  algorithm: (_, p) => step(p, 'identity'),
  'make-identity': (_, p) => step(p, 'identity'),
  'make-self-signed': (_, p) => step(p, 'identity'),
  'make-csr': (_, p) => step(p, 'identity'),
  'import-asset': (d, p) => assetSteps(p, d.assets ?? (d.asset ? [d.asset] : [])),
  'import-signed-certificate': (_, p) => step(p, 'signed'),
  'import-identity': (_, p) => step(p, 'identity'),
  'make-oauth-key': (_, p) => step(p, 'oauth'),
  'renew-oauth-key': (_, p) => step(p, 'oauth'),
  'oauth-kid': (_, p) => step(p, 'oauth'),
  'api-path': (_, p) => step(p, 'oauth'),
  'token-url': (_, p) => step(p, 'oauth'),
  'no-oauth': () => null,
  'create-vault': () => 'the Vault screen',
  'change-vault-passphrase': () => 'the Vault screen',
  'list-keys': () => 'the Vault screen lists them',
  'restore-key': () => 'on the Vault screen',
  'list-onboardings': () => 'the Onboardings list',
  'show-onboarding': () => 'the Onboardings list',
  'verify-audit': () => 'the Audit trail screen',
  'audit-checkpoint': () => null,
  'server-key-path': () => null,
  'trust-ca-file': () => 'choose it with “Trust a CA file…”',
  'token-tls-cli': () => null,
};

/** " (where)" for what the details need, or nothing. */
export function appHint(details: NeedDetails | undefined, lookup: ProfileLookup): string {
  if (!details?.need) return '';
  if (details.need === 'token-tls-cli') {
    // The app's TLS cannot use a token key: the command line can, and the app says how.
    const commands = tokenProbeCommands({
      url: details.url ?? 'https://HOST/PATH',
      certFile: 'client.pem',
      keyUri: details.keyId ?? 'pkcs11:...',
      module: details.module ?? 'MODULE',
    });
    return ` Run: mtls-desk probe --onboarding ${details.onboardingId ?? 'ID'} --pin-env PKCS11_PIN (or, with the client certificate exported as client.pem: ${commands.curl} ; or ${commands.openssl})`;
  }
  const hint = APP_HINTS[details.need](details, profileOf(lookup, details.onboardingId));
  return hint ? ` (${hint})` : '';
}

/** A service error as the app says it: same code, its message with the step or screen to go to. */
export function appError(error: unknown, lookup: ProfileLookup): unknown {
  if (!(error instanceof UserError) || !error.details.need) return error;
  return new UserError(
    error.code,
    `${error.message}${appHint(error.details, lookup)}`,
    error.details,
    error.text,
  );
}

function missingText(profile: ProgramProfile, assets: readonly string[]): string {
  return `The portal bundle cannot be saved yet: it still needs ${listed(assets.map((a) => `${a} (${stepLabel(profile, stepOfAsset(profile, a))})`))}. Complete ${assets.length > 1 ? 'those steps' : 'that step'}, then save the bundle again. Meanwhile, “Save partial bundle…” saves what exists so far, marked partial.`;
}

/** The same, as data for the app's other languages. */
function missingTextJa(assets: readonly string[]): ErrorText {
  return { id: 'bundle.missing', params: { assets: assets.join('、'), count: assets.length } };
}

/** What the bundle still lacks, from the inventory's checks: the files handed to Thales. */
export function bundleBlockers(view: OnboardingView, profile: ProgramProfile): UserError | null {
  const handedOver = new Set(
    profile.assets.filter((a) => a.direction === 'to-thales').map((a) => a.name as string),
  );
  const missing = view.checks
    .filter((c) => c.required && c.status === 'missing' && handedOver.has(c.item))
    .map((c) => c.item);
  return missing.length > 0
    ? new UserError(
        'not-compliant',
        missingText(profile, missing),
        { onboardingId: view.id, assets: missing },
        missingTextJa(missing),
      )
    : null;
}

/** The bundle service's refusal, reworded from its findings' details for the app; other errors pass through. */
export function bundleRefusal(error: unknown, profile: ProgramProfile): unknown {
  if (!(error instanceof UserError) || error.code !== 'not-compliant') return error;
  const findings: Finding[] = error.details.findings ?? [];
  if (findings.length === 0) return error;
  const missing = findings
    .filter((f) => f.id === 'asset-missing')
    .map((f) => f.details?.asset)
    .filter((a): a is string => a !== undefined);
  if (missing.length > 0)
    return new UserError(
      'not-compliant',
      missingText(profile, missing),
      error.details,
      missingTextJa(missing),
    );
  const problems = findings.map((f) => {
    const asset = f.details?.asset;
    return `${asset ? `${asset} (${stepLabel(profile, stepOfAsset(profile, asset))}): ` : ''}${f.message}`;
  });
  return new UserError(
    'not-compliant',
    `The portal bundle cannot be saved while ${problems.length > 1 ? 'these problems remain' : 'this problem remains'}: ${problems.join('; ')}. Fix ${problems.length > 1 ? 'them' : 'it'} in the step named, then save the bundle again.`,
    error.details,
    {
      id: 'bundle.problems',
      params: { count: findings.length },
      findingParams: { problem: { id: findings[0].id, params: findings[0].params } },
    },
  );
}
