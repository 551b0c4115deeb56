// The portal bundle: the files named after their assets, manifest and checklist, never a private
// key, refused with reasons while a lint error remains, byte-identical for identical inputs (also
// in another time zone and another process), a folder or a zip read by unzip.
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { UserError } from '../../electron/services/errors.js';
import { cli, cliProcess } from '../helpers/cli.js';
import { run } from '../helpers/openssl.js';
import { D1_SUBJECT, DAY, serverChain, unlockedDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';

async function readyOnboarding() {
  const made = await unlockedDesk();
  const { desk } = made;
  const o = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'BND',
    environment: 'preprod',
  });
  const generated = await desk.identity.generate({
    onboardingId: o.id,
    algorithm: 'ec-p256',
    commonName: 'BND preprod client',
  });
  const chain = await serverChain('api.bank.example', 'CN=Bank Issuing CA,O=Bank');
  await desk.assets.import({
    onboardingId: o.id,
    as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
    data: chain.pem,
    source: 'server.pem',
  });
  await desk.assets.import({
    onboardingId: o.id,
    as: 'ISSUER_HOST',
    data: 'api.bank.example/thales/v1',
    source: '--value',
  });
  return { ...made, onboardingId: o.id, generated, chain };
}

describe('portal bundle', () => {
  it('holds the files named after their assets, a manifest with hashes and fingerprints, a checklist, and no private key', async () => {
    const { desk, dataDir, onboardingId, generated, chain, clock } = await readyOnboarding();
    const record = desk.onboardings.get(onboardingId).record;
    const newestInput = record.assets.ISSUER_HOST!.importedAt;
    assert.ok(
      newestInput >= record.assets.CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN!.importedAt &&
        newestInput >= generated.identity.createdAt,
    );
    clock.advance(2 * 3_600_000);
    const out = join(dataDir, 'bundle.zip');
    const result = await desk.exports.bundle({ onboardingId, out });
    assert.deepEqual(result.files, [
      'CHECKLIST.md',
      'CUSTOMER_TLS_CLIENT_CERTIFICATE.pem',
      'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN.pem',
      'ISSUER_HOST.txt',
      'manifest.json',
    ]);
    const test = run('unzip', ['-t', out]);
    assert.equal(test.status, 0, test.stdout + test.stderr);
    const files = unzipSync(new Uint8Array(readFileSync(out)));
    const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString());
    assert.equal(manifest.program, 'tsh-classic');
    assert.equal(manifest.environment, 'preprod');
    assert.equal(manifest.identifier, 'BND');
    assert.equal(manifest.keyAlgorithm, 'ec-p256');
    assert.equal(manifest.appVersion, JSON.parse(readFileSync('package.json', 'utf8')).version);
    assert.equal(
      manifest.createdAt,
      newestInput,
      'createdAt is the time of the newest input, not of the build',
    );
    for (const file of manifest.files)
      assert.equal(
        createHash('sha256').update(files[file.name]).digest('hex'),
        file.sha256,
        file.name,
      );
    const client = manifest.files.find(
      (f: { name: string }) => f.name === 'CUSTOMER_TLS_CLIENT_CERTIFICATE.pem',
    );
    assert.equal(
      client.certificates[0].sha256Fingerprint,
      generated.identity.certificate!.sha256Fingerprint,
    );
    assert.equal(client.certificates[0].notAfter, generated.identity.certificate!.notAfter);
    const validity = (c: { certificate: { notBefore: Date; notAfter: Date } }) => ({
      notBefore: c.certificate.notBefore.toISOString(),
      notAfter: c.certificate.notAfter.toISOString(),
    });
    assert.deepEqual(
      manifest.files
        .find((f: { name: string }) => f.name === 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN.pem')
        .certificates.map((c: { subject: string; notBefore: string; notAfter: string }) => ({
          subject: c.subject,
          notBefore: c.notBefore,
          notAfter: c.notAfter,
        })),
      [
        { subject: 'CN=api.bank.example', ...validity(chain.leaf) },
        { subject: 'CN=Bank Issuing CA, O=Bank', ...validity(chain.intermediate) },
      ],
    );
    const clientCertificate = new X509Certificate(
      Buffer.from(files['CUSTOMER_TLS_CLIENT_CERTIFICATE.pem']),
    );
    assert.deepEqual(
      { notBefore: client.certificates[0].notBefore, notAfter: client.certificates[0].notAfter },
      {
        notBefore: new Date(clientCertificate.validFrom).toISOString(),
        notAfter: new Date(clientCertificate.validTo).toISOString(),
      },
    );
    assert.equal(Buffer.from(files['ISSUER_HOST.txt']).toString(), 'api.bank.example/thales/v1\n');
    const checklist = Buffer.from(files['CHECKLIST.md']).toString();
    assert.match(
      checklist,
      /\*\*CUSTOMER_TLS_CLIENT_CERTIFICATE\*\*: upload `CUSTOMER_TLS_CLIENT_CERTIFICATE.pem`/,
    );
    assert.match(checklist, /TSH_TLS_SERVER_CERTIFICATE_CHAIN/);
    // Portal and app steps, not commands: the person reading it may never use the command line.
    assert.match(
      checklist,
      /\*\*TSH_TLS_SERVER_CERTIFICATE_CHAIN\*\*.* Enter it in mTLS Desk, onboarding `[^`]+`, step 2, “Thales assets”\./,
    );
    assert.match(checklist, /Test the connection in both directions: mTLS Desk, step 4, “Test”/);
    assert.doesNotMatch(checklist, /mtls-desk|--[a-z]/);
    assert.ok(
      checklist.includes(
        `manifest.json's createdAt (${newestInput}) is when the newest input of this bundle was made or imported`,
      ),
      checklist,
    );
    // No private key: neither as PEM nor as the key's own bytes.
    const keyFile = join(dataDir, 'k.key');
    await desk.vault.unlock(VAULT_PASSPHRASE); // the two hours above locked it
    await desk.exports.key({ onboardingId, out: keyFile, passphrase: 'export passphrase' });
    const der = createPrivateKey({
      key: readFileSync(keyFile),
      passphrase: 'export passphrase',
    }).export({ type: 'pkcs8', format: 'der' });
    const d = Buffer.from(
      createPrivateKey({ key: readFileSync(keyFile), passphrase: 'export passphrase' }).export({
        format: 'jwk',
      }).d!,
      'base64url',
    );
    for (const [name, data] of Object.entries(files)) {
      const bytes = Buffer.from(data);
      assert.ok(!bytes.toString('latin1').includes('PRIVATE KEY'), name);
      for (const secret of [der, d, Buffer.from(der.toString('base64').slice(40, 100))])
        assert.equal(bytes.indexOf(secret), -1, name);
    }
    assert.equal(readFileSync(out).indexOf(d), -1);
  });

  it('gives byte-identical zips for identical inputs: later, again, and from another process in another time zone', async () => {
    const { desk, dataDir, onboardingId, clock } = await readyOnboarding();
    await desk.exports.bundle({ onboardingId, out: join(dataDir, 'a.zip') });
    clock.advance(3 * 3_600_000);
    await desk.exports.bundle({ onboardingId, out: join(dataDir, 'b.zip') });
    const proc = cliProcess(
      ['bundle', '--onboarding', onboardingId, '--out', join(dataDir, 'c.zip')],
      { MTLS_DESK_DATA_DIR: dataDir, TZ: 'Pacific/Kiritimati' },
    );
    assert.equal(proc.code, 0, proc.stderr);
    const a = readFileSync(join(dataDir, 'a.zip'));
    assert.deepEqual(readFileSync(join(dataDir, 'b.zip')), a);
    assert.deepEqual(readFileSync(join(dataDir, 'c.zip')), a);
    // A changed input changes the bytes.
    await desk.assets.import({
      onboardingId,
      as: 'ISSUER_HOST',
      data: 'api.bank.example/thales/v2',
      source: '--value',
    });
    await desk.exports.bundle({ onboardingId, out: join(dataDir, 'd.zip') });
    assert.notDeepEqual(readFileSync(join(dataDir, 'd.zip')), a);
  });

  it('writes a folder with the same files, whole or not at all', async () => {
    const { desk, dataDir, onboardingId } = await readyOnboarding();
    await desk.exports.bundle({ onboardingId, out: join(dataDir, 'z.zip') });
    const folder = join(dataDir, 'portal');
    const result = await desk.exports.bundle({ onboardingId, out: folder });
    assert.equal(result.format, 'folder');
    const zipped = unzipSync(new Uint8Array(readFileSync(join(dataDir, 'z.zip'))));
    assert.deepEqual(readdirSync(folder).sort(), Object.keys(zipped).sort());
    for (const name of readdirSync(folder))
      assert.deepEqual(readFileSync(join(folder, name)), Buffer.from(zipped[name]), name);
    await assert.rejects(desk.exports.bundle({ onboardingId, out: folder }), {
      code: 'file-exists',
    });
    await desk.exports.bundle({ onboardingId, out: folder, overwrite: true });
    assert.deepEqual(
      readdirSync(dataDir).filter((n) => n.endsWith('.tmp') || n.endsWith('.old')),
      [],
    );
  });

  it('a D1 bundle carries the CSR, never a certificate the customer does not hand over', async () => {
    const { desk, dataDir } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'd1-ecom',
      identifier: 'MGW_00000B',
      environment: 'prod',
    });
    await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', subject: D1_SUBJECT });
    const chain = await serverChain('gw.merchant.example', 'CN=Merchant CA,O=Merchant');
    await desk.assets.import({
      onboardingId: o.id,
      as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
      data: chain.pem,
      source: 'server.pem',
    });
    await desk.assets.import({
      onboardingId: o.id,
      as: 'ISSUER_HOST',
      data: 'gw.merchant.example/d1',
      source: '--value',
    });
    const result = await desk.exports.bundle({ onboardingId: o.id, out: join(dataDir, 'd1.zip') });
    assert.deepEqual(result.files, [
      'CHECKLIST.md',
      'CUSTOMER_CSR.pem',
      'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN.pem',
      'ISSUER_HOST.txt',
      'manifest.json',
    ]);
    const files = unzipSync(new Uint8Array(readFileSync(join(dataDir, 'd1.zip'))));
    assert.match(
      Buffer.from(files['CUSTOMER_CSR.pem']).toString(),
      /^-----BEGIN CERTIFICATE REQUEST-----/,
    );
    assert.equal(result.manifest.commonName, 'TLSMA-ECDSA/MGW_00000B-PRD');
    // The checklist speaks of the app's steps, never of commands.
    const checklist = Buffer.from(files['CHECKLIST.md']).toString();
    assert.match(
      checklist,
      /\*\*THALES_SIGNED_CLIENT_CERTIFICATE\*\*: .* Enter it in mTLS Desk, onboarding `d1-ecom\/MGW_00000B\/prod`, step 2, “Thales-signed certificate”\./,
    );
    assert.match(checklist, /Make it in mTLS Desk, step 3, “OAuth”/);
    assert.doesNotMatch(checklist, /mtls-desk|--[a-z]/);
  });

  it('a partial bundle holds what exists so far, says so, and leaves out what fails a check', async () => {
    const { desk, dataDir, clock } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'd1-ecom',
      identifier: 'MGW_00000P',
      environment: 'preprod',
    });
    // Nothing made yet: nothing to bundle, nothing written.
    await assert.rejects(
      desk.exports.bundle({
        onboardingId: o.id,
        out: join(dataDir, 'p-PARTIAL.zip'),
        partial: true,
      }),
      /nothing to put in a partial bundle .* make the client identity first \(step 1, “Client identity”\)/,
    );
    await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', subject: D1_SUBJECT });
    // The complete bundle is still refused for what is missing.
    await assert.rejects(
      desk.exports.bundle({ onboardingId: o.id, out: join(dataDir, 'full.zip') }),
      /still needs CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN, ISSUER_HOST/,
    );
    // A partial bundle's name says so, or it is not written.
    await assert.rejects(
      desk.exports.bundle({ onboardingId: o.id, out: join(dataDir, 'early.zip'), partial: true }),
      /a partial bundle's name must say it is partial: put "partial" in early\.zip/,
    );
    assert.equal(existsSync(join(dataDir, 'early.zip')), false);
    // A server chain that has since expired (an error) is left out and named, never bundled.
    const chain = await serverChain('gw.merchant.example', 'CN=Merchant CA,O=Merchant', {
      leafNotAfter: new Date(Date.now() + 20 * DAY),
    });
    await desk.assets.import({
      onboardingId: o.id,
      as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
      data: chain.pem,
      source: 'server.pem',
    });
    clock.advance(30 * DAY);
    const out = join(dataDir, 'd1-partial.zip');
    const result = await desk.exports.bundle({ onboardingId: o.id, out, partial: true });
    const listed = run('unzip', ['-Z1', out]);
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(listed.stdout.trim().split('\n').sort(), [
      'CHECKLIST.md',
      'CUSTOMER_CSR.pem',
      'manifest.json',
    ]);
    const manifest = JSON.parse(run('unzip', ['-p', out, 'manifest.json']).stdout);
    assert.equal(manifest.partial, true);
    assert.deepEqual(
      manifest.stillNeeded.map((n: { asset: string; why: string }) => [n.asset, n.why]),
      [
        ['CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN', 'has-errors'],
        ['ISSUER_HOST', 'missing'],
      ],
    );
    assert.deepEqual(result.manifest, manifest);
    const checklist = run('unzip', ['-p', out, 'CHECKLIST.md']).stdout;
    assert.match(checklist, /^# PARTIAL D1 eCom Enablement: Pre-Production bundle for MGW_00000P/);
    assert.match(
      checklist,
      /\*\*CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN\*\*: left out, it fails a check \(.+\); complete it in mTLS Desk, step 5, “Your server”\./,
    );
    assert.equal(
      desk.audit.entries().at(-1)!.action,
      'bundle.partial-created',
      'the trail says a partial bundle was saved',
    );
    // The CLI says partial too.
    const cliOut = join(dataDir, 'cli-partial.zip');
    const text = await cli(['bundle', '--onboarding', o.id, '--partial', '--out', cliOut], {
      MTLS_DESK_DATA_DIR: dataDir,
    });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^wrote the PARTIAL portal bundle to /);
  });

  it('is refused, with the reasons, while an asset is missing or a lint error remains; nothing written', async () => {
    const { desk, dataDir, clock } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tmg-merchant',
      identifier: 'REF',
      environment: 'sandbox',
    });
    const out = join(dataDir, 'refused.zip');
    await assert.rejects(
      desk.exports.bundle({ onboardingId: o.id, out }),
      (e: UserError) =>
        e.code === 'not-compliant' &&
        /it still needs CUSTOMER_TLS_CLIENT_CERTIFICATE/.test(e.message) &&
        /ISSUER_HOST/.test(e.message) &&
        e.details.findings!.length >= 3 &&
        // What each missing asset needs, as data: the CLI and the app word it each their way.
        e.details.findings!.some(
          (f) =>
            f.details?.asset === 'CUSTOMER_TLS_CLIENT_CERTIFICATE' &&
            f.details.need === 'make-identity',
        ) &&
        e.details.findings!.some(
          (f) => f.details?.asset === 'ISSUER_HOST' && f.details.need === 'import-asset',
        ),
    );
    await desk.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p256',
      commonName: 'REF',
      days: 30,
    });
    const chain = await serverChain('api.shop.example', 'CN=Shop CA,O=Shop', {
      leafNotAfter: new Date(Date.now() + 60 * DAY),
    });
    await desk.assets.import({
      onboardingId: o.id,
      as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
      data: chain.pem,
      source: 'server.pem',
    });
    await desk.assets.import({
      onboardingId: o.id,
      as: 'ISSUER_HOST',
      data: 'api.shop.example/tmg',
      source: '--value',
    });
    await desk.exports.bundle({ onboardingId: o.id, out });
    // Forty days later the client certificate has expired: the same bundle is refused.
    clock.advance(40 * DAY);
    const later = join(dataDir, 'later.zip');
    await assert.rejects(
      desk.exports.bundle({ onboardingId: o.id, out: later }),
      (e: Error & { code: string }) => e.code === 'not-compliant' && /expired/.test(e.message),
    );
    assert.equal(existsSync(later), false);
    const run = await cli(
      ['bundle', '--onboarding', o.id, '--out', join(dataDir, 'cli.zip'), '--json'],
      { MTLS_DESK_DATA_DIR: dataDir },
    );
    // The CLI runs on the real clock: the bundle is fine there. Refusal through the CLI: a missing asset.
    assert.equal(run.code, 0, run.stderr);
    const other = desk.onboardings.create({
      program: 'tmg-merchant',
      identifier: 'REF2',
      environment: 'sandbox',
    });
    const refused = await cli(
      ['bundle', '--onboarding', other.id, '--out', join(dataDir, 'cli2.zip'), '--json'],
      { MTLS_DESK_DATA_DIR: dataDir },
    );
    assert.equal(refused.code, 1);
    const json = JSON.parse(refused.stdout);
    assert.equal(json.ok, false);
    assert.ok(json.findings.some((f: { id: string }) => f.id === 'asset-missing'));
    // The CLI says how, from its hint table.
    assert.ok(
      json.findings.some((f: { fix: string }) =>
        f.fix.includes(`(mtls-desk import --onboarding ${other.id} --as ISSUER_HOST FILE)`),
      ),
      refused.stdout,
    );
    assert.equal(existsSync(join(dataDir, 'cli2.zip')), false);
    assert.ok(VAULT_PASSPHRASE);
  });

  it('never replaces a truncated zip already at the target unless asked; then writes a whole one', async () => {
    const { desk, dataDir, onboardingId } = await readyOnboarding();
    const out = join(dataDir, 'target.zip');
    await desk.exports.bundle({ onboardingId, out: join(dataDir, 'good.zip') });
    const truncated = readFileSync(join(dataDir, 'good.zip')).subarray(0, 300);
    writeFileSync(out, truncated);
    const refused = await cli(['bundle', '--onboarding', onboardingId, '--out', out], {
      MTLS_DESK_DATA_DIR: dataDir,
    });
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /already exists: choose another name, or allow replacing it \(--force\)/,
    );
    assert.deepEqual(readFileSync(out), truncated, 'left as it was');
    const forced = await cli(['bundle', '--onboarding', onboardingId, '--out', out, '--force'], {
      MTLS_DESK_DATA_DIR: dataDir,
    });
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(readFileSync(out), readFileSync(join(dataDir, 'good.zip')));
    mkdirSync(join(dataDir, 'notempty'));
    writeFileSync(join(dataDir, 'notempty', 'x'), 'x');
    const folder = await cli(
      ['bundle', '--onboarding', onboardingId, '--out', join(dataDir, 'notempty')],
      { MTLS_DESK_DATA_DIR: dataDir },
    );
    assert.equal(folder.code, 2);
    assert.deepEqual(readdirSync(join(dataDir, 'notempty')), ['x']);
  });

  it('--force replaces only a previous bundle folder: a folder with anything else in it is never deleted', async () => {
    const { desk, dataDir, onboardingId } = await readyOnboarding();
    const env = { MTLS_DESK_DATA_DIR: dataDir };
    // A user's folder, pointed at by mistake.
    const documents = join(dataDir, 'Documents');
    mkdirSync(join(documents, 'photos'), { recursive: true });
    writeFileSync(join(documents, 'thesis.docx'), 'four years of work');
    writeFileSync(join(documents, 'photos', 'a.jpg'), 'jpeg');
    const refused = await cli(
      ['bundle', '--onboarding', onboardingId, '--out', documents, '--force'],
      env,
    );
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /is not a bundle folder made by mTLS Desk/);
    assert.equal(readFileSync(join(documents, 'thesis.docx'), 'utf8'), 'four years of work');
    assert.equal(readFileSync(join(documents, 'photos', 'a.jpg'), 'utf8'), 'jpeg');

    // A manifest.json of something else is not a bundle either.
    const other = join(dataDir, 'other-tool');
    mkdirSync(other);
    writeFileSync(
      join(other, 'manifest.json'),
      JSON.stringify({ format: 'someone-elses-manifest', files: [] }),
    );
    await assert.rejects(desk.exports.bundle({ onboardingId, out: other, overwrite: true }), {
      code: 'file-exists',
      message: /not a bundle folder made by mTLS Desk/,
    });
    assert.deepEqual(readdirSync(other), ['manifest.json']);

    // A previous bundle is replaced; one where a file was added since is not (the added file would be lost).
    const portal = join(dataDir, 'portal');
    await desk.exports.bundle({ onboardingId, out: portal });
    const bundleFiles = readdirSync(portal).sort();
    writeFileSync(join(portal, 'my-notes.txt'), 'notes');
    await assert.rejects(desk.exports.bundle({ onboardingId, out: portal, overwrite: true }), {
      code: 'file-exists',
      message: /my-notes\.txt/,
    });
    assert.equal(readFileSync(join(portal, 'my-notes.txt'), 'utf8'), 'notes');
    rmSync(join(portal, 'my-notes.txt'));
    const replaced = await cli(
      ['bundle', '--onboarding', onboardingId, '--out', portal, '--force'],
      env,
    );
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.deepEqual(readdirSync(portal).sort(), bundleFiles);
    assert.deepEqual(
      readdirSync(dataDir).filter((n) => n.endsWith('.tmp') || n.endsWith('.old')),
      [],
    );
  });
});
