// An existing key and certificate imported in the wizard's identity step, through main's handlers
// as both shells compose them: files chosen in main (the page holds ids), decoded and checked
// there, the key into the vault; refusals said at their fields, storing nothing. Keys and
// certificates are made by OpenSSL; the exported PKCS#12 is read back by OpenSSL.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { composeMain, type MainComposition } from '../../electron/main/compose.js';
import { dispatch } from '../../electron/main/dispatch.js';
import { openConfStore } from '../../electron/services/store.js';
import { browserDialogs } from '../../electron/shell/dialogs.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { TEST_KDF } from './desk-fixtures.js';

const MASTER = 'identity import master passphrase';
const dir = tempDir('mtls-desk-import-files-');
const dataDir = tempDir('mtls-desk-import-files-data-');
/** What the next native open dialog answers (a path), in order. */
const opened: string[] = [];
const saved: string[] = [];
let main: MainComposition;

/** A self-signed EC P-256 client certificate as the TSH rules want it, made by OpenSSL. */
function opensslIdentity(name: string, ca = false): { key: string; cert: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  opensslOk([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '365',
    '-subj',
    `/CN=${name}`,
    '-nodes',
    '-sha256',
    '-addext',
    `basicConstraints=critical,CA:${ca ? 'TRUE' : 'FALSE'}`,
    '-addext',
    'keyUsage=critical,digitalSignature',
    '-addext',
    'extendedKeyUsage=clientAuth',
  ]);
  return { key, cert };
}

function fingerprint(pem: string): string {
  return opensslOk(['x509', '-noout', '-fingerprint', '-sha256'], { input: pem }).trim();
}

async function choose(path: string, purpose: 'key' | 'certificate' | 'pkcs12'): Promise<string> {
  opened.push(path);
  const answer = await dispatch(main.handlers, 'identity.chooseFile', { purpose });
  assert.ok(answer.ok, JSON.stringify(answer));
  const { file } = answer.value as { file: { id: string; name: string } };
  assert.equal(file.name, path.split('/').pop(), 'the page gets the file name only');
  return file.id;
}

async function onboarding(identifier: string): Promise<string> {
  const created = await dispatch(main.handlers, 'onboarding.create', {
    program: 'tsh-classic',
    identifier,
    environment: 'preprod',
  });
  assert.ok(created.ok, JSON.stringify(created));
  return (created.value as { id: string }).id;
}

type Refusal = { code: string; message: string; field?: string };

async function refused(request: object): Promise<Refusal> {
  const answer = await dispatch(main.handlers, 'identity.importFiles', request);
  assert.equal(answer.ok, false, JSON.stringify(answer));
  return (answer as unknown as { error: Refusal }).error;
}

function vaultKeys(): number {
  return main.desk.vault.keys().length;
}

before(async () => {
  main = composeMain({
    dataFolder: { current: dataDir, defaultDir: dataDir, fromEnvironment: false },
    store: openConfStore,
    version: 'test',
    kdf: TEST_KDF,
    vaultWatchMs: 0,
    dialogs: {
      openFile: async () => opened.shift() ?? null,
      saveFile: async (name) => {
        const path = join(dir, `saved-${saved.length}-${name}`);
        saved.push(path);
        return path;
      },
      openFolder: async () => null,
    },
    emitProgress: () => undefined,
    emitVaultLocked: () => undefined,
  });
  await main.desk.vault.init(MASTER);
  await main.desk.vault.unlock(MASTER);
});

after(() => main.stop());

