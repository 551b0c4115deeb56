// Notices the vault locking itself (its idle time ran out) and tells the page at once, so the
// unlock screen appears without waiting for the next call or poll.
import type { VaultLockedEvent, VaultStatusView } from '../../shared/ipc-contract.js';

export interface VaultWatchTarget {
  /** Applies the idle lock and says whether the vault is still unlocked; must be cheap. */
  unlocked(): boolean;
  status(): VaultStatusView;
}

export function watchVaultLock(
  target: VaultWatchTarget,
  emit: (event: VaultLockedEvent) => void,
  intervalMs = 1000,
): () => void {
  let wasUnlocked = target.unlocked();
  const timer = setInterval(() => {
    const unlocked = target.unlocked();
    if (wasUnlocked && !unlocked) emit({ reason: 'idle', status: target.status() });
    wasUnlocked = unlocked;
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
