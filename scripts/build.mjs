#!/usr/bin/env node
// Bundles with esbuild into dist/: the CLI, the reading worker, the Electron main process (ESM), the preload (one
// CommonJS file that requires only `electron`) and the renderer (browser, minified, with its
// index.html). Program profiles stay data files in shared/programs. Every file is written to a
// temp name and renamed into place, so a test reading dist/ while another builds never sees half.
import { build as esbuild } from 'esbuild';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RENDERER_ESBUILD } from './renderer-esbuild.mjs';

function writeAtomic(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  // A script with a #! line stays executable, as esbuild itself would leave it.
  writeFileSync(temp, contents, {
    mode: contents[0] === 0x23 && contents[1] === 0x21 ? 0o755 : 0o644,
  });
  renameSync(temp, path);
}

async function build(options) {
  const result = await esbuild({ ...options, write: false });
  for (const file of result.outputFiles) writeAtomic(file.path, file.contents);
  const paths = result.outputFiles.map((file) => file.path);
  return options.metafile ? Object.assign(paths, { metafile: result.metafile }) : paths;
}

// The chunks an entry imports statically, at any depth (paths as the metafile names them).
function staticChunks(metafile, entry) {
  const found = new Set();
  const visit = (output) => {
    for (const { path, kind } of metafile.outputs[output]?.imports ?? []) {
      if (kind !== 'import-statement' || found.has(path)) continue;
      found.add(path);
      visit(path);
    }
  };
  visit(entry);
  return [...found];
}

// Chunks of earlier builds go once no command started before this build can still need them.
function pruneChunks(dir, keep) {
  const old = Date.now() - 10 * 60_000;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const path = join(dir, name);
    if (!keep.has(path) && statSync(path).mtimeMs < old) rmSync(path, { force: true });
  }
}

const nodeRequireBanner = {
  js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};

const [cliFiles, , , , , rendererFiles] = await Promise.all([
  build({
    entryPoints: { cli: 'electron/cli/index.ts' },
    outdir: 'dist',
    // Each command is its own chunk, loaded when it runs: `mtls-desk programs` never parses the
    // TLS or x509 code. Chunk names carry a hash, so a running CLI never mixes two builds.
    splitting: true,
    chunkNames: 'cli-chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    banner: nodeRequireBanner,
    logLevel: 'warning',
  }),
  // The reading worker (electron/services/off-thread.ts), beside the CLI and one folder up from main.
  build({
    entryPoints: { worker: 'electron/services/off-thread-worker.ts' },
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    banner: nodeRequireBanner,
    logLevel: 'warning',
  }),
  build({
    entryPoints: { index: 'electron/main/index.ts' },
    outdir: 'dist/main',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external: ['electron'],
    banner: nodeRequireBanner,
    logLevel: 'warning',
  }),
  build({
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist/preload/index.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome130',
    minify: true,
    external: ['electron'],
    logLevel: 'warning',
  }),
  // The start script, a classic script the page runs before the app's module (renderer/start.ts).
  build({
    entryPoints: { start: 'renderer/start.ts' },
    outdir: 'dist/renderer',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    minify: true,
    logLevel: 'warning',
  }),
  build({
    entryPoints: { app: 'renderer/main.tsx' },
    outdir: 'dist/renderer',
    ...RENDERER_ESBUILD,
    // What only some windows need (the Japanese catalogue) is a chunk loaded on first use.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    minifyWhitespace: true,
    minifySyntax: true,
    // MTLS_DESK_NAMES=1 keeps function names, for reading a CPU profile of the page.
    minifyIdentifiers: !process.env.MTLS_DESK_NAMES,
    // V8's explicit compile hint: the page runs most of this code as it opens (React, the home
    // screen), so V8 compiles it all off the main thread while it downloads instead of on the
    // main thread at each first call.
    banner: { js: '//# allFunctionsCalledOnLoad' },
    metafile: true,
    logLevel: 'warning',
  }),
]);
pruneChunks(resolve('dist/cli-chunks'), new Set(cliFiles));
pruneChunks(resolve('dist/renderer/chunks'), new Set(rendererFiles));
// The chunks app.js imports are named in the page, so the browser fetches them with app.js
// instead of after parsing it (one round trip less before the first screen).
const preloads = staticChunks(rendererFiles.metafile, 'dist/renderer/app.js')
  .map((path) => `    <link rel="modulepreload" href="${path.slice('dist/renderer/'.length)}" />\n`)
  .join('');
writeAtomic(
  'dist/renderer/index.html',
  readFileSync('renderer/index.html', 'utf8').replace(
    /^(\s*<script type="module")/m,
    (script) => `${preloads}${script}`,
  ),
);
writeAtomic('dist/renderer/icon.svg', readFileSync('build/icon.svg'));
