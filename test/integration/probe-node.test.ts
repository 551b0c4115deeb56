// Inbound probe against Node tls servers on loopback: the client certificate cases on TLS 1.2 and
// 1.3, server chain problems, HTTP answers, and misbehaving servers (silent, trickling, not TLS,
// 100-certificate chain).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createTestPki, issue, pemOf, type TestPki } from '../helpers/tls-pki.js';
import {
  startMtlsServer,
  startRawServer,
  trickle,
  startBlackholePort,
} from '../helpers/tls-servers.js';
import {
  assertDiagnosis,
  assertWarning,
  identityOf,
  probe,
  testDns,
} from '../helpers/tls-probe.js';
import { checkOutboundReadiness } from '../../electron/services/probe/outbound.js';
import { tempDir } from '../helpers/tmp.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import type { ClientIdentity } from '../../electron/services/probe/client-identity.js';

const tsh = ProgramCatalog.load().get('tsh-classic');
const d1 = ProgramCatalog.load().get('d1-ecom');
let pki: TestPki;
const dir = tempDir('probe-node-');
let client: ClientIdentity;
let trust: string[];

before(async () => {
  pki = await createTestPki();
  client = await identityOf(dir, pki.client);
  trust = [pki.root.certPem];
});

function mtlsServer(version: 'TLSv1.2' | 'TLSv1.3', extra: Record<string, unknown> = {}) {
  return startMtlsServer(pki, version, extra);
}

