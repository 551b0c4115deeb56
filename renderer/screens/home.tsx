// Home: the inventory of onboardings with filter, search and the expiry timeline. Main filters,
// searches and counts (renderer/inventory-window.ts); the page holds the rows near the view, and
// the list is windowed (only visible rows are in the DOM), so it opens and scrolls alike at 10 or
// 10,000 onboardings.
import { useMemo, useRef, useState } from 'react';
import { call, errorMessage } from '../api.js';
import { ErrorNote } from '../components/common.js';
import { OnboardingDeletion, type DeletionTarget } from '../components/onboarding-deletion.js';
// names.js, not schema.js: the schema module is zod (400 KB), which stays out of the renderer.
import { ENVIRONMENT_IDS } from '../../shared/programs/names.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { STEP_STATUSES, WIZARD_STEPS, WIZARD_STEP_TITLES } from '../../shared/ipc-channels.js';
import { certificateTitle, environmentName } from '../../shared/onboarding-status.js';
import type {
  OnboardingSortKey,
  OnboardingSummaryView,
  StepStatus,
} from '../../shared/ipc-contract.js';
import { bucketName, ExpiryTimeline } from '../components/timeline.js';
import { exactTime, humanDate, relativeDays } from '../dates.js';
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
/** What each mark means, in the legend under the table's head. */
const STATUS_WORD: Record<StepStatus, string> = {
  done: 'done',
  expiring: 'expiring',
  missing: 'to do',
  failing: 'failing',
};
const STATUS_CHOICE: Record<StepStatus, string> = {
  done: 'Complete',
  expiring: 'Expiring',
  missing: 'Something missing',
  failing: 'Failing',
};

const COLUMNS: readonly { key: OnboardingSortKey; title: string }[] = [
  { key: 'program', title: 'Program' },
  { key: 'identifier', title: 'Identifier' },
  { key: 'environment', title: 'Environment' },
  { key: 'status', title: 'Steps' },
  { key: 'nextExpiry', title: 'Next expiry' },
];

/** The steps in words: the first failing, expiring or missing one (in that order of concern), or all done. */
function stepsText(o: OnboardingSummaryView): string {
  const steps = WIZARD_STEPS.filter((s) => o.steps[s]);
  const done = steps.filter((s) => o.steps[s] === 'done').length;
  for (const status of ['failing', 'expiring', 'missing'] as const) {
    const step = steps.find((s) => o.steps[s] === status);
    if (step)
      return `${done}/${steps.length} · ${status === 'missing' ? 'next' : status}: ${WIZARD_STEP_TITLES[step]}`;
  }
  return `${done}/${steps.length} · all done`;
}

