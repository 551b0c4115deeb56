// Inbound probe against `openssl s_server -Verify 1` (an OpenSSL peer sends real TLS alerts:
// 40/116 for a missing certificate, 48 for an unknown CA, 45 for an expired one), TLS 1.2 and 1.3,
// with a few verdicts cross-checked against `openssl s_client` run in the same test.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createTestPki, writePem, type TestCert, type TestPki } from '../helpers/tls-pki.js';
import { startOpensslServer } from '../helpers/tls-servers.js';
import { assertDiagnosis, identityOf, probe, testDns } from '../helpers/tls-probe.js';
import { checkOutboundReadiness } from '../../electron/services/probe/outbound.js';
import { run } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { ProgramCatalog } from '../../electron/services/programs.js';

const dir = tempDir('probe-openssl-');
const tsh = ProgramCatalog.load().get('tsh-classic');
let pki: TestPki;
let files: Record<string, string>;

before(async () => {
  pki = await createTestPki();
  files = {
    leaf: writePem(dir, 'leaf.pem', pki.server.certPem),
    intermediate: writePem(dir, 'intermediate.pem', pki.digicertCa.certPem),
    key: writePem(dir, 'server.key', pki.server.keyPem),
    clientCa: writePem(dir, 'client-ca.pem', pki.clientCa.certPem),
    root: writePem(dir, 'root.pem', pki.root.certPem),
  };
});

function sServer(version: 'tls1_2' | 'tls1_3', extra: string[] = []) {
  return startOpensslServer([
    '-cert',
    files.leaf,
    '-cert_chain',
    files.intermediate,
    '-key',
    files.key,
    '-Verify',
    '1',
    '-verify_return_error',
    '-CAfile',
    files.clientCa,
    `-${version}`,
    ...extra,
  ]);
}

/** What `openssl s_client` prints when it sends an HTTP request with the same client identity. */
function sClient(port: number, version: 'tls1_2' | 'tls1_3', cert?: TestCert): string {
  const identity = cert
    ? [
        '-cert',
        writePem(dir, `${cert.name.replace(/\W+/g, '_')}-${port}.crt`, cert.certPem),
        '-key',
        writePem(dir, `${cert.name.replace(/\W+/g, '_')}-${port}.key`, cert.keyPem),
      ]
    : [];
  const result = run(
    'openssl',
    [
      's_client',
      '-connect',
      `127.0.0.1:${port}`,
      '-servername',
      'localhost',
      `-${version}`,
      '-CAfile',
      files.root,
      '-ign_eof',
      ...identity,
    ],
    { input: Buffer.from('GET / HTTP/1.0\r\n\r\n'), timeoutMs: 10_000 },
  );
  return result.stdout + result.stderr;
}

