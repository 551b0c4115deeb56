// Home: the inventory of onboardings with filter, search and the expiry timeline. Main filters,
// searches and counts (renderer/inventory-window.ts); the page holds the rows near the view, and
// the list is windowed (only visible rows are in the DOM), so it opens and scrolls alike at 10 or
// 10,000 onboardings.
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { call, errorMessage } from '../api.js';
import { certificateName, environmentLabel, ErrorNote, statusWord } from '../components/common.js';
import { OnboardingDeletion, type DeletionTarget } from '../components/onboarding-deletion.js';
// names.js, not schema.js: the schema module is zod (400 KB), which stays out of the renderer.
import { ENVIRONMENT_IDS } from '../../shared/programs/names.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { STEP_STATUSES, WIZARD_STEPS } from '../../shared/ipc-channels.js';
import type {
  OnboardingSortKey,
  OnboardingSummaryView,
  StepStatus,
} from '../../shared/ipc-contract.js';
import { bucketName, ExpiryTimeline } from '../components/timeline.js';
import { exactTime, humanDate, relativeDays } from '../dates.js';
import { UNFILTERED, useInventoryWindow, type HomeFilter } from '../inventory-window.js';
import { BLOCK_ROWS } from '../start-calls.js';
import { useLocale, useT, type Translate } from '../i18n/index.js';
import { useWords } from '../wizard/words.js';
import type { WizardStepId } from '../../shared/wizard-steps.js';

const ROW_HEIGHT = 40;
const VIEW_ROWS = 14;
/**
 * Rows drawn beyond the view on the side the list is scrolling to, so a scroll shows no gap for
 * the frame its rows take to come; one row on the other side (rows behind are leaving the view).
 */
const OVERSCAN_ROWS = 4;

const STATUS_MARK: Record<StepStatus, string> = {
  done: '✓',
  missing: '·',
  failing: '✗',
  expiring: '!',
};
/** The list's sortable columns, in order (their titles are `home.col.<key>`). */
const COLUMNS: readonly OnboardingSortKey[] = [
  'program',
  'identifier',
  'environment',
  'status',
  'nextExpiry',
];

/** The steps in words: the first failing, expiring or missing one (in that order of concern), or all done. */
function stepsText(
  t: Translate,
  stepTitle: (step: WizardStepId) => string,
  o: OnboardingSummaryView,
): string {
  const steps = WIZARD_STEPS.filter((s) => o.steps[s]);
  const done = steps.filter((s) => o.steps[s] === 'done').length;
  for (const status of ['failing', 'expiring', 'missing'] as const) {
    const step = steps.find((s) => o.steps[s] === status);
    if (step)
      return t(`home.steps.${status}`, { done, total: steps.length, step: stepTitle(step) });
  }
  return t('home.steps.allDone', { done, total: steps.length });
}

