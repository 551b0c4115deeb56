#!/usr/bin/env node
// Bundles with esbuild into dist/: the CLI, the Electron main process (ESM), the preload (one
// CommonJS file that requires only `electron`) and the renderer (browser, minified, with its
// index.html). Program profiles stay data files in shared/programs.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const nodeRequireBanner = { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" };

await Promise.all([
  build({
    entryPoints: { cli: 'electron/cli/index.ts' },
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
  build({
    entryPoints: { app: 'renderer/main.tsx' },
    outdir: 'dist/renderer',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  }),
]);
mkdirSync('dist/renderer', { recursive: true });
copyFileSync('renderer/index.html', 'dist/renderer/index.html');
copyFileSync('build/icon.svg', 'dist/renderer/icon.svg');
