// Home: the inventory of onboardings with filter, search and the expiry timeline. Main filters,
// searches and counts (renderer/inventory-window.ts); the page holds the rows near the view, and
// the list is windowed (only visible rows are in the DOM), so it opens and scrolls alike at 10 or
// 10,000 onboardings.
import { useRef, useState } from 'react';
import { call, errorMessage } from '../api.js';
import { ErrorNote } from '../components/common.js';
import { STEP_STATUSES, WIZARD_STEPS } from '../../shared/ipc-channels.js';
import { certificateTitle } from '../../shared/onboarding-status.js';
import type { StepStatus } from '../../shared/ipc-contract.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { ExpiryTimeline } from '../components/timeline.js';
import { UNFILTERED, useInventoryWindow, type HomeFilter } from '../inventory-window.js';

const ROW_HEIGHT = 40;
const VIEW_ROWS = 14;
/** Rows drawn above and below the view, so a fast scroll shows no gap for a frame. */
const OVERSCAN_ROWS = 4;

const STATUS_MARK: Record<StepStatus, string> = {
  done: '✓',
  missing: '·',
  failing: '✗',
  expiring: '!',
};
const STATUS_CHOICE: Record<StepStatus, string> = {
  done: 'Complete',
  expiring: 'Expiring',
  missing: 'Something missing',
  failing: 'Failing',
};