export function HomeScreen(props: {
  programs: readonly ProgramProfile[];
  onOpen(id: string): void;
  onNew(): void;
}) {
  const t = useT();
  const locale = useLocale();
  const words = useWords();
  const language = useMemo<RowLanguage>(() => ({ t, words, locale }), [t, words, locale]);
  const [filter, setFilter] = useState<HomeFilter>(UNFILTERED);
  /**
   * The rows the list draws, as far as main's blocks go: the list (HomeRows) scrolls by itself and
   * says when it needs other blocks, so a scroll renders the rows, not this screen.
   */
  const [drawn, setDrawn] = useState(INITIAL_ROWS);
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
  const programs = useMemo(
    () => ({
      names: new Map(props.programs.map((p) => [p.id, p.displayName])),
      profiles: new Map(props.programs.map((p) => [p.id, p])),
    }),
    [props.programs],
  );
  /** One name per environment id in the filter: the profiles' own when they agree on one. */
  const environmentChoices = ENVIRONMENT_IDS.filter((id) =>
    props.programs.some((p) => p.environments.some((e) => e.id === id)),
  ).map((id) => ({
    id,
    name: [
      ...new Set(
        props.programs
          .filter((p) => p.environments.some((e) => e.id === id))
          .map((p) => environmentLabel(t, locale, p, id)),
      ),
    ].join(' / '),
  }));

  // The rows' buttons, one object made once (setArchived only calls main and state setters); the
  // opening goes to the latest onOpen.
  const onOpen = useRef(props.onOpen);
  useLayoutEffect(() => {
    onOpen.current = props.onOpen;
  });
  const [rowActions] = useState<RowActions>(() => ({
    open: (id) => onOpen.current(id),
    askArchive: (id, identifier) => setArchiving({ id, identifier, stage: 'confirm' }),
    restore: (id, identifier) => void setArchived(id, identifier, false),
    askDelete: (id, identifier) => {
      setArchiving(null);
      setDeleting({ id, identifier });
    },
  }));

  // Rows wanted from main: those drawn and a view's worth either side, so a steady scroll finds them there.
  const inventory = useInventoryWindow(filter, ...wantedRows(drawn));
  const shown = inventory.aggregates;
  const onDrawn = useMemo(
    () => (rows: DrawnRows) => setDrawn((before) => (sameBlocks(before, rows) ? before : rows)),
    [],
  );

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
    // `change` only sets state through setters, which never change; the
    // locale is there for the dates the bars are named by.
    [timelineData, filter.expiry, locale],
  );

  /** A new filter shows its rows from the top. */
  function change(patch: Partial<HomeFilter>) {
    setFilter((current) => ({ ...current, ...patch }));
    setDrawn(INITIAL_ROWS);
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
        note: path ? t('home.calendarSaved', { count: events, path }) : null,
        error: null,
      });
    } catch (e) {
      setCalendar({ note: null, error: errorMessage(e) });
    }
  }

  return (
    <section aria-labelledby="home-title">
      <div className="title-row">
        <h1 id="home-title">{t('home.title')}</h1>
        <div className="actions">
          <button type="button" onClick={exportCalendar}>
            {t('home.exportCalendar')}
          </button>
          <button type="button" className="primary" onClick={props.onNew}>
            {t('home.new')}
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
        <div className="confirm-bar" role="alertdialog" aria-label={t('home.archive.dialog')}>
          <p>{t('home.archive.sentence', { identifier: archiving.identifier })}</p>
          <button
            type="button"
            className="primary"
            onClick={() => void setArchived(archiving.id, archiving.identifier, true)}
          >
            {t('home.archive.action', { identifier: archiving.identifier })}
          </button>
          <button type="button" onClick={() => setArchiving(null)}>
            {t('home.cancel')}
          </button>
        </div>
      ) : null}
      {archiving?.stage === 'done' ? (
        <p role="status" className="done-note">
          {t('home.archive.done', { identifier: archiving.identifier })}{' '}
          <button
            type="button"
            className="link"
            onClick={() => void setArchived(archiving.id, archiving.identifier, false)}
          >
            {t('home.undo')}
          </button>
        </p>
      ) : null}
      {archiving?.stage === 'restored' ? (
        <p role="status" className="done-note">
          {t('home.restored', { identifier: archiving.identifier })}
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
          <p role="status">{t('home.loading')}</p>
        )
      ) : (
        <>
          {timeline}
          <div className="filters" role="search">
            <label>
              {t('home.search')}{' '}
              <input
                type="search"
                value={filter.search}
                onChange={(e) => change({ search: e.target.value })}
              />
            </label>
            <label>
              {t('home.filter.program')}
              <select value={filter.program} onChange={(e) => change({ program: e.target.value })}>
                <option value="">{t('home.filter.allPrograms')}</option>
                {props.programs.map((p) => (
                  <option key={p.id} value={p.id} data-profile>
                    {p.displayName}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('home.filter.environment')}
              <select
                value={filter.environment}
                onChange={(e) =>
                  change({ environment: e.target.value as HomeFilter['environment'] })
                }
              >
                <option value="">{t('home.filter.allEnvironments')}</option>
                {environmentChoices.map((e) => (
                  <option key={e.id} value={e.id} data-profile>
                    {e.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('home.filter.status')}
              <select
                value={filter.status}
                onChange={(e) => change({ status: e.target.value as HomeFilter['status'] })}
              >
                <option value="">{t('home.filter.anyStatus')}</option>
                {STEP_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t('home.filter.statusCount', {
                      status: t(`home.status.choice.${s}`),
                      count: shown.statusCounts[s],
                    })}
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
              {t('home.filter.expiring', { days: shown.expiringWithinDays })}
            </label>
            <label className="inline">
              <input
                type="checkbox"
                checked={filter.withArchived}
                onChange={(e) => change({ withArchived: e.target.checked })}
              />{' '}
              {t('home.filter.archived')}
            </label>
            {filter.expiry !== '' ? (
              <p className="chip-filter">
                {t('home.filter.expiry', {
                  bucket: bucketName(filter.expiry, t('timeline.expired')),
                })}{' '}
                <button type="button" className="link" onClick={() => change({ expiry: '' })}>
                  {t('home.filter.everyExpiry')}
                </button>
              </p>
            ) : null}
          </div>
          <p className="count" aria-live="polite" aria-busy={!inventory.current}>
            {t('home.count', { matched: shown.matched, total: shown.total })}
          </p>
          {shown.total > 0 ? (
            <p className="legend-line">
              {t('home.legend')}{' '}
              {STEP_STATUSES.map((s) => (
                <span key={s}>
                  <span className={`mark ${s}`} aria-hidden="true">
                    {STATUS_MARK[s]}
                  </span>{' '}
                  {statusWord(t, s)}{' '}
                </span>
              ))}
            </p>
          ) : null}

          {shown.total === 0 ? (
            <p className="empty">{t('home.empty')}</p>
          ) : shown.matched === 0 ? (
            <p className="empty" role="status">
              {t('home.noMatch')}{' '}
              <button type="button" className="link" onClick={() => change(UNFILTERED)}>
                {t('home.clearFilters')}
              </button>
            </p>
          ) : (
            <div
              className="table"
              role="table"
              aria-label={t('home.title')}
              aria-rowcount={shown.matched + 1}
            >
              <div className="row head" role="row">
                {COLUMNS.map((c) => {
                  const sorted = filter.sort === c;
                  return (
                    <span
                      key={c}
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
                            sort: c,
                            descending: sorted ? !filter.descending : false,
                          })
                        }
                      >
                        {t(`home.col.${c}`)}
                        <span aria-hidden="true" className="sort-mark">
                          {sorted ? (filter.descending ? ' ▼' : ' ▲') : ''}
                        </span>
                      </button>
                    </span>
                  );
                })}
                <span role="columnheader" className="visually-hidden">
                  {t('home.col.actions')}
                </span>
              </div>
              <HomeRows
                // A new filter is a new list, from its top (an archive, a new revision, keeps the place).
                key={JSON.stringify({ ...filter, revision: 0 })}
                matched={shown.matched}
                row={inventory.row}
                programs={programs}
                expiringWithinDays={shown.expiringWithinDays}
                actions={rowActions}
                language={language}
                onDrawn={onDrawn}
              />
            </div>
          )}
        </>
      )}
    </section>
  );
}

