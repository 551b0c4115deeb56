#!/usr/bin/env node
// Finds the real peers the tests need (scripts/peers.mjs) and, when some are missing, installs
// them with apt-get if this process may (root, apt-get present); otherwise stops with one line
// naming what is missing and the command that installs it, instead of dozens of failures.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PEERS } from './peers.mjs';

function onPath(command) {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .concat(['/usr/sbin', '/sbin'])
    .some((dir) => {
      try {
        accessSync(join(dir, command), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

function present(peer) {
  if (peer.path) {
    try {
      // A library (file: true) is read, not run.
      accessSync(peer.path, peer.file ? constants.R_OK : constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
  return onPath(peer.command);
}

export function missingPeers() {
  return PEERS.filter((peer) => !present(peer));
}

function install(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env };
  spawnSync('apt-get', ['update', '-qq'], quiet);
  const run = spawnSync(
    'apt-get',
    ['install', '-y', '-qq', '--no-install-recommends', ...packages],
    quiet,
  );
  return run.status === 0;
}

export function preflight() {
  const missing = missingPeers();
  if (missing.length === 0) return true;
  const packages = [...new Set(missing.map((peer) => peer.pkg))];
  const what = missing.map((peer) => peer.command ?? peer.path).join(', ');
  const mayInstall = process.getuid?.() === 0 && onPath('apt-get');
  if (mayInstall) {
    console.log(`preflight: installing ${packages.join(' ')} (missing: ${what})`);
    if (install(packages) && missingPeers().length === 0) return true;
  }
  const still = missingPeers();
  console.error(
    `preflight: the tests need ${still.map((p) => p.command ?? p.path).join(', ')}; install them with: ` +
      `sudo apt-get install ${[...new Set(still.map((p) => p.pkg))].join(' ')}`,
  );
  return false;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(preflight() ? 0 : 1);
}
