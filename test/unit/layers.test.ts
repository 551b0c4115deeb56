// The layers point one way: shared/ is pure, services never load Electron, the renderer never
// loads Node. Checked on the sources, so a wrong import fails here before it fails in the app.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

function sources(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [
    ...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*|import\s+)['"]([^'"]+)['"]/g),
  ].map((m) => m[1]);
}

function offenders(
  dir: string,
  forbidden: (specifier: string) => boolean,
  except: (path: string) => boolean = () => false,
): string[] {
  return sources(dir)
    .filter((p) => !except(p))
    .flatMap((p) =>
      importsOf(p)
        .filter(forbidden)
        .map((s) => `${p} imports ${s}`),
    );
}

const NODE_BUILTINS = /^(node:|fs$|path$|crypto$|tls$|net$|child_process$|os$|dns$|http$|https$)/;

describe('layers', () => {
  it('services and the CLI never import electron or electron-store', () => {
    const found = offenders(
      'electron',
      (s) => s === 'electron' || s === 'electron-store',
      (p) => /^electron\/(main|preload)\//.test(p),
    );
    assert.deepEqual(found, []);
  });

  it('services never reach up into the CLI or the Electron glue', () => {
    const found = offenders(
      'electron/services',
      (s) => /(^|\/)(cli|main|preload)\//.test(s) || s.includes('/renderer/'),
    );
    assert.deepEqual(found, []);
  });

  it('shared/ imports neither Node, Electron, React nor the layers above it', () => {
    const found = offenders(
      'shared',
      (s) =>
        NODE_BUILTINS.test(s) ||
        /^(electron|react)/.test(s) ||
        /\.\.\/(electron|renderer)\//.test(s) ||
        s.startsWith('../../'),
    );
    assert.deepEqual(found, []);
  });

  it('the renderer never imports Node modules or main-process code', () => {
    const found = offenders(
      'renderer',
      (s) => NODE_BUILTINS.test(s) || s === 'electron' || /\/electron\//.test(s),
    );
    assert.deepEqual(found, []);
  });

  it('the checks see real imports (a service that imports node:crypto is found)', () => {
    assert.ok(importsOf('electron/services/keys.ts').includes('node:crypto'));
    assert.ok(sources('electron/services').length > 5);
  });
});
