#!/usr/bin/env node
// `npm start`: builds, then opens mTLS Desk in its Electron window; where Electron's binary cannot
// be had (not installed, its download refused or offline, no display server) it says so in one
// line and opens the same app in a browser instead (`mtls-desk app`, over the same handlers).
// Arguments after `npm start --` go to `mtls-desk app` (e.g. --no-open, --port N).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const appArgs = process.argv.slice(2);

const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);

/** Why no window can appear here, or null. */
function noDisplay() {
  if (process.platform === 'darwin' || process.platform === 'win32') return null;
  return process.env.DISPLAY || process.env.WAYLAND_DISPLAY
    ? null
    : 'there is no display server (DISPLAY and WAYLAND_DISPLAY are unset)';
}

/** The first line of a failed download that says something ("fetch failed", "ENOTFOUND …"). */
function firstReason(text) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (
    lines.find((l) => /fetch failed|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|HTTPError|\d{3}/.test(l)) ??
    lines.find((l) => /error/i.test(l)) ??
    lines[0] ??
    'no reason given'
  ).slice(0, 200);
}

/** { path } of Electron's binary, downloading it the first time as `electron` would, or { reason }. */
function electronBinary() {
  let dir;
  try {
    dir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { reason: 'Electron is not installed (npm install adds it)' };
  }
  const installed = () => {
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const path = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(path) ? path : null;
  };
  const path = installed();
  if (path) return { path };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)
    return { reason: "Electron's binary is not there (ELECTRON_SKIP_BINARY_DOWNLOAD is set)" };
  console.log("Downloading Electron's binary (first start)...");
  const download = spawnSync(process.execPath, [join(dir, 'install.js')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 180_000,
  });
  const after = installed();
  if (download.status === 0 && after) return { path: after };
  return {
    reason: `Electron's binary could not be downloaded (${download.error ? download.error.message : firstReason(`${download.stderr}\n${download.stdout}`)})`,
  };
}

function runChild(command, args, options, onStderr) {
  const child = spawn(command, args, options);
  child.stderr?.on('data', (chunk) => {
    process.stderr.write(chunk);
    onStderr?.(chunk.toString('utf8'));
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: null, error }));
    child.on('exit', (code, signal) => {
      process.removeListener('SIGINT', forward);
      process.removeListener('SIGTERM', forward);
      resolve({ code, signal });
    });
  });
}

async function browserShell(reason) {
  console.log(`${reason}: opening mTLS Desk in a browser instead (mtls-desk app)`);
  const { code } = await runChild(
    process.execPath,
    [join(root, 'dist', 'cli.js'), 'app', ...appArgs],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  process.exit(code ?? 0);
}

const blocked = noDisplay();
if (blocked) await browserShell(blocked);
const electron = electronBinary();
if (electron.reason) await browserShell(electron.reason);

// Electron itself: its stderr is passed through and kept, to tell "could not open a window" from
// an app that ran and ended.
let stderr = '';
const startedAt = Date.now();
const result = await runChild(
  electron.path,
  [root],
  { cwd: root, stdio: ['inherit', 'inherit', 'pipe'] },
  (text) => {
    stderr = (stderr + text).slice(-4000);
  },
);
if (result.error) await browserShell(`Electron could not start (${result.error.message})`);
if (
  result.code !== 0 &&
  Date.now() - startedAt < 15_000 &&
  /display|X server|ozone|wayland|cannot open/i.test(stderr)
)
  await browserShell(`Electron could not open a window (${firstReason(stderr)})`);
process.exit(result.code ?? 1);
