// The expiry timeline: how many onboardings have their next expiry (their soonest certificate, of
// any kind) in each of the coming months (main counts them over the whole inventory), as an SVG bar chart (no chart library), with the counts
// also given as text for screen readers.
import type { OnboardingQueryResult } from '../../shared/ipc-contract.js';

export function ExpiryTimeline({ months }: { months: OnboardingQueryResult['timeline'] }) {
  const max = Math.max(1, ...months.map((m) => m.count));
  const total = months.reduce((sum, m) => sum + m.count, 0);
  const width = 24;
  return (
    <figure className="timeline">
      <svg
        viewBox={`0 0 ${months.length * width} 80`}
        role="img"
        aria-label={`Expiry timeline: ${total} next expiries in the next ${months.length} months`}
        preserveAspectRatio="none"
      >
        {months.map((m, i) => {
          const h = (m.count / max) * 64;
          return (
            <g key={m.month}>
              <rect
                x={i * width + 3}
                y={70 - h}
                width={width - 6}
                height={h}
                className={i < 3 ? 'soon' : 'later'}
              >
                <title>{`${m.month}: ${m.count}`}</title>
              </rect>
              {i % 3 === 0 ? (
                <text x={i * width + 2} y={79} className="tick">
                  {m.month.slice(2)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        Next expiry of each onboarding, per month, next {months.length} months ({total} in all)
      </figcaption>
    </figure>
  );
}
