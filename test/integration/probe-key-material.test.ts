// The decrypted client key a probe presents: held as a KeyObject, never as a PEM string (a string
// cannot be wiped and would travel with any copy of the identity); the PEM handed to OpenSSL is
// made as bytes by der.ts, identical to Node's own, and fromPem reads back what toPem writes.
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fromPem, toPem, toPemBytes } from '../../electron/services/der.js';
import { buildPkcs12 } from '../../electron/services/export/pkcs12.js';
import {
  loadPkcs12Identity,
  type ClientIdentity,
} from '../../electron/services/probe/client-identity.js';
import { onboardingIdentity } from '../../electron/services/probe/onboarding.js';
import { writeFileSync } from 'node:fs';
import { createTestPki } from '../helpers/tls-pki.js';
import { identityOf, probe } from '../helpers/tls-probe.js';
import { startNodeTlsServer } from '../helpers/tls-servers.js';
import { tempDir } from '../helpers/tmp.js';
import { unlockedDesk } from './desk-fixtures.js';

const dir = tempDir('probe-key-');

/** No private key text anywhere in what the identity holds. */
function assertNoKeyText(identity: ClientIdentity, keyDer: Buffer): void {
  const serialized = JSON.stringify(identity);
  assert.doesNotMatch(serialized, /PRIVATE KEY/);
  assert.equal(serialized.includes(keyDer.toString('base64').slice(40, 80)), false);
  for (const value of Object.values(identity.credentials))
    assert.notEqual(typeof value === 'string' && /PRIVATE KEY/.test(value), true);
}

describe('client key material in probes', () => {
  it('PEM and PKCS#12 identities hold the key as a KeyObject, and a probe still presents it', async () => {
    const pki = await createTestPki();
    const keyDer = createPrivateKey(pki.client.keyPem).export({ type: 'pkcs8', format: 'der' });
    const fromPemFiles = await identityOf(dir, pki.client);
    assertNoKeyText(fromPemFiles, keyDer);
    const p12 = join(dir, 'client.p12');
    writeFileSync(
      p12,
      await buildPkcs12({
        privateKey: createPrivateKey(pki.client.keyPem),
        certificates: [Buffer.from(pki.client.cert.rawData)],
        friendlyName: 'c',
        password: 'p12 password',
        preset: 'modern',
      }),
    );
    const fromP12 = await loadPkcs12Identity(p12, () => 'p12 password');
    assertNoKeyText(fromP12, keyDer);
    const server = await startNodeTlsServer({
      cert: pki.server.certPem + pki.digicertCa.certPem,
      key: pki.server.keyPem,
      ca: pki.clientCa.certPem,
      requestCert: true,
      rejectUnauthorized: true,
    });
    for (const identity of [fromPemFiles, fromP12]) {
      const result = await probe(`https://localhost:${server.port}/`, {
        identity,
        trustPem: [pki.root.certPem],
      });
      assert.equal(result.diagnosis.id, 'ok', JSON.stringify(result.diagnosis));
    }
  });

  it('an onboarding identity from the vault holds no key text, and its certificate entry is read from the stored PEM', async () => {
    const { desk } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'PKEY',
      environment: 'preprod',
    });
    const generated = await desk.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p256',
      commonName: 'PKEY client',
    });
    const identity = await onboardingIdentity(desk, desk.onboardings.get(o.id));
    const keyDer = await desk.vault.withPrivateKey(generated.identity.keyId, (key) =>
      key.export({ type: 'pkcs8', format: 'der' }),
    );
    assertNoKeyText(identity, keyDer);
    assert.equal(identity.keyMatchesCertificate, true);
    assert.equal(
      identity.certificate?.sha256Fingerprint,
      new X509Certificate(generated.identity.certificate!.pem).fingerprint256,
    );
  });

  it('toPemBytes writes what Node writes, toPem is its text, fromPem reads it back', () => {
    for (const { privateKey } of [
      generateKeyPairSync('ec', { namedCurve: 'P-384' }),
      generateKeyPairSync('rsa', { modulusLength: 2048 }),
    ]) {
      const der = privateKey.export({ type: 'pkcs8', format: 'der' });
      const bytes = toPemBytes('PRIVATE KEY', der);
      assert.ok(Buffer.isBuffer(bytes));
      assert.equal(bytes.toString('latin1'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
      assert.equal(toPem('PRIVATE KEY', der), bytes.toString('latin1'));
      assert.deepEqual(fromPem('PRIVATE KEY', bytes.toString('latin1')), der);
    }
    for (const length of [1, 2, 3, 47, 48, 49, 100]) {
      const der = Buffer.alloc(length, 0xa5);
      assert.deepEqual(fromPem('X', toPem('X', der)), der, `${length} bytes`);
    }
    // A block with nothing in it is a cut copy, refused in one sentence.
    assert.throws(() => fromPem('X', toPem('X', Buffer.alloc(0))), /broken base64 body/);
    assert.throws(
      () => fromPem('CERTIFICATE', toPem('PRIVATE KEY', Buffer.from([1, 2, 3]))),
      /no CERTIFICATE/,
    );
  });
});
