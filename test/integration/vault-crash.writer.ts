// Child process for vault-crash.test.ts: keeps writing to the data folder until it is killed, and
// prints a line before each write starts and another once it is committed (stdout to a pipe is
// synchronous on Linux).
//   add <dataDir>:              new onboardings, each with a generated key and certificate
//   change <dataDir> <A> <B>:   changes the master passphrase back and forth between A and B
//   lifecycle <dataDir>:        adds a key, deletes it (tombstone), then restores or purges it, in turn
//   metadata <dataDir> <id>:    changes a setting and the ISSUER_HOST of onboarding <id>, in turn
import { writeSync } from 'node:fs';
import { newDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';

const [mode, dataDir, first, second] = process.argv.slice(2);
const { desk } = newDesk(dataDir);
const say = (line: string) => writeSync(1, `${line}\n`);

async function addKey(prefix: string, i: number) {
  const id = `${prefix}${process.pid}-${i}`;
  const onboarding = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: id,
    environment: 'preprod',
  });
  const { identity } = await desk.identity.generate({
    onboardingId: onboarding.id,
    algorithm: 'ec-p256',
    commonName: id,
  });
  return { onboarding, identity };
}

if (mode === 'add') {
  await desk.vault.unlock(VAULT_PASSPHRASE);
  say('ready');
  for (let i = 0; i < 10_000; i++) {
    const { onboarding, identity } = await addKey('K', i);
    say(`committed ${onboarding.id} ${identity.keyId}`);
  }
} else if (mode === 'change') {
  let current = first;
  await desk.vault.unlock(current);
  say('ready');
  for (let i = 0; i < 10_000; i++) {
    const next = current === first ? second : first;
    say(`changing-to ${next}`);
    await desk.vault.changePassphrase(current, next);
    current = next;
    say(`changed-to ${current}`);
  }
} else if (mode === 'lifecycle') {
  await desk.vault.unlock(VAULT_PASSPHRASE);
  say('ready');
  for (let i = 0; i < 10_000; i++) {
    const { identity } = await addKey('L', i);
    const key = identity.keyId;
    say(`added ${key} ${identity.publicKeySha256}`);
    say(`deleting ${key}`);
    await desk.vault.deleteKey(key, true);
    say(`deleted ${key}`);
    if (i % 2 === 0) {
      say(`restoring ${key}`);
      await desk.vault.restoreKey(key);
      say(`restored ${key}`);
    } else {
      say(`purging ${key}`);
      await desk.vault.purge(true);
      say(`purged ${key}`);
    }
  }
} else {
  say('ready');
  for (let i = 0; i < 10_000; i++) {
    const minutes = (i % 1000) + 1;
    say(`setting ${minutes}`);
    desk.settings.update({ autoLockMinutes: minutes });
    say(`set ${minutes}`);
    const host = `api${i}.bank.example`;
    say(`importing ${host}`);
    await desk.assets.import({
      onboardingId: first,
      as: 'ISSUER_HOST',
      data: `${host}/thales/v1`,
      source: '--value',
    });
    say(`imported ${host}`);
  }
}
