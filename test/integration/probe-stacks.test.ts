// The same scenarios against TLS stacks that are not OpenSSL: a Java JSSE server (SSLServerSocket,
// setNeedClientAuth) and a Go crypto/tls server (RequireAndVerifyClientCert), both built and
// started by the tests on loopback (test/helpers/stack-servers.ts). Each stack sends its own alerts
// at its own moments; every scenario must still reach its specific diagnosis.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestPki, pemOf, writePem, type TestPki } from '../helpers/tls-pki.js';
import {
  startStackServer,
  type ListenerSpec,
  type StackKind,
  type StackServer,
} from '../helpers/stack-servers.js';
import {
  assertDiagnosis,
  assertWarning,
  identityOf,
  probe,
  testDns,
} from '../helpers/tls-probe.js';
import { tempDir } from '../helpers/tmp.js';
import { startRawServer } from '../helpers/tls-servers.js';
import { checkOutboundReadiness } from '../../electron/services/probe/outbound.js';
import type { InboundProbeResult } from '../../shared/diagnoses.js';

const dir = tempDir('probe-stacks-');
const KINDS: StackKind[] = ['jsse', 'go'];
// Started at the top level: the servers live for the whole file (an `after` registered inside a
// `before` hook would stop them as soon as the hook ends).
const pki: TestPki = await createTestPki();
const servers = new Map<StackKind, StackServer>();
{
  const file = (name: string, text: string) => writePem(dir, name, text);
  const full = file('full.pem', pemOf(pki.server, pki.digicertCa));
  const key = file('server.key', pki.server.keyPem);
  const clientCa = file('client-ca.pem', pki.clientCa.certPem);
  const base = { certPath: full, keyPath: key, caPath: clientCa, auth: 'require' } as const;
  const listeners: ListenerSpec[] = [
    { ...base, name: 'both', min: '1.2', max: '1.3' },
    { ...base, name: 'tls12', min: '1.2', max: '1.2' },
    { ...base, name: 'tls13', min: '1.3', max: '1.3' },
    {
      ...base,
      name: 'leaf-only',
      certPath: file('leaf.pem', pki.server.certPem),
      min: '1.2',
      max: '1.3',
    },
    {
      ...base,
      name: 'expired',
      certPath: file('expired.pem', pemOf(pki.expiredServer, pki.digicertCa)),
      keyPath: file('expired.key', pki.expiredServer.keyPem),
      min: '1.2',
      max: '1.3',
    },
    {
      ...base,
      name: 'wrong-name',
      certPath: file('wrong.pem', pemOf(pki.wrongNameServer, pki.digicertCa)),
      keyPath: file('wrong.key', pki.wrongNameServer.keyPem),
      min: '1.2',
      max: '1.3',
    },
    { ...base, name: 'legacy-only', min: '1.0', max: '1.1' },
    { ...base, name: 'legacy-too', min: '1.0', max: '1.3' },
    { ...base, name: 'optional', auth: 'optional', min: '1.2', max: '1.3' },
    {
      ...base,
      name: 'other-ca',
      caPath: file('other-ca.pem', pki.otherRoot.certPem),
      min: '1.2',
      max: '1.3',
    },
  ];
  listeners.push({
    ...base,
    // Go only: TLS 1.2 with RC4 alone, a suite neither Node nor the raw hello offers.
    name: 'no-common-cipher',
    min: '1.2',
    max: '1.2',
    ciphers: '0xc007',
  });
  const started = await Promise.all(
    KINDS.map((kind) =>
      startStackServer(
        kind,
        dir,
        listeners.filter((l) => kind === 'go' || !l.ciphers),
      ),
    ),
  );
  for (const server of started) servers.set(server.kind, server);
}

function url(kind: StackKind, listener: string): string {
  return `https://localhost:${servers.get(kind)!.ports[listener]}/api/`;
}

async function inbound(
  kind: StackKind,
  listener: string,
  client: 'good' | 'none' | 'foreign' | 'expired',
  captureHandshake = true,
): Promise<InboundProbeResult> {
  const cert = {
    good: pki.client,
    none: undefined,
    foreign: pki.foreignClient,
    expired: pki.expiredClient,
  }[client];
  return probe(url(kind, listener), {
    identity: cert ? await identityOf(dir, cert) : undefined,
    trustPem: [pki.root.certPem],
    captureHandshake,
  });
}