describe('inbound probe against a Node tls server', () => {
  // One cipher suite and two signature algorithms per version, so the evidence can only match what the server was told.
  const configured = {
    'TLSv1.2': {
      ciphers: 'ECDHE-ECDSA-CHACHA20-POLY1305',
      cipher: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
    },
    'TLSv1.3': { ciphers: 'TLS_CHACHA20_POLY1305_SHA256', cipher: 'TLS_CHACHA20_POLY1305_SHA256' },
  };
  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`passes with a trusted client certificate (${version}) and records the evidence`, async () => {
      const server = await mtlsServer(version, {
        ciphers: configured[version].ciphers,
        sigalgs: 'ECDSA+SHA384:ECDSA+SHA256',
      });
      const result = await probe(`https://localhost:${server.port}/api/`, {
        identity: client,
        trustPem: trust,
        profile: tsh,
      });
      assertDiagnosis(result, 'ok');
      const tls = result.evidence.tls!;
      assert.equal(tls.protocol, version);
      assert.equal(tls.cipher, configured[version].cipher);
      // Read from the CertificateRequest: the server's list, in its order.
      assert.deepEqual(tls.signatureAlgorithms, [
        'ecdsa_secp384r1_sha384',
        'ecdsa_secp256r1_sha256',
      ]);
      assert.equal(tls.chainSource, 'handshake');
      assert.equal(tls.chainLength, 2);
      assert.match(tls.chainAsSent[1].subject, /DigiCert SHA2 High Assurance Server CA/);
      assert.equal(tls.certificateRequested, true);
      assert.deepEqual(tls.acceptableCaNames, ['CN=Test Thales Client CA, O=Thales Tests']);
      assert.deepEqual(
        result.steps.map((s) => s.name),
        ['identity', 'dns', 'tcp', 'tls', 'verify', 'http'],
      );
    });

    it(`says client-cert-required when none is sent (${version})`, async () => {
      const server = await mtlsServer(version);
      const result = await probe(`https://localhost:${server.port}/`, { trustPem: trust });
      assertDiagnosis(result, 'client-cert-required');
    });

    it(`says client-cert-not-trusted for a certificate from a foreign CA (${version})`, async () => {
      const server = await mtlsServer(version);
      const result = await probe(`https://localhost:${server.port}/`, {
        identity: await identityOf(dir, pki.foreignClient),
        trustPem: trust,
      });
      assertDiagnosis(result, 'client-cert-not-trusted');
    });
  }

  it('says key-cert-mismatch before connecting', async () => {
    const server = await mtlsServer('TLSv1.3');
    const result = await probe(`https://localhost:${server.port}/`, {
      identity: await identityOf(dir, pki.client, pki.foreignClient),
      trustPem: trust,
    });
    assertDiagnosis(result, 'key-cert-mismatch');
    assert.deepEqual(
      result.steps.map((s) => s.name),
      ['identity'],
    );
  });

  it('says server-cert-untrusted without the right trust anchor', async () => {
    const server = await mtlsServer('TLSv1.3');
    const result = await probe(`https://localhost:${server.port}/`, {
      identity: client,
      trustPem: [pki.otherRoot.certPem],
    });
    assertDiagnosis(result, 'server-cert-untrusted');
  });

  it('says server-chain-incomplete when the intermediate is not sent', async () => {
    const server = await mtlsServer('TLSv1.2', { cert: pki.server.certPem });
    const result = await probe(`https://localhost:${server.port}/`, {
      identity: client,
      trustPem: trust,
    });
    assertDiagnosis(result, 'server-chain-incomplete');
    assert.equal(result.evidence.tls!.chainLength, 1);
  });

  it('trusts an imported chain that stops below its root, and warns when the server leaves its intermediate out', async () => {
    const server = await mtlsServer('TLSv1.3');
    const result = await probe(`https://localhost:${server.port}/`, {
      identity: client,
      trustPem: [pki.digicertCa.certPem],
    });
    assertDiagnosis(result, 'ok');
    const leafOnly = await mtlsServer('TLSv1.2', { cert: pki.server.certPem });
    const completed = await probe(`https://localhost:${leafOnly.port}/`, {
      identity: client,
      trustPem: [pki.digicertCa.certPem],
    });
    assertDiagnosis(completed, 'ok');
    assertWarning(completed, 'server-chain-incomplete');
  });

  it('says server-cert-expired', async () => {
    const server = await mtlsServer('TLSv1.3', {
      cert: pemOf(pki.expiredServer, pki.digicertCa),
      key: pki.expiredServer.keyPem,
    });
    const result = await probe(`https://localhost:${server.port}/`, {
      identity: client,
      trustPem: trust,
    });
    assertDiagnosis(result, 'server-cert-expired');
  });

  it('says server-hostname-mismatch', async () => {
    const server = await mtlsServer('TLSv1.3', {
      cert: pemOf(pki.wrongNameServer, pki.digicertCa),
      key: pki.wrongNameServer.keyPem,
    });
    const result = await probe(`https://localhost:${server.port}/`, {
      identity: client,
      trustPem: trust,
    });
    assertDiagnosis(result, 'server-hostname-mismatch');
  });

  it("warns unexpected-server-ca when the chain is not from the program's documented CA (Thales may change it)", async () => {
    const other = await mtlsServer('TLSv1.3', {
      cert: pemOf(pki.otherServer, pki.otherCa),
      key: pki.otherServer.keyPem,
    });
    const result = await probe(`https://localhost:${other.port}/`, {
      identity: client,
      trustPem: [pki.otherRoot.certPem],
      profile: tsh,
    });
    assertWarning(result, 'unexpected-server-ca');
    assert.equal(result.ok, true);
    const d1Result = await probe(`https://localhost:${other.port}/`, {
      identity: client,
      trustPem: [pki.otherRoot.certPem],
      profile: d1,
    });
    assertWarning(d1Result, 'unexpected-server-ca');
    assert.match(
      d1Result.steps.find((s) => s.name === 'verify')!.summary,
      /does not come from an Amazon CA .*it names CN=Some Other Server CA.*confirm with Thales/,
    );
  });

  it('warns server-chain-misordered when the intermediate comes first', async () => {
    const server = await mtlsServer('TLSv1.2', {
      cert: pemOf(pki.server, pki.root, pki.digicertCa),
    });
    const result = await probe(`https://localhost:${server.port}/`, {
      identity: client,
      trustPem: trust,
    });
    assertWarning(result, 'server-chain-misordered');
  });

  it('treats 401 and 403 as an mTLS pass, and says so', async () => {
    for (const status of [401, 403]) {
      const server = await mtlsServer('TLSv1.3', { status });
      const result = await probe(`https://localhost:${server.port}/api/`, {
        identity: client,
        trustPem: trust,
        profile: d1,
      });
      // The test chain is not Amazon's: a warning, the connection itself passes.
      assertDiagnosis(result, 'ok');
      assertWarning(result, 'unexpected-server-ca');
      const tshResult = await probe(`https://localhost:${server.port}/api/`, {
        identity: client,
        trustPem: trust,
        profile: tsh,
      });
      assertDiagnosis(tshResult, 'ok');
      const http = tshResult.steps.find((s) => s.name === 'http')!;
      assert.equal(http.status, 'pass');
      assert.match(http.summary, new RegExp(`mTLS passed.*HTTP ${status}.*authorization`));
    }
  });

  it('says http-error for a server error behind accepted mTLS', async () => {
    const server = await mtlsServer('TLSv1.3', { status: 502 });
    const result = await probe(`https://localhost:${server.port}/`, {
      identity: client,
      trustPem: trust,
    });
    assertDiagnosis(result, 'http-error');
  });

  it('tries every address in turn: 127.0.0.1 refused, then ::1 connects', async () => {
    const server = await mtlsServer('TLSv1.3', { host: '::1' });
    const result = await probe(`https://localhost:${server.port}/`, {
      identity: client,
      trustPem: trust,
    });
    assertDiagnosis(result, 'ok');
    const tcp = result.steps.find((s) => s.name === 'tcp')!;
    assert.deepEqual(
      (tcp.details.attempts as Array<{ address: string; result: string }>).map(
        (a) => `${a.address} ${a.result}`,
      ),
      ['127.0.0.1 refused', '::1 connected'],
    );
    const literal = await probe(`https://[::1]:${server.port}/x`, {
      identity: client,
      trustPem: trust,
    });
    assertDiagnosis(literal, 'ok');
    assertWarning(literal, 'ip-literal');
  });

  it('warns ip-literal for an IP address target', async () => {
    const server = await mtlsServer('TLSv1.3');
    const result = await probe(`https://127.0.0.1:${server.port}/`, {
      identity: client,
      trustPem: trust,
    });
    assertDiagnosis(result, 'ok');
    assertWarning(result, 'ip-literal');
  });
});

