// A server under a private root that is not trusted here is its own finding (server-root-untrusted,
// fixed with the tester's "Trust a CA file…"), not "Server chain incomplete": against real TLS
// servers on loopback (openssl s_server and Node) whose chain ends in a private root, versus a
// server that genuinely leaves its intermediate out.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DIAGNOSES, fixFor } from '../../shared/diagnoses.js';
import type { ClientIdentity } from '../../electron/services/probe/client-identity.js';
import {
  createTestPki,
  issue,
  pemOf,
  SERVER_NAMES,
  writePem,
  type TestCert,
  type TestPki,
} from '../helpers/tls-pki.js';
import { assertDiagnosis, identityOf, probe } from '../helpers/tls-probe.js';
import { startNodeTlsServer, startOpensslServer } from '../helpers/tls-servers.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('probe-private-root-');
let pki: TestPki;
let client: ClientIdentity;
let privateRoot: TestCert;
let privateCa: TestCert;
let leaf: TestCert;

before(async () => {
  pki = await createTestPki();
  client = await identityOf(dir, pki.client);
  privateRoot = await issue({ subject: 'CN=Acme Private Root, O=Acme', ca: true });
  privateCa = await issue({ subject: 'CN=Acme Issuing CA, O=Acme', ca: true, issuer: privateRoot });
  leaf = await issue({ subject: 'CN=api.acme.test', issuer: privateCa, sans: SERVER_NAMES });
});

function verifyStep(result: Awaited<ReturnType<typeof probe>>) {
  return result.steps.find((s) => s.name === 'verify')!;
}

describe('a server whose chain ends in a private root', () => {
  it('openssl s_server sending leaf, issuing CA and private root: server-root-untrusted, fixed by trusting the root', async () => {
    const server = await startOpensslServer([
      '-cert',
      writePem(dir, 'leaf.pem', leaf.certPem),
      '-key',
      writePem(dir, 'leaf.key', leaf.keyPem),
      '-cert_chain',
      writePem(dir, 'chain.pem', pemOf(privateCa, privateRoot)),
    ]);
    const url = `https://localhost:${server.port}/`;
    const untrusted = await probe(url, { identity: client });
    assertDiagnosis(untrusted, 'server-root-untrusted');
    assert.equal(untrusted.evidence.tls!.chainLength, 3);
    assert.equal(verifyStep(untrusted).status, 'fail');
    assert.equal(untrusted.diagnosis.title, DIAGNOSES['server-root-untrusted'].title);
    assert.notEqual(untrusted.diagnosis.title, DIAGNOSES['server-chain-incomplete'].title);
    // Its fix on the tester is the control the tester has.
    assert.match(fixFor('server-root-untrusted', 'tester', 'inbound'), /Trust a CA file…/);
    // Another root given does not help; the private root does.
    const other = await probe(url, { identity: client, trustPem: [pki.otherRoot.certPem] });
    assertDiagnosis(other, 'server-root-untrusted');
    const trusted = await probe(url, { identity: client, trustPem: [privateRoot.certPem] });
    assert.equal(verifyStep(trusted).status, 'pass', JSON.stringify(verifyStep(trusted)));
  });

  it('a Node server sending a leaf straight from the private root, with the root', async () => {
    const direct = await issue({
      subject: 'CN=api.acme.test',
      issuer: privateRoot,
      sans: SERVER_NAMES,
    });
    const server = await startNodeTlsServer({
      cert: pemOf(direct, privateRoot),
      key: direct.keyPem,
      minVersion: 'TLSv1.3',
    });
    const result = await probe(`https://localhost:${server.port}/`, { identity: client });
    assertDiagnosis(result, 'server-root-untrusted');
    assert.equal(result.evidence.tls!.chainLength, 2);
  });

  it('a chain with a gap stays server-chain-incomplete: the leaf alone, its issuing CA left out', async () => {
    const server = await startOpensslServer([
      '-cert',
      writePem(dir, 'leaf-alone.pem', leaf.certPem),
      '-key',
      writePem(dir, 'leaf-alone.key', leaf.keyPem),
    ]);
    const result = await probe(`https://localhost:${server.port}/`, {
      identity: client,
      trustPem: [privateRoot.certPem],
    });
    assertDiagnosis(result, 'server-chain-incomplete');
    assert.equal(result.evidence.tls!.chainLength, 1);
    // The same gap with the root sent after it (leaf, then root: its issuer missing) is no whole chain.
    const gap = await startOpensslServer([
      '-cert',
      writePem(dir, 'leaf-gap.pem', leaf.certPem),
      '-key',
      writePem(dir, 'leaf-gap.key', leaf.keyPem),
      '-cert_chain',
      writePem(dir, 'gap-chain.pem', privateRoot.certPem),
    ]);
    const gapped = await probe(`https://localhost:${gap.port}/`, { identity: client });
    assert.notEqual(gapped.diagnosis.id, 'server-root-untrusted', gapped.diagnosis.id);
  });
});
