// Exports checked by the tools that will read them: OpenSSL 3 (without -legacy for "modern", with
// it for "legacy"), Node's TLS (createSecureContext), Java's keytool, node-forge for the legacy RSA
// file, and `openssl pkey` for the encrypted PKCS#8; for EC and RSA keys alike.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { describe, it } from 'node:test';
import forge from 'node-forge';
import type { KeyAlgorithmId } from '../../shared/algorithms.js';
import { cli } from '../helpers/cli.js';
import { openssl, opensslOk, run } from '../helpers/openssl.js';
import { D1_SUBJECT, makeCa, signCsr, unlockedDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';

const P12_PASS = 'p12 export passphrase';

function keytoolList(file: string, password: string): string {
  const result = run('keytool', [
    '-list',
    '-v',
    '-storetype',
    'PKCS12',
    '-keystore',
    file,
    '-storepass',
    password,
  ]);
  assert.equal(result.status, 0, `keytool: ${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** `openssl pkcs12 -info` prints the algorithms on stderr. */
function p12Info(file: string, password: string, legacy: boolean): string {
  const result = openssl([
    'pkcs12',
    '-in',
    file,
    '-passin',
    `pass:${password}`,
    '-info',
    '-noout',
    ...(legacy ? ['-legacy'] : []),
  ]);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout + result.stderr;
}

function opensslKeyCheck(file: string, password: string, legacy: boolean): void {
  const extracted = opensslOk([
    'pkcs12',
    '-in',
    file,
    '-passin',
    `pass:${password}`,
    '-nodes',
    '-nocerts',
    ...(legacy ? ['-legacy'] : []),
  ]);
  assert.match(
    opensslOk(['pkey', '-noout', '-check'], { input: Buffer.from(extracted) }),
    /Key is valid/,
  );
}

describe('export', () => {
  const cases: Array<{ program: 'tsh-classic' | 'd1-ecom'; algorithm: KeyAlgorithmId }> = [
    { program: 'tsh-classic', algorithm: 'ec-p256' },
    { program: 'tsh-classic', algorithm: 'ec-p384' },
    { program: 'tsh-classic', algorithm: 'rsa-2048' },
    { program: 'd1-ecom', algorithm: 'rsa-4096' },
  ];
  for (const { program, algorithm } of cases) {
    it(`${program} ${algorithm}: PKCS#12 modern and legacy, encrypted PKCS#8 and the chain read back by OpenSSL, Node, keytool`, async () => {
      const { desk, dataDir } = await unlockedDesk();
      const o = desk.onboardings.create({
        program,
        identifier: 'EXP_000001',
        environment: 'preprod',
      });
      const generated =
        program === 'd1-ecom'
          ? await desk.identity.generate({ onboardingId: o.id, algorithm, subject: D1_SUBJECT })
          : await desk.identity.generate({
              onboardingId: o.id,
              algorithm,
              commonName: 'EXP_000001 client',
            });
      let chainLength = 1;
      if (program === 'd1-ecom') {
        await assert.rejects(
          desk.exports.pkcs12({
            onboardingId: o.id,
            out: join(dataDir, 'early.p12'),
            passphrase: P12_PASS,
            preset: 'modern',
          }),
          /import the certificate Thales signed/,
        );
        const ca = await makeCa('CN=Thales Test Business CA,O=Thales');
        const signed = await signCsr(generated.identity.csr!.pem, ca);
        await desk.assets.import({
          onboardingId: o.id,
          as: 'signed-certificate',
          data: signed.toString('pem') + '\n' + ca.pem,
          source: 'signed.pem',
        });
        chainLength = 2;
      }
      const expectedSpki = generated.identity.publicKeySha256;

      const modern = join(dataDir, 'modern.p12');
      await desk.exports.pkcs12({
        onboardingId: o.id,
        out: modern,
        passphrase: P12_PASS,
        preset: 'modern',
      });
      opensslKeyCheck(modern, P12_PASS, false);
      const info = p12Info(modern, P12_PASS, false);
      assert.match(info, /MAC: sha256/);
      assert.match(
        info,
        /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 600000, PRF hmacWithSHA256/,
      );
      assert.match(info, /PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC/);
      assert.notEqual(
        openssl(['pkcs12', '-in', modern, '-passin', 'pass:wrong', '-nodes', '-nocerts']).status,
        0,
        'a wrong password is refused',
      );
      createSecureContext({ pfx: readFileSync(modern), passphrase: P12_PASS });
      assert.match(
        keytoolList(modern, P12_PASS),
        new RegExp(`Entry type: PrivateKeyEntry[\\s\\S]*Certificate chain length: ${chainLength}`),
      );

      const legacy = join(dataDir, 'legacy.p12');
      await desk.exports.pkcs12({
        onboardingId: o.id,
        out: legacy,
        passphrase: P12_PASS,
        preset: 'legacy',
      });
      opensslKeyCheck(legacy, P12_PASS, true);
      const legacyInfo = p12Info(legacy, P12_PASS, true);
      assert.match(legacyInfo, /MAC: sha1/);
      assert.match(legacyInfo, /Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC/);
      createSecureContext({ pfx: readFileSync(legacy), passphrase: P12_PASS });
      assert.match(keytoolList(legacy, P12_PASS), /Entry type: PrivateKeyEntry/);
      if (algorithm.startsWith('rsa')) {
        // node-forge (RSA only) is an independent reader of the legacy format.
        const p12 = forge.pkcs12.pkcs12FromAsn1(
          forge.asn1.fromDer(readFileSync(legacy).toString('binary')),
          P12_PASS,
        );
        const bags = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[
          forge.pki.oids.pkcs8ShroudedKeyBag
        ]!;
        assert.equal(bags.length, 1);
        assert.ok(bags[0].key, 'forge decrypted the key');
      }

      const keyFile = join(dataDir, 'client.key');
      const keyResult = await desk.exports.key({
        onboardingId: o.id,
        out: keyFile,
        passphrase: P12_PASS,
      });
      assert.match(
        opensslOk(['pkey', '-in', keyFile, '-passin', `pass:${P12_PASS}`, '-noout', '-check']),
        /Key is valid/,
      );
      const pubOut = opensslOk([
        'pkey',
        '-in',
        keyFile,
        '-passin',
        `pass:${P12_PASS}`,
        '-pubout',
        '-outform',
        'DER',
      ]);
      assert.ok(pubOut.length > 0);
      // PBES2: PBKDF2 (salt, 600,000 = 0x927C0 iterations, PRF hmacWithSHA256), then AES-256-CBC with its IV.
      const parsed = opensslOk(['asn1parse', '-in', keyFile]);
      const fields = [...parsed.matchAll(/prim: (OBJECT|INTEGER|OCTET STRING) +(\S*)/g)].map(
        ([, type, value]) => (type === 'OCTET STRING' ? type : `${type} ${value}`),
      );
      assert.deepEqual(
        fields.slice(0, 7),
        [
          'OBJECT :PBES2',
          'OBJECT :PBKDF2',
          'OCTET STRING',
          'INTEGER :0927C0',
          'OBJECT :hmacWithSHA256',
          'OBJECT :aes-256-cbc',
          'OCTET STRING',
        ],
        parsed,
      );
      assert.equal(keyResult.keyId, generated.identity.keyId);
      assert.equal(
        (
          readFileSync(keyFile)
            .toString()
            .match(/BEGIN ENCRYPTED PRIVATE KEY/g) ?? []
        ).length,
        1,
      );

      const chainFile = join(dataDir, 'chain.pem');
      await desk.exports.chain({ onboardingId: o.id, out: chainFile });
      const subjects = [
        ...readFileSync(chainFile, 'utf8').matchAll(
          /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g,
        ),
      ].map((m) =>
        opensslOk(['x509', '-noout', '-subject', '-nameopt', 'RFC2253'], {
          input: Buffer.from(m[0]),
        }).trim(),
      );
      assert.equal(subjects.length, chainLength);
      assert.match(
        subjects[0],
        program === 'd1-ecom' ? /CN=TLSMA-RSA\/EXP_000001-PPR/ : /CN=EXP_000001 client/,
        'leaf first',
      );
      if (chainLength === 2) assert.match(subjects[1], /Thales Test Business CA/);
      assert.ok(expectedSpki);
      const actions = desk.audit.entries().map((e) => e.action);
      for (const action of ['export.p12', 'export.key', 'export.chain'] as const)
        assert.ok(actions.includes(action));
      assert.ok(
        !JSON.stringify(desk.audit.entries()).includes(P12_PASS),
        'no passphrase in the audit trail',
      );
    });
  }

  it('refuses a short export passphrase and an existing file; the CLI takes passphrases only from env or file', async () => {
    const { desk, dataDir } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tmg-merchant',
      identifier: 'M1',
      environment: 'sandbox',
    });
    await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', commonName: 'M1' });
    const out = join(dataDir, 'exists.p12');
    await assert.rejects(
      desk.exports.pkcs12({ onboardingId: o.id, out, passphrase: 'short', preset: 'modern' }),
      /at least 8 characters/,
    );
    assert.equal(existsSync(out), false);
    writeFileSync(out, 'precious');
    await assert.rejects(
      desk.exports.pkcs12({ onboardingId: o.id, out, passphrase: P12_PASS, preset: 'modern' }),
      { code: 'file-exists' },
    );
    assert.equal(readFileSync(out, 'utf8'), 'precious', 'nothing overwritten');
    const env = { MTLS_DESK_DATA_DIR: dataDir, VP: VAULT_PASSPHRASE, EP: P12_PASS };
    const noPass = await cli(
      [
        'export',
        'p12',
        '--onboarding',
        o.id,
        '--out',
        join(dataDir, 'a.p12'),
        '--passphrase-env',
        'VP',
      ],
      env,
    );
    assert.equal(noPass.code, 2);
    assert.match(noPass.stderr, /--export-passphrase-env VAR/);
    const badPreset = await cli(
      [
        'export',
        'p12',
        '--onboarding',
        o.id,
        '--preset',
        'weak',
        '--out',
        join(dataDir, 'a.p12'),
        '--passphrase-env',
        'VP',
        '--export-passphrase-env',
        'EP',
      ],
      env,
    );
    assert.equal(badPreset.code, 2);
    const ok = await cli(
      [
        'export',
        'p12',
        '--onboarding',
        o.id,
        '--preset',
        'legacy',
        '--out',
        join(dataDir, 'a.p12'),
        '--passphrase-env',
        'VP',
        '--export-passphrase-env',
        'EP',
        '--json',
      ],
      env,
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).certificates, 1);
    const wrongVault = await cli(
      [
        'export',
        'key',
        '--onboarding',
        o.id,
        '--out',
        join(dataDir, 'b.key'),
        '--passphrase-env',
        'EP',
        '--export-passphrase-env',
        'EP',
      ],
      env,
    );
    assert.equal(wrongVault.code, 2);
    assert.match(wrongVault.stderr, /wrong master passphrase/);
    assert.equal(existsSync(join(dataDir, 'b.key')), false);
  });
});