describe('inbound probe against misbehaving servers', () => {
  it('says tcp-refused on a closed port', async () => {
    const server = await startRawServer((s) => s.destroy());
    const port = server.port;
    await server.close();
    const result = await probe(`https://127.0.0.1:${port}/`);
    assertDiagnosis(result, 'tcp-refused');
  });

  it('says tcp-timeout when SYNs are dropped, within the step timeout', async () => {
    const hole = await startBlackholePort();
    const result = await probe(`https://127.0.0.1:${hole.port}/`, {
      timeouts: { tcp: 700, total: 5000 },
    });
    assertDiagnosis(result, 'tcp-timeout');
  });

  it('says tls-no-response for a silent server', async () => {
    const server = await startRawServer(() => undefined);
    const result = await probe(`https://127.0.0.1:${server.port}/`, { timeouts: { tls: 700 } });
    assertDiagnosis(result, 'tls-no-response');
  });

  it('says tls-no-response for a server trickling one byte per second, in bounded time', async () => {
    const server = await startRawServer((s) =>
      trickle(s, Buffer.from([0x16, 0x03, 0x03, 0x40, 0x00, ...Buffer.alloc(64)]), 1000),
    );
    const result = await probe(`https://127.0.0.1:${server.port}/`, {
      timeouts: { tls: 1500, total: 4000 },
    });
    assertDiagnosis(result, 'tls-no-response');
  });

  it('says not-tls for plain HTTP and for garbage', async () => {
    const http = await startRawServer((s) =>
      s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'),
    );
    assertDiagnosis(await probe(`https://127.0.0.1:${http.port}/`), 'not-tls');
    const garbage = await startRawServer((s) =>
      s.end(Buffer.from('\x00\xffgarbage garbage garbage\n', 'latin1')),
    );
    assertDiagnosis(await probe(`https://127.0.0.1:${garbage.port}/`), 'not-tls');
  });

  it('says http-error, in bounded time, when the server completes TLS and then never answers', async () => {
    const server = await mtlsServer('TLSv1.3', { status: null });
    const result = await probe(`https://localhost:${server.port}/`, {
      identity: client,
      trustPem: trust,
      timeouts: { http: 700 },
    });
    assertDiagnosis(result, 'http-error');
  });

  it('handles a 100-certificate chain in bounded time and memory', async () => {
    const fillers = [];
    for (let i = 0; i < 98; i++) fillers.push(await issue({ subject: `CN=Filler ${i}`, ca: true }));
    const server = await mtlsServer('TLSv1.3', {
      cert: pemOf(pki.server, pki.digicertCa, ...fillers),
    });
    const before = process.memoryUsage().heapUsed;
    const result = await probe(`https://localhost:${server.port}/`, {
      identity: client,
      trustPem: trust,
    });
    assertWarning(result, 'server-chain-too-long');
    assert.equal(result.evidence.tls!.chainLength, 100);
    assert.ok(result.evidence.tls!.chainAsSent.length <= 16);
    assert.ok(process.memoryUsage().heapUsed - before < 64 * 1024 * 1024);
  });

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`says server-chain-too-large, not client-cert-required, for a 265 KB chain (${version})`, async () => {
      const filler = await issue({ subject: 'CN=Oversized chain filler', ca: true });
      const copies = Math.ceil((265 * 1024) / filler.certPem.length);
      const server = await mtlsServer(version, {
        cert: pemOf(pki.server, pki.digicertCa) + filler.certPem.repeat(copies),
      });
      const result = await probe(`https://localhost:${server.port}/`, {
        identity: client,
        trustPem: trust,
      });
      assertDiagnosis(result, 'server-chain-too-large');
      const tls = result.steps.find((s) => s.name === 'tls')!;
      assert.equal(tls.status, 'fail');
    });
  }

  it('stops at the total cap and says probe-cancelled, or on an abort signal', async () => {
    const server = await startRawServer(() => undefined);
    const capped = await probe(`https://127.0.0.1:${server.port}/`, {
      timeouts: { tls: 5000, total: 500 },
    });
    assertDiagnosis(capped, 'probe-cancelled');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const progress: string[] = [];
    const cancelled = await probe(`https://127.0.0.1:${server.port}/`, {
      signal: controller.signal,
      onProgress: (p) => progress.push(`${p.step}:${p.status}`),
    });
    assertDiagnosis(cancelled, 'probe-cancelled');
    assert.match(cancelled.steps.at(-1)!.summary, /cancelled/);
    assert.ok(
      progress.includes('tls:running') && progress.includes('tls:fail'),
      progress.join(' '),
    );
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(cancelled)));
  });
});

