// The expiry timeline: how many client certificates expire in each of the next 24 months, as an
// SVG bar chart (no chart library), with the counts also given as text for screen readers.
import type { OnboardingSummary } from '../../shared/ipc-contract.js';

const MONTHS = 24;

export function expiryBuckets(onboardings: readonly OnboardingSummary[], now: Date): { label: string; count: number }[] {
  const buckets = Array.from({ length: MONTHS }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
    return { label: d.toISOString().slice(0, 7), count: 0 };
  });
  const base = now.getUTCFullYear() * 12 + now.getUTCMonth();
  for (const o of onboardings) {
    if (o.daysLeft === null) continue;
    const d = new Date(now.getTime() + o.daysLeft * 86_400_000);
    const index = d.getUTCFullYear() * 12 + d.getUTCMonth() - base;
    if (index >= 0 && index < MONTHS) buckets[index].count += 1;
  }
  return buckets;
}

export function ExpiryTimeline({ onboardings, now }: { onboardings: readonly OnboardingSummary[]; now: Date }) {
  const buckets = expiryBuckets(onboardings, now);
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const width = 24;
  return (
    <figure className="timeline">
      <svg viewBox={`0 0 ${MONTHS * width} 80`} role="img" aria-label={`Expiry timeline: ${total} client certificates expire in the next ${MONTHS} months`} preserveAspectRatio="none">
        {buckets.map((b, i) => {
          const h = (b.count / max) * 64;
          return (
            <g key={b.label}>
              <rect x={i * width + 3} y={70 - h} width={width - 6} height={h} className={i < 3 ? 'soon' : 'later'}>
                <title>{`${b.label}: ${b.count}`}</title>
              </rect>
              {i % 3 === 0 ? <text x={i * width + 2} y={79} className="tick">{b.label.slice(2)}</text> : null}
            </g>
          );
        })}
      </svg>
      <figcaption>Client certificates expiring per month, next {MONTHS} months ({total} in all)</figcaption>
    </figure>
  );
}
