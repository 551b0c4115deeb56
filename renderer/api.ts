// The only reader of window.mtlsDesk (the preload's bridge; a test may install its own). Every
// call returns the value or throws an ApiError carrying the { code, message } main sent.
import { API_GLOBAL, type Channel } from '../shared/ipc-channels.js';
import type {
  DeskApi,
  ProgressEvent,
  Requests,
  Responses,
  VaultLockedEvent,
} from '../shared/ipc-contract.js';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function bridge(): DeskApi {
  const api = (window as unknown as Record<string, DeskApi | undefined>)[API_GLOBAL];
  if (!api)
    throw new ApiError('no-bridge', 'mTLS Desk cannot reach its main process: restart the app');
  return api;
}

/** Told when main refused a call because the vault is locked (the app then shows the unlock screen). */
const lockedListeners = new Set<() => void>();

export async function call<C extends Channel>(
  channel: C,
  request: Requests[C],
): Promise<Responses[C]> {
  const result = await bridge()[channel](request as never);
  if (!result.ok) {
    if (result.error.code === 'locked') lockedListeners.forEach((listener) => listener());
    throw new ApiError(result.error.code, result.error.message);
  }
  return result.value as Responses[C];
}

export function onLockedCall(listener: () => void): () => void {
  lockedListeners.add(listener);
  return () => {
    lockedListeners.delete(listener);
  };
}

export function onProgress(listener: (event: ProgressEvent) => void): () => void {
  return bridge().onProgress(listener);
}

export function onVaultLocked(listener: (event: VaultLockedEvent) => void): () => void {
  return bridge().onVaultLocked(listener);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let counter = 0;
export function newOperationId(): string {
  counter += 1;
  return `op-${Date.now().toString(36)}-${counter}`;
}
