// The calls every start of the app makes (the programs, the settings, the vault's status and the
// home list's first rows), sent by a small classic script (renderer/start.ts, `start.js`) that
// runs before the app's module is even parsed, so main answers while the page loads its code.
// `call` (api.ts) takes an answer from here once, when the app asks the very same call.
import type { Channel } from '../shared/ipc-channels.js';
import type { IpcResult, Requests } from '../shared/ipc-contract.js';
import { preloadApi } from './preload-api.js';

/** Rows per request of the home list: a few screens of the list in about 20 KB of JSON. */
export const BLOCK_ROWS = 100;

const START_CALLS: ReadonlyArray<{ [C in Channel]: [C, Requests[C]] }[Channel]> = [
  ['programs.list', {}],
  ['settings.get', {}],
  ['vault.status', {}],
  ['onboardings.query', { offset: 0, limit: BLOCK_ROWS }],
];

/** The window property the start script leaves its answers on (promises, by call). */
const GLOBAL = '__deskStartCalls';
type Pending = Map<string, Promise<IpcResult<unknown>>>;

/** One call as a key: its channel and its request with keys sorted and absent values dropped. */
function keyOf(channel: string, request: unknown): string {
  const fields = Object.entries((request ?? {}) as Record<string, unknown>)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `${channel} ${JSON.stringify(fields)}`;
}

function pending(): Pending | undefined {
  return (window as unknown as Record<string, Pending | undefined>)[GLOBAL];
}

/** Sends the start calls through the transport the page has (the preload's, else one HTTP request). */
export function sendStartCalls(
  httpCalls: (
    calls: ReadonlyArray<readonly [Channel, unknown]>,
  ) => Promise<Array<IpcResult<unknown>>>,
): void {
  const bridge = preloadApi();
  const batch = bridge ? null : httpCalls(START_CALLS);
  const sent: Pending = new Map();
  START_CALLS.forEach(([channel, request], index) => {
    const answer = bridge
      ? (bridge[channel] as (r: unknown) => Promise<IpcResult<unknown>>)(request)
      : batch!.then((results) => results[index]);
    // Unused, an answer is nobody's error: the app asks again and hears it then.
    answer.catch(() => undefined);
    sent.set(keyOf(channel, request), answer);
  });
  (window as unknown as Record<string, Pending>)[GLOBAL] = sent;
}

/** The answers already here, by call (filled by settleStartCalls). */
const settled = new Map<string, IpcResult<unknown>>();

/**
 * Waits until every start call has its answer, or `ms` have passed, so that the app's first
 * render can show them (the home list with its rows, not "Opening…" then an empty frame first).
 */
export async function settleStartCalls(ms: number): Promise<void> {
  const calls = pending();
  if (!calls || calls.size === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.all(
      [...calls].map(([key, answer]) =>
        answer.then(
          (result) => void settled.set(key, result),
          () => undefined,
        ),
      ),
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * The answer to this very call if the start script sent it, it is here (settleStartCalls) and it
 * is a value, taken as takeStartCall would; else undefined and the call is left as it was.
 */
export function takeSettledStartCall(
  channel: string,
  request: unknown,
): IpcResult<unknown> | undefined {
  const key = keyOf(channel, request);
  const result = settled.get(key);
  if (result === undefined || !result.ok || !pending()?.has(key)) return undefined;
  settled.delete(key);
  pending()?.delete(key);
  return result;
}

/** The answer to this very call if the start script sent it and nobody took it yet. */
export function takeStartCall(
  channel: string,
  request: unknown,
): Promise<IpcResult<unknown>> | undefined {
  const calls = pending();
  const key = keyOf(channel, request);
  const answer = calls?.get(key);
  calls?.delete(key);
  return answer;
}

/** Forgets the answers not taken (behind the unlock screen the first rows would grow old). */
export function dropStartCalls(): void {
  pending()?.clear();
  settled.clear();
}
