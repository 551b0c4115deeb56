// The browser shell's server against real HTTP requests from Node (which, unlike a browser, can
// forge any Host or Origin): it binds 127.0.0.1 only, trades the secret for an HttpOnly
// SameSite=Strict cookie, and refuses a request without the secret, with a wrong one, for another
// Host, from another Origin, or too large, before anything runs: an onboarding.create that is
// refused creates nothing, the same request with the guards satisfied creates it.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IPC_BATCH_PATH, MAX_BATCH_CALLS } from '../../shared/ipc-channels.js';
import { MAX_REQUEST_BYTES } from '../../shared/ipc-contract.js';
import { composeMain, type MainComposition } from '../../electron/main/compose.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/content-policy.js';
import { dispatch } from '../../electron/main/dispatch.js';
import { openConfStore } from '../../electron/services/store.js';
import { browserDialogs, freeName } from '../../electron/shell/dialogs.js';
import {
  EXCHANGE_PAGE,
  PushHub,
  startBrowserShell,
  type BrowserShell,
  type BrowserShellOptions,
} from '../../electron/shell/server.js';
import { tempDir } from '../helpers/tmp.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        timeout: 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    // A server that refuses early may close while a large body is still being written.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    req.end(options.body);
  });
}

const CREATE = { program: 'tsh-classic', identifier: 'GUARD01', environment: 'preprod' };

let main: MainComposition;
let hub: PushHub;
let shell: BrowserShell;
let secret: string;
let downloads: string;
const rendererDir = tempDir();
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>mTLS Desk</title>');
writeFileSync(join(rendererDir, 'app.js'), 'export {};');

function start(options: Partial<BrowserShellOptions> = {}) {
  return startBrowserShell({ handlers: main.handlers, hub, rendererDir, ...options });
}

before(async () => {
  const dataDir = tempDir();
  downloads = join(tempDir(), 'Downloads');
  hub = new PushHub();
  main = composeMain({
    dataFolder: { current: dataDir, defaultDir: dataDir, fromEnvironment: false },
    store: openConfStore,
    version: 'shell-test',
    dialogs: browserDialogs(downloads),
    emitProgress: hub.progress,
    emitVaultLocked: hub.vaultLocked,
    vaultWatchMs: 0,
  });
  shell = await start();
  secret = new URL(shell.url).searchParams.get('secret')!;
});
after(() => shell?.close());

/** The headers the app's own page sends with a call. */
function own(extra: Record<string, string> = {}): Record<string, string> {
  return {
    host: `127.0.0.1:${shell.port}`,
    origin: shell.origin,
    cookie: `${shell.cookieName}=${secret}`,
    'content-type': 'application/json',
    'sec-fetch-site': 'same-origin',
    ...extra,
  };
}

function create(
  headers: Record<string, string>,
  body: Buffer = Buffer.from(JSON.stringify(CREATE)),
) {
  return send(shell.port, { method: 'POST', path: '/ipc/onboarding.create', headers, body });
}

/** The secret with its last `count` characters changed, never equal to it by chance. */
function spoil(secret: string, count: number): string {
  const tail = [...secret.slice(-count)].map((c) => (c === 'A' ? 'B' : 'A')).join('');
  return secret.slice(0, -count) + tail;
}

