// `npm start` on a machine where Electron's binary cannot be had (here: no display server, and no
// binary): it builds, says so in one line, and serves the app for a browser; the printed address
// opens the first screen in Debian's Chromium (screenshots in test-artifacts/). Then `mtls-desk
// app` itself: the browser it starts (a stand-in that records how it was started), stopping when
// that browser exits normally, and serving on when it cannot start. And in the browser: a page of
// another port of 127.0.0.1 (the same site for cookies) cannot make the shell run anything.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import { openDesk } from '../../electron/services/desk.js';
import { openConfStore } from '../../electron/services/store.js';
import { tempDir } from '../helpers/tmp.js';
import { buildOnce, launchChromium, ROOT, screenshot } from './bridge.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

interface Running {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first match of `pattern` in stdout. */
  waitFor: (pattern: RegExp) => Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

function run(args: string[], env: NodeJS.ProcessEnv): Running {
  const clean = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete clean[k];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: clean,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    waiters.forEach((w) => w());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), 240_000);
  killer.unref();
  void exited.then(() => clearTimeout(killer));
  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return {
    child,
    output: () => out,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out);
          if (match) resolve(match);
          else if (child.exitCode !== null) reject(new Error(`exited before ${pattern}: ${out}`));
        };
        waiters.push(check);
        void exited.then(check);
        check();
      }),
  };
}

const NO_DISPLAY = { DISPLAY: undefined, WAYLAND_DISPLAY: undefined };

it(
  'npm start without a display builds, says so in one line, serves, and the printed address opens the first screen',
  { timeout: 300_000 },
  async () => {
    const dataDir = tempDir();
    const start = run(['scripts/start.mjs'], {
      ...NO_DISPLAY,
      MTLS_DESK_DATA_DIR: dataDir,
      XDG_DOWNLOAD_DIR: tempDir(),
    });
    const [, url] = await start.waitFor(
      /mTLS Desk is at (http:\/\/127\.0\.0\.1:\d+\/\?secret=\S+)/,
    );
    assert.match(
      start.output(),
      /^there is no display server \(DISPLAY and WAYLAND_DISPLAY are unset\): opening mTLS Desk in a browser instead \(mtls-desk app\)$/m,
    );
    const origin = new URL(url).origin;
    for (const [width, height] of [
      [1024, 700],
      [1920, 1080],
    ]) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      await page.getByRole('heading', { name: 'Create the vault' }).waitFor();
      assert.equal(page.url(), `${origin}/`, 'the secret is dropped from the address');
      const [cookie] = await context.cookies();
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      assert.equal(
        await page.evaluate(() => document.cookie),
        '',
        'the page cannot read its cookie',
      );
      await screenshot(page, `start-first-screen-${width}x${height}`);
      assert.deepEqual(errors, []);
      await context.close();
    }

    // Without the secret, a browser gets a refusal, not the app.
    const stranger = await browser.newPage();
    const refused = await stranger.goto(`${origin}/`);
    assert.equal(refused!.status(), 403);
    assert.match(await stranger.innerText('body'), /open mTLS Desk at the address/);
    await stranger.close();

    // A page on another port of 127.0.0.1 is the same site for cookies: its request carries the
    // cookie, and the shell refuses it for its Origin, running nothing.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Create the vault' }).waitFor();
    const foreign = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>elsewhere</title>');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    const elsewhere = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`;
    const other = await context.newPage();
    await other.goto(elsewhere);
    const status = await other.evaluate(
      async ([target, body]) => {
        // A "simple" request is sent: the shell refuses it for its Origin, and its
        // Cross-Origin-Resource-Policy keeps even the refusal from the other page. A JSON
        // request needs a preflight, which gets no CORS header. (No named helper: the test
        // transpiler would carry its __name call into the page.)
        const results: string[] = [];
        for (const init of [
          { mode: 'no-cors', headers: { 'content-type': 'text/plain' } },
          { headers: { 'content-type': 'application/json' } },
        ] as RequestInit[]) {
          try {
            const answer = await fetch(target, {
              method: 'POST',
              credentials: 'include',
              body,
              ...init,
            });
            results.push(answer.type);
          } catch {
            results.push('blocked');
          }
        }
        return results;
      },
      [
        `${origin}/ipc/onboarding.create`,
        JSON.stringify({ program: 'tsh-classic', identifier: 'XSITE01', environment: 'preprod' }),
      ] as const,
    );
    assert.deepEqual(status, ['blocked', 'blocked']);
    foreign.close();
    await context.close();
    const desk = openDesk({ dataDir, store: openConfStore(dataDir) });
    assert.deepEqual(desk.onboardings.list(), [], 'nothing was created');

    start.child.kill('SIGTERM');
    assert.equal(await start.exited, 0);
    assert.match(start.output(), /SIGTERM: mTLS Desk stopped/);
  },
);

