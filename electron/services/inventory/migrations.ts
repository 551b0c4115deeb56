// Earlier layouts of the inventory and how each becomes the next: v1 held one identity per
// onboarding and the onboardings in a list; v2 kept each connection test's full result inline;
// v3 kept the onboardings in the metadata file, rewritten whole on every change (v4 moves them to
// their own snapshot and journal, journal.ts). Migrations run inside the data folder's lock; a
// store written by a newer version is refused.
import { UserError } from '../errors.js';
import type { KeyValueStore } from '../store.js';
import type { TestRunFiles } from '../test-runs.js';
import { InventoryJournal } from './journal.js';
import {
  INVENTORY_SCHEMA_VERSION,
  MAX_TESTS_KEPT,
  summaryFields,
  type IdentityRecord,
  type OnboardingRecord,
  type TestRunSummary,
} from './records.js';

/** v1: before renewals, one identity per onboarding and the onboardings in a list. */
interface OnboardingV1 extends Omit<OnboardingRecord, 'identities'> {
  identity: Omit<
    IdentityRecord,
    'predecessorId' | 'retiredAt' | 'issuerChain' | 'certificateFindings'
  > | null;
}

/** v2: each test run with its full result inline. */
interface TestRunV2 extends Omit<TestRunSummary, 'diagnosis' | 'ms'> {
  result: unknown;
}

const MIGRATIONS: Record<number, (store: KeyValueStore, runs: TestRunFiles) => void> = {
  1: (store) => {
    const list = store.get<OnboardingV1[]>('onboardings') ?? [];
    const byId: Record<string, OnboardingRecord> = {};
    for (const { identity, ...rest } of list) {
      byId[rest.id] = {
        ...rest,
        identities: identity
          ? [
              {
                ...identity,
                issuerChain: [],
                certificateFindings: [],
                predecessorId: null,
                retiredAt: null,
              },
            ]
          : [],
      };
    }
    store.set('onboardings', byId);
  },
  2: (store, runs) => {
    const byId =
      store.get<Record<string, Omit<OnboardingRecord, 'tests'> & { tests: TestRunV2[] }>>(
        'onboardings',
      ) ?? {};
    const next: Record<string, OnboardingRecord> = {};
    for (const [id, record] of Object.entries(byId)) {
      const kept = record.tests.slice(-MAX_TESTS_KEPT);
      for (const run of kept) runs.write(id, run.id, run.result ?? null);
      next[id] = {
        ...record,
        tests: kept.map(({ result, ...run }) => ({ ...run, ...summaryFields(result) })),
      };
    }
    store.set('onboardings', next);
  },
};

function storedVersion(store: KeyValueStore): number {
  const version =
    store.get<number>('schemaVersion') ??
    (store.get('onboardings') === undefined ? INVENTORY_SCHEMA_VERSION : 1);
  if (version > INVENTORY_SCHEMA_VERSION) {
    throw new UserError(
      'bad-input',
      `the metadata in ${store.path} was written by a newer mTLS Desk (schema ${version}): update mTLS Desk to open it`,
      {},
      { id: 'inventory.newer-schema', params: { path: store.path, version } },
    );
  }
  return version;
}

/** Whether the metadata file still holds onboardings (schema 1–3, or a move to v4 cut short) or an older version. */
export function needsMigration(store: KeyValueStore): boolean {
  return (
    store.get('schemaVersion') !== INVENTORY_SCHEMA_VERSION ||
    (store.get('onboardings') ?? null) !== null
  );
}

/**
 * Brings the store to the current schema (inside the lock); refuses a store written by a newer
 * version. The move to v4 writes the snapshot first, then the version, then clears the
 * onboardings from the metadata file: a crash in between leaves them there, and the next start
 * moves them again (nothing can have changed in between: every process moves them before writing).
 */
export function migrateStore(store: KeyValueStore, runs: TestRunFiles, inventoryDir: string): void {
  let version = storedVersion(store);
  for (; version < 3; version++) MIGRATIONS[version](store, runs);
  const left = store.get<Record<string, OnboardingRecord> | null>('onboardings') ?? null;
  if (left !== null) {
    const journal = new InventoryJournal(inventoryDir);
    journal.read();
    journal.replaceAll(Object.values(left));
  }
  if (store.get<number>('schemaVersion') !== INVENTORY_SCHEMA_VERSION)
    store.set('schemaVersion', INVENTORY_SCHEMA_VERSION);
  if (left !== null) store.set('onboardings', null);
}
