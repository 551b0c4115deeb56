// The vault from the command line, as a script drives it: passphrases only from an environment
// variable or a file, --json everywhere, exit codes 0 / 2.
import { passphraseStrength } from '../../shared/passphrase.js';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('mtls-desk vault', () => {
  it('init, status, change-passphrase, keys, delete-key / restore-key / purge, settings', async () => {
    const dataDir = tempDir();
    const passFile = join(tempDir(), 'pass.txt');
    writeFileSync(passFile, 'file passphrase 1\n', { mode: 0o600 });
    const env = { MTLS_DESK_DATA_DIR: dataDir, VP: 'env passphrase 1' };
    const none = await cli(['vault', 'status', '--json'], env);
    assert.equal(JSON.parse(none.stdout).initialized, false);
    const noPass = await cli(['vault', 'init'], env);
    assert.equal(noPass.code, 2);
    assert.match(noPass.stderr, /--passphrase-env VAR or --passphrase-file F/);
    const argPass = await cli(['vault', 'init', '--passphrase', 'on the command line'], env);
    assert.equal(argPass.code, 2, 'a passphrase is never an argument');
    const init = await cli(['vault', 'init', '--passphrase-file', passFile, '--json'], env);
    assert.equal(init.code, 0, init.stderr);
    assert.equal(JSON.parse(init.stdout).kdf.N, 2 ** 17, 'the default scrypt cost');
    // The strength feedback of the app's vault screen, from the same shared rule.
    assert.equal(
      JSON.parse(init.stdout).passphraseStrength,
      passphraseStrength('file passphrase 1').level,
    );
    assert.equal(
      (await cli(['vault', 'init', '--passphrase-file', passFile], env)).code,
      2,
      'only once',
    );
    assert.equal(
      (
        await cli(
          ['onboarding', 'create', '--program', 'tmg-merchant', '--id', 'SHOP', '--env', 'sandbox'],
          env,
        )
      ).code,
      0,
    );
    const gen = await cli(
      [
        'identity',
        'generate',
        '--onboarding',
        'tmg-merchant/SHOP/sandbox',
        '--algorithm',
        'ec-p256',
        '--cn',
        'SHOP sandbox',
        '--passphrase-file',
        passFile,
        '--json',
      ],
      env,
    );
    assert.equal(gen.code, 0, gen.stderr);
    const keyId = JSON.parse(gen.stdout).identity.keyId;
    const change = await cli(
      ['vault', 'change-passphrase', '--passphrase-file', passFile, '--new-passphrase-env', 'VP'],
      env,
    );
    assert.equal(change.code, 0, change.stderr);
    assert.match(change.stdout, /1 key\(s\) re-encrypted/);
    const old = await cli(
      ['vault', 'delete-key', keyId, '--confirm', '--passphrase-file', passFile],
      env,
    );
    assert.equal(old.code, 2);
    assert.match(old.stderr, /wrong master passphrase/);
    const unconfirmed = await cli(['vault', 'delete-key', keyId, '--passphrase-env', 'VP'], env);
    assert.equal(unconfirmed.code, 2);
    assert.match(unconfirmed.stderr, /--confirm/);
    assert.equal(
      (await cli(['vault', 'delete-key', keyId, '--confirm', '--passphrase-env', 'VP'], env)).code,
      0,
    );
    const keys = JSON.parse((await cli(['vault', 'keys', '--all', '--json'], env)).stdout).keys;
    assert.equal(keys.length, 1);
    assert.ok(keys[0].deletedAt);
    assert.equal(
      (await cli(['vault', 'restore-key', keyId, '--passphrase-env', 'VP'], env)).code,
      0,
    );
    assert.equal(JSON.parse((await cli(['vault', 'status', '--json'], env)).stdout).keys, 1);
    assert.equal(
      (await cli(['vault', 'purge', '--passphrase-env', 'VP'], env)).code,
      2,
      'purge needs --confirm',
    );
    // Three warnings, the earliest first: the rule the Settings screen and main hold too.
    const two = await cli(['vault', 'settings', '--warn-days', '60,14'], env);
    assert.equal(two.code, 2);
    assert.match(
      two.stderr,
      /give 3 expiry warnings, the earliest first \(for example 90,30,7\); 2 were given/,
    );
    const unordered = await cli(['vault', 'settings', '--warn-days', '14,30,60'], env);
    assert.equal(unordered.code, 2);
    assert.match(
      unordered.stderr,
      /Each warning comes fewer days before expiry than the one before it/,
    );
    const settings = await cli(
      ['vault', 'settings', '--auto-lock-minutes', '5', '--warn-days', '60,30,14', '--json'],
      env,
    );
    assert.deepEqual(JSON.parse(settings.stdout), {
      autoLockMinutes: 5,
      expiryWarningDays: [60, 30, 14],
      pkcs11Modules: [],
    });
    assert.equal((await cli(['vault', 'settings', '--auto-lock-minutes', 'soon'], env)).code, 2);
    const list = await cli(['onboarding', 'list', '--json'], env);
    assert.equal(JSON.parse(list.stdout).onboardings[0].id, 'tmg-merchant/SHOP/sandbox');
    const ics = join(dataDir, 'renewals.ics');
    const expiry = await cli(['onboarding', 'expiry', '--ics', ics], env);
    assert.equal(expiry.code, 0, expiry.stderr);
    assert.match(expiry.stdout, /calendar written/);
    assert.equal((await cli(['vault', 'frobnicate'], env)).code, 2);
  });
});
