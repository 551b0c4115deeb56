// The home screen's inventory query, answered in main: filter and search, a window of rows, and
// the aggregates the page shows (the total, counts per status, the expiry timeline). The page
// never holds the whole inventory, so it is interactive in the same time at 10 or 10,000
// onboardings. Summaries are taken once per snapshot: windows and filter changes of the same
// home visit reuse it, so scrolling never recomputes 10,000 summaries (and rows do not shift
// under the person while they scroll), and a new visit of the home screen takes a new one.
import type {
  ExpiryBucket,
  NextExpiry,
  OnboardingQuery,
  OnboardingQueryResult,
  OnboardingSummaryView,
  StepStatus,
} from '../../shared/ipc-contract.js';
import { EXPIRY_TIMELINE_MONTHS, STEP_STATUSES } from '../../shared/ipc-contract.js';
import type { OnboardingSortKey } from '../../shared/ipc-contract.js';
import { CERTIFICATE_KINDS, certificateKind } from '../../shared/onboarding-status.js';

/** Snapshots kept for windows still to come; older ones are taken again when asked for. */
const SNAPSHOTS_KEPT = 4;
/** The timeline reaches the latest expiry, but never further than this (a 20-year root would draw 240 bars). */
const TIMELINE_MONTHS_MAX = 120;

export type OnboardingFilter = Pick<
  OnboardingQuery,
  | 'search'
  | 'program'
  | 'environment'
  | 'expiringOnly'
  | 'status'
  | 'withClientCertificate'
  | 'expiry'
  | 'withArchived'
>;

/** A UTC month as the timeline names it ("2027-03"), `offset` months after `now`'s. */
function monthLabel(now: Date, offset: number): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1))
    .toISOString()
    .slice(0, 7);
}

