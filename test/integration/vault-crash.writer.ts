// Child process for vault-crash.test.ts: keeps writing to the vault until it is killed, and
// prints a line only after each write is committed (stdout to a pipe is synchronous on Linux).
//   add <dataDir>:              new onboardings, each with a generated key and certificate
//   change <dataDir> <A> <B>:   changes the master passphrase back and forth between A and B
import { writeSync } from 'node:fs';
import { newDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';

const [mode, dataDir, first, second] = process.argv.slice(2);
const { desk } = newDesk(dataDir);
if (mode === 'add') {
  await desk.vault.unlock(VAULT_PASSPHRASE);
  writeSync(1, 'ready\n');
  for (let i = 0; i < 10_000; i++) {
    const id = `K${process.pid}-${i}`;
    const onboarding = desk.onboardings.create({ program: 'tsh-classic', identifier: id, environment: 'preprod' });
    const { identity } = await desk.identity.generate({ onboardingId: onboarding.id, algorithm: 'ec-p256', commonName: id });
    writeSync(1, `committed ${onboarding.id} ${identity.keyId}\n`);
  }
} else {
  let current = first;
  await desk.vault.unlock(current);
  writeSync(1, 'ready\n');
  for (let i = 0; i < 10_000; i++) {
    const next = current === first ? second : first;
    writeSync(1, `changing-to ${next}\n`);
    await desk.vault.changePassphrase(current, next);
    current = next;
    writeSync(1, `changed-to ${current}\n`);
  }
}
