// One call over the browser shell's transport: a POST per channel to the page's own server, with
// the cookie the first load received. Used by the app's API (api.ts); the start script sends its
// calls in one request (httpCalls).
import type { Channel } from '../shared/ipc-channels.js';
import type { IpcResult } from '../shared/ipc-contract.js';
import { IPC_BATCH_PATH } from '../shared/ipc-channels.js';

const LOST: IpcResult<never> = {
  ok: false,
  error: {
    code: 'no-connection',
    message:
      'mTLS Desk cannot reach its server: it may have stopped; start it again (npm start or mtls-desk app)',
  },
};

export async function httpCall(channel: Channel, request: unknown): Promise<IpcResult<unknown>> {
  try {
    const response = await fetch(`/ipc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request ?? {}),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    return (await response.json()) as IpcResult<unknown>;
  } catch {
    return LOST;
  }
}

/** Several calls in one request (the start calls): their results, in order. */
export async function httpCalls(
  calls: ReadonlyArray<readonly [Channel, unknown]>,
): Promise<Array<IpcResult<unknown>>> {
  try {
    const response = await fetch(IPC_BATCH_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(calls.map(([channel, request]) => [channel, request ?? {}])),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    const results = (await response.json()) as unknown;
    if (Array.isArray(results))
      return results.length === calls.length
        ? (results as Array<IpcResult<unknown>>)
        : calls.map(() => LOST);
    // A refusal (one result, not a list): every call hears it.
    return calls.map(() => results as IpcResult<unknown>);
  } catch {
    return calls.map(() => LOST);
  }
}
