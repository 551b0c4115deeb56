// Where secrets come from on the command line: a passphrase file must be the owner's alone and
// small; whatever is given to --passphrase-env is never repeated in an error (it may be the
// secret itself); a private key is never taken as an argument; standard input is capped.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { newDesk } from './desk-fixtures.js';

const dir = tempDir('mtls-desk-sources-');
const entry = fileURLToPath(new URL('../../electron/cli/index.ts', import.meta.url));

describe('passphrase sources', () => {
  it('a passphrase file readable by group or others is refused with the chmod that fixes it', async () => {
    const file = join(dir, 'open.pass');
    writeFileSync(file, 'a passphrase in a file\n');
    chmodSync(file, 0o644);
    const out = join(dir, 'open.key');
    const refused = await cli([
      'keygen',
      '--algorithm',
      'ec-p256',
      '--out',
      out,
      '--passphrase-file',
      file,
    ]);
    assert.equal(refused.code, 2);
    assert.equal(
      refused.stderr,
      `mtls-desk keygen: passphrase file ${file} can be read by other users (mode 644): run chmod 600 ${file} and try again\n`,
    );
    chmodSync(file, 0o600);
    const ok = await cli([
      'keygen',
      '--algorithm',
      'ec-p256',
      '--out',
      out,
      '--passphrase-file',
      file,
    ]);
    assert.equal(ok.code, 0, ok.stderr);
  });

  it('a passphrase file of 200 MB is refused without reading it', async () => {
    const file = join(dir, 'huge.pass');
    writeFileSync(file, '', { mode: 0o600 });
    spawnSync('truncate', ['-s', '200M', file]);
    const result = await cli([
      'keygen',
      '--algorithm',
      'ec-p256',
      '--out',
      join(dir, 'h.key'),
      '--passphrase-file',
      file,
    ]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /passphrase file .*huge\.pass is 209,715,200 bytes, not a passphrase \(at most 4,096\)/,
    );
  });

  it('the secret given by mistake to --passphrase-env or --passphrase-file is never echoed', async () => {
    const secret = 'Tr0ub4dor&3 horse staple';
    for (const flag of ['--passphrase-env', '--passphrase-file']) {
      for (const json of [[], ['--json']]) {
        const result = await cli([
          'keygen',
          '--algorithm',
          'ec-p256',
          '--out',
          join(dir, 'x.key'),
          flag,
          secret,
          ...json,
        ]);
        assert.equal(result.code, 2);
        assert.ok(!(result.stdout + result.stderr).includes(secret), result.stdout + result.stderr);
        assert.ok(!(result.stdout + result.stderr).includes('Tr0ub4dor'));
      }
    }
    // A name-shaped secret that is not set: not echoed either.
    const named = await cli([
      'keygen',
      '--algorithm',
      'ec-p256',
      '--out',
      join(dir, 'y.key'),
      '--passphrase-env',
      'CorrectHorseBatteryStaple',
    ]);
    assert.equal(named.code, 2);
    assert.doesNotMatch(named.stderr, /CorrectHorse/);
    assert.match(
      named.stderr,
      /the environment variable named for the passphrase for the new key is not set or empty/,
    );
  });

  it('a private key in import --value is refused: it would show in the process list and shell history', async () => {
    const { desk, dataDir } = newDesk();
    const onboarding = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'ARGKEY',
      environment: 'preprod',
    });
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const result = await cli(
      ['import', '--onboarding', onboarding.id, '--as', 'identity', `--value=${pem}`],
      { MTLS_DESK_DATA_DIR: dataDir },
    );
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'mtls-desk import: --value holds a private key, which other users can see in the process list and which stays in the shell history: give it as a file (chmod 600) or on standard input (import ... -); nothing was imported\n',
    );
    assert.ok(!result.stderr.includes(pem.split('\n')[1]));
  });

  it('import - reads at most 10 MB of standard input', () => {
    const { desk, dataDir } = newDesk();
    const onboarding = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'STDIN01',
      environment: 'preprod',
    });
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        entry,
        'import',
        '--onboarding',
        onboarding.id,
        '--as',
        'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
        '-',
      ],
      {
        env: { ...process.env, MTLS_DESK_DATA_DIR: dataDir },
        input: Buffer.alloc(11 * 1024 * 1024, 0x41),
        encoding: 'utf8',
        timeout: 120_000,
        maxBuffer: 1024 * 1024,
      },
    );
    assert.equal(run.status, 2, run.stderr);
    assert.equal(
      run.stderr,
      'mtls-desk import: standard input holds more than 10 MB, far too much for a certificate, chain or key: pipe the file you mean\n',
    );
  });
  it('a key file takes a passphrase of the export rule, and a PIN is read like a passphrase', async () => {
    const out = join(dir, 'short.key');
    const short = await cli(
      ['keygen', '--algorithm', 'ec-p256', '--out', out, '--passphrase-env', 'KEY_PASS'],
      { KEY_PASS: 'abc' },
    );
    assert.equal(short.code, 2);
    assert.match(
      short.stderr,
      /the export passphrase must have at least 8 characters \(it has 3\)/,
    );
    assert.equal(existsSync(out), false, 'no key file was written');

    // A PIN given where the variable's name belongs is never repeated back.
    const pin = await cli([
      'keygen',
      '--algorithm',
      'ec-p256',
      '--module',
      '/nonexistent/module.so',
      '--token',
      'desk',
      '--label',
      'k',
      '--pin-env',
      '98765432',
    ]);
    assert.equal(pin.code, 2);
    assert.doesNotMatch(pin.stderr, /98765432/);
    assert.match(pin.stderr, /takes the name of an environment variable/);

    // A PIN file readable by others is refused like a passphrase file.
    const pinFile = join(dir, 'open.pin');
    writeFileSync(pinFile, '1234\n');
    chmodSync(pinFile, 0o644);
    const open = await cli([
      'keygen',
      '--algorithm',
      'ec-p256',
      '--module',
      '/nonexistent/module.so',
      '--token',
      'desk',
      '--label',
      'k',
      '--pin-file',
      pinFile,
    ]);
    assert.equal(open.code, 2);
    assert.match(open.stderr, /can be read by other users \(mode 644\): run chmod 600/);
  });
});
