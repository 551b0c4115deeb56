// The browser shell's server: plain Node, loopback only, over the SAME handlers and dispatch as
// the Electron window. The page reaches main by one POST per contract channel (/ipc/<channel>)
// and hears push events (progress, vault locked) on one event stream (/events). Every request must
// carry this launch's secret: the first page load trades it (?secret=…) for an HttpOnly,
// SameSite=Strict cookie and is redirected to a URL without it. Requests naming another Host (DNS
// rebinding) or coming from another Origin (cross-site) are refused before anything runs; no CORS
// header is ever sent; every page is served under the Electron window's Content-Security-Policy.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { IPC_BATCH_PATH, MAX_BATCH_CALLS } from '../../shared/ipc-channels.js';
import {
  MAX_REQUEST_BYTES,
  PROGRESS_EVENT,
  VAULT_LOCKED_EVENT,
  type IpcResult,
  type ProgressEvent,
  type VaultLockedEvent,
} from '../../shared/ipc-contract.js';
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_TYPES,
  rendererFileForPath,
} from '../main/content-policy.js';
import { dispatch, type Handlers } from '../main/dispatch.js';

/** The loopback address the shell binds; nothing else is ever listened on. */
export const SHELL_HOST = '127.0.0.1';
/** The browser shell stops after this long with no page connected. */
export const SHELL_IDLE_MS = 30 * 60 * 1000;
/** The query parameter of the first page load that carries the secret. */
export const SECRET_PARAM = 'secret';

/** The event names on the stream: the push channels of the contract, as in Electron. */
export type PushKind = typeof PROGRESS_EVENT | typeof VAULT_LOCKED_EVENT;

/** Where main's push events go: every page connected to the event stream. */
export class PushHub {
  private readonly listeners = new Set<(kind: PushKind, event: unknown) => void>();

  readonly progress = (event: ProgressEvent): void => this.send(PROGRESS_EVENT, event);
  readonly vaultLocked = (event: VaultLockedEvent): void => this.send(VAULT_LOCKED_EVENT, event);

  send(kind: PushKind, event: unknown): void {
    for (const listener of this.listeners) listener(kind, event);
  }

