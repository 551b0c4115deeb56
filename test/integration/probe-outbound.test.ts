// Outbound readiness (Thales -> your server) against Node tls servers on loopback: the server chain
// checks (host name, validity, a Mozilla-recognized root through an injected root list), and the
// checks running concurrently (a relay delays every handshake).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createTestPki, pemOf, type TestCert, type TestPki } from '../helpers/tls-pki.js';
import { startDelayingRelay, startNodeTlsServer } from '../helpers/tls-servers.js';
import { assertDiagnosis, assertWarning, testDns } from '../helpers/tls-probe.js';
import {
  checkOutboundReadiness,
  type OutboundCheckRequest,
} from '../../electron/services/probe/outbound.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import type { OutboundReadinessResult, ReadinessCheckId } from '../../shared/diagnoses.js';

const d1 = ProgramCatalog.load().get('d1-ecom');
const timeouts = { connect: 2000, handshake: 3000, http: 3000, total: 15_000 };
let pki: TestPki;

before(async () => {
  pki = await createTestPki();
});

/** A customer server as it should be set up: requires a certificate from the Thales Client CA. */
function customerServer(leaf: TestCert = pki.server) {
  return startNodeTlsServer({
    cert: pemOf(leaf, pki.digicertCa),
    key: leaf.keyPem,
    ca: pki.clientCa.certPem,
    requestCert: true,
    rejectUnauthorized: true,
  });
}

function check(
  port: number,
  extra: Partial<OutboundCheckRequest> = {},
): Promise<OutboundReadinessResult> {
  return checkOutboundReadiness({
    host: 'localhost',
    port,
    clientCaPem: pki.clientCa.certPem,
    trustPem: pki.root.certPem,
    dns: testDns,
    timeouts,
    ...extra,
  });
}

function checkOf(result: OutboundReadinessResult, id: ReadinessCheckId) {
  const found = result.checks.find((c) => c.id === id);
  assert.ok(found, `no ${id} check`);
  return found;
}

describe('outbound readiness: the server chain', () => {
  it('passes a correct server, the control for the cases below', async () => {
    const s = await customerServer();
    const result = await check(s.port);
    assertDiagnosis(result, 'ok');
    assert.equal(checkOf(result, 'server-chain').status, 'pass');
  });

  it('says server-hostname-mismatch when the certificate does not cover ISSUER_HOST', async () => {
    const s = await customerServer(pki.wrongNameServer);
    const result = await check(s.port);
    assertDiagnosis(result, 'server-hostname-mismatch');
    const chain = checkOf(result, 'server-chain');
    assert.equal(chain.status, 'fail');
    assert.equal(chain.diagnosis, 'server-hostname-mismatch');
    assert.match(chain.summary, /does not cover localhost/);
  });

  it('says server-cert-expired when the server certificate is out of its validity', async () => {
    const s = await customerServer(pki.expiredServer);
    const result = await check(s.port);
    assertDiagnosis(result, 'server-cert-expired');
    const chain = checkOf(result, 'server-chain');
    assert.equal(chain.diagnosis, 'server-cert-expired');
    assert.match(chain.summary, /CN=api\.thales\.test is valid only from .* to /);
  });

  it('passes a chain to a Mozilla-recognized root (a test root injected into the root list), with no private trust store', async () => {
    const s = await customerServer();
    const result = await check(s.port, {
      trustPem: undefined,
      mozillaRootsPem: [pki.root.certPem],
      profile: d1,
    });
    const chain = checkOf(result, 'server-chain');
    assert.equal(chain.status, 'pass', JSON.stringify(chain));
    assert.equal(chain.details.trust, 'a Mozilla-recognized root');
    // With Node's real root list, the same chain is trusted only through the declared private store, which D1 warns about.
    const privateOnly = await check(s.port, { profile: d1 });
    assert.equal(
      checkOf(privateOnly, 'server-chain').details.trust,
      'the declared private trust store',
    );
    assertWarning(privateOnly, 'server-cert-untrusted');
    // And with neither, it fails.
    assertDiagnosis(await check(s.port, { trustPem: undefined }), 'server-cert-untrusted');
  });
});

describe('outbound readiness: the checks run concurrently', () => {
  it('runs its checks together: each delayed handshake starts before any other ends', async () => {
    const delay = 400;
    const s = await customerServer();
    const relay = await startDelayingRelay(s.port, delay);
    const result = await check(relay.port);
    assertDiagnosis(result, 'ok');
    const live = (['tls-versions', 'client-cert-required', 'foreign-client-rejected'] as const).map(
      (id) => checkOf(result, id),
    );
    for (const c of live)
      assert.ok(c.ms >= delay - 20, `${c.id} took ${c.ms} ms: the relay did not delay it`);
    // Concurrency shown by overlap, not by a duration: each of the three started before any ended.
    const lastStart = Math.max(...live.map((c) => c.startMs));
    const firstEnd = Math.min(...live.map((c) => c.startMs + c.ms));
    assert.ok(
      lastStart < firstEnd,
      JSON.stringify(live.map((c) => ({ id: c.id, startMs: c.startMs, ms: c.ms }))),
    );
  });
});