/**
 * How many views down the page's first list rehearses its scroll once idle: as far as main's first
 * block of rows goes (the start call brings it), so the rehearsal asks main for nothing.
 */
const REHEARSED_VIEWS = Math.floor((BLOCK_ROWS - VIEW_ROWS) / VIEW_ROWS);
/** Whether this page has rehearsed the list's scroll (its code is warm from then on). */
let rehearsed = false;

/** Rows drawn, first and last (exclusive), by the list. */
interface DrawnRows {
  first: number;
  last: number;
}

/** The rows asked of main for what is drawn: those and a view's worth either side. */
function wantedRows(drawn: DrawnRows): [number, number] {
  return [drawn.first - VIEW_ROWS, drawn.last + VIEW_ROWS];
}

/** Whether two drawn windows need the same blocks of main's rows (then the screen need not render). */
function sameBlocks(a: DrawnRows, b: DrawnRows): boolean {
  const blocks = (rows: DrawnRows) =>
    wantedRows(rows).map((row) => Math.floor(Math.max(0, row) / BLOCK_ROWS));
  const [a0, a1] = blocks(a);
  const [b0, b1] = blocks(b);
  return a0 === b0 && a1 === b1;
}

/** The list's scroll in whole rows: its top row, and how many rows the last scroll moved it (up: negative). */
interface Scroll {
  top: number;
  by: number;
}

/**
 * The rows drawn at a scroll: the view (rows `top` to `top + VIEW_ROWS`, the last partly shown
 * unless the scroll is a whole number of rows), a few rows beyond it on the side the list moves
 * to, and one on the other. A scroll that moved more than a view at once (a fling, the scrollbar
 * dragged, End) draws one row beyond, not a few: its next step lands past any rows drawn ahead,
 * so they would be drawn for no frame to show.
 */