  listen(listener: (kind: PushKind, event: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

export interface BrowserShellOptions {
  handlers: Handlers;
  hub: PushHub;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** 0 or absent: a random free port. */
  port?: number;
  /** No page connected for this long: onIdle runs (default 30 minutes). */
  idleMs?: number;
  onIdle?: () => void;
  /**
   * Sees the text of every answer and event just before it is written to the page, and returns
   * what to write (null: an event is not sent). The end-to-end tests' key-material watch.
   */
  outgoing?: (what: string, text: string) => string | null;
}

export interface BrowserShell {
  /** The address to open, with this launch's secret. */
  url: string;
  /** http://127.0.0.1:PORT, the only Origin and Host accepted. */
  origin: string;
  port: number;
  cookieName: string;
  /** Pages connected to the event stream now. */
  pages(): number;
  close(): Promise<void>;
}

type Refusal = { status: number; code: string; message: string };

/** What the secret's address answers, with the cookie: on to the app, the secret out of the address bar. */
export const EXCHANGE_PAGE =
  '<!doctype html>\n<meta charset="utf-8">\n<meta http-equiv="refresh" content="0;url=/">\n<title>mTLS Desk</title>\n<p>Opening mTLS Desk…</p>\n';

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Compares in constant time (the digests have one length whatever was sent). */
function sameSecret(given: string | undefined, expected: Buffer): boolean {
  return given !== undefined && timingSafeEqual(digest(given), expected);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer) {
  res.writeHead(status, { ...COMMON_HEADERS, 'content-type': type });
  res.end(body);
}

function refuse(req: IncomingMessage, res: ServerResponse, refusal: Refusal) {
  // Nothing of a refused request is read or run; the connection is not kept.
  res.setHeader('connection', 'close');
  if (req.url?.startsWith('/ipc/') || req.url?.startsWith(IPC_BATCH_PATH)) {
    const body: IpcResult<never> = {
      ok: false,
      error: { code: refusal.code, message: refusal.message },
    };
    send(res, refusal.status, 'application/json; charset=utf-8', JSON.stringify(body));
  } else send(res, refusal.status, 'text/plain; charset=utf-8', `${refusal.message}\n`);
  req.resume();
}

/** What one running shell knows: where it listens, its secret, its open event streams. */
interface ShellState {
  options: BrowserShellOptions;
  /** SHA-256 of this launch's secret. */
  expected: Buffer;
  port: number;
  origin: string;
  cookieName: string;
  streams: Set<ServerResponse>;
  idle: IdleWatch;
}

/** Calls onIdle once no page has been open for idleMs. */
class IdleWatch {
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly idleMs: number,
    private readonly onIdle?: () => void,
  ) {}
  arm(): void {
    this.stop();
    this.timer = setTimeout(() => this.onIdle?.(), this.idleMs);
    this.timer.unref();
  }
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

const forbidden = (message: string): Refusal => ({ status: 403, code: 'forbidden', message });

/** The checks every request passes before anything else: Host, Origin, fetch site, secret. */
function guard(req: IncomingMessage, url: URL, shell: ShellState): Refusal | 'exchange' | null {
  const { origin } = shell;
  if (req.headers.host !== `${SHELL_HOST}:${shell.port}`)
    return forbidden(
      `refused: mTLS Desk answers only at ${origin}, not at host "${req.headers.host ?? ''}"`,
    );
  const from = req.headers.origin;
  if (from !== undefined ? from !== origin : req.method !== 'GET' && req.method !== 'HEAD')
    return forbidden(
      `refused: a request from ${from ?? 'an unnamed origin'} cannot reach mTLS Desk`,
    );
  const site = req.headers['sec-fetch-site'];
  const navigation = url.pathname === '/' || url.pathname === '/index.html';
  if (!navigation && site !== undefined && site !== 'same-origin')
    return forbidden('refused: only the mTLS Desk page itself may make this request');
  if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has(SECRET_PARAM)) {
    return sameSecret(url.searchParams.get(SECRET_PARAM) ?? undefined, shell.expected)
      ? 'exchange'
      : forbidden(
          'refused: this is not the secret of the running mTLS Desk; open the address `mtls-desk app` printed',
        );
  }
  if (!sameSecret(cookieValue(req.headers.cookie, shell.cookieName), shell.expected))
    return forbidden(
      'refused: open mTLS Desk at the address `mtls-desk app` printed (it carries this launch’s secret)',
    );
  return null;
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        done = true;
        req.pause();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

const TOO_LARGE: Refusal = {
  status: 413,
  code: 'too-large',
  message: `refused: a request to mTLS Desk is at most ${MAX_REQUEST_BYTES} bytes`,
};

function outgoingText(shell: ShellState, what: string, text: string): string | null {
  return shell.options.outgoing ? shell.options.outgoing(what, text) : text;
}

/** The JSON body of a call's POST, or null once the request is refused (its answer sent). */
async function readJsonRequest(
  req: IncomingMessage,
  res: ServerResponse,
  what: string,
): Promise<{ json: unknown } | null> {
  if (req.method !== 'POST') {
    refuse(req, res, { status: 405, code: 'bad-request', message: 'a channel takes a POST' });
    return null;
  }
  if (!/^application\/json(;|$)/.test(req.headers['content-type'] ?? '')) {
    refuse(req, res, {
      status: 415,
      code: 'bad-request',
      message: 'refused: a request to mTLS Desk is JSON (content-type application/json)',
    });
    return null;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  const body = declared > MAX_REQUEST_BYTES ? 'too-large' : await readBody(req);
  if (body === 'too-large') {
    refuse(req, res, TOO_LARGE);
    return null;
  }
  try {
    return { json: JSON.parse(body.toString('utf8')) };
  } catch {
    refuse(req, res, {
      status: 400,
      code: 'bad-request',
      message: `${what} refused the request: it is not JSON`,
    });
    return null;
  }
}

function sendAnswer(res: ServerResponse, shell: ShellState, what: string, answer: string) {
  send(res, 200, 'application/json; charset=utf-8', outgoingText(shell, what, answer) ?? answer);
}

async function serveIpc(
  req: IncomingMessage,
  res: ServerResponse,
  channel: string,
  shell: ShellState,
) {
  const request = await readJsonRequest(req, res, channel);
  if (request === null) return;
  const answer = JSON.stringify(await dispatch(shell.options.handlers, channel, request.json));
  sendAnswer(res, shell, `the answer to ${channel}`, answer);
}

/** A batch's body as the shell takes it: 1 to MAX_BATCH_CALLS [channel name, request] pairs. */
function isBatch(value: unknown): value is Array<[string, unknown]> {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= MAX_BATCH_CALLS &&
    value.every((call) => Array.isArray(call) && call.length === 2 && typeof call[0] === 'string')
  );
}

/** Several calls in one request (IPC_BATCH_PATH): each dispatched as if alone, answered in order. */
async function serveIpcBatch(req: IncomingMessage, res: ServerResponse, shell: ShellState) {
  const request = await readJsonRequest(req, res, 'a batch of calls');
  if (request === null) return;
  const calls = request.json;
  if (!isBatch(calls))
    return refuse(req, res, {
      status: 400,
      code: 'bad-request',
      message: `refused: a batch is a list of 1 to ${MAX_BATCH_CALLS} [channel, request] pairs`,
    });
  const results = await Promise.all(
    calls.map(([channel, body]) => dispatch(shell.options.handlers, channel, body)),
  );
  const names = calls.map(([channel]) => channel).join(', ');
  sendAnswer(res, shell, `the answers to ${names}`, JSON.stringify(results));
}

function serveEvents(req: IncomingMessage, res: ServerResponse, shell: ShellState) {
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    connection: 'keep-alive',
  });
  res.write('retry: 2000\n\n');
  shell.streams.add(res);
  shell.idle.stop();
  const ping = setInterval(() => res.write(': ping\n\n'), 20_000);
  ping.unref();
  req.on('close', () => {
    clearInterval(ping);
    shell.streams.delete(res);
    if (shell.streams.size === 0) shell.idle.arm();
  });
}

async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  rendererDir: string,
) {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return refuse(req, res, { status: 405, code: 'bad-request', message: 'not allowed' });
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = '..';
  }
  const file = rendererFileForPath(decoded, rendererDir);
  let body: Buffer;
  try {
    if (file === null) throw new Error('outside');
    body = await readFile(file);
  } catch {
    return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  }
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'content-type': CONTENT_TYPES[extname(file!)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  shell: ShellState,
  secret: string,
) {
  const url = new URL(req.url ?? '/', shell.origin);
  const verdict = guard(req, url, shell);
  if (verdict === 'exchange') {
    // A page that moves on to / itself rather than a redirect: the browser arrives from the launch
    // page (file://), a cross-site start, and a SameSite=Strict cookie is not sent on a redirect
    // of a cross-site navigation; a navigation this page starts is same-site.
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'",
      'set-cookie': `${shell.cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
    });
    return res.end(EXCHANGE_PAGE);
  }
  if (verdict !== null) return refuse(req, res, verdict);
  if (url.pathname === IPC_BATCH_PATH) return serveIpcBatch(req, res, shell);
  if (url.pathname.startsWith('/ipc/'))
    return serveIpc(req, res, decodeURIComponent(url.pathname.slice('/ipc/'.length)), shell);
  if (url.pathname === '/events') {
    if (req.method !== 'GET')
      return refuse(req, res, {
        status: 405,
        code: 'bad-request',
        message: 'the event stream takes a GET',
      });
    return serveEvents(req, res, shell);
  }
  return serveFile(req, res, url.pathname, shell.options.rendererDir);
}

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const secret = randomBytes(32).toString('base64url');
  const shell: ShellState = {
    options,
    expected: digest(secret),
    port: 0,
    origin: '',
    cookieName: '',
    streams: new Set(),
    idle: new IdleWatch(options.idleMs ?? SHELL_IDLE_MS, options.onIdle),
  };
  const server = createServer((req, res) => {
    handleRequest(req, res, shell, secret).catch((error: unknown) => {
      console.error('mtls-desk app: a request failed:', error);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'mTLS Desk failed\n');
      else res.destroy();
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;

  const stopListening = options.hub.listen((kind, event) => {
    const label = kind === PROGRESS_EVENT ? 'progress' : 'vault-locked';
    const text = outgoingText(shell, `the ${label} event`, JSON.stringify(event));
    if (text === null) return;
    for (const res of shell.streams) res.write(`event: ${kind}\ndata: ${text}\n\n`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, SHELL_HOST, () => resolve());
  });
  shell.port = (server.address() as AddressInfo).port;
  shell.origin = `http://${SHELL_HOST}:${shell.port}`;
  shell.cookieName = `mtls-desk-${shell.port}`;
  shell.idle.arm();

  let closing: Promise<void> | null = null;
  return {
    url: `${shell.origin}/?${SECRET_PARAM}=${secret}`,
    origin: shell.origin,
    port: shell.port,
    cookieName: shell.cookieName,
    pages: () => shell.streams.size,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        stopListening();
        shell.idle.stop();
        for (const res of shell.streams) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
