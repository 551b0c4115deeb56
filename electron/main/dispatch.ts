// The one path every IPC request takes in main, without Electron: validate the request against
// the contract's schema, run the handler, and turn any failure into { code, message } with the
// field and need it is about (shared/needs.ts), checked against the contract's error schema. The
// Electron registration (ipc.ts) and the end-to-end tests both go through here.
import { randomBytes } from 'node:crypto';
import {
  CHANNELS,
  ipcErrorSchema,
  requestSchemas,
  type Channel,
  type IpcError,
  type IpcResult,
  type Responses,
} from '../../shared/ipc-contract.js';
import type { z } from 'zod';

export type Handlers = {
  [C in Channel]: (request: z.output<(typeof requestSchemas)[C]>) => Promise<Responses[C]>;
};

function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** What an error a person can act on is about: its details' field and need, when it has them. */
function about(
  error: unknown,
): Pick<IpcError, 'field' | 'need' | 'messageId' | 'params' | 'findingParams'> {
  const details = (error as { details?: { field?: unknown; need?: unknown } }).details;
  const text = (error as { text?: { id?: unknown; params?: unknown; findingParams?: unknown } })
    .text;
  return {
    ...(typeof details?.field === 'string' ? { field: details.field } : {}),
    ...(typeof details?.need === 'string' ? { need: details.need as IpcError['need'] } : {}),
    ...(typeof text?.id === 'string' ? { messageId: text.id } : {}),
    ...(typeof text?.params === 'object' && text.params !== null
      ? { params: text.params as IpcError['params'] }
      : {}),
    ...(typeof text?.findingParams === 'object' && text.findingParams !== null
      ? { findingParams: text.findingParams as IpcError['findingParams'] }
      : {}),
  };
}

/** The error as sent, checked against the contract (one that does not fit goes without its details). */
function refusal(error: IpcError): IpcResult<never> {
  const checked = ipcErrorSchema.safeParse(error);
  return {
    ok: false,
    error: checked.success ? error : { code: error.code, message: error.message },
  };
}

/** An error a person can act on carries a string code (UserError, or a service's own). */
function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && error.name !== 'Error' && typeof code === 'string' ? code : null;
}

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  request: unknown,
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) {
    return {
      ok: false,
      error: {
        code: 'unknown-channel',
        message: `"${String(channel)}" is not a channel of mTLS Desk`,
      },
    };
  }
  const parsed = requestSchemas[channel].safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    // The field is the request's innermost named key ("identity.passphrase" -> "passphrase").
    const field = [...issue.path].reverse().find((p): p is string => typeof p === 'string');
    // A refusal about a named input is said at that input: its sentence alone, not the key's name.
    return refusal({
      code: 'bad-request',
      message: field ? issue.message : `${channel} refused the request: ${where}${issue.message}`,
      ...(field ? { field } : {}),
    });
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    const code = errorCode(error);
    if (code !== null) return refusal({ code, message: (error as Error).message, ...about(error) });
    // Unexpected: its detail (paths, library internals) stays in main's log under a short id the
    // person can quote; the page only gets the id.
    const errorId = randomBytes(4).toString('hex');
    console.error(`mtls-desk: ${channel} failed (error ${errorId}):`, error);
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `mTLS Desk could not complete ${channel}: try again, and if it repeats report error ${errorId} (its details are in the application log)`,
      },
    };
  }
}
