// App wording for refusals the services word for the command line: which wizard step to
// complete, instead of which mtls-desk command to run. Built from structured reasons (the
// inventory's checks, the bundle refusal's findings), never by rewriting the CLI's sentences.
import { stepLabel, stepOfAsset } from '../../shared/wizard-steps.js';
import type { Finding } from '../../shared/findings.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { UserError } from '../services/errors.js';
import type { OnboardingView } from '../services/inventory.js';

function listed(items: string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function missingText(profile: ProgramProfile, assets: string[]): string {
  return `The portal bundle cannot be saved yet: it still needs ${listed(assets.map((a) => `${a} (${stepLabel(profile, stepOfAsset(profile, a))})`))}. Complete ${assets.length > 1 ? 'those steps' : 'that step'}, then save the bundle again.`;
}

/** What the bundle still lacks, from the inventory's checks: the files handed to Thales. */
export function bundleBlockers(view: OnboardingView, profile: ProgramProfile): UserError | null {
  const handedOver = new Set(
    profile.assets.filter((a) => a.direction === 'to-thales').map((a) => a.name as string),
  );
  const missing = view.checks
    .filter((c) => c.required && c.status === 'missing' && handedOver.has(c.item))
    .map((c) => c.item);
  return missing.length > 0 ? new UserError('not-compliant', missingText(profile, missing)) : null;
}

const ASSET_IN_TEXT = /^(?:missing )?([A-Z][A-Z0-9_]+)/;

/** The bundle service's refusal, reworded from its findings for the app; other errors pass through. */
export function bundleRefusal(error: unknown, profile: ProgramProfile): unknown {
  if (!(error instanceof UserError) || error.code !== 'not-compliant') return error;
  const findings = (error.detail as { findings?: Finding[] } | undefined)?.findings;
  if (!findings || findings.length === 0) return error;
  const missing = findings
    .filter((f) => f.id === 'asset-missing')
    .map((f) => ASSET_IN_TEXT.exec(f.message)?.[1])
    .filter((a): a is string => a !== undefined);
  if (missing.length > 0) return new UserError('not-compliant', missingText(profile, missing));
  const problems = findings.map((f) => {
    const asset = f.artifact ? ASSET_IN_TEXT.exec(f.artifact)?.[1] : undefined;
    return `${asset ? `${asset} (${stepLabel(profile, stepOfAsset(profile, asset))}): ` : ''}${f.message}`;
  });
  return new UserError(
    'not-compliant',
    `The portal bundle cannot be saved while ${problems.length > 1 ? 'these problems remain' : 'this problem remains'}: ${problems.join('; ')}. Fix ${problems.length > 1 ? 'them' : 'it'} in the step named, then save the bundle again.`,
  );
}
