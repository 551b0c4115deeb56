// Onboardings: the home screen's query, creating and opening one, and checking and saving its
// assets (a saved asset is checked first: saveCheckedAsset refuses one with an error).
import { saveCheckedAsset } from '../../services/asset-save.js';
import { certificateSummary, onboardingSummary } from '../onboarding-views.js';
import { createOnboardingQuery } from '../onboarding-query.js';
import { environmentName } from '../../../shared/onboarding-status.js';
import type { HandlerContext, HandlerSlice } from './context.js';

type Channels =
  | 'onboardings.query'
  | 'onboarding.create'
  | 'onboarding.archive'
  | 'onboarding.delete'
  | 'onboarding.restoreDeleted'
  | 'onboarding.purge'
  | 'onboarding.listDeleted'
  | 'onboarding.get'
  | 'asset.check'
  | 'asset.save';

export function onboardingHandlers({
  desk,
  clock,
  detail,
}: HandlerContext): HandlerSlice<Channels> {
  const queryOnboardings = createOnboardingQuery({
    summaries: () => desk.onboardings.list().map(onboardingSummary),
    expiringWithinDays: () => Math.max(...desk.settings.get().expiryWarningDays),
    now: clock,
    displayName: (kind, summary) => {
      const profile = desk.catalog.list().find((p) => p.id === summary.program);
      return kind === 'program'
        ? (profile?.displayName ?? summary.program)
        : environmentName(profile, summary.environment);
    },
  });
  return {
    'onboardings.query': async (request) => queryOnboardings(request),
    'onboarding.create': async (request) => detail(desk.onboardings.create(request).id),
    'onboarding.get': async (request) => detail(request.id),
    'onboarding.archive': async (request) =>
      onboardingSummary(desk.onboardings.setArchived(request.id, request.archived)),
    'onboarding.delete': async (request) =>
      onboardingSummary(await desk.onboardings.delete(request.id, request.confirm)),
    'onboarding.restoreDeleted': async (request) =>
      onboardingSummary(await desk.onboardings.restoreDeleted(request.id)),
    'onboarding.purge': async (request) => {
      const purged = await desk.onboardings.purge(request.id, request.confirm);
      return { id: purged.id, purgedKeys: purged.purgedKeys.length };
    },
    'onboarding.listDeleted': async () => desk.onboardings.listDeleted().map(onboardingSummary),
    'asset.check': async (request) => {
      const check = await desk.assets.check({
        program: request.program,
        environment: request.environment,
        asset: request.asset,
        data: request.text,
        onboardingId: request.onboardingId,
      });
      return {
        ok: check.ok,
        findings: check.findings,
        certificates: check.certificates.map((c) => certificateSummary(c, clock())),
      };
    },
    'asset.save': async (request) => {
      await saveCheckedAsset(desk, request);
      return detail(request.onboardingId);
    },
  };
}