/** Months from `now`'s month to a bucket's. */
function monthsFrom(now: Date, bucket: string): number {
  return (
    Number(bucket.slice(0, 4)) * 12 +
    Number(bucket.slice(5, 7)) -
    1 -
    (now.getUTCFullYear() * 12 + now.getUTCMonth())
  );
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/;

/**
 * The timeline bucket of a next expiry: "expired", or the UTC month of its notAfter ("2027-03"),
 * the months past the timeline's reach counted in its last bar, so a bar and its filter agree.
 */
export function expiryBucket(expiry: NextExpiry, now: Date): string {
  const time = Date.parse(expiry.notAfter);
  if (time < now.getTime()) return 'expired';
  // An ISO instant in UTC names its month in its first seven characters: 10,000 onboardings then
  // cost no Date and no formatting each.
  const month = ISO_UTC.test(expiry.notAfter)
    ? expiry.notAfter.slice(0, 7)
    : new Date(time).toISOString().slice(0, 7);
  return monthsFrom(now, month) >= TIMELINE_MONTHS_MAX
    ? monthLabel(now, TIMELINE_MONTHS_MAX - 1)
    : month;
}

/**
 * Whether the current identity has its client certificate, read from the steps: D1's signed step
 * holds the certificate Thales signed; elsewhere the identity step is missing until the key and
 * its certificate are both made. Failing or expiring still has one (the tester may show why).
 */
function hasClientCertificate(summary: OnboardingSummaryView): boolean {
  const certificateStep = summary.steps.signed ?? summary.steps.identity;
  return certificateStep !== undefined && certificateStep !== 'missing';
}

/**
 * Whether a summary passes the filter: the inventory's own list filter (identifier substring,
 * case-insensitive; program; environment; overall status; expiring within the warning days or
 * expired), and having a client certificate.
 */
function matchesFilter(
  summary: OnboardingSummaryView,
  filter: OnboardingFilter,
  expiringWithinDays: number,
  now: Date,
): boolean {
  const needle = filter.search?.trim().toLowerCase() ?? '';
  return (
    (filter.withArchived === true || summary.archived !== true) &&
    (filter.program === undefined || summary.program === filter.program) &&
    (filter.environment === undefined || summary.environment === filter.environment) &&
    (filter.status === undefined || summary.status === filter.status) &&
    (!filter.expiringOnly ||
      (summary.nextExpiry !== null && summary.nextExpiry.daysLeft <= expiringWithinDays)) &&
    (!filter.withClientCertificate || hasClientCertificate(summary)) &&
    (filter.expiry === undefined ||
      (summary.nextExpiry !== null && expiryBucket(summary.nextExpiry, now) === filter.expiry)) &&
    (needle === '' || summary.identifier.toLowerCase().includes(needle))
  );
}

/**
 * How many onboardings have their next expiry (their soonest certificate, of any kind) in each
 * bucket, per kind of certificate: expired, then this month and each next one (UTC months) as far
 * as the latest expiry, at least EXPIRY_TIMELINE_MONTHS.
 */
function expiryTimeline(summaries: readonly OnboardingSummaryView[], now: Date): ExpiryBucket[] {
  // Each summary's bucket once (the months reached decide the length before any is counted).
  const buckets = summaries.map((summary) =>
    summary.nextExpiry === null ? null : expiryBucket(summary.nextExpiry, now),
  );
  let length = EXPIRY_TIMELINE_MONTHS;
  for (const bucket of buckets)
    if (bucket !== null && bucket !== 'expired')
      length = Math.max(length, monthsFrom(now, bucket) + 1);
  const empty = (bucket: string): ExpiryBucket => ({
    bucket,
    count: 0,
    kinds: Object.fromEntries(CERTIFICATE_KINDS.map((k) => [k, 0])) as ExpiryBucket['kinds'],
  });
  const expired = empty('expired');
  const months = Array.from({ length }, (_, i) => empty(monthLabel(now, i)));
  summaries.forEach((summary, i) => {
    const bucket = buckets[i];
    if (bucket === null || summary.nextExpiry === null) return;
    const into = bucket === 'expired' ? expired : months[monthsFrom(now, bucket)];
    into.count += 1;
    into.kinds[certificateKind(summary.nextExpiry.asset)] += 1;
  });
  return [expired, ...months];
}

const NO_EXPIRY = Number.MAX_SAFE_INTEGER;
const STATUS_ORDER: Record<StepStatus, number> = { failing: 0, expiring: 1, missing: 2, done: 3 };

/** The rows in a column's order (ties keep the inventory's order): names as the page shows them, the worst status first, the soonest expiry first. */
function sortRows(
  rows: readonly OnboardingSummaryView[],
  key: OnboardingSortKey,
  descending: boolean,
  name: (kind: 'program' | 'environment', summary: OnboardingSummaryView) => string,
): OnboardingSummaryView[] {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const compare = (a: OnboardingSummaryView, b: OnboardingSummaryView): number => {
    switch (key) {
      case 'program':
      case 'environment':
        return collator.compare(name(key, a), name(key, b));
      case 'identifier':
        return collator.compare(a.identifier, b.identifier);
      case 'status':
        return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
      case 'nextExpiry':
        return (a.nextExpiry?.daysLeft ?? NO_EXPIRY) - (b.nextExpiry?.daysLeft ?? NO_EXPIRY);
    }
  };
  return [...rows].sort((a, b) => (descending ? compare(b, a) : compare(a, b)));
}

export function statusCounts(
  summaries: readonly OnboardingSummaryView[],
): Record<StepStatus, number> {
  const counts = Object.fromEntries(STEP_STATUSES.map((s) => [s, 0])) as Record<StepStatus, number>;
  for (const summary of summaries) counts[summary.status] += 1;
  return counts;
}

interface Snapshot {
  id: string;
  now: Date;
  summaries: readonly OnboardingSummaryView[];
  expiringWithinDays: number;
  statusCounts: Record<StepStatus, number>;
  timeline: OnboardingQueryResult['timeline'];
  /** The rows of the last filter asked for, so its windows are slices. */
  matched: { key: string; rows: readonly OnboardingSummaryView[] } | null;
}

export interface OnboardingQuerySource {
  /** Every onboarding's summary, sorted as the list shows them. */
  summaries(): readonly OnboardingSummaryView[];
  /** "Expiring" means within this many days (the earliest warning) or already expired. */
  expiringWithinDays(): number;
  now(): Date;
  /** The names the page shows for a program or environment (to sort by them); the ids when absent. */
  displayName?(kind: 'program' | 'environment', summary: OnboardingSummaryView): string;
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
    const now = source.now();
    const snapshot: Snapshot = {
      id: `snapshot-${taken}`,
      now,
      summaries,
      expiringWithinDays: source.expiringWithinDays(),
      statusCounts: statusCounts(summaries),
      timeline: expiryTimeline(summaries, now),
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
      expiry: query.expiry,
      withArchived: query.withArchived,
    };
    const key = JSON.stringify([
      filter.search?.trim().toLowerCase() ?? '',
      filter.program,
      filter.environment,
      filter.expiringOnly === true,
      filter.status,
      filter.withClientCertificate === true,
      filter.expiry,
      filter.withArchived === true,
      query.sort,
      query.descending === true,
    ]);
    if (snapshot.matched?.key !== key) {
      const matching = snapshot.summaries.filter((s) =>
        matchesFilter(s, filter, snapshot.expiringWithinDays, snapshot.now),
      );
      const name =
        source.displayName ??
        ((kind: 'program' | 'environment', s: OnboardingSummaryView) => s[kind]);
      snapshot.matched = {
        key,
        rows:
          query.sort === undefined
            ? matching
            : sortRows(matching, query.sort, query.descending === true, name),
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