it(
  'mtls-desk app starts the browser in app mode with a profile of its own, stops when it exits normally, and serves on when it cannot start',
  { timeout: 120_000 },
  async () => {
    buildOnce();
    const dir = tempDir();
    const record = join(dir, 'args.txt');
    const closes = join(dir, 'chromium-closes');
    const launchCopy = join(dir, 'launch.html');
    writeFileSync(
      closes,
      `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nf="\${1#--app=file://}"\ncp "$f" '${launchCopy}'\nexit 0\n`,
    );
    chmodSync(closes, 0o755);
    const env = { DISPLAY: ':99', MTLS_DESK_DATA_DIR: tempDir(), XDG_DOWNLOAD_DIR: tempDir() };
    const app = run(['dist/cli.js', 'app', '--browser', closes, '--port', '0'], env);
    assert.equal(await app.exited, 0, app.output());
    const [, url] = /mTLS Desk is at (\S+)/.exec(app.output())!;
    const args = readFileSync(record, 'utf8').trim().split('\n');
    // The command line (readable by every local user) carries a page in the owner-only profile
    // folder, not the address with its secret; that page sends the browser on to the app.
    assert.match(args[0], /^--app=file:\/\/.*mtls-desk-browser-.*\/open-mtls-desk\.html$/);
    const secret = new URL(url).searchParams.values().next().value!;
    assert.equal(args.join(' ').includes(secret), false, 'no secret on the command line');
    assert.match(readFileSync(launchCopy, 'utf8'), /http-equiv="refresh"/);
    assert.match(args[1], /^--user-data-dir=.*mtls-desk-browser-/);
    const root = process.getuid?.() === 0;
    assert.equal(args.includes('--no-sandbox'), root);
    assert.equal(/running as root: Chromium is started with --no-sandbox/.test(app.output()), root);
    assert.match(app.output(), /the browser window was closed: mTLS Desk stopped/);

    const fails = join(dir, 'chromium-fails');
    const failsLaunch = join(dir, 'fails-launch.html');
    writeFileSync(
      fails,
      `#!/bin/sh\nf="\${1#--app=file://}"\ncp "$f" '${failsLaunch}'\necho 'Missing X server or $DISPLAY' >&2\nexit 1\n`,
    );
    chmodSync(fails, 0o755);
    const serving = run(['dist/cli.js', 'app', '--browser', fails], env);
    await serving.waitFor(
      /could not start or stopped \(Missing X server or \$DISPLAY\): mTLS Desk keeps serving/,
    );
    const [, address] = /mTLS Desk is at (\S+)/.exec(serving.output())!;
    const page = await browser.newPage();
    await page.goto(address);
    await page.getByRole('heading', { name: 'Create the vault' }).waitFor();
    await page.close();
    // The launch page written for this start, opened as the browser opens it, reaches the app.
    const launched = await browser.newPage();
    await launched.goto(pathToFileURL(failsLaunch).href);
    await launched.getByRole('heading', { name: 'Create the vault' }).waitFor();
    assert.equal(new URL(launched.url()).origin, new URL(address).origin);
    await launched.close();
    serving.child.kill('SIGINT');
    assert.equal(await serving.exited, 0);
    assert.match(serving.output(), /SIGINT: mTLS Desk stopped/);

    const none = run(['dist/cli.js', 'app', '--no-open', '--port', 'x'], env);
    assert.equal(await none.exited, 2);
    assert.match(none.output(), /--port "x" is not a whole number from 0 to 65535/);
  },
);
