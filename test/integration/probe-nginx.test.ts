// nginx from the system, configured as a customer would (`ssl_verify_client on`): the inbound
// probe against it (nginx reports certificate problems as HTTP 400 after the handshake), and the
// outbound readiness check against good and badly configured servers. nginx must be installed:
// these tests fail, never skip, without it.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createTestPki, pemOf, writePem, type TestPki } from '../helpers/tls-pki.js';
import { startNginx, type NginxSite } from '../helpers/tls-servers.js';
import {
  assertDiagnosis,
  assertWarning,
  identityOf,
  probe,
  testDns,
} from '../helpers/tls-probe.js';
import { tempDir } from '../helpers/tmp.js';
import {
  checkOutboundReadiness,
  type OutboundCheckRequest,
} from '../../electron/services/probe/outbound.js';
import { ProgramCatalog } from '../../electron/services/programs.js';

const dir = tempDir('probe-nginx-');
let pki: TestPki;
let files: Record<string, string>;

before(async () => {
  pki = await createTestPki();
  files = {
    fullChain: writePem(dir, 'full.pem', pemOf(pki.server, pki.digicertCa)),
    leafOnly: writePem(dir, 'leaf.pem', pki.server.certPem),
    misordered: writePem(dir, 'misordered.pem', pemOf(pki.server, pki.root, pki.digicertCa)),
    serverKey: writePem(dir, 'server.key', pki.server.keyPem),
    clientCa: writePem(dir, 'client-ca.pem', pki.clientCa.certPem),
    otherCa: writePem(dir, 'other-ca.pem', pki.otherRoot.certPem),
    clientLeaf: writePem(dir, 'client-leaf.pem', pki.client.certPem),
  };
});

function nginx(site: Partial<NginxSite> = {}) {
  return startNginx(dir, {
    certPath: files.fullChain,
    keyPath: files.serverKey,
    clientCaPath: files.clientCa,
    verifyClient: 'on',
    ...site,
  });
}

function readiness(port: number, extra: Partial<OutboundCheckRequest> = {}) {
  return checkOutboundReadiness({
    host: 'localhost',
    port,
    clientCaPem: pki.clientCa.certPem,
    trustPem: pki.root.certPem,
    registeredChainPem: pemOf(pki.server, pki.digicertCa),
    timeouts: { connect: 2000, handshake: 3000, http: 3000, total: 15_000 },
    dns: testDns,
    ...extra,
  });
}

describe('inbound probe against nginx (ssl_verify_client on)', () => {
  for (const protocols of ['TLSv1.2', 'TLSv1.3']) {
    it(`passes with the trusted client certificate (${protocols})`, async () => {
      const server = await nginx({ protocols });
      const result = await probe(`https://localhost:${server.port}/api/`, {
        identity: await identityOf(dir, pki.client),
        trustPem: [pki.root.certPem],
      });
      assertDiagnosis(result, 'ok');
      assert.equal(result.evidence.tls!.protocol, protocols);
      assert.deepEqual(result.evidence.tls!.acceptableCaNames, [
        'CN=Test Thales Client CA, O=Thales Tests',
      ]);
    });

    it(`reads HTTP 400 "No required SSL certificate was sent" as client-cert-required (${protocols})`, async () => {
      const server = await nginx({ protocols });
      const result = await probe(`https://localhost:${server.port}/`, {
        trustPem: [pki.root.certPem],
      });
      assertDiagnosis(result, 'client-cert-required');
      assert.equal(
        result.steps.find((s) => s.name === 'tls')!.status,
        'pass',
        'nginx completes the handshake',
      );
      assert.equal(result.steps.find((s) => s.name === 'http')!.details.status, 400);
    });

    it(`reads HTTP 400 "The SSL certificate error" as client-cert-not-trusted (${protocols})`, async () => {
      const server = await nginx({ protocols });
      const result = await probe(`https://localhost:${server.port}/`, {
        identity: await identityOf(dir, pki.foreignClient),
        trustPem: [pki.root.certPem],
      });
      assertDiagnosis(result, 'client-cert-not-trusted');
    });

    it(`says client-cert-expired for an expired client certificate (${protocols})`, async () => {
      const server = await nginx({ protocols });
      const result = await probe(`https://localhost:${server.port}/`, {
        identity: await identityOf(dir, pki.expiredClient),
        trustPem: [pki.root.certPem],
      });
      assertDiagnosis(result, 'client-cert-expired');
      assert.match(server.errorLog(), /certificate has expired/);
    });
  }
});

