// Keys on a PKCS#11 token, end to end, on a SoftHSM2 token this test makes in a temp folder:
// every program × allowed algorithm generated on the token (OpenSC's pkcs11-tool, independent of
// our code, confirms sensitive + never extractable and finds the certificates we stored), CSRs and
// certificates verified by OpenSSL, a live probe with the token key accepted by a server that
// trusts it and refused by one that does not, the failures said in one sentence (wrong PIN,
// locked token, missing module, token gone), and the PIN found nowhere: not in any output, log,
// audit entry or file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, type CliResult } from '../helpers/cli.js';
import { run } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, writePem, type TestPki } from '../helpers/tls-pki.js';
import { startOpensslServer } from '../helpers/tls-servers.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { listKeys, listTokens } from '../../electron/services/token/token.js';
import { tokenSupport } from '../../electron/services/token/native.js';

const MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const dir = tempDir('token-pkcs11-');
const tokenDir = join(dir, 'tokens');
const dataDir = join(dir, 'data');
const PIN = `pin-${randomBytes(6).toString('hex')}`;
const SO_PIN = `so-${randomBytes(6).toString('hex')}`;
const TOKEN = 'mtls-test';
const pinFile = join(dir, 'pin.txt');
const catalog = ProgramCatalog.load();
/** Everything our commands printed: scanned for the PIN at the end. */
const outputs: string[] = [];

const env = (): NodeJS.ProcessEnv => ({
  SOFTHSM2_CONF: join(dir, 'softhsm2.conf'),
  MTLS_DESK_DATA_DIR: dataDir,
  TOKEN_PIN: PIN,
});

async function run$(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const result = await cli(args, { ...env(), ...extra });
  outputs.push(result.stdout, result.stderr);
  return result;
}

