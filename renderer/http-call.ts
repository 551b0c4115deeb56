// One call over the browser shell's transport: a POST per channel to the page's own server, with
// the cookie the first load received. Used by the app's API (api.ts) and the start script.
import type { Channel } from '../shared/ipc-channels.js';
import type { IpcResult } from '../shared/ipc-contract.js';

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
