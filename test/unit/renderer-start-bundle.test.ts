// An English window never loads Japanese: the renderer's Japanese data (the catalogue
// renderer/i18n/ja.ts and the Japanese texts of shared/i18n: japanese.ts, every *.ja.json table,
// probe-words.ja.ts) is in the chunk that
// renderer/i18n/index.tsx imports when the locale is Japanese, and in no chunk an English window
// loads: neither app.js and the chunks it imports statically (what index.html preloads) nor the
// chunks a screen loads when opened (wizard, tester). The renderer is bundled here as
// scripts/build.mjs does (esbuild, code splitting), and its metafile says which sources each
// output file carries.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { build, type Metafile } from 'esbuild';
import { RENDERER_ESBUILD } from '../../scripts/renderer-esbuild.mjs';

const JAPANESE_CHUNK = 'renderer/i18n/ja.ts';

async function rendererMetafile(): Promise<Metafile> {
  const result = await build({
    entryPoints: { app: 'renderer/main.tsx' },
    outdir: 'dist/renderer-bundle-test',
    ...RENDERER_ESBUILD,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  return result.metafile;
}

/** The output files loaded from `entry` through the import kinds given, not entering `skip`. */
function reachable(
  metafile: Metafile,
  entry: string,
  kinds: readonly string[],
  skip: (output: string) => boolean = () => false,
): Set<string> {
  const found = new Set([entry]);
  const visit = (output: string) => {
    for (const { path, kind } of metafile.outputs[output]?.imports ?? []) {
      if (!kinds.includes(kind) || found.has(path) || skip(path)) continue;
      found.add(path);
      visit(path);
    }
  };
  visit(entry);
  return found;
}

/** The Japanese catalogue and the Japanese texts of data (shared/i18n/*.ja.json, *.ja.ts, japanese.ts). */
const isJapanese = (input: string) =>
  input === JAPANESE_CHUNK ||
  input.startsWith('renderer/i18n/ja/') ||
  input === 'shared/i18n/japanese.ts' ||
  /\.ja\.(json|ts)$/.test(input);

const japaneseInputs = (metafile: Metafile, outputs: Iterable<string>) =>
  [...outputs].flatMap((o) => Object.keys(metafile.outputs[o].inputs).filter(isJapanese)).sort();

describe('renderer bundle', () => {
  it('carries no Japanese data at start, nor in any chunk an English window opens', async () => {
    const metafile = await rendererMetafile();
    const app = Object.keys(metafile.outputs).find((o) => o.endsWith('/app.js'))!;
    const japaneseChunk = Object.keys(metafile.outputs).find(
      (o) => metafile.outputs[o].entryPoint === JAPANESE_CHUNK,
    );
    assert.ok(japaneseChunk, 'the Japanese catalogue is a chunk of its own');

    const start = reachable(metafile, app, ['import-statement']);
    assert.deepEqual(japaneseInputs(metafile, start), [], 'in app.js or its static chunks');
    const english = reachable(
      metafile,
      app,
      ['import-statement', 'dynamic-import'],
      (o) => o === japaneseChunk,
    );
    assert.deepEqual(japaneseInputs(metafile, english), [], 'in a chunk a screen loads');

    // The Japanese chunk (with what it imports) brings every table: a window in Japanese has
    // them all from one load, before its first render.
    const japanese = reachable(metafile, japaneseChunk, ['import-statement']);
    const tables = readdirSync('shared/i18n')
      .filter((name) => name.endsWith('.ja.json'))
      .map((name) => `shared/i18n/${name}`);
    assert.ok(tables.length >= 8, `${tables.length} tables`);
    assert.deepEqual(
      tables.filter((t) => !japaneseInputs(metafile, japanese).includes(t)),
      [],
      'tables the Japanese chunk does not bring',
    );
  });
});