function drawnAt({ top, by }: Scroll): DrawnRows {
  const ahead = Math.abs(by) > VIEW_ROWS ? 1 : OVERSCAN_ROWS;
  return by < 0
    ? { first: Math.max(0, top - ahead), last: top + VIEW_ROWS + 1 }
    : { first: Math.max(0, top - 1), last: top + VIEW_ROWS + ahead };
}

/** The list at its top, as it opens, and the rows it draws there. */
const AT_TOP: Scroll = { top: 0, by: 0 };
const INITIAL_ROWS = drawnAt(AT_TOP);

/**
 * The list's rows, windowed: only the rows in view (and a few on the side it scrolls to) are in
 * the page. It keeps its own scroll, so scrolling renders this and the rows coming into view only.
 */
const HomeRows = memo(function HomeRows({
  matched,
  row,
  programs,
  expiringWithinDays,
  actions,
  language,
  onDrawn,
}: {
  matched: number;
  row(index: number): OnboardingSummaryView | undefined;
  programs: { names: Map<string, string>; profiles: Map<string, ProgramProfile> };
  expiringWithinDays: number;
  actions: RowActions;
  language: RowLanguage;
  onDrawn(rows: DrawnRows): void;
}) {
  const { t } = language;
  const [scroll, setScroll] = useState(AT_TOP);
  /** The top row as last scrolled to (events may come faster than renders). */
  const scrolledTo = useRef(0);
  /**
   * A view more drawn below while the list is still at its top, once the page is idle: a fresh
   * page's first layout of rows is its dearest (about 20 ms for a view of them, then 3–5 ms), and
   * the first scroll then finds its rows laid out. Only at the top: scrolled, the usual window.
   * The same idle moment rehearses the page's first scroll, once per page (below).
   */
  const [aheadAtTop, setAheadAtTop] = useState(0);
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const idle = requestIdleCallback(() => {
      if (scrolledTo.current !== 0) return;
      // Only views the list has (a list of one view has no scroll to rehearse).
      const views = Math.min(REHEARSED_VIEWS, Math.floor((matched - 1) / VIEW_ROWS));
      if (!rehearsed && views > 0) {
        // The page's first scroll, drawn and laid out once in this one task (nothing of it is
        // painted): a fresh page runs the scroll's code cold, and its first scroll frames took
        // 35–55 ms against 10–20 for the same frames of a second scroll.
        rehearsed = true;
        for (let view = 1; view <= views; view++) {
          flushSync(() => setScroll({ top: view * VIEW_ROWS, by: VIEW_ROWS }));
          void list.current?.lastElementChild?.getBoundingClientRect();
        }
        flushSync(() => setScroll(AT_TOP));
      }
      setAheadAtTop(VIEW_ROWS);
    });
    return () => cancelIdleCallback(idle);
  }, []);
  const drawn = drawnAt(scroll);
  const { first } = drawn;
  const last = Math.min(matched, drawn.last + (scroll.top === 0 ? aheadAtTop : 0));
  return (
    <div
      className="rows"
      style={{
        height: Math.min(matched, VIEW_ROWS) * ROW_HEIGHT,
        // The rows' own height (styles.css), from the one constant the windowing counts with.
        ['--row-height' as string]: `${ROW_HEIGHT}px`,
      }}
      // Kept to whole rows: a scroll within a row changes no state, so renders nothing.
      onScroll={(e) => {
        const top = Math.floor(e.currentTarget.scrollTop / ROW_HEIGHT);
        if (top === scrolledTo.current) return;
        const moved = { top, by: top - scrolledTo.current };
        scrolledTo.current = top;
        setScroll(moved);
        onDrawn(drawnAt(moved));
      }}
      tabIndex={0}
      aria-label={t('home.listScrollable')}
    >
      <div ref={list} style={{ height: matched * ROW_HEIGHT, position: 'relative' }}>
        {Array.from({ length: Math.max(0, last - first) }, (_, i) => {
          const index = first + i;
          const o = row(index);
          if (o === undefined) {
            return (
              <div
                key={`row-${index}`}
                className="row loading"
                role="row"
                aria-rowindex={index + 2}
                aria-busy="true"
                style={{ top: index * ROW_HEIGHT }}
              >
                <span role="cell">{t('home.rowLoading')}</span>
              </div>
            );
          }
          return (
            <HomeRow
              key={o.id}
              o={o}
              index={index}
              programName={programs.names.get(o.program) ?? o.program}
              profile={programs.profiles.get(o.program)}
              expiringWithinDays={expiringWithinDays}
              actions={actions}
              language={language}
            />
          );
        })}
      </div>
    </div>
  );
});

