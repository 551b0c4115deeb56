// The layers point one way: shared/ is pure, services never load Electron, the renderer never
// loads Node. Checked on the sources, so a wrong import fails here before it fails in the app.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
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

/** Every file reachable from `entry` by relative imports, with the bare modules each imports. */
function importGraph(entries: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (graph.has(file)) continue;
    const specifiers = importsOf(file);
    graph.set(file, specifiers);
    for (const s of specifiers.filter((s) => s.startsWith('.'))) {
      const target = normalize(join(dirname(file), s)).replace(/\.js$/, '');
      const found = ['.ts', '.tsx', '.js', '.mjs'].map((ext) => target + ext);
      const path = found.find((p) => {
        try {
          return statSync(p).isFile();
        } catch {
          return false;
        }
      });
      if (path) queue.push(path);
    }
  }
  return graph;
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

  it('the browser shell and the CLI never load electron or electron-store, even through what they import', () => {
    const graph = importGraph([
      ...sources('electron/shell'),
      ...sources('electron/cli'),
      'scripts/start.mjs',
    ]);
    assert.ok(graph.has('electron/main/compose.ts'), 'the shell builds main through compose.ts');
    assert.ok(graph.has('electron/main/dispatch.ts'), 'and serves it through dispatch.ts');
    const found = [...graph].flatMap(([file, specifiers]) =>
      specifiers
        .filter((s) => s === 'electron' || s === 'electron-store')
        .map((s) => `${file} imports ${s}`),
    );
    assert.deepEqual(found, []);
  });

  it('renderer/preload-api.ts is the only reader of the window API (api.ts and the start script ask it)', () => {
    const readers = sources('renderer').filter((p) =>
      /API_GLOBAL|mtlsDesk/.test(readFileSync(p, 'utf8')),
    );
    assert.deepEqual(readers, ['renderer/preload-api.ts']);
  });

  it('the checks see real imports (a service that imports node:crypto is found)', () => {
    assert.ok(importsOf('electron/services/keys.ts').includes('node:crypto'));
    assert.ok(sources('electron/services').length > 5);
  });
});