describe('outbound readiness against misbehaving servers', () => {
  const quick = { connect: 700, handshake: 800, http: 800, total: 4000 };

  it('says not-tls for a server answering garbage, tls-no-response for a silent one, tcp-refused for a closed port, in bounded time', async () => {
    const garbage = await startRawServer((s) => s.end('220 smtp.example.test ESMTP ready\r\n'));
    assertDiagnosis(
      await checkOutboundReadiness({
        host: '127.0.0.1',
        port: garbage.port,
        dns: testDns,
        timeouts: quick,
      }),
      'not-tls',
    );
    const silent = await startRawServer(() => undefined);
    assertDiagnosis(
      await checkOutboundReadiness({
        host: '127.0.0.1',
        port: silent.port,
        dns: testDns,
        timeouts: quick,
      }),
      'tls-no-response',
    );
    const closed = await startRawServer((s) => s.destroy());
    const port = closed.port;
    await closed.close();
    assertDiagnosis(
      await checkOutboundReadiness({ host: '127.0.0.1', port, dns: testDns, timeouts: quick }),
      'tcp-refused',
    );
  });

  it('says dns-not-found for an ISSUER_HOST DNS does not know', async () => {
    assertDiagnosis(
      await checkOutboundReadiness({
        host: 'issuer.missing.test',
        port: 443,
        dns: testDns,
        timeouts: quick,
      }),
      'dns-not-found',
    );
  });

  it('says server-chain-too-long for a 100-certificate chain, in bounded time', async () => {
    const fillers = [];
    for (let i = 0; i < 98; i++) fillers.push(await issue({ subject: `CN=Filler ${i}`, ca: true }));
    const server = await mtlsServer('TLSv1.3', {
      cert: pemOf(pki.server, pki.digicertCa, ...fillers),
    });
    const result = await checkOutboundReadiness({
      host: 'localhost',
      port: server.port,
      clientCaPem: pki.clientCa.certPem,
      trustPem: pki.root.certPem,
      dns: testDns,
      timeouts: quick,
    });
    assertDiagnosis(result, 'server-chain-too-long');
    assert.equal(result.checks.find((c) => c.id === 'server-chain')!.details.chainLength, 100);
  });
});
