// The server's handshake read as its bytes arrive gives what one read of all the bytes gives: the
// same version, chain as sent, CertificateRequest (decrypted in TLS 1.3), completion and alerts,
// however the bytes are cut (records split across chunks, many records in one chunk), and a read
// that stopped for want of a secret resumes once the secret is there.
import assert from 'node:assert/strict';
import { createPrivateKey, randomInt } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { createTestPki, type TestPki } from '../helpers/tls-pki.js';
import { startMtlsServer } from '../helpers/tls-servers.js';
import { connectTcp, httpRoundTrip, TlsSession } from '../../electron/services/probe/session.js';
import {
  readServerHandshake,
  ServerHandshakeReader,
} from '../../electron/services/probe/tls-evidence.js';

let pki: TestPki;
before(async () => {
  pki = await createTestPki();
});

/** One real probe connection's captured server bytes and secrets, after an HTTP round trip. */
async function capture(version: 'TLSv1.2' | 'TLSv1.3') {
  const server = await startMtlsServer(pki, version);
  const signal = new AbortController().signal;
  const raw = await connectTcp('127.0.0.1', server.port, 5000, signal);
  const session = new TlsSession(raw, {
    servername: 'localhost',
    credentials: { certPem: pki.client.certPem, key: createPrivateKey(pki.client.keyPem) },
    ca: [pki.root.certPem],
    timeoutMs: 5000,
    signal,
  });
  try {
    assert.equal((await session.handshake()).ok, true);
    const atHandshake = session.handshakeReading();
    const answer = await httpRoundTrip(session.socket!, 'localhost', '/', 5000, signal);
    assert.equal(answer.status, 200);
    return {
      atHandshake,
      refreshed: session.refreshReading(),
      bytes: session.tap.bytes(),
      secrets: session.secrets,
    };
  } finally {
    session.close();
    await server.close();
  }
}

function randomCuts(bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = Math.min(bytes.length - at, randomInt(1, 400));
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe('reading the server handshake incrementally', () => {
  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`${version}: chunk by chunk, as at once, and as the probe's own two reads`, async () => {
      const { atHandshake, refreshed, bytes, secrets } = await capture(version);
      const whole = readServerHandshake(bytes, secrets);
      // The reading is not empty: a test that compared two empty readings would prove nothing.
      assert.equal(whole.version, version === 'TLSv1.3' ? 0x0304 : 0x0303);
      assert.equal(whole.certificates.length, 2);
      assert.equal(whole.complete, true);
      assert.ok(whole.certificateRequest, 'the CertificateRequest is read');
      assert.equal(whole.decrypted, version === 'TLSv1.3');
      assert.deepEqual(refreshed, whole);
      // At the handshake, the session had read the same server flight.
      assert.deepEqual(atHandshake.certificates, whole.certificates);
      assert.deepEqual(atHandshake.certificateRequest, whole.certificateRequest);
      for (let round = 0; round < 20; round++) {
        const reader = new ServerHandshakeReader();
        let last = reader.read([], secrets);
        for (const chunk of randomCuts(bytes)) last = reader.read(chunk, secrets);
        assert.deepEqual(last, whole, `round ${round}`);
      }
    });
  }

  it('TLS 1.3: stops at the first encrypted record without its secret, then resumes', async () => {
    const { bytes, secrets } = await capture('TLSv1.3');
    const whole = readServerHandshake(bytes, secrets);
    const reader = new ServerHandshakeReader();
    const early = reader.read(bytes, new Map());
    assert.equal(reader.stuck, true);
    assert.equal(early.version, 0x0304);
    assert.equal(early.certificates.length, 0);
    assert.equal(early.decrypted, false);
    const later = reader.read([], secrets);
    assert.equal(reader.stuck, false);
    assert.deepEqual(later, whole);
  });
});
