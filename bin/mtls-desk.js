#!/usr/bin/env node
// The `mtls-desk` command. In a development checkout (tsx installed) it runs the sources, so it
// can never run a stale bundle; an installed package has no tsx and runs dist/ from `npm run build`.
let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  register = undefined;
}
if (register) {
  register();
  await import(new URL('../electron/cli/index.ts', import.meta.url).href);
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href);
}
