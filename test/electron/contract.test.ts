// The Electron glue under plain Node, with a recording stand-in for `electron`: the window's
// webPreferences, the CSP, the navigation / window-open / permission guards, every contract
// channel registered and validated, a foreign frame refused, and the built preload requiring
// nothing but `electron` and exposing exactly the contract.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  API_GLOBAL,
  CHANNELS,
  PROGRESS_EVENT,
  PUSH_SUBSCRIPTIONS,
  VAULT_LOCKED_EVENT,
} from '../../shared/ipc-contract.js';
import { tempDir } from '../helpers/tmp.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
register('./stand-in/hooks.mjs', import.meta.url);
type StandIn = typeof import('./stand-in/electron.js');

let electron: StandIn;
let window: typeof import('../../electron/main/window.js');

before(async () => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(built.status, 0, built.stderr);
  process.env.MTLS_DESK_DATA_DIR = tempDir();
  // A theme kept from an earlier run, which main applies to the native parts as it starts.
  const { openDesk } = await import('../../electron/services/desk.js');
  const { openConfStore } = await import('../../electron/services/store.js');
  const earlier = openDesk({
    dataDir: process.env.MTLS_DESK_DATA_DIR,
    store: openConfStore(process.env.MTLS_DESK_DATA_DIR),
  });
  earlier.settings.update({ theme: 'dark' });
  earlier.close();
  electron = (await import('electron')) as unknown as StandIn;
  window = await import('../../electron/main/window.js');
  await import('../../electron/main/index.js');
});

const appFrame = { senderFrame: { url: 'app://mtls-desk/index.html', parent: null } };

