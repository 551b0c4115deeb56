#!/usr/bin/env node
// The `mtls-desk` command: the bundle from `npm run build` when there is one, else the sources.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../electron/cli/index.ts', import.meta.url).href);
}
