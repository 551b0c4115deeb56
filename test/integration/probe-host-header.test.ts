// The HTTP Host header both probes send to an IPv6 literal: "[::1]:PORT", as RFC 7230 requires
// (a bare "::1:PORT" cannot be parsed). Checked on a Node server listening on ::1, which records
// every request it gets; skipped, with the reason printed, on a machine without IPv6 loopback.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createServer, type Server } from 'node:tls';
import { checkOutboundReadiness } from '../../electron/services/probe/outbound.js';
import { createTestPki, pemOf, type TestPki } from '../helpers/tls-pki.js';
import { identityOf, probe, testDns } from '../helpers/tls-probe.js';
import { tempDir } from '../helpers/tmp.js';

let pki: TestPki;
let server: Server | undefined;
let port = 0;
let noIpv6: string | undefined;
const hostHeaders: string[] = [];

before(async () => {
  pki = await createTestPki();
  // Asks for a client certificate but lets a connection without one through, so every probe gets to its HTTP request.
  server = createServer(
    {
      cert: pemOf(pki.server, pki.digicertCa),
      key: pki.server.keyPem,
      ca: pki.clientCa.certPem,
      requestCert: true,
      rejectUnauthorized: false,
    },
    (socket) => {
      socket.on('error', () => undefined);
      let request = '';
      socket.on('data', (chunk: Buffer) => {
        request += chunk.toString('latin1');
        if (!request.includes('\r\n\r\n')) return;
        hostHeaders.push(/^host: *(.*)$/im.exec(request)?.[1]?.trim() ?? '(none)');
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
      });
    },
  );
  server.on('tlsClientError', () => undefined);
  server.listen(0, '::1');
  const error = await Promise.race([
    once(server, 'listening').then(() => null),
    once(server, 'error').then(([e]) => e as NodeJS.ErrnoException),
  ]);
  if (error) {
    noIpv6 = `this machine has no IPv6 loopback (listening on ::1 failed: ${error.code})`;
    server = undefined;
    return;
  }
  port = (server.address() as AddressInfo).port;
});

after(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('Host header for an IPv6 literal', () => {
  it('the outbound check sends Host: [::1]:PORT', async (t) => {
    if (noIpv6) return t.skip(noIpv6);
    hostHeaders.length = 0;
    await checkOutboundReadiness({
      host: '::1',
      port,
      clientCaPem: pki.clientCa.certPem,
      trustPem: pki.root.certPem,
      dns: testDns,
      timeouts: { connect: 2000, handshake: 3000, http: 3000, total: 15_000 },
    });
    assert.ok(hostHeaders.length > 0, 'the server got no HTTP request');
    assert.deepEqual([...new Set(hostHeaders)], [`[::1]:${port}`]);
  });

  it('the inbound probe sends Host: [::1]:PORT', async (t) => {
    if (noIpv6) return t.skip(noIpv6);
    hostHeaders.length = 0;
    await probe(`https://[::1]:${port}/api/`, {
      identity: await identityOf(tempDir(), pki.client),
      trustPem: [pki.root.certPem],
    });
    assert.deepEqual(hostHeaders, [`[::1]:${port}`]);
  });
});
