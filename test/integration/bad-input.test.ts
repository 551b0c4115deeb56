// Bad input of every kind: exit 2, one sentence naming the input and the problem, no stack trace,
// and no output file left behind.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { cli, cliProcess, type CliResult } from '../helpers/cli.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const env = { KEY_PASS: 'the right passphrase' };
const key = join(dir, 'client.key');
const cert = join(dir, 'client.pem');

function assertOneSentence(result: CliResult, pattern: RegExp): void {
  assert.equal(
    result.code,
    2,
    `expected exit 2, got ${result.code}: ${result.stdout}${result.stderr}`,
  );
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got: ${result.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(result.stderr, /\bat .*\.(ts|js):\d+/, 'no stack trace');
}

function lintFile(path: string) {
  return cli(['lint', '--program', 'tsh-classic', '--env', 'preprod', path]);
}

describe('bad input', () => {
  before(async () => {
    assert.equal(
      (
        await cli(
          ['keygen', '--algorithm', 'ec-p256', '--out', key, '--passphrase-env', 'KEY_PASS'],
          env,
        )
      ).code,
      0,
    );
    assert.equal(
      (
        await cli(
          [
            'selfsign',
            '--program',
            'tsh-classic',
            '--env',
            'preprod',
            '--cn',
            'CUST01',
            '--key',
            key,
            '--passphrase-env',
            'KEY_PASS',
            '--out',
            cert,
          ],
          env,
        )
      ).code,
      0,
    );
  });

  it('an empty file', async () => {
    const path = join(dir, 'empty.pem');
    writeFileSync(path, '');
    assertOneSentence(await lintFile(path), /empty\.pem is empty/);
  });

  it('binary junk', async () => {
    const path = join(dir, 'junk.bin');
    writeFileSync(path, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
    assertOneSentence(await lintFile(path), /junk\.bin is not a certificate, chain, CSR or key/);
  });

  it('truncated DER', async () => {
    const path = join(dir, 'cut.der');
    opensslOk(['x509', '-in', cert, '-outform', 'DER', '-out', path]);
    truncateSync(path, 200);
    assertOneSentence(await lintFile(path), /cut\.der: the DER data is truncated/);
  });

  it('PEM with a broken base64 body', async () => {
    const path = join(dir, 'broken.pem');
    writeFileSync(path, readFileSync(cert, 'utf8').replace(/\n(.{10})/, '\n$1*%$'));
    assertOneSentence(
      await lintFile(path),
      /broken\.pem: the CERTIFICATE PEM block has a broken base64 body/,
    );
  });

  it('PEM cut before its END line', async () => {
    const path = join(dir, 'cut.pem');
    writeFileSync(path, readFileSync(cert, 'utf8').slice(0, 200));
    assertOneSentence(
      await lintFile(path),
      /cut\.pem: a PEM block starts but has no matching END line/,
    );
  });

  it('a 50 MB file', async () => {
    const path = join(dir, 'huge.pem');
    writeFileSync(path, '');
    truncateSync(path, 50 * 1024 * 1024);
    assertOneSentence(await lintFile(path), /huge\.pem is 50\.0 MB, far too large/);
  });

  it('a device and a folder are refused, a pipe is read up to the limit', async () => {
    assertOneSentence(await lintFile('/dev/zero'), /\/dev\/zero is a device, not a file/);
    assertOneSentence(await lintFile(dir), /is a folder: give a file/);
    // An endless pipe stops at the limit instead of filling memory.
    const fifo = join(dir, 'endless.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const writer = spawn('sh', ['-c', `exec cat /dev/zero > ${fifo}`], { stdio: 'ignore' });
    try {
      // Its own process, with a time limit: a pipe nobody writes to would wait for ever.
      const read = cliProcess(['lint', '--program', 'tsh-classic', '--env', 'preprod', fifo]);
      assertOneSentence(read, /endless\.fifo is more than 10 MB, far too large/);
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('a missing file', async () => {
    assertOneSentence(await lintFile(join(dir, 'nope.pem')), /nope\.pem does not exist/);
  });

  it('a wrong passphrase, and an encrypted key without one', async () => {
    const out = join(dir, 'wrong-pass.pem');
    assertOneSentence(
      await cli(
        [
          'selfsign',
          '--program',
          'tsh-classic',
          '--env',
          'preprod',
          '--cn',
          'X',
          '--key',
          key,
          '--passphrase-env',
          'KEY_PASS',
          '--out',
          out,
        ],
        { KEY_PASS: 'not it' },
      ),
      /wrong passphrase/,
    );
    assert.equal(existsSync(out), false);
    assertOneSentence(
      await cli([
        'selfsign',
        '--program',
        'tsh-classic',
        '--env',
        'preprod',
        '--cn',
        'X',
        '--key',
        key,
        '--out',
        out,
      ]),
      /encrypted private key: give its passphrase/,
    );
    assert.equal(existsSync(out), false);
  });

  it('a key that does not match the certificate', async () => {
    const other = join(dir, 'other.key');
    assert.equal(
      (await cli(['keygen', '--algorithm', 'ec-p256', '--out', other, '--no-encrypt'])).code,
      0,
    );
    const result = await cli([
      'lint',
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      '--cn',
      'CUST01',
      cert,
      other,
    ]);
    assertOneSentence(result, /the key .*other\.key does not match the certificate .*client\.pem/);
  });

  it('an unknown program or environment', async () => {
    assertOneSentence(
      await cli(['lint', '--program', 'visa', '--env', 'preprod', cert]),
      /unknown program "visa": use one of d1-ecom, d1-issuer, tmg-merchant, tsh-classic/,
    );
    assertOneSentence(
      await cli(['lint', '--program', 'd1-ecom', '--env', 'sandbox', cert]),
      /program d1-ecom has no environment "sandbox": use preprod or prod/,
    );
  });

  it('a CN over 64 characters', async () => {
    const out = join(dir, 'long-cn.pem');
    assertOneSentence(
      await cli(
        [
          'selfsign',
          '--program',
          'tsh-classic',
          '--env',
          'preprod',
          '--cn',
          'C'.repeat(65),
          '--key',
          key,
          '--passphrase-env',
          'KEY_PASS',
          '--out',
          out,
        ],
        env,
      ),
      /Common Name \(CN\) is 65 characters; X\.509 allows at most 64/,
    );
    assert.equal(existsSync(out), false);
  });

  it('an invalid country code', async () => {
    const out = join(dir, 'bad-country.csr');
    const d1Key = join(dir, 'd1.key');
    assert.equal(
      (await cli(['keygen', '--algorithm', 'ec-p256', '--out', d1Key, '--no-encrypt'])).code,
      0,
    );
    assertOneSentence(
      await cli([
        'csr',
        '--program',
        'd1-ecom',
        '--env',
        'preprod',
        '--id',
        'MGW_000001',
        '--subject',
        'C=France,ST=IDF,L=Paris,O=Acme,OU=Cards',
        '--key',
        d1Key,
        '--out',
        out,
      ]),
      /country "France" is not a two-letter ISO 3166 code/,
    );
    assert.equal(existsSync(out), false);
  });

  it('an identifier that is not valid, said before the key is even read', async () => {
    assertOneSentence(
      await cli([
        'csr',
        '--program',
        'd1-ecom',
        '--env',
        'preprod',
        '--id',
        'M'.repeat(70),
        '--subject',
        'C=FR,ST=IDF,L=Paris,O=Acme,OU=Cards',
        '--key',
        key,
        '--out',
        join(dir, 'long-id.csr'),
      ]),
      /the merchantGatewayId "M{24}…" \(70 characters\) is not valid: use exactly 10 letters/,
    );
    assert.equal(existsSync(join(dir, 'long-id.csr')), false);
  });

  it('a key algorithm the program refuses, and a validity beyond the maximum', async () => {
    const rsa = join(dir, 'rsa2048.key');
    opensslOk(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', rsa]);
    assertOneSentence(
      await cli([
        'csr',
        '--program',
        'd1-ecom',
        '--env',
        'preprod',
        '--id',
        'MGW_000001',
        '--subject',
        'C=FR,ST=IDF,L=Paris,O=Acme,OU=Cards',
        '--key',
        rsa,
        '--out',
        join(dir, 'x.csr'),
      ]),
      /D1 explicitly refuses RSA 2048/,
    );
    assertOneSentence(
      await cli([
        'selfsign',
        '--program',
        'tsh-classic',
        '--env',
        'preprod',
        '--cn',
        'X',
        '--key',
        rsa,
        '--days',
        '731',
        '--out',
        join(dir, 'x.pem'),
      ]),
      /a validity of 731 days is not allowed: .* accepts 1 to 730 days/,
    );
  });

  it('usage errors: unknown option, missing option, a passphrase given as an argument', async () => {
    assertOneSentence(
      await cli([
        'keygen',
        '--algorithm',
        'ec-p256',
        '--out',
        join(dir, 'k'),
        '--passphrase',
        'secret',
      ]),
      /Unknown option '--passphrase'.*Usage: mtls-desk keygen/,
    );
    assertOneSentence(await cli(['keygen', '--out', join(dir, 'k')]), /--algorithm is required/);
    assertOneSentence(
      await cli(['keygen', '--algorithm', 'ec-p521', '--out', join(dir, 'k'), '--no-encrypt']),
      /unknown key algorithm "ec-p521"/,
    );
    assertOneSentence(await cli(['frobnicate']), /unknown command "frobnicate"/);
  });

  it('never overwrites an existing file without --force', async () => {
    const before = readFileSync(cert);
    assertOneSentence(
      await cli(
        [
          'selfsign',
          '--program',
          'tsh-classic',
          '--env',
          'preprod',
          '--cn',
          'CUST01',
          '--key',
          key,
          '--passphrase-env',
          'KEY_PASS',
          '--out',
          cert,
        ],
        env,
      ),
      /client\.pem already exists: choose another name, or allow replacing it \(--force\)/,
    );
    assert.deepEqual(readFileSync(cert), before);
    const forced = await cli(
      [
        'selfsign',
        '--program',
        'tsh-classic',
        '--env',
        'preprod',
        '--cn',
        'CUST01',
        '--key',
        key,
        '--passphrase-env',
        'KEY_PASS',
        '--out',
        cert,
        '--force',
      ],
      env,
    );
    assert.equal(forced.code, 0);
    assert.notDeepEqual(readFileSync(cert), before);
  });

  it('leaves no temporary or partial files behind', () => {
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  it('the real process: exit codes and --json errors', () => {
    const empty = join(dir, 'empty2.pem');
    writeFileSync(empty, '');
    const result = cliProcess([
      'lint',
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      empty,
      '--json',
    ]);
    assert.equal(result.code, 2);
    assert.deepEqual(JSON.parse(result.stdout), {
      ok: false,
      error: {
        code: 'bad-input',
        message: `${empty} is empty: give a certificate, CSR or key`,
        text: { id: 'input.empty', params: { source: empty } },
      },
    });
    const ok = cliProcess([
      'lint',
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      '--cn',
      'CUST01',
      cert,
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    const nonCompliant = cliProcess([
      'lint',
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      '--cn',
      'SOMEONE',
      cert,
    ]);
    assert.equal(nonCompliant.code, 1);
    assert.match(nonCompliant.stdout, /cn-mismatch/);
  });
});