describe('inbound probe against openssl s_server -Verify 1', () => {
  for (const version of ['tls1_2', 'tls1_3'] as const) {
    const label = version === 'tls1_2' ? 'TLS 1.2' : 'TLS 1.3';

    it(`passes with the trusted client certificate (${label}), as s_client does`, async () => {
      const server = await sServer(version);
      const result = await probe(`https://localhost:${server.port}/`, {
        identity: await identityOf(dir, pki.client),
        trustPem: [pki.root.certPem],
        profile: tsh,
      });
      assertDiagnosis(result, 'ok');
      assert.equal(result.steps.find((s) => s.name === 'http')!.details.status, 200);
      assert.match(sClient(server.port, version, pki.client), /HTTP\/1\.0 200 ok/);
    });

    it(`says client-cert-required without a certificate (${label}), matching s_client's alert`, async () => {
      const server = await sServer(version);
      const result = await probe(`https://localhost:${server.port}/`, {
        trustPem: [pki.root.certPem],
      });
      assertDiagnosis(result, 'client-cert-required');
      const alert = result.evidence.tls!.alert;
      const stepDetails = JSON.stringify(result.steps.at(-1)!.details);
      if (version === 'tls1_3') {
        // The handshake "succeeds"; the rejection comes after it: the probe must not stop there.
        assert.equal(result.steps.find((s) => s.name === 'tls')!.status, 'pass');
        assert.equal(alert?.number, 116, stepDetails);
        assert.match(sClient(server.port, version), /alert certificate required|alert number 116/);
      } else {
        assert.equal(alert?.number, 40, stepDetails);
        assert.equal(result.evidence.tls!.certificateRequested, true);
        assert.match(sClient(server.port, version), /alert handshake failure|alert number 40/);
      }
    });

    it(`says client-cert-not-trusted for an unknown CA (${label}), matching s_client's alert 48`, async () => {
      const server = await sServer(version);
      const result = await probe(`https://localhost:${server.port}/`, {
        identity: await identityOf(dir, pki.foreignClient),
        trustPem: [pki.root.certPem],
      });
      assertDiagnosis(result, 'client-cert-not-trusted');
      assert.equal(result.evidence.tls!.alert?.number, 48);
      assert.match(
        sClient(server.port, version, pki.foreignClient),
        /alert unknown ca|alert number 48/,
      );
    });

    it(`says client-cert-expired from the server's alert 45 (${label})`, async () => {
      const server = await sServer(version);
      const result = await probe(`https://localhost:${server.port}/`, {
        identity: await identityOf(dir, pki.expiredClient),
        trustPem: [pki.root.certPem],
      });
      assertDiagnosis(result, 'client-cert-expired');
      assert.equal(result.evidence.tls!.alert?.number, 45);
    });
  }

  it('says tls-version-too-low against a TLS 1.1-only server', async () => {
    const server = await startOpensslServer([
      '-cert',
      files.leaf,
      '-cert_chain',
      files.intermediate,
      '-key',
      files.key,
      '-tls1_1',
      '-cipher',
      'DEFAULT@SECLEVEL=0',
    ]);
    const result = await probe(`https://localhost:${server.port}/`, {
      trustPem: [pki.root.certPem],
    });
    assertDiagnosis(result, 'tls-version-too-low');
  });

  it('says tls-no-common-cipher when no cipher suite is shared', async () => {
    const server = await startOpensslServer([
      '-cert',
      files.leaf,
      '-cert_chain',
      files.intermediate,
      '-key',
      files.key,
      '-tls1_2',
      '-cipher',
      'AES128-SHA256',
    ]);
    const result = await probe(`https://localhost:${server.port}/`, {
      trustPem: [pki.root.certPem],
    });
    assertDiagnosis(result, 'tls-no-common-cipher');
    assert.equal(result.evidence.tls!.alert?.number, 40);
  });
});

describe('outbound readiness against openssl s_server', () => {
  it('says tls-legacy-accepted when the server still takes TLS 1.0 and 1.1', async () => {
    const server = await startOpensslServer([
      '-cert',
      files.leaf,
      '-cert_chain',
      files.intermediate,
      '-key',
      files.key,
      '-Verify',
      '1',
      '-verify_return_error',
      '-CAfile',
      files.clientCa,
      '-min_protocol',
      'TLSv1',
      '-cipher',
      'DEFAULT@SECLEVEL=0',
    ]);
    const result = await checkOutboundReadiness({
      host: 'localhost',
      port: server.port,
      clientCaPem: pki.clientCa.certPem,
      trustPem: pki.root.certPem,
      dns: testDns,
      timeouts: { connect: 2000, handshake: 3000, http: 3000, total: 15_000 },
    });
    assertDiagnosis(result, 'tls-legacy-accepted');
    const versions = result.checks.find((c) => c.id === 'tls-versions')!;
    assert.deepEqual(versions.details.accepted, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    // The other checks still pass: the alerts of an OpenSSL server count as refusals.
    for (const id of [
      'client-cert-required',
      'foreign-client-rejected',
      'client-ca-listed',
      'server-chain',
    ]) {
      assert.equal(result.checks.find((c) => c.id === id)!.status, 'pass', id);
    }
  });
});