describe('importing an existing key and certificate in the identity step', () => {
  it('an encrypted key file plus its certificate: the wrong passphrase and a mismatched certificate are refused at their fields; the right pair goes into the vault and exports as PKCS#12 with the same certificate', async () => {
    const id = await onboarding('IMPORT1');
    const mine = opensslIdentity('IMPORT1');
    const other = opensslIdentity('OTHER1');
    const encrypted = join(dir, 'import1-enc.key');
    opensslOk([
      'pkcs8',
      '-topk8',
      '-in',
      mine.key,
      '-out',
      encrypted,
      '-v2',
      'aes-256-cbc',
      '-passout',
      'pass:key file pass',
    ]);
    const before = vaultKeys();

    const wrong = await refused({
      onboardingId: id,
      keyFile: await choose(encrypted, 'key'),
      certificateFile: await choose(mine.cert, 'certificate'),
      passphrase: 'not the pass',
    });
    assert.equal(wrong.code, 'wrong-passphrase');
    assert.equal(wrong.field, 'passphrase');
    assert.match(wrong.message, /import1-enc\.key/);

    const mismatch = await refused({
      onboardingId: id,
      keyFile: await choose(encrypted, 'key'),
      certificateFile: await choose(other.cert, 'certificate'),
      passphrase: 'key file pass',
    });
    assert.equal(mismatch.field, 'certificateFile');
    assert.equal(
      mismatch.message,
      'the certificate "CN=OTHER1" in OTHER1.pem was not made from the private key in import1-enc.key: choose the certificate issued for this key. Nothing was imported',
    );
    assert.equal(vaultKeys(), before, 'nothing was stored');
    assert.equal(main.desk.onboardings.get(id).current, null, 'no identity was recorded');

    const keyFile = await choose(encrypted, 'key');
    const certificateFile = await choose(mine.cert, 'certificate');
    const done = await dispatch(main.handlers, 'identity.importFiles', {
      onboardingId: id,
      keyFile,
      certificateFile,
      passphrase: 'key file pass',
    });
    assert.ok(done.ok, JSON.stringify(done));
    const answer = JSON.stringify(done.value);
    assert.doesNotMatch(answer, /PRIVATE KEY/, 'the answer carries the public view only');
    assert.equal(
      (done.value as { identity: { imported: boolean } | null }).identity?.imported,
      true,
      'the step says the key was imported',
    );
    const keyDer = readFileSync(mine.key, 'utf8')
      .replace(/-----[^-]+-----|\s/g, '')
      .slice(40, 80);
    assert.ok(!answer.includes(keyDer), 'no key bytes in the answer');

    assert.equal(vaultKeys(), before + 1);
    const view = main.desk.onboardings.get(id);
    const stored = main.desk.vault.keys().find((k) => k.id === view.current?.keyId);
    assert.equal(stored?.origin, 'imported', 'the key is in the vault, imported');
    assert.equal(
      view.checks.find((c) => c.item === 'CUSTOMER_TLS_CLIENT_CERTIFICATE')?.status,
      'done',
    );
    const audit = await dispatch(main.handlers, 'audit.list', {});
    assert.ok(audit.ok, JSON.stringify(audit));
    const actions = (audit.value as { entries: Array<{ action: string }> }).entries.map(
      (e) => e.action,
    );
    assert.ok(actions.includes('key.imported'), actions.join(','));
    assert.ok(actions.includes('certificate.imported'), actions.join(','));

    // The same certificate leaves again in a PKCS#12 the vault builds, as OpenSSL reads it.
    const exported = await dispatch(main.handlers, 'export.deployment', {
      onboardingId: id,
      format: 'p12-modern',
      passphrase: 'export pass phrase 1',
      masterPassphrase: MASTER,
    });
    assert.ok(exported.ok, JSON.stringify(exported));
    const p12 = (exported.value as { path: string }).path;
    const certOut = opensslOk([
      'pkcs12',
      '-in',
      p12,
      '-nokeys',
      '-clcerts',
      '-passin',
      'pass:export pass phrase 1',
    ]);
    assert.equal(fingerprint(certOut), fingerprint(readFileSync(mine.cert, 'utf8')));
    const keyOut = opensslOk([
      'pkcs12',
      '-in',
      p12,
      '-nocerts',
      '-nodes',
      '-passin',
      'pass:export pass phrase 1',
    ]);
    const pub = (pem: string) =>
      opensslOk(['pkey', '-pubout'], { input: pem.slice(pem.indexOf('-----BEGIN')) });
    assert.equal(pub(keyOut), pub(readFileSync(mine.key, 'utf8')), 'the same key came back');
  });

  it('one PKCS#12 file with its password: a wrong password is refused at the passphrase field, the right one imports', async () => {
    const id = await onboarding('IMPORT2');
    const mine = opensslIdentity('IMPORT2');
    const p12 = join(dir, 'import2.p12');
    opensslOk([
      'pkcs12',
      '-export',
      '-inkey',
      mine.key,
      '-in',
      mine.cert,
      '-passout',
      'pass:p12 pass',
      '-out',
      p12,
    ]);
    const before = vaultKeys();
    const wrong = await refused({
      onboardingId: id,
      keyFile: await choose(p12, 'pkcs12'),
      passphrase: 'wrong p12 pass',
    });
    assert.equal(wrong.code, 'wrong-passphrase');
    assert.equal(wrong.field, 'passphrase');
    const missing = await refused({ onboardingId: id, keyFile: await choose(p12, 'pkcs12') });
    assert.equal(missing.field, 'passphrase');
    assert.equal(vaultKeys(), before);

    const done = await dispatch(main.handlers, 'identity.importFiles', {
      onboardingId: id,
      keyFile: await choose(p12, 'pkcs12'),
      passphrase: 'p12 pass',
    });
    assert.ok(done.ok, JSON.stringify(done));
    assert.equal(vaultKeys(), before + 1);
    assert.equal(
      main.desk.onboardings.get(id).current?.certificate?.sha256Fingerprint,
      fingerprint(readFileSync(mine.cert, 'utf8')).replace(/^.*=/, ''),
    );
  });

  it('a certificate that breaks a program rule is refused at the certificate field, nothing stored', async () => {
    const id = await onboarding('IMPORT3');
    // A CA certificate is no client certificate.
    const ca = opensslIdentity('IMPORT3CA', true);
    const before = vaultKeys();
    const refusal = await refused({
      onboardingId: id,
      keyFile: await choose(ca.key, 'key'),
      certificateFile: await choose(ca.cert, 'certificate'),
    });
    assert.equal(refusal.field, 'certificateFile', refusal.message);
    assert.match(refusal.message, /does not meet the .* rules: .*Nothing was imported$/);
    assert.equal(vaultKeys(), before);
    assert.equal(main.desk.onboardings.get(id).current, null);
  });

  it('in the browser shell, choosing a file says in one sentence that it cannot, and what to do instead', async () => {
    const shellData = tempDir('mtls-desk-import-files-shell-');
    const shell = composeMain({
      dataFolder: { current: shellData, defaultDir: shellData, fromEnvironment: false },
      store: openConfStore,
      version: 'test',
      kdf: TEST_KDF,
      vaultWatchMs: 0,
      dialogs: browserDialogs(join(dir, 'downloads')),
      emitProgress: () => undefined,
      emitVaultLocked: () => undefined,
    });
    try {
      const answer = await dispatch(shell.handlers, 'identity.chooseFile', { purpose: 'key' });
      assert.equal(answer.ok, false);
      const { code, message } = (answer as unknown as { error: Refusal }).error;
      assert.equal(code, 'unavailable');
      assert.equal(
        message,
        'the browser version of mTLS Desk cannot open files from your disk: import the key and certificate in the desktop window, or run mtls-desk import --onboarding ID --as identity FILE',
      );
    } finally {
      shell.stop();
    }
  });
});
