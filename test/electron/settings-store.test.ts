// The app's electron-store adapter under plain Node (the recording stand-in answers electron-store's
// few calls to `electron`): settings and an onboarding written through it are what the CLI's conf
// store and the CLI itself read back, and the reverse; the metadata file is 0600 in a 0700 folder.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { before, it } from 'node:test';
import { openDesk } from '../../electron/services/desk.js';
import { METADATA_FILE_NAME, openConfStore } from '../../electron/services/store.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

register('./stand-in/hooks.mjs', import.meta.url);

let openElectronStore: typeof import('../../electron/main/settings-store.js').openElectronStore;
before(async () => {
  ({ openElectronStore } = await import('../../electron/main/settings-store.js'));
});

const mode = (path: string) => statSync(path).mode & 0o777;

it('settings and an onboarding saved by the app are read back by the CLI store and the CLI, in a 0600 file', async () => {
  const dataDir = join(tempDir(), 'data');
  const appStore = openElectronStore(dataDir);
  assert.equal(appStore.path, join(dataDir, `${METADATA_FILE_NAME}.json`));
  const app = openDesk({ dataDir, store: appStore });
  app.settings.update({ autoLockMinutes: 5, expiryWarningDays: [60, 30, 14] });
  const { id } = app.onboardings.create({
    program: 'tmg-merchant',
    identifier: 'SHOP7',
    environment: 'sandbox',
  });

  assert.equal(mode(appStore.path), 0o600);
  assert.equal(mode(dataDir), 0o700);

  const cliStore = openConfStore(dataDir);
  assert.equal(cliStore.path, appStore.path, 'one file for both');
  assert.deepEqual(cliStore.get('settings'), {
    autoLockMinutes: 5,
    expiryWarningDays: [60, 30, 14],
    pkcs11Modules: [],
  });
  const viaCliStore = openDesk({ dataDir, store: cliStore });
  assert.deepEqual(
    viaCliStore.onboardings.list().map((o) => [o.id, o.program, o.identifier, o.environment]),
    [[id, 'tmg-merchant', 'SHOP7', 'sandbox']],
  );

  const env = { MTLS_DESK_DATA_DIR: dataDir };
  const settings = await cli(['vault', 'settings', '--json'], env);
  assert.equal(settings.code, 0, settings.stderr);
  assert.deepEqual(JSON.parse(settings.stdout), {
    autoLockMinutes: 5,
    expiryWarningDays: [60, 30, 14],
    pkcs11Modules: [],
  });
  const list = await cli(['onboarding', 'list', '--json'], env);
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(
    JSON.parse(list.stdout).onboardings.map((o: { id: string; identifier: string }) => [
      o.id,
      o.identifier,
    ]),
    [[id, 'SHOP7']],
  );

  // And back: what the CLI changes, the app's store sees (both read the file, neither caches it).
  const changed = await cli(['vault', 'settings', '--auto-lock-minutes', '30'], env);
  assert.equal(changed.code, 0, changed.stderr);
  assert.equal(app.settings.get().autoLockMinutes, 30);
  assert.deepEqual(app.settings.get().expiryWarningDays, [60, 30, 14]);
  assert.equal(mode(appStore.path), 0o600, 'still 0600 after the CLI rewrote it');
});
