// `mtls-desk app`: the desk in a browser. Builds the same handlers as the Electron window (a conf
// store over the same data folder, browser stand-ins for the dialogs), serves them on 127.0.0.1,
// prints the address with its secret, and opens it in a browser found on the machine. It stops
// when that browser exits normally, on Ctrl+C or SIGTERM, and after 30 minutes with no page open.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../services/errors.js';
import { openConfStore } from '../services/store.js';
import { appRoot, appVersion, composeMain } from '../main/compose.js';
import { resolveDataFolder } from '../main/data-folder.js';
import { browserKind, findBrowser, noDisplay, openBrowser, type OpenedBrowser } from './browser.js';
import { browserDialogs, downloadsFolder } from './dialogs.js';
import { PushHub, SHELL_IDLE_MS, startBrowserShell } from './server.js';

/** Electron's userData for `electron .` in this package (its name is mtls-desk): both shells share it. */
export function defaultDataFolder(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'mtls-desk');
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'mtls-desk');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'mtls-desk');
}

export interface BrowserAppOptions {
  port?: number;
  open: boolean;
  /** A browser to use instead of the first one found. */
  browser?: string;
  env: NodeJS.ProcessEnv;
  say: (line: string) => void;
  idleMs?: number;
  /** Treated as root (adds --no-sandbox for Chromium); the real uid by default. */
  root?: boolean;
}

export async function runBrowserApp(options: BrowserAppOptions): Promise<number> {
  const { env, say } = options;
  const root = appRoot();
  const rendererDir = join(root, 'dist', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new UserError(
      'bad-input',
      `the app's pages are not built (${rendererDir} is missing): run npm run build first`,
    );
  const dataFolder = resolveDataFolder(env, defaultDataFolder(env));
  const hub = new PushHub();
  const main = composeMain({
    dataFolder,
    store: openConfStore,
    version: appVersion(root),
    dialogs: browserDialogs(downloadsFolder(env)),
    emitProgress: hub.progress,
    emitVaultLocked: hub.vaultLocked,
  });

  let finish: (reason: string) => void = () => undefined;
  const finished = new Promise<string>((resolve) => {
    finish = resolve;
  });
  const idleMs = options.idleMs ?? SHELL_IDLE_MS;
  let shell;
  try {
    shell = await startBrowserShell({
      handlers: main.handlers,
      hub,
      rendererDir,
      port: options.port,
      idleMs,
      onIdle: () =>
        finish(`no page was open for ${Math.round(idleMs / 60_000)} minutes: mTLS Desk stopped`),
    });
  } catch (error) {
    main.stop();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES')
      throw new UserError(
        'bad-input',
        `port ${options.port} on 127.0.0.1 cannot be used (${code}): choose another with --port, or leave --port out for a free one`,
      );
    throw error;
  }
  say(`mTLS Desk is at ${shell.url}`);
  say(
    `  (data folder ${dataFolder.current}; the address carries this launch's secret: keep it to yourself; Ctrl+C stops mTLS Desk)`,
  );

  const onSignal = (signal: NodeJS.Signals) => finish(`${signal}: mTLS Desk stopped`);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const window = options.open ? openWindow(options, shell.url, finish) : null;
  if (!window) say('not opening a browser (--no-open): open the address above in one');

  const reason = await finished;
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  window?.stop();
  main.stop();
  await shell.close();
  say(reason);
  return 0;
}

/**
 * Opens the address in a browser when one can show here. Closing that window stops the app; a
 * browser that cannot start leaves the app serving.
 */
function openWindow(
  options: BrowserAppOptions,
  url: string,
  finish: (reason: string) => void,
): { stop: () => void } {
  const { env, say } = options;
  let opened: OpenedBrowser | null = null;
  const stop = () => {
    const browser = opened;
    opened = null;
    browser?.stop();
  };
  const choice = options.browser
    ? { path: options.browser, kind: browserKind(options.browser) }
    : findBrowser(env);
  const blocked = noDisplay(env);
  if (choice === null) {
    say(
      'no Chromium, Chrome, Edge or Firefox was found: open the address above in a browser (or give one with --browser PATH)',
    );
    return { stop };
  }
  if (blocked !== null) {
    say(`${blocked}, so no browser window can open here: open the address above in a browser`);
    return { stop };
  }
  const asRoot = options.root ?? process.getuid?.() === 0;
  if (asRoot && choice.kind === 'chromium')
    say(
      'running as root: Chromium is started with --no-sandbox (its sandbox refuses root); run mtls-desk app as a normal user to keep it',
    );
  const browser = openBrowser(choice, url, asRoot);
  opened = browser;
  say(`opening mTLS Desk in ${choice.path}`);
  void browser.exited.then(({ code, signal, error }) => {
    if (opened !== browser) return;
    opened = null;
    if (code === 0) finish('the browser window was closed: mTLS Desk stopped');
    else
      say(
        `${choice.path} could not start or stopped (${error ?? (signal ? `signal ${signal}` : `exit code ${code}`)}): mTLS Desk keeps serving; open the address above in a browser`,
      );
  });
  return { stop };
}
