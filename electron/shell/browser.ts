// Finds a browser on this machine and opens the shell's address in it as an app window with a
// profile of its own (a temporary folder, removed afterwards): Chromium, Chrome, Edge or Brave
// (`--app=URL --user-data-dir=TMP`), else Firefox (`--new-instance --profile TMP URL`).
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type BrowserKind = 'chromium' | 'firefox';

export interface BrowserChoice {
  path: string;
  kind: BrowserKind;
}

const PATH_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'microsoft-edge',
  'microsoft-edge-stable',
  'brave-browser',
  'firefox',
  'firefox-esr',
];

function installedPaths(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform === 'darwin')
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Applications/Brave Browser.app/Contents/MacOS/Brave Browser',
      '/Applications/Firefox.app/Contents/MacOS/firefox',
    ];
  if (platform === 'win32') {
    const roots = [env.ProgramFiles, env['ProgramFiles(x86)'], env.LOCALAPPDATA].filter(
      (r): r is string => Boolean(r),
    );
    return roots.flatMap((root) => [
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
      join(root, 'Chromium', 'Application', 'chrome.exe'),
      join(root, 'Mozilla Firefox', 'firefox.exe'),
    ]);
  }
  return [];
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function browserKind(path: string): BrowserKind {
  return /firefox/i.test(basename(path)) ? 'firefox' : 'chromium';
}

/** The first browser found: on PATH by its usual names, then in the platform's usual places. */
export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): BrowserChoice | null {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const onPath = PATH_NAMES.flatMap((name) =>
    dirs.map((dir) => join(dir, platform === 'win32' ? `${name}.exe` : name)),
  );
  const path = [...onPath, ...installedPaths(env, platform)].find(executable);
  return path ? { path, kind: browserKind(path) } : null;
}

/** Why no browser window can appear here, or null: Linux and the BSDs need a display server. */
export function noDisplay(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | null {
  if (platform === 'darwin' || platform === 'win32') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY
    ? null
    : 'there is no display server (DISPLAY and WAYLAND_DISPLAY are unset)';
}

export function browserArgs(
  choice: BrowserChoice,
  url: string,
  profileDir: string,
  root: boolean,
): string[] {
  if (choice.kind === 'firefox') return ['--new-instance', '--profile', profileDir, url];
  return [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    ...(root ? ['--no-sandbox'] : []),
  ];
}

export interface OpenedBrowser {
  child: ChildProcess;
  /** Resolves when the browser is gone: code 0 is a window closed normally. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: string }>;
  stop(): void;
}

/**
 * A page in the (owner-only) profile folder that sends the browser on to `url`. The address
 * carries the launch secret, and a command line is readable by every local user (ps,
 * /proc/PID/cmdline): the browser is given this file's path instead, as Jupyter does.
 */
export function writeLaunchPage(profileDir: string, url: string): string {
  const attribute = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const file = join(profileDir, 'open-mtls-desk.html');
  writeFileSync(
    file,
    `<!doctype html>\n<meta charset="utf-8">\n<meta name="referrer" content="no-referrer">\n<meta http-equiv="refresh" content="0;url=${attribute}">\n<title>mTLS Desk</title>\n<p>Opening mTLS Desk…</p>\n`,
    { mode: 0o600, flag: 'wx' },
  );
  return pathToFileURL(file).href;
}

export function openBrowser(choice: BrowserChoice, url: string, root: boolean): OpenedBrowser {
  const profileDir = mkdtempSync(join(tmpdir(), 'mtls-desk-browser-'));
  const launch = writeLaunchPage(profileDir, url);
  const child = spawn(choice.path, browserArgs(choice, launch, profileDir, root), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let lastError = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const lines = chunk
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length > 0) lastError = lines[lines.length - 1].slice(0, 300);
  });
  const cleanup = () => {
    try {
      rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A helper process still writing: the folder is in the temp folder, which the system clears.
    }
  };
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    error?: string;
  }>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      resolve({ code: null, signal: null, error: error.code ?? error.message });
    });
    child.once('exit', (code, signal) => {
      cleanup();
      resolve({ code, signal, error: lastError || undefined });
    });
  });
  return {
    child,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