describe('Electron shell contract', () => {
  it('opens one window with isolation, sandbox, no Node, web security, and the packaged preload', () => {
    assert.equal(electron.recorded.windows.length, 1);
    const win = electron.recorded.windows[0];
    const prefs = win.options.webPreferences;
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.preload, join(root, 'dist', 'preload', 'index.cjs'));
    assert.equal(win.loadedUrl, 'app://mtls-desk/index.html');
    assert.equal(electron.recorded.sandboxEnabled, true);
  });

  it('keeps developer tools and the default menu to development; the installed app has neither', () => {
    const dev = electron.recorded.windows[0].options.webPreferences;
    assert.equal(dev.devTools, true, 'not packaged: developer tools stay');
    assert.deepEqual(electron.recorded.applicationMenus, []);
    electron.app.isPackaged = true;
    try {
      const packaged = window.createMainWindow(join(root, 'dist', 'preload', 'index.cjs'));
      assert.equal((packaged as any).options.webPreferences.devTools, false);
      assert.equal(electron.recorded.applicationMenus.length, 1);
      const roles = JSON.stringify(electron.recorded.applicationMenus[0]);
      for (const role of ['quit', 'copy', 'paste', 'selectAll', 'close'])
        assert.ok(roles.includes(`"role":"${role}"`), `the menu has ${role}`);
      for (const role of ['toggleDevTools', 'reload', 'forceReload', 'viewMenu', 'toggleDevTools'])
        assert.ok(!roles.includes(`"role":"${role}"`), `the menu has no ${role}`);
      for (const platform of ['darwin', 'win32', 'linux'] as const)
        assert.doesNotMatch(
          JSON.stringify(window.productionMenuTemplate(platform)),
          /DevTools|reload/i,
        );
    } finally {
      electron.app.isPackaged = false;
      electron.recorded.windows.pop();
    }
  });

  it('serves the renderer from app:// only, with a strict CSP, and nothing outside the renderer folder', async () => {
    assert.deepEqual(
      electron.recorded.privilegedSchemes.map((s: any) => [
        s.scheme,
        s.privileges.standard,
        s.privileges.secure,
      ]),
      [['app', true, true]],
    );
    const serve = electron.recorded.protocolHandlers.get('app')!;
    const index = (await serve({ url: 'app://mtls-desk/index.html' })) as Response;
    assert.equal(index.status, 200);
    const csp = index.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /connect-src 'self'(;|$)/);
    assert.match(csp, /object-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const html = await index.text();
    assert.match(html, /<script type="module" src="app.js"><\/script>/);
    assert.doesNotMatch(html, /<script>[^<]/, 'no inline script');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1];
    assert.equal(
      meta,
      csp.replace("; frame-ancestors 'none'", ''),
      'the page carries the same policy (frame-ancestors only works as a header)',
    );
    assert.equal(
      ((await serve({ url: 'app://mtls-desk/app.js' })) as Response).headers.get('content-type'),
      'text/javascript; charset=utf-8',
    );
    for (const url of [
      'app://mtls-desk/../package.json',
      'app://mtls-desk/%2e%2e/package.json',
      'app://other/index.html',
      'app://mtls-desk/nope.js',
    ]) {
      assert.equal(((await serve({ url })) as Response).status, 404, url);
    }
    assert.equal(
      window.rendererFileFor('app://mtls-desk/%2e%2e%2f%2e%2e%2fpackage.json', '/srv/r'),
      null,
    );
  });

  it('blocks navigation away from the app, new windows, webviews and every permission', () => {
    const contents = new electron.FakeWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    const navigate = (event: string, url: string) => {
      let prevented = false;
      contents.emit(
        event,
        {
          preventDefault: () => {
            prevented = true;
          },
        },
        url,
      );
      return prevented;
    };
    assert.equal(navigate('will-navigate', 'https://evil.example/'), true);
    assert.equal(navigate('will-navigate', 'file:///etc/passwd'), true);
    assert.equal(navigate('will-navigate', 'app://mtls-desk.evil/index.html'), true);
    assert.equal(navigate('will-navigate', 'app://mtls-desk/index.html'), false);
    assert.equal(navigate('will-redirect', 'http://127.0.0.1/'), true);
    assert.equal(navigate('will-attach-webview', 'app://mtls-desk/index.html'), true);
    assert.deepEqual(contents.windowOpenHandler!({ url: 'https://example.com' }), {
      action: 'deny',
    });

    for (const target of [
      electron.session.defaultSession,
      electron.recorded.windows[0].webContents.session,
    ]) {
      let granted: boolean | undefined;
      target.permissionRequestHandler!({}, 'media', (answer: boolean) => {
        granted = answer;
      });
      assert.equal(granted, false);
      assert.equal(target.permissionCheckHandler!({}, 'clipboard-read'), false);
    }
  });

  it('registers exactly the contract channels, validates every request and refuses foreign frames', async () => {
    assert.deepEqual([...electron.recorded.ipcHandlers.keys()].sort(), [...CHANNELS].sort());
    for (const channel of CHANNELS) {
      const handler = electron.recorded.ipcHandlers.get(channel)!;
      const bad = await handler(appFrame, { unexpected: '<script>' });
      assert.equal(bad.ok, false, channel);
      assert.equal(bad.error.code, 'bad-request', `${channel}: ${bad.error.message}`);
      assert.equal((await handler(appFrame, 'not an object')).error.code, 'bad-request', channel);
      for (const senderFrame of [
        { url: 'https://evil.example/', parent: null },
        { url: 'app://mtls-desk/index.html', parent: {} },
        null,
      ]) {
        const refused = await handler({ senderFrame }, {});
        assert.deepEqual(refused, {
          ok: false,
          error: {
            code: 'forbidden',
            message: 'this request did not come from the mTLS Desk window and was refused',
          },
        });
      }
    }
    // electron-store listens on one channel of its own; it answers only its folder and the app
    // version, and the page cannot send to it (the preload exposes no ipcRenderer).
    assert.deepEqual([...electron.recorded.ipcListeners.keys()], ['electron-store-get-data']);
    const programs = await electron.recorded.ipcHandlers.get('programs.list')!(appFrame, {});
    assert.equal(programs.ok, true);
    assert.ok(programs.value.programs.some((p: { id: string }) => p.id === 'tsh-classic'));
  });

  it('native dialogs and menus follow the theme: the kept one at start, each new choice after', async () => {
    assert.deepEqual(electron.recorded.themeSources, ['dark'], 'the kept choice, from the start');
    const update = (theme: string) =>
      electron.recorded.ipcHandlers.get('settings.update')!(appFrame, { theme });
    for (const theme of ['light', 'system', 'dark'] as const) {
      const answer = await update(theme);
      assert.equal(answer.value.theme, theme);
      assert.equal(electron.nativeTheme.themeSource, theme);
    }
    assert.deepEqual(electron.recorded.themeSources, ['dark', 'light', 'system', 'dark']);
    // A refused choice changes nothing, natively either.
    assert.equal((await update('sepia')).error.code, 'bad-request');
    assert.equal(electron.recorded.themeSources.length, 4);
  });

  it("copies through Electron's clipboard in main, never a private key", async () => {
    const copy = (text: string) =>
      electron.recorded.ipcHandlers.get('clipboard.write')!(appFrame, { text });
    const fingerprint = 'SHA256 Fingerprint=AB:CD:EF';
    assert.deepEqual(await copy(fingerprint), { ok: true, value: { written: true } });
    assert.deepEqual(electron.recorded.copied, [fingerprint]);
    const key = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';
    const refused = await copy(key);
    assert.equal(refused.ok, false);
    assert.match(refused.error.message, /private key is never put on the clipboard/);
    assert.deepEqual(
      electron.recorded.copied,
      [fingerprint],
      'the key never reached the clipboard',
    );
  });

  it('keeps the suggested extension when a name is typed without it, asking again before replacing', async () => {
    const dir = tempDir();
    const exportCalendar = () =>
      electron.recorded.ipcHandlers.get('calendar.export')!(appFrame, { withinDays: 90 });
    electron.recorded.saveAnswers.push(join(dir, 'renewals'));
    const first = await exportCalendar();
    assert.equal(first.ok, true, first.error?.message);
    assert.equal(first.value.path, join(dir, 'renewals.ics'));
    assert.match(readFileSync(join(dir, 'renewals.ics'), 'utf8'), /^BEGIN:VCALENDAR/);
    assert.deepEqual(electron.recorded.saveAsked.at(-1)!.filters, [
      { name: 'ICS', extensions: ['ics'] },
    ]);
    // The same bare name again: renewals.ics exists, so the dialog is shown again on that name
    // (where the system asks before replacing); cancelling it writes nothing.
    const asked = electron.recorded.saveAsked.length;
    electron.recorded.saveAnswers.push(join(dir, 'renewals'));
    const second = await exportCalendar();
    assert.deepEqual(second, { ok: true, value: { path: null, events: 0 } });
    assert.equal(electron.recorded.saveAsked.length, asked + 2);
    assert.equal(electron.recorded.saveAsked.at(-1)!.defaultPath, join(dir, 'renewals.ics'));
  });

  it("shows a saved bundle in the file manager through Electron's shell", async () => {
    // The bundle is recorded by another process on the same data folder (as the CLI would);
    // main's inventory reads it from disk.
    const { openDesk } = await import('../../electron/services/desk.js');
    const { openConfStore } = await import('../../electron/services/store.js');
    const dataDir = process.env.MTLS_DESK_DATA_DIR!;
    const other = openDesk({ dataDir, store: openConfStore(dataDir) });
    const bundlePath = join(tempDir(), 'tsh-classic-SHOWN01-preprod-portal-bundle.zip');
    try {
      const { id } = other.onboardings.create({
        program: 'tsh-classic',
        identifier: 'SHOWN01',
        environment: 'preprod',
      });
      other.onboardings.recordBundle(id, {
        at: new Date().toISOString(),
        path: bundlePath,
        sha256: '00'.repeat(32),
        files: ['CHECKLIST.md'],
      });
      const shown = await electron.recorded.ipcHandlers.get('export.showInFolder')!(appFrame, {
        onboardingId: id,
      });
      assert.deepEqual(shown, { ok: true, value: { shown: true, path: bundlePath } });
      assert.deepEqual(electron.recorded.shown, [bundlePath]);
    } finally {
      other.close();
    }
  });

  it(
    'pushes vault-locked to the window when the vault locks without the page asking',
    { timeout: 20_000 },
    async () => {
      const call = (channel: string, request: unknown) =>
        electron.recorded.ipcHandlers.get(channel)!(appFrame, request);
      assert.equal(
        (await call('vault.init', { passphrase: 'contract test passphrase' })).value.unlocked,
        true,
      );
      const sent = electron.recorded.windows[0].webContents.sent;
      await new Promise((r) => setTimeout(r, 1500)); // one tick of main's watcher (1 s) sees it unlocked
      const before = sent.length;
      // Locked here the way the idle timer locks it: main's watcher notices and tells the page.
      assert.equal((await call('vault.lock', {})).value.unlocked, false);
      for (
        let i = 0;
        i < 40 && !sent.slice(before).some(([channel]) => channel === VAULT_LOCKED_EVENT);
        i++
      )
        await new Promise((r) => setTimeout(r, 100));
      const pushed = sent.slice(before).find(([channel]) => channel === VAULT_LOCKED_EVENT);
      assert.ok(pushed, 'the window got the vault-locked event');
      assert.deepEqual(pushed[1], {
        reason: 'idle',
        status: { initialized: true, unlocked: false, autoLockMinutes: 15 },
      });
    },
  );

  it('builds a preload that requires only electron and exposes exactly the contract, event object stripped', () => {
    const code = readFileSync(join(root, 'dist', 'preload', 'index.cjs'), 'utf8');
    const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(required)], ['electron']);
    assert.doesNotMatch(code, /\bimport\s*\(/, 'no dynamic import');
    const asked: string[] = [];
    const fakeRequire = (name: string) => {
      asked.push(name);
      if (name !== 'electron') throw new Error(`preload required ${name}`);
      return electron;
    };
    const module = { exports: {} };
    new Function('require', 'module', 'exports', code)(fakeRequire, module, module.exports);
    assert.deepEqual(asked, ['electron']);
    const api = electron.recorded.exposed.get(API_GLOBAL) as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    assert.deepEqual(Object.keys(api).sort(), [...CHANNELS, 'onProgress', 'onVaultLocked'].sort());
    assert.deepEqual(
      Object.keys(PUSH_SUBSCRIPTIONS).sort(),
      ['onProgress', 'onVaultLocked'],
      'the Electron smoke test expects the same subscriptions',
    );
    void api['onboarding.get']({ id: 'x' });
    assert.deepEqual(electron.recorded.invoked.at(-1), ['onboarding.get', { id: 'x' }]);
    const seen: unknown[][] = [];
    const unsubscribe = api.onProgress((...args: unknown[]) => seen.push(args)) as () => void;
    electron.ipcRenderer.emit(
      PROGRESS_EVENT,
      { sender: 'ipc handle', ports: [] },
      { operationId: 'op-1', phase: 'p', fraction: 0.5 },
    );
    assert.deepEqual(seen, [[{ operationId: 'op-1', phase: 'p', fraction: 0.5 }]]);
    unsubscribe();
    electron.ipcRenderer.emit(
      PROGRESS_EVENT,
      {},
      { operationId: 'op-2', phase: 'p', fraction: null },
    );
    assert.equal(seen.length, 1);
    const locked: unknown[][] = [];
    const stop = api.onVaultLocked((...args: unknown[]) => locked.push(args)) as () => void;
    const status = { initialized: true, unlocked: false, autoLockMinutes: 15 };
    electron.ipcRenderer.emit(
      VAULT_LOCKED_EVENT,
      { sender: 'ipc handle' },
      { reason: 'idle', status },
    );
    assert.deepEqual(locked, [[{ reason: 'idle', status }]]);
    stop();
    electron.ipcRenderer.emit(VAULT_LOCKED_EVENT, {}, { reason: 'idle', status });
    assert.equal(locked.length, 1);
  });
});
