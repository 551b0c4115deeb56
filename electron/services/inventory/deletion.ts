// Deleting an onboarding, undoably: delete puts it under "Recently deleted" (kept whole) and its
// vault keys aside as tombstones (sealed, unusable, never shown); restore brings both back; purge,
// confirmed again, removes the onboarding from the inventory files and its keys' files for good.
// Each is confirmed by typing the onboarding's identifier, and audited. A key on a PKCS#11 token
// is not the vault's: it stays on its token (the token's own tools delete it).
import type { AuditLog } from '../audit.js';
import { UserError } from '../errors.js';
import type { Vault } from '../vault/vault.js';
import type { OnboardingRecord, OnboardingSummary, OnboardingView } from './records.js';
import type { Inventory } from './store.js';

interface Deps {
  inventory: Inventory;
  vault: Vault;
  audit: AuditLog;
}

/** The onboarding's keys that are in the vault (client identities, old and current, and OAuth keys). */
function vaultKeysOf(vault: Vault, record: OnboardingRecord): string[] {
  const ids = new Set([
    ...record.identities.map((i) => i.keyId),
    ...(record.oauth?.keys ?? []).map((k) => k.keyId),
  ]);
  return vault
    .listKeys({ includeDeleted: true })
    .map((k) => k.id)
    .filter((id) => ids.has(id));
}

/** The identifier typed to confirm: anything else changes nothing. */
function confirmed(record: OnboardingRecord, typed: string, what: 'deleted' | 'purged'): void {
  if (typed.trim() !== record.identifier)
    throw new UserError(
      'bad-input',
      `nothing was ${what}: type the identifier ${record.identifier} to confirm`,
      { need: 'confirmation', onboardingId: record.id, field: 'confirm' },
      {
        id: 'inventory.confirm-identifier',
        params: { action: what, identifier: record.identifier },
      },
    );
}

/** What a deletion does to the onboarding's vault keys, in the English sentence. */
const KEYS_TOO = {
  delete: 'deleting the onboarding puts aside',
  restore: 'restoring the onboarding brings back',
  purge: 'purging the onboarding removes',
} as const;

function vaultOpen(vault: Vault, keys: string[], action: keyof typeof KEYS_TOO): void {
  if (keys.length > 0 && !vault.status().unlocked)
    throw new UserError(
      'locked',
      `the vault is locked: unlock it first, since ${KEYS_TOO[action]} its ${keys.length} key(s) in the vault too`,
      {},
      { id: 'inventory.keys-locked', params: { action, count: keys.length } },
    );
}

export function onboardingDeletion({ inventory, vault, audit }: Deps) {
  return {
    /** Deletes an onboarding: listed under Recently deleted, its vault keys tombstoned; audited. */
    async delete(id: string, confirm: string): Promise<OnboardingView> {
      const record = inventory.get(id);
      confirmed(record, confirm, 'deleted');
      if (record.deletedAt !== undefined) return inventory.view(id);
      const keys = vaultKeysOf(vault, record);
      vaultOpen(vault, keys, 'delete');
      for (const key of keys) await vault.deleteKey(key, true);
      inventory.setDeleted(id, true);
      audit.append('onboarding.deleted', { onboarding: id, keys: keys.length });
      return inventory.view(id);
    },

    /** Brings a deleted onboarding back, with its keys; audited. */
    async restore(id: string): Promise<OnboardingView> {
      const record = inventory.get(id);
      if (record.deletedAt === undefined) return inventory.view(id);
      const keys = vaultKeysOf(vault, record);
      vaultOpen(vault, keys, 'restore');
      for (const key of keys) await vault.restoreKey(key);
      inventory.setDeleted(id, false);
      audit.append('onboarding.undeleted', { onboarding: id, keys: keys.length });
      return inventory.view(id);
    },

    /** Removes a deleted onboarding and its vault keys for good; audited. */
    async purge(id: string, confirm: string): Promise<{ id: string; purgedKeys: string[] }> {
      const record = inventory.get(id);
      confirmed(record, confirm, 'purged');
      if (record.deletedAt === undefined)
        throw new UserError(
          'conflict',
          `onboarding ${id} is not deleted: delete it first; it then waits under Recently deleted until purged`,
          { onboardingId: id },
          { id: 'onboarding.not-deleted', params: { onboarding: id } },
        );
      const keys = vaultKeysOf(vault, record);
      vaultOpen(vault, keys, 'purge');
      // A key brought back by hand in the meantime is put aside again: purge takes them all.
      for (const key of keys) await vault.deleteKey(key, true);
      const purgedKeys = keys.length > 0 ? await vault.purge(true, new Set(keys)) : [];
      inventory.purge(id);
      audit.append('onboarding.purged', { onboarding: id, keys: purgedKeys.length });
      return { id, purgedKeys };
    },

    /** The deleted onboardings, not yet purged (the "Recently deleted" place). */
    listDeleted(): OnboardingSummary[] {
      return inventory.list({ deleted: true });
    },
  };
}