export function HomeScreen(props: {
  programs: readonly ProgramProfile[];
  onOpen(id: string): void;
  onNew(): void;
}) {
  const [filter, setFilter] = useState<HomeFilter>(UNFILTERED);
  const [scrollTop, setScrollTop] = useState(0);
  const list = useRef<HTMLDivElement>(null);
  /** An archive asked for (to confirm), or one done (to undo). */
  const [archiving, setArchiving] = useState<{
    id: string;
    identifier: string;
    stage: 'confirm' | 'done' | 'restored';
  } | null>(null);
  const [archiveError, setArchiveError] = useState<string | null>(null);
  /** A delete asked for (components/onboarding-deletion.tsx confirms it, with Undo and Recently deleted). */
  const [deleting, setDeleting] = useState<DeletionTarget | null>(null);
  const [calendar, setCalendar] = useState<{ note: string | null; error: string | null }>({
    note: null,
    error: null,
  });
  const programName = new Map(props.programs.map((p) => [p.id, p.displayName]));
  const profileOf = new Map(props.programs.map((p) => [p.id, p]));
  /** One name per environment id in the filter: the profiles' own when they agree on one. */
  const environmentChoices = ENVIRONMENT_IDS.filter((id) =>
    props.programs.some((p) => p.environments.some((e) => e.id === id)),
  ).map((id) => ({
    id,
    name: [
      ...new Set(
        props.programs
          .filter((p) => p.environments.some((e) => e.id === id))
          .map((p) => environmentName(p, id)),
      ),
    ].join(' / '),
  }));

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN_ROWS);
  // Rows wanted from main: those drawn and a view's worth either side, so a steady scroll finds them there.
  const inventory = useInventoryWindow(
    filter,
    first - VIEW_ROWS,
    first + 2 * (VIEW_ROWS + OVERSCAN_ROWS),
  );
  const shown = inventory.aggregates;
  const last = Math.min(shown?.matched ?? 0, first + VIEW_ROWS + 2 * OVERSCAN_ROWS);

  // The same element while its data stays: a scroll re-renders the rows, not the timeline's bars.
  const timelineData = shown?.timeline;
  const timeline = useMemo(
    () =>
      timelineData ? (
        <ExpiryTimeline
          buckets={timelineData}
          selected={filter.expiry === '' ? null : filter.expiry}
          onSelect={(bucket) => change({ expiry: bucket ?? '' })}
          now={new Date()}
        />
      ) : null,
    // `change` only sets state through setters and the list's ref, which never change.
    [timelineData, filter.expiry],
  );

  /** A new filter shows its rows from the top. */
  function change(patch: Partial<HomeFilter>) {
    setFilter((current) => ({ ...current, ...patch }));
    if (list.current) list.current.scrollTop = 0;
    setScrollTop(0);
  }

  async function setArchived(id: string, identifier: string, archived: boolean) {
    try {
      await call('onboarding.archive', { id, archived });
      setArchiveError(null);
      setArchiving({ id, identifier, stage: archived ? 'done' : 'restored' });
      setFilter((current) => ({ ...current, revision: current.revision + 1 }));
    } catch (e) {
      setArchiveError(errorMessage(e));
    }
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
      <ErrorNote message={archiveError} />
      {archiving?.stage === 'confirm' ? (
        <div className="confirm-bar" role="alertdialog" aria-label="Archive an onboarding">
          <p>
            Archive {archiving.identifier}? It leaves this list but is kept whole, keys included:
            “Show archived” lists it again, with Restore.
          </p>
          <button
            type="button"
            className="primary"
            onClick={() => void setArchived(archiving.id, archiving.identifier, true)}
          >
            Archive {archiving.identifier}
          </button>
          <button type="button" onClick={() => setArchiving(null)}>
            Cancel
          </button>
        </div>
      ) : null}
      {archiving?.stage === 'done' ? (
        <p role="status" className="done-note">
          {archiving.identifier} archived.{' '}
          <button
            type="button"
            className="link"
            onClick={() => void setArchived(archiving.id, archiving.identifier, false)}
          >
            Undo
          </button>
        </p>
      ) : null}
      {archiving?.stage === 'restored' ? (
        <p role="status" className="done-note">
          {archiving.identifier} restored.
        </p>
      ) : null}
      <OnboardingDeletion
        asked={deleting}
        onAskDone={() => setDeleting(null)}
        onChanged={() => setFilter((current) => ({ ...current, revision: current.revision + 1 }))}
      />
      <ErrorNote message={inventory.error} />
      {shown === null ? (
        inventory.error ? null : (
          <p role="status">Loading the onboardings…</p>
        )
      ) : (
        <>
          {timeline}
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
                {environmentChoices.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
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
            <label className="inline">
              <input
                type="checkbox"
                checked={filter.withArchived}
                onChange={(e) => change({ withArchived: e.target.checked })}
              />{' '}
              Show archived
            </label>
            {filter.expiry !== '' ? (
              <p className="chip-filter">
                Next expiry: {bucketName(filter.expiry)}{' '}
                <button type="button" className="link" onClick={() => change({ expiry: '' })}>
                  Show every expiry
                </button>
              </p>
            ) : null}
          </div>
          <p className="count" aria-live="polite" aria-busy={!inventory.current}>
            {shown.matched} of {shown.total} onboardings
          </p>
          {shown.total > 0 ? (
            <p className="legend-line">
              Steps:{' '}
              {STEP_STATUSES.map((s) => (
                <span key={s}>
                  <span className={`mark ${s}`} aria-hidden="true">
                    {STATUS_MARK[s]}
                  </span>{' '}
                  {STATUS_WORD[s]}{' '}
                </span>
              ))}
            </p>
          ) : null}

          {shown.total === 0 ? (
            <p className="empty">
              No onboarding yet. Start with “New onboarding”: pick the Thales program, your
              identifier and the environment.
            </p>
          ) : shown.matched === 0 ? (
            <p className="empty" role="status">
              No onboarding matches these filters.{' '}
              <button type="button" className="link" onClick={() => change(UNFILTERED)}>
                Clear the filters
              </button>
            </p>
          ) : (
            <div
              className="table"
              role="table"
              aria-label="Onboardings"
              aria-rowcount={shown.matched + 1}
            >
              <div className="row head" role="row">
                {COLUMNS.map((c) => {
                  const sorted = filter.sort === c.key;
                  return (
                    <span
                      key={c.key}
                      role="columnheader"
                      aria-sort={
                        sorted ? (filter.descending ? 'descending' : 'ascending') : undefined
                      }
                    >
                      <button
                        type="button"
                        className="sort"
                        onClick={() =>
                          change({
                            sort: c.key,
                            descending: sorted ? !filter.descending : false,
                          })
                        }
                      >
                        {c.title}
                        <span aria-hidden="true" className="sort-mark">
                          {sorted ? (filter.descending ? ' ▼' : ' ▲') : ''}
                        </span>
                      </button>
                    </span>
                  );
                })}
                <span role="columnheader" className="visually-hidden">
                  Actions
                </span>
              </div>
              <div
                className="rows"
                ref={list}
                style={{ height: Math.min(shown.matched, VIEW_ROWS) * ROW_HEIGHT }}
                // Kept to whole rows: a scroll within a row changes no state, so renders nothing.
                onScroll={(e) =>
                  setScrollTop(Math.floor(e.currentTarget.scrollTop / ROW_HEIGHT) * ROW_HEIGHT)
                }
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
                          {o.archived ? <span className="tag"> archived</span> : null}
                        </span>
                        <span role="cell">
                          {environmentName(profileOf.get(o.program), o.environment)}
                        </span>
                        <span
                          role="cell"
                          className="steps"
                          aria-label={steps.map((s) => `${s} ${o.steps[s]}`).join(', ')}
                        >
                          {steps.map((s) => (
                            <span
                              key={s}
                              className={`mark ${o.steps[s]}`}
                              title={`${WIZARD_STEP_TITLES[s]}: ${STATUS_WORD[o.steps[s]!]}`}
                            >
                              {STATUS_MARK[o.steps[s]!]}
                            </span>
                          ))}
                          <span className="step-text">{stepsText(o)}</span>
                        </span>
                        <span
                          role="cell"
                          className={
                            o.nextExpiry !== null &&
                            o.nextExpiry.daysLeft <= shown.expiringWithinDays
                              ? 'warn'
                              : ''
                          }
                          title={
                            o.nextExpiry
                              ? `${humanDate(o.nextExpiry.notAfter)}: ${exactTime(o.nextExpiry.notAfter)} (${o.nextExpiry.asset})`
                              : undefined
                          }
                        >
                          {o.nextExpiry
                            ? `${o.nextExpiry.daysLeft < 0 ? 'expired ' : ''}${relativeDays(o.nextExpiry.daysLeft)} · ${certificateTitle(o.nextExpiry.asset)}`
                            : '—'}
                        </span>
                        <span role="cell">
                          {o.archived ? (
                            <button
                              type="button"
                              className="link"
                              title={`Restore ${o.identifier}`}
                              onClick={() => void setArchived(o.id, o.identifier, false)}
                            >
                              Restore
                            </button>
                          ) : (
                            <button
                              type="button"
                              className="link quiet"
                              title={`Archive ${o.identifier}…`}
                              onClick={() =>
                                setArchiving({
                                  id: o.id,
                                  identifier: o.identifier,
                                  stage: 'confirm',
                                })
                              }
                            >
                              Archive…
                            </button>
                          )}{' '}
                          <button
                            type="button"
                            className="link quiet"
                            title={`Delete ${o.identifier}…`}
                            onClick={() => {
                              setArchiving(null);
                              setDeleting({ id: o.id, identifier: o.identifier });
                            }}
                          >
                            Delete…
                          </button>
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
