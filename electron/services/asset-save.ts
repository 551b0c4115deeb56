// Saving an asset into an onboarding the way the app does: checked against the program first, and
// refused (nothing stored) when the check finds an error, with the first error and its fix.
import { hasErrors } from '../../shared/findings.js';
import type { AssetName } from '../../shared/programs/schema.js';
import type { Desk } from './desk.js';
import { UserError } from './errors.js';

export async function saveCheckedAsset(
  desk: Desk,
  request: { onboardingId: string; asset: AssetName; text: string; source?: string },
): Promise<void> {
  const view = desk.onboardings.get(request.onboardingId);
  const check = await desk.assets.check({
    program: view.program,
    environment: view.environment,
    asset: request.asset,
    data: request.text,
  });
  if (hasErrors(check.findings)) {
    const first = check.findings.find((f) => f.severity === 'error')!;
    throw new UserError(
      'not-compliant',
      `${request.asset} was not saved: ${first.message}; ${first.fix}`,
      {},
      {
        id: 'asset.not-saved',
        params: { asset: request.asset },
        findingParams: { problem: { id: first.id, params: first.params } },
      },
    );
  }
  await desk.assets.import({
    onboardingId: request.onboardingId,
    as: request.asset,
    data: request.text,
    source: request.source ?? 'pasted text',
  });
}
