// The home screen's inventory query, answered in main: filter and search, a window of rows, and
// the aggregates the page shows (the total, counts per status, the expiry timeline). The page
// never holds the whole inventory, so it is interactive in the same time at 10 or 10,000
// onboardings. Summaries are taken once per snapshot: windows and filter changes of the same
// home visit reuse it, so scrolling never recomputes 10,000 summaries (and rows do not shift
// under the person while they scroll), and a new visit of the home screen takes a new one.
import type {
  OnboardingQuery,
  OnboardingQueryResult,
  OnboardingSummary,
  StepStatus,
} from '../../shared/ipc-contract.js';
import { EXPIRY_TIMELINE_MONTHS, STEP_STATUSES } from '../../shared/ipc-contract.js';

const DAY_MS = 86_400_000;
/** Snapshots kept for windows still to come; older ones are taken again when asked for. */
const SNAPSHOTS_KEPT = 4;

export type OnboardingFilter = Pick<
  OnboardingQuery,
  'search' | 'program' | 'environment' | 'expiringOnly' | 'status' | 'withClientCertificate'
>;

/**
 * Whether the current identity has its client certificate, read from the steps: D1's signed step
 * holds the certificate Thales signed; elsewhere the identity step is missing until the key and
 * its certificate are both made. Failing or expiring still has one (the tester may show why).
 */
function hasClientCertificate(summary: OnboardingSummary): boolean {
  const certificateStep = summary.steps.signed ?? summary.steps.identity;
  return certificateStep !== undefined && certificateStep !== 'missing';
}

/**
 * Whether a summary passes the filter: the inventory's own list filter (identifier substring,
 * case-insensitive; program; environment; overall status; expiring within the warning days or
 * expired), and having a client certificate.
 */
function matchesFilter(
  summary: OnboardingSummary,
  filter: OnboardingFilter,
  expiringWithinDays: number,
): boolean {
  const needle = filter.search?.trim().toLowerCase() ?? '';
  return (
    (filter.program === undefined || summary.program === filter.program) &&
    (filter.environment === undefined || summary.environment === filter.environment) &&
    (filter.status === undefined || summary.status === filter.status) &&
    (!filter.expiringOnly ||
      (summary.nextExpiry !== null && summary.nextExpiry.daysLeft <= expiringWithinDays)) &&
    (!filter.withClientCertificate || hasClientCertificate(summary)) &&
    (needle === '' || summary.identifier.toLowerCase().includes(needle))
  );
}

/**
 * How many onboardings have their next expiry (their soonest certificate, of any kind) in each of
 * the next months, this month first (UTC months).
 */
function expiryTimeline(
  summaries: readonly OnboardingSummary[],
  now: Date,
): OnboardingQueryResult['timeline'] {
  const months = Array.from({ length: EXPIRY_TIMELINE_MONTHS }, (_, i) => ({
    month: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1))
      .toISOString()
      .slice(0, 7),
    count: 0,
  }));
  const base = now.getUTCFullYear() * 12 + now.getUTCMonth();
  for (const summary of summaries) {
    if (summary.nextExpiry === null) continue;
    const expires = new Date(now.getTime() + summary.nextExpiry.daysLeft * DAY_MS);
    const index = expires.getUTCFullYear() * 12 + expires.getUTCMonth() - base;
    if (index >= 0 && index < EXPIRY_TIMELINE_MONTHS) months[index].count += 1;
  }
  return months;
}

export function statusCounts(summaries: readonly OnboardingSummary[]): Record<StepStatus, number> {
  const counts = Object.fromEntries(STEP_STATUSES.map((s) => [s, 0])) as Record<StepStatus, number>;
  for (const summary of summaries) counts[summary.status] += 1;
  return counts;
}

interface Snapshot {
  id: string;
  summaries: readonly OnboardingSummary[];
  expiringWithinDays: number;
  statusCounts: Record<StepStatus, number>;
  timeline: OnboardingQueryResult['timeline'];
  /** The rows of the last filter asked for, so its windows are slices. */
  matched: { key: string; rows: readonly OnboardingSummary[] } | null;
}

export interface OnboardingQuerySource {
  /** Every onboarding's summary, sorted as the list shows them. */
  summaries(): readonly OnboardingSummary[];
  /** "Expiring" means within this many days (the earliest warning) or already expired. */
  expiringWithinDays(): number;
  now(): Date;
}

/** The handler of `onboardings.query`: main's, and the renderer benchmark's with a synthetic source. */
export function createOnboardingQuery(
  source: OnboardingQuerySource,
): (query: OnboardingQuery) => OnboardingQueryResult {
  const snapshots = new Map<string, Snapshot>();
  let taken = 0;

  const take = (): Snapshot => {
    const summaries = source.summaries();
    taken += 1;
    const snapshot: Snapshot = {
      id: `snapshot-${taken}`,
      summaries,
      expiringWithinDays: source.expiringWithinDays(),
      statusCounts: statusCounts(summaries),
      timeline: expiryTimeline(summaries, source.now()),
      matched: null,
    };
    snapshots.set(snapshot.id, snapshot);
    for (const id of snapshots.keys()) {
      if (snapshots.size <= SNAPSHOTS_KEPT) break;
      snapshots.delete(id);
    }
    return snapshot;
  };

  return (query) => {
    const snapshot =
      (query.snapshot !== undefined ? snapshots.get(query.snapshot) : undefined) ?? take();
    const filter: OnboardingFilter = {
      search: query.search,
      program: query.program,
      environment: query.environment,
      expiringOnly: query.expiringOnly,
      status: query.status,
      withClientCertificate: query.withClientCertificate,
    };
    const key = JSON.stringify([
      filter.search?.trim().toLowerCase() ?? '',
      filter.program,
      filter.environment,
      filter.expiringOnly === true,
      filter.status,
      filter.withClientCertificate === true,
    ]);
    if (snapshot.matched?.key !== key) {
      snapshot.matched = {
        key,
        rows: snapshot.summaries.filter((s) =>
          matchesFilter(s, filter, snapshot.expiringWithinDays),
        ),
      };
    }
    const rows = snapshot.matched.rows;
    return {
      snapshot: snapshot.id,
      total: snapshot.summaries.length,
      matched: rows.length,
      offset: query.offset,
      rows: rows.slice(query.offset, query.offset + query.limit),
      statusCounts: snapshot.statusCounts,
      timeline: snapshot.timeline,
      expiringWithinDays: snapshot.expiringWithinDays,
    };
  };
}
