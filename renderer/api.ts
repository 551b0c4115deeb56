// The app's calls to main. The transport is chosen once, at start: in the Electron
// window the preload's bridge is there; in a browser (the browser shell, `mtls-desk app`) it is
// not, and the same API is built over HTTP: one POST per channel to the page's own server and
// one event stream for the push events. Every call returns the value or throws an ApiError
// carrying the { code, message, field, need } main sent, its message in the page's language.
import { CHANNELS, PUSH_SUBSCRIPTIONS, type Channel } from '../shared/ipc-channels.js';
import type {
  DeskApi,
  IpcResult,
  ProgressEvent,
  Requests,
  Responses,
  VaultLockedEvent,
} from '../shared/ipc-contract.js';
import type { FindingParam } from '../shared/i18n/errors.js';
import type { MessageParams } from '../shared/i18n/message-text.js';
import type { Need } from '../shared/needs.js';
import { httpCall } from './http-call.js';
import { preloadApi } from './preload-api.js';
import { takeSettledStartCall, takeStartCall } from './start-calls.js';
import { errorText, pageLocale } from './components/data-text.js';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The request's input the error is about ("identifier", "passphrase"), when main named it. */
    readonly field?: string,
    /** What the person must give or do next (shared/needs.ts), when main named it. */
    readonly need?: Need,
    /** The message as data (its id in shared/i18n/errors.ja.json and params), when main sent it. */
    readonly text?: {
      messageId: string;
      params?: MessageParams;
      findingParams?: Record<string, FindingParam>;
    },
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The browser shell's transport: the cookie the first load received goes with every request. */
function httpApi(): DeskApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    api[channel] = (request: unknown) => httpCall(channel, request);
  }
  // One stream for every push event, opened at start: an open stream is what tells the server a
  // page is still there.
  const events = new EventSource('/events');
  for (const [method, name] of Object.entries(PUSH_SUBSCRIPTIONS)) {
    api[method] = (listener: (event: unknown) => void) => {
      const forward = (message: MessageEvent<string>) => listener(JSON.parse(message.data));
      events.addEventListener(name, forward);
      return () => events.removeEventListener(name, forward);
    };
  }
  return api as DeskApi;
}

let chosen: DeskApi | null = null;
function bridge(): DeskApi {
  chosen ??= preloadApi() ?? (location.protocol === 'http:' ? httpApi() : null);
  if (!chosen)
    throw new ApiError('no-bridge', 'mTLS Desk cannot reach its main process: restart the app');
  return chosen;
}
try {
  bridge();
} catch {
  // Said again, to the person, by the first call.
}

/** Told when main refused a call because the vault is locked (the app then shows the unlock screen). */
const lockedListeners = new Set<() => void>();

export async function call<C extends Channel>(
  channel: C,
  request: Requests[C],
): Promise<Responses[C]> {
  const result = ((await takeStartCall(channel, request)) ??
    (await bridge()[channel](request as never))) as IpcResult<Responses[C]>;
  if (!result.ok) {
    if (result.error.code === 'locked') lockedListeners.forEach((listener) => listener());
    // Said in the page's language: Japanese from the error's id and params when it has them.
    const { code, field, need, messageId, params, findingParams } = result.error;
    throw new ApiError(
      code,
      errorText(result.error, pageLocale()),
      field,
      need,
      messageId ? { messageId, params, findingParams } : undefined,
    );
  }
  return result.value as Responses[C];
}

/**
 * The value of a start call whose answer is already here (renderer/start-calls.ts), taken so the
 * app does not ask again: a screen's first render can show it. Undefined when it is not here or
 * is an error: then call() as usual (which hears the error).
 */
export function startAnswer<C extends Channel>(
  channel: C,
  request: Requests[C],
): Responses[C] | undefined {
  const result = takeSettledStartCall(channel, request) as IpcResult<Responses[C]> | undefined;
  return result?.ok ? result.value : undefined;
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
