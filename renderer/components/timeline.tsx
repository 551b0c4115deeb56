// The expiry timeline: how many onboardings have their next expiry (their soonest certificate, of
// any kind) in each bucket, expired first, then each month as far as the latest expiry (main counts
// them over the whole inventory). Each bar stacks the kinds of certificate (colour, pattern and a
// legend with counts), carries its count as text, and is a button that filters the list to its
// onboardings. A "Today" line marks where this month stands.
import type { ExpiryBucket } from '../../shared/ipc-contract.js';
import { CERTIFICATE_KINDS, type CertificateKind } from '../../shared/onboarding-status.js';
import { monthName } from '../dates.js';
import { useT, type Translate } from '../i18n/index.js';

/** A bucket as read: "Expired" or "Mar 2027" (in the app's language when `expired` is given). */
export function bucketName(bucket: string, expired = 'Expired'): string {
  return bucket === 'expired' ? expired : monthName(bucket);
}

function kindsText(t: Translate, bucket: ExpiryBucket, kinds: readonly CertificateKind[]): string {
  return kinds
    .filter((k) => bucket.kinds[k] > 0)
    .map((k) =>
      t('timeline.kindCount', {
        kind: t(`timeline.kind.${k}`).toLocaleLowerCase(),
        count: bucket.kinds[k],
      }),
    )
    .join(', ');
}

export function ExpiryTimeline(props: {
  buckets: readonly ExpiryBucket[];
  /** The bucket the list is filtered to, or null. */
  selected: string | null;
  onSelect(bucket: string | null): void;
  now: Date;
}) {
  const t = useT();
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
      <figcaption id="timeline-caption">{t('timeline.caption', { total, months })}</figcaption>
      <ul className="legend">
        {CERTIFICATE_KINDS.map((k) => (
          <li key={k}>
            <span className={`swatch ${k}`} aria-hidden="true" />
            {t('timeline.legendItem', { kind: t(`timeline.kind.${k}`), count: kindTotal(k) })}
          </li>
        ))}
      </ul>
      <div className="bars" role="group" aria-label={t('timeline.group')}>
        {buckets.map((b, i) => {
          const expired = b.bucket === 'expired';
          const first = i === 1;
          const showTick = expired || (i - 1) % 3 === 0;
          /** The year on the first tick and on the first tick of each year. */
          const withYear = first || Number(b.bucket.slice(5, 7)) <= 3;
          const name = bucketName(b.bucket, t('timeline.expired'));
          const label =
            b.count > 0
              ? t('timeline.barKinds', {
                  bucket: name,
                  count: b.count,
                  kinds: kindsText(t, b, CERTIFICATE_KINDS),
                })
              : t('timeline.bar', { bucket: name, count: b.count });
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
                {showTick ? (expired ? t('timeline.expired') : monthName(b.bucket, withYear)) : ''}
              </span>
              {first ? (
                <span className="today" style={{ left: `${todayAt * 100}%` }} aria-hidden="true">
                  <span>{t('timeline.today')}</span>
                </span>
              ) : null}
            </button>
          );
        })}
      </div>
    </figure>
  );
}
