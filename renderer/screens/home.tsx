// Home: the inventory of onboardings with filter, search and the expiry timeline. The list is
// windowed (only visible rows are in the DOM) so 10,000 onboardings scroll without jank.
import { useDeferredValue, useMemo, useState } from 'react';
import { call, errorMessage } from '../api.js';
import { ErrorNote } from '../components/common.js';
import { WIZARD_STEPS } from '../../shared/ipc-channels.js';
import type { OnboardingSummary, StepStatus } from '../../shared/ipc-contract.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { ExpiryTimeline } from '../components/timeline.js';

const ROW_HEIGHT = 40;
const VIEW_ROWS = 14;

const STATUS_MARK: Record<StepStatus, string> = { done: '✓', missing: '·', failing: '✗', expiring: '!' };

export function HomeScreen(props: {
  onboardings: readonly OnboardingSummary[];
  programs: readonly ProgramProfile[];
  expiryWarningDays: number;
  onOpen(id: string): void;
  onNew(): void;
}) {
  const [search, setSearch] = useState('');
  const [program, setProgram] = useState('');
  const [environment, setEnvironment] = useState('');
  const [expiringOnly, setExpiringOnly] = useState(false);
  const [scrollTop, setScrollTop] = useState(0);
  const [calendar, setCalendar] = useState<{ note: string | null; error: string | null }>({ note: null, error: null });
  const deferredSearch = useDeferredValue(search.trim().toLowerCase());
  const now = useMemo(() => new Date(), []);
  const programName = useMemo(() => new Map(props.programs.map((p) => [p.id, p.displayName])), [props.programs]);

  const rows = useMemo(() => props.onboardings.filter((o) =>
    (program === '' || o.program === program)
    && (environment === '' || o.environment === environment)
    && (!expiringOnly || (o.daysLeft !== null && o.daysLeft <= props.expiryWarningDays))
    && (deferredSearch === '' || o.identifier.toLowerCase().includes(deferredSearch))), [props.onboardings, program, environment, expiringOnly, deferredSearch, props.expiryWarningDays]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - 4);
  const visible = rows.slice(first, first + VIEW_ROWS + 8);

  async function exportCalendar() {
    try {
      const { path, events } = await call('calendar.export', {});
      setCalendar({ note: path ? `${events} renewal reminder${events === 1 ? '' : 's'} saved to ${path}` : null, error: null });
    } catch (e) {
      setCalendar({ note: null, error: errorMessage(e) });
    }
  }

  return (
    <section aria-labelledby="home-title">
      <div className="title-row">
        <h1 id="home-title">Onboardings</h1>
        <div className="actions">
          <button type="button" onClick={exportCalendar}>Export renewal reminders (.ics)…</button>
          <button type="button" className="primary" onClick={props.onNew}>New onboarding</button>
        </div>
      </div>
      {calendar.note ? <p role="status" className="done-note">{calendar.note}</p> : null}
      <ErrorNote message={calendar.error} />
      <ExpiryTimeline onboardings={props.onboardings} now={now} />
      <div className="filters" role="search">
        <label>Search identifier <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} /></label>
        <label>Program
          <select value={program} onChange={(e) => setProgram(e.target.value)}>
            <option value="">All programs</option>
            {props.programs.map((p) => <option key={p.id} value={p.id}>{p.displayName}</option>)}
          </select>
        </label>
        <label>Environment
          <select value={environment} onChange={(e) => setEnvironment(e.target.value)}>
            <option value="">All</option>
            <option value="preprod">Pre-production</option>
            <option value="sandbox">Sandbox</option>
            <option value="prod">Production</option>
          </select>
        </label>
        <label className="inline"><input type="checkbox" checked={expiringOnly} onChange={(e) => setExpiringOnly(e.target.checked)} /> Expiring within {props.expiryWarningDays} days</label>
      </div>
      <p className="count" aria-live="polite">{rows.length} of {props.onboardings.length} onboardings</p>
      {props.onboardings.length === 0 ? (
        <p className="empty">No onboarding yet. Start with “New onboarding”: pick the Thales program, your identifier and the environment.</p>
      ) : (
        <div className="table" role="table" aria-label="Onboardings" aria-rowcount={rows.length + 1}>
          <div className="row head" role="row">
            <span role="columnheader">Program</span><span role="columnheader">Identifier</span><span role="columnheader">Environment</span>
            <span role="columnheader">Steps</span><span role="columnheader">Days to expiry</span>
          </div>
          <div className="rows" style={{ height: VIEW_ROWS * ROW_HEIGHT }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} tabIndex={0} aria-label="Onboarding list, scrollable">
            <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
              {visible.map((o, i) => (
                <div key={o.id} className="row" role="row" aria-rowindex={first + i + 2} style={{ position: 'absolute', top: (first + i) * ROW_HEIGHT, height: ROW_HEIGHT, left: 0, right: 0 }}>
                  <span role="cell">{programName.get(o.program) ?? o.program}</span>
                  <span role="cell"><button type="button" className="link" onClick={() => props.onOpen(o.id)}>{o.identifier}</button></span>
                  <span role="cell">{o.environment}</span>
                  <span role="cell" className="steps" aria-label={WIZARD_STEPS.filter((s) => o.steps[s]).map((s) => `${s} ${o.steps[s]}`).join(', ')}>
                    {WIZARD_STEPS.filter((s) => o.steps[s]).map((s) => <span key={s} className={`mark ${o.steps[s]}`}>{STATUS_MARK[o.steps[s]!]}</span>)}
                  </span>
                  <span role="cell" className={o.daysLeft !== null && o.daysLeft <= props.expiryWarningDays ? 'warn' : ''}>{o.daysLeft ?? '—'}</span>
                </div>
              ))}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
