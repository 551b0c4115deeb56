// Child process for inventory-concurrent.test.ts: once told "go" on stdin, creates onboardings
// with a generated identity and a recorded connection test, as a CLI run would while another
// mtls-desk process writes to the same data folder.
//   <dataDir> <tag> <count>
import { writeSync } from 'node:fs';
import { newDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';

const [dataDir, tag, count] = process.argv.slice(2);
const { desk } = newDesk(dataDir);
await desk.vault.unlock(VAULT_PASSPHRASE);
writeSync(1, 'ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
for (let i = 0; i < Number(count); i++) {
  const onboarding = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: `${tag}${i}`,
    environment: 'preprod',
  });
  await desk.identity.generate({
    onboardingId: onboarding.id,
    algorithm: 'ec-p256',
    commonName: `${tag}${i}`,
  });
  desk.onboardings.recordTest(onboarding.id, {
    direction: 'inbound',
    ok: true,
    summary: 'ok',
    result: { kind: 'inbound', by: tag, n: i },
  });
  desk.settings.update({ autoLockMinutes: i + 1 });
}
writeSync(1, 'done\n');
process.exit(0);
