#!/usr/bin/env node
// Bundles the CLI into dist/ with esbuild. Program profiles stay data files in shared/programs.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'electron/cli/index.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