function softhsm(args: string[]) {
  const result = run('softhsm2-util', args, { env: { ...process.env, ...env() } });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

function initToken(label: string): void {
  softhsm(['--init-token', '--free', '--label', label, '--pin', PIN, '--so-pin', SO_PIN]);
}

/** OpenSC's view of the token's objects (independent of graphene/pkcs11js). */
function pkcs11Tool(args: string[], token = TOKEN): string {
  const result = run(
    'pkcs11-tool',
    ['--module', MODULE, '--token-label', token, '--login', '--pin', PIN, ...args],
    { env: { ...process.env, ...env() } },
  );
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

function hexId(uri: string): string {
  return /id=((?:%[0-9A-F]{2})+)/i.exec(uri)![1].replace(/%/g, '').toLowerCase();
}

/** The object block pkcs11-tool prints for one CKA_ID and class. */
function objectBlock(listing: string, kind: string, id: string): string {
  const blocks = listing.split(/\n(?=\S)/);
  const block = blocks.find((b) => b.startsWith(kind) && b.includes(`ID:         ${id}`));
  assert.ok(block, `pkcs11-tool lists no ${kind} with ID ${id}:\n${listing}`);
  return block;
}

let pki: TestPki;

before(async () => {
  assert.ok(tokenSupport().available, 'pkcs11js builds here (g++, make, python3, Node headers)');
  writeFileSync(
    join(dir, 'softhsm2.conf'),
    `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  run('mkdir', ['-p', tokenDir, dataDir]);
  // The module reads SOFTHSM2_CONF when this process loads it.
  process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
  initToken(TOKEN);
  writeFileSync(pinFile, `${PIN}\n`, { mode: 0o600 });
  pki = await createTestPki();
});

after(() => {
  delete process.env.SOFTHSM2_CONF;
});

describe('PKCS#11 token (SoftHSM2)', () => {
  it('lists the module and its token with label, manufacturer, model, serial and flags', async () => {
    const result = await run$(['token', 'list', '--module', MODULE, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const info = JSON.parse(result.stdout);
    const token = info.tokens.find((t: { label: string }) => t.label === TOKEN);
    assert.equal(token.manufacturer, 'SoftHSM project');
    assert.equal(token.model, 'SoftHSM v2');
    assert.match(token.serial, /^[0-9a-f]{16}$/);
    assert.ok(token.flagWords.includes('login required'));
    assert.ok(token.flagWords.includes('initialized'));
    // The same serial as OpenSC reads.
    const listed = run('pkcs11-tool', ['--module', MODULE, '-L'], {
      env: { ...process.env, ...env() },
    }).stdout;
    assert.ok(listed.includes(token.serial), listed);
  });

  it('generates every program × allowed algorithm on the token, sensitive and never extractable; certificates and CSRs verify in OpenSSL; certificates are stored beside their key', async () => {
    const made: { onboarding: string; uri: string; publicKeySha256: string; pem: string }[] = [];
    for (const profile of catalog.list()) {
      const environment = profile.environments[0].id;
      const d1 = profile.id.startsWith('d1');
      for (const algorithm of profile.keyAlgorithms.allowed) {
        const tag = algorithm.replace(/\W/g, '').toUpperCase();
        // D1 ids are exactly 10 characters.
        const id = d1 ? `D1${tag}`.padEnd(10, '_') : `CUST01${tag}`;
        const create = await run$([
          'onboarding',
          'create',
          '--program',
          profile.id,
          '--id',
          id,
          '--env',
          environment,
        ]);
        assert.equal(create.code, 0, create.stderr);
        const onboarding = create.stdout.trim();
        const selfSigned = profile.clientCertificate.mode === 'self-signed';
        const gen = await run$([
          'identity',
          'generate',
          '--onboarding',
          onboarding,
          '--algorithm',
          algorithm,
          ...(selfSigned
            ? ['--cn', id]
            : [
                '--subject',
                // xPay's exact CN comes from its Thales representative; D1's from the template.
                `C=FR,ST=IDF,L=Paris,O=Acme,OU=Pay${profile.commonName.kind === 'exact' ? `,CN=${id}` : ''}`,
              ]),
          '--module',
          MODULE,
          '--token',
          TOKEN,
          // Half through a variable, half through a file.
          ...(made.length % 2 ? ['--pin-env', 'TOKEN_PIN'] : ['--pin-file', pinFile]),
          '--json',
        ]);
        assert.equal(gen.code, 0, `${onboarding} ${algorithm}: ${gen.stderr}`);
        const { identity, pem } = JSON.parse(gen.stdout);
        assert.match(identity.keyId, /^pkcs11:token=mtls-test;object=[^;]+;id=(%[0-9A-F]{2})+$/);
        assert.equal(identity.tokenModule, MODULE);
        made.push({
          onboarding,
          uri: identity.keyId,
          publicKeySha256: identity.publicKeySha256,
          pem,
        });
        const file = writePem(dir, `${id}.pem`, pem);
        if (selfSigned) {
          const verified = run('openssl', [
            'verify',
            '-x509_strict',
            '-purpose',
            'sslclient',
            '-CAfile',
            file,
            file,
          ]);
          assert.equal(verified.status, 0, verified.stderr + verified.stdout);
        } else {
          const verified = run('openssl', ['req', '-in', file, '-verify', '-noout']);
          assert.equal(verified.status, 0, verified.stderr);
          assert.match(verified.stdout + verified.stderr, /verify OK/);
        }
      }
    }
    assert.equal(
      made.length,
      catalog.list().reduce((n, p) => n + p.keyAlgorithms.allowed.length, 0),
    );
    const listing = pkcs11Tool(['-O']);
    for (const entry of made) {
      const id = hexId(entry.uri);
      const privateBlock = objectBlock(listing, 'Private Key Object', id);
      assert.match(privateBlock, /Access:\s+sensitive, always sensitive, never extractable, local/);
      assert.doesNotMatch(privateBlock, /decrypt|unwrap/);
      // The public key on the token is the one the certificate or CSR carries.
      // The public key on the token is the one the certificate or CSR carries (read by OpenSSL).
      const file = join(dir, `check-${id}.pem`);
      writeFileSync(file, entry.pem);
      const isCert = entry.pem.includes('BEGIN CERTIFICATE-----');
      const pubPem = run('openssl', [isCert ? 'x509' : 'req', '-in', file, '-pubkey', '-noout']);
      const spkiDer = createPublicKey(pubPem.stdout).export({ type: 'spki', format: 'der' });
      assert.equal(createHash('sha256').update(spkiDer).digest('hex'), entry.publicKeySha256);
      const read = spawnSync(
        'pkcs11-tool',
        [
          '--module',
          MODULE,
          '--token-label',
          TOKEN,
          '--read-object',
          '--type',
          'pubkey',
          '--id',
          id,
        ],
        { env: { ...process.env, ...env() }, timeout: 30_000 },
      );
      if (read.status === 0) assert.deepEqual(read.stdout, spkiDer);
      else {
        // OpenSC 0.23 cannot rebuild a P-384 key ("cannot create EVP_PKEY"): compare its EC_POINT.
        const point = /EC_POINT:\s+([0-9a-f]+)/.exec(objectBlock(listing, 'Public Key Object', id));
        assert.ok(point, String(read.stderr));
        assert.ok(
          point[1].endsWith(spkiDer.subarray(-(spkiDer.length > 100 ? 97 : 65)).toString('hex')),
        );
      }
      if (entry.pem.includes('BEGIN CERTIFICATE-----')) {
        const certBlock = objectBlock(listing, 'Certificate Object', id);
        assert.match(certBlock, /type = X\.509 cert/);
      }
    }
    // The key of a token identity cannot be exported: said, not attempted (even with the vault open).
    const vault = await run$(['vault', 'init', '--passphrase-env', 'VP'], {
      VP: 'vault passphrase 1',
    });
    assert.equal(vault.code, 0, vault.stderr);
    const tsh = made.find((m) => m.onboarding.startsWith('tsh-classic/'))!;
    const exported = await run$(
      [
        'export',
        'key',
        '--onboarding',
        tsh.onboarding,
        '--out',
        join(dir, 'never.key'),
        '--export-passphrase-env',
        'VP',
        '--passphrase-env',
        'VP',
      ],
      { VP: 'vault passphrase 1' },
    );
    assert.equal(exported.code, 2);
    assert.match(exported.stderr, /cannot leave the token/);
    // Renewal makes the new key on the same token; the old one stays until retired.
    const renewed = await run$([
      'identity',
      'renew',
      '--onboarding',
      tsh.onboarding,
      '--pin-env',
      'TOKEN_PIN',
      '--json',
    ]);
    assert.equal(renewed.code, 0, renewed.stderr);
    const next = JSON.parse(renewed.stdout).identity;
    assert.match(next.keyId, /^pkcs11:token=mtls-test;/);
    assert.notEqual(next.keyId, tsh.uri);
    assert.notEqual(next.publicKeySha256, tsh.publicKeySha256);
    const noPin = await run$(
      ['identity', 'renew', '--onboarding', tsh.onboarding, '--passphrase-env', 'VP'],
      {
        VP: 'vault passphrase 1',
      },
    );
    assert.equal(noPin.code, 2);
    assert.match(noPin.stderr, /the current key is on token "mtls-test".*give the user PIN/);
    // The audit trail records the token operations, by URI.
    const audit = await run$(['audit', 'show', '--json']);
    const actions = JSON.stringify(JSON.parse(audit.stdout));
    assert.match(actions, /token\.key-generated/);
    assert.match(actions, /token\.certificate-stored/);
    assert.ok(actions.includes(tsh.uri));
  });

  it('keygen prints the URI; selfsign and csr sign with --key pkcs11:…; the certificate is found on the token by pkcs11-tool', async () => {
    const keygen = await run$([
      'keygen',
      '--algorithm',
      'ec-p384',
      '--module',
      MODULE,
      '--token',
      TOKEN,
      '--label',
      'cli key',
      '--pin-env',
      'TOKEN_PIN',
    ]);
    assert.equal(keygen.code, 0, keygen.stderr);
    const uri = keygen.stdout.split('\n')[0];
    assert.match(uri, /^pkcs11:token=mtls-test;object=cli%20key;id=/);
    const certFile = join(dir, 'cli.pem');
    const selfsign = await run$([
      'selfsign',
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      '--cn',
      'CLIENT01',
      '--key',
      uri,
      '--module',
      MODULE,
      '--pin-file',
      pinFile,
      '--out',
      certFile,
    ]);
    assert.equal(selfsign.code, 0, selfsign.stderr);
    assert.equal(
      run('openssl', [
        'verify',
        '-x509_strict',
        '-purpose',
        'sslclient',
        '-CAfile',
        certFile,
        certFile,
      ]).status,
      0,
    );
    const block = objectBlock(pkcs11Tool(['-O']), 'Certificate Object', hexId(uri));
    assert.match(block, /subject:\s+DN: CN=CLIENT01/);
    const csrFile = join(dir, 'cli.csr');
    const csr = await run$([
      'csr',
      '--program',
      'd1-ecom',
      '--env',
      'preprod',
      '--id',
      'MGW_000007',
      '--subject',
      'C=FR,ST=IDF,L=Paris,O=Acme,OU=Pay',
      '--key',
      uri,
      '--module',
      MODULE,
      '--pin-env',
      'TOKEN_PIN',
      '--out',
      csrFile,
    ]);
    // D1 takes P-256 (or RSA 4096), not P-384: the same lint gate as for vault keys.
    assert.equal(csr.code, 2);
    assert.match(csr.stderr, /this key cannot be used/);
    const p256 = await run$(
      [
        'keygen',
        '--algorithm',
        'ec-p256',
        '--token',
        TOKEN,
        '--label',
        'd1 key',
        '--pin-env',
        'TOKEN_PIN',
      ],
      {},
    );
    // No --module: none is configured yet.
    assert.equal(p256.code, 2);
    assert.match(p256.stderr, /no PKCS#11 module is given or configured/);
    const configured = await run$(['token', 'modules', '--add', MODULE]);
    assert.equal(configured.code, 0, configured.stderr);
    const again = await run$([
      'keygen',
      '--algorithm',
      'ec-p256',
      '--token',
      TOKEN,
      '--label',
      'd1 key',
      '--pin-env',
      'TOKEN_PIN',
    ]);
    assert.equal(again.code, 0, again.stderr);
    const d1Uri = again.stdout.split('\n')[0];
    const csr2 = await run$([
      'csr',
      '--program',
      'd1-ecom',
      '--env',
      'preprod',
      '--id',
      'MGW_000007',
      '--subject',
      'C=FR,ST=IDF,L=Paris,O=Acme,OU=Pay',
      '--key',
      d1Uri,
      '--pin-env',
      'TOKEN_PIN',
      '--out',
      csrFile,
    ]);
    assert.equal(csr2.code, 0, csr2.stderr);
    assert.match(run('openssl', ['req', '-in', csrFile, '-verify', '-noout']).stderr, /verify OK/);
    // `token keys` shows both keys with their flags.
    const keys = await run$([
      'token',
      'keys',
      '--token',
      TOKEN,
      '--pin-env',
      'TOKEN_PIN',
      '--json',
    ]);
    const listed = JSON.parse(keys.stdout).keys as {
      uri: string;
      sensitive: boolean;
      neverExtractable: boolean;
      certificates: unknown[];
    }[];
    const cliKey = listed.find((k) => k.uri === uri)!;
    assert.ok(cliKey.sensitive && cliKey.neverExtractable);
    assert.equal(cliKey.certificates.length, 1);
  });

  it('a Thales-signed D1 certificate imported later is stored on the token beside its key (pkcs11-tool reads it back), once', async () => {
    const create = await run$([
      'onboarding',
      'create',
      '--program',
      'd1-ecom',
      '--id',
      'MGW_SIGNED',
      '--env',
      'preprod',
    ]);
    assert.equal(create.code, 0, create.stderr);
    const onboarding = create.stdout.trim();
    const gen = await run$([
      'identity',
      'generate',
      '--onboarding',
      onboarding,
      '--algorithm',
      'ec-p256',
      '--subject',
      'C=FR,ST=IDF,L=Paris,O=Acme,OU=Pay',
      '--module',
      MODULE,
      '--token',
      TOKEN,
      '--pin-env',
      'TOKEN_PIN',
      '--json',
    ]);
    assert.equal(gen.code, 0, gen.stderr);
    const { identity, pem } = JSON.parse(gen.stdout);
    const id = hexId(identity.keyId);
    const certificatesWithId = () =>
      pkcs11Tool(['-O'])
        .split(/\n(?=\S)/)
        .filter((b) => b.startsWith('Certificate Object') && b.includes(`ID:         ${id}`));
    assert.equal(certificatesWithId().length, 0, 'a CSR program stores no certificate at first');

    // The test CA standing in for the Thales CA signs the CSR made on the token.
    const csrFile = writePem(dir, 'signed-later.csr', pem);
    const caFile = writePem(dir, 'signed-later-ca.pem', pki.clientCa.certPem);
    const caKey = writePem(dir, 'signed-later-ca.key', pki.clientCa.keyPem);
    const ext = writePem(
      dir,
      'signed-later.ext',
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
    );
    const signedFile = join(dir, 'signed-later.pem');
    const signed = run('openssl', [
      'x509',
      '-req',
      '-in',
      csrFile,
      '-CA',
      caFile,
      '-CAkey',
      caKey,
      '-set_serial',
      '0x51',
      '-days',
      '365',
      '-sha256',
      '-extfile',
      ext,
      '-out',
      signedFile,
    ]);
    assert.equal(signed.status, 0, signed.stderr);

    // Without the PIN (no terminal): kept in the inventory, with a warning saying how to finish.
    const withoutPin = await run$([
      'import',
      '--onboarding',
      onboarding,
      '--as',
      'signed-certificate',
      signedFile,
      '--json',
    ]);
    assert.equal(withoutPin.code, 0, withoutPin.stderr);
    const warned = JSON.parse(withoutPin.stdout).findings.find(
      (f: { id: string }) => f.id === 'certificate-not-on-token',
    );
    assert.equal(warned.severity, 'warning');
    assert.match(warned.message, /not stored on token "mtls-test" beside its key/);
    assert.match(warned.fix, /--pin-env VAR or --pin-file F/);
    assert.equal(certificatesWithId().length, 0);

    // With the PIN: on the token under the key's CKA_ID, byte for byte what Thales signed.
    const withPin = await run$([
      'import',
      '--onboarding',
      onboarding,
      '--as',
      'signed-certificate',
      signedFile,
      '--pin-env',
      'TOKEN_PIN',
      '--json',
    ]);
    assert.equal(withPin.code, 0, withPin.stderr);
    assert.ok(
      !JSON.parse(withPin.stdout).findings.some(
        (f: { id: string }) => f.id === 'certificate-not-on-token',
      ),
    );
    const [block] = certificatesWithId();
    assert.ok(block, 'pkcs11-tool finds the certificate beside the key');
    assert.match(block, /subject:\s+DN: .*CN=TLSMA-ECDSA\\?\/MGW_SIGNED-PPR/);
    assert.match(block, /serial:\s+51/);
    const readBack = join(dir, 'signed-later.der');
    pkcs11Tool(['--read-object', '--type', 'cert', '--id', id, '--output-file', readBack]);
    assert.equal(
      createHash('sha256').update(readFileSync(readBack)).digest('hex'),
      createHash('sha256')
        .update(new X509Certificate(readFileSync(signedFile)).raw)
        .digest('hex'),
    );
    // Imported again: not stored twice.
    const again = await run$([
      'import',
      '--onboarding',
      onboarding,
      '--as',
      'signed-certificate',
      signedFile,
      '--pin-file',
      pinFile,
    ]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(certificatesWithId().length, 1);
    const audit = await run$(['audit', 'show', '--json']);
    assert.match(audit.stdout, /token\.certificate-stored/);
  });

  it('probes with the token key: passes against a server that trusts it, refused by one that does not', async () => {
    const keygen = await run$([
      'keygen',
      '--algorithm',
      'ec-p256',
      '--module',
      MODULE,
      '--token',
      TOKEN,
      '--label',
      'probe key',
      '--pin-env',
      'TOKEN_PIN',
    ]);
    assert.equal(keygen.code, 0, keygen.stderr);
    const uri = keygen.stdout.split('\n')[0];
    const certFile = join(dir, 'probe-client.pem');
    const selfsign = await run$([
      'selfsign',
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      '--cn',
      'PROBE01',
      '--key',
      uri,
      '--module',
      MODULE,
      '--pin-env',
      'TOKEN_PIN',
      '--out',
      certFile,
    ]);
    assert.equal(selfsign.code, 0, selfsign.stderr);
    const leaf = writePem(dir, 'server.pem', pki.server.certPem);
    const chain = writePem(dir, 'intermediate.pem', pki.digicertCa.certPem);
    const key = writePem(dir, 'server.key', pki.server.keyPem);
    const root = writePem(dir, 'root.pem', pki.root.certPem);
    const serverArgs = (clientCa: string) => [
      '-cert',
      leaf,
      '-cert_chain',
      chain,
      '-key',
      key,
      '-Verify',
      '1',
      '-verify_return_error',
      '-CAfile',
      clientCa,
    ];
    const trusting = await startOpensslServer(serverArgs(certFile));
    const other = await startOpensslServer(
      serverArgs(writePem(dir, 'client-ca.pem', pki.clientCa.certPem)),
    );
    const probe = (port: number) =>
      run$([
        'probe',
        `https://localhost:${port}/`,
        '--cert',
        certFile,
        '--key',
        uri,
        '--module',
        MODULE,
        '--pin-env',
        'TOKEN_PIN',
        '--ca',
        root,
        '--timeout',
        '20000',
        '--json',
      ]);
    const passed = await probe(trusting.port);
    assert.equal(passed.code, 0, passed.stdout + passed.stderr);
    const ok = JSON.parse(passed.stdout);
    assert.equal(ok.ok, true);
    assert.equal(ok.steps.find((s: { name: string }) => s.name === 'identity').status, 'pass');
    assert.equal(ok.steps.find((s: { name: string }) => s.name === 'http').status, 'pass');
    const refused = await probe(other.port);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    const bad = JSON.parse(refused.stdout);
    assert.equal(bad.ok, false);
    assert.match(bad.diagnosis.id, /client|unknown-ca|certificate/);
    await trusting.close();
    await other.close();
  });

  it("an algorithm the token cannot make gets one sentence with the token's reason; nothing is made or recorded", async () => {
    // The same token, its module now offering EC mechanisms only (SoftHSM2's slots.mechanisms).
    const ecOnly = join(dir, 'softhsm2-ec-only.conf');
    writeFileSync(
      ecOnly,
      `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.mechanisms = CKM_EC_KEY_PAIR_GEN,CKM_ECDSA,CKM_ECDSA_SHA256,CKM_SHA256\n`,
    );
    const privateKeys = () =>
      (pkcs11Tool(['-O', '--type', 'privkey']).match(/^Private Key Object/gm) ?? []).length;
    const before = privateKeys();
    const create = await run$([
      'onboarding',
      'create',
      '--program',
      'tsh-classic',
      '--id',
      'NORSA01',
      '--env',
      'preprod',
    ]);
    assert.equal(create.code, 0, create.stderr);
    const onboarding = create.stdout.trim();
    process.env.SOFTHSM2_CONF = ecOnly;
    try {
      const keygen = await run$(
        [
          'keygen',
          '--algorithm',
          'rsa-2048',
          '--module',
          MODULE,
          '--token',
          TOKEN,
          '--label',
          'no rsa here',
          '--pin-env',
          'TOKEN_PIN',
        ],
        { SOFTHSM2_CONF: ecOnly },
      );
      assert.equal(keygen.code, 2, keygen.stdout + keygen.stderr);
      assert.equal(keygen.stderr.trim().split('\n').length, 1, keygen.stderr);
      assert.match(
        keygen.stderr,
        /token "mtls-test" cannot make RSA 2048 keys: it does not list CKM_RSA_PKCS_KEY_PAIR_GEN among its mechanisms; choose another key algorithm the program allows, or generate the key on another token \(or in the vault\); nothing was made/,
      );
      const identity = await run$(
        [
          'identity',
          'generate',
          '--onboarding',
          onboarding,
          '--algorithm',
          'rsa-2048',
          '--cn',
          'NORSA01',
          '--module',
          MODULE,
          '--token',
          TOKEN,
          '--pin-env',
          'TOKEN_PIN',
        ],
        { SOFTHSM2_CONF: ecOnly },
      );
      assert.equal(identity.code, 2, identity.stdout + identity.stderr);
      assert.match(
        identity.stderr,
        /cannot make RSA 2048 keys: it does not list CKM_RSA_PKCS_KEY_PAIR_GEN/,
      );
      // What the token can make still works under the same configuration.
      const ec = await run$(
        [
          'keygen',
          '--algorithm',
          'ec-p256',
          '--module',
          MODULE,
          '--token',
          TOKEN,
          '--label',
          'ec still fine',
          '--pin-env',
          'TOKEN_PIN',
        ],
        { SOFTHSM2_CONF: ecOnly },
      );
      assert.equal(ec.code, 0, ec.stderr);
    } finally {
      process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
    }
    assert.equal(privateKeys(), before + 1, 'only the EC key was made');
    const shown = await run$(['onboarding', 'show', onboarding, '--json']);
    assert.deepEqual(JSON.parse(shown.stdout).record.identities, [], shown.stdout);
  });

  it('says in one sentence: wrong PIN (with what the token reports), locked token, missing module, token gone', async () => {
    const wrong = await run$(
      ['token', 'keys', '--module', MODULE, '--token', TOKEN, '--pin-env', 'WRONG'],
      {
        WRONG: 'not-the-pin',
      },
    );
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /the PIN for token "mtls-test" is wrong: the token reports/);
    assert.equal(wrong.stderr.trim().split('\n').length, 1);
    // Locked: SoftHSM never locks by itself, so set the token's own CKF_USER_PIN_LOCKED flag in
    // its token file; OpenSC then reports it too, and we refuse without trying a PIN.
    initToken('locked-token');
    const lockedDir = readdirSync(tokenDir).find((d) =>
      readFileSync(join(tokenDir, d, 'token.object')).includes('locked-token'),
    )!;
    const file = join(tokenDir, lockedDir, 'token.object');
    const bytes = readFileSync(file);
    const marker = Buffer.from('000000008000534b0000000000000002', 'hex');
    const at = bytes.indexOf(marker) + marker.length;
    assert.ok(at > marker.length, 'SoftHSM token flags attribute found');
    bytes.writeBigUInt64BE(bytes.readBigUInt64BE(at) | 0x40000n, at);
    writeFileSync(file, bytes);
    const openscView = run('pkcs11-tool', ['--module', MODULE, '-L'], {
      env: { ...process.env, ...env() },
    }).stdout;
    assert.match(openscView, /user PIN locked/);
    const locked = await run$([
      'token',
      'keys',
      '--module',
      MODULE,
      '--token',
      'locked-token',
      '--pin-env',
      'TOKEN_PIN',
    ]);
    assert.equal(locked.code, 2);
    assert.match(locked.stderr, /token "locked-token" is locked .*security officer/);
    const missing = await run$(['token', 'list', '--module', join(dir, 'no-such-module.so')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no-such-module\.so does not exist/);
    const notModule = await run$(['token', 'list', '--module', pinFile]);
    assert.equal(notModule.code, 2);
    assert.match(notModule.stderr, /cannot be loaded as a PKCS#11 module/);
    // Unplugged: the module loads in this process, the token is gone.
    initToken('gone-token');
    assert.ok(listTokens(MODULE).tokens.some((t) => t.label === 'gone-token'));
    softhsm(['--delete-token', '--token', 'gone-token']);
    await assert.rejects(
      listKeys({ module: MODULE, token: 'gone-token', pin: PIN }),
      /no token labelled "gone-token" is present in .*plug the token in or check the label/,
    );
    const gone = await run$(['token', 'keys', '--token', 'gone-token', '--pin-env', 'TOKEN_PIN']);
    assert.equal(gone.code, 2);
    assert.match(gone.stderr, /no token labelled "gone-token" is present/);
    // A PIN in the URI is refused (it would end up in logs and shell histories).
    const inUri = await run$([
      'selfsign',
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      '--cn',
      'X',
      '--key',
      'pkcs11:token=mtls-test;object=x;pin-value=1234',
      '--module',
      MODULE,
      '--pin-env',
      'TOKEN_PIN',
      '--out',
      join(dir, 'x.pem'),
    ]);
    assert.equal(inUri.code, 2);
    assert.match(inUri.stderr, /carries a PIN/);
  });

  it('never shows or writes the PIN: no output, audit entry or file holds it', () => {
    assert.ok(outputs.length > 10);
    for (const text of outputs)
      assert.ok(!text.includes(PIN), `PIN printed: ${text.slice(0, 200)}`);
    const files: string[] = [];
    const walk = (path: string) => {
      for (const name of readdirSync(path)) {
        const full = join(path, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (full !== pinFile) files.push(full);
      }
    };
    walk(dir);
    assert.ok(files.some((f) => f.endsWith('audit.log')));
    for (const file of files)
      assert.ok(!readFileSync(file).includes(PIN), `the PIN is written in ${file}`);
  });
});

describe('without the optional PKCS#11 support (the native addon did not build)', () => {
  it('the token commands say it is unavailable and why; everything else works', () => {
    const entry = join(import.meta.dirname, '../../electron/cli/index.ts');
    const preload = join(import.meta.dirname, '../helpers/no-pkcs11.cjs');
    const runCli = (args: string[]) =>
      spawnSync(process.execPath, ['--require', preload, '--import', 'tsx', entry, ...args], {
        env: { ...process.env, ...env() },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const list = runCli(['token', 'list', '--module', MODULE]);
    assert.equal(list.status, 2, list.stderr);
    assert.match(
      list.stderr,
      /token features are unavailable: the optional PKCS#11 support \(pkcs11js.*\) is not installed here .*install a C\+\+ compiler, make and python3, then run npm install again/,
    );
    assert.equal(list.stderr.trim().split('\n').length, 1);
    const programs = runCli(['programs', '--json']);
    assert.equal(programs.status, 0, programs.stderr);
    const keygen = runCli([
      'keygen',
      '--algorithm',
      'ec-p256',
      '--out',
      join(dir, 'plain.key'),
      '--no-encrypt',
    ]);
    assert.equal(keygen.status, 0, keygen.stderr);
  });
});
