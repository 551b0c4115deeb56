// What the inbound probe trusts and checks against the program, against Node tls servers on
// loopback: the program's expected CA as the trust (DigiCert for TSH, Amazon for D1, through the
// verified path only), D1's OAuth 2.0 wording, the program's minimum TLS version, and the evidence
// when the raw handshake bytes cannot be read (BoringSSL-safe fallback on getSharedSigalgs()).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cli } from '../helpers/cli.js';
import { createTestPki, issue, pemOf, writePem, type TestPki } from '../helpers/tls-pki.js';
import { startNodeTlsServer } from '../helpers/tls-servers.js';
import {
  assertDiagnosis,
  assertWarning,
  identityOf,
  probe,
  testDns,
} from '../helpers/tls-probe.js';
import { tempDir } from '../helpers/tmp.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { UserError } from '../../electron/services/errors.js';
import type { ClientIdentity } from '../../electron/services/probe/client-identity.js';
import type { InboundProbeResult } from '../../shared/diagnoses.js';

const catalog = ProgramCatalog.load();
const tsh = catalog.get('tsh-classic');
const d1 = catalog.get('d1-ecom');
const dir = tempDir('probe-trust-');
let pki: TestPki;
let client: ClientIdentity;

before(async () => {
  pki = await createTestPki();
  client = await identityOf(dir, pki.client);
});

function server(
  options: {
    chain?: string;
    key?: string;
    version?: 'TLSv1.2' | 'TLSv1.3';
    status?: number;
    requestCert?: boolean;
  } = {},
) {
  const {
    chain = pemOf(pki.server, pki.digicertCa),
    key = pki.server.keyPem,
    version,
    status,
    requestCert = true,
  } = options;
  return startNodeTlsServer({
    cert: chain,
    key,
    ca: pki.clientCa.certPem,
    requestCert,
    rejectUnauthorized: requestCert,
    minVersion: version,
    maxVersion: version,
    status,
  });
}

function stepOf(result: InboundProbeResult, name: string) {
  const step = result.steps.find((s) => s.name === name);
  assert.ok(step, `no ${name} step: ${JSON.stringify(result.steps)}`);
  return step;
}

function expectedCaCheck(result: InboundProbeResult): { ok: boolean; detail: string } {
  const checks = stepOf(result, 'verify').details.checks as Array<{
    check: string;
    ok: boolean;
    detail: string;
  }>;
  return checks.find((c) => c.check === 'expected CA')!;
}

describe('D1: an Amazon CA is the expected CA, and a 401 asks for OAuth 2.0', () => {
  it('passes a chain through "Amazon RSA 2048 M01" (O=Amazon) under the trusted test root', async () => {
    const s = await server({
      chain: pemOf(pki.amazonServer, pki.amazonCa),
      key: pki.amazonServer.keyPem,
    });
    const result = await probe(`https://localhost:${s.port}/d1/`, {
      identity: client,
      trustPem: [pki.root.certPem],
      profile: d1,
    });
    assertDiagnosis(result, 'ok');
    assert.equal(expectedCaCheck(result).ok, true);
    assert.match(stepOf(result, 'verify').summary, /an Amazon CA/);
    // The same chain is not what TSH documents: a warning saying what was found and what to confirm
    // (Thales may change its server CA), not a failure.
    const asTsh = await probe(`https://localhost:${s.port}/d1/`, {
      identity: client,
      trustPem: [pki.root.certPem],
      profile: tsh,
    });
    assertDiagnosis(asTsh, 'ok');
    assertWarning(asTsh, 'unexpected-server-ca');
    const verify = stepOf(asTsh, 'verify');
    assert.equal(verify.status, 'warn');
    assert.match(
      verify.summary,
      /does not come from DigiCert SHA2 High Assurance Server CA, the CA documented for .*: it names CN=Amazon RSA 2048 M01.*confirm with Thales/,
    );
  });

  it('calls a 401 an mTLS pass and says D1 also needs an OAuth 2.0 access token; TSH gets no such words', async () => {
    const s = await server({
      chain: pemOf(pki.amazonServer, pki.amazonCa),
      key: pki.amazonServer.keyPem,
      status: 401,
    });
    const result = await probe(`https://localhost:${s.port}/d1/`, {
      identity: client,
      trustPem: [pki.root.certPem],
      profile: d1,
    });
    assertDiagnosis(result, 'ok');
    const http = stepOf(result, 'http');
    assert.equal(http.status, 'pass');
    assert.match(
      http.summary,
      /mTLS passed.*HTTP 401.*D1 eCom Enablement also requires an OAuth 2\.0 access token/,
    );
    const tshServer = await server({ status: 401 });
    const tshResult = await probe(`https://localhost:${tshServer.port}/`, {
      identity: client,
      trustPem: [pki.root.certPem],
      profile: tsh,
    });
    assertDiagnosis(tshResult, 'ok');
    assert.doesNotMatch(stepOf(tshResult, 'http').summary, /OAuth/);
  });
});

