// Child process for vault-passphrase.test.ts: opens the desk on <dataDir>, prints "ready", waits
// until <barrier> exists (so every child guesses at the same moment), tries one unlock with
// <guess>, and prints the outcome's error code (or "unlocked").
import { existsSync, writeSync } from 'node:fs';
import { newDesk } from './desk-fixtures.js';

const [dataDir, barrier, guess] = process.argv.slice(2);
const { desk } = newDesk(dataDir);
writeSync(1, 'ready\n');
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const deadline = Date.now() + 150_000;
while (!existsSync(barrier) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 5);
try {
  await desk.vault.unlock(guess);
  writeSync(1, 'unlocked\n');
} catch (error) {
  writeSync(1, `${(error as { code?: string }).code ?? String(error)}\n`);
}
desk.close();