describe('outbound readiness against nginx', () => {
  it('passes a well configured server (port warning aside)', async () => {
    const server = await nginx();
    const result = await readiness(server.port);
    assertDiagnosis(result, 'ok');
    assertWarning(result, 'port-unusual');
    const byId = Object.fromEntries(result.checks.map((c) => [c.id, c]));
    for (const id of [
      'reachable',
      'tls-versions',
      'client-cert-required',
      'foreign-client-rejected',
      'client-ca-listed',
      'server-chain',
    ])
      assert.equal(byId[id].status, 'pass', JSON.stringify(byId[id]));
  });

  it('warns a D1 onboarding that its private CA is not Mozilla-recognized', async () => {
    const server = await nginx();
    const result = await readiness(server.port, { profile: ProgramCatalog.load().get('d1-ecom') });
    assert.equal(result.ok, true);
    const chain = result.checks.find((c) => c.id === 'server-chain')!;
    assert.equal(chain.status, 'warn');
    assert.equal(chain.diagnosis, 'server-cert-untrusted');
    assert.match(chain.summary, /Mozilla/);
  });

  it('says mtls-not-enforced when nginx does not require a certificate', async () => {
    const server = await nginx({ verifyClient: 'optional' });
    assertDiagnosis(await readiness(server.port), 'mtls-not-enforced');
    const none = await nginx({ clientCaPath: undefined });
    const result = await readiness(none.port);
    assertDiagnosis(result, 'mtls-not-enforced');
    assertWarning(result, 'client-ca-not-listed');
  });

  it('says server-trusts-foreign-client with optional_no_ca', async () => {
    const server = await nginx({ verifyClient: 'optional_no_ca' });
    const result = await readiness(server.port);
    assertWarning(result, 'server-trusts-foreign-client');
  });

  it('says client-ca-not-listed when nginx trusts another CA', async () => {
    const server = await nginx({ clientCaPath: files.otherCa });
    assertDiagnosis(await readiness(server.port), 'client-ca-not-listed');
  });

  it('says client-leaf-pinned when nginx trusts the Thales client certificate itself', async () => {
    const server = await nginx({ clientCaPath: files.clientLeaf });
    assertDiagnosis(
      await readiness(server.port, { thalesClientCertificatePem: pki.client.certPem }),
      'client-leaf-pinned',
    );
  });

  it('warns tls13-not-accepted when nginx allows TLS 1.2 only', async () => {
    const server = await nginx({ protocols: 'TLSv1.2' });
    const result = await readiness(server.port);
    assertWarning(result, 'tls13-not-accepted');
    assert.equal(result.ok, true);
  });

  it('warns tls12-not-accepted when nginx allows TLS 1.3 only', async () => {
    const server = await nginx({ protocols: 'TLSv1.3' });
    const result = await readiness(server.port);
    assertWarning(result, 'tls12-not-accepted');
    assert.equal(result.ok, true);
    assert.equal(
      result.checks.find((c) => c.id === 'client-ca-listed')!.status,
      'pass',
      'the CA list is read from the decrypted TLS 1.3 handshake',
    );
    assert.equal(result.checks.find((c) => c.id === 'server-chain')!.status, 'pass');
  });

  it('says server-chain-incomplete when nginx sends the leaf alone', async () => {
    const server = await nginx({ certPath: files.leafOnly });
    assertDiagnosis(
      await readiness(server.port, { registeredChainPem: undefined }),
      'server-chain-incomplete',
    );
  });

  it('says server-chain-misordered and server-chain-mismatch', async () => {
    const server = await nginx({ certPath: files.misordered });
    assertDiagnosis(
      await readiness(server.port, { registeredChainPem: undefined }),
      'server-chain-misordered',
    );
    const good = await nginx();
    assertDiagnosis(
      await readiness(good.port, { registeredChainPem: pemOf(pki.otherServer, pki.otherCa) }),
      'server-chain-mismatch',
    );
  });

  it('says server-cert-untrusted without the declared private trust store', async () => {
    const server = await nginx();
    assertDiagnosis(await readiness(server.port, { trustPem: undefined }), 'server-cert-untrusted');
  });
});
