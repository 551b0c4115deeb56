// The electron-builder configuration, read statically (electron-builder itself downloads Electron,
// so it cannot run here): the installer targets per platform, an icon that exists and is big
// enough for every target, and a `files` list that ships what the built app loads at run time.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

type Value = string | string[] | { [key: string]: Value };

/**
 * The subset of YAML electron-builder.yml uses: nested maps by two-space indentation, block lists
 * ("- item"), flow lists ("[a, b]"), quoted or plain scalars, comments. Anything else fails loudly.
 */
function parseSimpleYaml(text: string): Record<string, Value> {
  const rootMap: Record<string, Value> = {};
  const stack: Array<{ indent: number; map: Record<string, Value>; lastKey: string | null }> = [
    { indent: -1, map: rootMap, lastKey: null },
  ];
  const scalar = (raw: string): string =>
    raw
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .replace(/^'(.*)'$/, '$1');
  for (const [index, line] of text.split('\n').entries()) {
    const content = line.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, '');
    if (content.trim() === '') continue;
    const indent = content.length - content.trimStart().length;
    while (stack.length > 1 && indent <= stack.at(-1)!.indent) stack.pop();
    const frame = stack.at(-1)!;
    const item = /^\s*- (.+)$/.exec(content);
    if (item) {
      const key = frame.lastKey;
      assert.ok(
        key && Array.isArray(frame.map[key]),
        `line ${index + 1}: a list item outside a list`,
      );
      (frame.map[key] as string[]).push(scalar(item[1]));
      continue;
    }
    const pair = /^\s*([A-Za-z][\w.-]*):(?:\s+(.*))?$/.exec(content);
    assert.ok(pair, `line ${index + 1} is not "key: value": ${line}`);
    const [, key, rest] = pair;
    frame.lastKey = key;
    if (rest === undefined) {
      // A nested map or a block list follows; which one is decided by the next line.
      const next =
        text
          .split('\n')
          .slice(index + 1)
          .find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
      if (/^\s*- /.test(next)) {
        // Its items sit deeper than the key, so they land in this frame under `key`.
        frame.map[key] = [];
      } else {
        const child: Record<string, Value> = {};
        frame.map[key] = child;
        stack.push({ indent, map: child, lastKey: null });
      }
    } else if (/^\[.*\]$/.test(rest.trim())) {
      frame.map[key] = rest
        .trim()
        .slice(1, -1)
        .split(',')
        .map(scalar)
        .filter((s) => s !== '');
    } else {
      frame.map[key] = scalar(rest);
    }
  }
  return rootMap;
}

const config = parseSimpleYaml(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
const section = (name: string) => config[name] as Record<string, Value>;
const list = (value: Value | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value as string];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const data = readFileSync(path);
  assert.equal(data.subarray(1, 4).toString('latin1'), 'PNG', `${path} is not a PNG`);
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/** Whether an electron-builder file pattern (a/**, a/*.json, a) matches a path relative to the app. */
function matches(pattern: string, path: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*/g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\u0000/g, '.*');
  return new RegExp(`^${source}$`).test(path);
}

function shipped(path: string): boolean {
  const patterns = list(config.files);
  return (
    patterns.some((p) => !p.startsWith('!') && matches(p, path)) &&
    !patterns.some((p) => p.startsWith('!') && matches(p.slice(1), path))
  );
}

before(() => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(built.status, 0, built.stderr);
});

it('reads the subset of YAML it knows and refuses the rest', () => {
  assert.deepEqual(
    parseSimpleYaml('a: 1\nb:\n  c: [x, "y"]\n  d:\n    - p\n    - "!q" # comment\ne: z\n'),
    { a: '1', b: { c: ['x', 'y'], d: ['p', '!q'] }, e: 'z' },
  );
  assert.throws(() => parseSimpleYaml('a: 1\n? complex\n'), /line 2/);
});

it('builds AppImage and deb on Linux, NSIS on Windows, dmg on macOS', () => {
  assert.deepEqual(list(section('linux').target).sort(), ['AppImage', 'deb']);
  assert.deepEqual(list(section('win').target), ['nsis']);
  assert.deepEqual(list(section('mac').target), ['dmg']);
  assert.equal(config.appId, 'io.mtlsdesk.app');
  assert.equal(config.productName, 'mTLS Desk');
  assert.equal(section('directories').buildResources, 'build');
  assert.ok(existsSync(join(root, section('directories').buildResources as string)));
});

it('points every platform at an icon that exists and is at least 512x512 (what the dmg needs)', () => {
  for (const platform of ['linux', 'win', 'mac']) {
    const icon = section(platform).icon as string;
    assert.ok(icon, `${platform} has an icon`);
    assert.ok(existsSync(join(root, icon)), `${icon} exists`);
    const { width, height } = pngSize(join(root, icon));
    assert.ok(width >= 512 && width === height, `${icon} is ${width}x${height}`);
  }
});

it('ships the built main, preload and renderer and the program profiles, and no sources or node_modules', () => {
  const patterns = list(config.files);
  for (const needed of [
    'dist/main/**',
    'dist/preload/**',
    'dist/renderer/**',
    'shared/programs/*.json',
    'package.json',
  ]) {
    assert.ok(patterns.includes(needed), `files lists ${needed}`);
  }
  // What the packaged app loads at run time is inside those patterns.
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
  const runtime = [
    pkg.main,
    'dist/preload/index.cjs',
    'dist/renderer/index.html',
    'dist/renderer/app.js',
    // The reading worker main starts for untrusted input (electron/services/off-thread.ts).
    'dist/worker.js',
  ];
  for (const path of runtime) {
    assert.ok(existsSync(join(root, path)), `${path} is built`);
    assert.ok(shipped(path), `${path} is packaged`);
  }
  const programs = readdirSync(join(root, 'shared', 'programs')).filter((f) => f.endsWith('.json'));
  assert.ok(programs.length >= 4);
  for (const file of programs) assert.ok(shipped(`shared/programs/${file}`), `${file} is packaged`);
  for (const path of [
    'node_modules/react/index.js',
    'electron/main/index.ts',
    'renderer/app.tsx',
    'dist/main/index.js.map',
    'test/e2e/bridge.ts',
  ]) {
    assert.equal(shipped(path), false, `${path} is not packaged`);
  }
});

it('sets every Electron fuse against running code as the app, with keys electron-builder knows', () => {
  const fuses = section('electronFuses');
  assert.deepEqual(
    { ...fuses },
    {
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    },
  );
  // The names are the pinned electron-builder's own (a misspelt key would be ignored silently).
  const scheme = JSON.parse(
    readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'),
  ) as { definitions: Record<string, { properties: Record<string, { type?: string }> }> };
  const known = scheme.definitions.FuseOptionsV1.properties;
  for (const key of Object.keys(fuses)) assert.ok(key in known, `electron-builder knows ${key}`);
  assert.equal(config.asar, 'true', 'integrity validation needs the app in an asar');
});

it('pins electron-builder to one exact version among the dev dependencies', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
    dependencies: Record<string, string>;
  };
  const pinned = pkg.devDependencies['electron-builder'];
  assert.match(pinned ?? '', /^\d+\.\d+\.\d+$/, 'an exact version, no range');
  assert.equal(pkg.dependencies['electron-builder'], undefined);
  const installed = JSON.parse(
    readFileSync(join(root, 'node_modules', 'electron-builder', 'package.json'), 'utf8'),
  ) as { version: string };
  assert.equal(installed.version, pinned);
});