describe("trusting the program's expected CA", () => {
  it('passes when the chain verifies to a given root through "DigiCert SHA2 High Assurance Server CA" (TSH) or an Amazon CA (D1)', async () => {
    const s = await server();
    const result = await probe(`https://localhost:${s.port}/`, {
      identity: client,
      trustPem: [pki.root.certPem],
      trustSource: 'program',
      profile: tsh,
    });
    assertDiagnosis(result, 'ok');
    const verify = stepOf(result, 'verify');
    assert.equal(verify.details.trustSource, 'program');
    assert.match(expectedCaCheck(result).detail, /the verified path runs through it/);
    assert.match(verify.summary, /verifies through DigiCert SHA2 High Assurance Server CA/);
    // Which anchor verified it, and where it came from.
    assert.match(
      String(verify.details.anchor),
      /^CN=mTLS Desk Test Root, O=mTLS Desk Tests \(from the trusted chain you gave/,
    );
    const amazon = await server({
      chain: pemOf(pki.amazonServer, pki.amazonCa),
      key: pki.amazonServer.keyPem,
    });
    assertDiagnosis(
      await probe(`https://localhost:${amazon.port}/`, {
        identity: client,
        trustPem: [pki.root.certPem],
        trustSource: 'program',
        profile: d1,
      }),
      'ok',
    );
  });

  it('warns when the expected CA is only an extra certificate the server sends, not on the verified path', async () => {
    // Leaf from "Some Other Server CA", plus a DigiCert-named certificate that issued nothing here.
    const s = await server({
      chain: pemOf(pki.otherServer, pki.otherCa, pki.digicertCa),
      key: pki.otherServer.keyPem,
    });
    const anchors = [pki.otherRoot.certPem];
    const asChain = await probe(`https://localhost:${s.port}/`, {
      identity: client,
      trustPem: anchors,
      trustSource: 'chain',
      profile: tsh,
    });
    assert.equal(
      expectedCaCheck(asChain).ok,
      true,
      'trusting the given chain, the names anywhere in it count',
    );
    const asProgram = await probe(`https://localhost:${s.port}/`, {
      identity: client,
      trustPem: anchors,
      trustSource: 'program',
      profile: tsh,
    });
    assertWarning(asProgram, 'unexpected-server-ca');
    assert.equal(stepOf(asProgram, 'verify').status, 'warn');
    assert.match(
      stepOf(asProgram, 'verify').summary,
      /does not verify through DigiCert SHA2 High Assurance Server CA/,
    );
  });

  it('is the default with a program and no trust file: the test root is not a system root, so the chain is untrusted', async () => {
    const s = await server();
    const result = await probe(`https://localhost:${s.port}/`, { identity: client, profile: tsh });
    assertDiagnosis(result, 'server-cert-untrusted');
    assert.equal(stepOf(result, 'verify').details.trustSource, 'program');
    const withoutProgram = await probe(`https://localhost:${s.port}/`, { identity: client });
    assertDiagnosis(withoutProgram, 'server-cert-untrusted');
    assert.equal(stepOf(withoutProgram, 'verify').details.trustSource, 'system');
  });

  it("warns, naming the root it needs, when the chain runs through the documented CA to a root not trusted here (TSH's DigiCert EV root)", async () => {
    // A test root with the documented root's name (the real one may be gone from the root store):
    // "DigiCert High Assurance EV Root CA" -> "DigiCert SHA2 High Assurance Server CA" -> leaf.
    const evRoot = await issue({
      subject: 'CN=DigiCert High Assurance EV Root CA, OU=www.digicert.com, O=DigiCert Inc, C=US',
      ca: true,
    });
    const haCa = await issue({
      subject:
        'CN=DigiCert SHA2 High Assurance Server CA, OU=www.digicert.com, O=DigiCert Inc, C=US',
      ca: true,
      issuer: evRoot,
    });
    const leaf = await issue({
      subject: 'CN=api.thales.test',
      issuer: haCa,
      sans: ['localhost', '127.0.0.1', '::1'],
    });
    const s = await server({ chain: pemOf(leaf, haCa), key: leaf.keyPem });
    const url = `https://localhost:${s.port}/`;
    const result = await probe(url, { identity: client, trustSource: 'program', profile: tsh });
    assertDiagnosis(result, 'ok');
    assertWarning(result, 'program-root-unavailable');
    const verify = stepOf(result, 'verify');
    assert.equal(verify.status, 'warn');
    assert.match(
      verify.summary,
      /runs through DigiCert SHA2 High Assurance Server CA as documented for .*TSH.*, up to DigiCert High Assurance EV Root CA, which is not among the roots trusted here \(Mozilla stopped trusting it.*not verified up to a root\. Import the Thales server chain from the portal \(TSH_TLS_SERVER_CERTIFICATE_CHAIN\) or trust DigiCert High Assurance EV Root CA as a CA file/,
    );
    assert.equal(stepOf(result, 'http').status, 'pass');
    // Given that root, it verifies: no warning.
    const trusted = await probe(url, {
      identity: client,
      trustPem: [evRoot.certPem],
      trustSource: 'program',
      profile: tsh,
    });
    assertDiagnosis(trusted, 'ok');
    assert.equal(stepOf(trusted, 'verify').status, 'pass');
    // The same chain under another root name, or trusting the system roots alone, is still untrusted.
    const otherName = await probe(url, { identity: client, trustSource: 'system', profile: tsh });
    assertDiagnosis(otherName, 'server-cert-untrusted');
    // A leaf signed by a certificate that merely claims the documented CA's name fails: its
    // signature does not verify, so no path is built through the documented CA: still a failure.
    const impostorCa = await issue({
      subject:
        'CN=DigiCert SHA2 High Assurance Server CA, OU=www.digicert.com, O=DigiCert Inc, C=US',
      ca: true,
      issuer: evRoot,
    });
    const impostor = await server({ chain: pemOf(leaf, impostorCa), key: leaf.keyPem });
    const refused = await probe(`https://localhost:${impostor.port}/`, {
      identity: client,
      trustSource: 'program',
      profile: tsh,
    });
    assertDiagnosis(refused, 'server-chain-incomplete');
    assert.equal(stepOf(refused, 'verify').status, 'fail');
    assert.ok(!refused.steps.some((step) => step.diagnosis === 'program-root-unavailable'));

    // The command: exit 0 with the warning, naming the root.
    const files = {
      cert: writePem(dir, 'ev-client.pem', pki.client.certPem),
      key: writePem(dir, 'ev-client.key', pki.client.keyPem),
    };
    const run = await cli([
      'probe',
      url,
      '--cert',
      files.cert,
      '--key',
      files.key,
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      '--trust',
      'program',
      '--dns-server',
      testDns.server,
    ]);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout + run.stderr, /DigiCert High Assurance EV Root CA/);
    assert.match(run.stdout + run.stderr, /TSH_TLS_SERVER_CERTIFICATE_CHAIN/);
  });

  it('refuses a program trust without a program, and system trust with a trust file', async () => {
    await assert.rejects(
      probe('https://localhost:1/', { trustSource: 'program' }),
      (e: unknown) => e instanceof UserError && /needs a program/.test(e.message),
    );
    await assert.rejects(
      probe('https://localhost:1/', { trustSource: 'system', trustPem: [pki.root.certPem] }),
      (e: unknown) => e instanceof UserError && /takes no CA file/.test(e.message),
    );
  });
});

describe("the program's minimum TLS version", () => {
  it('says tls-version-too-low from the verify step when the handshake settles below the program minimum', async () => {
    const tls13Only = {
      ...tsh,
      tls: { minVersion: 'TLSv1.3' as const, maxVersion: 'TLSv1.3' as const },
    };
    const s = await server({ version: 'TLSv1.2' });
    const result = await probe(`https://localhost:${s.port}/`, {
      identity: client,
      trustPem: [pki.root.certPem],
      profile: tls13Only,
    });
    assertDiagnosis(result, 'tls-version-too-low');
    assert.equal(stepOf(result, 'tls').status, 'pass');
    const verify = stepOf(result, 'verify');
    assert.equal(verify.diagnosis, 'tls-version-too-low');
    assert.match(verify.summary, /negotiated TLSv1\.2, below TLSv1\.3/);
    // The real TSH profile (TLS 1.2 minimum) accepts the same server.
    assertDiagnosis(
      await probe(`https://localhost:${s.port}/`, {
        identity: client,
        trustPem: [pki.root.certPem],
        profile: tsh,
      }),
      'ok',
    );
  });
});

describe('evidence when the raw handshake bytes are not read (the BoringSSL-safe path)', () => {
  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    for (const requestCert of [true, false]) {
      it(`says whether a client certificate was requested from the shared signature algorithms (${version}, ${requestCert ? 'requested' : 'not requested'})`, async () => {
        const s = await server({ version, requestCert });
        const uncaptured = await probe(`https://localhost:${s.port}/`, {
          identity: client,
          trustPem: [pki.root.certPem],
          captureHandshake: false,
        });
        assertDiagnosis(uncaptured, 'ok');
        const tls = uncaptured.evidence.tls!;
        assert.equal(tls.protocol, version);
        assert.equal(
          tls.chainSource,
          'library',
          'the chain comes from the TLS library, not the bytes',
        );
        assert.equal(tls.acceptableCaNames, null);
        assert.equal(tls.certificateRequested, requestCert);
        assert.equal(tls.signatureAlgorithms.length > 0, requestCert);
        // Read from the bytes, the same connection says the same.
        const captured = await probe(`https://localhost:${s.port}/`, {
          identity: client,
          trustPem: [pki.root.certPem],
        });
        assert.equal(captured.evidence.tls!.chainSource, 'handshake');
        assert.equal(captured.evidence.tls!.certificateRequested, requestCert);
      });
    }
  }
});