/** What a row is worded with: read once by the list, not by each of its rows. */
interface RowLanguage {
  t: Translate;
  words: ReturnType<typeof useWords>;
  locale: ReturnType<typeof useLocale>;
}

/** What a row's buttons do (one object for the list's life, so a row drawn before is not drawn again). */
interface RowActions {
  open(id: string): void;
  askArchive(id: string, identifier: string): void;
  restore(id: string, identifier: string): void;
  askDelete(id: string, identifier: string): void;
}

/**
 * One onboarding of the list. Memoised: a scroll draws the rows that come into view, and the rows
 * still in view are left as they are.
 */
const HomeRow = memo(function HomeRow({
  o,
  index,
  programName,
  profile,
  expiringWithinDays,
  actions,
  language,
}: {
  o: OnboardingSummaryView;
  index: number;
  programName: string;
  profile: ProgramProfile | undefined;
  expiringWithinDays: number;
  actions: RowActions;
  /** The list's translator, words and locale (the same objects while the language stays). */
  language: RowLanguage;
}) {
  const { t, words, locale } = language;
  const steps = WIZARD_STEPS.filter((s) => o.steps[s]);
  // Each step and its status, read out for the cell and shown on hover over its marks.
  const stepStatuses = steps
    .map((s) => `${words.stepTitle(s)}: ${statusWord(t, o.steps[s]!)}`)
    .join(', ');
  return (
    <div className="row" role="row" aria-rowindex={index + 2} style={{ top: index * ROW_HEIGHT }}>
      <span role="cell" data-profile>
        {programName}
      </span>
      <span role="cell">
        <button type="button" className="link" onClick={() => actions.open(o.id)}>
          {o.identifier}
        </button>
        {o.archived ? <span className="tag"> {t('home.archivedTag')}</span> : null}
      </span>
      <span role="cell" data-profile>
        {environmentLabel(t, locale, profile, o.environment)}
      </span>
      <span role="cell" className="steps" aria-label={stepStatuses} title={stepStatuses}>
        {steps.map((s) => (
          <span key={s} className={`mark ${o.steps[s]}`}>
            {STATUS_MARK[o.steps[s]!]}
          </span>
        ))}
        <span className="step-text">{stepsText(t, words.stepTitle, o)}</span>
      </span>
      <span
        role="cell"
        className={
          o.nextExpiry !== null && o.nextExpiry.daysLeft <= expiringWithinDays ? 'warn' : ''
        }
        title={
          o.nextExpiry
            ? `${humanDate(o.nextExpiry.notAfter)}: ${exactTime(o.nextExpiry.notAfter)} (${o.nextExpiry.asset})`
            : undefined
        }
      >
        {o.nextExpiry ? (
          <>
            {o.nextExpiry.daysLeft < 0 ? (
              t('home.expiry.expired', {
                relative: relativeDays(o.nextExpiry.daysLeft),
              })
            ) : (
              <span className="when">{relativeDays(o.nextExpiry.daysLeft)}</span>
            )}
            {' · '}
            {certificateName(t, o.nextExpiry.asset)}
          </>
        ) : (
          '—'
        )}
      </span>
      <span role="cell">
        {o.archived ? (
          <button
            type="button"
            className="link"
            title={t('home.restoreTitle', { identifier: o.identifier })}
            onClick={() => actions.restore(o.id, o.identifier)}
          >
            {t('home.restore')}
          </button>
        ) : (
          <button
            type="button"
            className="link quiet"
            title={t('home.archive.askTitle', { identifier: o.identifier })}
            onClick={() => actions.askArchive(o.id, o.identifier)}
          >
            {t('home.archive.ask')}
          </button>
        )}{' '}
        <button
          type="button"
          className="link quiet"
          title={t('home.delete.askTitle', { identifier: o.identifier })}
          onClick={() => actions.askDelete(o.id, o.identifier)}
        >
          {t('home.delete.ask')}
        </button>
      </span>
    </div>
  );
});
