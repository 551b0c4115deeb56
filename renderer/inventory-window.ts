// The home list's data: main filters, searches and sorts the inventory and answers one window of
// rows at a time with the aggregates; the page keeps the blocks of rows it has seen for the
// current filter and asks for the block the person scrolls to. One request at a time: while one
// is out, filter changes and scrolling only change what is asked next, so typing a search sends
// the latest text, not one request per keystroke in a queue.
import { useEffect, useState } from 'react';
import type {
  OnboardingQueryResult,
  OnboardingSortKey,
  OnboardingSummaryView,
  Requests,
  StepStatus,
} from '../shared/ipc-contract.js';
import type { EnvironmentId } from '../shared/programs/schema.js';
import { call, errorMessage, startAnswer } from './api.js';
import { BLOCK_ROWS } from './start-calls.js';

export interface HomeFilter {
  search: string;
  program: string;
  environment: EnvironmentId | '';
  expiringOnly: boolean;
  status: StepStatus | '';
  /** A timeline bucket ("expired" or "2027-03"), or '' for any. */
  expiry: string;
  sort: OnboardingSortKey | undefined;
  descending: boolean;
  withArchived: boolean;
  /** Raised after a change made here (an archive): the next answer is a new snapshot. */
  revision: number;
}

export type InventoryAggregates = Omit<OnboardingQueryResult, 'rows' | 'offset'>;

interface Loaded {
  /** The filter these rows are for (the page may already show another one's request on its way). */
  key: string;
  aggregates: InventoryAggregates;
  /** Rows by block number (row index / BLOCK_ROWS), all from aggregates.snapshot. */
  blocks: ReadonlyMap<number, readonly OnboardingSummaryView[]>;
}

export const UNFILTERED: HomeFilter = {
  search: '',
  program: '',
  environment: '',
  expiringOnly: false,
  status: '',
  expiry: '',
  sort: undefined,
  descending: false,
  withArchived: false,
  revision: 0,
};

function queryOf(filter: HomeFilter): Omit<Requests['onboardings.query'], 'offset' | 'limit'> {
  const search = filter.search.trim();
  return {
    search: search === '' ? undefined : search,
    program: filter.program === '' ? undefined : filter.program,
    environment: filter.environment === '' ? undefined : filter.environment,
    expiringOnly: filter.expiringOnly || undefined,
    status: filter.status === '' ? undefined : filter.status,
    expiry: filter.expiry === '' ? undefined : filter.expiry,
    sort: filter.sort,
    descending: filter.sort !== undefined && filter.descending ? true : undefined,
    withArchived: filter.withArchived || undefined,
  };
}

/** The block to ask for next: the first one of a new filter, else the first one in [firstRow, lastRow] not loaded yet. */
function nextBlock(
  loaded: Loaded | null,
  key: string,
  firstRow: number,
  lastRow: number,
): number | null {
  if (loaded === null || loaded.key !== key) return 0;
  const end = Math.min(lastRow, loaded.aggregates.matched - 1);
  for (
    let block = Math.floor(Math.max(0, firstRow) / BLOCK_ROWS);
    block * BLOCK_ROWS <= end;
    block++
  ) {
    if (!loaded.blocks.has(block)) return block;
  }
  return null;
}

export interface InventoryWindow {
  /** The answer shown (null until the first arrives); its filter may trail the one asked. */
  aggregates: InventoryAggregates | null;
  /** Whether what is shown is for the filter asked (false while a new filter's answer is on its way). */
  current: boolean;
  /** The row at this index among those matching, or undefined while its block is on its way. */
  row(index: number): OnboardingSummaryView | undefined;
  error: string | null;
}

export function useInventoryWindow(
  filter: HomeFilter,
  firstRow: number,
  lastRow: number,
): InventoryWindow {
  const key = JSON.stringify([queryOf(filter), filter.revision]);
  // The first block as the start script asked for it, when its answer is here: the first render
  // shows the rows.
  const [loaded, setLoaded] = useState<Loaded | null>(() => {
    const first = startAnswer('onboardings.query', {
      ...queryOf(filter),
      offset: 0,
      limit: BLOCK_ROWS,
    });
    if (first === undefined) return null;
    const { rows, offset, ...aggregates } = first;
    return { key, aggregates, blocks: new Map([[offset / BLOCK_ROWS, rows]]) };
  });
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<{ key: string; message: string } | null>(null);
  const block = nextBlock(loaded, key, firstRow, lastRow);
  const failed = failure !== null && failure.key === key;

  useEffect(() => {
    if (asking || block === null || failed) return;
    setAsking(true);
    // A change made here (a new revision) needs a new snapshot; a new filter reuses the one held.
    const sameRevision = loaded !== null && JSON.parse(loaded.key)[1] === filter.revision;
    const snapshot = sameRevision ? loaded.aggregates.snapshot : undefined;
    const request = { ...queryOf(filter), offset: block * BLOCK_ROWS, limit: BLOCK_ROWS, snapshot };
    call('onboardings.query', request)
      .then(
        ({ rows, offset, ...aggregates }) => {
          setFailure(null);
          setLoaded((before) => {
            // Blocks of another filter or snapshot (main took a new one) are not this list's rows.
            const keep =
              before !== null &&
              before.key === key &&
              before.aggregates.snapshot === aggregates.snapshot;
            const blocks = new Map(keep ? before.blocks : []);
            blocks.set(offset / BLOCK_ROWS, rows);
            // The same snapshot and filter have the same counts and timeline: the object kept,
            // what is drawn from it (the timeline) is not drawn again for each block.
            return { key, aggregates: keep ? before.aggregates : aggregates, blocks };
          });
        },
        (e) => setFailure({ key, message: errorMessage(e) }),
      )
      .finally(() => setAsking(false));
    // Runs again when the block needed or the filter changes, or once the request out returns;
    // filter and loaded are read as they are then.
  }, [asking, block, key, failed]);

  return {
    aggregates: loaded?.aggregates ?? null,
    current: loaded?.key === key,
    row: (index) => loaded?.blocks.get(Math.floor(index / BLOCK_ROWS))?.[index % BLOCK_ROWS],
    error: failed ? failure.message : null,
  };
}
