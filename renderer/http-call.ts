// One call over the browser shell's transport: a POST per channel to the page's own server, with
// the cookie the first load received. Used by the app's API (api.ts); the start script sends its
// calls in one request (httpCalls).
import { IPC_BATCH_PATH, type Channel } from '../shared/ipc-channels.js';
import type { IpcResult } from '../shared/ipc-contract.js';

const LOST: IpcResult<never> = {
  ok: false,
  error: {
    code: 'no-connection',
    message:
      'mTLS Desk cannot reach its server: it may have stopped; start it again (npm start or mtls-desk app)',
  },
};

/** A JSON POST to the page's own server, with its cookie; the answer's JSON (throws if there is none). */
async function postJson(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  return response.json();
}

export async function httpCall(channel: Channel, request: unknown): Promise<IpcResult<unknown>> {
  try {
    return (await postJson(`/ipc/${channel}`, request ?? {})) as IpcResult<unknown>;
  } catch {
    return LOST;
  }
}

/** Several calls in one request (the start calls): their results, in order. */
export async function httpCalls(
  calls: ReadonlyArray<readonly [Channel, unknown]>,
): Promise<Array<IpcResult<unknown>>> {
  try {
    const results = await postJson(
      IPC_BATCH_PATH,
      calls.map(([channel, request]) => [channel, request ?? {}]),
    );
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