for (const kind of KINDS) {
  describe(`inbound probe against a ${kind} server`, () => {
    for (const listener of ['tls12', 'tls13']) {
      it(`passes with the trusted client certificate (${kind}, ${listener})`, async () => {
        const result = await inbound(kind, listener, 'good');
        assertDiagnosis(result, 'ok');
        assert.equal(result.evidence.tls!.protocol, listener === 'tls12' ? 'TLSv1.2' : 'TLSv1.3');
        assert.deepEqual(result.evidence.tls!.acceptableCaNames, [
          'CN=Test Thales Client CA, O=Thales Tests',
        ]);
      });

      it(`says client-cert-required without a certificate (${kind}, ${listener})`, async () => {
        const result = await inbound(kind, listener, 'none');
        assertDiagnosis(result, 'client-cert-required');
        // Neither stack says certificate_required (116) as OpenSSL does on TLS 1.3: both say
        // bad_certificate (42), on TLS 1.3 after our side finished the handshake.
        // (On TLS 1.3 the server's close can reset the connection before its alert is read.)
        const alert = result.evidence.tls!.alert?.number;
        if (listener === 'tls12') assert.equal(alert, 42);
        else assert.ok(alert === undefined || alert === 42, `alert ${alert}`);
        assert.equal(result.evidence.tls!.certificateRequested, true);
        const failed = result.steps.find((s) => s.status === 'fail')!;
        assert.equal(failed.name, listener === 'tls12' ? 'tls' : 'http');
        assert.match(String(failed.details.observed), /no certificate sent/);
      });

      it(`says client-cert-not-trusted for a foreign certificate (${kind}, ${listener})`, async () => {
        const result = await inbound(kind, listener, 'foreign');
        assertDiagnosis(result, 'client-cert-not-trusted');
        // JSSE says certificate_unknown (46), Go bad_certificate (42) (on TLS 1.3 a reset may
        // overtake it); OpenSSL would say unknown_ca (48).
        const alert = result.evidence.tls!.alert?.number;
        assert.ok(alert === undefined || alert === (kind === 'jsse' ? 46 : 42), `alert ${alert}`);
        const failed = result.steps.find((s) => s.status === 'fail')!;
        assert.match(String(failed.details.observed), /our certificate sent/);
        // The CertificateRequest named the CAs it accepts: ours is not one of them.
        assert.match(
          failed.summary,
          /its issuer is not among the 1 CA name\(s\) the server accepts/,
        );
      });

      it(`says client-cert-expired for an expired certificate (${kind}, ${listener})`, async () => {
        const result = await inbound(kind, listener, 'expired');
        assertDiagnosis(result, 'client-cert-expired');
        // Never certificate_expired (45): the diagnosis comes from our certificate's dates.
        assert.notEqual(result.evidence.tls!.alert?.number, 45);
      });
    }

    it(`says server-chain-incomplete when the intermediate is not sent (${kind})`, async () => {
      const result = await inbound(kind, 'leaf-only', 'good');
      assertDiagnosis(result, 'server-chain-incomplete');
    });

    it(`says server-cert-expired (${kind})`, async () => {
      const result = await inbound(kind, 'expired', 'good');
      assertDiagnosis(result, 'server-cert-expired');
    });

    it(`says server-hostname-mismatch (${kind})`, async () => {
      const result = await inbound(kind, 'wrong-name', 'good');
      assertDiagnosis(result, 'server-hostname-mismatch');
    });

    it(`says tls-version-too-low against a TLS 1.0/1.1-only server (${kind})`, async () => {
      const result = await inbound(kind, 'legacy-only', 'good');
      assertDiagnosis(result, 'tls-version-too-low');
      const tls = result.steps.find((s) => s.name === 'tls')!;
      // Both answer protocol_version (70) to our 1.2/1.3 hello; the raw 1.0/1.1 hellos say more.
      assert.equal(result.evidence.tls!.alert?.number, 70);
      assert.match(tls.summary, /accepts TLSv1 and TLSv1\.1/);
      assert.match(String(tls.details.observed), /no server handshake message/);
      assert.deepEqual(tls.details.legacyVersionsAccepted, ['TLSv1', 'TLSv1.1']);
    });
  });

  describe(`outbound readiness against a ${kind} server`, () => {
    const readiness = (listener: string) =>
      checkOutboundReadiness({
        host: 'localhost',
        port: servers.get(kind)!.ports[listener],
        clientCaPem: pki.clientCa.certPem,
        trustPem: pki.root.certPem,
        dns: testDns,
        timeouts: { connect: 2000, handshake: 4000, http: 4000, total: 20_000 },
      });

    it(`passes a server that requires a certificate from the Thales Client CA (${kind})`, async () => {
      const result = await readiness('both');
      assertDiagnosis(result, 'ok');
      assertWarning(result, 'port-unusual');
      for (const check of result.checks)
        if (check.id !== 'port') assert.equal(check.status, 'pass', JSON.stringify(check));
    });

    it(`says mtls-not-enforced when the certificate is optional (${kind})`, async () => {
      const result = await readiness('optional');
      assertDiagnosis(result, 'mtls-not-enforced');
      assert.equal(result.checks.find((c) => c.id === 'foreign-client-rejected')!.status, 'pass');
    });

    it(`says client-ca-not-listed when the server trusts another CA (${kind})`, async () => {
      const result = await readiness('other-ca');
      assertDiagnosis(result, 'client-ca-not-listed');
    });

    it(`says tls-legacy-accepted when TLS 1.0 and 1.1 are enabled (${kind})`, async () => {
      const result = await readiness('legacy-too');
      assertDiagnosis(result, 'tls-legacy-accepted');
      const versions = result.checks.find((c) => c.id === 'tls-versions')!;
      assert.deepEqual(versions.details.accepted, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    });
  });
}

for (const kind of KINDS) {
  // Where the handshake bytes are not read (the evidence then comes from the TLS library alone,
  // as BoringSSL gives it), the alert in the error and the shared signature algorithms suffice.
  describe(`inbound probe against a ${kind} server from the TLS library's evidence alone`, () => {
    const cases = [
      ['tls12', 'none', 'client-cert-required'],
      ['tls12', 'foreign', 'client-cert-not-trusted'],
      ['tls12', 'expired', 'client-cert-expired'],
      ['tls13', 'none', 'client-cert-required'],
      ['tls13', 'foreign', 'client-cert-not-trusted'],
      ['tls13', 'expired', 'client-cert-expired'],
      ['legacy-only', 'good', 'tls-version-too-low'],
    ] as const;
    for (const [listener, client, id] of cases)
      it(`says ${id} (${kind}, ${listener}, ${client} client certificate)`, async () => {
        const result = await inbound(kind, listener, client, false);
        assert.equal(result.evidence.tls!.chainSource === 'handshake', false);
        assert.equal(result.diagnosis.id, id, JSON.stringify(result.steps.at(-1)));
      });
  });
}

describe('a Go server that shares no cipher suite', () => {
  it('says tls-no-common-cipher inbound and outbound', async () => {
    const port = servers.get('go')!.ports['no-common-cipher'];
    const inboundResult = await probe(`https://localhost:${port}/`, {
      identity: await identityOf(dir, pki.client),
      trustPem: [pki.root.certPem],
    });
    assertDiagnosis(inboundResult, 'tls-no-common-cipher');
    assert.equal(inboundResult.evidence.tls!.alert?.number, 40);
    const outbound = await checkOutboundReadiness({
      host: 'localhost',
      port,
      clientCaPem: pki.clientCa.certPem,
      trustPem: pki.root.certPem,
      dns: testDns,
      timeouts: { connect: 2000, handshake: 4000, http: 4000, total: 20_000 },
    });
    const versions = outbound.checks.find((c) => c.id === 'tls-versions')!;
    assert.equal(versions.diagnosis, 'tls-no-common-cipher', JSON.stringify(versions));
  });
});

describe('evidence that names no cause', () => {
  it('says tls-handshake-failed for an internal_error alert before any ServerHello, and says what was seen', async () => {
    const server = await startRawServer((socket) => {
      socket.once('data', () => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 80])));
    });
    const result = await probe(`https://localhost:${server.port}/`, {
      trustPem: [pki.root.certPem],
    });
    assertDiagnosis(result, 'tls-handshake-failed');
    const tls = result.steps.find((s) => s.name === 'tls')!;
    assert.match(tls.summary, /no server handshake message/);
    assert.match(tls.summary, /alert 80 \(internal_error\)/);
    assert.match(tls.summary, /7 bytes received/);
  });
});