describe('browser shell', () => {
  it('binds 127.0.0.1 only, with a 32-byte secret in the address it gives', async () => {
    assert.match(shell.url, new RegExp(`^http://127\\.0\\.0\\.1:${shell.port}/\\?secret=`));
    assert.equal(Buffer.from(secret, 'base64url').length, 32);
    const other = await start();
    assert.notEqual(
      new URL(other.url).searchParams.get('secret'),
      secret,
      'a new secret per launch',
    );
    await other.close();
    // The same port on the IPv6 loopback is not listened on.
    const refused = await new Promise<string>((resolve) => {
      const socket = connect({ host: '::1', port: shell.port, timeout: 5_000 });
      socket.on('connect', () => (socket.destroy(), resolve('connected')));
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      socket.on('timeout', () => (socket.destroy(), resolve('timeout')));
    });
    assert.notEqual(refused, 'connected');
  });

  it('trades the secret for an HttpOnly SameSite=Strict cookie and drops it from the URL; pages carry the window’s CSP and no CORS header', async () => {
    const first = await send(shell.port, {
      path: `/?secret=${secret}`,
      headers: { host: `127.0.0.1:${shell.port}`, 'sec-fetch-site': 'none' },
    });
    // A page that moves on to / (not a redirect, which would drop a Strict cookie after a
    // cross-site start such as the launch page).
    assert.equal(first.status, 200);
    assert.equal(first.body, EXCHANGE_PAGE);
    assert.match(first.body, /http-equiv="refresh" content="0;url=\/"/);
    const cookie = first.headers['set-cookie']![0];
    assert.equal(cookie, `${shell.cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/`);
    const page = await send(shell.port, {
      path: '/',
      headers: { host: `127.0.0.1:${shell.port}`, cookie: cookie.split(';')[0] },
    });
    assert.equal(page.status, 200);
    assert.equal(page.body, readFileSync(join(rendererDir, 'index.html'), 'utf8'));
    assert.equal(page.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    const info = await send(shell.port, {
      method: 'POST',
      path: '/ipc/app.info',
      headers: own(),
      body: Buffer.from('{}'),
    });
    assert.equal(JSON.parse(info.body).value.version, 'shell-test');
    for (const answer of [first, page, info, await create(own({ origin: 'http://evil.example' }))])
      assert.deepEqual(
        Object.keys(answer.headers).filter((h) => h.startsWith('access-control-')),
        [],
      );
    const wrong = await send(shell.port, {
      path: `/?secret=${spoil(secret, 1)}`,
      headers: { host: `127.0.0.1:${shell.port}` },
    });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.headers['set-cookie'], undefined);
    assert.equal(
      (
        await send(shell.port, {
          path: '/../package.json',
          headers: { host: `127.0.0.1:${shell.port}`, cookie: cookie.split(';')[0] },
        })
      ).status,
      404,
    );
  });

  it('refuses no secret, a wrong secret, a foreign Host, a foreign Origin and an oversized body, and runs nothing', async () => {
    const created = () =>
      main.desk.onboardings.list().filter((o) => o.identifier === CREATE.identifier).length;
    const json = Buffer.from(JSON.stringify(CREATE));
    const cases: [string, Record<string, string>, Buffer, number, RegExp][] = [
      ['no secret', own({ cookie: '' }), json, 403, /open mTLS Desk at the address/],
      [
        'a wrong secret',
        own({ cookie: `${shell.cookieName}=${spoil(secret, 2)}` }),
        json,
        403,
        /open mTLS Desk at the address/,
      ],
      [
        'the secret under another launch’s cookie',
        own({ cookie: `mtls-desk-1=${secret}` }),
        json,
        403,
        /open mTLS Desk at the address/,
      ],
      ['Host localhost', own({ host: `localhost:${shell.port}` }), json, 403, /not at host/],
      ['a rebound name', own({ host: `attacker.example:${shell.port}` }), json, 403, /not at host/],
      ['another port', own({ host: `127.0.0.1:${shell.port + 1}` }), json, 403, /not at host/],
      ['a foreign Origin', own({ origin: 'http://attacker.example' }), json, 403, /from http/],
      ['Origin null', own({ origin: 'null' }), json, 403, /from null/],
      [
        'a localhost Origin',
        own({ origin: `http://localhost:${shell.port}` }),
        json,
        403,
        /from http/,
      ],
      [
        'no Origin on a POST',
        Object.fromEntries(Object.entries(own()).filter(([k]) => k !== 'origin')),
        json,
        403,
        /unnamed origin/,
      ],
      [
        'a cross-site fetch',
        own({ 'sec-fetch-site': 'cross-site' }),
        json,
        403,
        /only the mTLS Desk page/,
      ],
      ['a form post', own({ 'content-type': 'text/plain' }), json, 415, /is JSON/],
      [
        'an oversized body',
        own(),
        Buffer.concat([
          Buffer.from(JSON.stringify(CREATE).slice(0, -1) + ',"pad":"'),
          Buffer.alloc(MAX_REQUEST_BYTES, 'a'),
          Buffer.from('"}'),
        ]),
        413,
        /at most/,
      ],
    ];
    for (const [what, headers, body, status, message] of cases) {
      const answer = await create(
        Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== '')),
        body,
      );
      assert.equal(answer.status, status, what);
      const parsed = JSON.parse(answer.body);
      assert.equal(parsed.ok, false, what);
      assert.match(parsed.error.message, message, what);
      assert.equal(created(), 0, `${what}: nothing was created`);
    }
    // An oversized body without a length: cut off as it arrives.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: shell.port,
          method: 'POST',
          path: '/ipc/onboarding.create',
          headers: { ...own(), 'transfer-encoding': 'chunked' },
          timeout: 20_000,
        },
        (res) => (res.resume(), resolve(res.statusCode ?? 0)),
      );
      req.on('error', (e: NodeJS.ErrnoException) =>
        e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e),
      );
      req.write(JSON.stringify(CREATE).slice(0, -1) + ',"pad":"');
      for (let i = 0; i < 7; i++) req.write(Buffer.alloc(1024 * 1024, 'a'));
      req.end('"}');
    });
    assert.equal(chunked, 413);
    assert.equal(created(), 0, 'the chunked body created nothing');

    // The same request with every guard satisfied goes through dispatch and creates it.
    const accepted = await create(own());
    assert.equal(accepted.status, 200);
    assert.equal(JSON.parse(accepted.body).ok, true);
    assert.equal(created(), 1);
    // Dispatch's own checks still apply behind the guards.
    const invalid = await send(shell.port, {
      method: 'POST',
      path: '/ipc/onboarding.create',
      headers: own(),
      body: Buffer.from('{"program":"tsh-classic"}'),
    });
    assert.equal(JSON.parse(invalid.body).error.code, 'bad-request');
  });

  it('answers a batch of calls in one request, each as if sent alone and in order, behind the same guards', async () => {
    const BATCHED = { ...CREATE, identifier: 'BATCH01' };
    const created = () =>
      main.desk.onboardings.list().filter((o) => o.identifier === BATCHED.identifier).length;
    const batch = (headers: Record<string, string>, body: unknown, method = 'POST') =>
      send(shell.port, {
        method,
        path: IPC_BATCH_PATH,
        headers,
        body: method === 'POST' ? Buffer.from(JSON.stringify(body)) : undefined,
      });
    const calls = [
      ['onboarding.create', BATCHED],
      ['programs.list', {}],
      ['onboarding.create', { program: 'tsh-classic' }],
      ['no.such.channel', {}],
    ];
    const refusals: [string, Record<string, string>, unknown, string, number, RegExp][] = [
      ['no secret', own({ cookie: '' }), calls, 'POST', 403, /open mTLS Desk at the address/],
      [
        'a foreign Origin',
        own({ origin: 'http://attacker.example' }),
        calls,
        'POST',
        403,
        /from http/,
      ],
      [
        'a cross-site fetch',
        own({ 'sec-fetch-site': 'cross-site' }),
        calls,
        'POST',
        403,
        /only the mTLS Desk page/,
      ],
      ['a form post', own({ 'content-type': 'text/plain' }), calls, 'POST', 415, /is JSON/],
      ['a GET', own(), calls, 'GET', 405, /takes a POST/],
      ['not a list', own(), { calls }, 'POST', 400, new RegExp(`list of 1 to ${MAX_BATCH_CALLS}`)],
      ['an empty list', own(), [], 'POST', 400, new RegExp(`list of 1 to ${MAX_BATCH_CALLS}`)],
      [
        'too many calls',
        own(),
        Array.from({ length: MAX_BATCH_CALLS + 1 }, () => calls[1]),
        'POST',
        400,
        new RegExp(`list of 1 to ${MAX_BATCH_CALLS}`),
      ],
      [
        'a call that is not a pair',
        own(),
        [calls[0], ['programs.list']],
        'POST',
        400,
        /\[channel, request\] pairs/,
      ],
      [
        'a channel that is not a name',
        own(),
        [calls[0], [7, {}]],
        'POST',
        400,
        /\[channel, request\] pairs/,
      ],
    ];
    for (const [what, headers, body, method, status, message] of refusals) {
      const answer = await batch(
        Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== '')),
        body,
        method,
      );
      assert.equal(answer.status, status, what);
      const parsed = JSON.parse(answer.body);
      assert.equal(parsed.ok, false, what);
      assert.match(parsed.error.message, message, what);
      assert.equal(created(), 0, `${what}: nothing was created`);
    }
    const answer = await batch(own(), calls);
    assert.equal(answer.status, 200);
    const results = JSON.parse(answer.body);
    assert.equal(results.length, calls.length);
    // In order, each with what it would have had alone: the same dispatch, the same checks.
    assert.equal(results[0].ok, true);
    assert.equal(results[0].value.identifier, BATCHED.identifier);
    assert.deepEqual(results[1], await dispatch(main.handlers, 'programs.list', {}));
    assert.equal(results[2].ok, false);
    assert.equal(results[2].error.code, 'bad-request');
    assert.deepEqual(results[3], await dispatch(main.handlers, 'no.such.channel', {}));
    assert.equal(results[3].ok, false);
    assert.equal(created(), 1, 'the one valid create ran, once');
  });

  it('pushes progress and vault-locked events to every page on the event stream, counts the pages, and stops when none is left for its idle time', async () => {
    const lines: string[] = [];
    let gotEvents: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (gotEvents = resolve));
    let closeStream: () => void = () => undefined;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: shell.port,
          path: '/events',
          headers: {
            host: `127.0.0.1:${shell.port}`,
            cookie: `${shell.cookieName}=${secret}`,
            'sec-fetch-site': 'same-origin',
          },
        },
        (res) => {
          assert.equal(res.statusCode, 200);
          assert.match(res.headers['content-type']!, /^text\/event-stream/);
          res.setEncoding('utf8');
          res.on('data', (text: string) => {
            lines.push(text);
            if (lines.join('').includes('mtls-desk:vault-locked')) gotEvents();
          });
          closeStream = () => req.destroy();
          resolve();
        },
      );
      req.on('error', reject);
      req.end();
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(shell.pages(), 1);
    hub.progress({ operationId: 'op-1', phase: 'working', fraction: 0.5 });
    hub.vaultLocked({
      reason: 'idle',
      status: { initialized: true, unlocked: false, autoLockMinutes: 15 },
    });
    await arrived;
    const text = lines.join('');
    assert.match(
      text,
      /event: mtls-desk:progress\ndata: \{"operationId":"op-1","phase":"working","fraction":0.5\}\n\n/,
    );
    assert.match(text, /event: mtls-desk:vault-locked\ndata: \{"reason":"idle"/);
    closeStream();

    // Idle: a shell whose page left stops by itself; one with a page connected does not.
    let idle = 0;
    const short = await start({ idleMs: 200, onIdle: () => (idle += 1) });
    const shortSecret = new URL(short.url).searchParams.get('secret')!;
    const stream = httpRequest({
      host: '127.0.0.1',
      port: short.port,
      path: '/events',
      headers: {
        host: `127.0.0.1:${short.port}`,
        cookie: `${short.cookieName}=${shortSecret}`,
      },
    });
    stream.on('error', () => undefined);
    await new Promise<void>((resolve) => stream.on('response', () => resolve()).end());
    const before = idle;
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(idle, before, 'no idle stop while a page is connected');
    stream.destroy();
    while (idle === before) await new Promise((r) => setTimeout(r, 50));
    assert.equal(short.pages(), 0);
    await short.close();
  });

  it('saves into the Downloads folder without replacing a file, and says in one sentence what the browser cannot do', async () => {
    const dialogs = browserDialogs(downloads);
    const first = await dialogs.saveFile('report.html');
    assert.equal(first, join(downloads, 'report.html'));
    writeFileSync(first!, 'x');
    assert.equal(await dialogs.saveFile('report.html'), join(downloads, 'report (1).html'));
    // Two saves at once, before either file is written, get two names.
    const [a, b] = await Promise.all([
      dialogs.saveFile('bundle.zip'),
      dialogs.saveFile('bundle.zip'),
    ]);
    assert.deepEqual([a, b].sort(), [
      join(downloads, 'bundle (1).zip'),
      join(downloads, 'bundle.zip'),
    ]);
    mkdirSync(join(downloads, 'sub'), { recursive: true });
    writeFileSync(join(downloads, 'a.legacy.p12'), 'x');
    assert.equal(freeName(downloads, 'a.legacy.p12'), join(downloads, 'a (1).legacy.p12'));
    const chosen = await dispatch(main.handlers, 'tester.chooseFile', { purpose: 'certificate' });
    assert.equal(chosen.ok, false);
    assert.equal(!chosen.ok && chosen.error.code, 'unavailable');
    assert.match(!chosen.ok ? chosen.error.message : '', /cannot open files from your disk/);
    const folder = await dispatch(main.handlers, 'settings.dataDir', { action: 'choose' });
    assert.match(!folder.ok ? folder.error.message : '', /MTLS_DESK_DATA_DIR/);
  });
});
