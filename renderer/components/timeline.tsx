// The expiry timeline: how many onboardings have their next expiry (their soonest certificate, of
// any kind) in each bucket, expired first, then each month as far as the latest expiry (main counts
// them over the whole inventory). Each bar stacks the kinds of certificate (colour, pattern and a
// legend with counts), carries its count as text, and is a button that filters the list to its
// onboardings. A "Today" line marks where this month stands.
import type { ExpiryBucket } from '../../shared/ipc-contract.js';
import {
  CERTIFICATE_KINDS,
  CERTIFICATE_KIND_NAMES,
  type CertificateKind,
} from '../../shared/onboarding-status.js';
import { monthName } from '../dates.js';

/** A bucket as read: "Expired" or "Mar 2027". */
export function bucketName(bucket: string): string {
  return bucket === 'expired' ? 'Expired' : monthName(bucket);
}

function kindsText(bucket: ExpiryBucket, kinds: readonly CertificateKind[]): string {
  return kinds
    .filter((k) => bucket.kinds[k] > 0)
    .map((k) => `${CERTIFICATE_KIND_NAMES[k].toLowerCase()} ${bucket.kinds[k]}`)
    .join(', ');
}

export function ExpiryTimeline(props: {
  buckets: readonly ExpiryBucket[];
  /** The bucket the list is filtered to, or null. */
  selected: string | null;
  onSelect(bucket: string | null): void;
  now: Date;
}) {
  const { buckets, selected } = props;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const months = buckets.filter((b) => b.bucket !== 'expired').length;
  const kindTotal = (k: CertificateKind) => buckets.reduce((sum, b) => sum + b.kinds[k], 0);
  const daysInMonth = new Date(
    Date.UTC(props.now.getUTCFullYear(), props.now.getUTCMonth() + 1, 0),
  ).getUTCDate();
  const todayAt = (props.now.getUTCDate() - 0.5) / daysInMonth;
  return (
    <figure className="timeline" aria-labelledby="timeline-caption">
      <figcaption id="timeline-caption">
        Onboardings by when their next certificate expires (the soonest one of each onboarding, of
        any kind): {total} in all, already expired and the next {months} months. Choose a bar to
        list its onboardings.
      </figcaption>
      <ul className="legend">
        {CERTIFICATE_KINDS.map((k) => (
          <li key={k}>
            <span className={`swatch ${k}`} aria-hidden="true" />
            {`${CERTIFICATE_KIND_NAMES[k]} (${kindTotal(k)})`}
          </li>
        ))}
      </ul>
      <div className="bars" role="group" aria-label="Expiry timeline">
        {buckets.map((b, i) => {
          const expired = b.bucket === 'expired';
          const first = i === 1;
          const showTick = expired || (i - 1) % 3 === 0;
          /** The year on the first tick and on the first tick of each year. */
          const withYear = first || Number(b.bucket.slice(5, 7)) <= 3;
          const label = `${bucketName(b.bucket)}: ${b.count} onboarding${b.count === 1 ? '' : 's'}${
            b.count > 0 ? ` (${kindsText(b, CERTIFICATE_KINDS)})` : ''
          }`;
          return (
            <button
              key={b.bucket}
              type="button"
              className={`bucket${expired ? ' expired' : ''}${selected === b.bucket ? ' selected' : ''}`}
              aria-pressed={selected === b.bucket}
              aria-label={label}
              title={label}
              disabled={b.count === 0 && selected !== b.bucket}
              onClick={() => props.onSelect(selected === b.bucket ? null : b.bucket)}
            >
              <span className="count" aria-hidden="true">
                {b.count > 0 ? b.count : ''}
              </span>
              <span className="stack" style={{ height: `${(b.count / max) * 100}%` }}>
                {CERTIFICATE_KINDS.filter((k) => b.kinds[k] > 0).map((k) => (
                  <span key={k} className={`segment ${k}`} style={{ flexGrow: b.kinds[k] }} />
                ))}
              </span>
              <span className="tick" aria-hidden="true">
                {showTick ? (expired ? 'Expired' : monthName(b.bucket, withYear)) : ''}
              </span>
              {first ? (
                <span className="today" style={{ left: `${todayAt * 100}%` }} aria-hidden="true">
                  <span>Today</span>
                </span>
              ) : null}
            </button>
          );
        })}
      </div>
    </figure>
  );
}
