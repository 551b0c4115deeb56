#!/usr/bin/env node
// The `mtls-desk` command: always the built bundle in dist/ (`npm run setup` builds it), never
// code from anywhere else, so it starts in a blink and runs exactly what was built.
// (`npm run cli` runs the TypeScript sources through tsx, for development.)
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    'mtls-desk: the command is not built yet: run `npm run setup` (or `npm run build`) in its folder first\n',
  );
  process.exit(2);
}
await import(bundle.href);
