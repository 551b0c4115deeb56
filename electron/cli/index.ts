#!/usr/bin/env node
import { runCli } from './main.js';

// A reader that stops early (`mtls-desk programs | head -1`) closes the pipe: end quietly, as
// cat or ls do, instead of a stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

process.exitCode = await runCli(process.argv.slice(2));