export function HomeScreen(props: {
  programs: readonly ProgramProfile[];
  onOpen(id: string): void;
  onNew(): void;
}) {
  const [filter, setFilter] = useState<HomeFilter>(UNFILTERED);
  const [scrollTop, setScrollTop] = useState(0);
  const list = useRef<HTMLDivElement>(null);
  const [calendar, setCalendar] = useState<{ note: string | null; error: string | null }>({
    note: null,
    error: null,
  });
  const programName = new Map(props.programs.map((p) => [p.id, p.displayName]));

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN_ROWS);
  // Rows wanted from main: those drawn and a view's worth either side, so a steady scroll finds them there.
  const inventory = useInventoryWindow(
    filter,
    first - VIEW_ROWS,
    first + 2 * (VIEW_ROWS + OVERSCAN_ROWS),
  );
  const shown = inventory.aggregates;
  const last = Math.min(shown?.matched ?? 0, first + VIEW_ROWS + 2 * OVERSCAN_ROWS);

  /** A new filter shows its rows from the top. */
  function change(patch: Partial<HomeFilter>) {
    setFilter((current) => ({ ...current, ...patch }));
    if (list.current) list.current.scrollTop = 0;
    setScrollTop(0);
  }

  async function exportCalendar() {
    try {
      const { path, events } = await call('calendar.export', {});
      setCalendar({
        note: path ? `${events} renewal reminder${events === 1 ? '' : 's'} saved to ${path}` : null,
        error: null,
      });
    } catch (e) {
      setCalendar({ note: null, error: errorMessage(e) });
    }
  }

  return (
    <section aria-labelledby="home-title">
      <div className="title-row">
        <h1 id="home-title">Onboardings</h1>
        <div className="actions">
          <button type="button" onClick={exportCalendar}>
            Export renewal reminders (.ics)…
          </button>
          <button type="button" className="primary" onClick={props.onNew}>
            New onboarding
          </button>
        </div>
      </div>
      {calendar.note ? (
        <p role="status" className="done-note">
          {calendar.note}
        </p>
      ) : null}
      <ErrorNote message={calendar.error} />
      <ErrorNote message={inventory.error} />
      {shown === null ? (
        inventory.error ? null : (
          <p role="status">Loading the onboardings…</p>
        )
      ) : (
        <>
          <ExpiryTimeline months={shown.timeline} />
          <div className="filters" role="search">
            <label>
              Search identifier{' '}
              <input
                type="search"
                value={filter.search}
                onChange={(e) => change({ search: e.target.value })}
              />
            </label>
            <label>
              Program
              <select value={filter.program} onChange={(e) => change({ program: e.target.value })}>
                <option value="">All programs</option>
                {props.programs.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.displayName}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Environment
              <select
                value={filter.environment}
                onChange={(e) =>
                  change({ environment: e.target.value as HomeFilter['environment'] })
                }
              >
                <option value="">All</option>
                <option value="preprod">Pre-production</option>
                <option value="sandbox">Sandbox</option>
                <option value="prod">Production</option>
              </select>
            </label>
            <label>
              Status
              <select
                value={filter.status}
                onChange={(e) => change({ status: e.target.value as HomeFilter['status'] })}
              >
                <option value="">Any</option>
                {STEP_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {STATUS_CHOICE[s]} ({shown.statusCounts[s]})
                  </option>
                ))}
              </select>
            </label>
            <label className="inline">
              <input
                type="checkbox"
                checked={filter.expiringOnly}
                onChange={(e) => change({ expiringOnly: e.target.checked })}
              />{' '}
              Expiring within {shown.expiringWithinDays} days
            </label>
          </div>
          <p className="count" aria-live="polite" aria-busy={!inventory.current}>
            {shown.matched} of {shown.total} onboardings
          </p>
          {shown.total === 0 ? (
            <p className="empty">
              No onboarding yet. Start with “New onboarding”: pick the Thales program, your
              identifier and the environment.
            </p>
          ) : (
            <div
              className="table"
              role="table"
              aria-label="Onboardings"
              aria-rowcount={shown.matched + 1}
            >
              <div className="row head" role="row">
                <span role="columnheader">Program</span>
                <span role="columnheader">Identifier</span>
                <span role="columnheader">Environment</span>
                <span role="columnheader">Steps</span>
                <span role="columnheader">Next expiry</span>
              </div>
              <div
                className="rows"
                ref={list}
                style={{ height: VIEW_ROWS * ROW_HEIGHT }}
                onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
                tabIndex={0}
                aria-label="Onboarding list, scrollable"
              >
                <div style={{ height: shown.matched * ROW_HEIGHT, position: 'relative' }}>
                  {Array.from({ length: Math.max(0, last - first) }, (_, i) => {
                    const index = first + i;
                    const o = inventory.row(index);
                    const place = {
                      position: 'absolute',
                      top: index * ROW_HEIGHT,
                      height: ROW_HEIGHT,
                      left: 0,
                      right: 0,
                    } as const;
                    if (o === undefined) {
                      return (
                        <div
                          key={`row-${index}`}
                          className="row loading"
                          role="row"
                          aria-rowindex={index + 2}
                          aria-busy="true"
                          style={place}
                        >
                          <span role="cell">Loading…</span>
                        </div>
                      );
                    }
                    const steps = WIZARD_STEPS.filter((s) => o.steps[s]);
                    return (
                      <div
                        key={o.id}
                        className="row"
                        role="row"
                        aria-rowindex={index + 2}
                        style={place}
                      >
                        <span role="cell">{programName.get(o.program) ?? o.program}</span>
                        <span role="cell">
                          <button type="button" className="link" onClick={() => props.onOpen(o.id)}>
                            {o.identifier}
                          </button>
                        </span>
                        <span role="cell">{o.environment}</span>
                        <span
                          role="cell"
                          className="steps"
                          aria-label={steps.map((s) => `${s} ${o.steps[s]}`).join(', ')}
                        >
                          {steps.map((s) => (
                            <span key={s} className={`mark ${o.steps[s]}`}>
                              {STATUS_MARK[o.steps[s]!]}
                            </span>
                          ))}
                        </span>
                        <span
                          role="cell"
                          className={
                            o.nextExpiry !== null &&
                            o.nextExpiry.daysLeft <= shown.expiringWithinDays
                              ? 'warn'
                              : ''
                          }
                          title={o.nextExpiry?.asset}
                        >
                          {o.nextExpiry
                            ? `${o.nextExpiry.daysLeft} days · ${certificateTitle(o.nextExpiry.asset)}`
                            : '—'}
                        </span>
                      </div>
                    );
                  })}
                </div>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
