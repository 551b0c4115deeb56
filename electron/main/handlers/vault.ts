// The vault: its state, init, unlock, lock, a new master passphrase, and the keys it holds.
import { keyViews, vaultStatusView } from '../onboarding-views.js';
import type { HandlerContext, HandlerSlice } from './context.js';

type Channels =
  | 'vault.status'
  | 'vault.init'
  | 'vault.unlock'
  | 'vault.lock'
  | 'vault.changePassphrase'
  | 'keys.list'
  | 'keys.delete'
  | 'keys.restore';

export function vaultHandlers({ desk }: HandlerContext): HandlerSlice<Channels> {
  const status = () => vaultStatusView(desk);
  return {
    'vault.status': async () => status(),
    'vault.init': async (request) => (await desk.vault.init(request.passphrase), status()),
    'vault.unlock': async (request) => (await desk.vault.unlock(request.passphrase), status()),
    'vault.lock': async () => (desk.vault.lock(), status()),
    'vault.changePassphrase': async (request) => (
      await desk.vault.changePassphrase(request.current, request.next),
      status()
    ),
    'keys.list': async () => ({ keys: keyViews(desk) }),
    'keys.delete': async (request) => (
      await desk.vault.deleteKey(request.keyId, request.confirm),
      { keys: keyViews(desk) }
    ),
    'keys.restore': async (request) => (
      await desk.vault.restoreKey(request.keyId),
      { keys: keyViews(desk) }
    ),
  };
}
