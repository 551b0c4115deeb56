// Name resolution through a DNS responder on 127.0.0.1 (injected resolver): records with their
// TTL, a name DNS does not know, and a host pinned in the hosts file (the real system lookup of
// "localhost" against a DNS that does not know it). Never the network's DNS for a failing name.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { promises as dnsPromises } from 'node:dns';
import { createTestPki, type TestPki } from '../helpers/tls-pki.js';
import { startMtlsServer } from '../helpers/tls-servers.js';
import { startDnsResponder } from '../helpers/tls-dns.js';
import {
  assertDiagnosis,
  assertWarning,
  identityOf,
  probe,
  testDns,
} from '../helpers/tls-probe.js';
import { tempDir } from '../helpers/tmp.js';
import { dnsThroughServer } from '../../electron/services/probe/dns.js';
import type { ClientIdentity } from '../../electron/services/probe/client-identity.js';

const dir = tempDir('probe-dns-');
const emptyZone = await startDnsResponder({ 'other.test': [{ address: '127.0.0.1', ttl: 5 }] });
let pki: TestPki;
let client: ClientIdentity;

before(async () => {
  pki = await createTestPki();
  client = await identityOf(dir, pki.client);
});

function server() {
  return startMtlsServer(pki);
}

describe('name resolution step', () => {
  it('reports every record with its TTL and passes', async () => {
    const s = await server();
    const result = await probe(`https://api.thales.test:${s.port}/`, {
      identity: client,
      trustPem: [pki.root.certPem],
    });
    assertDiagnosis(result, 'ok');
    const dnsStep = result.steps.find((x) => x.name === 'dns')!;
    assert.equal(dnsStep.status, 'pass');
    assert.deepEqual(dnsStep.details.dnsRecords, [{ address: '127.0.0.1', family: 4, ttl: 300 }]);
  });

  it('reports the AAAA record with its own TTL next to the A record', async () => {
    const s = await server();
    const result = await probe(`https://localhost:${s.port}/`, {
      identity: client,
      trustPem: [pki.root.certPem],
    });
    assertDiagnosis(result, 'ok');
    const dnsStep = result.steps.find((x) => x.name === 'dns')!;
    assert.deepEqual(dnsStep.details.dnsRecords, [
      { address: '127.0.0.1', family: 4, ttl: 60 },
      { address: '::1', family: 6, ttl: 90 },
    ]);
    assert.match(dnsStep.summary, /127\.0\.0\.1 \(TTL 60 s\), ::1 \(TTL 90 s\)/);
  });

  it('says dns-not-found for a name DNS does not know', async () => {
    const result = await probe('https://missing.thales.test/', { dns: testDns });
    assertDiagnosis(result, 'dns-not-found');
    assert.match(result.steps.at(-1)!.summary, /ENOTFOUND|NOTFOUND/);
  });

  it('warns dns-hosts-file-pin when the system resolver knows what DNS does not', async () => {
    const s = await server();
    const pinned = {
      resolver: dnsThroughServer(emptyZone.server).resolver,
      lookup: (host: string) => dnsPromises.lookup(host, { all: true, family: 4 }),
    };
    const result = await probe(`https://localhost:${s.port}/`, {
      identity: client,
      trustPem: [pki.root.certPem],
      dns: pinned,
    });
    assertWarning(result, 'dns-hosts-file-pin');
    assertDiagnosis(result, 'ok');
    assert.deepEqual(result.steps.find((x) => x.name === 'dns')!.details.systemResolver, [
      '127.0.0.1',
    ]);
    assert.ok(
      emptyZone.queries.includes('localhost/A'),
      'DNS was asked through the loopback responder',
    );
  });

  it('says dns-not-found, in bounded time, when no DNS server answers', async () => {
    const deaf = dnsThroughServer('127.0.0.1:9', 300);
    const result = await probe('https://nobody.thales.test/', {
      dns: deaf,
      timeouts: { dns: 800 },
    });
    assertDiagnosis(result, 'dns-not-found');
  });
});
